/* Echo argv and the environment (the runner starts both sides with the same small environment).
 * test-args: first "second arg" -x --long=value ''
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] = [%s] (%zu)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] %s\n", argv[argc] ? "non-null" : "null");
    int n = 0;
    for (char **e = environ; *e; e++) printf("env[%d] = [%s]\n", n++, *e);
    const char *t = getenv("MORPH_TEST_VAR");
    printf("getenv MORPH_TEST_VAR = %s\n", t ? t : "(unset)");
    printf("getenv NO_SUCH_VAR = %s\n", getenv("NO_SUCH_VAR") ? "set" : "(unset)");
    return 0;
}
