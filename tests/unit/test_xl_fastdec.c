/* The fast decoder (x86/xl_fastdec.c) against the Zydis path (xl_decode_zydis): wherever the
 * fast one decodes, the struct xl_insn must be the same field for field (length, op, operand
 * size, condition, prefixes, segments, every operand, the branch target) and so must Zydis's
 * mnemonic id; given one byte fewer it must decline (Zydis then wants more bytes). Each
 * encoding is decoded twice, with the decode assist's xmodrm (include/morph/xdec.h, as the model
 * executes it) and without: the two must agree on what they take and what they give.
 *   - exhaustive: every one-byte and 0F opcode, every ModRM, every SIB under every ModRM that
 *     has one, each under the prefix sets the fast path takes (none, 66, each segment override,
 *     66 with FS and GS in both orders; F0 and F0 66 on the lockable ops with a memory
 *     destination; F2, F3 and F3 or F2 with 66 on string ops) and some it must leave (67, 66 66,
 *     two segments, F3 F2, F3 with a segment, F0 F0), with two
 *     patterns of displacement and immediate bytes (small and sign bits),
 *     at two EIPs (one where relative targets wrap);
 *   - random: XL_FASTDEC_RANDOM byte strings (default 100,000; make test-fastdec-full: 10^7),
 *     each 15 bytes after a random prefix choice.
 * Also prints the share of the exhaustive encodings Zydis decodes that the fast path takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xl_decode.h"

static void describe(const uint8_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) print_message("%02x ", b[i]);
    print_message("\n");
}

static void dump(const char *who, const struct xl_insn *x, unsigned mn)
{
    print_message("  %s: op %s len %u osize %u nops %u cc %u prefix %02x seg %u target %08x mnemonic %u\n", who,
                  xl_op_name(x->op), x->len, x->osize, x->nops, x->cc, x->prefix, x->seg, x->target, mn);
    for (int i = 0; i < 3; i++) {
        const struct xl_operand *o = &x->ops[i];
        print_message("    op%d kind %u size %u reg %u index %u scale %u seg %u flags %u val %08x\n", i, o->kind,
                      o->size, o->reg, o->index, o->scale, o->seg, o->flags, (uint32_t)o->val);
    }
}

/* The fast decoder with the decode assist (xmodrm, docs/isa.md section 7a) or without: it must
 * take the same encodings and give the same result. */
static int fast(int assist, uint32_t eip, const uint8_t *b, unsigned n, struct xl_insn *x, unsigned *m)
{
    xl_decode_set_assist(assist);
    int r = xl_decode_fast(eip, b, n, x, m);
    xl_decode_set_assist(0);
    return r;
}

/* One encoding: returns 1 if the fast path took it. Fails the test on any difference. */
static int check(uint32_t eip, const uint8_t *b, unsigned n)
{
    struct xl_insn f, a, z;
    unsigned fm = 0, am = 0, zm = 0;
    int fr = fast(0, eip, b, n, &f, &fm), ar = fast(1, eip, b, n, &a, &am);
    if (fr != ar || (!fr && (memcmp(&f, &a, sizeof f) || fm != am))) {
        print_message("fast decoder with xmodrm (status %d) differs from it without (status %d) on: ", ar, fr);
        describe(b, n);
        if (!fr) dump("software", &f, fm);
        if (!ar) dump("xmodrm", &a, am);
        fail();
    }
    if (fr != 0) return 0;
    int zr = xl_decode_zydis(eip, b, n, &z, &zm);
    if (zr != 0 || memcmp(&f, &z, sizeof f) || fm != zm) {
        print_message("fast decoder differs from Zydis (status %d) on: ", zr);
        describe(b, n);
        dump("fast", &f, fm);
        dump("zydis", &z, zm);
        fail();
    }
    /* one byte fewer: the fast path must leave it (Zydis says "more bytes"), either way */
    struct xl_insn t;
    unsigned tm;
    for (int assist = 0; assist < 2; assist++)
        if (fast(assist, eip, b, f.len - 1u, &t, &tm) == 0) {
            print_message("fast decoder (xmodrm %d) decodes a cut instruction (%u of %u bytes): ", assist,
                          f.len - 1u, f.len);
            describe(b, f.len);
            fail();
        }
    return 1;
}

/* the first TAKEN_SETS are those the fast path takes on any form (the share it prints) */
#define TAKEN_SETS 13
static const uint8_t prefix_sets[][3] = {
    {0},          {1, 0x66},       {1, 0x26},       {1, 0x2e},       {1, 0x36},
    {1, 0x3e},    {1, 0x64},       {1, 0x65},       {2, 0x66, 0x65}, {2, 0x65, 0x66},
    {2, 0x64, 0x66}, {1, 0xf0},    {2, 0xf0, 0x66}, {1, 0xf3},       {1, 0xf2},
    {1, 0x67},    {2, 0x66, 0x66}, {2, 0x65, 0x64}, {2, 0xf3, 0x66}, {2, 0x66, 0xf3},
    {2, 0xf2, 0x66}, {2, 0xf3, 0xf2}, {2, 0xf3, 0x65}, {2, 0xf0, 0xf0},
};
static const uint8_t tails[2][12] = {{0x04, 0x03, 0x02, 0x01, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c},
                                     {0x85, 0xf3, 0x92, 0xc1, 0x80, 0xff, 0x7f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4}};

static void test_exhaustive(void **state)
{
    (void)state;
    static const uint32_t eips[2] = {0x08048000u, 0xfffffff0u};
    unsigned long taken = 0, decodable = 0;
    for (unsigned ps = 0; ps < sizeof prefix_sets / sizeof prefix_sets[0]; ps++)
        for (unsigned esc = 0; esc < 2; esc++)
            for (unsigned opc = 0; opc < 256; opc++) {
                if (!esc && opc == 0x0f) continue;
                for (unsigned m = 0; m < 256; m++) {
                    unsigned nsib = (m >> 6) != 3 && (m & 7) == 4 ? 256 : 1;
                    for (unsigned sib = 0; sib < nsib; sib++)
                        for (unsigned t = 0; t < 2; t++) {
                            uint8_t b[XL_MAX_LEN + 16];
                            unsigned n = 0;
                            for (unsigned i = 0; i < prefix_sets[ps][0]; i++) b[n++] = prefix_sets[ps][1 + i];
                            if (esc) b[n++] = 0x0f;
                            b[n++] = (uint8_t)opc;
                            b[n++] = (uint8_t)m;
                            if (nsib > 1) b[n++] = (uint8_t)sib;
                            memcpy(b + n, tails[t], sizeof tails[t]);
                            n += sizeof tails[t];
                            if (n > XL_MAX_LEN) n = XL_MAX_LEN;
                            int took = check(eips[t], b, n);
                            taken += took;
                            if (ps < TAKEN_SETS) {
                                struct xl_insn z;
                                unsigned zm;
                                if (xl_decode_zydis(eips[t], b, n, &z, &zm) == 0 && z.op != XL_UNSUPPORTED) decodable++;
                            }
                        }
                }
            }
    print_message("exhaustive: %lu encodings decoded by the fast path, equal to Zydis; it takes %.1f%% of "
                  "those Zydis decodes to a supported op under its prefix sets\n",
                  taken, 100.0 * (double)taken / (double)(decodable ? decodable : 1));
    assert_true(taken > 1000000);
}

static void test_random(void **state)
{
    (void)state;
    const char *e = getenv("XL_FASTDEC_RANDOM");
    unsigned long count = e ? strtoul(e, NULL, 10) : 100000ul, taken = 0;
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (unsigned long k = 0; k < count; k++) {
        uint8_t b[XL_MAX_LEN];
        for (unsigned i = 0; i < XL_MAX_LEN; i++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            b[i] = (uint8_t)(s >> 24);
        }
        /* a prefix or a 0F escape in front often enough that those paths are hit */
        switch (s >> 60 & 7) {
        case 0: b[0] = 0x66; break;
        case 1: b[0] = 0x0f; break;
        case 2: b[0] = 0x65; break;
        case 3: b[0] = 0xf3; break;
        case 4: b[0] = 0xf0; break;
        default: break;
        }
        taken += (unsigned long)check((uint32_t)(s >> 8), b, XL_MAX_LEN);
    }
    print_message("random: %lu byte strings, %lu decoded by the fast path, equal to Zydis\n", count, taken);
}

/* xl_decode takes the fast path where it can and gives the same as Zydis everywhere else. */
static void test_dispatch(void **state)
{
    (void)state;
    static const uint8_t add[] = {0x01, 0xd8}, a16_add[] = {0x67, 0x01, 0x18};
    struct xl_insn x, z;
    unsigned m;
    assert_int_equal(xl_decode_fast(0, add, sizeof add, &x, &m), 0);
    assert_int_equal(xl_decode_fast(0, a16_add, sizeof a16_add, &x, &m), -1); /* 16-bit addressing: Zydis's */
    assert_int_equal(xl_decode(0x1000, a16_add, sizeof a16_add, &x), 0);
    assert_int_equal(xl_decode_was_fast, 0);
    assert_int_equal(xl_decode_zydis(0x1000, a16_add, sizeof a16_add, &z, &m), 0);
    assert_memory_equal(&x, &z, sizeof x);
    assert_int_equal(xl_decode(0x1000, add, sizeof add, &x), 0);
    assert_int_equal(xl_decode_was_fast, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch),
        cmocka_unit_test(test_exhaustive),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
