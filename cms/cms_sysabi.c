/* Forwarded system calls: guest buffers are copied into the bounce area (concealed memory)
 * and passed to the host as physical addresses; outputs are copied back afterwards. Lengths
 * larger than the space left in the bounce area are clamped (a short read or write). */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_mm.h"
#include "cms_sysabi.h"
#include "cms_uaccess.h"
#include "morph/sysabi.h"

#define ENTRY(nr, name, a1, a2, a3, a4, a5, a6) {nr, #name, {a1, a2, a3, a4, a5, a6}},
static const struct cms_sysabi_desc table[] = {MORPH_FORWARDED_SYSCALLS(ENTRY)};
#undef ENTRY

const struct cms_sysabi_desc *cms_sysabi_find(uint32_t nr)
{
    for (uint32_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].nr == nr) return &table[i];
    return 0;
}

#define IOV_MAX 1024u

struct bounce {
    uint8_t *base;
    uint32_t used;
};

/* Space for n bytes (8-byte aligned); *got is the clamped size (may be 0). */
static uint8_t *bounce_take(struct bounce *b, uint32_t n, uint32_t *got)
{
    b->used = (b->used + 7) & ~7u;
    uint32_t left = b->used < CMS_BOUNCE_SIZE ? CMS_BOUNCE_SIZE - b->used : 0;
    if (n > left) n = left;
    uint8_t *p = b->base + b->used;
    b->used += n;
    *got = n;
    return p;
}

/* Per-argument record of where outputs go back to. */
struct outbuf {
    uint32_t guest, len;
    uint8_t *fw;
    uint32_t iovcnt; /* IOVO: entries at fw (host iovec: phys base, len) */
    const uint32_t *guest_base; /* IOVO: the guest's iov_base of each entry, as checked */
};

int32_t cms_sysabi_forward(const struct cms_sysabi_desc *d, const uint32_t in[6])
{
    struct bounce b = {cms_hw_bounce(), 0};
    uint32_t out[6];
    struct outbuf ob[6];
    memset(ob, 0, sizeof ob);
    memcpy(out, in, sizeof out);
    uint32_t kind[6];
    memcpy(kind, d->kind, sizeof kind);
    if (d->nr == 54) kind[2] = morph_sa_ioctl_kind(in[1]); /* ioctl: the request decides */
    for (int i = 0; i < 6; i++) {
        uint32_t k = MORPH_SA_KIND(kind[i]), prm = MORPH_SA_PARAM(kind[i]), ptr = in[i];
        uint32_t got;
        uint8_t *fw;
        switch (k << 16) {
        case MORPH_SA_V:
            break;
        case MORPH_SA_S: {
            if (!ptr) break;
            fw = bounce_take(&b, CMS_SYSABI_STR_MAX, &got);
            if (got < CMS_SYSABI_STR_MAX) return -CMS_ENAMETOOLONG;
            int32_t r = cms_copy_str_from_guest((char *)fw, ptr, CMS_SYSABI_STR_MAX);
            if (r < 0) return r;
            b.used -= CMS_SYSABI_STR_MAX - ((uint32_t)r + 1); /* give back the unused tail */
            out[i] = cms_hw_phys(fw);
            break;
        }
        case MORPH_SA_IN(0):
        case MORPH_SA_OUT(0): {
            uint32_t len = in[prm - 1];
            if (!ptr) break;
            fw = bounce_take(&b, len, &got);
            int write = (k << 16) == MORPH_SA_OUT(0);
            if (!cms_mm_range_ok(ptr, got, write)) return -CMS_EFAULT;
            if (!write) cms_copy_from_guest(fw, ptr, got);
            else ob[i] = (struct outbuf){.guest = ptr, .len = got, .fw = fw};
            out[i] = cms_hw_phys(fw);
            out[prm - 1] = got;
            break;
        }
        case MORPH_SA_INF(0):
        case MORPH_SA_OUTF(0): {
            if (!ptr) break;
            fw = bounce_take(&b, prm, &got);
            int write = (k << 16) == MORPH_SA_OUTF(0);
            if (got < prm) return -CMS_EFAULT; /* cannot happen: fixed sizes are small */
            if (!cms_mm_range_ok(ptr, prm, write)) return -CMS_EFAULT;
            if (!write) cms_copy_from_guest(fw, ptr, prm);
            else ob[i] = (struct outbuf){.guest = ptr, .len = prm, .fw = fw};
            out[i] = cms_hw_phys(fw);
            break;
        }
        case MORPH_SA_IOVI(0):
        case MORPH_SA_IOVO(0): {
            uint32_t cnt = in[prm - 1];
            int write = (k << 16) == MORPH_SA_IOVO(0);
            if (cnt > IOV_MAX) return -CMS_EINVAL;
            if (!cnt) break;
            if (!cms_mm_range_ok(ptr, cnt * 8, 0)) return -CMS_EFAULT;
            uint32_t *hiov = (uint32_t *)bounce_take(&b, cnt * 8, &got);
            if (got < cnt * 8) return -CMS_EINVAL;
            /* readv's copy-back goes to the bases checked here, never read again from the guest:
             * the data read may overwrite the guest's iovec array (found by tests/fuzz-sysabi) */
            uint32_t *gbase = 0;
            if (write) {
                gbase = (uint32_t *)bounce_take(&b, cnt * 4, &got);
                if (got < cnt * 4) return -CMS_EINVAL;
            }
            for (uint32_t j = 0; j < cnt; j++) {
                uint32_t base = cms_gld32(ptr + 8 * j), len = cms_gld32(ptr + 8 * j + 4);
                if (gbase) gbase[j] = base;
                fw = bounce_take(&b, len, &got);
                if (got && !cms_mm_range_ok(base, got, write)) return -CMS_EFAULT;
                if (!write && got) cms_copy_from_guest(fw, base, got);
                hiov[2 * j] = got ? cms_hw_phys(fw) : 0;
                hiov[2 * j + 1] = got;
            }
            if (write)
                ob[i] = (struct outbuf){.fw = (uint8_t *)hiov, .iovcnt = cnt, .guest_base = gbase};
            out[i] = cms_hw_phys(hiov);
            break;
        }
        default:
            cms_panic("bad marshalling kind 0x%x for system call %u", kind[i], d->nr);
        }
    }

    int32_t r = cms_htif_syscall(d->nr, out);

    for (int i = 0; i < 6; i++) {
        uint32_t k = MORPH_SA_KIND(kind[i]) << 16;
        if (!ob[i].fw) continue;
        if (k == MORPH_SA_OUT(0) && r > 0) {
            uint32_t n = (uint32_t)r < ob[i].len ? (uint32_t)r : ob[i].len;
            cms_copy_to_guest(ob[i].guest, ob[i].fw, n);
        } else if (k == MORPH_SA_OUTF(0) && (r >= 0 || (r == -CMS_EINTR && cms_sysabi_sleeps(d->nr)))) {
            cms_copy_to_guest(ob[i].guest, ob[i].fw, ob[i].len);
        } else if (k == MORPH_SA_IOVO(0) && r > 0) {
            const uint32_t *hiov = (const uint32_t *)ob[i].fw;
            uint32_t left = (uint32_t)r;
            for (uint32_t j = 0; j < ob[i].iovcnt && left; j++) {
                uint32_t n = hiov[2 * j + 1] < left ? hiov[2 * j + 1] : left;
                uint32_t base = ob[i].guest_base[j];
                /* hiov[2j] is a physical address of the bounce area; find it from the start. */
                cms_copy_to_guest(base, cms_hw_bounce() + (hiov[2 * j] - cms_hw_phys(cms_hw_bounce())), n);
                left -= n;
            }
        }
    }
    return r;
}
