/* translator/xl_bbt.c on the host (decoded by the host's Zydis through xl_decode): dead-flag
 * elimination, exit stubs, displacement reuse and the store-buffer bound.
 *
 * The I-ops of each instruction form (translation quality) are pinned as data in tests/xlpins
 * (make test-xlpins; docs/translator.md, "Translation-quality pins"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "morph_decode.h"
#include "morph_isa.h"
#include "xl_bbt.h"

#define BASE_EIP 0x08049000u

static uint8_t code_bytes[512];
static unsigned code_len;

static const struct xl_insn *fetch(uint32_t eip, struct xl_insn *out, void *ctx)
{
    (void)ctx;
    uint32_t off = eip - BASE_EIP;
    if (off >= code_len) return NULL;
    unsigned n = code_len - off < XL_MAX_LEN ? code_len - off : XL_MAX_LEN;
    return xl_decode(eip, code_bytes + off, n, out) == 0 ? out : NULL;
}

static uint32_t buf[XL_BBT_MAX_WORDS];

static uint32_t translate(const uint8_t *b, unsigned n, struct xl_bbt_result *res)
{
    memcpy(code_bytes, b, n);
    code_len = n;
    res->want_insn_ops = 1;
    return xl_bbt_translate(BASE_EIP, buf, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, res);
}

/* Classes of emitted ops (the generated decoder, morph_decode.h). */
static int is_op(uint32_t w, enum morph_iop op) { return morph_classify(w) == op; }
static int is_commit(uint32_t w) { return is_op(w, MI_COMMIT); }
static int is_xexit(uint32_t w) { return is_op(w, MI_XEXIT); }
static int has(uint32_t w, unsigned attr) { return (morph_iop_info(morph_classify(w))->attr & attr) != 0; }
static int is_xalu(uint32_t w) { return has(w, MORPH_A_XALU); }

/* Walk code words, skipping the two data words after each xexit. */
#define FOR_OPS(i, n) for (unsigned i = 0; i < (n); i += is_xexit(buf[i]) ? 3 : 1)

static void test_dead_flags(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    /* add eax, ebx; sub ecx, 1; add eax, ecx; jz: only the last ADD's ZF is read */
    static const uint8_t b[] = {0x01, 0xd8, 0x83, 0xe9, 0x01, 0x01, 0xc8, 0x74, 0x10};
    uint32_t w = translate(b, sizeof b, &res);
    assert_true(w > 0);
    assert_int_equal(res.ninsn, 4);
    assert_int_equal(res.flag_ops_elided, 2);
    unsigned nx = 0;
    FOR_OPS(i, w) nx += is_xalu(buf[i]);
    assert_int_equal(nx, 1);
    /* adc reads CF: the SUB before it keeps its flags, the ADD before that does not */
    static const uint8_t c[] = {0x01, 0xd8, 0x83, 0xe9, 0x01, 0x11, 0xc8, 0xc3};
    w = translate(c, sizeof c, &res);
    assert_int_equal(res.flag_ops_elided, 1);
    nx = 0;
    FOR_OPS(i, w) nx += is_xalu(buf[i]);
    assert_int_equal(nx, 2);
    /* inc keeps CF: a CF-reading jc after it keeps the ADD's flags */
    static const uint8_t d[] = {0x01, 0xd8, 0x40, 0x72, 0x10};
    w = translate(d, sizeof d, &res);
    assert_int_equal(res.flag_ops_elided, 0);
}

static void test_exits(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    /* jz: fall-through and taken stubs with their target EIPs */
    static const uint8_t a[] = {0x85, 0xc0, 0x74, 0x10};
    uint32_t w = translate(a, sizeof a, &res);
    unsigned stubs = 0;
    uint32_t targets[4];
    FOR_OPS(i, w) if (is_xexit(buf[i]) && stubs < 4) targets[stubs++] = buf[i + 1];
    assert_int_equal(stubs, 2);
    assert_int_equal(targets[0], BASE_EIP + 4);
    assert_int_equal(targets[1], BASE_EIP + 4 + 0x10);
    /* ret: jtlbj, no stub */
    static const uint8_t r[] = {0xc3};
    w = translate(r, sizeof r, &res);
    unsigned j = 0;
    FOR_OPS(i, w) j += is_op(buf[i], MI_JTLBJ);
    assert_int_equal(j, 1);
    /* int 0x80 is not translated: the block ends before it with an "interpret one" stub */
    static const uint8_t s[] = {0x89, 0xd8, 0xcd, 0x80};
    w = translate(s, sizeof s, &res);
    assert_int_equal(res.ninsn, 1);
    assert_int_equal(res.stop_op, XL_INT);
    assert_int_equal(buf[w - 2], BASE_EIP + 2);
    assert_int_equal(buf[w - 1], XL_STUB_INTERP1 | XL_INT << 8);
    /* a block that starts with an untranslated instruction gives no code */
    w = translate(s + 2, 2, &res);
    assert_int_equal(w, 0);
}

/* Static data: the upper part of a 32-bit displacement is loaded once per block. */
static void test_displacement_reuse(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    static const uint8_t b[] = {
        0xa1, 0x64, 0xd4, 0x0e, 0x08,             /* mov eax, [0x080ed464] */
        0x89, 0x1d, 0xe0, 0xd3, 0x0e, 0x08,       /* mov [0x080ed3e0], ebx */
        0x89, 0x1c, 0x95, 0xe4, 0xd3, 0x0e, 0x08, /* mov [0x080ed3e4+edx*4], ebx */
        0x8b, 0x0d, 0x00, 0x00, 0x10, 0x08,       /* mov ecx, [0x08100000] (other page) */
        0xc3};
    uint32_t w = translate(b, sizeof b, &res);
    assert_true(w > 0);
    assert_int_equal(res.ninsn, 5);
    assert_int_equal(res.insn_ops[0], 2); /* lui + glw */
    assert_int_equal(res.insn_ops[1], 1); /* gsw */
    assert_int_equal(res.insn_ops[2], 3); /* slli, add, gsw */
    assert_int_equal(res.insn_ops[3], 2); /* lui again + glw */
}

/* 20 pushes: no more than the core's gated store buffer holds between commits (XL_GSB_DEPTH, or
 * the fpga core's 8 that the firmware sets from struct morph_config), and a commit before leaving. */
static void test_store_buffer_bound(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    uint8_t b[32];
    for (int i = 0; i < 20; i++) b[i] = 0x50 + (i & 7);
    b[20] = 0xc3;
    static const struct { unsigned depth, commits; } t[] = {{XL_GSB_DEPTH, 2}, {8, 3}};
    for (unsigned k = 0; k < 2; k++) {
        xl_gsb_depth = t[k].depth;
        uint32_t w = translate(b, 21, &res);
        assert_int_equal(res.ninsn, 21);
        unsigned pending = 0, max = 0, commits = 0;
        FOR_OPS(i, w) {
            if (has(buf[i], MORPH_A_GSTORE)) pending++;
            if (pending > max) max = pending;
            if (is_commit(buf[i])) { pending = 0; commits++; }
            if (is_op(buf[i], MI_JTLBJ)) assert_int_equal(pending, 0);
        }
        assert_int_equal(max, t[k].depth);
        assert_int_equal(commits, t[k].commits);
    }
    xl_gsb_depth = XL_GSB_DEPTH;
}

/* xl_pass_flags deletes and rewrites words; xl_link squeezes them out: branches to labels
 * (side exits) must still land on their targets, fixed ones over stubs keep their shape. */
static void test_pass_and_link(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    /* add esp, -16; cmp eax, ebx; cmp al, 5; div ecx; setz al; jnz: the first two have dead
     * flags (the CMP goes, the ADD becomes addi), cmp al, 5 feeds setz through DIV */
    static const uint8_t b[] = {0x83, 0xc4, 0xf0, 0x39, 0xd8, 0x3c, 0x05, 0xf7, 0xf1,
                                0x0f, 0x94, 0xc0, 0x75, 0xf0};
    uint32_t w = translate(b, sizeof b, &res);
    assert_int_equal(res.ninsn, 6);
    assert_int_equal(res.flag_ops_elided, 2);
    assert_int_equal(res.insn_ops[0], 1); /* addi x22, x22, -16 */
    assert_int_equal(res.insn_ops[1], 0);
    assert_int_equal(res.insn_ops[2], 2); /* li + xsub.b: live */
    unsigned nx = 0, nside = 0, nbody = 0, nxbcc = 0;
    FOR_OPS(i, w) {
        uint32_t x = buf[i];
        nx += is_xalu(x);
        if (is_op(x, MI_BEQ) || is_op(x, MI_BNE) || is_op(x, MI_BLTU) || is_op(x, MI_BGEU)) {
            /* DIV's side exits (divide by zero, a quotient of more than 32 bits) land on their
             * tails; its branch to the long division (EDX != 0) on the call of xl_div64 */
            uint32_t t = buf[i + (unsigned)(morph_imm_b(x) / 4)];
            if (is_op(t, MI_ADDI) && morph_rd(t) == 31 && morph_imm_i(t) == -3) nside++;
            else nbody++;
        }
        if (is_op(x, MI_XBCC)) { /* jnz: over the fall-through stub to the taken one */
            assert_int_equal(morph_imm_b(x), XL_BR_OVER_STUB);
            assert_true(is_xexit(buf[i + 6]) && (buf[i + 8] & XL_STUB_TAKEN));
            nxbcc++;
        }
    }
    assert_int_equal(nx, 1);
    assert_int_equal(nside, 2);
    assert_int_equal(nbody, 1); /* EDX != 0: to the call of xl_div64 */
    assert_int_equal(nxbcc, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dead_flags),
        cmocka_unit_test(test_exits),
        cmocka_unit_test(test_displacement_reuse),
        cmocka_unit_test(test_store_buffer_bound),
        cmocka_unit_test(test_pass_and_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
