#!/usr/bin/env bash
# The full benchmark run behind docs/performance.md: every JMH family (2 forks, 5 warm-up and 5
# measured iterations each, as annotated), the machines-per-JVM probe (one fresh JVM per count),
# QMP and start-up against QEMU 7.2 (benchmarks/qmp/qmp-vs-qemu.sh), issue #16's start-up, memory,
# threads and QMP floor figures (benchmarks/startup/run.sh), then the plots and tables.
# Takes about 25 minutes; run it on a quiet machine from the repository root after
# `mvn -B -q package -DskipTests`.
#
# usage: benchmarks/run-all.sh [OUTDIR]     (default benchmarks/results)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/benchmarks/results}
mkdir -p "$OUT"
JAR=$ROOT/benchmarks/target/benchmarks.jar
{ echo "date: $(date -u +%FT%TZ)"; echo "uname: $(uname -srm)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)";
  echo "cores: $(nproc)"; java -version 2>&1 | head -1; echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT/machine.txt"

java -jar "$JAR" -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.txt" | grep -E '^(Benchmark|o\.r\.)' || true
: >"$OUT/scale.jsonl"
for n in 10 100 1000; do
    java -cp "$JAR" org.runstate.benchmarks.MachineScale "$n" 2>/dev/null | tail -1 | tee -a "$OUT/scale.jsonl"
done
rm -f "$OUT/qmp/results.jsonl"
"$ROOT/benchmarks/qmp/qmp-vs-qemu.sh" "$OUT/qmp" 3
rm -f "$OUT/startup/results.jsonl"
"$ROOT/benchmarks/startup/run.sh" "$OUT/startup" 3
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
python3 "$ROOT/benchmarks/report/plots.py" "$OUT/jmh.json" "$OUT/qmp/results.jsonl" "$OUT/scale.jsonl" "$ROOT/docs/images" \
    "$OUT/startup/results.jsonl" \
    | tee "$OUT/tables.md"
