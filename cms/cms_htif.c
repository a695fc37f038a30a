/* HTIF request issue. The request block lives on the firmware stack (concealed memory, where
 * virtual = physical), so nested use from a trap handler cannot clobber a caller's block. */
#include "cms_htif.h"
#include "cms.h"
#include "cms_hw.h"

static int32_t htif_issue(struct htif_req *req)
{
    req->ret = 0;
    cms_hw_htif(req);
    return req->ret;
}

int32_t cms_htif(uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    struct htif_req req = {.cmd = cmd, .arg = {a0, a1, a2, a3}};
    return htif_issue(&req);
}

int32_t cms_htif_syscall(uint32_t nr, const uint32_t args[6])
{
    struct htif_req req = {.cmd = HTIF_CMD_SYSCALL, .arg = {nr}};
    for (int i = 0; i < 6; i++) req.arg[1 + i] = args[i];
    return htif_issue(&req);
}

void cms_htif_clock(uint32_t clock, int64_t *sec, uint32_t *nsec)
{
    uint32_t ts[4] = {0}; /* struct __kernel_timespec: s64 sec, s64 nsec */
    const uint32_t args[6] = {clock, cms_hw_phys(ts)};
    (void)cms_htif_syscall(403 /* clock_gettime64 */, args);
    *sec = (int64_t)((uint64_t)ts[1] << 32 | ts[0]);
    *nsec = ts[2];
}

void cms_htif_console(const char *buf, uint32_t len)
{
    if (len) cms_htif(HTIF_CMD_CONSOLE, cms_hw_phys(buf), len, 0, 0);
}
