/* The timing rules of the core configurations (docs/model.md "Core configurations"), pinned:
 * each case is a short block of ops, run by the C model under every preset; its cost is the
 * number of cycles from the block's first op to the op after it (mcycle read around it, as
 * tests/isa/timing.S does). The same block must give the same registers on every core. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "sim_core.h"
#include "sim_cpu.h"
#include "sim_timing.h"
#include "xl_emit.h"

#define MARK(op) ((op) & ~(uint32_t)MORPH_FUSE_BIT) /* head of a macro-op */
#define CORES 7
static const char *const cores[CORES] = {"m0", "m1", "m2", "macro", "wide2", "wide4", "fpga"};

enum { ZERO = 0, SP = 2, S0 = 8, S1 = 9, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15 };

struct tcase {
    const char *what;
    uint32_t ops[8];
    unsigned n;
    unsigned cost[CORES]; /* m0 m1 m2 macro wide2 wide4 fpga */
    unsigned fused;       /* fusion profile: I-ops in fused pairs */
};


/* Runs case t on core k (a preset, then any ",knob=value" overrides): the cost, registers a1..a5
 * after it, and the profile's fused count. */
static unsigned run_case(const struct tcase *t, const char *core, uint32_t regs[5], uint64_t *fused)
{
    static struct sim_mem mem;
    static int mem_ok;
    static struct sim_cpu cpu;
    if (!mem_ok) {
        assert_int_equal(sim_mem_init(&mem, MM_CONCEALED_SIZE + (1u << 20)), 0);
        mem_ok = 1;
    }
    struct sim_cpu_config cfg = {.max_cycles = 1000, .fusion_profile = 1};
    char name[32];
    snprintf(name, sizeof name, "%s", core);
    char *opt = strchr(name, ',');
    if (opt) *opt++ = 0;
    assert_int_equal(sim_core_preset(name, &cfg.core), 0);
    for (char *o = opt; o; o = strchr(o, ',') ? strchr(o, ',') + 1 : NULL) {
        char kv[32];
        snprintf(kv, sizeof kv, "%.*s", (int)strcspn(o, ","), o);
        assert_int_equal(sim_core_set(&cfg.core, kv), 0);
    }
    assert_int_equal(sim_cpu_init(&cpu, &mem, &cfg), 0);
    uint32_t prog[16], n = 0;
    prog[n++] = xe_csrrs(S0, CSR_MCYCLE, ZERO);
    for (unsigned i = 0; i < t->n; i++) prog[n++] = t->ops[i];
    prog[n++] = xe_csrrs(S1, CSR_MCYCLE, ZERO);
    prog[n++] = xe_jal(ZERO, 0); /* spin until the cycle limit */
    memcpy(mem.ram, prog, n * 4);
    sim_cpu_reset(&cpu, MM_RAM_BASE);
    cpu.x[SP] = MM_RAM_BASE + 0x1000;
    sim_cpu_run(&cpu);
    sim_cpu_flush_stats(&cpu);
    memcpy(regs, &cpu.x[A1], 5 * sizeof *regs);
    *fused = cpu.st.fuse_prof[0][SIM_FC_FUSED]; /* these ops run in CMS mode */
    unsigned cost = cpu.x[S1] - cpu.x[S0] - 1;
    sim_cpu_free(&cpu);
    return cost;
}

static void test_cores(void **state)
{
    (void)state;
/* the encoders are functions, so the table lives in the test */
    const struct tcase cases[] = {
        {"independent ALU ops", {xe_addi(A1, ZERO, 1), xe_addi(A2, ZERO, 2), xe_addi(A3, ZERO, 3), xe_addi(A4, ZERO, 4)}, 4,
         {4, 4, 4, 4, 2, 1, 4}, 0},
        {"independent pairs, marked", {MARK(xe_addi(A1, ZERO, 1)), xe_addi(A2, ZERO, 2), MARK(xe_addi(A3, ZERO, 3)), xe_addi(A4, ZERO, 4)}, 4,
         {4, 2, 2, 2, 2, 1, 4}, 4},
        {"dependent ALU pairs, marked", {MARK(xe_addi(A1, ZERO, 1)), xe_addi(A1, A1, 1), MARK(xe_addi(A2, ZERO, 1)), xe_slli(A2, A2, 3)}, 4,
         {4, 4, 4, 2, 3, 3, 4}, 4},
        {"a chain: only pairs fuse", {MARK(xe_addi(A1, ZERO, 1)), MARK(xe_addi(A1, A1, 1)), MARK(xe_addi(A1, A1, 1)), xe_addi(A1, A1, 1)}, 4,
         {4, 4, 4, 2, 4, 4, 4}, 4},
        {"load and its use, marked", {MARK(xe_i(0, SP, 2, A1, 0x03)), xe_addi(A2, A1, 1)}, 2,
         {3, 3, 3, 3, 3, 3, 3}, 2},
        {"two memory ops, marked", {MARK(xe_i(0, SP, 2, A1, 0x03)), xe_s(4, A2, SP, 2, 0x23)}, 2,
         {2, 2, 2, 2, 2, 2, 2}, 2},
        /* only a single-cycle ALU op heads a pair that issues as one (the RTL's head lane) */
        {"not-taken branch head, marked: a pair by the marks, issued alone", {MARK(xe_bne(ZERO, ZERO, 8)), xe_addi(A1, ZERO, 5)}, 2,
         {2, 2, 2, 2, 1, 1, 2}, 2},
        {"ALU head and a not-taken branch tail, marked", {MARK(xe_addi(A1, ZERO, 5)), xe_bne(ZERO, ZERO, 8)}, 2,
         {2, 1, 1, 1, 1, 1, 2}, 2},
        {"ALU head and an independent load tail, marked", {MARK(xe_addi(A1, ZERO, 5)), xe_i(0, SP, 2, A2, 0x03)}, 2,
         {2, 1, 1, 1, 1, 1, 2}, 2},
        /* the collapsed address (collapse_mem, macro): a memory tail takes its head's result */
        {"ALU head and a load tail reading its result, marked", {MARK(xe_addi(A1, SP, 0)), xe_i(0, A1, 2, A2, 0x03)}, 2,
         {2, 2, 2, 1, 2, 2, 2}, 2},
        {"ALU head and a store tail storing its result, marked", {MARK(xe_addi(A1, ZERO, 9)), xe_s(4, A1, SP, 2, 0x23)}, 2,
         {2, 2, 2, 1, 2, 2, 2}, 2},
        {"two not-taken branches", {xe_bne(ZERO, ZERO, 8), xe_bne(ZERO, ZERO, 8)}, 2,
         {2, 2, 2, 2, 2, 2, 2}, 0},
        {"taken branch: the group ends, the mark pairs nothing", {MARK(xe_beq(ZERO, ZERO, 8)), xe_addi(A1, ZERO, 5), xe_addi(A2, ZERO, 6)}, 3,
         {4, 4, 3, 3, 4, 4, 4}, 0},
        {"load-use across a wide group", {xe_i(0, SP, 2, A1, 0x03), xe_addi(A3, ZERO, 1), xe_addi(A2, A1, 1)}, 3,
         {3, 3, 3, 3, 3, 3, 3}, 0},
        {"divide stalls everything", {xe_addi(A1, ZERO, 7), xe_divu(A2, A1, A1), xe_addi(A3, ZERO, 1)}, 3,
         {35, 35, 35, 35, 35, 35, 35}, 0},
        /* the iterative multiplier (knob mul, fpga): a multiply stalls and ends its group */
        {"multiply stalls on an iterative multiplier", {xe_addi(A1, ZERO, 7), xe_mul(A2, A1, A1), xe_addi(A3, ZERO, 1)}, 3,
         {3, 3, 3, 3, 2, 2, 35}, 0},
        {"high multiply", {xe_addi(A1, ZERO, -7), xe_mulh(A2, A1, A1), xe_mulhu(A3, A1, A1)}, 3,
         {3, 3, 3, 3, 2, 2, 67}, 0},
        {"x-ALU multiplies", {xe_addi(A1, ZERO, 300), xe_xalu(F7_XMULF_W, 1, A2, A1, A1), xe_xalu(F7_XIMULF_W, 0, A3, A1, A1), xe_addi(A4, ZERO, 1)}, 4,
         {4, 4, 4, 4, 3, 2, 68}, 0},
        {"multiply with a divide", {xe_addi(A1, ZERO, 7), xe_mul(A2, A1, A1), xe_divu(A3, A2, A1)}, 3,
         {35, 35, 35, 35, 35, 35, 67}, 0},
    };
    const size_t ncases = sizeof cases / sizeof cases[0];
    int bad = 0;
    for (size_t i = 0; i < ncases; i++) {
        uint32_t ref[5];
        for (int k = 0; k < CORES; k++) {
            uint32_t regs[5];
            uint64_t fused;
            unsigned cost = run_case(&cases[i], cores[k], regs, &fused);
            if (!k) memcpy(ref, regs, sizeof ref);
            if (cost != cases[i].cost[k] || memcmp(ref, regs, sizeof ref) || fused != cases[i].fused) {
                print_error("%s on %s: cost %u (want %u), fused %llu (want %u)%s\n", cases[i].what, cores[k], cost,
                            cases[i].cost[k], (unsigned long long)fused, cases[i].fused,
                            memcmp(ref, regs, sizeof ref) ? ", registers differ from m0" : "");
                bad = 1;
            }
        }
    }
    assert_false(bad);
}

/* A knob overrides its preset: m0 with a 4-cycle divider and a 1-cycle redirect; the preset's
 * sizes reach the model. */
static void test_override(void **state)
{
    (void)state;
    struct sim_core_cfg k;
    assert_int_equal(sim_core_preset("m0", &k), 0);
    assert_true(sim_core_is_base(&k));
    assert_int_equal(sim_core_set(&k, "div=4"), 0);
    assert_int_equal(sim_core_set(&k, "redirect=1"), 0);
    assert_false(sim_core_is_base(&k));
    assert_string_equal(k.label, "m0,div=4,redirect=1");
    assert_int_equal(k.div, 4);
    assert_int_not_equal(sim_core_set(&k, "width=0"), 0);
    assert_int_not_equal(sim_core_set(&k, "bogus=1"), 0);
    assert_int_not_equal(sim_core_preset("m9", &k), 0);
    assert_int_equal(sim_core_preset("fpga", &k), 0);
    assert_int_equal(k.mul, SIM_T_MUL_ITER);
    static struct sim_mem mem;
    static struct sim_cpu cpu;
    assert_int_equal(sim_mem_init(&mem, MM_CONCEALED_SIZE + (1u << 20)), 0);
    struct sim_cpu_config cfg = {.core = k};
    assert_int_equal(sim_cpu_init(&cpu, &mem, &cfg), 0);
    assert_int_equal(cpu.gtlb.mask + 1, k.gtlb_entries);
    assert_int_equal(cpu.jtlb.sets, k.jtlb_sets);
    assert_int_equal(cpu.jtlb.ways, k.jtlb_ways);
    assert_int_equal(cpu.gsb.depth, k.gsb_depth);
    assert_true(k.gtlb_entries < CORE_GTLB_ENTRIES && k.gsb_depth < CORE_GSB_DEPTH);
    sim_cpu_free(&cpu);
    cfg.gtlb_entries = 64; /* an option wins */
    assert_int_equal(sim_cpu_init(&cpu, &mem, &cfg), 0);
    assert_int_equal(cpu.gtlb.mask + 1, 64);
    sim_cpu_free(&cpu);
    /* fpga's knobs with the default sizes, or another mul, are no RTL build's */
    const char *why;
    assert_int_equal(sim_core_preset("m0", &k), 0);
    assert_int_equal(sim_core_set(&k, "mul=32"), 0);
    assert_null(sim_core_rtl_name(&k, &why));
    assert_int_equal(sim_core_preset("fpga", &k), 0);
    assert_string_equal(sim_core_rtl_name(&k, &why), "fpga");
    assert_int_equal(sim_core_set(&k, "mul=4"), 0);
    assert_null(sim_core_rtl_name(&k, &why));
    /* an iterative multiplier ends a 2-wide group as the divider does: the independent addi
     * after it waits for it (1 + 4 + 1 cycles) instead of joining the next group (2) */
    const struct tcase t = {"", {xe_addi(A1, ZERO, 1), xe_mul(A2, A3, A3), xe_addi(A4, ZERO, 2)}, 3, {0}, 0};
    uint32_t regs[5];
    uint64_t fused;
    assert_int_equal(run_case(&t, "wide2", regs, &fused), 2);
    assert_int_equal(run_case(&t, "wide2,mul=4", regs, &fused), 6);
    assert_int_equal(run_case(&t, "wide2,mul=4,width=1", regs, &fused), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cores),
        cmocka_unit_test(test_override),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
