/* Dense switches (jump tables), sparse switches (compare trees) and a small bytecode VM. */
#include <stdio.h>

static int dense(int x)
{
    switch (x) {
    case 0: return 11; case 1: return 22; case 2: return 35; case 3: return 47;
    case 4: return 51; case 5: return 68; case 6: return 70; case 7: return 89;
    case 8: return 93; case 9: return 104; case 10: return 111; case 11: return 127;
    default: return -1;
    }
}

static const char *sparse(unsigned x)
{
    switch (x) {
    case 1: return "one"; case 10: return "ten"; case 100: return "hundred";
    case 1000: return "thousand"; case 65535: return "max16"; case 0x80000000u: return "sign";
    default: return "other";
    }
}

enum op { PUSH, ADD, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT };

static void run(const int *code)
{
    int st[32], sp = 0, pc = 0;
    for (;;) {
        switch (code[pc++]) {
        case PUSH: st[sp++] = code[pc++]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { int t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
        case JNZ: { int t = code[pc++]; if (st[sp - 1]) pc = t; } break;
        case DEC: st[sp - 1]--; break;
        case PRINT: printf("vm: %d\n", st[sp - 1]); break;
        case HALT: return;
        }
    }
}

int main(void)
{
    int sum = 0;
    for (int i = -3; i < 15; i++) { sum = sum * 3 + dense(i); printf("%d ", dense(i)); }
    printf("\nsum %d\n", sum);
    unsigned xs[] = {0, 1, 10, 100, 1000, 65535, 65536, 0x80000000u, 0xffffffffu};
    for (unsigned i = 0; i < 9; i++) printf("%s ", sparse(xs[i]));
    printf("\n");
    static const int arith[] = {PUSH, 6, PUSH, 7, MUL, PUSH, 8, ADD, DUP, ADD, PRINT, PUSH, 3,
                                SWAP, PRINT, HALT};
    run(arith);
    static const int count[] = {PUSH, 5, /* 2 */ PRINT, DEC, JNZ, 2, PUSH, 6, PUSH, 7, MUL, PRINT,
                                HALT};
    run(count);
    return 0;
}
