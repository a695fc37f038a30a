/* Superblock formation (docs/translator.md, "Superblocks").
 *
 * Profile: while a basic-block translation's direct exit stub is not chained, each exit through
 * it counts in the stub (xl_stub_count_inc); the dispatcher chains a stub only once its count
 * reaches the superblock threshold, and then asks here whether the stub's target should head a
 * superblock: it does when the stub's branch goes backwards (a loop; Dynamo's NET heads) and,
 * with --sbt-heads=exits (the default), when the stub is a superblock's exit (NET's exit-hot
 * heads). The path follows, from that head, each block's hotter exit (at least two thirds of
 * its exits; a direct JMP or CALL always; a RET to a CALL on the path, checked where it pops)
 * through blocks that have translations, and stops at another indirect transfer, a cold or
 * unprofiled edge, a return to the head (a loop: the
 * superblock's own exit then chains back to itself), or the size limit. A path of one block is
 * a superblock too: it gets the superblock passes. The superblock is translated by the same
 * pipeline (xl_path_translate), replaces the head's translation in the map and the JTLB, and
 * the head's old code jumps to it, so chained stubs reach it too. */
#include <stddef.h>
#include "cms.h"
#include "xl_bbt.h"
#include "xl_log.h"
#include "xl_cache.h"
#include "xl_dispatch.h"
#include "xl_encode.h"
#include "xl_hw.h"

#define XL_SBT_MAX_BLOCKS 8
#define XL_SBT_MAX_INSNS XL_BBT_MAX_INSNS /* the lifter can still end the path early */

uint32_t xl_sbt_threshold; /* 0: no superblocks */
unsigned xl_sbt_heads = MORPH_SBT_HEADS_EXITS; /* enum morph_sbt_heads */

/* The profile of the DIRECT stub of translation [code, end) that goes to target (taken: the
 * taken stub of a conditional branch), or 0. */
static uint32_t stub_count(const uint32_t *code, const uint32_t *end, uint32_t target, int taken)
{
    for (const uint32_t *p = code + 1; p + 2 < end; p++) {
        if (!xl_is_stub_xexit(*p)) continue;
        const uint32_t *s = p - 1;
        uint32_t kind = xl_stub_kind(s);
        if ((kind & MORPH_STUB_KIND_MASK) == XL_STUB_DIRECT && xl_stub_target(s) == target && !(kind & XL_STUB_TAKEN) == !taken)
            return xl_stub_count(s);
        p += 2;
    }
    return 0;
}

/* The instructions of the block at eip as the basic-block translator took them; returns the
 * count added to path (0: none) with *last the last one; stops at a block end. */
static unsigned add_block(struct xl_path *path, uint32_t eip, const struct xl_insn **last)
{
    unsigned k = 0;
    static struct xl_insn buf;
    while (path->n < XL_SBT_MAX_INSNS) {
        const struct xl_insn *x = xl_fetch_dc(eip, &buf, NULL);
        if (!x) break;
        path->eip[path->n] = eip;
        path->role[path->n++] = XL_ROLE_NONE;
        k++;
        *last = x;
        eip += x->len;
        if (xl_op_ends_block(x->op)) break;
    }
    path->eip[path->n] = eip;
    return k;
}

void xl_sbt_consider(uint32_t *stub)
{
    const uint32_t *end;
    uint32_t from;
    /* heads are loop heads: the targets of hot backward branches (as Dynamo's NET picks); with
     * "exits", also the targets of a superblock's hot exits (NET's exit-hot heads), so that
     * the code a loop's superblock leaves for (the rest of a long loop body, the code after a
     * call's return) is a superblock too */
    uint32_t head = xl_stub_target(stub);
    if (!xl_cache_owner(stub, &end, &from)) return;
    if (head > from && !(xl_sbt_heads == MORPH_SBT_HEADS_EXITS && xl_cache_owner_sbt(stub))) return;
    struct xl_entry *e = xl_map_find(head);
    if (!e || e->sb || !e->code || e->code == XL_CODE_INTERP) return;
    e->sb = 1; /* one try per head */
    unsigned prev_act = cms_hw_get_activity();
    cms_set_activity(CMSACT_SBT);
    xl_cache_ranges_begin();

    static struct xl_path path;
    path.n = 0;
    path.ends = 0;
    static struct xl_path_calls calls;
    calls.n = calls.lost = 0;
    uint32_t eip = head;
    unsigned blocks = 0, called = 0;
    for (;;) {
        struct xl_entry *b = xl_map_find(eip);
        const uint32_t *bcode = b ? b->code : NULL, *bend = NULL;
        uint32_t beip;
        /* a head of its own is left to its superblock, but for a callee: it is copied into the
         * path (a small function such as __x86.get_pc_thunk.bx, called by every PIC function,
         * then returns on it; keeping only callees of one block that return cost bzip2's small
         * run 0.8% of its cycles, and saved 3-7% of tcc's test run) */
        if (!bcode || bcode == XL_CODE_INTERP || (blocks && b->sb && !called) ||
            !xl_cache_owner(bcode, &bend, &beip) || beip != eip)
            break; /* not translated as a block: the path goes on there through an exit */
        const struct xl_insn *last = NULL;
        if (!add_block(&path, eip, &last)) break;
        blocks++;
        uint32_t next = path.eip[path.n]; /* after the block's last instruction */
        if (!xl_op_ends_block(last->op)) { /* a block the translator cut short */
            eip = next;
            called = 0;
        } else {
            unsigned i = path.n - 1, role = XL_ROLE_NONE;
            uint32_t to = 0;
            if (last->op == XL_JCC) {
                uint32_t t = stub_count(bcode, bend, last->target, 1);
                uint32_t f = stub_count(bcode, bend, next, 0);
                if (t >= 2 * f && t) role = XL_ROLE_TAKEN, to = last->target;
                else if (f >= 2 * t && f) role = XL_ROLE_FALL, to = next;
            } else if (last->op == XL_JMP) {
                role = XL_ROLE_JMP, to = last->target;
            } else if (last->op == XL_CALL) {
                role = XL_ROLE_CALL, to = last->target;
            } else if (last->op == XL_RET && (to = xl_path_ret_to(&calls, i)) != 0) {
                role = XL_ROLE_RET; /* to a CALL on the path */
            }
            if (!role || to == head || blocks >= XL_SBT_MAX_BLOCKS || path.n >= XL_SBT_MAX_INSNS) {
                path.ends = 1; /* the block's own end, with its exits */
                break;
            }
            if (role == XL_ROLE_CALL) xl_path_call(&calls, i, next);
            if (role == XL_ROLE_RET) xl_path_return(&calls, &path);
            called = role == XL_ROLE_CALL;
            path.role[i] = (uint8_t)role;
            path.eip[path.n] = to;
            eip = to;
        }
        if (blocks >= XL_SBT_MAX_BLOCKS || path.n >= XL_SBT_MAX_INSNS) break;
    }
    if (blocks) {
        struct xl_bbt_result res;
        res.want_insn_ops = cms_log_on(MORPH_LOG_OUT_ASM | MORPH_LOG_OP);
        uint32_t *buf = xl_cache_room(XL_BBT_MAX_WORDS + xl_entry_words);
        uint32_t words = buf ? xl_path_translate(&path, buf + xl_entry_words, XL_BBT_MAX_WORDS, xl_fetch_dc_copy,
                                                 NULL, &res) : 0;
        if (words) {
            uint32_t *code = buf + xl_entry_words;
            xl_encode_entry(buf);
            xl_cache_used(words + xl_entry_words);
            xl_cache_note(code, head);
            xl_cache_mark_sbt(buf, code + words);
            /* with loop heads only, its stubs are chained at once: no second superblock from a
             * superblock; with "exits", they count (the lifter left them at 0) */
            if (xl_sbt_heads != MORPH_SBT_HEADS_EXITS)
                for (uint32_t *p = code + 1; p < code + words; p++)
                    if (xl_is_stub_xexit(*p)) {
                        if ((xl_stub_kind(p - 1) & MORPH_STUB_KIND_MASK) == XL_STUB_DIRECT) xl_stub_count_set(p - 1, XL_STUB_COUNT_MAX);
                        p += 2;
                    }
            xl_link_redirect(e->code, code);
            xl_map_set_code(e, code);
            xl_hw_jtlbw(head, code);
            cms_stats.sbt_superblocks++;
            cms_stats.sbt_blocks += blocks;
            cms_stats.sbt_x86_translated += res.ninsn;
            cms_stats.bbt_iops_emitted += res.iops + xl_entry_words;
            if (cms_log_on(MORPH_LOG_CMS))
                cms_log_event("translate superblock 0x%08x: %u blocks, %u x86 instructions, %u words at 0x%08x", head,
                              blocks, res.ninsn, words, (uint32_t)(uintptr_t)code);
            if (cms_log_on(MORPH_LOG_IN_ASM | MORPH_LOG_OUT_ASM)) xl_log_translation(1, head, path.eip, code, words, &res);
        }
    }
    cms_set_activity(prev_act);
}
