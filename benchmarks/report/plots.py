#!/usr/bin/env python3
"""Turns benchmark results into docs/performance.md's plots (SVG, standard library only).

usage: plots.py JMH_JSON QMP_JSONL SCALE_JSONL OUTDIR [STARTUP_JSONL]

JMH_JSON is `java -jar benchmarks/target/benchmarks.jar -rf json -rff FILE`'s output, QMP_JSONL
the results.jsonl of benchmarks/qmp/qmp-vs-qemu.sh, SCALE_JSONL the lines MachineScale prints,
STARTUP_JSONL (optional) the results.jsonl of benchmarks/startup/run.sh: start-up is then drawn
from the runstate-vm launcher's runs there.
Writes one SVG per family into OUTDIR and prints the figures as Markdown tables on stdout.
"""
import json
import statistics
import sys
from html import escape

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def bar_chart(path, title, unit, groups, series, values, errors=None):
    """Grouped bars: values[s][g] for series s in group g; errors alike (or None)."""
    w, h, left, top, bottom = 760, 360, 70, 40, 70
    plot_w, plot_h = w - left - 20, h - top - bottom
    vmax = max((v + ((errors or {}).get(s, [0] * len(groups))[i] or 0))
               for s in series for i, v in enumerate(values[s]) if v is not None) or 1
    gw = plot_w / len(groups)
    bw = gw * 0.8 / len(series)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>']
    for k in range(5):
        v = vmax * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{w - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    out.append(f'<text x="15" y="{top + plot_h / 2}" transform="rotate(-90 15 {top + plot_h / 2})" text-anchor="middle">{escape(unit)}</text>')
    for gi, g in enumerate(groups):
        x0 = left + gi * gw + gw * 0.1
        for si, s in enumerate(series):
            v = values[s][gi]
            if v is None:
                continue
            bh = plot_h * v / vmax
            x = x0 + si * bw
            out.append(f'<rect x="{x:.1f}" y="{top + plot_h - bh:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" fill="{COLORS[si % len(COLORS)]}"><title>{escape(s)}: {v:.4g} {escape(unit)}</title></rect>')
            e = (errors or {}).get(s, [None] * len(groups))[gi]
            if e:
                cx = x + (bw - 2) / 2
                y1, y2 = top + plot_h - plot_h * (v + e) / vmax, top + plot_h - plot_h * max(v - e, 0) / vmax
                out.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="black"/>')
        out.append(f'<text x="{left + gi * gw + gw / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(g)}</text>')
    for si, s in enumerate(series):
        x = left + si * 180
        out.append(f'<rect x="{x}" y="{h - 28}" width="12" height="12" fill="{COLORS[si % len(COLORS)]}"/>')
        out.append(f'<text x="{x + 16}" y="{h - 18}">{escape(s)}</text>')
    out.append('</svg>')
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def jmh(results, name, **params):
    """The primary metric of the run of benchmark `name` (suffix match) with these params."""
    for r in results:
        if r["benchmark"].endswith("." + name) and all(r.get("params", {}).get(k) == str(v) for k, v in params.items()):
            return r["primaryMetric"]
    return None


def score(m):
    return None if m is None else m["score"]


def err(m):
    return None if m is None or m["scoreError"] != m["scoreError"] else m["scoreError"]  # NaN -> None


def pct(m, p):
    return None if m is None else m["scorePercentiles"][p]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join("—" if c is None else (f"{c:.4g}" if isinstance(c, float) else str(c)) for c in r) + " |")
    return "\n".join(lines)


def median_of(rows, label_prefix, key):
    vals = [r[key] for r in rows if r.get("label", "").startswith(label_prefix) and r.get("ok") and r.get(key) is not None]
    return statistics.median(vals) if vals else None


def main(jmh_json, qmp_jsonl, scale_jsonl, outdir, startup_jsonl=None):
    with open(jmh_json) as f:
        res = json.load(f)
    md = []

    # 1. transitions
    impls = [("AtomicRunState", "AtomicRunState"), ("BareCas", "bare CAS"), ("SynchronizedEnumMap", "synchronized EnumMap"),
             ("ReentrantLockEnumMap", "ReentrantLock EnumMap")]
    groups = ["transition, 1 thread", "transition, 2 threads", "check, 1 thread"]
    vals, errs, rows = {}, {}, []
    for key, label in impls:
        ms = [jmh(res, "transition" + key), jmh(res, "contended" + key),
              jmh(res, "check" + (key if key != "BareCas" else "BareVolatileRead"))]
        vals[label] = [score(m) for m in ms]
        errs[label] = [err(m) for m in ms]
        rows.append([label] + [f"{score(m):.2f} ± {err(m) or 0:.2f}" if m else None for m in ms])
    bar_chart(f"{outdir}/perf-transitions.svg", "Run-state transition and check (lower is better)", "ns/op", groups,
              [l for _, l in impls], vals, errs)
    md.append("### 1. Transitions (ns/op)\n\n" + table(["implementation"] + groups, rows))

    # 2. vCPU guard + pause/resume
    g0, g1 = jmh(res, "slicesWithoutGuard"), jmh(res, "slicesWithGuard")
    md.append("### 2a. vCPU guard (ns per slice)\n\n" + table(["variant", "ns/slice"], [
        ["without guard", f"{score(g0):.2f} ± {err(g0) or 0:.2f}" if g0 else None],
        ["with guard", f"{score(g1):.2f} ± {err(g1) or 0:.2f}" if g1 else None]]))
    counts = [1, 2, 4, 8]
    pr = [jmh(res, "pauseAllThenResumeAll", vcpus=n) for n in counts]
    bar_chart(f"{outdir}/perf-pause-resume.svg", "pause_all + resume_all latency, running vCPUs (lower is better)", "µs",
              [f"{n} vCPU" for n in counts], ["p50", "p99"],
              {"p50": [pct(m, "50.0") for m in pr], "p99": [pct(m, "99.0") for m in pr]})
    md.append("### 2b. pause_all + resume_all (µs)\n\n" + table(["vCPUs", "p50", "p99", "mean"],
              [[n, pct(m, "50.0"), pct(m, "99.0"), score(m)] for n, m in zip(counts, pr)]))

    # 3. events
    kinds = [("EVENT_BUS", "EventBus"), ("ARRAY_BLOCKING_QUEUE", "ArrayBlockingQueue"), ("LINKED_BLOCKING_QUEUE", "LinkedBlockingQueue")]
    subs = [1, 16]
    thr = {l: [score(jmh(res, "emitAndDeliver", kind=k, subscribers=n)) for n in subs] for k, l in kinds}
    thr_e = {l: [err(jmh(res, "emitAndDeliver", kind=k, subscribers=n)) for n in subs] for k, l in kinds}
    lat = {l: [pct(jmh(res, "emitToDelivery", kind=k, subscribers=n), "50.0") for n in subs] for k, l in kinds}
    lat99 = {l: [pct(jmh(res, "emitToDelivery", kind=k, subscribers=n), "99.0") for n in subs] for k, l in kinds}
    bar_chart(f"{outdir}/perf-events.svg", "Events emitted and delivered, one thread (higher is better)", "events/µs",
              [f"{n} subscriber(s)" for n in subs], [l for _, l in kinds], thr, thr_e)
    md.append("### 3. Events\n\n" + table(["queue", "subscribers", "events/µs", "cross-thread p50 ns", "p99 ns"],
              [[l, n, thr[l][i], lat[l][i], lat99[l][i]] for _, l in kinds for i, n in enumerate(subs)]))

    # 4 + 5. QMP vs QEMU
    rows = []
    with open(qmp_jsonl) as f:
        rows = [json.loads(line) for line in f if line.strip().startswith("{")]
    figs = [("query-status p50 µs", "latency", "p50_us"), ("query-status p99 µs", "latency", "p99_us"),
            ("pipelined (16) ops/s", "pipeline16", "ops_per_s"), ("stop+cont p50 µs", "stopcont", "p50_us"),
            ("8 clients ops/s", "clients8", "ops_per_s"), ("8 clients p99 µs", "clients8", "p99_us"),
            ("stop+cont p99 µs", "stopcont", "p99_us"), ("STOP events seen by a second client (of 2000)", "events", "listener_stop_events"),
            ("... of them before the commander saw the reply (of 4000 events)", "events", "event_before_reply")]
    qrows = []
    for label, mode, key in figs:
        u, q = median_of(rows, f"us/{mode}/", key), median_of(rows, f"qemu/{mode}/", key)
        qrows.append([label, u, q, (u / q) if u and q else None])
    md.append("### 4. QMP, runstate-vm vs QEMU 7.2 (median of runs)\n\n" + table(["figure", "runstate", "QEMU 7.2", "ratio"], qrows))
    bar_chart(f"{outdir}/perf-qmp.svg", "QMP round trips, pinned split (lower is better)", "µs",
              ["query-status p50", "stop+cont p50", "8 clients p50"], ["runstate-vm", "QEMU 7.2"],
              {"runstate-vm": [median_of(rows, "us/latency/", "p50_us"), median_of(rows, "us/stopcont/", "p50_us"),
                               median_of(rows, "us/clients8/", "p50_us")],
               "QEMU 7.2": [median_of(rows, "qemu/latency/", "p50_us"), median_of(rows, "qemu/stopcont/", "p50_us"),
                            median_of(rows, "qemu/clients8/", "p50_us")]})
    # 5. start-up: the launcher as users run it (benchmarks/startup/run.sh) when its results are given
    srows = []
    if startup_jsonl:
        with open(startup_jsonl) as f:
            rows = [json.loads(line) for line in f if line.strip().startswith("{")]
        who_labels = [("qemu", "QEMU 7.2"), ("us", "runstate-vm")]
    else:
        who_labels = [("qemu", "QEMU 7.2"), ("us", "runstate-vm"), ("us-cds", "runstate-vm + CDS"),
                      ("us-cds-c1", "runstate-vm + CDS + C1 only")]
    for who, lab in who_labels:
        srows.append([lab, median_of(rows, f"{who}/startup/", "spawn_to_greeting_ms"),
                      median_of(rows, f"{who}/startup/", "spawn_to_ready_ms"),
                      (median_of(rows, f"{who}/startup/", "rss_kb_idle") or 0) / 1024 or None])
    md.append("### 5. Start-up (median of 10 spawns)\n\n" + table(["server", "spawn→greeting ms", "spawn→ready ms", "RSS idle MB"], srows))
    bar_chart(f"{outdir}/perf-startup.svg", "Start-up: spawn to greeting and to ready (lower is better)", "ms",
              ["spawn→greeting", "spawn→ready"], [r[0] for r in srows], {r[0]: [r[1], r[2]] for r in srows})

    # 6. scale
    with open(scale_jsonl) as f:
        sc = [json.loads(line) for line in f if line.strip().startswith("{")]
    md.append("### 6. Machines per JVM\n\n" + table(["machines", "start ms", "heap MB", "RSS MB", "threads", "heap KB/machine", "RSS KB/machine", "threads/machine"],
              [[s["machines"], s["start_ms"], s["heap_mb"], s["rss_mb"], s["threads"], s["heap_kb_per_machine"], s["rss_kb_per_machine"], s["threads_per_machine"]] for s in sc]))
    bar_chart(f"{outdir}/perf-scale.svg", "Footprint per idle machine (control thread, vCPU, QMP socket)", "KB per machine",
              [str(s["machines"]) + " machines" for s in sc], ["heap", "RSS"],
              {"heap": [s["heap_kb_per_machine"] for s in sc], "RSS": [s["rss_kb_per_machine"] for s in sc]})
    print("\n\n".join(md))


if __name__ == "__main__":
    main(*sys.argv[1:6])
