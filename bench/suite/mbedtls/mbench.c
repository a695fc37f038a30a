/* mbedtls benchmark driver (bench/suite/suite.py): SHA-256, SHA-512 and MD5 over a generated
 * buffer, AES-256-CBC encryption and decryption of it, and bignum modular exponentiation;
 * argv[1] scales the work (passes over a 16 KiB buffer). Prints digests, so every build must agree bit for bit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mbedtls/aes.h"
#include "mbedtls/bignum.h"
#include "mbedtls/md5.h"
#include "mbedtls/sha256.h"
#include "mbedtls/sha512.h"

static void hex(const char *what, const unsigned char *d, size_t n)
{
    printf("%s ", what);
    for (size_t i = 0; i < n; i++) printf("%02x", d[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1) scale = 1;
    size_t n = 16 * 1024;
    unsigned char *buf = malloc(n), *out = malloc(n), out2[64];
    unsigned lcg = 12345;
    for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)((lcg = lcg * 1103515245u + 12345u) >> 24);

    for (int r = 0; r < scale; r++) {
        mbedtls_sha256_ret(buf, n, out2, 0);
        buf[r % n] ^= out2[0];
    }
    hex("sha256", out2, 32);
    for (int r = 0; r < scale; r++) {
        mbedtls_sha512_ret(buf, n / 2, out2, 0);
        buf[(r * 7) % n] ^= out2[1];
    }
    hex("sha512", out2, 64);
    mbedtls_md5_ret(buf, n, out2);
    hex("md5", out2, 16);

    mbedtls_aes_context enc, dec;
    unsigned char key[32], iv[16], iv2[16];
    memcpy(key, out2, 16);
    memcpy(key + 16, buf, 16);
    mbedtls_aes_init(&enc);
    mbedtls_aes_init(&dec);
    mbedtls_aes_setkey_enc(&enc, key, 256);
    mbedtls_aes_setkey_dec(&dec, key, 256);
    for (int r = 0; r < scale; r++) {
        memset(iv, r, sizeof iv);
        memcpy(iv2, iv, sizeof iv);
        mbedtls_aes_crypt_cbc(&enc, MBEDTLS_AES_ENCRYPT, n / 4, iv, buf, out);
        mbedtls_aes_crypt_cbc(&dec, MBEDTLS_AES_DECRYPT, n / 4, iv2, out, out + n / 2);
        if (memcmp(out + n / 2, buf, n / 4)) {
            printf("aes: round trip FAILED\n");
            return 1;
        }
        memcpy(buf, out, 16);
    }
    mbedtls_sha256_ret(out, n / 4, out2, 0);
    hex("aes-256-cbc sha256", out2, 32);

    mbedtls_mpi a, e, m, x;
    mbedtls_mpi_init(&a);
    mbedtls_mpi_init(&e);
    mbedtls_mpi_init(&m);
    mbedtls_mpi_init(&x);
    mbedtls_mpi_read_binary(&m, buf + 100, 128); /* a 1024-bit odd modulus */
    mbedtls_mpi_set_bit(&m, 0, 1);
    mbedtls_mpi_set_bit(&m, 1023, 1);
    mbedtls_mpi_read_binary(&a, buf + 300, 120);
    mbedtls_mpi_read_binary(&e, buf + 500, 128);
    for (int r = 0; r < (scale + 3) / 4; r++) {
        if (mbedtls_mpi_exp_mod(&x, &a, &e, &m, NULL)) {
            printf("exp_mod FAILED\n");
            return 1;
        }
        mbedtls_mpi_copy(&a, &x);
    }
    unsigned char big[128];
    mbedtls_mpi_write_binary(&x, big, sizeof big);
    hex("exp_mod", big, sizeof big);
    return 0;
}
