/* Shared by the C tests that catch their own faults (segments.c, seglimits.c, descsweep.c):
 * unbuffered stdout, so that a line is out before a fault, and one SA_SIGINFO handler for
 * SIGSEGV and SIGBUS (#GP and #NP/#SS as Linux delivers them). */
#ifndef TESTS_X86_FAULTS_H
#define TESTS_X86_FAULTS_H
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void catch_faults(void (*handler)(int, siginfo_t *, void *))
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

#endif
