/* x87 arithmetic in several guest threads at once (docs/translator.md "x87 from translated
 * code"). Threads are preempted at a timer interrupt; one that came while the firmware's x87
 * helper ran is taken at the first translated op after the call. That interrupt must not roll
 * back to before the x87 instructions the helper already ran (their FPU state and memory are not
 * shadowed): when it did, each switch replayed a run, and every thread's result here was inf or
 * NaN. Each thread's result is deterministic whatever the interleaving.
 * morph-test: timing-dependent (threads are preempted after a quantum of cycles, so which
 * instructions the waits run depends on the machine's timing: its x86 instruction count is not
 * compared between configurations) */
#include <pthread.h>
#include <stdio.h>

#define NT 3
#define ITERS 20000

static double res[NT];

static void *work(void *arg)
{
    int id = (int)(long)arg;
    volatile double s = id;
    for (int i = 0; i < ITERS; i++) {
        s = s * 1.0000001 + 0.5;
        if (s > 1e6) s -= 1e6;
    }
    res[id] = s;
    return 0;
}

int main(void)
{
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        if (pthread_create(&t[i], 0, work, (void *)i)) return 1;
    for (int i = 0; i < NT; i++) pthread_join(t[i], 0);
    for (int i = 0; i < NT; i++) printf("thread %d: %.17g\n", i, res[i]);
    return 0;
}
