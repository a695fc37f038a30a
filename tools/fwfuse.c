/* fwfuse: sets macro-op fuse marks in the firmware itself (docs/fusion.md "The firmware").
 *
 * CMS runs on the same core as the code it translates, and on short runs it is most of the
 * cycles, so its own dependent pairs are worth fusing too. This host tool rewrites the linked
 * firmware ELF in place: it cuts each executable section into regions at every place control may
 * enter (branch and jump targets, the return point after each call, symbols, and every word of
 * the data sections that holds a code address: jump tables, function pointers) and at every
 * barrier of the fusion rules (fusion/fuse.c: fuse_classify_op: jumps, CSR and system ops, auipc),
 * and runs a fusion heuristic on each region, as the translator's fusion pass does on translated
 * code: the heuristic may move ops within a region, keeping every register and memory dependence
 * (loads may pass loads, nothing passes a store), so the firmware computes what the compiler's
 * order computes. A mark never changes results (docs/isa.md section 1), so the image runs on
 * every core; the m0 core ignores the marks.
 *
 * usage: fwfuse HEURISTIC cms.elf   (a row of fusion/fuse_table.h; none leaves the file as it is)
 * Prints how many pairs it marked and how many ops it moved. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuse.h"
#include "morph_decode.h"

static uint8_t *img;
static size_t img_len;

static void die(const char *msg)
{
    fprintf(stderr, "fwfuse: %s\n", msg);
    exit(1);
}

static const Elf32_Shdr *sections(unsigned *n)
{
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
    if (img_len < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS32 ||
        eh->e_machine != EM_RISCV)
        die("not a 32-bit RISC-V ELF file");
    if (eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf32_Shdr) > img_len) die("section headers outside the file");
    *n = eh->e_shnum;
    return (const Elf32_Shdr *)(img + eh->e_shoff);
}

static int is_code(const Elf32_Shdr *s)
{
    return s->sh_type == SHT_PROGBITS && (s->sh_flags & SHF_EXECINSTR) && s->sh_addr % 4 == 0 && s->sh_size % 4 == 0;
}

/* Entry points: one bit per code word of the image's address range [lo, hi). */
static uint32_t lo = UINT32_MAX, hi;
static uint8_t *entry;
static void mark_entry(uint32_t a)
{
    if (a >= lo && a < hi && a % 4 == 0) entry[(a - lo) / 4] = 1;
}

static unsigned marked, moved;
static struct fuse_region reg;
static uint32_t *slot[FUSE_MAX_REGION];

static void region_end(void (*heur)(struct fuse_region *))
{
    if (reg.n >= 2) {
        fuse_region_anc(&reg);
        heur(&reg);
        /* the region's words are consecutive (anything else ends it): write them in the
         * heuristic's order, heads without the mark bit */
        for (unsigned p = 0; p < reg.n; p++) {
            *slot[p] = fuse_region_word(&reg, p);
            moved += reg.ord[p] != p;
        }
        marked += (unsigned)__builtin_popcount(reg.head);
    }
    fuse_region_begin(&reg, &fuse_core_default);
}

int main(int argc, char **argv)
{
    if (argc != 3) die("usage: fwfuse HEURISTIC cms.elf");
    unsigned id = 0;
    while (id < FUSE_ID_COUNT && strcmp(argv[1], fuse_names[id])) id++;
    if (id == FUSE_ID_COUNT) die("unknown heuristic (see fusion/fuse_table.h)");
    if (id == FUSE_ID_none) return 0;
    FILE *f = fopen(argv[2], "rb");
    if (!f) die("cannot open the ELF file");
    fseek(f, 0, SEEK_END);
    img_len = (size_t)ftell(f);
    rewind(f);
    if (!(img = malloc(img_len)) || fread(img, 1, img_len, f) != img_len) die("cannot read the ELF file");
    fclose(f);

    unsigned ns;
    const Elf32_Shdr *sh = sections(&ns);
    for (unsigned i = 0; i < ns; i++)
        if (is_code(&sh[i])) {
            if (sh[i].sh_offset + sh[i].sh_size > img_len) die("a section lies outside the file");
            if (sh[i].sh_addr < lo) lo = sh[i].sh_addr;
            if (sh[i].sh_addr + sh[i].sh_size > hi) hi = sh[i].sh_addr + sh[i].sh_size;
        }
    if (lo >= hi) die("no code section");
    entry = calloc((hi - lo) / 4, 1);

    /* 1. where control may enter */
    for (unsigned i = 0; i < ns; i++) {
        const Elf32_Shdr *s = &sh[i];
        if (s->sh_type == SHT_SYMTAB && s->sh_entsize == sizeof(Elf32_Sym)) {
            const Elf32_Sym *sym = (const Elf32_Sym *)(img + s->sh_offset);
            for (unsigned k = 0; k < s->sh_size / sizeof *sym; k++) mark_entry(sym[k].st_value);
        } else if (is_code(s)) {
            const uint32_t *w = (const uint32_t *)(img + s->sh_offset);
            for (uint32_t k = 0; k < s->sh_size / 4; k++) {
                uint32_t pc = s->sh_addr + 4 * k, x = w[k] | MORPH_FUSE_BIT;
                enum morph_iop op = morph_classify(x);
                if (op == MI_JAL) mark_entry(pc + (uint32_t)morph_imm_j(x));
                if (morph_iop_info(op)->attr & MORPH_A_BRANCH && morph_opcode(x) == 0x63)
                    mark_entry(pc + (uint32_t)morph_imm_b(x));
                if ((op == MI_JAL || op == MI_JALR) && morph_rd(x)) mark_entry(pc + 4); /* return point */
            }
        } else if (s->sh_type == SHT_PROGBITS && s->sh_flags & SHF_ALLOC && s->sh_offset % 4 == 0) {
            const uint32_t *w = (const uint32_t *)(img + s->sh_offset); /* code addresses in data */
            for (uint32_t k = 0; k < s->sh_size / 4; k++) mark_entry(w[k]);
        }
    }

    /* 2. regions and marks */
    void (*heur)(struct fuse_region *) = fuse_heuristic[id];
    fuse_region_begin(&reg, &fuse_core_default);
    for (unsigned i = 0; i < ns; i++) {
        if (!is_code(&sh[i])) continue;
        uint32_t *w = (uint32_t *)(img + sh[i].sh_offset);
        for (uint32_t k = 0; k < sh[i].sh_size / 4; k++) {
            uint32_t pc = sh[i].sh_addr + 4 * k;
            if (entry[(pc - lo) / 4]) region_end(heur);
            if (!(w[k] & MORPH_FUSE_BIT)) die("a code word already carries a fuse mark");
            enum morph_iop op = morph_classify(w[k]);
            int c = op == MI_ILLEGAL ? -1 : fuse_classify_op(w[k], op);
            if (c >= 0) {
                slot[reg.n] = &w[k];
                fuse_region_add(&reg, w[k], op, c);
            }
            if (c < 0 || c == FUSE_BRANCH || reg.n == FUSE_MAX_REGION) region_end(heur);
        }
        region_end(heur);
    }

    if (!(f = fopen(argv[2], "wb")) || fwrite(img, 1, img_len, f) != img_len || fclose(f)) die("cannot write the ELF file");
    printf("fwfuse: %u pairs marked, %u ops moved (%s) in %s\n", marked, moved, argv[1], argv[2]);
    return 0;
}
