/* Processes (docs/firmware.md "Processes"): fork, vfork, a pipe between parent and child,
 * wait4/waitpid with the child's exit status, WNOHANG, several children, getppid. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t parent = getpid();
    int fds[2];
    if (pipe(fds)) return 1;
    pid_t c = fork();
    if (c < 0) {
        puts("fork failed");
        return 1;
    }
    if (c == 0) {
        close(fds[0]);
        printf("child: parent is the one that forked %d, own pid differs %d\n", getppid() == parent,
               getpid() != parent);
        const char msg[] = "hello from the child"; /* after the line: the parent prints after it */
        write(fds[1], msg, sizeof msg);
        _exit(7);
    }
    close(fds[1]);
    char buf[64] = "";
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("parent read %zd bytes: %s\n", n, buf);
    int st;
    pid_t w = waitpid(c, &st, 0);
    printf("waitpid: the child %d, exited %d, status %d\n", w == c, WIFEXITED(st), WEXITSTATUS(st));
    printf("no more children: %d\n", waitpid(-1, &st, WNOHANG) < 0);

    /* three children, collected in any order with wait4 */
    int sum = 0;
    for (int i = 1; i <= 3; i++) {
        pid_t k = fork();
        if (k == 0) _exit(10 * i);
    }
    for (int i = 0; i < 3; i++) {
        struct rusage ru;
        pid_t k = wait4(-1, &st, 0, &ru);
        if (k > 0 && WIFEXITED(st)) sum += WEXITSTATUS(st);
    }
    printf("three children: statuses add up to %d\n", sum);

    /* vfork: the child exits at once */
    pid_t v = vfork();
    if (v == 0) _exit(3);
    waitpid(v, &st, 0);
    printf("vfork child: status %d\n", WEXITSTATUS(st));

    /* the child's memory is its own */
    static int shared = 1;
    pid_t k = fork();
    if (k == 0) {
        shared = 99;
        _exit(shared == 99 ? 0 : 1);
    }
    waitpid(k, &st, 0);
    printf("after the child changed its copy: %d (child status %d)\n", shared, WEXITSTATUS(st));
    return 0;
}
