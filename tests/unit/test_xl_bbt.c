/* translator/xl_bbt.c on the host (decoded by the host's Zydis through xl_decode).
 *
 * The first table pins the number of I-ops each x86 instruction translates into, with its
 * flags live (the block ends right after it) and dead (a following CMP overwrites them all).
 * A change in code quality changes a count and fails here, so it shows up in review; update
 * the table on purpose when the translator gets better (docs/translator.md). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "morph_isa.h"
#include "xl_bbt.h"

#define BASE_EIP 0x08049000u

static uint8_t code_bytes[512];
static unsigned code_len;

static int fetch(uint32_t eip, struct xl_insn *out, void *ctx)
{
    (void)ctx;
    uint32_t off = eip - BASE_EIP;
    if (off >= code_len) return -1;
    unsigned n = code_len - off < XL_MAX_LEN ? code_len - off : XL_MAX_LEN;
    return xl_decode(eip, code_bytes + off, n, out) == 0 ? 0 : -1;
}

static uint32_t buf[XL_BBT_MAX_WORDS];

static uint32_t translate(const uint8_t *b, unsigned n, struct xl_bbt_result *res)
{
    memcpy(code_bytes, b, n);
    code_len = n;
    return xl_bbt_translate(BASE_EIP, buf, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, res);
}

struct qcase {
    const char *name;
    uint8_t bytes[15];
    unsigned nbytes;
    unsigned live, dead; /* I-ops of the instruction with its flags live / dead */
};
#define B(...) {__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__})

static const struct qcase qcases[] = {
    {"mov eax, ebx", B(0x89, 0xd8), 1, 1},
    {"mov eax, 0x12345678", B(0xb8, 0x78, 0x56, 0x34, 0x12), 2, 2},
    {"mov eax, 5", B(0xb8, 5, 0, 0, 0), 1, 1},
    {"mov eax, [ebx+8]", B(0x8b, 0x43, 0x08), 1, 1},
    {"mov eax, [ebx+esi*4-8]", B(0x8b, 0x44, 0xb3, 0xf8), 3, 3},
    {"mov [ebp-4], ecx", B(0x89, 0x4d, 0xfc), 1, 1},
    {"mov dword [esp+4], 7", B(0xc7, 0x44, 0x24, 0x04, 7, 0, 0, 0), 2, 2},
    {"mov eax, gs:[0x14]", B(0x65, 0xa1, 0x14, 0, 0, 0), 1, 1},
    {"mov al, [ecx]", B(0x8a, 0x01), 3, 3},
    {"mov ah, cl", B(0x88, 0xcc), 5, 5},
    {"mov ax, bx", B(0x66, 0x89, 0xd8), 4, 4},
    {"movzx eax, byte [ecx]", B(0x0f, 0xb6, 0x01), 1, 1},
    {"movzx eax, cl", B(0x0f, 0xb6, 0xc1), 1, 1},
    {"movsx edx, cx", B(0x0f, 0xbf, 0xd1), 2, 2},
    {"lea eax, [eax+eax*2]", B(0x8d, 0x04, 0x40), 3, 3},
    {"lea esi, [esi+0]", B(0x8d, 0x76, 0x00), 1, 1},
    {"add eax, ebx", B(0x01, 0xd8), 1, 1},
    {"add esp, -16", B(0x83, 0xc4, 0xf0), 2, 1},
    {"sub eax, 0x1000", B(0x2d, 0x00, 0x10, 0, 0), 2, 2},
    {"add eax, [ebp+8]", B(0x03, 0x45, 0x08), 2, 2},
    {"add [eax], ebx", B(0x01, 0x18), 3, 3},
    {"adc ecx, edx", B(0x11, 0xd1), 1, 1},
    {"cmp eax, ebx", B(0x39, 0xd8), 1, 0},
    {"cmp dword [ebp-8], 0", B(0x83, 0x7d, 0xf8, 0x00), 2, 1},
    {"cmp al, 0x7f", B(0x3c, 0x7f), 2, 2},
    {"test eax, eax", B(0x85, 0xc0), 1, 0},
    {"and eax, 0xff", B(0x25, 0xff, 0, 0, 0), 2, 1},
    {"xor eax, eax", B(0x31, 0xc0), 1, 1},
    {"or byte [esi], 1", B(0x80, 0x0e, 0x01), 4, 4},
    {"inc edi", B(0x47), 1, 1},
    {"dec dword [ebx]", B(0xff, 0x0b), 3, 3},
    {"neg ecx", B(0xf7, 0xd9), 1, 1},
    {"not edx", B(0xf7, 0xd2), 1, 1},
    {"shl eax, 3", B(0xc1, 0xe0, 0x03), 2, 1},
    {"sar edx, cl", B(0xd3, 0xfa), 1, 1},
    {"shr eax, 0 (no-op)", B(0xc1, 0xe8, 0x00), 0, 0},
    {"rol eax, 1", B(0xd1, 0xc0), 2, 2},
    {"imul eax, ecx, 12", B(0x6b, 0xc1, 0x0c), 2, 2},
    {"imul eax, [ebx]", B(0x0f, 0xaf, 0x03), 2, 2},
    {"mul ecx", B(0xf7, 0xe1), 3, 3},
    {"div ecx", B(0xf7, 0xf1), 5, 5},
    {"idiv ecx", B(0xf7, 0xf9), 8, 8},
    {"cdq", B(0x99), 1, 1},
    {"push ebp", B(0x55), 2, 2},
    {"push 0x1234", B(0x68, 0x34, 0x12, 0, 0), 4, 4},
    {"push dword [eax+4]", B(0xff, 0x70, 0x04), 3, 3},
    {"pop ebx", B(0x5b), 2, 2},
    {"leave", B(0xc9), 3, 3},
    {"xchg eax, edx", B(0x92), 3, 3},
    {"sete al", B(0x0f, 0x94, 0xc0), 3, 3},
    {"cmovne eax, ecx", B(0x0f, 0x45, 0xc1), 2, 2},
    {"clc", B(0xf8), 1, 1},
    {"cld (DF is 0 in translated code)", B(0xfc), 0, 0},
    {"bswap eax", B(0x0f, 0xc8), 10, 10},
    {"bt eax, 5", B(0x0f, 0xba, 0xe0, 0x05), 5, 1},
    {"bts ecx, edx", B(0x0f, 0xab, 0xd1), 7, 3},
    {"stosd", B(0xab), 2, 2},
    {"movsb", B(0xa4), 4, 4},
    {"rep movsd (loop: 7 per element)", B(0xf3, 0xa5), 9, 9},
    {"rep stosb (loop: 5 per element)", B(0xf3, 0xaa), 7, 7},
    {"lock cmpxchg [ebx], ecx", B(0xf0, 0x0f, 0xb1, 0x0b), 7, 7},
    {"nop", B(0x90), 0, 0},
};

static void test_iop_counts(void **state)
{
    (void)state;
    int bad = 0;
    for (unsigned i = 0; i < sizeof qcases / sizeof qcases[0]; i++) {
        const struct qcase *q = &qcases[i];
        struct xl_bbt_result res;
        uint8_t b[32];
        for (int dead = 0; dead < 2; dead++) {
            memcpy(b, q->bytes, q->nbytes);
            unsigned n = q->nbytes;
            if (dead) { b[n++] = 0x39; b[n++] = 0xc0; } /* cmp eax, eax: writes every flag */
            uint32_t w = translate(b, n, &res);
            unsigned want = dead ? q->dead : q->live;
            if (!w || res.ninsn != (dead ? 2u : 1u) || res.insn_ops[0] != want) {
                printf("  %-28s %s: %u I-ops (expected %u), %u insns translated\n", q->name,
                       dead ? "flags dead" : "flags live", w ? res.insn_ops[0] : 0, want, res.ninsn);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* Fields of emitted ops. */
static unsigned opc(uint32_t w) { return w & 0x7f; }
static unsigned f3(uint32_t w) { return (w >> 12) & 7; }
static unsigned f7(uint32_t w) { return w >> 25; }
static int is_commit(uint32_t w) { return opc(w) == OPC_COMMIT && f3(w) == F3_COMMIT && f7(w) == F7_COMMIT; }
static int is_xexit(uint32_t w) { return opc(w) == OPC_XEXIT && f3(w) == F3_XEXIT && f7(w) == F7_XEXIT; }
static int is_xalu(uint32_t w) { return opc(w) == OPG_XALU; }

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
    FOR_OPS(i, w) j += opc(buf[i]) == OPC_JTLBJ && f3(buf[i]) == F3_JTLBJ;
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

/* 20 pushes: no more than XL_GSB_DEPTH stores between commits, and a commit before leaving. */
static void test_store_buffer_bound(void **state)
{
    (void)state;
    struct xl_bbt_result res;
    uint8_t b[32];
    for (int i = 0; i < 20; i++) b[i] = 0x50 + (i & 7);
    b[20] = 0xc3;
    uint32_t w = translate(b, 21, &res);
    assert_int_equal(res.ninsn, 21);
    unsigned pending = 0, max = 0, commits = 0;
    FOR_OPS(i, w) {
        if (opc(buf[i]) == OPC_GSW) pending++;
        if (pending > max) max = pending;
        if (is_commit(buf[i])) { pending = 0; commits++; }
        if (opc(buf[i]) == OPC_JTLBJ) assert_int_equal(pending, 0);
    }
    assert_true(max <= XL_GSB_DEPTH);
    assert_int_equal(commits, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iop_counts),
        cmocka_unit_test(test_dead_flags),
        cmocka_unit_test(test_exits),
        cmocka_unit_test(test_displacement_reuse),
        cmocka_unit_test(test_store_buffer_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
