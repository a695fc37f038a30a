#!/usr/bin/env python3
"""Random differential testing of morph's x86 emulation (issue 20; docs/testing.md, "Random
differential testing").

Generates seeded random i386 instruction sequences from a weighted grammar, assembles many of them
into one ELF (tests/fuzz-x86/rt.S is the runtime), runs the ELF as the reference run (native i386,
or qemu-i386; tools/host-probe.sh) and under morph in several emulation modes and core
configurations, and compares the per-sequence register and memory dumps. A mismatch is minimized
(delta debugging over the sequence's units) into a register-dump test in the style of tests/x86.

  fuzz-x86.py campaign [--seed S] [-n N] [--per-elf K] [--jobs J] [--modes a,b] [--work DIR]
                       [--minimize M] [--corpus DIR] [--quiet]
  fuzz-x86.py show SEED INDEX            print one sequence's assembly
  fuzz-x86.py minimize SEED INDEX MODE [--corpus DIR]
  fuzz-x86.py selftest                   the comparison must catch planted differences

A sequence is named by (seed, index): its text depends on nothing else (its own random stream),
so `show`/`minimize` reproduce any sequence of any campaign.

Flags. Every unit (an instruction with the instructions that set up its operands) carries the
flags (CF PF AF ZF SF OF, and DF) it reads, defines and leaves undefined per the Intel SDM (the
u_* methods; where AMD's manual disagrees, the flag counts as undefined). The generator tracks
which flags are defined along the sequence (at the join after a forward branch, those defined on
both paths), never lets a unit read an undefined flag (jcc, setcc, cmovcc, adc/sbb, rcl/rcr,
lahf, pushf, loope/loopne), and the dump masks EFLAGS to the flags still defined at the end.
Operand-dependent cases are decided when the operands are chosen: shift counts are immediates or
a CL loaded in the same unit, so the count-0 "flags unchanged" rule and the count-1 OF rule are
known statically. Exceptions: docs/testing.md.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RT = os.path.join(TOP, 'tests', 'fuzz-x86', 'rt.S')

CF, PF, AF, ZF, SF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x800
ARITH = CF | PF | AF | ZF | SF | OF
DF = 0x400
FLAGS = ARITH | DF          # the flags tracked and compared (DF: see cmpxchg8b)
WIN = 512                   # scratch window bytes, page boundary in the middle (rt.S: FZ_WIN_BYTES)
ITERS = 3                   # each sequence runs this many times (superblocks form on later runs)
POOL = 16384                # random bytes the window is filled from (rt.S: FZ_POOL_BYTES)
POOL_SEED = 0x2545f491      # the pool's xorshift32 seed (rt.S: FZ_POOL_SEED)
REC_NAMES = ['edi', 'esi', 'ebp', 'esp', 'ebx', 'edx', 'ecx', 'eax', 'efl']    # pushal order + eflags
FPU_BYTES = 108             # FNSAVE's image in 32-bit mode (rt.S: FZ_FPU_BYTES)
TAIL = 16                   # bytes below the guard page, recorded too (rt.S: FZ_TAIL_BYTES)
HEAD = 28                   # "SZFZ", sequence, iteration, signal, si_code, si_addr, EIP
REC_BYTES = HEAD + 4 * len(REC_NAMES) + WIN + TAIL + FPU_BYTES

# morph emulation modes and core configurations the campaign compares with the reference.
SBT = ['--emulation=bbt', '--bbt-threshold=1', '--sbt-threshold=2']
MODES = {
    'interp': ['--emulation=interp'],
    'bbt': ['--emulation=bbt', '--bbt-threshold=1', '--sbt-threshold=off'],
    'sbt': SBT,
    'sbt-hu-smith-macro': SBT + ['--fusion=hu-smith', '--core=macro'],
    'sbt-dual-wide2': SBT + ['--fusion=dual', '--sched=all', '--core=wide2'],
}
# more, for --modes (all: every mode): the firmware's timer every 1000 cycles (translated code
# interrupted and resumed, as make test-x86-quantum), the 4-wide core with list scheduling
# everywhere, adjacent fusion on m1, the RTL-shaped macro2 core.
EXTRA_MODES = {
    'sbt-quantum': SBT + ['--quantum=1000'],
    'sbt-sched-wide4': SBT + ['--sched=all', '--core=wide4'],
    'sbt-adjacent-m1': SBT + ['--fusion=adjacent', '--core=m1'],
    'sbt-hu-smith-macro2': SBT + ['--fusion=hu-smith', '--core=macro2'],
}

R32 = ['eax', 'ecx', 'edx', 'ebx', 'ebp', 'esi', 'edi']          # never esp
R16 = ['ax', 'cx', 'dx', 'bx', 'bp', 'si', 'di']
R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh']
R8_OF = {'al': 'eax', 'cl': 'ecx', 'dl': 'edx', 'bl': 'ebx', 'ah': 'eax', 'ch': 'ecx', 'dh': 'edx',
         'bh': 'ebx'}
SUF = {8: 'b', 16: 'w', 32: 'l'}
BYTES = {8: 1, 16: 2, 32: 4}

# Condition codes and the flags they read.
CC = {'o': OF, 'no': OF, 'b': CF, 'ae': CF, 'e': ZF, 'ne': ZF, 'be': CF | ZF, 'a': CF | ZF,
      's': SF, 'ns': SF, 'p': PF, 'np': PF, 'l': SF | OF, 'ge': SF | OF, 'le': ZF | SF | OF,
      'g': ZF | SF | OF}


def s32(v):
    v &= 0xffffffff
    return v - (1 << 32) if v & 0x80000000 else v  # lint-facts: ok (x86 sign bit, not an address)


def reg_of(size, name):
    """The 32-bit register holding NAME."""
    if size == 32:
        return name
    if size == 16:
        return 'e' + name
    return R8_OF[name]


def regname(size, r32):
    if size == 32:
        return r32
    if size == 16:
        return r32[1:]
    return {'eax': 'al', 'ecx': 'cl', 'edx': 'dl', 'ebx': 'bl'}[r32]


class Unit:
    """One atom of a sequence: asm lines and flag effects. kind 'label' units are join points."""

    def __init__(self, asm, uses=0, defs=0, undefs=0, push=0, branch=None, label=None, jmp=False,
                 dfbad=0, fault=0, x87=0):
        self.asm = asm
        self.uses = uses        # arithmetic flags read (must be defined)
        self.defs = defs        # flags written with a defined value
        self.undefs = undefs    # flags left undefined
        self.push = push        # net stack words pushed (>0) or popped (<0)
        self.branch = branch    # label id of a forward branch
        self.label = label      # this unit is label LABEL
        self.jmp = jmp          # unconditional: the fall-through is dead
        self.dfbad = dfbad      # 1: EFLAGS.DF is not comparable from here (qemu, cmpxchg8b); -1: it is again
        self.fault = fault      # 1: a fault on purpose, the sequence's last unit (u_fault)
        self.x87 = x87          # 1: has x87 instructions (compared only against the host CPU)

    def to_json(self):
        return self.__dict__

    @staticmethod
    def from_json(d):
        u = Unit([])
        u.__dict__.update(d)
        return u


def analyse(units):
    """Flag and stack analysis of a unit list: (valid, mask of the flags defined at the end, of
    FLAGS). Invalid if a unit reads a flag that is undefined there or pops above the stack top."""
    defined = FLAGS
    pending = {}
    depth = 0
    dead = False
    dfbad = False
    for u in units:
        if u.label is not None:
            if u.label in pending:
                join = pending.pop(u.label)
                defined = join if dead else (defined & join)
                dead = False
            continue
        if dead:
            continue
        if u.uses & ~defined:
            return False, 0
        depth += u.push
        if depth < 0:
            return False, 0
        defined = (defined & ~u.undefs) | u.defs
        if u.dfbad:
            dfbad = u.dfbad > 0
        if dfbad:
            defined &= ~DF
        if u.branch is not None:
            pending[u.branch] = pending.get(u.branch, FLAGS) & defined
            if u.jmp:
                dead = True
    if dead:
        return False, 0
    return True, defined


class Gen:
    """The grammar. One Gen per sequence; rng is the sequence's own stream."""

    def __init__(self, rng, tag, x87=True):
        self.rng = rng
        self.tag = tag
        self.x87 = x87              # x87 units (x87_mode())
        self.faults = True          # a fault on purpose ends FAULT_RATE of the sequences
        self.nlabel = 0
        self.defined = FLAGS
        self.depth = 0
        self.open_branches = []     # [label, units left before the label]

    # ---- values ----
    def val32(self):
        r = self.rng
        k = r.random()
        if k < 0.25:
            return r.choice([0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
                             0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,  # lint-facts: ok (edge operands)
                             0xffffff80, 0xffff8000])
        if k < 0.4:
            return r.randrange(0, 256)
        if k < 0.5:
            return (1 << r.randrange(32)) ^ (r.choice([0, 0xffffffff]))
        return r.getrandbits(32)

    def imm(self, size):
        v = self.val32() & ((1 << size) - 1)
        if size == 32 and self.rng.random() < 0.5:
            return str(s32(v))
        if self.rng.random() < 0.5:
            return hex(v)
        return str(v - (1 << size) if v >> (size - 1) and size < 32 and self.rng.random() < 0.5 else v)

    def reg(self, size, avoid=()):
        names = {8: R8, 16: R16, 32: R32}[size]
        return self.rng.choice([n for n in names if reg_of(size, n) not in avoid])

    # ---- memory operands ----
    def mem(self, size, avoid=(), off=None):
        """(operand, setup lines): an operand of SIZE bits inside the window, through a random
        addressing mode. Setup registers are taken outside AVOID."""
        r = self.rng
        nb = BYTES.get(size, size // 8)
        if off is None:
            if r.random() < 0.35:
                off = r.randrange(WIN // 2 - nb + 1, WIN // 2 + 1)     # crosses or touches the page boundary
            else:
                off = r.randrange(0, WIN - nb + 1)
        free = [x for x in R32 if x not in avoid]
        mode = r.choice(['abs', 'b', 'b8', 'b32', 'bi', 'bi8', 'bi32', 'i', 'bb'])
        if len(free) < 2 and mode in ('bi', 'bi8', 'bi32'):
            mode = 'b'
        if not free:
            mode = 'abs'
        if mode == 'abs':
            return 'fz_win+%d' % off, []
        if mode in ('b', 'b8', 'b32'):
            b = r.choice(free)
            d = {'b': 0, 'b8': r.randrange(-128, 128), 'b32': s32(r.getrandbits(32))}[mode]
            op = ('%d(%%%s)' % (d, b)) if d or b == 'ebp' else '(%%%s)' % b
            return op, ['movl $fz_win%+d, %%%s' % (s32(off - d), b)]
        s = r.choice([1, 2, 4, 8])
        if mode == 'bb':
            b = r.choice(free)
            v = self.val32() if r.random() < 0.5 else r.randrange(-64, 64) & 0xffffffff
            return ('fz_win%+d(%%%s,%%%s,%d)' % (s32(off - v * (1 + s)), b, b, s),
                    ['movl $%d, %%%s' % (s32(v), b)])
        i = r.choice([x for x in free if x != 'esp'])
        iv = self.val32() if r.random() < 0.4 else r.randrange(-64, 64) & 0xffffffff
        if mode == 'i':
            return ('fz_win%+d(,%%%s,%d)' % (s32(off - iv * s), i, s), ['movl $%d, %%%s' % (s32(iv), i)])
        b = r.choice([x for x in free if x != i])
        d = {'bi': 0, 'bi8': r.randrange(-128, 128), 'bi32': s32(r.getrandbits(32))}[mode]
        op = '%s(%%%s,%%%s,%d)' % (str(d) if d or b == 'ebp' else '', b, i, s)
        return op, ['movl $%d, %%%s' % (s32(iv), i), 'movl $fz_win%+d, %%%s' % (s32(off - d - iv * s), b)]

    def seg(self, op):
        """A harmless segment override on a memory operand now and then."""
        if self.rng.random() < 0.08:
            return self.rng.choice(['%ds:', '%es:', '%ss:']) + op   # CS is not writable
        return op

    def lock(self, is_mem):
        return 'lock ' if is_mem and self.rng.random() < 0.15 else ''

    def rm(self, size, avoid=(), pmem=0.4):
        """A register or memory operand: (text, setup, is_mem)."""
        if self.rng.random() < pmem:
            op, setup = self.mem(size, avoid)
            return self.seg(op), setup, True
        return '%' + self.reg(size, avoid), [], False

    # ---- flags helpers ----
    def producer(self):
        """A flag producer defining all arithmetic flags (for a consumer whose flags are not)."""
        r = self.rng
        size = r.choice([8, 16, 32])
        op = r.choice(['add', 'sub', 'cmp', 'neg', 'adc0'])
        if op == 'neg':
            return ['neg%s %%%s' % (SUF[size], self.reg(size))]
        if op == 'adc0':
            return ['clc' if r.random() < 0.5 else 'stc', 'adc%s %%%s, %%%s' % (SUF[size], self.reg(size), self.reg(size))]
        return ['%s%s $%s, %%%s' % (op, SUF[size], self.imm(size), self.reg(size))]

    # ---- the grammar ----
    def u_alu(self):
        r = self.rng
        size = r.choice([8, 16, 32, 32])
        op = r.choice(['add', 'adc', 'sub', 'sbb', 'and', 'or', 'xor', 'cmp', 'test'])
        s = SUF[size]
        form = r.choice(['rr', 'ir', 'im', 'rm', 'mr'])
        if op == 'test' and form == 'mr':
            form = 'rm'
        setup = []
        if form == 'rr':
            text = '%s%s %%%s, %%%s' % (op, s, self.reg(size), self.reg(size))
        elif form == 'ir':
            text = '%s%s $%s, %%%s' % (op, s, self.imm(size), self.reg(size))
        elif form == 'im':
            m, setup = self.mem(size)
            text = '%s%s%s $%s, %s' % (self.lock(op not in ('cmp', 'test')), op, s, self.imm(size), m)
        else:
            m, setup = self.mem(size)
            src = self.reg(size)
            text = ('%s%s%s %%%s, %s' % (self.lock(op not in ('cmp', 'test')), op, s, src, m)) if form == 'rm' \
                else ('%s%s %s, %%%s' % (op, s, self.seg(m), src))
            if form == 'mr':
                # the register may be a setup register: still fine (its value is the address part)
                pass
        uses = CF if op in ('adc', 'sbb') else 0
        if op in ('and', 'or', 'xor', 'test'):
            return Unit(setup + [text], uses, CF | OF | SF | ZF | PF, AF)
        return Unit(setup + [text], uses, ARITH, 0)

    def u_unary(self):
        r = self.rng
        size = r.choice([8, 16, 32])
        op = r.choice(['inc', 'dec', 'neg', 'not'])
        o, setup, is_mem = self.rm(size)
        text = setup + ['%s%s%s %s' % (self.lock(is_mem), op, SUF[size], o)]
        if op == 'not':
            return Unit(text)
        if op == 'neg':
            return Unit(text, 0, ARITH)
        return Unit(text, 0, ARITH & ~CF)

    def count(self):
        return self.rng.choice([0, 1, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255,
                                self.rng.randrange(256)])

    def u_shift(self):
        r = self.rng
        size = r.choice([8, 16, 32, 32])
        op = r.choice(['shl', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr', 'sal'])
        form = r.choice(['one', 'imm', 'cl', 'cl'])
        cnt = 1 if form == 'one' else self.count()
        if form == 'cl':
            o, setup, _ = self.rm(size, avoid=('ecx',))
            setup = ['movb $%d, %%cl' % cnt] + setup
            text = '%s%s %%cl, %s' % (op, SUF[size], o)
        else:
            o, setup, _ = self.rm(size)
            text = ('%s%s %s' % (op, SUF[size], o)) if form == 'one' else ('%s%s $%d, %s' % (op, SUF[size], cnt, o))
        c = cnt & 31
        uses = CF if op in ('rcl', 'rcr') else 0
        if c == 0:
            return Unit(setup + [text], uses)
        ofl = OF if c == 1 else 0
        if op in ('rol', 'ror', 'rcl', 'rcr'):
            if op in ('rcl', 'rcr') and c % (size + 1) == 0 and size < 32:
                # the rotate itself is by 0 (count mod 9 or 17): CF stays; OF undefined
                return Unit(setup + [text], uses, 0, OF)
            return Unit(setup + [text], uses, CF | ofl, OF & ~ofl)
        return Unit(setup + [text], uses, CF | SF | ZF | PF | ofl, AF | (OF & ~ofl))

    def u_shd(self):
        r = self.rng
        size = r.choice([16, 32])
        op = r.choice(['shld', 'shrd'])
        cnt = self.count()
        if size == 16 and (cnt & 31) > 16:
            cnt = cnt & 15      # counts above 16 leave result and flags undefined
        form = r.choice(['imm', 'cl'])
        avoid = ('ecx',) if form == 'cl' else ()
        o, setup, _ = self.rm(size, avoid=avoid)
        src = self.reg(size, avoid)
        cs = '%cl' if form == 'cl' else '$%d' % cnt
        text = setup + (['movb $%d, %%cl' % cnt] if form == 'cl' else []) + \
            ['%s%s %s, %%%s, %s' % (op, SUF[size], cs, src, o)]
        c = cnt & 31
        if c == 0:
            return Unit(text)
        ofl = OF if c == 1 else 0
        return Unit(text, 0, CF | SF | ZF | PF | ofl, AF | (OF & ~ofl))

    def u_mul(self):
        r = self.rng
        size = r.choice([8, 16, 32])
        k = r.random()
        s = SUF[size]
        if k < 0.5 or size == 8:
            op = r.choice(['mul', 'imul'])
            o, setup, _ = self.rm(size)
            text = setup + ['%s%s %s' % (op, s, o)]
        elif k < 0.75:
            o, setup, _ = self.rm(size)
            text = setup + ['imul%s %s, %%%s' % (s, o, self.reg(size))]
        else:
            o, setup, _ = self.rm(size)
            text = setup + ['imul%s $%s, %s, %%%s' % (s, self.imm(size), o, self.reg(size))]
        return Unit(text, 0, CF | OF, SF | ZF | AF | PF)

    def u_div(self):
        """DIV/IDIV built so that they never fault: the dividend's high part below the divisor
        (DIV) or the dividend sign-extended and the divisor not 0 or -1 (IDIV)."""
        r = self.rng
        size = r.choice([8, 16, 32])
        s = SUF[size]
        mask = (1 << size) - 1
        signed = r.random() < 0.5
        while True:
            d = self.val32() & mask
            if d != 0 and (not signed or d != mask):
                break
        avoid = ('eax', 'edx')
        if r.random() < 0.5:
            o, setup = self.mem(size, avoid)
            setup = setup + ['mov%s $%d, %s' % (s, d, o)]
        else:
            rr = self.reg(size, avoid=avoid)
            o = '%' + rr
            setup = ['mov%s $%d, %s' % (s, d, o)]
        lo = self.val32() & mask
        if signed:
            ext = {8: 'cbtw', 16: 'cwtd', 32: 'cltd'}[size]
            if size == 8:
                setup += ['movb $%d, %%al' % lo, ext]
            else:
                setup += ['mov%s $%d, %%%s' % (s, lo, regname(size, 'eax')), ext]
        else:
            hi = r.randrange(0, d)
            if size == 8:
                setup += ['movw $%d, %%ax' % (hi << 8 | lo)]
            else:
                setup += ['mov%s $%d, %%%s' % (s, lo, regname(size, 'eax')),
                          'mov%s $%d, %%%s' % (s, hi, regname(size, 'edx'))]
        text = setup + ['%s%s %s' % ('idiv' if signed else 'div', s, o)]
        return Unit(text, 0, 0, ARITH)

    def need(self, flags):
        """Setup that makes FLAGS defined if they are not (a producer of all flags)."""
        pre, d = [], 0
        if flags & ARITH & ~self.defined:
            pre, d = self.producer(), ARITH
        if flags & DF & ~self.defined:
            pre, d = pre + [self.rng.choice(['cld', 'std'])], d | DF
        return pre, d

    def u_setcc(self):
        cc = self.rng.choice(list(CC))
        pre, d = self.need(CC[cc])
        o, setup, _ = self.rm(8)
        return Unit(pre + setup + ['set%s %s' % (cc, o)], CC[cc] & ~d, d)

    def u_cmov(self):
        r = self.rng
        cc = r.choice(list(CC))
        size = r.choice([16, 32])
        pre, d = self.need(CC[cc])
        o, setup, _ = self.rm(size)
        return Unit(pre + setup + ['cmov%s%s %s, %%%s' % (cc, SUF[size], o, self.reg(size))], CC[cc] & ~d, d)

    def u_flagops(self):
        r = self.rng
        k = r.choice(['clc', 'stc', 'cmc', 'cld', 'std', 'sahf', 'lahf', 'popf', 'pushf'])
        if k == 'clc' or k == 'stc':
            return Unit([k], 0, CF)
        if k == 'cmc':
            return Unit([k])                 # CF stays as defined as it was
        if k in ('cld', 'std'):
            return Unit([k], 0, DF)
        if k == 'sahf':
            return Unit(['movb $%d, %%ah' % r.randrange(256), 'sahf'], 0, SF | ZF | AF | PF | CF)
        if k == 'lahf':
            pre, d = self.need(SF | ZF | AF | PF | CF)
            return Unit(pre + ['lahf'], (SF | ZF | AF | PF | CF) & ~d, d)
        if k == 'popf':
            v = (r.getrandbits(32) & (ARITH | DF)) | 0x2
            return Unit(['pushl $%#x' % v, 'popfl'], 0, FLAGS, dfbad=-1)
        pre, d = self.need(FLAGS)
        return Unit(pre + ['pushfl', 'popl %%%s' % self.reg(32)], FLAGS & ~d, d)

    def u_bt(self):
        r = self.rng
        size = r.choice([16, 32])
        op = r.choice(['bt', 'bts', 'btr', 'btc'])
        s = SUF[size]
        if r.random() < 0.5:
            o, setup, is_mem = self.rm(size)
            lock = self.lock(is_mem and op != 'bt')
            text = setup + ['%s%s%s $%d, %s' % (lock, op, s, r.randrange(256), o)]
        elif r.random() < 0.5:
            rr = self.reg(size)
            o = '%' + self.reg(size)
            text = ['%s%s %%%s, %s' % (op, s, rr, o)]
        else:
            # bit string in memory: a register bit offset (signed) of up to +-1536 bits around
            # an operand near the middle of the window
            ix = r.choice(R32)
            bit = r.randrange(-(WIN // 2 - 64) * 8, (WIN // 2 - 64) * 8)
            o, setup = self.mem(size, avoid=(ix,), off=WIN // 2 - r.randrange(0, 16))
            ixn = ix if size == 32 else ix[1:]
            lock = self.lock(op != 'bt')
            text = setup + ['mov%s $%d, %%%s' % (s, bit, ixn), '%s%s%s %%%s, %s' % (lock, op, s, ixn, o)]
        # ZF: unchanged per Intel's SDM, undefined per AMD's manual: undefined here.
        return Unit(text, 0, CF, OF | SF | AF | PF | ZF)

    def u_bsf(self):
        r = self.rng
        size = r.choice([16, 32])
        o, setup, _ = self.rm(size)
        return Unit(setup + ['%s%s %s, %%%s' % (r.choice(['bsf', 'bsr']), SUF[size], o, self.reg(size))],
                    0, ZF, CF | OF | SF | AF | PF)

    def u_misc(self):
        r = self.rng
        k = r.choice(['bswap', 'movzx', 'movsx', 'lea', 'xchg', 'xadd', 'cmpxchg', 'ext', 'mov',
                      'movmoffs', 'cmpxchg8b', 'xlat', 'callpop', 'enter', 'helper'])
        if k == 'helper':           # a call to rt.S (tests/fuzz-x86/rt.S fz_h1..3)
            h = r.choice([1, 2, 3])
            if h == 1:
                return Unit(['call fz_h1'])
            if h == 2:
                return Unit(['call fz_h2'], 0, ARITH)
            return Unit(['pushl $%s' % self.imm(32), 'call fz_h3'])
        if k == 'callpop':         # EIP into a register (the same ELF on both sides)
            return Unit(['call 1f', '1:      popl %%%s' % self.reg(32)])
        if k == 'enter':
            n = r.choice([0, 4, 12, 256, r.randrange(0, 64)])
            level = r.choice([0, 0, 1, 2, 3])
            # nesting levels > 0 copy frame pointers from below EBP: EBP in the window first
            pre = ['movl $fz_win+%d, %%ebp' % r.randrange(16, WIN - 4)] if level else []
            return Unit(pre + ['enter $%d, $%d' % (n, level), 'movl %%%s, -4(%%ebp)' % self.reg(32), 'leave'])
        if k == 'bswap':
            return Unit(['bswap %%%s' % self.reg(32)])
        if k in ('movzx', 'movsx'):
            src = r.choice([8, 16])
            dst = 32 if src == 16 else r.choice([16, 32])
            o, setup, _ = self.rm(src)
            return Unit(setup + ['mov%s%s%s %s, %%%s' % (k[3], SUF[src], SUF[dst], o, self.reg(dst))])
        if k == 'lea':
            size = r.choice([16, 32, 32])
            b, i = r.choice(R32 + ['esp']), r.choice(R32)
            d = r.choice([0, r.randrange(-128, 128), s32(r.getrandbits(32))])
            form = r.choice(['b', 'bi', 'i', 'a16'])
            if form == 'a16':       # 16-bit addressing (0x67): (BX|BP) + (SI|DI) + disp16, mod 64 KiB
                base = r.choice(['%bx', '%bp', '%si', '%di', '%bx,%si', '%bx,%di', '%bp,%si', '%bp,%di'])
                d16 = r.choice([0, r.randrange(-128, 128), r.randrange(-32768, 32768)])
                return Unit(['addr16 lea%s %d(%s), %%%s' % (SUF[size], d16, base, self.reg(size))])
            a = {'b': '%d(%%%s)' % (d, b), 'bi': '%d(%%%s,%%%s,%d)' % (d, b, i, r.choice([1, 2, 4, 8])),
                 'i': '%d(,%%%s,%d)' % (d, i, r.choice([1, 2, 4, 8]))}[form]
            return Unit(['lea%s %s, %%%s' % (SUF[size], a, self.reg(size))])
        if k == 'xchg':
            size = r.choice([8, 16, 32])
            o, setup, _ = self.rm(size)
            return Unit(setup + ['xchg%s %%%s, %s' % (SUF[size], self.reg(size), o)])
        if k == 'xadd':
            size = r.choice([8, 16, 32])
            o, setup, _ = self.rm(size)
            lock = 'lock ' if setup and r.random() < 0.3 else ''
            return Unit(setup + ['%sxadd%s %%%s, %s' % (lock, SUF[size], self.reg(size), o)], 0, ARITH)
        if k == 'cmpxchg':
            size = r.choice([8, 16, 32])
            o, setup, _ = self.rm(size, avoid=('eax',))
            pre = []
            if r.random() < 0.5:        # equal half of the time
                pre = ['mov%s %s, %%%s' % (SUF[size], o, regname(size, 'eax'))]
            lock = self.lock(bool(setup) or o.startswith('fz_win') or '(' in o)
            return Unit(setup + pre + ['%scmpxchg%s %%%s, %s' % (lock, SUF[size], self.reg(size), o)], 0, ARITH)
        if k == 'cmpxchg8b':
            o, setup = self.mem(64, avoid=('eax', 'edx', 'ecx', 'ebx'))
            pre = []
            if r.random() < 0.5:
                pre = ['movl %s, %%eax' % o, 'movl 4+%s, %%edx' % o if o[0] != '(' else 'movl 4%s, %%edx' % o]
            # CF PF AF SF OF are unaffected per the SDM, but qemu-i386 7.2 (the reference where
            # the host cannot run i386) changes them: not compared. And its EFLAGS then show the
            # DF of the last POPF until a POPF, whatever CLD/STD did (string instructions do go
            # the right way): DF not compared until a POPF (docs/testing.md).
            return Unit(setup + pre + ['%scmpxchg8b %s' % (self.lock(True), o)], 0, ZF, ARITH & ~ZF, dfbad=1)
        if k == 'ext':
            return Unit([r.choice(['cbtw', 'cwtl', 'cwtd', 'cltd'])])
        if k == 'mov':
            size = r.choice([8, 16, 32])
            form = r.choice(['rr', 'ir', 'rm', 'mr', 'im'])
            s = SUF[size]
            if form == 'rr':
                return Unit(['mov%s %%%s, %%%s' % (s, self.reg(size), self.reg(size))])
            if form == 'ir':
                return Unit(['mov%s $%s, %%%s' % (s, self.imm(size), self.reg(size))])
            m, setup = self.mem(size)
            if form == 'rm':
                return Unit(setup + ['mov%s %%%s, %s' % (s, self.reg(size), m)])
            if form == 'im':
                return Unit(setup + ['mov%s $%s, %s' % (s, self.imm(size), m)])
            return Unit(setup + ['mov%s %s, %%%s' % (s, m, self.reg(size))])
        if k == 'movmoffs':
            size = r.choice([8, 16, 32])
            a = regname(size, 'eax')
            off = r.randrange(WIN // 2 - 8, WIN // 2 + 4)
            if r.random() < 0.5:
                return Unit(['mov%s fz_win+%d, %%%s' % (SUF[size], off, a)])
            return Unit(['mov%s %%%s, fz_win+%d' % (SUF[size], a, off)])
        # xlat: EBX at the middle of the window minus 128, AL any byte
        return Unit(['movl $fz_win+%d, %%ebx' % (WIN // 2 - 128), 'xlat'])

    def u_stack(self):
        r = self.rng
        k = r.choice(['push', 'pushi', 'pushm', 'pop', 'popm', 'pusha', 'popa', 'pushwi', 'popw'])
        if k == 'popw' and self.depth < 0.5:
            k = 'pushwi'
        if k == 'pushwi':
            return Unit(['pushw $%s' % self.imm(16)], push=0.5)
        if k == 'popw':
            if r.random() < 0.5:
                m, setup = self.mem(16)
                return Unit(setup + ['popw %s' % m], push=-0.5)
            return Unit(['popw %%%s' % self.reg(16)], push=-0.5)
        if k in ('pop', 'popm', 'popa') and self.depth < (8 if k == 'popa' else 1):
            k = 'push'
        if self.depth > 40 and k.startswith('push'):
            k = 'pop' if self.depth >= 1 else 'push'
        if k == 'push':
            size = r.choice([16, 32, 32])
            return Unit(['push%s %%%s' % (SUF[size], self.reg(size) if r.random() < 0.9 else regname(size, 'eax'))],
                        push=1 if size == 32 else 0.5)
        if k == 'pushi':
            return Unit(['pushl $%s' % self.imm(32)], push=1)
        if k == 'pushm':
            m, setup = self.mem(32)
            return Unit(setup + ['pushl %s' % m], push=1)
        if k == 'pop':
            return Unit(['popl %%%s' % self.reg(32)], push=-1)
        if k == 'popm':
            m, setup = self.mem(32)
            return Unit(setup + ['popl %s' % m], push=-1)
        if k == 'pusha':
            return Unit(['pushal'], push=8)
        return Unit(['popal'], push=-8)

    def u_string(self):
        r = self.rng
        size = r.choice([8, 16, 32])
        nb = BYTES[size]
        op = r.choice(['movs', 'stos', 'lods', 'cmps', 'scas'])
        rep = r.choice(['', 'rep ', 'rep ', 'repne '] if op in ('cmps', 'scas') else ['', 'rep '])
        if op in ('cmps', 'scas') and rep == 'rep ':
            rep = 'repe '
        n = (r.randrange(0, 9) if r.random() < 0.85 else r.randrange(9, WIN // (2 * nb))) if rep else 1
        down = r.random() < 0.4
        setup = ['std' if down else 'cld']
        span = max(n * nb, nb)
        for reg in (['esi'] if op in ('movs', 'lods', 'cmps') else []) + (['edi'] if op in ('movs', 'stos', 'cmps', 'scas') else []):
            # lo: the lowest byte touched; biased to strings across the page boundary
            if r.random() < 0.5:
                lo = WIN // 2 - r.randrange(0, span + 1)
            else:
                lo = r.randrange(0, WIN - span + 1)
            lo = max(0, min(lo, WIN - span))
            start = lo + span - nb if down else lo
            setup.append('movl $fz_win+%d, %%%s' % (start, reg))
        if rep:
            setup.append('movl $%d, %%ecx' % n)
        if op in ('cmps', 'scas') and r.random() < 0.5:
            # make REPE run on: equal data (stos the same value over both strings first is too
            # much machinery; a repeated byte pattern in EAX for SCAS is enough)
            setup.append('movl $0x%02x%02x%02x%02x, %%eax' % ((r.randrange(256),) * 4))
        insn = '%s%s%s' % (rep, op, SUF[size])
        executes = n > 0
        if op in ('cmps', 'scas') and executes:
            return Unit(setup + [insn], 0, FLAGS)
        return Unit(setup + [insn], 0, DF)

    def u_branch(self):
        """A short forward branch over the next 1-3 units (no stack units inside)."""
        r = self.rng
        label = '.Lf_%s_%d' % (self.tag, self.nlabel)
        self.nlabel += 1
        span = r.randrange(1, 4)
        k = r.random()
        if k < 0.6:
            cc = r.choice(list(CC))
            pre, d = self.need(CC[cc])
            far = '{disp32} ' if r.random() < 0.2 else ''
            u = Unit(pre + ['%sj%s %s' % (far, cc, label)], CC[cc] & ~d, d, branch=label)
        elif k < 0.7:
            u = Unit(['jmp %s' % label], branch=label, jmp=True)
        elif k < 0.85:
            n = r.choice([0, 1, 2, 0x10000])
            u = Unit(['movl $%d, %%ecx' % n, 'jecxz %s' % label], branch=label)
        else:
            op = r.choice(['loop', 'loope', 'loopne'])
            uses = ZF if op != 'loop' else 0
            pre, d = self.need(uses)
            u = Unit(pre + ['movl $%d, %%ecx' % r.choice([1, 2, 3, 0]), '%s %s' % (op, label)],
                     uses & ~d, d, branch=label)
        self.open_branches.append([label, span])
        return u

    # ---- x87 ----
    # Only operations whose results are exact in IEEE terms (basic arithmetic, square root,
    # conversions, comparisons, FSCALE/FXTRACT/FPREM): the transcendentals are within 1 ulp of the
    # host, not equal to it (docs/x87.md). Exceptions stay masked (FLDCW keeps the mask bits).
    FCONST = ['fld1', 'fldz', 'fldpi', 'fldl2e', 'fldl2t', 'fldlg2', 'fldln2']
    # m32 / m64 bit patterns beyond the pool's random bits: zeros, ones, halves, the extremes,
    # denormals, infinities, quiet and signalling NaNs
    F32 = [0, 0x80000000, 0x3f800000, 0xbf000000, 0x7f7fffff, 0x00000001, 0x007fffff, 0x00800000,  # lint-facts: ok (IEEE -0.0, not an address)
           0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x4b000000, 0x3effffff]
    F64 = [0, 1 << 63, 0x3ff0000000000000, 0x3fe0000000000000, 0x7fefffffffffffff, 1,
           0x000fffffffffffff, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
           0x7ff0000000000001, 0x4330000000000000, 0x43e0000000000000, 0xc3e0000000000000]

    def fmem(self, size):
        """(operand, setup) for an x87 memory operand of SIZE bits: the pool's bytes, or now and
        then a chosen IEEE pattern or integer written there first."""
        r = self.rng
        o, setup = self.mem(size)
        if size in (32, 64) and r.random() < 0.35:
            v = r.choice(self.F32 if size == 32 else self.F64)
            setup = setup + ['movl $%#x, %s' % (v & 0xffffffff, o)]
            if size == 64:
                setup.append('movl $%#x, %s' % (v >> 32, ('4' if o.startswith('(') else '4+') + o))
        return self.seg(o), setup

    def u_x87(self):
        r = self.rng
        fd = getattr(self, 'fdepth', 0)
        sti = '%%st(%d)' % r.randrange(8)
        stl = '%%st(%d)' % r.randrange(1, max(2, fd))       # a register likely in use
        k = r.choices(['load', 'arith', 'unary', 'store', 'com', 'comi', 'fcmov', 'control'],
                      [6 if fd < 6 else 1, 6, 3, 5 if fd > 1 else 2, 3, 2, 2, 2])[0]
        push = 0
        if k == 'load':
            j = r.random()
            push = 1
            if j < 0.3:
                size = r.choice([32, 64, 80])
                o, setup = self.fmem(size)
                text = setup + ['fld%s %s' % ({32: 's', 64: 'l', 80: 't'}[size], o)]
            elif j < 0.55:
                size = r.choice([16, 32, 64])
                o, setup = self.mem(size)
                text = setup + ['fild%s %s' % ({16: 's', 32: 'l', 64: 'll'}[size], o)]
            elif j < 0.75:
                text = [r.choice(self.FCONST)]
            else:
                text = ['fld %s' % (stl if r.random() < 0.8 else sti)]
            self.fdepth = fd + 1
            return Unit(text)
        if k == 'arith':
            op = r.choice(['add', 'sub', 'subr', 'mul', 'div', 'divr'])
            j = r.random()
            if j < 0.3:
                size = r.choice([32, 64])
                o, setup = self.fmem(size)
                return Unit(setup + ['f%s%s %s' % (op, 's' if size == 32 else 'l', o)])
            if j < 0.45:
                size = r.choice([16, 32])
                o, setup = self.mem(size)
                return Unit(setup + ['fi%s%s %s' % (op, 's' if size == 16 else 'l', o)])
            if j < 0.65:
                return Unit(['f%s %s, %%st' % (op, stl)])
            if j < 0.8:
                return Unit(['f%s %%st, %s' % (op, stl)])
            self.fdepth = max(0, fd - 1)
            return Unit(['f%sp %%st, %s' % (op, stl)])
        if k == 'unary':
            op = r.choice(['fchs', 'fabs', 'fsqrt', 'frndint', 'fxch', 'fscale', 'fxtract', 'fprem',
                           'fprem1', 'ftst', 'fxam', 'fdecstp', 'fincstp', 'ffree', 'fnop', 'alias'])
            if op == 'fxch':
                return Unit(['fxch %s' % stl])
            if op == 'ffree':
                return Unit(['ffree %s' % sti])
            if op == 'fxtract':
                self.fdepth = fd + 1
            if op in ('fdecstp', 'fincstp'):
                return Unit([op, 'fincstp' if op == 'fdecstp' else 'fdecstp'] if r.random() < 0.7 else [op])
            if op == 'alias':       # the reserved encodings that alias FXCH, FSTP, FCOM(P)
                enc = r.choice([(0xdd, 0xc8), (0xdf, 0xc8), (0xd9, 0xd8), (0xdf, 0xd0), (0xdf, 0xd8),
                                (0xdc, 0xd0), (0xdc, 0xd8), (0xde, 0xd0), (0xdf, 0xc0)])
                if enc[0] in (0xd9, 0xdf) and enc[1] in (0xd8, 0xd0, 0xc0) and enc != (0xdf, 0xc8):
                    self.fdepth = max(0, fd - 1)
                return Unit(['.byte %#x, %#x' % (enc[0], enc[1] + r.randrange(8))])
            return Unit([op])
        if k == 'store':
            j = r.random()
            if j < 0.4:
                size = r.choice([32, 64, 80])
                o, setup = self.mem(size)
                pop = size == 80 or r.random() < 0.6
                self.fdepth = max(0, fd - pop)
                return Unit(setup + ['fst%s%s %s' % ('p' if pop else '', {32: 's', 64: 'l', 80: 't'}[size], o)])
            if j < 0.75:
                size = r.choice([16, 32, 64])
                o, setup = self.mem(size)
                form = r.choice(['fist', 'fistp', 'fisttp']) if size != 64 else r.choice(['fistp', 'fisttp'])
                if form != 'fist':
                    self.fdepth = max(0, fd - 1)
                return Unit(setup + ['%s%s %s' % (form, {16: 's', 32: 'l', 64: 'll'}[size], o)])
            pop = r.random() < 0.6
            self.fdepth = max(0, fd - pop)
            return Unit(['fst%s %s' % ('p' if pop else '', sti)])
        if k == 'com':
            j = r.random()
            op = r.choice(['fcom', 'fcomp', 'fucom', 'fucomp'])
            if j < 0.3:
                size = r.choice([32, 64])
                o, setup = self.fmem(size)
                text = setup + ['%s%s %s' % (op.replace('u', ''), 's' if size == 32 else 'l', o)]
            elif j < 0.4:
                size = r.choice([16, 32])
                o, setup = self.mem(size)
                text = setup + ['fi%s%s %s' % (op.replace('u', '')[1:], 's' if size == 16 else 'l', o)]
            elif j < 0.55:
                op = r.choice(['fcompp', 'fucompp'])
                text = [op]
            else:
                text = ['%s %s' % (op, stl)]
            self.fdepth = max(0, fd - text[-1].split()[0].count('p'))
            if r.random() < 0.7:
                text = text + ['fnstsw %ax']
                if r.random() < 0.5:
                    return Unit(text + ['sahf'], 0, SF | ZF | AF | PF | CF)
            return Unit(text)
        if k == 'comi':
            op = r.choice(['fcomi', 'fcomip', 'fucomi', 'fucomip'])
            if op.endswith('p'):
                self.fdepth = max(0, fd - 1)
            return Unit(['%s %s, %%st' % (op, stl)], 0, ARITH)
        if k == 'fcmov':
            cc = r.choice(['b', 'e', 'be', 'u', 'nb', 'ne', 'nbe', 'nu'])
            need = {'b': CF, 'nb': CF, 'e': ZF, 'ne': ZF, 'be': CF | ZF, 'nbe': CF | ZF, 'u': PF, 'nu': PF}[cc]
            pre, d = self.need(need)
            return Unit(pre + ['fcmov%s %s, %%st' % (cc, stl)], need & ~d, d)
        j = r.random()
        if j < 0.5:     # precision and rounding control; the exception masks stay set
            pc = r.choice([0, 2, 3, 3])
            cw = 0x3f | pc << 8 | r.randrange(4) << 10 | (0x1000 if r.random() < 0.2 else 0)
            o, setup = self.mem(16)
            return Unit(setup + ['movw $%#x, %s' % (cw, o), 'fldcw %s' % o])
        if j < 0.7:
            o, setup = self.mem(16)
            return Unit(setup + ['%s %s' % (r.choice(['fnstcw', 'fnstsw']), o)])
        if j < 0.85:
            return Unit([r.choice(['fnclex', 'fwait', 'fnstsw %ax'])])
        self.fdepth = 0
        return Unit(['fninit'])

    # ---- faults on purpose (the last unit of a sequence; rt.S fz_fault records the context) ----
    def u_fault(self):
        r = self.rng
        # HLT only with the native reference: qemu-i386 7.2 aborted on seed 20's sequence 669,
        # which ends in HLT ("i386_tr_init_disas_context: assertion failed: (IOPL(dc) == iopl)";
        # docs/testing.md)
        k = r.choice(['div0', 'divovf', 'guard', 'guard', 'cross', 'cross', 'string', 'ro', 'low',
                      'ud2', 'int3', 'into'] + (['hlt'] if oracle() == 'native' else []) +
                     (['x87', 'x87mem'] if self.x87 else []))
        u = self.fault_unit(k)
        u.fault = 1
        u.x87 = int(k in ('x87', 'x87mem') or any(a.startswith('f') for a in u.asm))
        return u

    def fault_unit(self, k):
        r = self.rng
        if k == 'div0' or k == 'divovf':
            size = r.choice([8, 16, 32])
            s = SUF[size]
            signed = r.random() < 0.5
            mask = (1 << size) - 1
            d = 0 if k == 'div0' else (mask if signed else self.val32() & mask or 1)
            if r.random() < 0.5:
                o, setup = self.mem(size, ('eax', 'edx'))
                setup = setup + ['mov%s $%d, %s' % (s, d, o)]
            else:
                o = '%' + self.reg(size, avoid=('eax', 'edx'))
                setup = ['mov%s $%d, %s' % (s, d, o)]
            lo, hi = self.val32() & mask, self.val32() & mask
            if k == 'divovf' and signed:
                lo, hi = 1 << (size - 1), 0          # the most negative / -1
                setup.append({8: 'movb $%d, %%al' % lo, 16: 'movw $%d, %%ax' % lo,
                              32: 'movl $%d, %%eax' % lo}[size])
                setup.append({8: 'cbtw', 16: 'cwtd', 32: 'cltd'}[size])
            else:
                if k == 'divovf':
                    hi = d + (self.val32() & mask) % (mask - d + 1)     # high part >= divisor
                if size == 8:
                    setup.append('movw $%d, %%ax' % ((hi << 8 | lo) & 0xffff))
                else:
                    setup += ['mov%s $%d, %%%s' % (s, lo, regname(size, 'eax')),
                              'mov%s $%d, %%%s' % (s, hi, regname(size, 'edx'))]
            return Unit(setup + ['%s%s %s' % ('idiv' if signed else 'div', s, o)])
        if k in ('guard', 'cross'):
            b = self.reg(32, avoid=('eax',))
            j = r.choice(['load', 'store', 'rmw', 'push', 'pop', 'xchg', 'cmpxchg', 'bts', 'movzx',
                          'lockadd', 'cmpxchg8b'] + (['fld', 'fstp', 'fstpt'] if self.x87 else []))
            size = {'cmpxchg8b': 64, 'fld': 64, 'fstp': 64, 'fstpt': 80, 'movzx': 16,
                    'push': 32, 'pop': 32}.get(j, r.choice([16, 32]))
            nb = size // 8
            off = r.randrange(0, 4096 - nb) if k == 'guard' else -r.randrange(1, nb)
            text = ['movl $fz_guard%+d, %%%s' % (off, b)]
            o = '(%%%s)' % b
            sfx = SUF.get(size, '')
            if j == 'load':
                text.append('mov%s %s, %%%s' % (sfx, o, regname(size, 'eax')))
            elif j == 'store':
                text.append('mov%s %%%s, %s' % (sfx, regname(size, 'eax'), o))
            elif j == 'rmw':
                text.append('%s%s %s' % (r.choice(['inc', 'neg', 'not', 'shl']), sfx, o))
            elif j == 'push':
                text.append('pushl %s' % o)
            elif j == 'pop':
                text += ['pushl $%s' % self.imm(32), 'popl %s' % o]
            elif j == 'xchg':
                text.append('xchg%s %%%s, %s' % (sfx, regname(size, 'ecx' if b != 'ecx' else 'edx'), o))
            elif j == 'cmpxchg':
                text.append('cmpxchg%s %%%s, %s' % (sfx, regname(size, 'ecx' if b != 'ecx' else 'edx'), o))
            elif j == 'bts':
                text.append('bts%s $%d, %s' % (sfx, r.randrange(size), o))
            elif j == 'movzx':
                text.append('movzwl %s, %%eax' % o)
            elif j == 'lockadd':
                text.append('lock add%s %%%s, %s' % (sfx, regname(size, 'eax'), o))
            elif j == 'cmpxchg8b':
                text = ['movl $fz_guard%+d, %%esi' % off, 'cmpxchg8b (%esi)']
            elif j == 'fld':
                text.append('fldl %s' % o)
            elif j == 'fstp':
                text += ['fld1', 'fstpl %s' % o]
            else:
                text += ['fldpi', 'fstpt %s' % o]
            return Unit(text, 0, 0, 0, push=0)
        if k == 'string':
            n = r.randrange(1, 6)
            size = r.choice([8, 16, 32])
            nb = size // 8
            op = r.choice(['stos', 'movs', 'movs_src', 'cmps', 'lods', 'scas'])
            text = ['cld', 'movl $%d, %%ecx' % (n + r.randrange(1, 4))]
            if op in ('stos', 'movs'):
                text += ['movl $fz_guard-%d, %%edi' % (n * nb), 'movl $fz_win+%d, %%esi' % r.randrange(0, 256)]
            elif op == 'scas':
                text += ['movl $fz_guard-%d, %%edi' % (n * nb)]
            else:
                text += ['movl $fz_guard-%d, %%esi' % (n * nb), 'movl $fz_win+%d, %%edi' % r.randrange(0, 256)]
            mn = op.replace('_src', '')
            rep = 'rep ' if mn in ('stos', 'movs', 'lods') else r.choice(['repe ', 'repne '])
            if mn in ('cmps', 'scas'):
                text.append('movl $0, %eax')      # SCAS: a value (0) the tail rarely has: REPNE runs on
            text.append('%s%s%s' % (rep, mn, {8: 'b', 16: 'w', 32: 'l'}[size]))
            return Unit(text, 0, ARITH | DF if mn in ('cmps', 'scas') else DF, 0)
        if k == 'ro':
            return Unit([r.choice(['movl %eax, fz_ro', 'incl fz_ro', 'movb %al, fz_ro+3', 'btsl $3, fz_ro',
                                   'cmpxchgl %ecx, fz_ro', 'cmpxchg8b fz_ro'])])  # unequal: written back too
        if k == 'low':
            a = r.randrange(0x1000, 0xf000)
            return Unit([r.choice(['movl %#x, %%eax' % a, 'movl %%eax, %#x' % a, 'incb %#x' % a])])
        if k == 'into':
            return Unit(['movl $0x7fffffff, %eax', 'addl $1, %eax', 'into'], 0, ARITH)
        if k == 'x87':       # an unmasked exception, delivered at the next waiting instruction
            cw, op = r.choice([(0x37b, ['fldz', 'fld1', 'fdiv %st(1), %st']),       # ZE
                               (0x37e, ['fld1', 'fchs', 'fsqrt']),                   # IE
                               (0x35f, ['fldpi', 'fldl2e', 'fmulp']),                # PE
                               (0x37e, ['fld1', 'fstp %st(0)', 'fstp %st(0)'])])     # stack fault
            o, setup = self.mem(16)
            return Unit(setup + ['movw $%#x, %s' % (cw, o), 'fldcw %s' % o] + op +
                        r.choice([['fwait'], ['fnop'], ['fld1'], ['movl %eax, %eax', 'fwait']]))
        if k == 'x87mem':    # an unmasked exception from a memory operand (FDP stored)
            o, setup = self.mem(32)
            o2, setup2 = self.mem(16, [x for x in R32 if x in o])
            return Unit(setup + ['movl $0, %s' % o] + setup2 + ['movw $0x37b, %s' % o2, 'fldcw %s' % o2,
                        'fld1', 'fdivs %s' % o, 'fwait'])
        return Unit([{'ud2': 'ud2', 'int3': 'int3', 'hlt': 'hlt'}[k]])

    FAULT_RATE = 0.1
    GRAMMAR = [('alu', 12), ('unary', 4), ('shift', 8), ('shd', 3), ('mul', 4), ('div', 3),
               ('setcc', 3), ('cmov', 3), ('flagops', 3), ('bt', 3), ('bsf', 2), ('misc', 8),
               ('stack', 3), ('string', 4), ('branch', 4), ('x87', 6)]

    def sequence(self, length):
        grammar = [(n, w) for n, w in self.GRAMMAR if n != 'x87' or self.x87]
        names = [n for n, _ in grammar]
        weights = [w for _, w in grammar]
        units = []
        while len(units) < length or self.open_branches:
            kind = self.rng.choices(names, weights)[0]
            inside = bool(self.open_branches)
            if inside and kind in ('stack', 'branch'):
                kind = 'alu'
            u = getattr(self, 'u_' + kind)()
            u.x87 = int(kind == 'x87')
            ok, _ = analyse(units + [u])
            if not ok:
                continue
            units.append(u)
            self.depth += u.push
            if inside:
                self.open_branches[-1][1] -= 1
                if self.open_branches[-1][1] == 0:
                    units.append(Unit([], label=self.open_branches.pop()[0]))
            _, self.defined = analyse(units)
            # a branch always opens after the current innermost region closes (no nesting
            # beyond one level: a branch unit is never inside a region, see above)
        if self.faults and self.rng.random() < self.FAULT_RATE:
            units.append(self.u_fault())
        return units


def make_sequence(seed, index, length=None, x87=None):
    """The sequence (seed, index): initial state and units. X87: whether x87 units are made
    (default: where the reference models the x87 exactly, x87_mode())."""
    rng = random.Random('%d/%d' % (seed, index))
    g = Gen(rng, '%x_%x' % (seed & 0xffffffff, index), x87_mode() is not None if x87 is None else x87)
    regs = [g.val32() for _ in range(7)]        # eax ecx edx ebx ebp esi edi
    flags = (rng.getrandbits(32) & (ARITH | DF)) | 0x202
    memseed = rng.randrange(0, (POOL - WIN) // 4) * 4       # the window's pool offset
    n = length or rng.randrange(4, 24)
    return {'seed': seed, 'index': index, 'regs': regs, 'flags': flags, 'memseed': memseed,
            'units': g.sequence(n)}


def seq_asm(seq, units=None, iters=ITERS):
    """Assembly of one sequence (all its iterations), for the fuzz runtime."""
    units = seq['units'] if units is None else units
    ok, mask = analyse(units)
    assert ok
    n = seq['index']
    out = ['# sequence seed=%d index=%d' % (seq['seed'], n),
           '        movl $%d, fz_iter' % iters,
           '.Lseq_%d:' % n,
           '        movl $%d, fz_seq' % n,
           '        movl $%#x, fz_mask' % mask,
           '        movl $.Lnext_%d, fz_resume' % n,
           '        movl $%d, %%esi' % seq['memseed'],
           '        call fz_fill',
           '        call fz_fpinit',
           '        movl %esp, fz_saved_esp',
           '        movl $fz_stack_top, %esp',
           '        pushl $%#x' % seq['flags'],
           '        popfl']
    for r, v in zip(R32, seq['regs']):
        out.append('        movl $%#x, %%%s' % (v, r))
    for u in units:
        if u.label is not None:
            out.append('%s_%d:' % (u.label, iters) if False else '%s:' % u.label)
        for line in u.asm:
            out.append('        ' + line)
    out += ['        pushfl', '        pushal', '        call fz_dump',
            '.Lnext_%d:' % n,
            '        movl fz_saved_esp, %esp',
            '        subl $1, fz_iter',
            '        jnz .Lseq_%d' % n,
            '        call fz_flush']
    return out


def program_asm(seqs, subsets=None):
    lines = ['# generated by tools/fuzz-x86.py', '        .text', '        .globl fuzz_main', 'fuzz_main:']
    for i, s in enumerate(seqs):
        lines += seq_asm(s, None if subsets is None else subsets[i])
    lines.append('        ret')
    return '\n'.join(lines) + '\n'


# ---- running ----

_HOST = {}


def host_env():
    """tools/host-probe.sh's findings (cached): MORPH_ORACLE, MORPH_X87, ...; the environment's
    MORPH_ORACLE and MORPH_X87 override them."""
    if not _HOST:
        env = subprocess.run([os.path.join(TOP, 'tools', 'host-probe.sh'), '--dir',
                              os.path.join(TOP, 'build', 'tests', 'tools'), '--env'],
                             capture_output=True, text=True).stdout
        for line in env.splitlines():
            k, _, v = line.partition('=')
            _HOST[k] = v
        for k in ('MORPH_ORACLE', 'MORPH_X87'):
            if os.environ.get(k):
                _HOST[k] = os.environ[k]
    return _HOST


def oracle():
    """The reference run: 'native' or 'qemu' (tools/host-probe.sh), or exits."""
    o = host_env().get('MORPH_ORACLE')
    if o not in ('native', 'qemu'):
        sys.exit('fuzz-x86: no reference run on this host (tools/host-probe.sh): %s' % o)
    return o


def x87_mode():
    """morph's --x87= for this host's CPU ('amd' or 'intel'), or None where x87 units are not
    generated: the reference is qemu-i386 (it models neither stack faults nor the tag word,
    docs/testing.md) or the host's x87 behaviour is neither vendor's."""
    m = host_env().get('MORPH_X87')
    return m if oracle() == 'native' and m in ('amd', 'intel') else None


def build(asm_text, path):
    src = path + '.S'
    with open(src, 'w') as f:
        f.write(asm_text)
    cc = os.environ.get('X86_CC', 'gcc')
    r = subprocess.run([cc, '-m32', '-static', '-nostdlib', '-fno-pie', '-no-pie',
                        '-DFZ_WIN_BYTES=%d' % WIN, '-DFZ_POOL_BYTES=%d' % POOL, '-DFZ_POOL_SEED=%#x' % POOL_SEED,
                        '-DFZ_FPU_BYTES=%d' % FPU_BYTES, '-DFZ_TAIL_BYTES=%d' % TAIL,
                        src, RT, '-o', path],
                       capture_output=True, text=True)
    if r.returncode:        # an exception, not sys.exit: a pool worker must not just vanish
        raise RuntimeError('fuzz-x86: assembling %s failed (a generator bug):\n%s' % (src, r.stderr[:3000]))


def run(cmd, timeout=300):
    """(status or 'timeout', stdout bytes, stderr text)."""
    env = {'PATH': '/usr/bin:/bin', 'LANG': 'C', 'LC_ALL': 'C'}
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        return r.returncode, r.stdout, r.stderr.decode('latin-1')
    except subprocess.TimeoutExpired as e:
        return 'timeout', e.stdout or b'', ''


def ref_cmd(elf, orc):
    return ([elf] if orc == 'native' else ['qemu-i386', elf])


def morph_cmd(morph, mode, elf):
    if os.environ.get('MORPH_NATIVE_BOTH') == '1':      # the harness checked without morph
        return ref_cmd(elf, oracle())
    x87 = ['--x87=' + x87_mode()] if x87_mode() else []
    return [morph, 'run', '--max-cycles', '20000000000'] + x87 + {**MODES, **EXTRA_MODES}[mode] + [elf]


def fsw_mask(orc):
    """The x87 status word bits compared: all, but with qemu-i386 as the reference not PE and C1
    (qemu does not set them where hardware does; docs/testing.md, the deviations table)."""
    return 0xffff if orc == 'native' else 0xffff & ~(0x20 | 0x200)


def records(out, fswm=0xffff):
    """{sequence index: [record text per iteration]} of a run's binary stdout (rt.S fz_dump and
    fz_fault): "it=N [sig=S code=C addr=A eip=E] eax=.. ecx=.. edx=.. ebx=.. esp=.. ebp=.. esi=..
    edi=.. efl=.. fpu=CW/SW/TW st=<ST(0)..ST(7) hex> mem=<window hex><tail hex>". The signal part
    only for a run that ended in a signal (the registers are then the signal context's). Of
    FNSAVE's image: the control, status (masked with FSWM) and tag words and the eight registers;
    not FIP, FOP, FDP and the selectors (they follow the CPU's vendor, docs/x87.md) nor the
    reserved upper halves."""
    import struct
    d = {}
    pos = 0
    regs_at = HEAD
    mem_at = regs_at + 4 * len(REC_NAMES)
    fpu = mem_at + WIN + TAIL
    while pos + REC_BYTES <= len(out):
        if out[pos:pos + 4] != b'SZFZ':
            break
        seq, it, sig, code, addr, eip = struct.unpack_from('<IIIIII', out, pos + 4)
        regs = dict(zip(REC_NAMES, struct.unpack_from('<9I', out, pos + regs_at)))
        mem = out[pos + mem_at:pos + fpu].hex()
        cw, sw, tw = struct.unpack_from('<HxxHxxH', out, pos + fpu)
        st = out[pos + fpu + 28:pos + fpu + FPU_BYTES].hex()
        fault = (' sig=%d code=%d addr=%08x eip=%08x' % (sig, code, addr, eip)) if sig else ''
        d.setdefault(seq, []).append('it=%d%s %s fpu=%04x/%04x/%04x st=%s mem=%s' % (
            it, fault, ' '.join('%s=%08x' % (r, regs[r]) for r in
                                ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'efl']),
            cw, sw & fswm, tw, st, mem))
        pos += REC_BYTES
    return d


def short(rec, other=None):
    """A record for humans: registers, the x87 registers if they differ from OTHER's, and the
    window as the bytes that differ from OTHER's."""
    if rec is None:
        return '(none)'
    head, mem = rec.split(' mem=')
    head, st = head.split(' st=')
    ost = other.split(' st=')[1].split(' mem=')[0] if other and ' st=' in other else None
    if st != ost:
        head += ' st=' + ' '.join(st[i:i + 20] for i in range(0, len(st), 20))
    if other is None or ' mem=' not in other:
        return head
    omem = other.split(' mem=')[1]
    diff = [i // 2 for i in range(0, len(mem), 2) if mem[i:i + 2] != omem[i:i + 2]]
    if not diff:
        return head + ' mem=same'
    return head + ' mem: %d bytes differ, first at window+%#x: %s' % (
        len(diff), diff[0], mem[diff[0] * 2:diff[0] * 2 + 16])


def compare(rr, gr, todo, status):
    """One morph run's verdict: (bad, missing). RR, GR: the reference's and morph's records;
    TODO: the sequences the program holds. Bad: those whose records differ, the first one
    without records (where morph died or hung) and the last one if morph exited non-zero
    after it."""
    bad = [i for i in todo if i in gr and gr[i] != rr.get(i)]
    missing = [i for i in todo if i not in gr]
    if missing:
        bad.append(missing[0])
    elif status != 0 and todo:
        bad.append(todo[-1])
    return bad, missing


def check_elf(elf, indices, modes, morph, orc, rebuild=None):
    """{mode: (mismatching indices, unrun indices, last morph result)} and the reference result
    (None for the dict if the reference run itself failed). After a morph crash, REBUILD(indices)
    (if given) makes a program of the sequences after the crashing one, which runs on."""
    ref = run(ref_cmd(elf, orc))
    rr = records(ref[1], fsw_mask(orc))
    if ref[0] != 0 or sorted(rr) != sorted(indices):
        return None, ref
    res = {}
    rr0 = rr
    for m in modes:
        todo, cur, bad, got_all, rr, ref_all = list(indices), elf, [], {}, rr0, {}
        while True:
            got = run(morph_cmd(morph, m, cur))
            gr = records(got[1], fsw_mask(orc))
            for i in todo:
                ref_all[i] = rr.get(i)
                if i in gr:
                    got_all[i] = gr[i]
            b, missing = compare(rr, gr, todo, got[0])
            bad += b
            if not missing:
                break
            todo = missing[1:]
            if not todo or rebuild is None:
                break
            cur = rebuild(todo)
            # addresses move in the new program: registers holding them too
            rr = records(run(ref_cmd(cur, orc))[1], fsw_mask(orc))
        unrun = [i for i in indices if i not in got_all and i not in bad]
        res[m] = (sorted(set(bad)), unrun, got, got_all, ref_all)
    return res, ref


def first_diff(ref_lines, got_lines):
    """The first differing records of a sequence, for humans: (reference, morph)."""
    rl = ref_lines or []
    gl = got_lines or []
    for a, b in zip(rl, gl):
        if a != b:
            return short(a, b), short(b, a)
    if len(gl) < len(rl):
        return short(rl[len(gl)]), '(none: morph stopped before this record)'
    return short(rl[-1] if rl else None), short(gl[-1] if gl else None)


def fails(seq, subset, mode, morph, orc, work):
    """Whether SEQ restricted to SUBSET still mismatches in MODE (invalid subsets do not)."""
    ok, _ = analyse(subset)
    if not ok:
        return False
    elf = os.path.join(work, 'min')
    build(program_asm([seq], [subset]), elf)
    res, ref = check_elf(elf, [seq['index']], [mode], morph, orc)
    if res is None:
        return False        # the reference itself fails: not this mismatch
    return bool(res[mode][0])


def ddmin(items, test):
    """Zeller's delta debugging: a 1-minimal sublist of ITEMS for which TEST holds."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        subsets = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        reduced = False
        for i, s in enumerate(subsets):
            comp = [x for j, t in enumerate(subsets) if j != i for x in t]
            if test(s):
                items, n, reduced = s, 2, True
                break
            if len(subsets) > 2 and test(comp):
                items, n, reduced = comp, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(items):
                break
            n = min(len(items), n * 2)
    return items


def minimize(seq, mode, morph, orc, work):
    """The minimal unit list (labels kept) that still mismatches in MODE."""
    units = seq['units']
    labels = [u for u in units if u.label is not None]
    body = [i for i, u in enumerate(units) if u.label is None]

    def sub(keep):
        ks = set(keep)
        return [u for i, u in enumerate(units) if i in ks or u.label is not None]

    cache = {}

    def test(keep):
        key = tuple(keep)
        if key not in cache:
            cache[key] = fails(seq, sub(keep), mode, morph, orc, work)
        return cache[key]

    if not test(body):
        return None
    keep = ddmin(body, test)
    # drop labels nobody branches to
    kept = sub(keep)
    targets = {u.branch for u in kept if u.branch is not None}
    del labels
    return [u for u in kept if u.label is None or u.label in targets]


def xorshift_words(seed, n):
    x = seed
    out = []
    for _ in range(n):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        out.append(x)
    return out


def regression_test(seq, units, mode, ref_line, got_line):
    """A register-dump test for tests/x86/asm (rec.h, rt.S): the minimized sequence with its
    initial state, run ITERS times, recorded with REC (EFLAGS masked by a final POPF to the flags
    the sequence defines) and the window dumped with MEMDUMP."""
    _, mask = analyse(units)
    name = 'fuzz-%x-%d' % (seq['seed'], seq['index'])
    body = []
    for u in units:
        if u.label is not None:
            body.append('%s:' % u.label)
        body += ['        ' + a for a in u.asm]
    words = xorshift_words(POOL_SEED, POOL // 4)[seq['memseed'] // 4:][:WIN // 4]
    lines = ['/* %s: found by tools/fuzz-x86.py (seed %d, sequence %d), minimized; mismatched in mode %s.' %
             (name, seq['seed'], seq['index'], mode),
             ' *   reference: %s' % ref_line,
             ' *   morph:     %s' % got_line,
             ' * The sequence runs %d times from the same state (translated, then in a superblock in' % ITERS,
             ' * the bbt modes). The record covers a PUSHF/AND/POPF that masks EFLAGS to the flags the',
             ' * sequence defines (%#x), so that every recorded flag is defined. */' % mask,
             '#include "rec.h"', '',
             '        .text', '        .globl test_main', 'test_main:',
             '        movl $%d, fz_iter' % ITERS,
             '1:      movl $fz_init, %esi          /* the window\'s initial contents */',
             '        movl $fz_win, %edi',
             '        movl $%d, %%ecx' % (WIN // 4),
             '2:      movl (%esi), %eax',
             '        movl %eax, (%edi)',
             '        addl $4, %esi',
             '        addl $4, %edi',
             '        subl $1, %ecx',
             '        jnz 2b',
             '        movl %esp, fz_saved_esp',
             '        movl $fz_stack_top, %esp',
             '        SETFL %#x' % seq['flags']]
    for r, v in zip(R32, seq['regs']):
        lines.append('        movl $%#x, %%%s' % (v, r))
    lines += body + [
        'fz_mask_start:',
        '        pushfl',
        '        andl $%#x, (%%esp)' % (mask | 0x202),
        '        popfl',
        'fz_end:',
        '        REC fz_mask_start, fz_end',
        '        MEMDUMP fz_win, %d' % WIN,
        '        movl fz_saved_esp, %esp',
        '        subl $1, fz_iter',
        '        jnz 1b',
        '        ret', '',
        '        .data', '        .p2align 2',
        'fz_iter: .long 0', 'fz_saved_esp: .long 0',
        'fz_init:']
    for i in range(0, len(words), 8):
        lines.append('        .long ' + ', '.join('%#x' % w for w in words[i:i + 8]))
    lines += ['        .bss', '        .p2align 12', '        .space 4096 - %d' % (WIN // 2),
              'fz_win: .space %d' % WIN, '        .space 4096', '        .p2align 4', '        .space 4096',
              'fz_stack_top: .space 256', '']
    return name, '\n'.join(lines)


# ---- campaign ----

def rebuilder(directory, by_index):
    """check_elf's REBUILD: after a morph crash, a program (DIRECTORY/rest) of the sequences
    (index -> sequence) after the crashing one, which runs on."""
    def rebuild(todo):
        e = os.path.join(directory, 'rest')
        build(program_asm([by_index[i] for i in todo]), e)
        return e
    return rebuild


def batch(args):
    """Worker: build one ELF of sequences FIRST..FIRST+COUNT-1 and check it in every mode."""
    seed, first, count, modes, morph, orc, work = args
    seqs = [make_sequence(seed, i) for i in range(first, first + count)]
    d = os.path.join(work, 'b%d' % first)
    os.makedirs(d, exist_ok=True)
    elf = os.path.join(d, 'fuzz')
    build(program_asm(seqs), elf)
    idx = [s['index'] for s in seqs]
    by_index = {s['index']: s for s in seqs}

    rebuild = rebuilder(d, by_index)
    t0 = time.time()
    res, ref = check_elf(elf, idx, modes, morph, orc, rebuild)
    out = {'first': first, 'count': count, 'time': time.time() - t0, 'modes': {}, 'ref_error': None}
    if res is None:
        rr = records(ref[1], fsw_mask(orc))
        bad = [i for i in idx if i not in rr]
        out['ref_error'] = {'status': ref[0], 'first_missing': bad[0] if bad else None,
                            'stderr': ref[2][-500:]}
        return out
    for m, (bad, missing, got, grec, rrec) in res.items():
        out['modes'][m] = {
            'bad': bad, 'unrun': len(missing), 'status': got[0],
            'stderr': got[2][-600:] if bad else '',
            'diff': {i: first_diff(rrec.get(i), grec.get(i)) for i in bad[:20]}}
    shutil.rmtree(d, ignore_errors=True)
    return out


def campaign(a):
    import multiprocessing
    orc = oracle()
    morph = os.path.abspath(a.morph)
    if not os.access(morph, os.X_OK) and os.environ.get('MORPH_NATIVE_BOTH') != '1':
        sys.exit('fuzz-x86: %s not built (make)' % morph)
    allm = {**MODES, **EXTRA_MODES}
    modes = list(allm) if a.modes == 'all' else a.modes.split(',') if a.modes else list(MODES)
    for m in modes:
        if m not in allm:
            sys.exit('fuzz-x86: unknown mode %s (modes: %s, or all)' % (m, ', '.join(allm)))
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    jobs = [(a.seed, f, min(a.per_elf, a.n - f), modes, morph, orc, work)
            for f in range(0, a.n, a.per_elf)]
    print('== fuzz-x86: seed %d, %d sequences (%d per program, %d runs each), reference %s vs morph in %s; %d jobs ==' %
          (a.seed, a.n, a.per_elf, ITERS, orc, ', '.join(modes), a.jobs), flush=True)
    t0 = time.time()
    done = 0
    mism = {}           # (mode, index) -> (ref line, morph line, status, stderr)
    ref_errors = []
    unrun = {m: 0 for m in modes}
    last = 0
    with multiprocessing.Pool(a.jobs) as pool:
        for r in pool.imap_unordered(batch, jobs):
            done += r['count']
            if r['ref_error']:
                ref_errors.append(r)
            for m, v in r['modes'].items():
                unrun[m] += v['unrun']
                for i in v['bad']:
                    ref_line, got_line = v['diff'].get(i, ('?', '?'))
                    mism[(m, i)] = (ref_line, got_line, v['status'], v['stderr'])
                    print('MISMATCH seed %d sequence %d mode %s (morph status %s)\n    reference: %s\n    morph:     %s' %
                          (a.seed, i, m, v['status'], ref_line, got_line), flush=True)
            now = time.time()
            if not a.quiet and (now - last > 10 or done == a.n):
                last = now
                el = now - t0
                print('  [%6.0fs] %d/%d sequences, %.0f/s, %d mismatches, %d reference errors' %
                      (el, done, a.n, done / el if el else 0, len(mism), len(ref_errors)), flush=True)
    el = time.time() - t0
    for r in ref_errors:
        print('REFERENCE ERROR (a generator bug): sequences %d..%d, status %s, first missing %s\n    %s' %
              (r['first'], r['first'] + r['count'] - 1, r['ref_error']['status'],
               r['ref_error']['first_missing'], r['ref_error']['stderr'].strip()[-300:]))
    # minimize some of them into regression tests
    found = []
    if mism and a.minimize:
        seen = set()
        for (m, i), (rl, gl, st, err) in sorted(mism.items(), key=lambda kv: kv[0][1]):
            if i in seen or len(seen) >= a.minimize:
                continue
            seen.add(i)
            path = minimize_to_test(a.seed, i, m, morph, orc, work, a.corpus)
            if path:
                found.append(path)
    nref = sum(r['count'] for r in ref_errors)
    print('== fuzz-x86 summary: seed %d, %d sequences in %.0fs (%.1f/s); %d x %d morph runs ==' %
          (a.seed, a.n - nref, el, (a.n - nref) / el if el else 0, len(jobs), len(modes)))
    for m in modes:
        bad = sorted(i for (mm, i) in mism if mm == m)
        print('  %-20s %d mismatches%s%s' % (m, len(bad), (' (sequences %s)' % ' '.join(map(str, bad[:12]))) if bad else '',
                                              (', %d sequences not run after a crash' % unrun[m]) if unrun[m] else ''))
    if nref:
        print('  %d sequences not compared: the reference run failed (generator bug)' % nref)
    for p in found:
        print('  regression test written: %s' % os.path.relpath(p, TOP))
    nseq_bad = len({i for (_, i) in mism})
    print('%d passed, %d failed' % (a.n - nref - nseq_bad, nseq_bad + nref))
    return 0 if not mism and not ref_errors else 1


def minimize_to_test(seed, index, mode, morph, orc, work, corpus):
    seq = make_sequence(seed, index)
    d = os.path.join(work, 'min-%d-%d' % (seed, index))
    os.makedirs(d, exist_ok=True)
    n0 = len([u for u in seq['units'] if u.label is None])
    t0 = time.time()
    units = minimize(seq, mode, morph, orc, d)
    if units is None:
        print('  sequence %d: the mismatch did not reproduce alone (mode %s)' % (index, mode))
        return None
    elf = os.path.join(d, 'min')
    build(program_asm([seq], [units]), elf)
    res, ref = check_elf(elf, [index], [mode], morph, orc)
    rl, gl = first_diff(res[mode][4].get(index), res[mode][3].get(index))
    name, text = regression_test(seq, units, mode, rl, gl)
    os.makedirs(corpus, exist_ok=True)
    path = os.path.join(corpus, name + '.json')
    save_case(path, seq, units, 'found in mode %s; reference: %s; morph: %s' % (mode, rl, gl))
    if rec_can_show(units):     # a register-dump test shows it too (no signal, no x87 state)
        path = os.path.join(corpus, name + '.S')
        with open(path, 'w') as f:
            f.write(text)
    print('  sequence %d (mode %s): %d units -> %d in %.0fs:' %
          (index, mode, n0, len([u for u in units if u.label is None]), time.time() - t0))
    for u in units:
        print('\n'.join(('      ' + x) for x in (['%s:' % u.label] if u.label else u.asm)))
    print('    reference: %s\n    morph:     %s' % (rl, gl))
    return path


def rec_can_show(units):
    """Whether a register-dump test (tests/x86/asm, rec.h) can show what UNITS do: no fault on
    purpose (it would end the test) and no x87 instruction (REC records no x87 state)."""
    return not any(u.fault or u.x87 for u in units if u.label is None)


def save_case(path, seq, units, note):
    """A corpus case (tests/fuzz-x86/corpus/*.json): one sequence with its initial state."""
    d = {k: seq[k] for k in ('seed', 'index', 'regs', 'flags', 'memseed')}
    d['note'] = note
    d['units'] = [u.to_json() for u in units]
    with open(path, 'w') as f:
        json.dump(d, f, indent=1)
        f.write('\n')


def load_case(path, index):
    with open(path) as f:
        d = json.load(f)
    d['units'] = [Unit.from_json(u) for u in d['units']]
    d['index'] = index          # renumbered: the cases of one program need distinct indices
    return d


def replay(a):
    """make test-fuzz-x86's corpus: every case (a minimized sequence that once mismatched) in one
    program, as the reference run and in every mode; one PASS/FAIL line per case."""
    orc = oracle()
    morph = os.path.abspath(a.morph)
    files = sorted(a.cases)
    cases = []
    for i, p in enumerate(files):
        c = load_case(p, i)
        if not x87_mode() and any(u.x87 for u in c['units']):
            print('SKIP %s: x87 units need the host CPU as the reference (qemu-i386 here)' %
                  os.path.basename(p))
            continue
        cases.append((p, c))
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    elf = os.path.join(work, 'corpus')
    build(program_asm([c for _, c in cases]), elf)
    modes = list(MODES)
    by_index = {c['index']: c for _, c in cases}

    rebuild = rebuilder(work, by_index)
    res, ref = check_elf(elf, [c['index'] for _, c in cases], modes, morph, orc, rebuild)
    if res is None:
        print('FAIL fuzz-corpus: the reference run failed (status %s): %s' % (ref[0], ref[2][-300:]))
        print('0 passed, %d failed' % len(cases))
        return 1
    npass = 0
    for p, c in cases:
        bad = [m for m in modes if c['index'] in res[m][0] or c['index'] in res[m][1]]
        name = 'fuzz-corpus-' + os.path.basename(p)[:-5]
        if bad:
            rl, gl = first_diff(res[bad[0]][4].get(c['index']), res[bad[0]][3].get(c['index']))
            print('FAIL %s (modes %s)\n    reference: %s\n    morph:     %s' % (name, ','.join(bad), rl, gl))
        else:
            npass += 1
            print('PASS %s' % name)
    print('%d passed, %d failed' % (npass, len(cases) - npass))
    return 0 if npass == len(cases) else 1


def selftest(a):
    """The comparison must catch planted differences and the analysis must mask correctly."""
    fails_ = 0
    total = 0

    def check(name, cond):
        nonlocal fails_, total
        print('%s %s' % ('PASS' if cond else 'FAIL', name))
        fails_ += not cond
        total += 1

    import struct

    def rec(efl=0x41, ecx=2, membyte=0, st7=0, fsw=0, fip=0, sig=0, tail=0):
        win = bytearray(WIN + TAIL)
        win[300] = membyte
        win[WIN + TAIL - 1] = tail
        fpu = bytearray(FPU_BYTES)
        struct.pack_into('<HxxHxxHI', fpu, 0, 0x37f, fsw, 0xffff, fip)
        fpu[FPU_BYTES - 1] = st7
        return (b'SZFZ' + struct.pack('<IIIIII', 1, 3, sig, 1 if sig else 0, 0, 0x8048000 if sig else 0) +
                struct.pack('<9I', 7, 6, 5, 0, 4, 3, ecx, 1, efl) + bytes(win) + bytes(fpu))

    ref = records(rec())

    def verdict(out, status=0):
        return compare(ref, records(out), [1], status)[0]

    check('fuzz-selftest-same', verdict(rec()) == [])
    check('fuzz-selftest-reg', verdict(rec(ecx=3)) == [1])
    check('fuzz-selftest-flag', verdict(rec(efl=0x40)) == [1])
    check('fuzz-selftest-mem', verdict(rec(membyte=1)) == [1])
    check('fuzz-selftest-x87-reg', verdict(rec(st7=1)) == [1])
    check('fuzz-selftest-x87-sw', verdict(rec(fsw=0x4000)) == [1])
    check('fuzz-selftest-x87-fip-ignored', verdict(rec(fip=0x8048000)) == [])
    check('fuzz-selftest-signal', verdict(rec(sig=8)) == [1])
    check('fuzz-selftest-tail', verdict(rec(tail=1)) == [1])
    check('fuzz-selftest-missing', verdict(b'', 139) == [1])
    check('fuzz-selftest-status', verdict(rec(), 139) == [1])
    # analysis: a consumer after an undefined flag is refused; a join intersects
    u_mul = Unit(['mull %ebx'], 0, CF | OF, SF | ZF | AF | PF)
    check('fuzz-selftest-undef-consumer', not analyse([u_mul, Unit(['jz x'], ZF, branch='x'), Unit([], label='x')])[0])
    ok, mask = analyse([Unit(['jc x'], CF, branch='x'), u_mul, Unit([], label='x')])
    check('fuzz-selftest-join', ok and mask == CF | OF | DF)
    ok, mask = analyse([Unit(['jmp x'], branch='x', jmp=True), u_mul, Unit([], label='x')])
    check('fuzz-selftest-jmp', ok and mask == FLAGS)
    u_mul = Unit(['mull %ebx'], 0, CF | OF, SF | ZF | AF | PF)
    u_std = Unit(['std'], 0, DF)
    u_c8b = Unit(['cmpxchg8b (%esi)'], 0, ZF, ARITH & ~ZF, dfbad=1)
    check('fuzz-selftest-df', analyse([u_mul, u_std]) == (True, CF | OF | DF) and
          analyse([u_c8b, u_std]) == (True, ZF) and
          analyse([u_c8b, Unit(['popfl'], 0, FLAGS, dfbad=-1)]) == (True, FLAGS) and
          not analyse([u_c8b, u_std, Unit(['pushfl', 'popl %eax'], FLAGS)])[0])
    # determinism
    check('fuzz-selftest-reproducible', seq_asm(make_sequence(7, 3)) == seq_asm(make_sequence(7, 3)))
    print('%d passed, %d failed' % (total - fails_, fails_))
    return 1 if fails_ else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    c = sub.add_parser('campaign')
    c.add_argument('--seed', type=int, default=1)
    c.add_argument('-n', type=int, default=1000)
    c.add_argument('--per-elf', type=int, default=500)
    c.add_argument('--jobs', type=int, default=2)
    c.add_argument('--modes', default='', help='comma-separated, or all (default: %s)' % ','.join(MODES))
    c.add_argument('--morph', default=os.path.join(TOP, 'build', 'bin', 'morph'))
    c.add_argument('--work', default=os.path.join(TOP, 'build', 'fuzz-x86'))
    c.add_argument('--minimize', type=int, default=3, help='minimize at most this many mismatching sequences')
    c.add_argument('--corpus', default=os.path.join(TOP, 'tests', 'fuzz-x86', 'open'))
    c.add_argument('--quiet', action='store_true')
    s = sub.add_parser('show')
    s.add_argument('seed', type=int)
    s.add_argument('index', type=int)
    m = sub.add_parser('minimize')
    m.add_argument('seed', type=int)
    m.add_argument('index', type=int)
    m.add_argument('mode')
    m.add_argument('--morph', default=os.path.join(TOP, 'build', 'bin', 'morph'))
    m.add_argument('--work', default=os.path.join(TOP, 'build', 'fuzz-x86'))
    m.add_argument('--corpus', default=os.path.join(TOP, 'tests', 'fuzz-x86', 'open'))
    r = sub.add_parser('replay')
    r.add_argument('cases', nargs='+', help='corpus cases (.json)')
    r.add_argument('--morph', default=os.path.join(TOP, 'build', 'bin', 'morph'))
    r.add_argument('--work', default=os.path.join(TOP, 'build', 'fuzz-x86', 'replay'))
    sub.add_parser('selftest')
    a = ap.parse_args()
    try:
        return run_cmd(a)
    except RuntimeError as e:
        print(e, file=sys.stderr)
        print('0 passed, 1 failed')
        return 2


def run_cmd(a):
    if a.cmd == 'campaign':
        return campaign(a)
    if a.cmd == 'show':
        print('\n'.join(seq_asm(make_sequence(a.seed, a.index))))
        return 0
    if a.cmd == 'minimize':
        p = minimize_to_test(a.seed, a.index, a.mode, os.path.abspath(a.morph), oracle(), os.path.abspath(a.work), a.corpus)
        return 0 if p else 1
    if a.cmd == 'replay':
        return replay(a)
    return selftest(a)


if __name__ == '__main__':
    sys.exit(main())
