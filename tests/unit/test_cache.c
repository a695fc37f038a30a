/* The caches of the C model (sim/sim_cache.c; docs/model.md "Caches", docs/isa.md section 9):
 * the pseudo-LRU order and writebacks pinned by hand, the hierarchy against a small reference
 * written differently (a range-halving tree walk) over random access streams, and the stall
 * cycles of fetches and data accesses through the core, on the base and the general timing
 * routine. Expected cycles come from the presets' numbers (include/morph/cache.def). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim_cache.h"
#include "sim_cpu.h"
#include "xl_emit.h"

enum { ZERO = 0, SP = 2, S0 = 8, S1 = 9, A1 = 11, A2 = 12 };

static struct sim_mem mem;
static void mem_once(void)
{
    static int ok;
    if (!ok) assert_int_equal(sim_mem_init(&mem, MM_CONCEALED_SIZE + (1u << 20)), 0);
    ok = 1;
}

static struct sim_cache_cfg cfg_of(unsigned levels, struct sim_cache_geom d, struct sim_cache_geom l2, unsigned m)
{
    struct sim_cache_cfg k = {.levels = levels, .l1i = d, .l1d = d, .l2 = l2, .mem = m};
    return k;
}

/* 4-way tree pseudo-LRU, one set: fill A B C D, touch A; the victim is C (true LRU would take
 * B): the root points away from A's half, the right node away from D. */
static void test_plru_order(void **state)
{
    (void)state;
    unsigned b = 0;
    for (unsigned w = 0; w < 4; w++) b = sim_plru_touch(b, 4, w);
    assert_int_equal(sim_plru_victim(b, 4), 0); /* after 0 1 2 3: 0 is least recent */
    b = sim_plru_touch(b, 4, 0);
    assert_int_equal(sim_plru_victim(b, 4), 2);
    b = sim_plru_touch(b, 4, 2);
    assert_int_equal(sim_plru_victim(b, 4), 1);
    /* 2 ways: exact LRU */
    b = sim_plru_touch(sim_plru_touch(0, 2, 1), 2, 0);
    assert_int_equal(sim_plru_victim(b, 2), 1);
    /* 1 way: always way 0 */
    assert_int_equal(sim_plru_victim(0, 1), 0);
}

/* Hits, misses, an eviction of a dirty line and its writeback, through an L1D alone. */
static void test_pinned(void **state)
{
    (void)state;
    mem_once();
    static struct sim_stats st;
    memset(&st, 0, sizeof st);
    struct sim_caches s;
    /* 2 sets x 2 ways x 16-byte lines, memory 7 cycles */
    struct sim_cache_cfg k = cfg_of(1, (struct sim_cache_geom){64, 2, 16, 1}, (struct sim_cache_geom){0}, 7);
    assert_int_equal(sim_caches_init(&s, &k, &mem, &st), 0);
    const uint32_t B = MM_RAM_BASE; /* set 0: lines B, B+32, B+64; set 1: B+16 */
    assert_int_equal(sim_cache_data(&s, B, 4, 1), 7);      /* miss, dirty */
    assert_int_equal(sim_cache_data(&s, B + 4, 4, 0), 0);  /* hit */
    assert_int_equal(sim_cache_data(&s, B + 32, 4, 0), 7); /* miss, second way */
    assert_int_equal(sim_cache_data(&s, B + 16, 4, 0), 7); /* other set */
    assert_int_equal(sim_cache_data(&s, B + 64, 4, 0), 7); /* evicts B (LRU), dirty: written back */
    assert_int_equal(st.l1d_writebacks, 1);
    assert_int_equal(sim_cache_data(&s, B + 32, 4, 0), 0); /* still there */
    assert_int_equal(sim_cache_data(&s, B, 4, 0), 7);      /* gone: evicts B+64 (clean) */
    assert_int_equal(st.l1d_writebacks, 1);
    assert_int_equal(sim_cache_data(&s, B + 14, 4, 0), 0); /* crosses into B+16: 2 accesses, both hits */
    assert_int_equal(st.l1d_accesses, 9);
    assert_int_equal(st.l1d_misses, 5);
    sim_caches_free(&s);
}

/* ---- the reference: same policy, written as a walk over halved way ranges ---- */
struct rlevel {
    unsigned sets, ways, line, hit;
    uint32_t tag[256][16];
    int valid[256][16], dirty[256][16], node[256][32]; /* node: 1 = victim in the upper half */
};
struct rhier {
    struct rlevel d, l2;
    int has_l2;
    unsigned mem;
    uint64_t acc[2], mis[2], wb[2];
};
static void rtouch(struct rlevel *l, unsigned set, unsigned w)
{
    unsigned lo = 0, hi = l->ways, n = 1;
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (w < mid) { l->node[set][n] = 1; hi = mid; n = 2 * n; }
        else { l->node[set][n] = 0; lo = mid; n = 2 * n + 1; }
    }
}
static unsigned rvictim(struct rlevel *l, unsigned set)
{
    for (unsigned w = 0; w < l->ways; w++)
        if (!l->valid[set][w]) return w;
    unsigned lo = 0, hi = l->ways, n = 1;
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (l->node[set][n]) { lo = mid; n = 2 * n + 1; }
        else { hi = mid; n = 2 * n; }
    }
    return lo;
}
static int rfind(struct rlevel *l, uint32_t pa, unsigned *set)
{
    uint32_t line = pa / l->line;
    *set = line % l->sets;
    for (unsigned w = 0; w < l->ways; w++)
        if (l->valid[*set][w] && l->tag[*set][w] == line) return (int)w;
    return -1;
}
/* install line of pa; returns way; *evicted_dirty */
static unsigned rinstall(struct rlevel *l, uint32_t pa, int *ed, uint32_t *epa)
{
    unsigned set;
    rfind(l, pa, &set);
    unsigned w = rvictim(l, set);
    *ed = l->valid[set][w] && l->dirty[set][w];
    *epa = l->tag[set][w] * l->line;
    l->valid[set][w] = 1;
    l->dirty[set][w] = 0;
    l->tag[set][w] = pa / l->line;
    rtouch(l, set, w);
    return w;
}
static void rwriteback(struct rhier *h, uint32_t pa)
{
    h->wb[0]++;
    if (!h->has_l2) return;
    unsigned set;
    int w = rfind(&h->l2, pa, &set), ed;
    uint32_t epa;
    if (w < 0) {
        w = (int)rinstall(&h->l2, pa, &ed, &epa);
        if (ed) h->wb[1]++;
    } else {
        rtouch(&h->l2, set, (unsigned)w);
    }
    h->l2.dirty[set][w] = 1;
}
static unsigned raccess(struct rhier *h, uint32_t pa, int write)
{
    unsigned set, cost = h->d.hit - 1;
    h->acc[0]++;
    int w = rfind(&h->d, pa, &set), ed;
    uint32_t epa;
    if (w >= 0) {
        rtouch(&h->d, set, (unsigned)w);
    } else {
        h->mis[0]++;
        w = (int)rinstall(&h->d, pa, &ed, &epa);
        if (ed) rwriteback(h, epa);
        if (!h->has_l2) {
            cost += h->mem;
        } else {
            unsigned s2;
            h->acc[1]++;
            int w2 = rfind(&h->l2, pa, &s2);
            cost += h->l2.hit;
            if (w2 >= 0) {
                rtouch(&h->l2, s2, (unsigned)w2);
            } else {
                h->mis[1]++;
                cost += h->mem;
                rinstall(&h->l2, pa, &ed, &epa);
                if (ed) h->wb[1]++;
            }
        }
    }
    if (write) h->d.dirty[set][w] = 1;
    return cost;
}

static void random_stream(unsigned levels, struct sim_cache_geom d, struct sim_cache_geom l2, unsigned seed)
{
    mem_once();
    static struct sim_stats st;
    static struct rhier h;
    memset(&st, 0, sizeof st);
    memset(&h, 0, sizeof h);
    struct sim_caches s;
    struct sim_cache_cfg k = cfg_of(levels, d, l2, 13);
    assert_int_equal(sim_caches_init(&s, &k, &mem, &st), 0);
    h.d.sets = d.size / (d.ways * d.line), h.d.ways = d.ways, h.d.line = d.line, h.d.hit = d.hit;
    h.has_l2 = levels > 1;
    if (h.has_l2) h.l2.sets = l2.size / (l2.ways * l2.line), h.l2.ways = l2.ways, h.l2.line = l2.line, h.l2.hit = l2.hit;
    assert_true(h.d.sets <= 256 && h.l2.sets <= 256);
    h.mem = 13;
    srand(seed);
    const uint32_t span = 4 * (levels > 1 ? l2.size : d.size); /* reuse, and misses */
    for (int i = 0; i < 200000; i++) {
        uint32_t pa = MM_RAM_BASE + ((uint32_t)rand() % span & ~3u);
        int write = rand() % 3 == 0;
        unsigned want = raccess(&h, pa, write), got = sim_cache_data(&s, pa, 4, write);
        if (want != got) fail_msg("stream %u, access %d (pa 0x%08x %s): %u cycles, reference %u", seed, i, pa, write ? "w" : "r", got, want);
    }
    assert_int_equal(st.l1d_accesses, h.acc[0]);
    assert_int_equal(st.l1d_misses, h.mis[0]);
    assert_int_equal(st.l1d_writebacks, h.wb[0]);
    assert_int_equal(st.l2_accesses, h.acc[1]);
    assert_int_equal(st.l2_misses, h.mis[1]);
    assert_int_equal(st.l2_writebacks, h.wb[1]);
    assert_true(h.mis[0] > 1000 && h.wb[0] > 1000 && (!h.has_l2 || (h.mis[1] > 100 && h.wb[1] > 100)));
    sim_caches_free(&s);
}

static void test_reference(void **state)
{
    (void)state;
    random_stream(1, (struct sim_cache_geom){1024, 4, 16, 1}, (struct sim_cache_geom){0}, 1);
    random_stream(1, (struct sim_cache_geom){512, 1, 32, 2}, (struct sim_cache_geom){0}, 2);
    random_stream(2, (struct sim_cache_geom){512, 2, 16, 1}, (struct sim_cache_geom){4096, 8, 32, 5}, 3);
    random_stream(2, (struct sim_cache_geom){1024, 16, 16, 3}, (struct sim_cache_geom){8192, 4, 16, 4}, 4);
}

/* Cycles from the first op after an mcycle read to the second read, on core `core` with
 * caches `caches`; ops start at word 1 of a line-aligned block. */
static unsigned run_ops(const char *core, const char *caches, const uint32_t *ops, unsigned n)
{
    mem_once();
    static struct sim_cpu cpu;
    struct sim_cpu_config cfg = {.max_cycles = 5000};
    assert_int_equal(sim_core_preset(core, &cfg.core), 0);
    assert_int_equal(sim_cache_preset(caches, &cfg.caches), 0);
    assert_int_equal(sim_cpu_init(&cpu, &mem, &cfg), 0);
    uint32_t prog[32], k = 0;
    prog[k++] = xe_csrrs(S0, CSR_MCYCLE, ZERO);
    for (unsigned i = 0; i < n; i++) prog[k++] = ops[i];
    prog[k++] = xe_csrrs(S1, CSR_MCYCLE, ZERO);
    prog[k++] = xe_jal(ZERO, 0);
    memcpy(mem.ram, prog, k * 4);
    sim_cpu_reset(&cpu, MM_RAM_BASE);
    cpu.x[SP] = MM_RAM_BASE + 0x2000;
    sim_cpu_run(&cpu);
    sim_cpu_flush_stats(&cpu);
    unsigned cost = cpu.x[S1] - cpu.x[S0] - 1;
    /* every cycle an issued op or a counted stall */
    uint64_t stalls = 0;
    for (int i = 0; i < SIM_STALL_COUNT; i++) stalls += cpu.st.stall[i];
    assert_int_equal(cpu.cycles, cpu.instret + stalls);
    sim_cpu_free(&cpu);
    return cost;
}

static void test_stalls(void **state)
{
    (void)state;
    struct sim_cache_cfg l1, l1l2;
    assert_int_equal(sim_cache_preset("l1", &l1), 0);
    assert_int_equal(sim_cache_preset("l1l2", &l1l2), 0);
    const unsigned M = l1.mem, L2 = l1l2.l2.hit, M2 = l1l2.mem, words = l1.l1i.line / 4;
    assert_int_equal(l1.l1d.hit, 1);
    const uint32_t lw = xe_i(0, SP, 2, A1, 0x03), lw4 = xe_i(4, SP, 2, A2, 0x03), use = xe_addi(A2, A1, 1),
                   sw = xe_s(0, A2, SP, 2, 0x23), nop = xe_addi(ZERO, ZERO, 0), fencei = 0x0000100f;
    const uint32_t far = xe_i(0x400, SP, 2, A2, 0x03); /* another line */
    uint32_t line[16];
    for (unsigned i = 0; i < words - 1; i++) line[i] = nop; /* fills the rest of the first line */
    struct {
        const char *what, *caches;
        uint32_t ops[4];
        unsigned n, cost;
    } cases[] = {
        {"load miss", "l1", {lw}, 1, 1 + M},
        {"load miss, load hit", "l1", {lw, lw4}, 2, 1 + M + 1},
        {"load miss and its use (the wait covers load-use)", "l1", {lw, use}, 2, 1 + M + 1},
        {"load hit and its use (load-use)", "l1", {lw, lw, use}, 3, 1 + M + 1 + 1 + 1},
        {"store miss (allocates), load hit", "l1", {sw, lw}, 2, 1 + M + 1},
        {"two load misses", "l1", {lw, far}, 2, 2 * (1 + M)},
        {"fence.i: the next fetch misses the L1I", "l1", {fencei, nop}, 2, 1 + M + 1},
        {"fence.i: the line refills from the L2", "l1l2", {fencei, nop}, 2, 1 + L2 + 1},
        {"load miss to memory through the L2", "l1l2", {lw}, 1, 1 + L2 + M2},
        {"no caches: one cycle each", "off", {lw, use, fencei}, 3, 1 + 2 + 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int g = 0; g < 2; g++) { /* m0: the base routine; m1: the general one */
            unsigned got = run_ops(g ? "m1" : "m0", cases[i].caches, cases[i].ops, cases[i].n);
            if (got != cases[i].cost)
                fail_msg("%s (%s, %s): %u cycles, want %u", cases[i].what, cases[i].caches, g ? "m1" : "m0", got,
                         cases[i].cost);
        }
    /* the fetch crosses into the next line: the L1I miss stalls the op there */
    for (int g = 0; g < 2; g++)
        assert_int_equal(run_ops(g ? "m1" : "m0", "l1", line, words - 1), words - 1 + M);
}

static void test_options(void **state)
{
    (void)state;
    struct sim_cache_cfg k;
    assert_int_equal(sim_cache_preset("ideal", &k), 0);
    assert_int_equal(k.levels, 0);
    assert_int_not_equal(sim_cache_set(&k, "l1i", "32K,4,64"), 0); /* no caches to change */
    assert_int_equal(sim_cache_preset("realistic", &k), 0);
    assert_int_equal(sim_cache_set(&k, "l1i", "16K,2,64,2"), 0);
    assert_int_equal(k.l1i.size, 16384);
    assert_int_equal(k.l1i.hit, 2);
    assert_int_equal(sim_cache_set(&k, "mem-lat", "200"), 0);
    assert_string_equal(k.label, "realistic,l1i=16K,2,64,2,mem-lat=200");
    assert_int_equal(sim_cache_check(&k), 0);
    assert_int_not_equal(sim_cache_set(&k, "l1d", "32K,4"), 0);
    assert_int_equal(sim_cache_set(&k, "l1d", "32K,3,64"), 0);
    assert_int_not_equal(sim_cache_check(&k), 0); /* 3 ways */
    assert_int_equal(sim_cache_preset("l1", &k), 0);
    assert_int_not_equal(sim_cache_set(&k, "l2", "256K,8,64"), 0); /* no L2 in l1 */
    assert_int_not_equal(sim_cache_preset("huge", &k), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plru_order), cmocka_unit_test(test_pinned), cmocka_unit_test(test_reference),
        cmocka_unit_test(test_stalls), cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
