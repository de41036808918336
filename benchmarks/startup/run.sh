#!/usr/bin/env bash
# Issue #16's figures: start-up, memory and threads of the runstate-vm launcher as users run it,
# and its QMP round trips against the do-nothing responder (qmpfloor) and QEMU 7.2, all with the
# same qmpbench client, back to back. One JSON line per run goes to OUTDIR/results.jsonl,
# labelled "server/mode/rep"; summarize.py turns them into docs/performance.md's target table.
#
# usage: benchmarks/startup/run.sh [OUTDIR] [REPS]      (default benchmarks/results/startup, 3)
# env:   QMPBENCH_SRC  directory with qmpbench.c and qmpfloor.c (default ../shared/tools/qmpbench)
#        QEMU          the QEMU binary (default qemu-system-x86_64)
#        VM            the launcher (default machine/target/runstate-vm)
# Run from the repository root after `mvn -B -q package -DskipTests`, on a quiet machine (on a
# shared one, under the same lock as builds: `flock /tmp/mvn.lock benchmarks/startup/run.sh`).
# Start-up is unpinned, as QEMU's anchors; QMP is pinned split (server CPU 1, client CPU 0).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/benchmarks/results/startup}
REPS=${2:-3}
SRC=${QMPBENCH_SRC:-$ROOT/../shared/tools/qmpbench}
QEMU=${QEMU:-qemu-system-x86_64}
VM=${VM:-$ROOT/machine/target/runstate-vm}
T=${TMPDIR:-/tmp}/rsstart-$$
mkdir -p "$OUT"
RES=$OUT/results.jsonl
B=${TMPDIR:-/tmp}/rsstart-build   # qmpbench, qmpfloor and JvmFloor's jar and archive
mkdir -p "$B"
QB=$B/qmpbench
FLOOR=$B/qmpfloor
[ -x "$QB" ] && [ "$QB" -nt "$SRC/qmpbench.c" ] || gcc -O2 -Wall -Wextra -std=c11 -pthread -o "$QB" "$SRC/qmpbench.c" -lm
[ -x "$FLOOR" ] && [ "$FLOOR" -nt "$SRC/qmpfloor.c" ] || gcc -O2 -Wall -Wextra -std=c11 -o "$FLOOR" "$SRC/qmpfloor.c"

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -f "$T"-*.sock; }
trap cleanup EXIT

wait_socket() { for _ in $(seq 400); do [ -S "$1" ] && return 0; sleep 0.025; done; echo "no socket $1" >&2; exit 2; }
run() { # $1 = label, rest = qmpbench args (client on CPU 0 unless the label is a start-up)
    local label=$1; shift
    local pin=(taskset -c 0) line
    case $label in */startup/*) pin=() ;; esac
    line=$("${pin[@]}" "$QB" -q -L "$label" "$@" | tail -1) || true
    echo "$line" >>"$RES"
    printf '%-24s %s\n' "$label" "$(echo "$line" | cut -c1-150)"
}
# the server's threads with one negotiated QMP client: one JSON line {"label","threads","names"}
threads() { # $1 = label, $2 = pid, $3 = socket
    python3 - "$1" "$2" "$3" >>"$RES" <<'EOF'
import collections, json, os, socket, sys, time
label, pid, path = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_UNIX); s.connect(path); s.recv(4096)
s.sendall(b'{"execute": "qmp_capabilities"}\n'); s.recv(4096)
time.sleep(1.0)  # idle, as qmpbench's -I
names = collections.Counter(open(f"/proc/{pid}/task/{t}/comm").read().strip() for t in os.listdir(f"/proc/{pid}/task"))
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS"))
print(json.dumps({"ok": True, "label": label, "threads": sum(names.values()), "rss_kb": rss, "names": dict(sorted(names.items()))}))
EOF
    tail -1 "$RES" | cut -c1-200
}
start() { # $1 = us|qemu|floor, $2 = number of sockets; leaves $PID
    rm -f "$T"-q*.sock
    local qmps=()
    for i in $(seq 0 $(($2 - 1))); do qmps+=(-qmp "unix:$T-q$i.sock,server=on,wait=off"); done
    case $1 in
        us) taskset -c 1 "$VM" -M pc -nodefaults -display none -S "${qmps[@]}" >"$B/us.log" 2>&1 & ;;
        qemu) taskset -c 1 "$QEMU" -M pc -nodefaults -display none -accel tcg -name rsstart,debug-threads=on -S "${qmps[@]}" >"$B/qemu.log" 2>&1 & ;;
        floor) taskset -c 1 "$FLOOR" "unix:$T-q0.sock" >/dev/null 2>&1 & ;;
    esac
    PID=$!
    wait_socket "$T-q$(($2 - 1)).sock"
    # the JIT compiles the QMP path in the first few thousand commands; every server gets the same
    taskset -c 0 "$QB" -q -w 0 "unix:$T-q0.sock" latency 30000 >/dev/null
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

# the floor of any JVM server: JvmFloor (a canned greeting, nothing else) with its own AppCDS archive
javac -d "$B/floor-classes" "$ROOT/benchmarks/startup/JvmFloor.java"
jar cf "$B/jvm-floor.jar" -C "$B/floor-classes" .
JF=(java -XX:+UseSerialGC -Xss512k -XX:-UsePerfData -XX:-UseNotificationThread -Xlog:disable -cp "$B/jvm-floor.jar")
rm -f "$B/jvm-floor.jsa"
"${JF[@]}" -XX:ArchiveClassesAtExit="$B/jvm-floor.jsa" JvmFloor "$T-f.sock" &
wait_socket "$T-f.sock"
"$QB" -q -w 0 -c quit "unix:$T-f.sock" latency 1 >/dev/null 2>&1 || true
wait

echo "# $(date -u +%FT%TZ) $(uptime)" | tee -a "$OUT/uptime.log"
S="$T-s.sock"
for rep in $(seq "$REPS"); do
    run "jvmfloor/startup/$rep" "unix:$S" startup 10 -- "${JF[@]}" -XX:SharedArchiveFile="$B/jvm-floor.jsa" JvmFloor "$S"
    run "qemu/startup/$rep" "unix:$S" startup 10 -- "$QEMU" -M pc -nodefaults -display none -accel tcg -S -qmp "unix:$S,server=on,wait=off"
    run "us/startup/$rep" "unix:$S" startup 10 -- "$VM" -M pc -nodefaults -display none -S -qmp "unix:$S,server=on,wait=off"
done
for server in floor us qemu; do
    start $server 1
    [ $server = floor ] || threads "$server/threads/1" "$PID" "$T-q0.sock"
    for rep in $(seq "$REPS"); do
        run "$server/latency/$rep" -p "$PID" "unix:$T-q0.sock" latency 20000
        run "$server/stopcont/$rep" -p "$PID" "unix:$T-q0.sock" stopcont 2000
    done
    stop
done
# 8 clients: ours on ONE socket, QEMU with one monitor per client (8 sockets)
for server in us qemu; do
    if [ $server = us ]; then start us 1; A="unix:$T-q0.sock"; else start qemu 8; A="unix:$T-q%d.sock"; fi
    for rep in $(seq "$REPS"); do run "$server/clients8/$rep" -p "$PID" "$A" clients 8 2000; done
    stop
done
echo "# after: $(uptime)" | tee -a "$OUT/uptime.log"
python3 "$(dirname "$0")/summarize.py" "$RES"
