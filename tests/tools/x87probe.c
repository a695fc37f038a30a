/* x87probe: prints the host CPU's x87 behaviour ("amd", "intel" or "mixed") and the evidence
 * (tests/tools/x87probe.h; tools/host-probe.sh reads it). */
#include "x87probe.h"

int main(void)
{
    char ev[128];
    const char *kind = x87_probe_host(ev, sizeof ev);
    printf("%s %s\n", kind, ev);
    return 0;
}
