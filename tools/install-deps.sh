#!/usr/bin/env bash
# Installs what morph needs on Debian 12, idempotently: Debian packages, a deb-src entry, the
# zydis source package (compiled into the firmware) and busybox-static:i386 (test material,
# unpacked into build/deps, never installed over the host's files).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
deps=$(realpath -m "${1:-$top/build/deps}")  # optional argument: where to put fetched sources
mkdir -p "$deps"

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi

pkgs=(make gcc gcc-multilib libc6-dev-i386 python3 dpkg-dev
      gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
      libzydis-dev libzycore-dev libcmocka-dev verilator yosys qemu-user
      e2fsprogs gpgconf gpg   # inputs and a fixed host for tests/realprogs (docs/testing.md)
      python3-matplotlib parallel  # make bench's fusion figures and their parallel sweep (docs/fusion.md)
      gdb-multiarch  # make test-gdb drives morph run -g with it
      nextpnr-ice40 fpga-icestorm  # make fpga: place, route, pack and time the iCE40 board (docs/fpga.md)
      afl++)  # make fuzz-elf: AFL++ over the firmware's ELF loader (docs/testing.md)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

updated=0
apt_update() { if ((updated == 0)); then $SUDO apt-get update -qq || echo "install-deps: apt-get update reported errors (continuing with the lists it got)"; updated=1; fi; }

if ! dpkg --print-foreign-architectures | grep -qx i386; then
  echo "install-deps: adding the i386 architecture (for busybox-static:i386 test material)"
  $SUDO dpkg --add-architecture i386
  updated=0
  apt_update
fi

if ! grep -rqs '^\(Types: *deb-src\|deb-src \)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "install-deps: adding a deb-src entry for Debian bookworm"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | $SUDO tee /etc/apt/sources.list.d/morph-deb-src.sources >/dev/null
  updated=0
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  apt_update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# slurm-wlm and munge for the sweep's Slurm runner, which make test checks on a private
# single-node cluster (make test-sweep; docs/sweeps.md): the packages are listed in tools/slurm-local.
"$top/tools/slurm-local" install

# A host that cannot run i386 programs: the kernel hands them to qemu-i386 (binfmt_misc), so
# that a reference run's own i386 children run too (tools/binfmt-i386.sh; docs/testing.md).
"$top/tools/binfmt-i386.sh" --dir "$deps/probe"

# Zydis source (decoder compiled for RV32 inside the firmware).
if [[ ! -f "$deps/zydis/src/Decoder.c" ]]; then
  echo "install-deps: fetching the zydis source package"
  apt_update
  rm -rf "$deps/zydis-src" && mkdir -p "$deps/zydis-src"
  (cd "$deps/zydis-src" && apt-get source -qq --download-only zydis >/dev/null)
  tarball=$(ls "$deps"/zydis-src/zydis_*.orig.tar.gz | head -1)
  rm -rf "$deps/zydis" && mkdir -p "$deps/zydis"
  tar -xzf "$tarball" -C "$deps/zydis" --strip-components=1
fi

# busybox-static:i386, unpacked into the build tree.
if [[ ! -x "$deps/busybox/bin/busybox" ]]; then
  echo "install-deps: fetching busybox-static:i386"
  apt_update
  rm -rf "$deps/busybox-deb" && mkdir -p "$deps/busybox-deb"
  (cd "$deps/busybox-deb" && apt-get download -qq busybox-static:i386 >/dev/null)
  rm -rf "$deps/busybox" && dpkg -x "$deps"/busybox-deb/busybox-static_*_i386.deb "$deps/busybox"
fi

# Real static i386 programs from Debian's archive (tests/run-realprogs.sh), each unpacked into
# build/deps/realprogs/PACKAGE, never installed over the host's files.
realprogs=(bash-static zsh-static sash mksh e2fsck-static gpgv-static dar-static libc-bin)
for p in "${realprogs[@]}"; do
  if [[ ! -e "$deps/realprogs/$p/.unpacked" ]]; then
    echo "install-deps: fetching $p:i386"
    apt_update
    rm -rf "$deps/realprogs/$p" "$deps/realprogs/$p-deb" && mkdir -p "$deps/realprogs/$p-deb"
    (cd "$deps/realprogs/$p-deb" && apt-get download -qq "$p:i386" >/dev/null)
    dpkg -x "$deps/realprogs/$p-deb/${p}_"*_i386.deb "$deps/realprogs/$p"
    rm -rf "$deps/realprogs/$p-deb"
    touch "$deps/realprogs/$p/.unpacked"
  fi
done
# An i386 sysroot of Debian packages for dynamically linked programs (morph run -L; the dynamic
# cases of tests/run-realprogs.sh, docs/testing.md): the packages unpacked together into
# build/deps/i386-root, never installed over the host's files, then laid out with merged /usr as
# Debian 12 systems are (bin, sbin and lib links into usr/): a shell's PATH search finds
# /usr/bin/ls in the root rather than the host's x86-64 one. The stamp holds the list.
i386root="libc6 libgmp10 libselinux1 libpcre2-8-0 libacl1 libattr1 coreutils grep sed bzip2 libbz2-1.0
  xz-utils liblzma5 bc libreadline8 libtinfo6 gawk libmpfr6 libsigsegv2 lua5.4 liblua5.4-0 sqlite3
  libsqlite3-0 zlib1g file libmagic1 libmagic-mgc python3.11-minimal libpython3.11-minimal libexpat1 dash
  gpgconf libgpg-error0 libassuan0 libgcrypt20 gpg libnpth0"
if [[ "$(cat "$deps/i386-root/.unpacked" 2>/dev/null)" != "$(echo $i386root usrmerge)" ]]; then
  echo "install-deps: fetching the i386 sysroot's packages ($(echo $i386root | wc -w))"
  apt_update
  rm -rf "$deps/i386-root" "$deps/i386-root-deb" && mkdir -p "$deps/i386-root-deb"
  (cd "$deps/i386-root-deb" && apt-get download -qq $(for p in $i386root; do echo "$p:i386"; done) >/dev/null)
  for d in "$deps/i386-root-deb"/*.deb; do dpkg -x "$d" "$deps/i386-root"; done
  rm -rf "$deps/i386-root-deb"
  for d in bin sbin lib; do
    if [[ -d "$deps/i386-root/$d" && ! -L "$deps/i386-root/$d" ]]; then
      mkdir -p "$deps/i386-root/usr/$d"
      cp -a "$deps/i386-root/$d/." "$deps/i386-root/usr/$d/"
      rm -rf "$deps/i386-root/$d"
    fi
    ln -sfn "usr/$d" "$deps/i386-root/$d"
  done
  echo $i386root usrmerge > "$deps/i386-root/.unpacked"
fi
# Sources of the benchmark suite (bench/suite/suite.py packages; docs/bench.md): Debian source
# packages, unpacked with Debian's patches into build/deps/src/PACKAGE.
for p in $(python3 "$top/bench/suite/suite.py" packages); do
  if [[ ! -e "$deps/src/$p/.unpacked" ]]; then
    echo "install-deps: fetching the $p source package"
    apt_update
    rm -rf "$deps/src/$p" "$deps/src/$p-dl" && mkdir -p "$deps/src/$p-dl"
    (cd "$deps/src/$p-dl" && apt-get source -qq --download-only "$p" >/dev/null 2>&1)
    dpkg-source -q -x --no-check "$deps/src/$p-dl/"*.dsc "$deps/src/$p" >/dev/null
    rm -rf "$deps/src/$p-dl"
    touch "$deps/src/$p/.unpacked"
  fi
done
touch "$deps/.stamp"
