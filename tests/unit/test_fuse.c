/* The fusion heuristics (fusion/, docs/fusion.md) and the scheduler (translator/xl_pass_sched.c,
 * docs/translator.md "Scheduling"): each on small regions, then every heuristic, with and without
 * the scheduler for several cores, on whole blocks through the translator, each result checked
 * by check_reordering(): the code must be the unscheduled, unfused code with ops moved only
 * within their region, every dependence kept, and marks only on legal heads followed by their
 * tail. The checker shares no code with the passes (its own barriers and dependences, from the
 * generated decoder). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "morph_decode.h"
#include "xl_bbt.h"
#include "xl_emit.h"
#include "fuse.h"
#include "xl_passes.h"

static struct fuse_region r;
static const struct fuse_core scalar = {.issue_width = 1, .collapsed_alu = 0, .max_srcs = 2, .mem_per_pair = 1};

static void run(unsigned id, const uint32_t *w, unsigned n, const struct fuse_core *core)
{
    assert_int_equal(fuse_region_init(&r, w, n, core), 0);
    fuse_heuristic[id](&r);
}
static int marked(unsigned i) { return (int)(r.head >> i & 1); }
static unsigned at(unsigned p) { return r.ord[p]; }

static void test_adjacent(void **state)
{
    (void)state;
    /* li x5, 1; add eax, eax, x5; addi x6, x0, 2; sub ecx, ecx, x0 (independent of x6) */
    const uint32_t w[] = {xe_addi(5, 0, 1), xe_add(18, 18, 5), xe_addi(6, 0, 2), xe_sub(19, 19, 0)};
    run(FUSE_ID_adjacent, w, 4, &fuse_core_default);
    assert_true(marked(0));
    assert_false(marked(1) || marked(2) || marked(3));
    for (unsigned p = 0; p < 4; p++) assert_int_equal(at(p), p);
    struct fuse_stats s = {0};
    fuse_count(&r, &s);
    assert_int_equal(s.pairs, 1);
    assert_int_equal(s.rejected[FUSE_R_notail], 2); /* addi x6 and sub: no reader next */
}

static void test_hu_smith_moves_tail(void **state)
{
    (void)state;
    /* lui x5; addi x6, x0, 2; addi x5, x5, 3; add eax, eax, x6: the tail of lui comes up */
    const uint32_t w[] = {xe_lui(5, 0x8049), xe_addi(6, 0, 2), xe_addi(5, 5, 3), xe_add(18, 18, 6)};
    run(FUSE_ID_hu_smith, w, 4, &fuse_core_default);
    assert_int_equal(at(0), 0);
    assert_int_equal(at(1), 2);
    assert_int_equal(at(2), 1);
    assert_int_equal(at(3), 3);
    assert_true(marked(0) && marked(1));
    struct fuse_stats s = {0};
    fuse_count(&r, &s);
    assert_int_equal(s.pairs, 2);
    assert_int_equal(s.moved, 2);
    /* adjacent takes only what is already together: nothing here */
    run(FUSE_ID_adjacent, w, 4, &fuse_core_default);
    assert_int_equal(r.head, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    /* cycle: addi x5; glw x6, 0(x5) (depends on it); add x7, x6, x5 (depends on both) */
    const uint32_t c[] = {xe_addi(5, 18, 1), xe_gload(2, 6, 5, 0), xe_add(7, 6, 5)};
    assert_int_equal(fuse_region_init(&r, c, 3, &fuse_core_default), 0);
    assert_int_equal(fuse_try(&r, 0, 2, FUSE_MOVE), FUSE_R_cycle);
    /* hu-smith: the ALU tail is refused, the load taken in the second pass */
    run(FUSE_ID_hu_smith, c, 3, &fuse_core_default);
    assert_true(marked(0));
    assert_int_equal(at(1), 1);
    /* three sources: add x5, eax, ecx; add x6, x5, edx */
    const uint32_t s3[] = {xe_add(5, 18, 19), xe_add(6, 5, 20)};
    assert_int_equal(fuse_region_init(&r, s3, 2, &fuse_core_default), 0);
    assert_int_equal(fuse_try(&r, 0, 1, 0), FUSE_R_srcs);
    /* barrier: the closing branch reads x5, and an op between reads it too */
    const uint32_t b[] = {xe_addi(5, 18, 1), xe_add(6, 5, 5), xe_beq(5, 0, 8)};
    assert_int_equal(fuse_region_init(&r, b, 3, &fuse_core_default), 0);
    assert_int_equal(fuse_try(&r, 0, 2, FUSE_MOVE), FUSE_R_barrier);
    /* no op after a branch in a region */
    const uint32_t bb[] = {xe_beq(5, 0, 8), xe_addi(5, 18, 1)};
    assert_int_equal(fuse_region_init(&r, bb, 2, &fuse_core_default), -1);
    /* a store does not pass a load: addi x5; gsw eax, 0(ebx); glw x6, 0(x5) -> the store goes
     * above the head, the load stays after the store */
    const uint32_t m[] = {xe_addi(5, 20, 4), xe_gstore(2, 18, 21, 0), xe_gload(2, 6, 5, 0)};
    run(FUSE_ID_hu_smith, m, 3, &fuse_core_default);
    assert_int_equal(at(0), 1);
    assert_int_equal(at(1), 0);
    assert_int_equal(at(2), 2);
    assert_true(marked(0));
}

static void test_dual(void **state)
{
    (void)state;
    /* two independent ops pair on a dual-issue core, none on a scalar one */
    const uint32_t w[] = {xe_addi(5, 18, 1), xe_addi(6, 19, 1), xe_gload(2, 7, 5, 0), xe_gload(2, 10, 6, 0)};
    run(FUSE_ID_dual, w, 4, &fuse_core_default);
    assert_true(marked(0));
    assert_true(marked(2) == 0 || r.ord[3] != 3); /* two loads never pair (one memory op) */
    run(FUSE_ID_dual, w, 4, &scalar);
    assert_int_equal(r.head, 0);
}

/* ---- the scheduler on regions ------------------------------------------------------------ */

/* Cores as fuse_core_from_knobs makes them from the presets m0, macro, wide2 (sim/sim_core.c). */
static const struct fuse_core m0 = {.issue_width = 1, .max_srcs = 2, .mem_per_pair = 1, .load_use = 1};
static const struct fuse_core macro = {.issue_width = 1, .fuses = 1, .collapsed_alu = 1, .max_srcs = 2,
                                       .mem_per_pair = 1, .load_use = 1};
static const struct fuse_core wide2 = {.issue_width = 2, .max_srcs = 2, .mem_per_pair = 1, .load_use = 1};

static unsigned sched(const uint32_t *w, unsigned n, const struct fuse_core *core)
{
    assert_int_equal(fuse_region_init(&r, w, n, core), 0);
    return xl_sched_region(&r);
}

static void test_sched_load_use(void **state)
{
    (void)state;
    /* glw edx, [esi]; xsub.w x0, eax, edx (its consumer); addi ecx, ecx, 4: the addi goes
     * between the load and its use on m0 */
    const uint32_t w[] = {xe_gload(2, 20, 24, 0), xe_xalu(F7_XSUB_W, 2, 0, 18, 20), xe_addi(19, 19, 4)};
    assert_int_equal(sched(w, 3, &m0), 2);
    assert_int_equal(at(0), 0);
    assert_int_equal(at(1), 2);
    assert_int_equal(at(2), 1);
    /* without a load-use delay every order costs the same: nothing moves */
    struct fuse_core lu0 = m0;
    lu0.load_use = 0;
    assert_int_equal(sched(w, 3, &lu0), 0);
    /* the addi writes what the consumer reads (WAR): it cannot go between */
    const uint32_t war[] = {xe_gload(2, 20, 24, 0), xe_xalu(F7_XSUB_W, 2, 0, 18, 20), xe_addi(18, 19, 4)};
    assert_int_equal(sched(war, 3, &m0), 0);
    /* a store between: the second load may not pass it, so its use cannot be hidden by it */
    const uint32_t mem[] = {xe_gload(2, 20, 24, 0), xe_gstore(2, 21, 25, 0), xe_gload(2, 6, 25, 4), xe_add(18, 18, 6)};
    sched(mem, 4, &m0);
    assert_true(r.pos[1] < r.pos[2]);
    assert_true(r.pos[0] < r.pos[1]);
}

static void test_sched_cores(void **state)
{
    (void)state;
    /* two chains: x5 = eax + 1, x5 += 1; x6 = ecx + 1, x6 += 1 */
    const uint32_t w[] = {xe_addi(5, 18, 1), xe_addi(5, 5, 1), xe_addi(6, 19, 1), xe_addi(6, 6, 1)};
    /* one op a cycle, no loads: every order costs the same */
    assert_int_equal(sched(w, 4, &m0), 0);
    /* 2 wide: the chains interleave, so each pair of independent ops issues together */
    assert_int_equal(sched(w, 4, &wide2), 2);
    assert_int_equal(at(0), 0);
    assert_int_equal(at(1), 2);
    assert_int_equal(at(2), 1);
    assert_int_equal(at(3), 3);
    /* a collapsed ALU: a dependent ALU op right after its producer (a pair fusion will take) */
    const uint32_t c[] = {xe_addi(5, 18, 1), xe_addi(6, 19, 1), xe_addi(7, 5, 1)};
    assert_int_equal(sched(c, 3, &macro), 2);
    assert_int_equal(at(0), 0);
    assert_int_equal(at(1), 2);
    assert_int_equal(at(2), 1);
    run(FUSE_ID_adjacent, (const uint32_t[]){c[0], c[2], c[1]}, 3, &macro);
    assert_true(marked(0));
    /* the closing branch stays last even when it could issue earlier */
    const uint32_t b[] = {xe_gload(2, 20, 24, 0), xe_add(18, 18, 20), xe_addi(19, 19, 4), xe_beq(21, 0, 8)};
    sched(b, 4, &m0);
    assert_int_equal(at(3), 3);
    assert_int_equal(at(1), 2);
}

/* ---- the checker ------------------------------------------------------------------------- */

/* Ops that may move: base ALU and M ops, x-ALU, xsetcc, lui, guest loads and stores. */
static int movable(uint32_t w)
{
    enum morph_iop op = morph_classify(w);
    unsigned a = morph_iop_info(op)->attr, opc = morph_opcode(w | MORPH_FUSE_BIT);
    if (a & (MORPH_A_BRANCH | MORPH_A_JUMP | MORPH_A_TRAP | MORPH_A_CSR | MORPH_A_LOAD | MORPH_A_STORE)) return 0;
    return (a & (MORPH_A_XALU | MORPH_A_GLOAD | MORPH_A_GSTORE)) || op == MI_XSETCC || op == MI_LUI || opc == 0x13 ||
           opc == 0x33;
}

static int depends(uint32_t x, uint32_t y) /* y after x must stay after x */
{
    enum morph_iop ox = morph_classify(x), oy = morph_classify(y);
    unsigned ax = morph_iop_info(ox)->attr, ay = morph_iop_info(oy)->attr;
    uint32_t rx = morph_regs_read(x, ox), ry = morph_regs_read(y, oy);
    uint32_t wx = morph_reg_written(x, ox) ? 1u << morph_reg_written(x, ox) : 0;
    uint32_t wy = morph_reg_written(y, oy) ? 1u << morph_reg_written(y, oy) : 0;
    if ((wx & (ry | wy)) || (rx & wy)) return 1;
    if ((ax & MORPH_A_FLAGS_W) && (ay & (MORPH_A_FLAGS_R | MORPH_A_FLAGS_W))) return 1;
    if ((ax & MORPH_A_FLAGS_R) && (ay & MORPH_A_FLAGS_W)) return 1;
    unsigned mx = ax & (MORPH_A_GLOAD | MORPH_A_GSTORE), my = ay & (MORPH_A_GLOAD | MORPH_A_GSTORE);
    return mx && my && ((ax | ay) & MORPH_A_GSTORE);
}

static int is_xexit(uint32_t w) { return morph_classify(w) == MI_XEXIT; }

/* a (unfused) and b (fused) are n linked words of the same block. */
static void check_reordering(const uint32_t *a, const uint32_t *b, unsigned n, int dependent_marks)
{
    uint8_t cut[XL_BBT_MAX_WORDS + 1] = {0}, data[XL_BBT_MAX_WORDS] = {0};
    for (unsigned k = 0; k < n; k++) {
        if (is_xexit(a[k])) data[k + 1] = data[k + 2] = 1;
        if (data[k]) continue;
        enum morph_iop op = morph_classify(a[k]);
        unsigned at_ = morph_iop_info(op)->attr;
        int32_t off = at_ & MORPH_A_BRANCH ? morph_imm_b(a[k]) : op == MI_JAL ? morph_imm_j(a[k]) : 0;
        if (off && (int32_t)k + off / 4 >= 0 && (unsigned)((int32_t)k + off / 4) <= n) cut[k + off / 4] = 1;
    }
    unsigned s = 0;
    for (unsigned k = 0; k <= n; k++) {
        int barrier = k < n && (data[k] || !movable(a[k]));
        if (k < n && !barrier && !cut[k]) continue;
        if (barrier) assert_int_equal(a[k], b[k]); /* barriers and data words stay, unmarked */
        /* the segment [s, k) of movable ops: a permutation that keeps every dependence */
        unsigned from[XL_BBT_MAX_WORDS];
        uint8_t used[XL_BBT_MAX_WORDS] = {0};
        for (unsigned p = s; p < k; p++) {
            unsigned q = s;
            while (q < k && (used[q] || (a[q] | MORPH_FUSE_BIT) != (b[p] | MORPH_FUSE_BIT))) q++;
            assert_true(q < k); /* b's op comes from the same segment of a */
            used[q] = 1;
            from[p] = q;
        }
        for (unsigned p = s; p < k; p++)
            for (unsigned p2 = p + 1; p2 < k; p2++)
                if (from[p2] < from[p]) assert_false(depends(a[from[p2]], a[from[p]]));
        /* marks: the tail is the next op of the segment, or the branch that closes it */
        int closing = barrier && !data[k] && !cut[k] && (morph_iop_info(morph_classify(a[k]))->attr & MORPH_A_BRANCH);
        for (unsigned p = s; p < k; p++) {
            if (b[p] & MORPH_FUSE_BIT) continue;
            unsigned t = p + 1;
            assert_true(t < k || closing);
            if (dependent_marks) {
                enum morph_iop oh = morph_classify(b[p]), ot = morph_classify(b[t]);
                unsigned wr = morph_reg_written(b[p], oh);
                int flags = (morph_iop_info(oh)->attr & MORPH_A_FLAGS_W) && (morph_iop_info(ot)->attr & MORPH_A_FLAGS_R);
                assert_true(flags || (wr && (morph_regs_read(b[t], ot) >> wr & 1)));
            }
        }
        s = barrier ? k + 1 : k;
    }
}

/* Marks in the n words of w (stub data words are not ops). */
static unsigned marks(const uint32_t *w, unsigned n)
{
    unsigned m = 0;
    for (unsigned k = 0; k < n; k++) {
        m += !(w[k] & MORPH_FUSE_BIT);
        if (is_xexit(w[k])) k += XL_STUB_DATA_WORDS;
    }
    return m;
}

#define BASE_EIP 0x08049000u
static uint8_t code_bytes[256];
static unsigned code_len;
static const struct xl_insn *fetch(uint32_t eip, struct xl_insn *out, void *ctx)
{
    (void)ctx;
    uint32_t off = eip - BASE_EIP;
    if (off >= code_len) return NULL;
    unsigned n = code_len - off < XL_MAX_LEN ? code_len - off : XL_MAX_LEN;
    return xl_decode(eip, code_bytes + off, n, out) == 0 ? out : NULL;
}

static uint32_t translate(const char *hex, unsigned id, uint32_t *buf)
{
    code_len = 0;
    for (const char *p = hex; *p;) {
        unsigned v;
        int k;
        if (sscanf(p, "%x%n", &v, &k) != 1) break;
        code_bytes[code_len++] = (uint8_t)v;
        p += k;
    }
    struct xl_bbt_result res;
    res.want_insn_ops = 0;
    fuse_chosen = id;
    xl_fuse_blocks = XL_FUSE_BLOCKS_SAME; /* these blocks stand for any translation */
    uint32_t n = xl_bbt_translate(BASE_EIP, buf, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, &res);
    fuse_chosen = FUSE_ID_none;
    xl_fuse_blocks = XL_FUSE_BLOCKS_DEFAULT;
    return n;
}

/* Blocks of x86 code (hex) the whole-block tests translate: docs/translator.md's example;
 * loads, stores, ALU and ret; push/pop, lea, imul; cmov (skips its mv) and loop; rep movsd and
 * jz; lock cmpxchg (labels) and jmp; cdq, idiv (side exits) and call; a reused displacement and
 * AH; loads and their uses. */
static const char *const blocks[] = {
    "83 c4 f0 39 d8 3c 05 f7 f1 0f 94 c0 75 f0",
    "8b 45 08 03 45 0c 89 45 fc 8b 4d fc 01 c8 c1 e0 02 c3",
    "55 89 e5 53 8b 5d 08 8b 03 8d 04 80 0f af c3 5b 5d c3",
    "39 c8 0f 4f c1 0f 44 d3 83 c0 01 e2 f4",
    "f3 a5 8b 06 89 07 01 f8 74 02",
    "f0 0f b1 0b 89 c2 83 e2 0f 09 d0 eb 00",
    "99 f7 fb 89 c1 0f b6 c2 c1 e1 04 29 c1 e8 00 00 00 00",
    "8b 04 8d 00 10 40 00 8b 1c 8d 04 10 40 00 01 d8 88 c4 66 89 06 c3",
    "8b 06 8b 5e 04 01 d8 8b 4f 08 29 c8 89 07 8b 56 0c 42 89 57 10 eb 00",
};
#define NBLOCKS (sizeof blocks / sizeof blocks[0])

static void test_blocks(void **state)
{
    (void)state;
    static uint32_t a[XL_BBT_MAX_WORDS], b[XL_BBT_MAX_WORDS];
    unsigned pairs = 0;
    for (unsigned i = 0; i < NBLOCKS; i++) {
        uint32_t n = translate(blocks[i], FUSE_ID_none, a);
        assert_true(n > 0);
        assert_int_equal(marks(a, n), 0);
        for (unsigned id = 0; id < FUSE_ID_COUNT; id++) {
            assert_int_equal(translate(blocks[i], id, b), n);
            check_reordering(a, b, n, id != FUSE_ID_dual);
            pairs += marks(b, n);
        }
    }
    assert_true(pairs > 20);
}

/* The scheduler (xl_sched all) for several cores, with every heuristic after it: the result is
 * a valid reordering of the unscheduled, unfused block. */
static void test_sched_blocks(void **state)
{
    (void)state;
    static const struct fuse_core *const cores[] = {&m0, &macro, &wide2, &fuse_core_default};
    static uint32_t a[XL_BBT_MAX_WORDS], b[XL_BBT_MAX_WORDS];
    unsigned moved0 = xl_sched_moved;
    for (unsigned i = 0; i < NBLOCKS; i++) {
        uint32_t n = translate(blocks[i], FUSE_ID_none, a);
        assert_true(n > 0);
        for (unsigned c = 0; c < sizeof cores / sizeof cores[0]; c++) {
            fuse_core = *cores[c];
            xl_sched_set(XL_SCHED_ALL);
            for (unsigned id = 0; id < FUSE_ID_COUNT; id++) {
                assert_int_equal(translate(blocks[i], id, b), n);
                check_reordering(a, b, n, id != FUSE_ID_dual);
            }
            xl_sched_set(XL_SCHED_SB); /* a block is no superblock: nothing moves */
            assert_int_equal(translate(blocks[i], FUSE_ID_none, b), n);
            assert_memory_equal(a, b, n * sizeof a[0]);
        }
    }
    fuse_core = fuse_core_default;
    xl_sched_set(XL_SCHED_DEFAULT);
    assert_true(xl_sched_moved - moved0 > 20);
}

static void no_stage(const char *stage, const struct xl_ir *ir) { (void)stage, (void)ir; }

/* The pass sched runs the heuristic itself on each region it scheduled, renamed in the new order
 * (fuse_region_renumber), unless a stage hook wants the code after each pass: both ways must
 * make the same code, for every core and heuristic. */
static void test_sched_fuse_merged(void **state)
{
    (void)state;
    static const struct fuse_core *const cores[] = {&m0, &macro, &wide2, &fuse_core_default};
    static uint32_t a[XL_BBT_MAX_WORDS], b[XL_BBT_MAX_WORDS];
    unsigned moved = 0;
    for (unsigned i = 0; i < NBLOCKS; i++)
        for (unsigned c = 0; c < sizeof cores / sizeof cores[0]; c++) {
            fuse_core = *cores[c];
            xl_sched_set(XL_SCHED_ALL);
            for (unsigned id = 1; id < FUSE_ID_COUNT; id++) {
                unsigned m0n = xl_sched_moved;
                uint32_t n = translate(blocks[i], id, a);
                moved += xl_sched_moved - m0n;
                xl_bbt_stage_hook = no_stage;
                assert_int_equal(translate(blocks[i], id, b), n);
                xl_bbt_stage_hook = NULL;
                assert_memory_equal(a, b, n * sizeof a[0]);
            }
        }
    fuse_core = fuse_core_default;
    xl_sched_set(XL_SCHED_DEFAULT);
    assert_true(moved > 20);
}

/* `adjacent` straight on the words (xl_regions_adjacent, what basic blocks get by default) makes
 * the same code and counts as on built regions, for every core; and blocks get it whatever
 * --fusion says unless --fusion-blocks=same. */
static void test_adjacent_words(void **state)
{
    (void)state;
    static const struct fuse_core *const cores[] = {&m0, &macro, &wide2, &scalar, &fuse_core_default};
    static uint32_t a[XL_BBT_MAX_WORDS], b[XL_BBT_MAX_WORDS];
    unsigned pairs = 0;
    for (unsigned i = 0; i < NBLOCKS; i++)
        for (unsigned c = 0; c < sizeof cores / sizeof cores[0]; c++) {
            fuse_core = *cores[c];
            struct fuse_stats s0 = fuse_totals;
            uint32_t n = translate(blocks[i], FUSE_ID_adjacent, a);
            struct fuse_stats s1 = fuse_totals;
            xl_fuse_fast = 0;
            assert_int_equal(translate(blocks[i], FUSE_ID_adjacent, b), n);
            xl_fuse_fast = 1;
            struct fuse_stats s2 = fuse_totals;
            assert_memory_equal(a, b, n * sizeof a[0]);
            assert_int_equal(s1.pairs - s0.pairs, s2.pairs - s1.pairs);
            for (unsigned k = 0; k < FUSE_R_COUNT; k++)
                assert_int_equal(s1.rejected[k] - s0.rejected[k], s2.rejected[k] - s1.rejected[k]);
            pairs += s1.pairs - s0.pairs;
            /* the default for blocks: adjacent whatever the heuristic */
            fuse_chosen = FUSE_ID_hu_smith;
            struct xl_bbt_result res;
            res.want_insn_ops = 0;
            uint32_t m = xl_bbt_translate(BASE_EIP, b, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, &res);
            fuse_chosen = FUSE_ID_none;
            assert_int_equal(m, n);
            assert_memory_equal(a, b, n * sizeof a[0]);
        }
    fuse_core = fuse_core_default;
    assert_true(pairs > 20);
}

/* fuse_region_renumber after a schedule gives the region that adding the words in the new order
 * builds: the same ops, dependences and ancestors. */
static void test_renumber(void **state)
{
    (void)state;
    /* loads, their uses, flags, a store, independent ALU ops */
    const uint32_t w[] = {xe_gload(2, 5, 18, 0), xe_gload(2, 6, 18, 4), xe_add(19, 19, 5), xe_addi(20, 20, 1),
                          xe_xalu(F7_XADD_W, 2, 19, 19, 6), xe_gstore(2, 19, 21, 0), xe_gload(2, 7, 21, 8),
                          xe_sub(22, 22, 7), xe_addi(23, 20, 3), xe_and(24, 23, 22), xe_xalu(F7_XSUB_W, 2, 0, 24, 19)};
    const unsigned n = sizeof w / sizeof w[0];
    static const struct fuse_core *const cores[] = {&m0, &macro, &wide2};
    static struct fuse_region want;
    for (unsigned c = 0; c < sizeof cores / sizeof cores[0]; c++) {
        assert_int_equal(fuse_region_init(&r, w, n, cores[c]), 0);
        assert_true(xl_sched_region(&r) > 0);
        uint32_t v[sizeof w / sizeof w[0]];
        for (unsigned p = 0; p < n; p++) v[p] = w[r.ord[p]];
        fuse_region_renumber(&r);
        assert_int_equal(fuse_region_init(&want, v, n, cores[c]), 0);
        for (unsigned i = 0; i < n; i++) {
            assert_int_equal(r.op[i].w, want.op[i].w);
            assert_int_equal(r.op[i].rd, want.op[i].rd);
            assert_int_equal(r.dep[i], want.dep[i]);
            assert_int_equal(r.raw[i], want.raw[i]);
            assert_int_equal(r.anc[i], want.anc[i]);
            assert_int_equal(r.ord[i], i);
            assert_int_equal(r.pos[i], i);
        }
        assert_int_equal(r.head | r.paired, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adjacent),
        cmocka_unit_test(test_hu_smith_moves_tail),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_dual),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_sched_load_use),
        cmocka_unit_test(test_sched_cores),
        cmocka_unit_test(test_sched_blocks),
        cmocka_unit_test(test_sched_fuse_merged),
        cmocka_unit_test(test_renumber),
        cmocka_unit_test(test_adjacent_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
