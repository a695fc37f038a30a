/* zlib benchmark driver (bench/suite/suite.py): deflates the input file at levels 1, 6 and 9,
 * inflates each result back, checks the round trip and prints sizes and checksums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "suite_io.h"
#include "zlib.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: zbench FILE\n");
        return 2;
    }
    size_t n;
    unsigned char *in = suite_read_file(argv[1], &n);
    if (!in) return 1;
    printf("input %lu bytes, adler32 %08lx, crc32 %08lx\n", (unsigned long)n, adler32(1, in, (uInt)n),
           crc32(0, in, (uInt)n));
    static const int levels[] = {1, 6, 9};
    uLongf zcap = compressBound((uLong)n);
    unsigned char *z = malloc(zcap), *back = malloc(n + 1);
    for (unsigned i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        uLongf zn = zcap, bn = (uLongf)n + 1;
        if (compress2(z, &zn, in, (uLong)n, levels[i]) != Z_OK || uncompress(back, &bn, z, zn) != Z_OK ||
            bn != n || memcmp(back, in, n)) {
            printf("level %d: round trip FAILED\n", levels[i]);
            return 1;
        }
        printf("level %d: %lu bytes, crc32 %08lx\n", levels[i], (unsigned long)zn, crc32(0, z, (uInt)zn));
    }
    return 0;
}
