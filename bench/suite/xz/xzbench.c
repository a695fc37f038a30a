/* liblzma benchmark driver (bench/suite/suite.py): compresses the input file into the .xz
 * format at presets 1 and 2 (CRC64 check), decompresses each result back, checks the round
 * trip and prints sizes and checksums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suite_io.h"
#include "lzma.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xzbench FILE\n");
        return 2;
    }
    size_t n;
    unsigned char *in = suite_read_file(argv[1], &n);
    if (!in) return 1;
    printf("input %lu bytes, crc64 %016llx\n", (unsigned long)n, (unsigned long long)lzma_crc64(in, n, 0));
    size_t zcap = lzma_stream_buffer_bound(n);
    unsigned char *z = malloc(zcap), *back = malloc(n + 1);
    static const unsigned presets[] = {1, 2}; /* encoders of 9 and 17 MiB: the RV32 heap is 47 MiB */
    for (unsigned i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        size_t zn = 0, in_pos = 0, bn = 0;
        uint64_t memlimit = UINT64_MAX;
        if (lzma_easy_buffer_encode(presets[i], LZMA_CHECK_CRC64, NULL, in, n, z, &zn, zcap) != LZMA_OK ||
            lzma_stream_buffer_decode(&memlimit, 0, NULL, z, &in_pos, zn, back, &bn, n + 1) != LZMA_OK ||
            bn != n || memcmp(back, in, n)) {
            printf("preset %u: round trip FAILED\n", presets[i]);
            return 1;
        }
        printf("preset %u: %lu bytes, crc32 %08lx\n", presets[i], (unsigned long)zn,
               (unsigned long)lzma_crc32(z, zn, 0));
    }
    return 0;
}
