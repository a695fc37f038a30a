#!/usr/bin/env python3
"""Crafted i386 ELF programs for the concealment attack (tests/run-attack.sh): one RWX PT_LOAD
segment at an address the machine itself uses, whose code stores a word at each address named
and then writes "crafted: ok" and exits 0; or a segment the loader must refuse.

    tests/attack/mkelf.py OUT VADDR MEMSZ [--touch ADDR]... [--offset OFF]

Addresses may be expressions over the machine facts of build/gen/morph_facts.h (MM_*), read
from there (never spelled here): for example MM_CONCEALED_BASE+MM_CONCEALED_SIZE-4.
--offset puts the segment's file offset at OFF (past the end of the file: a truncated file).
"""
import argparse
import os
import re
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def facts():
    path = os.path.join(HERE, '..', '..', 'build', 'gen', 'morph_facts.h')
    out = {}
    for line in open(path):
        m = re.match(r'#define (MM_\w+) MORPH_FACT_U\((\w+)\)', line)
        if m:
            out[m.group(1)] = int(m.group(2), 0)
    return out


def value(expr, env):
    return eval(expr, {'__builtins__': {}}, env) & 0xffffffff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('vaddr')
    ap.add_argument('memsz')
    ap.add_argument('--touch', action='append', default=[])
    ap.add_argument('--offset')
    a = ap.parse_args()
    env = facts()
    vaddr, memsz = value(a.vaddr, env), value(a.memsz, env)
    hdr = 52 + 32
    msg = b'crafted: ok\n'
    code = b''
    for t in a.touch:
        code += b'\xc7\x05' + struct.pack('<II', value(t, env), 0x5a5a5a5a)  # mov dword [t], imm
    tail_len = 5 + 5 + 5 + 5 + 2 + 5 + 2 + 2
    msg_at = (vaddr + hdr + len(code) + tail_len) & 0xffffffff
    code += b'\xb8' + struct.pack('<I', 4)            # mov eax, 4 (write)
    code += b'\xbb' + struct.pack('<I', 1)            # mov ebx, 1
    code += b'\xb9' + struct.pack('<I', msg_at)       # mov ecx, msg
    code += b'\xba' + struct.pack('<I', len(msg))     # mov edx, len
    code += b'\xcd\x80'                               # int 0x80
    code += b'\xb8' + struct.pack('<I', 1)            # mov eax, 1 (exit)
    code += b'\x31\xdb'                               # xor ebx, ebx
    code += b'\xcd\x80'                               # int 0x80
    body = code + msg
    filesz = hdr + len(body)
    offset = value(a.offset, env) if a.offset else 0
    entry = (vaddr + hdr) & 0xffffffff
    ehdr = b'\x7fELF' + bytes([1, 1, 1, 0]) + bytes(8)
    ehdr += struct.pack('<HHIIIIIHHHHHH', 2, 3, 1, entry, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    phdr = struct.pack('<IIIIIIII', 1, offset, vaddr, vaddr, filesz, max(memsz, filesz), 7, 0x1000)
    with open(a.out, 'wb') as f:
        f.write(ehdr + phdr + body)
    os.chmod(a.out, 0o755)


if __name__ == '__main__':
    main()
