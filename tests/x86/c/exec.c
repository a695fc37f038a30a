/* execve (docs/firmware.md "Processes"): a program replacing itself with itself through
 * /proc/self/exe, in a forked child and at the end; argv[0], arguments and the environment
 * as given; the errors of a missing file and of a file that is not a program. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strcmp(argv[1], "child")) {
        const char *e = getenv("MORPH_TEST_EXEC");
        printf("child: argv0 %s, argc %d, last %s, MORPH_TEST_EXEC %s, PATH %s\n", argv[0], argc,
               argv[argc - 1], e ? e : "(unset)", getenv("PATH") ? "set" : "unset");
        return argc;
    }
    char self[4096] = "", real[4096] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    printf("/proc/self/exe is this program: %d\n", n > 0 && realpath(argv[0], real) && !strcmp(self, real));
    errno = 0;
    execl("/nonexistent/program", "x", (char *)NULL);
    printf("a missing file: %s\n", errno == ENOENT ? "ENOENT" : strerror(errno));
    int fd = open("not-a-program", O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, "hello\n", 6);
    close(fd);
    errno = 0;
    execl("./not-a-program", "x", (char *)NULL);
    printf("a file that is not a program: %s\n", errno == ENOEXEC ? "ENOEXEC" : strerror(errno));
    pid_t c = fork();
    if (c == 0) {
        char *a[] = {"renamed-argv0", "child", "two", "three", NULL};
        char *e[] = {"MORPH_TEST_EXEC=yes", NULL};
        execve("/proc/self/exe", a, e);
        _exit(99);
    }
    int st;
    waitpid(c, &st, 0);
    printf("the forked child that ran itself again: status %d\n", WEXITSTATUS(st));
    execl("/proc/self/exe", "last", "child", "end", (char *)NULL);
    puts("not reached");
    return 1;
}
