/* A switch-threaded bytecode interpreter (indirect jumps through a jump table on every
 * bytecode) running a few small programs: loops, a sieve, a call/return pair, string hashing.
 * Heavy indirect control flow for the jump TLB (tests/run-bbt.sh checks its hit rate). */
#include <stdio.h>
#include <string.h>

enum op {
    OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_XOR, OP_SHL, OP_SHR,
    OP_LT, OP_JMP, OP_JZ, OP_JNZ, OP_DUP, OP_DROP, OP_SWAP, OP_CALL, OP_RET, OP_LDB,
    OP_STB, OP_PRINT, OP_HALT
};

struct vm {
    int st[64], sp;
    int rs[32], rp;
    int var[16];
    unsigned char mem[4096];
    unsigned long steps;
};

static int run(struct vm *m, const int *code)
{
    int pc = 0;
    for (;;) {
        int a, b;
        m->steps++;
        switch (code[pc++]) {
        case OP_PUSH: m->st[m->sp++] = code[pc++]; break;
        case OP_LOAD: m->st[m->sp++] = m->var[code[pc++]]; break;
        case OP_STORE: m->var[code[pc++]] = m->st[--m->sp]; break;
        case OP_ADD: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = (int)((unsigned)a + (unsigned)b); break;
        case OP_SUB: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = (int)((unsigned)a - (unsigned)b); break;
        case OP_MUL: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = (int)((unsigned)a * (unsigned)b); break;
        case OP_AND: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = a & b; break;
        case OP_XOR: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = a ^ b; break;
        case OP_SHL: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = (int)((unsigned)a << (b & 31)); break;
        case OP_SHR: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = (int)((unsigned)a >> (b & 31)); break;
        case OP_LT: b = m->st[--m->sp]; a = m->st[--m->sp]; m->st[m->sp++] = a < b; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: a = m->st[--m->sp]; pc = a ? pc + 1 : code[pc]; break;
        case OP_JNZ: a = m->st[--m->sp]; pc = a ? code[pc] : pc + 1; break;
        case OP_DUP: a = m->st[m->sp - 1]; m->st[m->sp++] = a; break;
        case OP_DROP: m->sp--; break;
        case OP_SWAP: a = m->st[m->sp - 1]; m->st[m->sp - 1] = m->st[m->sp - 2]; m->st[m->sp - 2] = a; break;
        case OP_CALL: m->rs[m->rp++] = pc + 1; pc = code[pc]; break;
        case OP_RET: pc = m->rs[--m->rp]; break;
        case OP_LDB: a = m->st[--m->sp]; m->st[m->sp++] = m->mem[a & 4095]; break;
        case OP_STB: b = m->st[--m->sp]; a = m->st[--m->sp]; m->mem[a & 4095] = (unsigned char)b; break;
        case OP_PRINT: printf("vm: %d\n", m->st[--m->sp]); break;
        case OP_HALT: return m->sp ? m->st[m->sp - 1] : 0;
        default: printf("bad opcode at %d\n", pc - 1); return -1;
        }
    }
}

/* A tiny assembler: programs are built with labels, forward jumps patched at the end. */
static int code[512], ncode;
static int here(void) { return ncode; }
static void e1(int op) { code[ncode++] = op; }
static void e2(int op, int arg) { code[ncode++] = op; code[ncode++] = arg; }
static int fwd(int op) { code[ncode++] = op; code[ncode++] = -1; return ncode - 1; }
static void patch(int at) { code[at] = ncode; }

/* sum of i*i for i < 1500 */
static void prog_squares(void)
{
    ncode = 0;
    e2(OP_PUSH, 0); e2(OP_STORE, 0); e2(OP_PUSH, 0); e2(OP_STORE, 1);
    int top = here();
    e2(OP_LOAD, 1); e2(OP_PUSH, 1500); e1(OP_LT);
    int out = fwd(OP_JZ);
    e2(OP_LOAD, 1); e1(OP_DUP); e1(OP_MUL); e2(OP_LOAD, 0); e1(OP_ADD); e2(OP_STORE, 0);
    e2(OP_LOAD, 1); e2(OP_PUSH, 1); e1(OP_ADD); e2(OP_STORE, 1); e2(OP_JMP, top);
    patch(out);
    e2(OP_LOAD, 0); e1(OP_HALT);
}

/* sieve of Eratosthenes below 2000 in vm memory: count the primes */
static void prog_sieve(void)
{
    ncode = 0;
    e2(OP_PUSH, 2); e2(OP_STORE, 0); e2(OP_PUSH, 0); e2(OP_STORE, 2);
    int top = here();
    e2(OP_LOAD, 0); e2(OP_PUSH, 2000); e1(OP_LT);
    int out = fwd(OP_JZ);
    e2(OP_LOAD, 0); e1(OP_LDB);
    int composite = fwd(OP_JNZ);
    e2(OP_LOAD, 2); e2(OP_PUSH, 1); e1(OP_ADD); e2(OP_STORE, 2);
    e2(OP_LOAD, 0); e1(OP_DUP); e1(OP_ADD); e2(OP_STORE, 1);
    int inner = here();
    e2(OP_LOAD, 1); e2(OP_PUSH, 2000); e1(OP_LT);
    int inner_out = fwd(OP_JZ);
    e2(OP_LOAD, 1); e2(OP_PUSH, 1); e1(OP_STB);
    e2(OP_LOAD, 1); e2(OP_LOAD, 0); e1(OP_ADD); e2(OP_STORE, 1); e2(OP_JMP, inner);
    patch(composite);
    patch(inner_out);
    e2(OP_LOAD, 0); e2(OP_PUSH, 1); e1(OP_ADD); e2(OP_STORE, 0); e2(OP_JMP, top);
    patch(out);
    e2(OP_LOAD, 2); e1(OP_HALT);
}

/* a subroutine called in a loop: x = (x * 33) ^ i, 1000 times */
static void prog_calls(void)
{
    ncode = 0;
    e2(OP_PUSH, 5381); e2(OP_STORE, 3); e2(OP_PUSH, 0); e2(OP_STORE, 4);
    int top = here();
    e2(OP_LOAD, 4); e2(OP_PUSH, 1000); e1(OP_LT);
    int out = fwd(OP_JZ);
    int call = fwd(OP_CALL);
    e2(OP_LOAD, 4); e2(OP_PUSH, 1); e1(OP_ADD); e2(OP_STORE, 4); e2(OP_JMP, top);
    patch(out);
    e2(OP_LOAD, 3); e1(OP_HALT);
    patch(call);
    e2(OP_LOAD, 3); e2(OP_PUSH, 33); e1(OP_MUL); e2(OP_LOAD, 4); e1(OP_XOR); e2(OP_STORE, 3);
    e1(OP_RET);
}

int main(void)
{
    static struct vm m;
    int r;
    memset(&m, 0, sizeof m);
    prog_squares();
    r = run(&m, code);
    printf("squares: %d (var0 %d)\n", r, m.var[0]);
    memset(&m, 0, sizeof m);
    m.mem[0] = m.mem[1] = 1;
    prog_sieve();
    r = run(&m, code);
    printf("primes below 2000: %d\n", r);
    memset(&m, 0, sizeof m);
    prog_calls();
    r = run(&m, code);
    printf("calls: %d\n", r);
    printf("steps: %lu\n", m.steps);
    return 0;
}
