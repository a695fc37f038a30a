#!/usr/bin/env python3
"""The host link (docs/hostlink.md): `morph board` and `morph host --serial PTY` against `morph run`.

For each program (the exit-code test, a hello world, argv and the environment, file I/O in a
scratch directory), the pair runs it and must give `morph run`'s stdout, stderr (less the host's
--stats line) and exit status, the board the same status and nothing on stderr but its link
line. The requests went over the link: the host served as many as `morph run` served (its
--stats line; some board memory read and written), and the board's run is `morph run`'s, cycle
for cycle, with the same firmware statistics (--stats-json). With --rtl the exit-code test runs
on a board with --engine=rtl too.

The two ends are also tried against ends written here from the protocol (LINK_* of the facts
table, HTIF_CMD_* of include/morph/htif.h), so a mistake both C ends share shows:
  - a scripted board (a request block and buffers in its own memory) sends CONSOLE, GET_ARGV, an
    open and a read(2) of a 10-byte file into a larger buffer at an odd address, and EXIT: the
    host prints the console text, writes the argv block the firmware would get and the ten bytes
    (the buffer's other bytes stay as the board had them), and exits with EXIT's status after
    five requests;
  - a board that sends a byte other than LINK_T_REQ, one that hangs up in the middle of a
    request, one that says nothing (--timeout): the host exits 125 naming the fault;
  - a host that sends a byte that is no command and then hangs up: the board reports the byte,
    then the failed link, and exits 125.

    tests/run-hostlink.py --morph MORPH --gen build/gen --htif-h include/morph/htif.h --work DIR
        --exitcode P --hello P --argv P --fileio P [--rtl]
"""
import argparse
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import tty

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tally import check, summary  # noqa: E402 (tests/lib/tally.py)

ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "MORPH_TEST_VAR": "hostlink"}  # both sides, so argv_env agrees
STATS = re.compile(r"^morph host: (\d+) requests, (\d+) reads of (\d+) bytes, (\d+) writes of (\d+) bytes, "
                   r"(\d+) bytes sent, (\d+) received, ([0-9.]+) s\n", re.M)
LINK = re.compile(r"^morph: link on (/dev/pts/\d+)\n$")
FIGURES = []  # (name, requests, read bytes, written bytes, line bytes to and from the host, seconds): docs/hostlink.md


def board(a, opts, tag):
    """A morph board; returns (process, pty path) once it has named its pty."""
    p = subprocess.Popen([a.morph, "board", "--stats-json", os.path.join(a.work, tag + ".board.json")] + opts,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    first = p.stderr.readline()
    m = LINK.match(first)
    if not m:
        p.kill()
        p.communicate()
    return p, first, m.group(1) if m else None


def scratch(a, tag):
    d = os.path.join(a.work, tag)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def pair(a, name, prog, args, opts=()):
    """morph run, then morph board + morph host, on prog; the checks of the docstring."""
    tag = name.replace(" ", "-")
    ref_json = os.path.join(a.work, tag + ".run.json")
    ref = subprocess.run([a.morph, "run", "--stats-json", ref_json, prog] + args, capture_output=True, text=True,
                         env=ENV, cwd=scratch(a, tag + ".run"), timeout=120)
    b, first, pty = board(a, list(opts), tag)
    if not check(f"{name}: the board names its pty", pty is not None, repr(first)):
        return
    h = subprocess.run([a.morph, "host", "--serial", pty, "--stats", "--timeout", "60", prog] + args,
                       capture_output=True, text=True, env=ENV, cwd=scratch(a, tag + ".host"), timeout=180)
    try:
        bout, berr = b.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        b.kill()
        bout, berr = b.communicate()
    st = STATS.search(h.stderr)
    herr = STATS.sub("", h.stderr, count=1)
    check(f"{name}: host status {h.returncode} is morph run's", h.returncode == ref.returncode,
          f"morph run {ref.returncode}; host stderr {h.stderr[-300:]!r}")
    check(f"{name}: host stdout is morph run's", h.stdout == ref.stdout, f"{h.stdout[:200]!r} vs {ref.stdout[:200]!r}")
    check(f"{name}: host stderr is morph run's", herr == ref.stderr, f"{herr[:300]!r} vs {ref.stderr[:300]!r}")
    check(f"{name}: board status {b.returncode}, nothing else on its stderr",
          b.returncode == ref.returncode and berr == "" and bout == "", f"status {b.returncode}, {berr[:300]!r}")
    try:
        rj = json.load(open(ref_json))
        bj = json.load(open(os.path.join(a.work, tag + ".board.json")))
    except (OSError, ValueError) as e:
        check(f"{name}: statistics of both runs", False, str(e))
        return
    req = int(st.group(1)) if st else -1
    check(f"{name}: {req} requests over the link, as morph run served ({rj.get('htif_requests')}), board memory "
          f"read and written", st is not None and req == rj.get("htif_requests") == bj.get("htif_requests") and
          int(st.group(3)) > 0 and int(st.group(5)) > 0, h.stderr[-300:])
    if "--engine=rtl" not in opts:
        check(f"{name}: the board's run is morph run's ({rj.get('cycles')} cycles, the firmware's counters)",
              bj.get("cycles") == rj.get("cycles") and bj.get("iops_retired") == rj.get("iops_retired") and
              bj.get("cms") == rj.get("cms") and bj.get("cms"), f"board {bj.get('cycles')} cycles")
    if st:
        FIGURES.append((name, req, int(st.group(3)), int(st.group(5)), int(st.group(7)), int(st.group(6)),
                        float(st.group(8))))


# ---- the other ends, from the protocol ---------------------------------------------------------

def facts(a):
    f = {}
    exec(open(os.path.join(a.gen, "morph_facts.py")).read(), f)
    cmds = dict(re.findall(r"\bHTIF_CMD_(\w+) = (\d+)", open(a.htif_h).read()))
    return f, {k: int(v) for k, v in cmds.items()}


class Pty:
    """The other end of a pty a morph opens (raw mode, as a board's UART is)."""

    def __init__(self):
        self.m, self.s = os.openpty()
        tty.setraw(self.s)
        self.path = os.ttyname(self.s)

    def read(self, n, timeout=20):
        b = b""
        while len(b) < n:
            if not select.select([self.m], [], [], timeout)[0]:
                raise TimeoutError(f"{len(b)} of {n} bytes")
            c = os.read(self.m, n - len(b))
            if not c:
                raise EOFError
            b += c
        return b

    def write(self, b):
        os.write(self.m, b)

    def close(self):
        os.close(self.m)
        os.close(self.s)


class ScriptedBoard(Pty):
    """A board whose memory is a bytearray at base: it sends requests and serves the host's
    commands (docs/hostlink.md) as a UART bridge would."""

    def __init__(self, f, base, size):
        super().__init__()
        self.f, self.base, self.mem = f, base, bytearray(size)

    def at(self, addr, n):
        off = addr - self.base
        if addr & 3 or off < 0 or off + n > len(self.mem):
            raise ValueError(f"the host named 0x{addr:08x} (+{n}), outside the scripted memory")
        return off

    def request(self, pa):
        f = self.f
        self.write(bytes([f["LINK_T_REQ"]]) + struct.pack("<I", pa))
        while True:
            c = self.read(1)[0]
            if c == f["LINK_H_RESUME"]:
                return self.read(1)[0]
            if c not in (f["LINK_H_READ"], f["LINK_H_WRITE"]):
                raise ValueError(f"byte 0x{c:02x} from the host where a command was due")
            addr, n = struct.unpack("<IH", self.read(6))
            off = self.at(addr, 4 * n)
            if c == f["LINK_H_READ"]:
                self.write(bytes(self.mem[off:off + 4 * n]))
            else:
                self.mem[off:off + 4 * n] = self.read(4 * n)
                self.write(bytes([f["LINK_T_ACK"]]))


def fake_ends(a, hello):
    f, cmd = facts(a)
    base = f["CMS_BOUNCE_BASE"]  # the firmware's HTIF buffers, in concealed memory
    blk, msg_at, argv_at = base, base + 0x100, base + 0x1000
    msg = b"a scripted board says hello\n"

    def host(pty, *extra):
        return subprocess.Popen([a.morph, "host", "--serial", pty.path, "--stats"] + list(extra) + [hello, "x y", ""],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)

    # a read(2) that returns less than asked, into a buffer that starts and ends inside words:
    # the bytes it did not write must stay the board's (sim_mem_ram_fill's claim, then filled)
    data = b"0123456789"
    path = os.path.join(a.work, "ten-bytes")
    with open(path, "wb") as t:
        t.write(data)
    path_at, buf_at, buf_len = base + 0x1800, base + 0x1901, 0x403
    sb = ScriptedBoard(f, base, 0x2000)
    sb.mem[path_at - base:path_at - base + len(path) + 1] = path.encode() + b"\0"
    sb.mem[buf_at - base - 3:buf_at - base + buf_len + 3] = b"\xa5" * (buf_len + 6)
    h = host(sb, "--timeout", "20")
    err, ret, argv_blk, rets = "", None, b"", []
    try:
        sb.mem[msg_at - base:msg_at - base + len(msg)] = msg
        for c, args in (("CONSOLE", (msg_at, len(msg))), ("GET_ARGV", (argv_at, 0x1000)),
                        ("SYSCALL", (5, path_at, 0, 0)),  # i386 open(path, O_RDONLY)
                        ("SYSCALL", (3, None, buf_at, buf_len)),  # read(fd, buf, len)
                        ("EXIT", (7, 0))):
            args = tuple(rets[-1] if v is None else v for v in args)
            sb.mem[0:40] = struct.pack("<Ii8I", cmd[c], 0, *args, *([0] * (8 - len(args))))
            sb.request(blk)
            rets.append(struct.unpack_from("<i", sb.mem, 4)[0])
            if c == "GET_ARGV":
                ret = rets[-1]
                argv_blk = bytes(sb.mem[argv_at - base:argv_at - base + max(ret, 0)])
        out, err = h.communicate(timeout=20)
    except (ValueError, TimeoutError, EOFError, subprocess.TimeoutExpired) as e:
        h.kill()
        out, err = h.communicate()
        err += f" [scripted board: {e!r}]"
    sb.close()
    want = struct.pack("<I", 4) + b"\0".join(s.encode() for s in (hello, hello, "x y", "")) + b"\0"
    st = STATS.search(err)
    check("scripted board: CONSOLE, GET_ARGV, open, read, EXIT(7) served: status 7, the text on stderr, five requests",
          h.returncode == 7 and msg.decode() in err and st is not None and st.group(1) == "5",
          f"status {h.returncode}: {err[-300:]!r}")
    check("scripted board: GET_ARGV wrote the program, argv0 and the arguments into the board's memory",
          ret == len(want) and argv_blk == want, f"ret {ret}, {argv_blk[:80]!r}")
    got = bytes(sb.mem[buf_at - base - 3:buf_at - base + buf_len + 3])
    check("scripted board: a short read(2) wrote its 10 bytes at an odd address and nothing else of the board's",
          rets[3:4] == [len(data)] and got == b"\xa5" * 3 + data + b"\xa5" * (buf_len + 3 - len(data)),
          f"results {rets}, buffer {got[:24]!r}...")

    def hang_up(p):  # in the middle of the answer to the host's first read (so the host is there)
        p.write(bytes([f["LINK_T_REQ"]]) + struct.pack("<I", blk))
        p.read(7)
        p.write(b"\0" * 10)
        p.close()

    for what, act, extra, want_err in (
            ("a byte that is not LINK_T_REQ", lambda p: p.write(b"\x00"), (), "protocol error: byte 0x00"),
            ("a hang-up in the middle of a request", hang_up, (), "closed by the other end"),
            ("silence, with --timeout 0.3", lambda p: None, ("--timeout", "0.3"), "timed out")):
        p = Pty()
        h = host(p, *extra)
        note = ""
        try:
            act(p)
            out, err = h.communicate(timeout=20)
        except (TimeoutError, EOFError, OSError, subprocess.TimeoutExpired) as e:
            h.kill()
            out, err = h.communicate()
            note = f" [fake board: {e!r}]"
        err += note
        if what.startswith("silence") or what.startswith("a byte"):
            p.close()
        check(f"a board that sends {what}: the host exits 125 saying so", h.returncode == 125 and want_err in err,
              f"status {h.returncode}: {err[-300:]!r}")

    # a host that answers the board's first request with a byte that is no command, then hangs up
    b, first, pty = board(a, [], "fake-host")
    ok = pty is not None
    err = first
    if ok:
        fd = os.open(pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd)
        got = b""
        while len(got) < 5 and select.select([fd], [], [], 20)[0]:
            got += os.read(fd, 5 - len(got))
        os.write(fd, b"\xee")
        select.select([], [], [], 0.2)
        os.close(fd)
        try:
            _, err = b.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            b.kill()
            _, err = b.communicate()
        ok = got[:1] == bytes([f["LINK_T_REQ"]]) and b.returncode == 125 and "ignored byte 0xee" in err and \
            "the link failed" in err
    check("a host that sends a byte that is no command, then hangs up: the board reports both and exits 125", ok,
          f"status {b.returncode}: {err[-300:]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--morph", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--htif-h", required=True)
    ap.add_argument("--work", required=True)
    for p in ("exitcode", "hello", "argv", "fileio"):
        ap.add_argument("--" + p, required=True)
    ap.add_argument("--rtl", action="store_true", help="also a board with --engine=rtl (build/bin/morph-rtl-m0)")
    a = ap.parse_args()
    a.morph, a.work = os.path.abspath(a.morph), os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    pair(a, "exitcode", os.path.abspath(a.exitcode), [])
    pair(a, "hello", os.path.abspath(a.hello), [])
    pair(a, "argv_env", os.path.abspath(a.argv), ["first", "second arg", "", "--long=value"])
    pair(a, "fileio", os.path.abspath(a.fileio), [])
    if a.rtl:
        pair(a, "exitcode rtl", os.path.abspath(a.exitcode), [], ["--engine=rtl"])
    fake_ends(a, os.path.abspath(a.hello))
    print("  program        requests  board bytes read, written  line bytes to host, to board  host wall s")
    for name, req, rd, wr, up, down, secs in FIGURES:
        print(f"  {name:14s} {req:8d}  {rd:16d} {wr:9d}  {up:18d} {down:9d}  {secs:11.3f}")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
