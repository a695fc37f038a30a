/* --profile: a sampling profile of the modeled machine (docs/usage.md "Profiles"). Every N
 * cycles the run pauses at an op boundary and the op about to issue is counted by (mode,
 * firmware activity, pc, x86 EIP of translated code), so the hot loop pays nothing;
 * tools/profile.py names the firmware functions (cms.elf) and the guest's (its ELF). */
#ifndef SIM_PROFILE_H
#define SIM_PROFILE_H
#include <stdint.h>
#include <stddef.h>

struct sim_cpu;

struct sim_prof_entry {
    uint32_t pc, eip;  /* eip: the translated block's x86 EIP at its last commit (0 in CMS mode) */
    uint8_t mode, act; /* xmode, cmsact */
    uint64_t count;    /* 0: a free slot */
};

struct sim_profile {
    uint64_t every;    /* cycles between samples */
    uint64_t samples;
    size_t size, used; /* slots (a power of two), slots in use */
    struct sim_prof_entry *e;
};

int sim_profile_init(struct sim_profile *p, uint64_t every);
/* Counts the op c is about to issue; -1 when out of memory. */
int sim_profile_sample(struct sim_profile *p, const struct sim_cpu *c);
/* Writes the profile (a header, then one line per distinct sample, most frequent first). */
int sim_profile_write(const struct sim_profile *p, const char *path, const char *program);
void sim_profile_free(struct sim_profile *p);

#endif
