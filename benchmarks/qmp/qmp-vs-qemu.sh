#!/usr/bin/env bash
# Families 4 and 5: QMP round trips, throughput and start-up of runstate-vm and of QEMU 7.2,
# measured back to back with the same client (qmpbench, from ../shared/tools/qmpbench) and the
# same pinning. One JSON line per run goes to OUTDIR/results.jsonl, labelled
# "server/mode/rep"; summarize.py turns them into docs/performance.md's tables and plots.
#
# usage: benchmarks/qmp/qmp-vs-qemu.sh [OUTDIR] [REPS]
# env:   QMPBENCH_SRC  directory with qmpbench.c (default ../shared/tools/qmpbench)
#        QEMU          the QEMU binary (default qemu-system-x86_64; `apt-get install qemu-system-x86`)
#        VM_JAR        the launcher (default machine/target/runstate-vm.jar)
#        PIN           split (default: server on CPU 1, client on CPU 0) | same | none
#        JAVA_OPTS     extra JVM options for runstate-vm
# Run from the repository root after `mvn -B -q package -DskipTests`, on a quiet machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/benchmarks/target/qmp-results}
REPS=${2:-3}
SRC=${QMPBENCH_SRC:-$ROOT/../shared/tools/qmpbench}
QEMU=${QEMU:-qemu-system-x86_64}
JAR=${VM_JAR:-$ROOT/machine/target/runstate-vm.jar}
PIN=${PIN:-split}
TMPP=${TMPDIR:-/tmp}/qmpvs-$$
mkdir -p "$OUT"
RES=$OUT/results.jsonl
case $PIN in
    none) SRV=(); CLI=() ;;
    same) SRV=(taskset -c 0); CLI=(taskset -c 0) ;;
    split) SRV=(taskset -c 1); CLI=(taskset -c 0) ;;
    *) echo "PIN must be none, same or split" >&2; exit 1 ;;
esac
QB=$OUT/qmpbench
[ -x "$QB" ] && [ "$QB" -nt "$SRC/qmpbench.c" ] || gcc -O2 -Wall -Wextra -std=c11 -pthread -o "$QB" "$SRC/qmpbench.c" -lm
read -r -a JOPTS <<<"${JAVA_OPTS:-}"

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -f "$TMPP"-*.sock "$TMPP".jsa; }
trap cleanup EXIT

wait_socket() { for _ in $(seq 400); do [ -S "$1" ] && return 0; sleep 0.025; done; echo "no socket $1" >&2; exit 2; }
start() { # $1 = server (us|qemu), $2 = number of sockets
    rm -f "$TMPP"-q*.sock
    local qmps=()
    for i in $(seq 0 $(($2 - 1))); do qmps+=(-qmp "unix:$TMPP-q$i.sock,server=on,wait=off"); done
    if [ "$1" = us ]; then
        "${SRV[@]}" java "${JOPTS[@]}" -jar "$JAR" -M pc -nodefaults -display none -S "${qmps[@]}" >"$OUT/us.log" 2>&1 &
    else
        "${SRV[@]}" "$QEMU" -M pc -nodefaults -display none -accel tcg -name qmpvs,debug-threads=on -S "${qmps[@]}" >"$OUT/qemu.log" 2>&1 &
    fi
    PID=$!
    wait_socket "$TMPP-q$(($2 - 1)).sock"
    # the JIT compiles the QMP path within the first few thousand commands: take them here, as
    # QEMU's anchors took their runs on a settled process
    "${CLI[@]}" "$QB" -q -w 0 "unix:$TMPP-q0.sock" latency 30000 >/dev/null
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
run() { # $1 = label, rest = qmpbench args
    local label=$1; shift
    local line
    line=$("${CLI[@]}" "$QB" -q -L "$label" "$@" | tail -1) || true
    echo "$line" >>"$RES"
    printf '%-26s %s\n' "$label" "$(echo "$line" | cut -c1-140)"
}

echo "# $(date -u +%FT%TZ) PIN=$PIN $(uptime)" | tee -a "$OUT/uptime.log"
for server in us qemu; do
    # single-connection modes against one socket (QEMU: one monitor, its best case)
    start $server 1
    A0="unix:$TMPP-q0.sock"
    for rep in $(seq "$REPS"); do
        run "$server/latency/$rep"    -p "$PID" "$A0" latency 20000
        run "$server/pipeline16/$rep" -p "$PID" "$A0" pipeline 20000 16
        run "$server/stopcont/$rep"   -p "$PID" "$A0" stopcont 2000
    done
    stop
    # 8 clients: ours all on ONE socket; QEMU needs one monitor per client (8 sockets)
    if [ $server = us ]; then start us 1; AN="unix:$TMPP-q0.sock"; else start qemu 8; AN="unix:$TMPP-q%d.sock"; fi
    for rep in $(seq "$REPS"); do
        run "$server/clients8/$rep" -p "$PID" "$AN" clients 8 2000
        run "$server/events/$rep" -p "$PID" "$AN" events 2000
    done
    stop
    echo "# after $server: $(uptime)" | tee -a "$OUT/uptime.log"
done

# start-up (unpinned, as QEMU's anchors): spawn -> greeting -> ready, RSS
S="$TMPP-s.sock"
run "qemu/startup/1" "unix:$S" startup 10 -- "$QEMU" -M pc -nodefaults -display none -accel tcg -S -qmp "unix:$S,server=on,wait=off"
run "us/startup/1" "unix:$S" startup 10 -- java "${JOPTS[@]}" -jar "$JAR" -S -qmp "unix:$S,server=on,wait=off"
# with an application class-data-sharing archive, made by one earlier run of the launcher
java -XX:ArchiveClassesAtExit="$TMPP.jsa" -jar "$JAR" -S -qmp "unix:$S,server=on,wait=off" >/dev/null 2>&1 &
PID=$!
wait_socket "$S"
"$QB" -q "unix:$S" latency 100 >/dev/null
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
run "us-cds/startup/1" "unix:$S" startup 10 -- java -XX:SharedArchiveFile="$TMPP.jsa" "${JOPTS[@]}" -jar "$JAR" -S -qmp "unix:$S,server=on,wait=off"
run "us-cds-c1/startup/1" "unix:$S" startup 10 -- java -XX:SharedArchiveFile="$TMPP.jsa" -XX:TieredStopAtLevel=1 "${JOPTS[@]}" -jar "$JAR" -S -qmp "unix:$S,server=on,wait=off"
echo "results: $RES"
