/* Runs each program named through fork and execve, as a guest shell would, and prints how it
 * ended: the crafted ELF files of tests/attack/mkelf.py reach morph's loader through a guest's
 * execve (tests/run-attack.sh). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 1; i < argc; i++) {
        pid_t c = fork();
        if (c == 0) {
            char *args[] = {argv[i], NULL};
            execve(argv[i], args, NULL);
            printf("%s: execve failed\n", strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i]);
            _exit(100);
        }
        int st;
        waitpid(c, &st, 0);
        printf("%s: %s %d\n", strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i],
               WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    }
    return 0;
}
