/* Fuzz harness of the decode layer xl_decode (x86/xl_decode.c, which wraps Zydis; docs/testing.md
 * "Fuzzing the input parsers"), checked against the host's Zydis called directly.
 *
 * Input: u32 EIP, then the instruction bytes (any number). xl_decode runs on all of them (as the
 * interpreter may pass more than 15), then again on exactly its length and on one byte fewer.
 * Checks (a violation is abort()):
 *   - the result agrees with ZydisDecoderDecodeFull in 32-bit mode: 0 where Zydis decodes, with
 *     the same length; -2 where Zydis wants more bytes (op INVALID, len = the bytes given); -1
 *     for any other failure (op INVALID, len 1);
 *   - the same bytes decode the same way every time, and the same with only len bytes given;
 *     with len - 1 bytes the result is -2 ("too few to decide");
 *   - the xl_insn is self-consistent: op < XL_OP_COUNT; at most 3 operands, none after nops;
 *     registers 0-7 (segment registers 0-5), operand sizes that exist (1, 2, 4; memory also 6
 *     and 8; segment registers 2; immediates 1, 2, 4), memory scale 0-3, no ESP index, 16-bit
 *     addressing exactly with the 0x67 prefix (base/index then from BX BP SI DI), segments 0-5
 *     and DS without an override; cc < 16; operand size 1, 2 or 4; Zydis's undefined flags
 *     inside its written ones; x87 opcodes below 0x800 (or FWAIT) with at most a memory
 *     operand; a relative branch's target is EIP + len + displacement (16-bit with 0x66);
 *   - where the fast decoder (x86/xl_fastdec.c) takes the bytes, its xl_insn and mnemonic are
 *     the Zydis path's, and xl_decode's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Zydis/Decoder.h>
#include <Zydis/Utils.h>

#include "xl_decode.h"

#define FUZZ_NAME "decode"
#include "../lib/fuzz_main.h"

static ZydisDecoder zyd;

static void fuzz_setup(void) { ZydisDecoderInit(&zyd, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32); }

static int is_size(unsigned s, unsigned mask) { return s < 32 && (mask >> s & 1); }
#define SZ(...) sz_mask((const unsigned[]){__VA_ARGS__, 0})
static unsigned sz_mask(const unsigned *s)
{
    unsigned m = 0;
    for (; *s; s++) m |= 1u << *s;
    return m;
}

static void check_operand(const struct xl_insn *x, const struct xl_operand *o)
{
    switch (o->kind) {
    case XL_OPK_REG:
        FUZZ_CHECK(o->reg < 8 && is_size(o->size, SZ(1, 2, 4)));
        break;
    case XL_OPK_SREG:
        FUZZ_CHECK(o->reg < 6 && o->size == 2);
        break;
    case XL_OPK_IMM:
        FUZZ_CHECK(is_size(o->size, SZ(1, 2, 4)));
        break;
    case XL_OPK_MEM:
        FUZZ_CHECK(o->reg < 8 || o->reg == XL_NOREG);
        FUZZ_CHECK(o->index < 8 || o->index == XL_NOREG);
        FUZZ_CHECK(o->scale <= 3 && o->seg < 6);
        FUZZ_CHECK(!!(o->flags & XL_MEMF_A16) == !!(x->prefix & XL_PFX_ADSIZE));
        if (o->flags & XL_MEMF_A16) {
            /* BX SI, BX DI, BP SI, BP DI, SI, DI, BP, BX, or none */
            FUZZ_CHECK(o->reg == XL_NOREG || o->reg == 3 || o->reg == 5 || o->reg == 6 || o->reg == 7);
            FUZZ_CHECK(o->index == XL_NOREG || o->index == 6 || o->index == 7);
            FUZZ_CHECK(o->scale == 0 && (o->index == XL_NOREG || o->reg == 3 || o->reg == 5));
        } else {
            FUZZ_CHECK(o->index != 4); /* ESP cannot be an index */
            FUZZ_CHECK(o->index != XL_NOREG || o->scale == 0);
        }
        if (x->op == XL_X87) FUZZ_CHECK(o->size <= 108);
        else FUZZ_CHECK(x->op == XL_LEA || is_size(o->size, SZ(1, 2, 4, 6, 8)));
        break;
    default:
        FUZZ_CHECK(!"operand kind out of range");
    }
}

static void check_insn(uint32_t eip, const uint8_t *b, unsigned len, const struct xl_insn *x, int r)
{
    ZydisDecodedInstruction zi;
    ZydisDecodedOperand zo[ZYDIS_MAX_OPERAND_COUNT];
    ZyanStatus st = ZydisDecoderDecodeFull(&zyd, b, len, &zi, zo);
    if (st == ZYDIS_STATUS_NO_MORE_DATA) {
        FUZZ_CHECK(r == -2 && x->op == XL_INVALID && x->len == (len ? len : 1));
        return;
    }
    if (ZYAN_FAILED(st)) {
        FUZZ_CHECK(r == -1 && x->op == XL_INVALID && x->len == 1);
        return;
    }
    FUZZ_CHECK(r == 0 && x->len == zi.length && x->len >= 1 && x->len <= XL_MAX_LEN && x->len <= len);
    FUZZ_CHECK(x->op < XL_OP_COUNT && x->op != XL_INVALID);
    FUZZ_CHECK(x->nops <= 3 && x->cc < 16);
    uint16_t undef, mod;
    FUZZ_CHECK(xl_decode_flags(b, len, &undef, &mod) == 0 && (undef & ~mod) == 0);
    /* where the fast decoder takes the bytes, it gives exactly what Zydis's path gives */
    struct xl_insn f, z;
    unsigned fm, zm;
    if (xl_decode_fast(eip, b, len, &f, &fm) == 0)
        FUZZ_CHECK(xl_decode_zydis(eip, b, len, &z, &zm) == 0 && !memcmp(&f, &z, sizeof f) && fm == zm &&
                   !memcmp(&f, x, sizeof f));
    FUZZ_CHECK(x->seg < 6 && (x->prefix & XL_PFX_SEG || x->seg == 3));
    for (unsigned i = x->nops; i < 3; i++) FUZZ_CHECK(x->ops[i].kind == XL_OPK_NONE);
    if (x->op == XL_UNSUPPORTED) { /* the op, length, prefixes and flags only */
        FUZZ_CHECK(x->nops == 0 && x->cc == 0 && x->target == 0);
        return;
    }
    if (x->op == XL_X87) {
        FUZZ_CHECK(x->target < 0x800 || x->target == XL_X87_FWAIT);
        FUZZ_CHECK(x->nops <= 1 && (!x->nops || x->ops[0].kind == XL_OPK_MEM));
        if (x->nops) check_operand(x, &x->ops[0]);
        return;
    }
    FUZZ_CHECK(is_size(x->osize, SZ(1, 2, 4)));
    for (unsigned i = 0; i < x->nops; i++) check_operand(x, &x->ops[i]);
    /* a relative branch: Zydis marks the immediate; xl_insn.target is where it goes */
    for (unsigned i = 0; i < zi.operand_count_visible; i++) {
        if (zo[i].type != ZYDIS_OPERAND_TYPE_IMMEDIATE || !zo[i].imm.is_relative) continue;
        uint32_t t = eip + x->len + (uint32_t)zo[i].imm.value.s;
        if (zi.operand_width == 16) t &= 0xffff;
        FUZZ_CHECK(x->target == t);
    }
}

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    if (len < 4) return 0;
    uint32_t eip = (uint32_t)data[0] | data[1] << 8 | data[2] << 16 | (uint32_t)data[3] << 24;
    const uint8_t *b = data + 4;
    unsigned n = len - 4;
    struct xl_insn x, y;
    int r = xl_decode(eip, b, n, &x);
    check_insn(eip, b, n, &x, r);
    FUZZ_CHECK(xl_decode(eip, b, n, &y) == r && !memcmp(&x, &y, sizeof x));
    if (r == 0) {
        /* exactly its bytes: the same instruction; one fewer: too few to decide */
        FUZZ_CHECK(xl_decode(eip, b, x.len, &y) == 0 && !memcmp(&x, &y, sizeof x));
        int r1 = xl_decode(eip, b, x.len - 1u, &y);
        check_insn(eip, b, x.len - 1u, &y, r1);
        FUZZ_CHECK(r1 == -2);
    }
    return r == 0 && x.op != XL_UNSUPPORTED;
}

/* ---- seeds: instructions from the executable segments of the project's i386 test programs
 * (the ELF files given), one seed per distinct first two bytes, with the EIP they had ---- */
static int fuzz_seeds(const char *dir, int nfiles, char **files)
{
    fuzz_setup();
    static uint8_t seen[65536];
    unsigned count = 0;
    for (int f = 0; f < nfiles; f++) {
        FILE *in = fopen(files[f], "rb");
        if (!in) {
            perror(files[f]);
            return 2;
        }
        static uint8_t img[1 << 22];
        size_t sz = fread(img, 1, sizeof img, in);
        fclose(in);
        if (sz < 52 || memcmp(img, "\177ELF\1\1", 6)) continue;
        uint32_t phoff, phnum;
        memcpy(&phoff, img + 28, 4);
        phnum = (uint32_t)img[44] | img[45] << 8;
        for (uint32_t i = 0; i < phnum && phoff + 32 * (i + 1) <= sz; i++) {
            const uint8_t *ph = img + phoff + 32 * i;
            uint32_t type, off, va, filesz, flags;
            memcpy(&type, ph, 4), memcpy(&off, ph + 4, 4), memcpy(&va, ph + 8, 4);
            memcpy(&filesz, ph + 16, 4), memcpy(&flags, ph + 24, 4);
            if (type != 1 || !(flags & 1) || off > sz || filesz > sz - off) continue;
            ZydisDecodedInstruction zi;
            for (uint32_t at = 0; at < filesz && count < 400;) {
                unsigned avail = filesz - at < 15 ? filesz - at : 15;
                if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&zyd, NULL, img + off + at, avail, &zi))) {
                    at++;
                    continue;
                }
                unsigned key = img[off + at] << 8 | (zi.length > 1 ? img[off + at + 1] : 0);
                if (!seen[key]) {
                    seen[key] = 1;
                    uint8_t b[4 + 15];
                    uint32_t eip = va + at;
                    memcpy(b, &eip, 4);
                    memcpy(b + 4, img + off + at, avail);
                    char name[64];
                    snprintf(name, sizeof name, "insn-%u", count++);
                    fuzz_write_seed(dir, name, b, 4 + avail);
                }
                at += zi.length;
            }
        }
    }
    printf("%u instruction seeds in %s\n", count, dir);
    return 0;
}
