#!/usr/bin/env python3
"""The run statistics from their one definition, include/morph/stats.def.

    tools/stats.py --out docs/stats.md      write the page that explains every counter
    tools/stats.py --check docs/stats.md    exit 1 if the page is stale (make test-stats-doc)
    tools/stats.py --keys rtl               JSON keys the RTL harness must match the model on
    tools/stats.py --keys json              every top-level JSON key of the report

Scripts that read `morph --stats-json` reports import this module (read_stats) rather than
spell keys. Checks (errors stop the run): MORPH_CMS_STATS_ABI and the FW rows of MORPH_STATS
name the same fields; names and JSON keys are unique within their object.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEF = os.path.join(HERE, '..', 'include', 'morph', 'stats.def')
CMSACT = os.path.join(HERE, '..', 'include', 'morph', 'cmsact.h')
COLUMNS = ('kind', 'group', 'name', 'json', 'jfmt', 'text', 'tfmt', 'check', 'desc')
GROUPS = {
    'cms': ('firmware (CMS) counters', 'JSON object `cms` (null without firmware statistics)'),
    'x86': ('whole-run x86 figures', 'top-level JSON keys, present with firmware statistics'),
    'bbt': ('basic-block translator', 'JSON object `bbt` (null with `--emulation=interp`)'),
    'hw': ('the machine', 'top-level JSON keys, always present'),
    'host': ('the simulator', 'top-level JSON keys, always present'),
}
KINDS = {
    'FW': 'firmware counter (struct cms_stats, sent through HTIF)',
    'HW': 'hardware counter of the model (struct sim_stats)',
    'U': 'integer derived by the host',
    'F': 'ratio derived by the host',
    'S': 'string derived by the host',
    'LIST': 'named counters',
}


def _args(body):
    """Splits the arguments of one X(...) row; strings may hold commas and parentheses."""
    args, cur, q, i = [], '', False, 0
    while i < len(body):
        ch = body[i]
        if q:
            cur += ch
            if ch == '\\':
                cur += body[i + 1]
                i += 1
            elif ch == '"':
                q = False
        elif ch == '"':
            q = True
            cur += ch
        elif ch == ',':
            args.append(cur.strip())
            cur = ''
        else:
            cur += ch
        i += 1
    args.append(cur.strip())
    return [a[1:-1].replace('\\"', '"') if a.startswith('"') else a for a in args]


def _macro(text, name):
    m = re.search(r'^#define ' + name + r'\((\w)\)((?:.*\\\n)*.*)$', text, re.M)
    if not m:
        sys.exit('stats.py: %s not found in %s' % (name, DEF))
    return m.group(1), m.group(2).replace('\\\n', '\n')


def read_stats(path=DEF):
    """Returns (rows, abi, stalls, activities, fuse classes): rows are dicts keyed by COLUMNS."""
    text = open(path).read()
    x, body = _macro(text, 'MORPH_STATS')
    rows = []
    for m in re.finditer(r'\b' + x + r'\((.*)\)\s*$', body, re.M):
        a = _args(m.group(1))
        if len(a) != len(COLUMNS):
            sys.exit('stats.py: row with %d columns: %s' % (len(a), m.group(0)))
        rows.append(dict(zip(COLUMNS, a)))
    f, body = _macro(text, 'MORPH_CMS_STATS_ABI')
    abi = re.findall(r'\b' + f + r'\((\w+)\)', body)
    x, body = _macro(text, 'MORPH_STALLS')
    stalls = [_args(m.group(1)) for m in re.finditer(r'\b' + x + r'\((.*)\)\s*$', body, re.M)]
    x, body = _macro(text, 'MORPH_ACTIVITIES')
    acts = [_args(m.group(1)) for m in re.finditer(r'\b' + x + r'\(([^()]*)\)', body)]
    x, body = _macro(text, 'MORPH_FUSE_CLASSES')
    fcls = [_args(m.group(1)) for m in re.finditer(r'\b' + x + r'\((.*)\)\s*$', body, re.M)]
    return rows, abi, stalls, acts, fcls


def check(rows, abi, stalls, acts, fcls):
    errors = []
    fw = [r['name'] for r in rows if r['kind'] == 'FW']
    if not rows or not stalls or not acts or not fcls:
        errors.append('a list of stats.def read empty')
    if sorted(fw) != sorted(abi):
        errors.append('FW rows and MORPH_CMS_STATS_ABI differ: %s'
                      % sorted(set(fw) ^ set(abi)))
    seen, keys = set(), set()
    for r in rows:
        if r['kind'] not in KINDS or r['group'] not in GROUPS:
            errors.append('%s: unknown kind or group' % r['name'])
        if r['name'] in seen:
            errors.append('%s: defined twice' % r['name'])
        seen.add(r['name'])
        obj = r['group'] if r['group'] in ('cms', 'bbt') else ''
        if r['json'] and (obj, r['json']) in keys:
            errors.append('%s: JSON key %s used twice' % (r['name'], r['json']))
        keys.add((obj, r['json']))
    if errors:
        sys.exit('\n'.join('stats.py: ' + e for e in errors))


def top_keys(rows, groups=GROUPS):
    """Top-level JSON keys of a report with firmware statistics, in no particular order;
    groups limits them to the rows of those groups."""
    keys = ['mode', 'stop', 'exit_status']
    for r in rows:
        if r['group'] not in groups:
            continue
        if r['group'] in ('cms', 'bbt'):
            if r['group'] not in keys:
                keys.append(r['group'])
        elif r['json']:
            keys.append(r['json'])
    return keys


def optional_keys(rows):
    """Top-level keys a report has only with an option (their description says "not shown
    without --OPTION"): --series's."""
    return [r['json'] for r in rows if r['json'] and 'not shown without --' in r['desc']]


def activity_notes():
    notes = {}
    for m in re.finditer(r'#define\s+(CMSACT_\w+)\s+\d+\s*/\*\s*(.*?)\s*\*/', open(CMSACT).read()):
        notes[m.group(1)] = m.group(2)
    return notes


def _cell(s):
    return s.replace('|', '\\|')


def _text(r):
    if not r['text']:
        return ''
    if r['text'].startswith('+'):
        return 'same line: `%s`' % r['text'][1:].strip()
    return '`%s`' % r['text'].strip()


def render(rows, abi, stalls, acts, fcls):
    out = ['# Run statistics',
           '',
           'Generated by `tools/stats.py` from `include/morph/stats.def` (`make stats-doc`); do not edit.',
           '`make test-stats-doc` checks that this page is current.',
           '',
           '`morph run --stats` prints these to stderr at exit; `--stats-json FILE` writes them as JSON',
           '(docs/usage.md). Every JSON report also has `mode` (`run` or `sim`), `stop` (`exit`,',
           '`max-cycles`, `error`) and `exit_status`. Ratios are 0 when their divisor is 0.',
           '',
           'To add a counter: one row in `MORPH_STATS` of `include/morph/stats.def` (and, for a',
           'firmware counter, its field at the end of `MORPH_CMS_STATS_ABI`), then `make stats-doc`.',
           'A `HW` row becomes a field of `struct sim_stats`; a `U` or `F` row needs its formula in',
           '`sim/sim_stats.c`. The text and JSON printers and the scripts follow the definition.',
           '',
           'Kinds: ' + '; '.join('`%s` %s' % kv for kv in KINDS.items()) + '.',
           'RTL: counted by the RTL harness as well, and `make test-rtl` requires the same value as the model.',
           '']
    for g, (title, where) in GROUPS.items():
        out += ['## %s' % title[0].upper() + title[1:], '', where[0].upper() + where[1:] + '.', '',
                '| JSON key | text | kind | RTL | meaning |', '| --- | --- | --- | --- | --- |']
        for r in rows:
            if r['group'] != g:
                continue
            key = '`%s`' % r['json'] if r['json'] else '(text only)'
            name = '' if r['kind'] not in ('FW', 'HW') or r['name'] == r['json'] else ' (field `%s`)' % r['name']
            out.append('| %s | %s | %s | %s | %s%s |' % (
                key, _cell(_text(r)), r['kind'], 'yes' if r['check'] == 'RTL' else '',
                _cell(r['desc']), name))
        out.append('')
    out += ['## Stall causes (`stall_cycles`)', '',
            'Every cycle issues at least one op or is a counted stall: `cycles` = `iops_retired` -',
            '`iops_coissued` + the sum of these (on m0 `iops_coissued` is 0).', '',
            '| name | meaning |', '| --- | --- |']
    out += ['| `%s` | %s |' % (s[1], _cell(s[2])) for s in stalls]
    out += ['', '## Fusion profile (`fusion_profile`)', '',
            'Every retired I-op in one class (docs/model.md, Core configurations): the same counts on',
            'every core, since pairs are found by their fuse marks, not by how the core issued them.', '',
            '| name | meaning |', '| --- | --- |']
    out += ['| `%s` | %s |' % (f[1], _cell(f[2])) for f in fcls]
    notes = activity_notes()
    out += ['', '## Firmware activities (`activity`)', '',
            'The firmware writes the tag of what it is doing to CSR `cmsact` (include/morph/cmsact.h);',
            'the machine attributes each cycle and I-op to the current tag.', '',
            '| name | meaning |', '| --- | --- |']
    out += ['| `%s` | %s |' % (a[1], _cell(notes.get(a[0], 'unused tag'))) for a in acts]
    out += ['', '## Traps (`traps`)', '',
            'Traps by cause name (the trap causes of docs/isa.md); JSON lists the causes that occurred.',
            '']
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out')
    ap.add_argument('--check')
    ap.add_argument('--keys', choices=('rtl', 'json'))
    a = ap.parse_args()
    rows, abi, stalls, acts, fcls = read_stats()
    check(rows, abi, stalls, acts, fcls)
    if a.keys == 'rtl':
        print(' '.join(r['json'] for r in rows if r['check'] == 'RTL'))
    elif a.keys == 'json':
        print(' '.join(top_keys(rows)))
    text = render(rows, abi, stalls, acts, fcls)
    if a.out:
        with open(a.out, 'w') as f:
            f.write(text)
    if a.check:
        if open(a.check).read() != text:
            sys.exit('%s is stale: run `make stats-doc`' % a.check)


if __name__ == '__main__':
    main()
