/* The generated decode helper (morph_decode.h) against the translator's encoders (xl_emit.h):
 * every op of the tables is encoded with random fields and decoded back to the same class,
 * fields and immediates; the B/J re-encoders retarget as the encoders would; and the generated
 * classifier agrees with a plain scan of the tables' match/mask pairs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "morph_decode.h"
#include "xl_emit.h"

static uint32_t rng = 12345;
static uint32_t rnd(void) /* xorshift32: fixed seed, reproducible */
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
static int32_t rnd_signed(unsigned bits) { return (int32_t)(rnd() << (32 - bits)) >> (32 - bits); }

/* The classifier's answer by a linear scan of the table: the reference. */
static enum morph_iop scan(uint32_t w)
{
    if (!(w & 1)) return MI_ILLEGAL;
    w |= MORPH_FUSE_BIT;
    for (int op = 1; op < MI_COUNT; op++) {
        const struct morph_iop_info *i = morph_iop_info((enum morph_iop)op);
        if ((w & i->mask) == i->match) return (enum morph_iop)op;
    }
    return MI_ILLEGAL;
}

/* Word of op `op` with random operands, through xl_emit.h's format encoders; *imm gets the
 * immediate the word carries (0 when the format has none). */
static uint32_t encode(enum morph_iop op, unsigned rd, unsigned rs1, unsigned rs2, int32_t *imm)
{
    const struct morph_iop_info *i = morph_iop_info(op);
    uint32_t m = i->match, opc = morph_opcode(m), f3 = morph_funct3(m), f7 = morph_funct7(m);
    *imm = 0;
    if (i->mask == 0xffffffffu) return m; /* ecall, ebreak, mret, wfi: no operands */
    switch (i->fmt) {
    case 'R': return xe_r(f7, rs2, rs1, f3, rd, opc);
    case 'I':
        /* shifts: funct7 above a 5-bit shamt in the immediate */
        *imm = (i->mask & MORPH_F_FUNCT7) ? (int32_t)(f7 << 5 | rs2) : rnd_signed(12);
        return xe_i(*imm, rs1, f3, rd, opc);
    case 'S': *imm = rnd_signed(12); return xe_s(*imm, rs2, rs1, f3, opc);
    case 'B': *imm = rnd_signed(13) & ~1; return xe_b(*imm, rs2, rs1, f3, opc);
    case 'J': *imm = rnd_signed(21) & ~1; return xe_j(*imm, rd);
    case 'U':
        *imm = (int32_t)(rnd() & 0xfffff000u);
        return op == MI_LUI ? xe_lui(rd, (uint32_t)*imm >> 12) : xe_auipc(rd, (uint32_t)*imm >> 12);
    }
    fail_msg("op %s: format %c", i->name, i->fmt);
    return 0;
}

static void test_every_op_round_trips(void **state)
{
    (void)state;
    for (int op = 1; op < MI_COUNT; op++) {
        const struct morph_iop_info *i = morph_iop_info((enum morph_iop)op);
        for (int k = 0; k < 200; k++) {
            unsigned rd = rnd() & 31, rs1 = rnd() & 31, rs2 = rnd() & 31;
            int32_t imm;
            uint32_t w = encode((enum morph_iop)op, rd, rs1, rs2, &imm);
            if ((int)morph_classify(w) != op) fail_msg("%s: 0x%08x classified as %s", i->name, w,
                                                  morph_iop_info(morph_classify(w))->name);
            /* the fuse mark does not change the op; bit 0 clear is illegal */
            assert_int_equal(morph_classify(w & ~MORPH_FUSE_BIT), op);
            assert_int_equal(morph_classify(w & ~1u), MI_ILLEGAL);
            if (i->mask == 0xffffffffu) continue;
            uint32_t a = i->attr;
            if (i->fmt != 'U' && i->fmt != 'J') assert_int_equal(morph_rs1(w), rs1);
            if (i->fmt == 'R' || i->fmt == 'S' || i->fmt == 'B') assert_int_equal(morph_rs2(w), rs2);
            if (i->fmt != 'S' && i->fmt != 'B') assert_int_equal(morph_rd(w), rd);
            switch (i->fmt) {
            case 'I': assert_int_equal(morph_imm_i(w), imm); break;
            case 'S': assert_int_equal(morph_imm_s(w), imm); break;
            case 'U': assert_int_equal(morph_imm_u(w), imm); break;
            case 'B': {
                assert_int_equal(morph_imm_b(w), imm);
                int32_t off = rnd_signed(13) & ~1;
                assert_true(morph_fits_b(off));
                uint32_t w2 = morph_set_imm_b(w, off);
                assert_int_equal(w2, xe_b(off, rs2, rs1, morph_funct3(w), morph_opcode(w)));
                assert_int_equal(morph_imm_b(w2), off);
                assert_int_equal(morph_classify(w2), op);
                assert_int_equal(morph_set_imm_b(w & ~MORPH_FUSE_BIT, off), w2 & ~MORPH_FUSE_BIT);
                break;
            }
            case 'J': {
                assert_int_equal(morph_imm_j(w), imm);
                int32_t off = rnd_signed(21) & ~1;
                assert_true(morph_fits_j(off));
                uint32_t w2 = morph_set_imm_j(w, off);
                assert_int_equal(w2, xe_j(off, rd));
                assert_int_equal(morph_imm_j(w2), off);
                break;
            }
            }
            /* registers read and written follow the operand facts */
            uint32_t rmask = ((a & MORPH_A_RS1) ? 1u << rs1 : 0) | ((a & MORPH_A_RS2) ? 1u << rs2 : 0);
            assert_int_equal(morph_regs_read(w, (enum morph_iop)op), rmask & ~1u);
            assert_int_equal(morph_reg_written(w, (enum morph_iop)op), (a & MORPH_A_RD) ? rd : 0);
        }
    }
}

static void test_offset_ranges(void **state)
{
    (void)state;
    assert_true(morph_fits_b(-4096) && morph_fits_b(4094) && !morph_fits_b(4096));
    assert_false(morph_fits_b(-4098) || morph_fits_b(3));
    assert_true(morph_fits_j(-(1 << 20)) && morph_fits_j((1 << 20) - 2) && !morph_fits_j(1 << 20));
    /* extremes survive a round trip */
    static const int32_t b[] = {-4096, -2, 0, 2, 2046, 2048, 4094};
    for (unsigned k = 0; k < sizeof b / sizeof b[0]; k++)
        assert_int_equal(morph_imm_b(morph_set_imm_b(xe_beq(3, 4, 0), b[k])), b[k]);
    static const int32_t j[] = {-(1 << 20), -2, 0, 2, 2048, (1 << 20) - 2};
    for (unsigned k = 0; k < sizeof j / sizeof j[0]; k++)
        assert_int_equal(morph_imm_j(morph_set_imm_j(xe_jal(1, 0), j[k])), j[k]);
}

/* The named encoders of xl_emit.h, one per op class, decode to the op they name. */
static void test_named_encoders(void **state)
{
    (void)state;
    const struct { uint32_t w; enum morph_iop op; } c[] = {
        {xe_addi(5, 6, -7), MI_ADDI}, {xe_xori(5, 6, 1), MI_XORI}, {xe_ori(5, 6, 1), MI_ORI},
        {xe_andi(5, 6, 255), MI_ANDI}, {xe_slli(5, 6, 31), MI_SLLI}, {xe_srli(5, 6, 3), MI_SRLI},
        {xe_srai(5, 6, 3), MI_SRAI}, {xe_add(5, 6, 7), MI_ADD}, {xe_sub(5, 6, 7), MI_SUB},
        {xe_sll(5, 6, 7), MI_SLL}, {xe_xor(5, 6, 7), MI_XOR}, {xe_srl(5, 6, 7), MI_SRL},
        {xe_sra(5, 6, 7), MI_SRA}, {xe_or(5, 6, 7), MI_OR}, {xe_and(5, 6, 7), MI_AND},
        {xe_mul(5, 6, 7), MI_MUL}, {xe_mulh(5, 6, 7), MI_MULH}, {xe_mulhu(5, 6, 7), MI_MULHU},
        {xe_divu(5, 6, 7), MI_DIVU}, {xe_remu(5, 6, 7), MI_REMU}, {xe_lui(5, 0x12345), MI_LUI},
        {xe_auipc(5, 1), MI_AUIPC}, {xe_jal(0, -8), MI_JAL}, {xe_jalr(0, 5, 4), MI_JALR},
        {xe_beq(5, 0, 12), MI_BEQ}, {xe_bne(5, 6, -12), MI_BNE},
        {xe_csrrs(5, CSR_XFLAGS, 0), MI_CSRRS}, {xe_csrrw(0, CSR_XFLAGS, 5), MI_CSRRW},
        {xe_csrrsi(0, CSR_XFLAGS, 1), MI_CSRRSI}, {xe_csrrci(0, CSR_XFLAGS, 1), MI_CSRRCI},
        {xe_gload(0, 5, 21, -4), MI_GLB}, {xe_gload(1, 5, 21, 2), MI_GLH},
        {xe_gload(2, 5, 21, 8), MI_GLW}, {xe_gload(4, 5, 21, 0), MI_GLBU},
        {xe_gload(5, 5, 21, 0), MI_GLHU}, {xe_gstore(0, 5, 21, 1), MI_GSB},
        {xe_gstore(1, 5, 21, -2), MI_GSH}, {xe_gstore(2, 5, 21, 2047), MI_GSW},
        {xe_xbcc(XCC_NE, -16), MI_XBCC}, {xe_xsetcc(5, XCC_L), MI_XSETCC}, {xe_jtlbj(5), MI_JTLBJ},
        {xe_commit(27), MI_COMMIT}, {xe_xexit(5), MI_XEXIT},
    };
    for (unsigned k = 0; k < sizeof c / sizeof c[0]; k++) {
        if (morph_classify(c[k].w) != c[k].op)
            fail_msg("0x%08x: %s, expected %s", c[k].w, morph_iop_info(morph_classify(c[k].w))->name,
                     morph_iop_info(c[k].op)->name);
    }
    assert_int_equal(morph_imm_b(xe_xbcc(XCC_NE, -16)), -16);
    assert_int_equal(morph_rs1(xe_xbcc(XCC_NE, -16)), XCC_NE); /* xbcc's cc is no register */
    assert_int_equal(morph_regs_read(xe_xbcc(XCC_NE, -16), MI_XBCC), 0);
    assert_int_equal(morph_imm_i(xe_xsetcc(5, XCC_L)), XCC_L);
    /* every x-ALU op and size */
    unsigned n = 0;
#define X(NAME, f7)                                                                               \
    for (unsigned sz = 0; sz < 3; sz++) {                                                        \
        uint32_t w = xe_xalu(f7, sz, 18, 19, 20);                                                \
        const struct morph_iop_info *i = morph_iop_info(morph_classify(w));                      \
        assert_true(i->attr & MORPH_A_XALU);                                                     \
        assert_true(i->attr & MORPH_A_FLAGS_W);                                                  \
        assert_int_equal(i->xalu, f7);                                                           \
        assert_int_equal(i->size, 1u << sz);                                                     \
        assert_int_equal(morph_iop_info(MI_XADD_B + 3 * (f7) + sz)->match, i->match);            \
        n++;                                                                                     \
    }
    MORPH_XALU_OPS(X)
#undef X
    assert_int_equal(n, 3 * MORPH_XALU_COUNT);
    /* classes the passes ask about */
    assert_true(morph_iop_info(MI_XBCC)->attr & MORPH_A_BRANCH);
    assert_true(morph_iop_info(MI_XBCC)->attr & MORPH_A_FLAGS_R);
    assert_true(morph_iop_info(MI_JTLBJ)->attr & MORPH_A_JUMP);
    assert_true(morph_iop_info(MI_XEXIT)->attr & MORPH_A_TRAP);
    assert_true(morph_iop_info(MI_GLHU)->attr & MORPH_A_GLOAD);
    assert_true(morph_iop_info(MI_GSW)->attr & MORPH_A_GSTORE);
    assert_int_equal(morph_iop_info(MI_GSW)->size, 4);
    assert_true(morph_iop_info(MI_XADC_W)->attr & MORPH_A_FLAGS_R);
    assert_false(morph_iop_info(MI_XADD_W)->attr & MORPH_A_FLAGS_R);
    assert_false(morph_iop_info(MI_XINC_W)->attr & MORPH_A_RS2);
}

/* The generated switch against a scan of the tables, on random words and on every
 * opcode/funct3/funct7 combination. */
static void test_classifier_matches_tables(void **state)
{
    (void)state;
    for (int k = 0; k < 1000000; k++) {
        uint32_t w = rnd();
        assert_int_equal(morph_classify(w), scan(w));
    }
    for (uint32_t opc = 0; opc < 128; opc++)
        for (uint32_t f3 = 0; f3 < 8; f3++)
            for (uint32_t f7 = 0; f7 < 128; f7++) {
                uint32_t w = f7 << 25 | f3 << 12 | opc | (rnd() & (MORPH_F_RD | MORPH_F_RS1 | MORPH_F_RS2));
                assert_int_equal(morph_classify(w), scan(w));
            }
    static const uint32_t sys[] = {0x00000073u, 0x00100073u, 0x30200073u, 0x10500073u, 0x00200073u};
    for (unsigned k = 0; k < sizeof sys / sizeof sys[0]; k++)
        assert_int_equal(morph_classify(sys[k]), scan(sys[k]));
    assert_int_equal(morph_classify(0x00200073u), MI_ILLEGAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_op_round_trips),
        cmocka_unit_test(test_offset_ranges),
        cmocka_unit_test(test_named_encoders),
        cmocka_unit_test(test_classifier_matches_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
