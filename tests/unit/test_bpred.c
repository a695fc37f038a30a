/* The front-end predictors (sim/sim_bpred.c; docs/model.md "Branch prediction"):
 * - the direction predictors against a small reference written here from the definition
 *   (2-bit saturating counters, indexed by pc or pc xor history), on a random branch stream;
 * - counters saturate, gshare's history learns what bimodal cannot, the return stack overflows
 *   (the oldest entry is lost) and underflows (empty: no prediction);
 * - the timing contract, exact cycles: short blocks run by the model under --bpred on m0 (the
 *   base routine) and m2 (the general one, redirect 1), mcycle read around them as in
 *   tests/unit/test_cores.c; registers and retired ops must equal --bpred=none's;
 * - with caches, a return whose line misses the L1I is predicted from the tables as they were
 *   at its fetch, before the wait (a call straight to it: its push not seen). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim_bpred.h"
#include "sim_cache.h"
#include "sim_core.h"
#include "sim_cpu.h"
#include "xl_emit.h"

static void make(struct sim_bpred *p, const char *spec)
{
    struct sim_bpred_cfg cfg;
    assert_int_equal(sim_bpred_parse(spec, &cfg, NULL, 0), 0);
    assert_int_equal(sim_bpred_init(p, &cfg), 0);
}

/* The reference: n 2-bit counters from 1 (weakly not taken); gshare xors hb history bits. */
struct ref {
    uint8_t ctr[1024];
    unsigned n, hb;
    uint32_t hist;
};
static unsigned ref_idx(const struct ref *r, uint32_t pc) { return ((pc >> 2) ^ (r->hist & ((1u << r->hb) - 1))) % r->n; }
static int ref_pred(const struct ref *r, uint32_t pc) { return r->ctr[ref_idx(r, pc)] > 1; }
static void ref_upd(struct ref *r, uint32_t pc, int t)
{
    uint8_t *c = &r->ctr[ref_idx(r, pc)];
    *c = t ? (*c == 3 ? 3 : *c + 1) : (*c == 0 ? 0 : *c - 1);
    r->hist = r->hist * 2 + (unsigned)t;
}

static void test_reference(void **state)
{
    (void)state;
    const char *spec[2] = {"bimodal,bht_entries=256", "gshare,bht_entries=256,hist_bits=6"};
    for (int g = 0; g < 2; g++) {
        struct sim_bpred p;
        struct ref r = {.n = 256, .hb = g ? 6 : 0};
        memset(r.ctr, 1, sizeof r.ctr);
        make(&p, spec[g]);
        srand(25);
        for (int i = 0; i < 20000; i++) {
            uint32_t pc = 0x1000 + 4u * (uint32_t)(rand() % 600); /* aliasing: 600 pcs, 256 counters */
            int t = rand() % 8 < (int)(pc >> 2) % 8; /* biased per pc */
            assert_int_equal(sim_bpred_dir(&p, pc, 0), ref_pred(&r, pc));
            sim_bpred_dir_update(&p, pc, t);
            ref_upd(&r, pc, t);
        }
        sim_bpred_free(&p);
    }
}

static void test_saturate(void **state)
{
    (void)state;
    struct sim_bpred p;
    make(&p, "bimodal");
    const uint32_t pc = 0x2000;
    assert_false(sim_bpred_dir(&p, pc, 0)); /* weakly not taken */
    for (int i = 0; i < 5; i++) sim_bpred_dir_update(&p, pc, 1);
    sim_bpred_dir_update(&p, pc, 0);
    assert_true(sim_bpred_dir(&p, pc, 0)); /* 3 -> 2: saturated at 3, one not-taken keeps it */
    sim_bpred_dir_update(&p, pc, 0);
    assert_false(sim_bpred_dir(&p, pc, 0));
    for (int i = 0; i < 5; i++) sim_bpred_dir_update(&p, pc, 0);
    sim_bpred_dir_update(&p, pc, 1);
    assert_false(sim_bpred_dir(&p, pc, 0)); /* 0 -> 1 */
    sim_bpred_dir_update(&p, pc, 1);
    assert_true(sim_bpred_dir(&p, pc, 0));
    sim_bpred_free(&p);
    /* static: the sign of the B offset */
    make(&p, "static");
    assert_true(sim_bpred_dir(&p, pc, xe_bne(1, 0, -8)));
    assert_false(sim_bpred_dir(&p, pc, xe_bne(1, 0, 8)));
    sim_bpred_free(&p);
}

/* An alternating branch: gshare's history tells the two outcomes apart, bimodal cannot. */
static void test_history(void **state)
{
    (void)state;
    unsigned miss[2] = {0, 0};
    const char *spec[2] = {"bimodal", "gshare,hist_bits=4"};
    for (int g = 0; g < 2; g++) {
        struct sim_bpred p;
        make(&p, spec[g]);
        for (int i = 0; i < 64; i++) {
            int t = i & 1;
            if (i >= 16) miss[g] += sim_bpred_dir(&p, 0x3000, 0) != t;
            sim_bpred_dir_update(&p, 0x3000, t);
        }
        sim_bpred_free(&p);
    }
    assert_int_equal(miss[1], 0);
    assert_int_equal(miss[0], 24); /* 0 and 1 in turn: always predicts not taken */
}

static void test_ras(void **state)
{
    (void)state;
    struct sim_bpred p;
    uint32_t a;
    make(&p, "static,ras=4");
    for (uint32_t i = 1; i <= 6; i++) sim_bpred_ras_push(&p, i); /* overflow: 1 and 2 are lost */
    for (uint32_t i = 6; i >= 3; i--) {
        assert_int_equal(sim_bpred_ras_pop(&p, &a), 1);
        assert_int_equal(a, i);
    }
    assert_int_equal(sim_bpred_ras_pop(&p, &a), 0); /* underflow */
    sim_bpred_ras_push(&p, 7);
    assert_int_equal(sim_bpred_ras_pop(&p, &a), 1);
    assert_int_equal(a, 7);
    assert_int_equal(sim_bpred_ras_pop(&p, &a), 0);
    sim_bpred_free(&p);
    make(&p, "static,ras=0"); /* off: never predicts */
    sim_bpred_ras_push(&p, 1);
    assert_int_equal(sim_bpred_ras_pop(&p, &a), 0);
    sim_bpred_free(&p);
}

/* ---- timing -------------------------------------------------------------------------------- */

enum { ZERO = 0, RA = 1, SP = 2, S0 = 8, S1 = 9, A1 = 11, A2 = 12 };

struct run {
    unsigned cost;
    uint32_t a1, a2;
    uint64_t mispredict_cycles;
    struct sim_stats st;
};

static struct run run_block_c(const uint32_t *ops, unsigned n, const char *core, const char *bpred,
                              const char *caches);
static struct run run_block(const uint32_t *ops, unsigned n, const char *core, const char *bpred)
{
    return run_block_c(ops, n, core, bpred, "off");
}

/* the same under --caches=caches */
static struct run run_block_c(const uint32_t *ops, unsigned n, const char *core, const char *bpred,
                              const char *caches)
{
    static struct sim_mem mem;
    static int mem_ok;
    static struct sim_cpu cpu;
    if (!mem_ok) {
        assert_int_equal(sim_mem_init(&mem, MM_CONCEALED_SIZE + (1u << 20)), 0);
        mem_ok = 1;
    }
    struct sim_cpu_config cfg = {.max_cycles = 1000};
    assert_int_equal(sim_core_preset(core, &cfg.core), 0);
    assert_int_equal(sim_bpred_parse(bpred, &cfg.core.bp, cfg.core.bp_label, sizeof cfg.core.bp_label), 0);
    assert_int_equal(sim_cache_preset(caches, &cfg.caches), 0);
    assert_int_equal(sim_cpu_init(&cpu, &mem, &cfg), 0);
    uint32_t prog[48], k = 0;
    prog[k++] = xe_csrrs(S0, CSR_MCYCLE, ZERO);
    for (unsigned i = 0; i < n; i++) prog[k++] = ops[i];
    prog[k++] = xe_csrrs(S1, CSR_MCYCLE, ZERO);
    prog[k++] = xe_csrrs(A2, CSR_MINSTRET, ZERO);
    prog[k++] = xe_jal(ZERO, 0); /* spin until the cycle limit */
    memcpy(mem.ram, prog, k * 4);
    sim_cpu_reset(&cpu, MM_RAM_BASE);
    sim_cpu_run(&cpu);
    sim_cpu_flush_stats(&cpu);
    struct run r = {.cost = cpu.x[S1] - cpu.x[S0] - 1, .a1 = cpu.x[A1], .a2 = cpu.x[A2],
                    .mispredict_cycles = cpu.st.stall[SIM_STALL_MISPREDICT], .st = cpu.st};
    sim_cpu_free(&cpu);
    return r;
}

static void test_timing(void **state)
{
    (void)state;
    /* costs on m0 (redirect 2: a misprediction 2, a right taken prediction at decode 1, from the
     * BTB 0) and m2 (redirect 1: 1, 0, 0) */
    static const char *const bps[5] = {"none", "static", "bimodal", "gshare", "gshare,ras=0"};
    struct {
        const char *what;
        uint32_t ops[8];
        unsigned n;
        unsigned cost[2][5]; /* [m0, m2][bps] */
    } cases[] = {
        /* 9 ops; the branch taken 3 times then not. static: taken at decode (BTB miss), twice
         * from the BTB, then mispredicted. bimodal from weakly not taken: mispredicted, right
         * twice from the BTB, mispredicted. gshare: each iteration a new history, so a fresh
         * counter (weakly not taken): 3 mispredictions, the exit right. */
        {"counted loop", {xe_addi(A1, ZERO, 4), xe_addi(A1, A1, -1), xe_bne(A1, ZERO, -4)}, 3,
         {{15, 12, 13, 15, 15}, {12, 10, 11, 12, 12}}},
        /* call (jal ra) straight to a return (jalr x0, 0(ra)): the return is fetched in the
         * call's EX cycle, before the call's push takes effect at the end of it, so the return
         * stack is empty and the return mispredicted (docs/isa.md section 9, "When") */
        {"call and return", {xe_jal(RA, 8), xe_jal(ZERO, 8), xe_jalr(ZERO, RA, 0)}, 3,
         {{9, 7, 7, 7, 7}, {6, 4, 4, 4, 4}}},
        /* the same with two ops before the return: the push is in; the return comes from the
         * return stack at decode (BTB misses); without it (ras=0) it is mispredicted; then a jal
         * at decode */
        {"call, two ops, return",
         {xe_jal(RA, 8), xe_jal(ZERO, 16), xe_addi(A1, A1, 1), xe_addi(A1, A1, 1), xe_jalr(ZERO, RA, 0)}, 5,
         {{11, 8, 8, 8, 9}, {8, 5, 5, 5, 6}}},
        /* an indirect jump seen for the first time: nothing predicts it */
        {"indirect jump", {xe_i(0, 0, 0, A1, 0x17) /* auipc a1, 0 */, xe_jalr(ZERO, A1, 12), xe_addi(A1, A1, 1)}, 3,
         {{4, 4, 4, 4, 4}, {3, 3, 3, 3, 3}}},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int k = 0; k < 2; k++) {
            struct run ref = run_block(cases[i].ops, cases[i].n, k ? "m2" : "m0", "none");
            for (int b = 0; b < 5; b++) {
                struct run r = run_block(cases[i].ops, cases[i].n, k ? "m2" : "m0", bps[b]);
                if (r.cost != cases[i].cost[k][b] || r.a1 != ref.a1 || r.a2 != ref.a2) {
                    print_error("%s on %s --bpred=%s: cost %u (want %u)%s\n", cases[i].what, k ? "m2" : "m0", bps[b],
                                r.cost, cases[i].cost[k][b],
                                r.a1 != ref.a1 || r.a2 != ref.a2 ? ", results (a1, minstret) differ from none" : "");
                    bad = 1;
                }
            }
        }
    assert_false(bad);
    /* the counters: the loop under bimodal on m0 mispredicts twice, 2 cycles each */
    const uint32_t loop[3] = {xe_addi(A1, ZERO, 4), xe_addi(A1, A1, -1), xe_bne(A1, ZERO, -4)};
    struct run r = run_block(loop, 3, "m0", "bimodal");
    assert_int_equal(r.st.bp_cond, 4);
    assert_int_equal(r.st.bp_cond_miss, 2);
    assert_int_equal(r.mispredict_cycles, 4);
    /* the loop branch, and the spinning jal after the block twice: its second fetch comes in
     * its first one's EX cycle, before that one's BTB fill */
    assert_int_equal(r.st.bp_btb_misses, 3);
}

/* With caches: an op after a redirect reads the tables at its fetch, before its L1I wait
 * (docs/isa.md section 9, "When": F = issue - 2 - the wait). A call straight to a return in a
 * line the L1I misses: the return still finds the stack without the call's push, however long
 * the miss (m0: the jal predicted at decode; m2: also, the fetch at the jal's decode), so it is
 * mispredicted as without caches, under every cache preset. rtl/tests/bp_icache.S is the same
 * under cosim. */
static void test_icache(void **state)
{
    (void)state;
    /* word 1: jal ra to word 18 (byte 72: another line than the block's start in every preset,
     * and a line no earlier op fetched); word 2: jal to the end (word 19); words 3-17 never run;
     * word 18: the return, back to word 2 */
    uint32_t ops[18];
    ops[0] = xe_jal(RA, 68);
    ops[1] = xe_jal(ZERO, 68);
    for (int i = 2; i < 17; i++) ops[i] = xe_addi(ZERO, ZERO, 0);
    ops[17] = xe_jalr(ZERO, RA, 0);
    static const char *const presets[3] = {"off", "l1", "realistic"};
    for (int k = 0; k < 2; k++)
        for (int p = 0; p < 3; p++) {
            struct run r = run_block_c(ops, 18, k ? "m2" : "m0", "gshare", presets[p]);
            if (r.st.bp_return != 1 || r.st.bp_return_miss != 1 || r.a2 != 5)
                print_error("%s --caches=%s: %llu returns, %llu mispredicted, minstret %u (want 1, 1, 5)\n",
                            k ? "m2" : "m0", presets[p], (unsigned long long)r.st.bp_return,
                            (unsigned long long)r.st.bp_return_miss, r.a2);
            assert_int_equal(r.st.bp_return, 1);
            assert_int_equal(r.st.bp_return_miss, 1);
            if (p) assert_true(r.st.stall[SIM_STALL_ICACHE] > 0);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference), cmocka_unit_test(test_saturate), cmocka_unit_test(test_history),
        cmocka_unit_test(test_ras), cmocka_unit_test(test_timing), cmocka_unit_test(test_icache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
