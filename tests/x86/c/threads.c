/* Guest threads (docs/threads.md): pthread_create and join, a mutex-protected counter, a
 * condition variable handing work from a producer to consumers, atomics (lock xadd, lock
 * cmpxchg), thread-local storage, a timed wait that times out, sched_yield, detached threads,
 * gettid differing per thread, a signal sent to another thread with pthread_kill, sigwait for a
 * signal another thread sends. Every result
 * is deterministic whatever the interleaving.
 * morph-test: timing-dependent (threads are preempted after a quantum of cycles, so how long
 * the spin loops and yields run depends on the machine's timing: its x86 instruction count is
 * not compared between configurations) */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NT 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, spin_counter;
static __thread int tls_value;
static volatile int atomic_sum;
static volatile int spin_owner;

static void *adder(void *arg)
{
    int id = (int)(long)arg;
    tls_value = id * 100;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_sum, 1, __ATOMIC_SEQ_CST); /* lock xadd */
        if (i % 5000 == 0) sched_yield();
    }
    /* a spin lock on lock cmpxchg */
    for (int i = 0; i < 100; i++) {
        int expect = 0;
        while (!__atomic_compare_exchange_n(&spin_owner, &expect, id + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            expect = 0;
        spin_counter += 2;
        __atomic_store_n(&spin_owner, 0, __ATOMIC_RELEASE);
    }
    return (void *)(long)(tls_value + (int)syscall(SYS_gettid) * 0);
}

/* producer / consumers on a condition variable */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static int queue[64], qhead, qtail, done;
static long consumed_sum;

static void *consumer(void *arg)
{
    (void)arg;
    long mine = 0;
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (qhead == qtail && !done) pthread_cond_wait(&qcond, &qlock);
        if (qhead == qtail && done) {
            pthread_mutex_unlock(&qlock);
            break;
        }
        int v = queue[qhead++ % 64];
        pthread_cond_broadcast(&qcond);
        pthread_mutex_unlock(&qlock);
        mine += v;
    }
    pthread_mutex_lock(&qlock);
    consumed_sum += mine;
    pthread_mutex_unlock(&qlock);
    return NULL;
}

static pid_t tids[3];
static void *tid_of(void *arg)
{
    tids[(long)arg] = (pid_t)syscall(SYS_gettid);
    return NULL;
}

static volatile sig_atomic_t usr1_in;
static void on_usr1(int sig)
{
    (void)sig;
    usr1_in = 1;
}
static void *wait_usr1(void *arg)
{
    (void)arg;
    while (!usr1_in) sched_yield();
    return (void *)1L;
}

static void *sender(void *arg)
{
    (void)arg;
    for (volatile int i = 0; i < 100000; i++) {
    }
    kill(getpid(), SIGUSR2);
    return NULL;
}

static volatile int detached_ran;
static void *detached(void *arg)
{
    (void)arg;
    __atomic_store_n(&detached_ran, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t t[NT];
    tls_value = -1;
    for (long i = 0; i < NT; i++) pthread_create(&t[i], NULL, adder, (void *)(i + 1));
    long tls_sum = 0;
    for (int i = 0; i < NT; i++) {
        void *r;
        pthread_join(t[i], &r);
        tls_sum += (long)r;
    }
    printf("counter %ld (expected %d), spin-locked %ld, atomic %d, TLS values %ld, main's TLS %d\n", counter,
           NT * ITERS, spin_counter, atomic_sum, tls_sum, tls_value);

    pthread_t c[3];
    for (int i = 0; i < 3; i++) pthread_create(&c[i], NULL, consumer, NULL);
    long produced = 0;
    for (int v = 1; v <= 1000; v++) {
        pthread_mutex_lock(&qlock);
        while (qtail - qhead == 64) pthread_cond_wait(&qcond, &qlock);
        queue[qtail++ % 64] = v;
        produced += v;
        pthread_cond_signal(&qcond);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    done = 1;
    pthread_cond_broadcast(&qcond);
    pthread_mutex_unlock(&qlock);
    for (int i = 0; i < 3; i++) pthread_join(c[i], NULL);
    printf("produced %ld, consumed %ld\n", produced, consumed_sum);

    /* a timed wait nobody signals */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 20 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&qlock);
    int r = pthread_cond_timedwait(&qcond, &qlock, &until);
    pthread_mutex_unlock(&qlock);
    printf("timed wait: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));

    pid_t me = (pid_t)syscall(SYS_gettid);
    for (long i = 0; i < 3; i++) {
        pthread_t k;
        pthread_create(&k, NULL, tid_of, (void *)i);
        pthread_join(k, NULL);
    }
    printf("main's tid is the pid %d, threads' differ %d %d\n", me == getpid(), tids[0] != me && tids[1] != me,
           tids[0] != tids[1] && tids[1] != tids[2]);

    /* pthread_kill: the handler runs (in whichever thread: the process's handler) */
    signal(SIGUSR1, on_usr1);
    pthread_t w;
    pthread_create(&w, NULL, wait_usr1, NULL);
    pthread_kill(w, SIGUSR1);
    void *wr;
    pthread_join(w, &wr);
    printf("pthread_kill: handler ran %d, thread saw it %ld\n", (int)usr1_in, (long)wr);

    /* sigwait in one thread for a signal another thread sends the process (both block it) */
    sigset_t s2;
    sigemptyset(&s2);
    sigaddset(&s2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s2, NULL);
    pthread_t snd;
    pthread_create(&snd, NULL, sender, NULL);
    int got = 0;
    sigwait(&s2, &got);
    pthread_join(snd, NULL);
    printf("sigwait: got signal %d sent by another thread\n", got);

    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_t d;
    pthread_create(&d, &a, detached, NULL);
    while (!__atomic_load_n(&detached_ran, __ATOMIC_SEQ_CST)) sched_yield();
    printf("detached thread ran\n");

    /* the process ends with exit while a thread still runs: exit_group */
    pthread_t forever;
    pthread_create(&forever, NULL, wait_usr1, NULL);
    usr1_in = 0;
    return 3;
}
