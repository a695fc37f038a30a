#!/usr/bin/env python3
"""Compares x87diff output of the reference run (the host CPU running the x86-64 build, or an
i386 reference run) and of the morph run (docs/x87.md).

    x87cmp.py REFERENCE.out MORPH.out

Lines must correspond one to one. Lines are compared exactly, except lines starting with '~'
(transcendental operations): there each register may differ by 1 ulp of the 64-bit
significand, and C1 (status word bit 9) is not compared.

One exception for the reference side: when its line has FIP, FOP and FDP all zero while morph's
has them set, the pointers are not compared. Linux on AMD CPUs restores the x87 state after a
context switch without them (XSAVE there stores FIP/FDP/FOP only while an exception is
pending), so a case that happened to be preempted between its instruction and FNSAVE shows
zeros. Such lines are counted and reported ("pointers lost").

Prints 'op: N compared, M mismatches'
per operation, the first mismatching lines, and exits 1 on any mismatch or length difference.
"""
import sys

C1 = 0x0200


def x80_key(h):
    """An 80-bit value (20 hex digits, se then mant) as an integer that grows by one per ulp
    across binade boundaries (the integer bit is explicit: exponent * 2^63 + fraction)."""
    v = int(h, 16)
    se, mant = v >> 64, v & ((1 << 64) - 1)
    mag = (se & 0x7FFF) * (1 << 63) + (mant & ((1 << 63) - 1))
    return -mag if se & 0x8000 else mag


def trans_equal(a, b):
    fa, fb = a.split(), b.split()
    if len(fa) != len(fb):
        return False
    for x, y in zip(fa, fb):
        if x == y:
            continue
        if x.startswith('sw=') and y.startswith('sw='):
            if (int(x[3:], 16) ^ int(y[3:], 16)) & ~C1:
                return False
            continue
        kx, _, vx = x.partition('=')
        ky, _, vy = y.partition('=')
        if kx != ky or not kx.isdigit() or len(vx) != 20 or len(vy) != 20:
            return False
        if abs(x80_key(vx) - x80_key(vy)) > 1:
            return False
    return True


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        native = f.read().splitlines()
    with open(sys.argv[2]) as f:
        morph = f.read().splitlines()
    counts, bad, shown, ulp, lost = {}, {}, 0, {}, 0
    zero_ptrs = ' ip=00000000 op=000 dp=00000000 '
    for n, m in zip(native, morph):
        op = n.split(' ', 1)[0]
        counts[op] = counts.get(op, 0) + 1
        if n == m:
            continue
        if zero_ptrs in n and zero_ptrs not in m:
            f = m.split(' ')
            f = [('ip=00000000' if x.startswith('ip=') else 'op=000' if x.startswith('op=')
                  else 'dp=00000000' if x.startswith('dp=') else x) for x in f]
            m = ' '.join(f)
            lost += 1
            if n == m:
                continue
        if n.startswith('~') and m.split(' ', 2)[:2] == n.split(' ', 2)[:2] and trans_equal(n, m):
            ulp[op] = ulp.get(op, 0) + 1
            continue
        bad[op] = bad.get(op, 0) + 1
        if shown < 10:
            print('  ref:    ' + n)
            print('  morph:  ' + m)
            shown += 1
    failed = sum(bad.values())
    for op in counts:
        extra = f' ({ulp[op]} within 1 ulp)' if op in ulp else ''
        print(f'{op.lstrip("~")}: {counts[op]} compared, {bad.get(op, 0)} mismatches{extra}')
    if len(native) != len(morph):
        print(f'line counts differ: reference {len(native)}, morph {len(morph)}')
        failed += 1
    total = sum(counts.values())
    if lost:
        print(f'pointers lost in the reference run (not compared): {lost} lines')
    print(f'total: {total} compared, {failed} mismatches')
    sys.exit(1 if failed or total == 0 else 0)


if __name__ == '__main__':
    main()
