#!/usr/bin/env python3
"""Translation-quality pins (docs/translator.md, "Translation-quality pins").

tests/xlpins/<class>.json holds, per x86 instruction form, its bytes (the input), and what the
host build of the translator makes of it (the expectation): the Zydis text, and the I-op listing
and count with its flags live (the block ends right after it) and dead (a following
"cmp eax, eax" overwrites every flag). A comment says why a form is not better yet.

  xlpins.py check  --dump BIN [FILE...]   compare; a unified diff per file that differs
  xlpins.py update --dump BIN [FILE...]   rewrite the files from the translator (review the diff)

BIN is build/tests/xlpins/xlpins_dump (tests/xlpins/xlpins_dump.c). Only "bytes" and "comment"
of a form (and "class"/"about" of a file) are read; everything else is regenerated.

A file with "paths" instead of "forms" (superblock.json) pins superblocks: each path has its
bytes (a loop starting at its first byte), "path" (the direction of each Jcc in turn, T taken or
F fall-through, as xlpins_dump --path takes it) and a comment; generated are its x86
instructions and the whole translation after the link without fusion ("none") and with the
hu-smith heuristic ("hu-smith"; "+" marks a fuse head).
"""
import argparse
import difflib
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run_dump(dump, byte_lines):
    out = subprocess.run([dump], input="".join(l + "\n" for l in byte_lines), text=True,
                         capture_output=True, check=True).stdout
    results, cur, lst = [], None, None
    for line in out.splitlines():
        if line.startswith("insn "):
            cur = {"insn": line[5:]}
        elif line.startswith("  "):
            lst.append(line.strip())
        elif line == "end":
            results.append(cur)
        else:
            tag, _, rest = line.partition(" ")
            if tag == "error":
                cur["error"] = rest
            elif rest == "n/a":
                cur[tag] = "n/a: the instruction ends the block"
            else:
                lst = []
                cur[tag] = {"count": int(rest), "iops": lst}
    if len(results) != len(byte_lines):
        sys.exit("xlpins: %s gave %d results for %d forms" % (dump, len(results), len(byte_lines)))
    return results


FUSIONS = ("none", "hu-smith")


def run_paths(dump, paths):
    """{fusion: [result per path]} from xlpins_dump --superblock."""
    out = {}
    for fusion in FUSIONS:
        text = subprocess.run([dump, "--superblock", "--fusion=" + fusion],
                              input="".join("%s %s\n" % (p.get("path") or "-", p["bytes"]) for p in paths),
                              text=True, capture_output=True, check=True).stdout
        results, cur = [], None
        for line in text.splitlines():
            if cur is None:
                cur = {"insns": []}
            if line.startswith("insn "):
                cur["insns"].append(line[5:])
            elif line.startswith("code "):
                cur["code"] = {"count": int(line[5:]), "iops": []}
            elif line.startswith("  "):
                op = line[2:].rstrip()  # "+ op" for a fuse head, "  op" otherwise
                cur["code"]["iops"].append(op[2:] if op.startswith("  ") else op)
            elif line.startswith("error "):
                cur["error"] = line[6:]
            elif line == "end":
                results.append(cur)
                cur = None
        if len(results) != len(paths):
            sys.exit("xlpins: %s gave %d results for %d paths" % (dump, len(results), len(paths)))
        out[fusion] = results
    return out


def document(data, key, items):
    """A pin file's text: its class, its about line if any, then items under key."""
    out = {"class": data["class"]}
    if data.get("about"):
        out["about"] = data["about"]
    out[key] = items
    return json.dumps(out, indent=2) + "\n"


def render_paths(data, results):
    paths = []
    for i, p in enumerate(data["paths"]):
        g = {"bytes": p["bytes"], "path": p.get("path", "")}
        if p.get("comment"):
            g["comment"] = p["comment"]
        first = results[FUSIONS[0]][i]
        g["insns"] = first["insns"]
        for fusion in FUSIONS:
            r = results[fusion][i]
            g[fusion] = r["code"] if "code" in r else {"error": r["error"]}
        paths.append(g)
    return document(data, "paths", paths)


def render(data, results):
    forms = []
    for f, r in zip(data["forms"], results):
        g = {"insn": r["insn"], "bytes": f["bytes"]}
        if f.get("comment"):
            g["comment"] = f["comment"]
        if "error" in r:
            g["error"] = r["error"]
        else:
            g["live"] = r["live"]
            dead = r.get("dead")
            g["dead"] = "same as live" if dead == r["live"] else dead
        forms.append(g)
    return document(data, "forms", forms)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("check", "update"))
    ap.add_argument("--dump", required=True)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(HERE, "*.json")))
    bad = nforms = npaths = nerr = 0
    for path in files:
        with open(path) as fp:
            text = fp.read()
        data = json.loads(text)
        if "paths" in data:
            results = run_paths(a.dump, data["paths"])
            npaths += len(data["paths"])
            nerr += sum("error" in r for f in FUSIONS for r in results[f])
            new = render_paths(data, results)
        else:
            results = run_dump(a.dump, [f["bytes"] for f in data["forms"]])
            nforms += len(results)
            nerr += sum("error" in r for r in results)
            new = render(data, results)
        name = os.path.relpath(path)
        if new == text:
            continue
        if a.mode == "update":
            with open(path, "w") as fp:
                fp.write(new)
            print("xlpins: updated %s" % name)
            continue
        bad += 1
        sys.stdout.writelines(difflib.unified_diff(
            text.splitlines(True), new.splitlines(True), name + " (pinned)",
            name + " (translator now)"))
    summary = "%d forms and %d superblocks in %d files" % (nforms, npaths, len(files))
    if nerr:
        print("xlpins: FAIL: %d forms not translated (see \"error\" in the files)" % nerr)
        bad += 1
    if nerr and a.mode == "update":
        return 1
    if bad and a.mode == "check":
        print("xlpins: FAIL: %s; %d files differ from the translator. If the change is meant, "
              "run `make xlpins-update` and commit the diff." % (summary, bad))
        return 1
    print("xlpins: %s %s" % (summary, "match" if a.mode == "check" else "up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
