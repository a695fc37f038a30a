/* The superblock passes rle, cprop and incr (translator/xl_pass_rle.c, xl_pass_cprop.c,
 * xl_pass_incr.c) on blocks built
 * word by word, and on a superblock through the whole pipeline (xl_path_translate): what they
 * rewrite, and what they must leave alone (labels, side exits, stores, spans of branches
 * encoded at lift time, pinned registers where they are observed). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "morph_decode.h"
#include "xl_bbt.h"
#include "xl_emit.h"
#include "xl_encode.h"
#include "xl_passes.h"

enum { EAX = XR_EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };

static struct xl_ir ir;
static uint32_t words[XL_BBT_MAX_WORDS];

static void begin(void)
{
    memset(&ir, 0, sizeof ir);
    ir.w = words;
}
static unsigned E(uint32_t w)
{
    words[ir.n] = w;
    return ir.n++;
}
static unsigned label(void)
{
    ir.label_at[ir.nlabels] = (uint16_t)ir.n;
    return ir.nlabels++;
}
static unsigned new_label(void) { return ir.nlabels++; }
static void place(unsigned l) { ir.label_at[l] = (uint16_t)ir.n; }
static unsigned branch(uint32_t w, unsigned l)
{
    ir.fix[ir.nfix].at = (uint16_t)ir.n;
    ir.fix[ir.nfix].label = (uint8_t)l;
    ir.nfix++;
    return E(w);
}
/* an exit: what it leaves with is observed, temporaries are dead */
static void stub(void)
{
    xl_stub_write(words + ir.n, 0x08049000u, XL_STUB_DIRECT);
    ir.n += XL_STUB_WORDS;
}
/* one x86 instruction spanning everything (the passes walk the body: up to its end) */
static void end(void)
{
    ir.ninsn = 1;
    ir.insn_start[0] = 0;
    ir.insn_end[0] = (uint16_t)ir.n;
}
static int deleted(unsigned k)
{
    for (unsigned i = 0; i < ir.ndel; i++)
        if (ir.del[i] == k) return 1;
    return 0;
}

/* ---- cprop ---- */

/* mov eax, ebx; add eax, 4; mov ecx, [eax+8]: the copy goes, the offset folds into the load */
static void test_cprop_copy_and_address(void **state)
{
    (void)state;
    begin();
    unsigned a = E(xe_addi(EAX, EBX, 0));
    unsigned b = E(xe_addi(EAX, EAX, 4));
    unsigned c = E(xe_gload(2, ECX, EAX, 8));
    stub();
    end();
    assert_true(xl_pass_cprop(&ir) > 0);
    assert_true(deleted(a)); /* EAX is written again before anything observes it */
    assert_int_equal(words[b], xe_addi(EAX, EBX, 4));
    assert_int_equal(words[c], xe_gload(2, ECX, EBX, 12));
}

/* a loaded constant becomes an immediate; the temporary that held it is dead at the exit */
static void test_cprop_constants(void **state)
{
    (void)state;
    begin();
    unsigned a = E(xe_addi(XR_A1, XR_ZERO, 5));
    unsigned b = E(xe_add(XR_A2, ESI, XR_A1));
    unsigned c = E(xe_sll(XR_A0, XR_A1, XR_A1)); /* 5 << 5: folds */
    unsigned d = E(xe_gstore(2, XR_A2, ESP, 0));
    unsigned e = E(xe_gstore(2, XR_A0, ESP, 4));
    unsigned f = E(xe_addi(XR_A1, XR_ZERO, 5)); /* holds 5 already */
    unsigned g = E(xe_xalu(F7_XSUB_W, 2, XR_ZERO, EAX, XR_A1));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(a)); /* the x-ALU op still reads it */
    assert_int_equal(words[b], xe_addi(XR_A2, ESI, 5));
    assert_int_equal(words[c], xe_addi(XR_A0, XR_ZERO, 160));
    assert_int_equal(words[d], xe_gstore(2, XR_A2, ESP, 0));
    assert_int_equal(words[e], xe_gstore(2, XR_A0, ESP, 4));
    assert_true(deleted(f));
    assert_int_equal(words[g], xe_xalu(F7_XSUB_W, 2, XR_ZERO, EAX, XR_A1));
}

/* commit EIPs of one superblock: the second lui + addi becomes one addi from the first */
static void test_cprop_near_constant(void **state)
{
    (void)state;
    begin();
    E(xe_lui(XR_T0, 0x8049));
    E(xe_addi(XR_T0, XR_T0, 7));
    E(xe_commit(XR_T0));
    unsigned a = E(xe_lui(XR_T0, 0x8049));
    unsigned b = E(xe_addi(XR_T0, XR_T0, 29));
    E(xe_commit(XR_T0));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(0) || deleted(1));
    assert_true(deleted(a));
    assert_int_equal(words[b], xe_addi(XR_T0, XR_T0, 22));
}

/* nothing learnt before a label is used after it; what the label's code reads stays */
static void test_cprop_label(void **state)
{
    (void)state;
    begin();
    unsigned a = E(xe_addi(EAX, EBX, 0));
    label();
    unsigned b = E(xe_gload(2, ECX, EAX, 8));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(a));
    assert_int_equal(words[b], xe_gload(2, ECX, EAX, 8));
}

/* a side exit observes the pinned registers (not the temporaries); a commit does too */
static void test_cprop_side_exit(void **state)
{
    (void)state;
    begin();
    unsigned l = new_label();
    unsigned a = E(xe_addi(EAX, EBX, 0));
    unsigned t = E(xe_addi(XR_A0, XR_ZERO, 7));
    branch(xe_xbcc(4, 0), l);
    unsigned b = E(xe_addi(EAX, ECX, 0));
    unsigned c = E(xe_addi(XR_A0, XR_ZERO, 8));
    unsigned d = E(xe_addi(EDX, ECX, 1));
    E(xe_commit(XR_T1));
    unsigned e = E(xe_addi(EDX, ECX, 2));
    E(xe_gstore(2, XR_A0, ESP, 0));
    stub();
    place(l);
    E(xe_addi(XR_XCOUNT, XR_XCOUNT, -1));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(a)); /* EAX is observed at the side exit */
    assert_true(deleted(t));  /* a temporary is not */
    assert_false(deleted(b) || deleted(c) || deleted(e));
    assert_false(deleted(d)); /* EDX is observed at the commit */
}

/* an indirect jump (jtlbj) leaves as an exit does: a temporary it does not read is dead there;
 * an x87 call's stub reads x10 and x11 (the operands' addresses, translator/xl_lift.c), x12 not */
static void test_cprop_jtlbj_and_x87_stub(void **state)
{
    (void)state;
    begin();
    unsigned t = E(xe_addi(XR_A0, XR_ZERO, 7));
    E(xe_addi(XR_T0, EAX, 0));
    E(xe_jtlbj(XR_T0));
    end();
    xl_pass_cprop(&ir);
    assert_true(deleted(t));

    begin();
    unsigned a = E(xe_addi(XR_A0, EBP, -8));
    unsigned b = E(xe_addi(XR_A1, ESP, 4));
    unsigned c = E(xe_addi(XR_A2, ESP, 8));
    E(xe_commit(XR_ZERO));
    xl_stub_write(words + ir.n, 0x08049000u, xl_x87_kind(1, 0, 0, 0));
    ir.n += XL_STUB_WORDS;
    E(xe_addi(EAX, EAX, 1));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(a) || deleted(b));
    assert_true(deleted(c));
}

/* CMOVcc's move is in the span of a branch encoded at lift time: it stays where it is (even when
 * what it writes is dead), and what it wrote is not known after the branch's target */
static void test_cprop_fixed_span(void **state)
{
    (void)state;
    begin();
    E(xe_gload(2, XR_A0, EBX, 0));
    E(xe_xbcc(5, 8));
    unsigned m = E(xe_addi(EAX, XR_A0, 0));
    unsigned u = E(xe_gload(2, ECX, EAX, 4));
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_int_equal(words[m], xe_addi(EAX, XR_A0, 0));
    assert_int_equal(words[u], xe_gload(2, ECX, EAX, 4));
    begin();
    E(xe_gload(2, XR_A0, EBX, 0));
    E(xe_xbcc(5, 8));
    m = E(xe_addi(EAX, XR_A0, 0));
    unsigned o = E(xe_addi(EAX, EDX, 0)); /* EAX written again: the move is dead */
    stub();
    end();
    xl_pass_cprop(&ir);
    assert_false(deleted(m));
    assert_false(deleted(o));
}

/* ---- incr ---- */

/* push ebp; push edi; pop esi: one addi of ESP, the accesses at their offsets from the old ESP */
static void test_incr_pushes(void **state)
{
    (void)state;
    begin();
    unsigned s1 = E(xe_gstore(2, EBP, ESP, -4));
    unsigned a1 = E(xe_addi(ESP, ESP, -4));
    unsigned s2 = E(xe_gstore(2, EDI, ESP, -4));
    unsigned a2 = E(xe_addi(ESP, ESP, -4));
    unsigned l = E(xe_gload(2, ESI, ESP, 0));
    unsigned c = E(xe_addi(EAX, ESP, 8)); /* lea eax, [esp+8] */
    unsigned a3 = E(xe_addi(ESP, ESP, 4));
    stub();
    end();
    assert_true(xl_pass_incr(&ir) > 0);
    assert_int_equal(words[s1], xe_gstore(2, EBP, ESP, -4));
    assert_true(deleted(a1) && deleted(a2));
    assert_int_equal(words[s2], xe_gstore(2, EDI, ESP, -8));
    assert_int_equal(words[l], xe_gload(2, ESI, ESP, -8));
    assert_int_equal(words[c], xe_addi(EAX, ESP, 0));
    assert_int_equal(words[a3], xe_addi(ESP, ESP, -4));
}

/* pushes then as many pops: no addi at all */
static void test_incr_back_to_zero(void **state)
{
    (void)state;
    begin();
    E(xe_gstore(2, EBP, ESP, -4));
    unsigned a1 = E(xe_addi(ESP, ESP, -4));
    unsigned l = E(xe_gload(2, EBX, ESP, 0));
    unsigned a2 = E(xe_addi(ESP, ESP, 4));
    stub();
    end();
    xl_pass_incr(&ir);
    assert_true(deleted(a1) && deleted(a2));
    assert_int_equal(words[l], xe_gload(2, EBX, ESP, -4));
}

/* what observes ESP ends the run: a commit, a side exit, a label, a store of ESP itself, an
 * x-ALU op reading it, a load into ESP; and an offset that would not fit */
static void test_incr_observers(void **state)
{
    (void)state;
    static const int kinds = 7;
    for (int kind = 0; kind < kinds; kind++) {
        begin();
        unsigned l = new_label();
        unsigned a1 = E(xe_addi(ESP, ESP, -4));
        switch (kind) {
        case 0: E(xe_commit(XR_T1)); break;
        case 1: branch(xe_xbcc(4, 0), l); break;
        case 2: label(); break;
        case 3: E(xe_gstore(2, ESP, EAX, 0)); break;
        case 4: E(xe_xalu(F7_XSUB_W, 2, 0, EAX, ESP)); break;
        case 5: E(xe_gload(2, ESP, EBX, 0)); break;
        case 6: E(xe_gload(2, EAX, ESP, -2045)); break; /* -2049 would not fit */
        }
        unsigned a2 = E(xe_addi(ESP, ESP, -4));
        stub();
        if (kind == 1) {
            place(l);
            stub();
        }
        end();
        xl_pass_incr(&ir);
        assert_false(deleted(a1));
        assert_int_equal(words[a1], xe_addi(ESP, ESP, -4));
        assert_int_equal(words[a2], xe_addi(ESP, ESP, -4));
    }
}

/* an increment in the span of a branch encoded at lift time stays where it is */
static void test_incr_fixed_span(void **state)
{
    (void)state;
    begin();
    E(xe_xbcc(5, 8));
    unsigned a1 = E(xe_addi(ESP, ESP, -4));
    unsigned a2 = E(xe_addi(ESP, ESP, -4));
    stub();
    end();
    xl_pass_incr(&ir);
    assert_false(deleted(a1));
    assert_int_equal(words[a2], xe_addi(ESP, ESP, -4));
}

/* ---- rle ---- */

static void test_rle_same_load(void **state)
{
    (void)state;
    begin();
    E(xe_gload(2, XR_A0, EBP, 8));
    unsigned b = E(xe_gload(2, XR_A1, EBP, 8));
    unsigned c = E(xe_gload(4, XR_A2, EBP, 8)); /* another width: a load */
    unsigned d = E(xe_gload(2, XR_A0, EBP, 8)); /* into the register that holds it: goes */
    stub();
    end();
    assert_int_equal(xl_pass_rle(&ir), 2);
    assert_int_equal(words[b], xe_addi(XR_A1, XR_A0, 0));
    assert_int_equal(words[c], xe_gload(4, XR_A2, EBP, 8));
    assert_true(deleted(d));
}

/* a store that may alias ends what the loads hold; one provably elsewhere does not */
static void test_rle_stores(void **state)
{
    (void)state;
    begin();
    E(xe_gload(2, XR_A0, EBP, 8));
    E(xe_gstore(2, XR_A2, EAX, 0)); /* another base: may alias */
    unsigned b = E(xe_gload(2, XR_A1, EBP, 8));
    E(xe_gstore(2, XR_A2, EBP, 4)); /* [ebp+4, ebp+8): disjoint */
    unsigned c = E(xe_gload(2, XR_A3, EBP, 8));
    E(xe_gstore(1, XR_A2, EBP, 7)); /* [ebp+7, ebp+9): overlaps */
    unsigned d = E(xe_gload(2, XR_A4, EBP, 8));
    stub();
    end();
    xl_pass_rle(&ir);
    assert_int_equal(words[b], xe_gload(2, XR_A1, EBP, 8));
    assert_int_equal(words[c], xe_addi(XR_A3, XR_A1, 0));
    assert_int_equal(words[d], xe_gload(2, XR_A4, EBP, 8));
}

/* push ebx ... pop esi: the load takes the stored register through the ESP arithmetic */
static void test_rle_store_forwarding(void **state)
{
    (void)state;
    begin();
    E(xe_gstore(2, EBX, ESP, -4));
    E(xe_addi(ESP, ESP, -4));
    unsigned a = E(xe_gload(2, ESI, ESP, 0));
    E(xe_gstore(0, ECX, ESP, 12));
    unsigned b = E(xe_gload(4, XR_A0, ESP, 12)); /* a stored byte, zero-extended */
    unsigned c = E(xe_gload(0, XR_A1, ESP, 12)); /* sign-extended: left as it is */
    stub();
    end();
    xl_pass_rle(&ir);
    assert_int_equal(words[a], xe_addi(ESI, EBX, 0));
    assert_int_equal(words[b], xe_andi(XR_A0, ECX, 255));
    assert_int_equal(words[c], xe_gload(0, XR_A1, ESP, 12));
}

/* no value crosses a label, a changed base or an overwritten register */
static void test_rle_negative(void **state)
{
    (void)state;
    begin();
    E(xe_gload(2, XR_A0, EBP, 8));
    label();
    unsigned a = E(xe_gload(2, XR_A1, EBP, 8));
    E(xe_gload(2, EBP, ESP, 0)); /* EBP changes */
    unsigned b = E(xe_gload(2, XR_A2, EBP, 8));
    E(xe_addi(XR_A2, XR_ZERO, 1)); /* the value's register changes */
    unsigned c = E(xe_gload(2, XR_A3, EBP, 8));
    stub();
    end();
    assert_int_equal(xl_pass_rle(&ir), 0);
    assert_int_equal(words[a], xe_gload(2, XR_A1, EBP, 8));
    assert_int_equal(words[b], xe_gload(2, XR_A2, EBP, 8));
    assert_int_equal(words[c], xe_gload(2, XR_A3, EBP, 8));
}

/* ---- the pipeline ---- */

#define BASE_EIP 0x08049000u
static const uint8_t code[] = {
    0x89, 0xd8,             /* mov eax, ebx */
    0x83, 0xc0, 0x04,       /* add eax, 4 */
    0x8b, 0x48, 0x08,       /* mov ecx, [eax+8] */
    0x8b, 0x50, 0x08,       /* mov edx, [eax+8] */
    0x85, 0xc9,             /* test ecx, ecx */
    0x74, 0x02,             /* jz (inner: side exit) */
    0x89, 0x54, 0x24, 0x04, /* mov [esp+4], edx */
    0x8b, 0x74, 0x24, 0x04, /* mov esi, [esp+4] */
    0xc3,                   /* ret */
};
static const struct xl_insn *fetch(uint32_t eip, struct xl_insn *out, void *ctx)
{
    (void)ctx;
    uint32_t off = eip - BASE_EIP;
    if (off >= sizeof code) return NULL;
    unsigned n = sizeof code - off < XL_MAX_LEN ? sizeof code - off : XL_MAX_LEN;
    return xl_decode(eip, code + off, n, out) == 0 ? out : NULL;
}

static unsigned count_op(unsigned n, enum morph_iop op)
{
    unsigned c = 0;
    for (unsigned i = 0; i < n; i += morph_classify(words[i]) == MI_XEXIT ? 3 : 1) c += morph_classify(words[i]) == op;
    return c;
}

/* the passes run on superblocks only: the same instructions as a basic block keep every load */
static void test_pipeline(void **state)
{
    (void)state;
    static struct xl_path path;
    struct xl_bbt_result res;
    res.want_insn_ops = 0;
    uint32_t off = 0;
    path.n = 0;
    while (off < sizeof code) {
        struct xl_insn x;
        assert_non_null(fetch(BASE_EIP + off, &x, NULL));
        path.eip[path.n] = BASE_EIP + off;
        path.role[path.n++] = x.op == XL_JCC ? XL_ROLE_FALL : XL_ROLE_NONE;
        off += x.len;
    }
    path.eip[path.n] = BASE_EIP + off;
    path.ends = 1;
    uint32_t n = xl_path_translate(&path, words, XL_BBT_MAX_WORDS, fetch, NULL, &res);
    assert_int_equal(res.ninsn, 9);
    assert_int_equal(count_op(n, MI_GLW), 2); /* [eax+8] once, the return address */
    unsigned sb_iops = res.iops;
    n = xl_bbt_translate(BASE_EIP, words, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, &res);
    assert_int_equal(res.ninsn, 6); /* up to the jz */
    assert_int_equal(count_op(n, MI_GLW), 2);
    assert_true(sb_iops < res.iops + 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cprop_copy_and_address),
        cmocka_unit_test(test_cprop_constants),
        cmocka_unit_test(test_cprop_near_constant),
        cmocka_unit_test(test_cprop_label),
        cmocka_unit_test(test_cprop_side_exit),
        cmocka_unit_test(test_cprop_jtlbj_and_x87_stub),
        cmocka_unit_test(test_cprop_fixed_span),
        cmocka_unit_test(test_incr_pushes),
        cmocka_unit_test(test_incr_back_to_zero),
        cmocka_unit_test(test_incr_observers),
        cmocka_unit_test(test_incr_fixed_span),
        cmocka_unit_test(test_rle_same_load),
        cmocka_unit_test(test_rle_stores),
        cmocka_unit_test(test_rle_store_forwarding),
        cmocka_unit_test(test_rle_negative),
        cmocka_unit_test(test_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
