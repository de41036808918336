#!/usr/bin/env python3
"""Issue #16's target table from benchmarks/startup/run.sh's results.jsonl (medians over runs).

usage: summarize.py results.jsonl     prints a Markdown table: target, runstate-vm, baseline, ratio, met?
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def med(rows, prefix, key):
    vals = [r[key] for r in rows if r.get("label", "").startswith(prefix) and r.get("ok") and r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v):
    if v is None:
        return "–"
    return f"{v:.3g}" if abs(v) < 100 else f"{v:,.0f}"


def targets(rows):
    """(target, ours, baseline, baseline name, ratio, limit, lower_is_better) per issue #16 target."""
    g, gq = med(rows, "us/startup/", "spawn_to_greeting_ms"), med(rows, "qemu/startup/", "spawn_to_greeting_ms")
    r, rq = med(rows, "us/startup/", "spawn_to_ready_ms"), med(rows, "qemu/startup/", "spawn_to_ready_ms")
    m, mq = med(rows, "us/startup/", "rss_kb_idle"), med(rows, "qemu/startup/", "rss_kb_idle")
    t, tq = med(rows, "us/threads/", "threads"), med(rows, "qemu/threads/", "threads")
    q, qf = med(rows, "us/latency/", "p50_us"), med(rows, "floor/latency/", "p50_us")
    s, sf = med(rows, "us/stopcont/", "p50_us"), med(rows, "floor/stopcont/", "p50_us")
    s99 = med(rows, "us/stopcont/", "p99_us")
    c, cq = med(rows, "us/clients8/", "ops_per_s"), med(rows, "qemu/clients8/", "ops_per_s")
    div = lambda a, b: a / b if a is not None and b else None
    return [
        ("spawn → greeting ms ≤ 1.5 × QEMU", g, gq, "QEMU 7.2", div(g, gq), 1.5, True),
        ("spawn → ready ms ≤ 1.5 × QEMU", r, rq, "QEMU 7.2", div(r, rq), 1.5, True),
        ("RSS idle MB ≤ QEMU's", m and m / 1024, mq and mq / 1024, "QEMU 7.2", div(m, mq), 1.0, True),
        ("threads idle, one QMP client ≤ 8", t, tq, "QEMU 7.2", div(t, 8), 1.0, True),
        ("query-status p50 µs ≤ 1.2 × floor", q, qf, "qmpfloor", div(q, qf), 1.2, True),
        ("stop+cont p50 µs ≤ 1.3 × floor", s, sf, "qmpfloor", div(s, sf), 1.3, True),
        ("stop+cont p99 µs ≤ 3 × its p50", s99, s, "our p50", div(s99, s), 3.0, True),
        ("8 clients ops/s ≥ 5 × QEMU (8 sockets)", c, cq, "QEMU 7.2", div(c, cq), 5.0, False),
    ]


def main(path):
    rows = load(path)
    out = ["| target | runstate-vm | baseline | ratio | met? |", "|---|---|---|---|---|"]
    for name, ours, base, bname, ratio, limit, lower in targets(rows):
        met = None if ratio is None else (ratio <= limit if lower else ratio >= limit)
        out.append(f"| {name} | {fmt(ours)} | {fmt(base)} ({bname}) | {fmt(ratio)} | "
                   f"{'–' if met is None else 'yes' if met else 'no'} |")
    print("\n".join(out))
    f = med(rows, "jvmfloor/startup/", "spawn_to_greeting_ms"), med(rows, "jvmfloor/startup/", "spawn_to_ready_ms"), \
        med(rows, "jvmfloor/startup/", "rss_kb_idle")
    if f[0] is not None:
        print(f"\nJVM floor (JvmFloor, AppCDS): greeting {fmt(f[0])} ms, ready {fmt(f[1])} ms, RSS idle {fmt(f[2] / 1024)} MB")
    for r in rows:
        if "/threads/" in r.get("label", ""):
            print(f"\n{r['label']}: {r['threads']} threads: " + ", ".join(f"{n} ×{c}" if c > 1 else n for n, c in r["names"].items()))


if __name__ == "__main__":
    main(sys.argv[1])
