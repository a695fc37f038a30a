#!/usr/bin/env python3
"""Build morph's flash image (cms.img) from the firmware ELF (cms.elf).

Layout (include/morph/memmap.h, struct mm_image_header): magic, load_addr, size, entry (four
little-endian 32-bit words), then `size` bytes of blob: the firmware from its first loadable
byte (text) to the end of its initialised data, as `objcopy -O binary` writes it. bss is not in
the blob; the firmware's start code zeroes it. The boot ROM copies the blob to load_addr and
jumps to entry.

usage: mkimage.py --gen BUILD/gen [--objcopy PROG] cms.elf cms.img
The memory map comes from BUILD/gen/morph_facts.py (generated from isa/morph-facts.tbl).
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

PT_LOAD = 1


def fail(msg):
    sys.exit(f"mkimage: {msg}")


def load_segments(elf):
    if elf[:4] != b"\x7fELF" or elf[4] != 1 or elf[5] != 1:
        fail("not a 32-bit little-endian ELF file")
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize, e_phnum) = struct.unpack_from(
        "<HHIIIIIHHH", elf, 16)
    if e_machine != 243:
        fail(f"ELF machine {e_machine} is not RISC-V")
    segs = []
    for i in range(e_phnum):
        p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align = struct.unpack_from(
            "<IIIIIIII", elf, e_phoff + i * e_phentsize)
        if p_type == PT_LOAD and p_filesz:
            segs.append((p_paddr, p_filesz))
    if not segs:
        fail("no loadable contents")
    return e_entry, segs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objcopy", default=os.environ.get("OBJCOPY", "riscv64-unknown-elf-objcopy"))
    ap.add_argument("--gen", required=True, help="directory of the generated morph_facts.py")
    ap.add_argument("elf")
    ap.add_argument("img")
    a = ap.parse_args()
    sys.path.insert(0, a.gen)
    import morph_facts as mf
    with open(a.elf, "rb") as f:
        elf = f.read()
    entry, segs = load_segments(elf)
    load_addr = min(s[0] for s in segs)
    end = max(s[0] + s[1] for s in segs)
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "blob.bin")
        subprocess.run([a.objcopy, "-O", "binary", a.elf, raw], check=True)
        with open(raw, "rb") as f:
            blob = f.read()
    if len(blob) != end - load_addr:
        fail(f"objcopy blob is {len(blob)} bytes, loadable contents span {end - load_addr}")
    blob += b"\0" * (-len(blob) % 4)
    if not (mf.MM_CONCEALED_BASE <= load_addr and load_addr + len(blob) <= mf.MM_CONCEALED_END):
        fail(f"blob 0x{load_addr:08x}+{len(blob)} is not inside concealed memory")
    if not (load_addr <= entry < load_addr + len(blob)):
        fail(f"entry 0x{entry:08x} outside the blob")
    with open(a.img, "wb") as f:
        f.write(struct.pack("<IIII", mf.MM_IMAGE_MAGIC, load_addr, len(blob), entry))
        f.write(blob)


if __name__ == "__main__":
    main()
