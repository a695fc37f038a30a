/* String and memory functions of libc, checked through their printed results. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char a[128], b[128];
    const char *s = "The quick brown fox jumps over the lazy dog";
    printf("strlen %zu %zu %zu\n", strlen(s), strlen(""), strlen(s + 40));
    printf("strcmp %d %d %d %d\n", strcmp("abc", "abc") == 0, strcmp("abc", "abd") < 0,
           strcmp("b", "abc") > 0, strcmp("", "a") < 0);
    printf("strncmp %d %d\n", strncmp("abcdef", "abcxyz", 3), strncmp("abc", "abd", 3) < 0);
    printf("strchr %td strrchr %td strstr %td\n", strchr(s, 'q') - s, strrchr(s, 'o') - s,
           strstr(s, "lazy") - s);
    printf("strchr-nul %td missing %p\n", strchr(s, '\0') - s, (void *)strchr(s, '#'));
    printf("strspn %zu strcspn %zu\n", strspn("aabbcxyz", "abc"), strcspn(s, "xyz"));
    for (int align = 0; align < 8; align++) {
        memset(a, '.', sizeof a);
        memcpy(a + align, s, 20 + align);
        a[40 + align] = 0;
        printf("memcpy %d [%.*s]\n", align, 20 + align, a + align);
    }
    strcpy(b, "0123456789abcdefghij");
    memmove(b + 3, b, 10);
    printf("memmove up [%s]\n", b);
    strcpy(b, "0123456789abcdefghij");
    memmove(b, b + 5, 10);
    printf("memmove down [%s]\n", b);
    memset(a, 0x5a, 100);
    memset(a + 3, 0, 37);
    int zeros = 0;
    for (int i = 0; i < 100; i++) zeros += a[i] == 0;
    printf("memset zeros %d memcmp %d %d\n", zeros, memcmp(a, a + 50, 10) != 0,
           memcmp("abc", "abd", 3) < 0);
    strcpy(a, "foo");
    strcat(a, "bar");
    const char *more = "bazqux";
    volatile size_t three = 3;
    strncat(a, more, three);
    printf("strcat [%s]\n", a);
    const char *nums[] = {"0", "-17", "+42", "  123abc", "0x1F", "077", "2147483647",
                          "2147483648", "-2147483649", "zz"};
    for (int i = 0; i < 10; i++) {
        char *end;
        errno = 0;
        long v = strtol(nums[i], &end, 0);
        int e = errno;
        unsigned long u = strtoul(nums[i], NULL, 10);
        printf("strtol(%s) = %ld rest [%s] erange %d strtoul10 %lu atoi %d\n", nums[i], v, end,
               e == ERANGE, u, atoi(nums[i]));
    }
    printf("strtol base2 %ld base36 %ld\n", strtol("101101", NULL, 2), strtol("morph", NULL, 36));
    printf("strtoll %lld strtoull %llu\n", strtoll("-9223372036854775807", NULL, 10),
           strtoull("18446744073709551615", NULL, 10));
    int n = sprintf(a, "%s-%d-%x", "sprintf", 99, 0xabc);
    printf("sprintf %d [%s]\n", n, a);
    volatile size_t eight = 8;
    n = snprintf(b, eight, "%s", "truncated string");
    printf("snprintf %d [%s]\n", n, b);
    n = snprintf(NULL, 0, "%d", 123456);
    printf("snprintf-null %d\n", n);
    char *dup = strdup(s);
    char *tok, *save;
    int count = 0;
    for (tok = strtok_r(dup, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) count++;
    printf("tokens %d\n", count);
    free(dup);
    return 0;
}
