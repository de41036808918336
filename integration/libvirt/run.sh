#!/usr/bin/env bash
# End to end: Debian bookworm's libvirt 9.0 manages a domain whose <emulator> is runstate-vm.
#
# Usage: integration/libvirt/run.sh [--emulator PATH] [--workdir DIR] [--no-apt] [--qmp]
#
#   --emulator PATH  the QEMU binary under test (default: machine/target/runstate-system-x86_64;
#                    /usr/bin/qemu-system-x86_64 runs the same steps against QEMU 7.2)
#   --workdir DIR    where configs, sockets and logs go (default: a new /tmp/runstate-libvirt.XXXXXX);
#                    kept after the run
#   --no-apt         never call apt-get: fail when libvirt is missing
#   --qmp            also print the whole QMP transcript (it is always written to WORKDIR/qmp.txt)
#
# Needs root (libvirtd runs privileged, as the system daemon does) and mount namespaces: the
# daemon runs in a private one where /etc/libvirt, /run/libvirt, /var/lib/libvirt,
# /var/log/libvirt, /var/cache/libvirt (and /etc/passwd, /etc/group, for the libvirt-qemu
# user the daemon resolves at start-up) are bind mounts of directories under WORKDIR. Nothing of
# the host's libvirt setup is read or changed; its sockets are in WORKDIR/sock. No systemd.
#
# Prints PASS/FAIL/SKIP lines, a summary of the QMP commands libvirt sent with the emulator's
# answers, and "N passed, N failed"; exits 1 when a step failed, 2 when it could not run.
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
EMULATOR=$REPO/machine/target/runstate-system-x86_64
WORK=
NO_APT=${NO_APT:-0}
PRINT_QMP=0
DOMAIN=runstate-e2e
WDT_SLOT=3                      # the i6300esb's PCI slot, fixed in the domain XML
STATE_TIMEOUT=${STATE_TIMEOUT:-15}

die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --emulator) EMULATOR=${2:?--emulator needs a path}; shift ;;
    --workdir) WORK=${2:?--workdir needs a directory}; shift ;;
    --no-apt) NO_APT=1 ;;
    --qmp) PRINT_QMP=1 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done

[ "$(id -u)" -eq 0 ] || die "needs root: libvirtd runs privileged (qemu:///system)"
[ -x "$EMULATOR" ] || die "no emulator at $EMULATOR (build it: mvn -B -q package -DskipTests)"
EMULATOR=$(cd "$(dirname "$EMULATOR")" && pwd)/$(basename "$EMULATOR")
command -v python3 >/dev/null || die "needs python3"
command -v unshare >/dev/null || die "needs unshare (util-linux)"

# ---------------------------------------------------------------- libvirt from Debian
QEMU_DRIVER=$(ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_qemu.so 2>/dev/null | head -n1)
if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null || [ -z "$QEMU_DRIVER" ]; then
  [ "$NO_APT" = 1 ] && die "libvirt is missing (apt-get install libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients)"
  echo "installing libvirt (libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients >&2 || die "apt-get install failed"
fi
LIBVIRTD=$(command -v libvirtd)

# ---------------------------------------------------------------- private daemon
if [ -z "$WORK" ]; then
  WORK=$(mktemp -d /tmp/runstate-libvirt.XXXXXX)
else
  mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)
  rm -rf "$WORK"/{etc,run,lib,log,cache,sock} "$WORK"/*.log "$WORK"/*.txt "$WORK"/*.sock
fi
mkdir -p "$WORK"/{etc,run,lib,log,cache,sock}
chmod 0755 "$WORK"
EVENTS=$WORK/events.txt
DAEMON_LOG=$WORK/libvirtd.log
QTEST_SOCK=$WORK/qtest.sock
URI="qemu:///system?socket=$WORK/sock/libvirt-sock"
export LIBVIRT_DEFAULT_URI=$URI

cat > "$WORK/etc/qemu.conf" <<'EOF'
# runstate integration/libvirt: a privileged qemu driver without the host's services
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
EOF
cat > "$WORK/etc/libvirtd.conf" <<EOF
unix_sock_dir = "$WORK/sock"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_level = 3
# info level of qemu_monitor is every QMP message; debug of qemu_process names the sessions
log_filters = "2:qemu.qemu_monitor 1:qemu.qemu_process"
log_outputs = "1:file:$DAEMON_LOG"
EOF
cp /etc/passwd "$WORK/passwd"; cp /etc/group "$WORK/group"
getent passwd libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin' >> "$WORK/passwd"
getent group libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:' >> "$WORK/group"

# bind-mount targets; those created here are removed at the end
CREATED_DIRS=()
for d in /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
  [ -d "$d" ] || { mkdir -p "$d" && CREATED_DIRS+=("$d"); }
done

DAEMON_PID=; EVENTS_PID=
cleanup() {
  set +e
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    if virsh domstate "$DOMAIN" >/dev/null 2>&1; then
      virsh destroy "$DOMAIN" >/dev/null 2>&1
      virsh undefine "$DOMAIN" >/dev/null 2>&1
    fi
  fi
  # an emulator libvirt did not stop (the daemon died): its pid file is in the private run dir
  local pidfile=$WORK/run/qemu/$DOMAIN.pid pid
  if [ -f "$pidfile" ] && pid=$(cat "$pidfile") && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
  fi
  [ -n "$EVENTS_PID" ] && kill "$EVENTS_PID" 2>/dev/null && wait "$EVENTS_PID" 2>/dev/null
  if [ -n "$DAEMON_PID" ]; then
    kill -TERM "$DAEMON_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$DAEMON_PID" 2>/dev/null
    wait "$DAEMON_PID" 2>/dev/null
  fi
  local d
  for d in "${CREATED_DIRS[@]}"; do rmdir "$d" 2>/dev/null; done
  rm -f "$QTEST_SOCK" "$WORK"/probe-*.sock
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 141' PIPE

# shellcheck disable=SC2016
unshare -m --propagation private -- sh -c '
  set -e
  W=$1; shift
  mount --bind "$W/passwd" /etc/passwd
  mount --bind "$W/group" /etc/group
  mount --bind "$W/etc" /etc/libvirt
  mount --bind "$W/run" /run/libvirt
  mount --bind "$W/lib" /var/lib/libvirt
  mount --bind "$W/log" /var/log/libvirt
  mount --bind "$W/cache" /var/cache/libvirt
  exec "$@"' sh "$WORK" "$LIBVIRTD" -f "$WORK/etc/libvirtd.conf" -p "$WORK/libvirtd.pid" \
  >"$WORK/libvirtd.stderr" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 150); do
  [ -S "$WORK/sock/libvirt-sock" ] && virsh -q uri >/dev/null 2>&1 && break
  kill -0 "$DAEMON_PID" 2>/dev/null || break
  sleep 0.2
done
virsh -q uri >/dev/null 2>&1 || { cat "$WORK/libvirtd.stderr" >&2; die "libvirtd did not start (log: $DAEMON_LOG)"; }

# ---------------------------------------------------------------- reporting
PASSED=0; FAILED=0; SKIPPED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf 'SKIP %s: %s\n' "$1" "$2"; }

domstate() { virsh domstate --reason "$DOMAIN" 2>&1 | sed '/^$/d'; }

# wait_state EXPECTED: poll `virsh domstate --reason` for up to STATE_TIMEOUT seconds
LAST_STATE=
wait_state() {
  local end=$((SECONDS + STATE_TIMEOUT))
  while :; do
    LAST_STATE=$(domstate)
    [ "$LAST_STATE" = "$1" ] && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}

# events since the last mark: `virsh event --all --loop` lines for the domain
EV_MARK=0
ev_mark() { EV_MARK=$(wc -l < "$EVENTS"); }
ev_since() { tail -n +"$((EV_MARK + 1))" "$EVENTS" | sed -n "s/^event '\(.*\)' for domain '$DOMAIN'\(: \)\{0,1\}/\1 /p"; }
# wait_events PATTERN...: every pattern (grep -E on "TYPE DETAIL") among the events since the mark
MISSING_EVENT=
wait_events() {
  local end=$((SECONDS + STATE_TIMEOUT)) p ok
  while :; do
    ok=1
    for p in "$@"; do
      ev_since | grep -Eq "$p" || { ok=0; MISSING_EVENT=$p; break; }
    done
    [ $ok = 1 ] && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}
events_seen() { ev_since | tr '\n' ';' | sed 's/ ;/;/g; s/;$//'; }

# check STEP EXPECTED_STATE [EVENT_PATTERN...]: PASS or FAIL with what was seen
check() {
  local step=$1 want=$2; shift 2
  if ! wait_state "$want"; then
    fail "$step" "domstate '$LAST_STATE', expected '$want' (events: $(events_seen))"
  elif ! wait_events "$@"; then
    fail "$step" "no event matching '$MISSING_EVENT' (events: $(events_seen))"
  else
    pass "$step ($want; events: $(events_seen))"
  fi
}

# run STEP COMMAND...: the command must succeed
run() {
  local step=$1 out; shift
  if ! out=$("$@" 2>&1); then
    fail "$step" "$* failed: $(echo "$out" | tr '\n' ' ')"
    return 1
  fi
}

# QMP events libvirtd received (its monitor log), counted; wait_qmp_event NAME COUNT: one more
qmp_events() { grep -c "QEMU_MONITOR_RECV_EVENT: .*\"event\": \"$1\"" "$DAEMON_LOG"; }
wait_qmp_event() {
  local end=$((SECONDS + STATE_TIMEOUT))
  until [ "$(qmp_events "$1")" -gt "$2" ]; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}

emulator_pid() { cat "$WORK/run/qemu/$DOMAIN.pid" 2>/dev/null; }
guest() { python3 "$SCRIPT_DIR/guest.py" "$QTEST_SOCK" "$@"; }

# the qtest socket accepts a connection and answers
wait_qtest() {
  local end=$((SECONDS + STATE_TIMEOUT))
  until guest raw "inb 0x80" >/dev/null 2>&1; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------- can the guest side be driven?
# -qtest beside -accel tcg: runstate-vm has it; QEMU 7.2 has it too (softmmu/qtest.c serves any
# accelerator, only clock_step needs -accel qtest). Tried once on the bare emulator.
QTEST=0
probe_sock=$WORK/probe-$$.sock
"$EMULATOR" -machine none -accel tcg -display none -nodefaults -S -qtest-log none \
  -qtest "unix:$probe_sock,server=on,wait=off" >"$WORK/qtest-probe.log" 2>&1 &
probe_pid=$!
for _ in $(seq 100); do
  if [ -S "$probe_sock" ] && python3 "$SCRIPT_DIR/guest.py" "$probe_sock" raw "inb 0x80" >/dev/null 2>&1; then
    QTEST=1; break
  fi
  kill -0 "$probe_pid" 2>/dev/null || break
  sleep 0.2
done
kill -TERM "$probe_pid" 2>/dev/null; wait "$probe_pid" 2>/dev/null
QTEST_WHY="$EMULATOR has no usable -qtest beside -accel tcg ($(head -c 200 "$WORK/qtest-probe.log" | tr '\n' ' '))"

# ---------------------------------------------------------------- the domain
QEMU_ARGS=
if [ $QTEST = 1 ]; then
  QEMU_ARGS="  <qemu:commandline>
    <qemu:arg value='-qtest'/>
    <qemu:arg value='unix:$QTEST_SOCK,server=on,wait=off'/>
  </qemu:commandline>"
fi
sed -e "s|@NAME@|$DOMAIN|" -e "s|@EMULATOR@|$EMULATOR|" -e "s|@WDT_SLOT@|$WDT_SLOT|" \
  "$SCRIPT_DIR/domain.xml.in" | awk -v args="$QEMU_ARGS" '/@QEMU_COMMANDLINE@/ { if (args != "") print args; next } { print }' \
  > "$WORK/domain.xml"

: > "$EVENTS"
virsh event --all --loop > "$EVENTS" 2>&1 &
EVENTS_PID=$!

echo "emulator: $EMULATOR"
echo "workdir:  $WORK (daemon log libvirtd.log, domain log log/qemu/$DOMAIN.log, events.txt, qmp.txt)"

if run define virsh define "$WORK/domain.xml"; then
  pass "define"
else
  echo "$PASSED passed, $FAILED failed"; exit 1
fi

# start STEP: start the domain, expect running (booted), and the qtest socket when in use
start() {
  ev_mark
  run "$1" virsh start "$DOMAIN" || return 1
  check "$1" "running (booted)" "lifecycle Started Booted"
  if [ $QTEST = 1 ] && ! wait_qtest; then
    fail "$1 qtest" "no qtest answer on $QTEST_SOCK"
  fi
}

# guest_step STEP ACTION...: drive the guest, or SKIP the step without qtest
guest_step() {
  local step=$1; shift
  if [ $QTEST = 0 ]; then skip "$step" "$QTEST_WHY"; return 1; fi
  ev_mark
  local out
  if ! out=$(guest "$@" 2>&1); then
    fail "$step" "guest.py $* failed: $(echo "$out" | tr '\n' ' ')"
    return 1
  fi
}

# gone STEP PID: the emulator process has ended
gone() {
  local end=$((SECONDS + STATE_TIMEOUT))
  while [ -n "$2" ] && [ -d "/proc/$2" ] && ! grep -q '^State:.*Z' "/proc/$2/status" 2>/dev/null; do
    [ $SECONDS -ge $end ] && { fail "$1" "emulator pid $2 still alive"; return 1; }
    sleep 0.2
  done
}

if start start; then
  ev_mark
  run suspend virsh suspend "$DOMAIN" && check suspend "paused (user)" "lifecycle Suspended Paused"
  ev_mark
  run resume virsh resume "$DOMAIN" && check resume "running (unpaused)" "lifecycle Resumed Unpaused"
  # virsh reboot: system_powerdown, and the guest's S5 that follows becomes libvirt's "fake
  # reboot" (SHUTDOWN and STOP, then system_reset and cont in the same emulator process; the
  # state and its reason stay). Before the reset step: QEMU's SeaBIOS resets the machine once
  # more after a reset, and a RESET event cancels libvirt's pending fake reboot.
  if [ $QTEST = 1 ]; then
    pid=$(emulator_pid); before=$(domstate); shutdowns=$(qmp_events SHUTDOWN); resets=$(qmp_events RESET)
    if run reboot virsh reboot "$DOMAIN" && guest_step reboot s5; then
      if check reboot "$before" "^reboot"; then
        if [ "$(emulator_pid)" != "$pid" ]; then
          fail reboot "the emulator changed: pid $pid, now $(emulator_pid)"
        elif [ "$(qmp_events SHUTDOWN)" -le "$shutdowns" ] || [ "$(qmp_events RESET)" -le "$resets" ]; then
          fail reboot "libvirt saw no SHUTDOWN then RESET (fake reboot) in $DAEMON_LOG"
        else
          pass "reboot: the same emulator, SHUTDOWN then RESET and cont"
        fi
      fi
    fi
  else
    skip reboot "$QTEST_WHY"
  fi

  ev_mark
  run reset virsh reset "$DOMAIN" && check reset "running (unpaused)" "^reboot"

  # ACPI S3 through PIIX4 PM1_CNT (SLP_TYP 1, SLP_EN), then virsh dompmwakeup (system_wakeup)
  if guest_step pmsuspend s3; then
    check pmsuspend "pmsuspended (unknown)" "^pm-suspend" "lifecycle PMSuspended Memory"
    ev_mark
    run pmwakeup virsh dompmwakeup "$DOMAIN" &&
      check pmwakeup "running (event wakeup)" "^pm-wakeup" "lifecycle Started Event wakeup"
  else
    [ $QTEST = 0 ] && skip pmwakeup "needs pmsuspend"
  fi

  # i6300esb expiry with <watchdog action='pause'/>: WATCHDOG pause, then paused (watchdog)
  if guest_step watchdog watchdog "$WDT_SLOT"; then
    check watchdog "paused (watchdog)" "^watchdog pause" "lifecycle Suspended Watchdog"
    ev_mark
    run "resume after watchdog" virsh resume "$DOMAIN" &&
      check "resume after watchdog" "running (unpaused)" "lifecycle Resumed Unpaused"
  fi

  # virsh shutdown (system_powerdown: POWERDOWN), then the guest's S5 (SLP_TYP 0, SLP_EN)
  pid=$(emulator_pid)
  ev_mark
  powerdowns=$(qmp_events POWERDOWN)
  if run "shutdown request" virsh shutdown "$DOMAIN"; then
    if wait_qmp_event POWERDOWN "$powerdowns"; then
      pass "shutdown request (system_powerdown; POWERDOWN reached libvirt)"
    else
      fail "shutdown request" "no POWERDOWN event in $DAEMON_LOG"
    fi
  fi
  if guest_step "shutdown" s5; then
    check shutdown "shut off (shutdown)" "lifecycle Shutdown Finished after guest request" "lifecycle Stopped Shutdown" &&
      gone shutdown "$pid"
  elif [ $QTEST = 0 ]; then
    ev_mark
    run "destroy (no guest)" virsh destroy "$DOMAIN"
  fi
fi

# destroy of a running domain: SIGTERM, the emulator exits (libvirt sends SIGKILL only after 10 s)
if start "start again"; then
  pid=$(emulator_pid)
  ev_mark
  t0=$SECONDS
  if run destroy virsh destroy "$DOMAIN"; then
    check destroy "shut off (destroyed)" "lifecycle Stopped Destroyed"
    if gone destroy "$pid"; then
      if [ $((SECONDS - t0)) -lt 9 ]; then
        pass "destroy: emulator ended on SIGTERM ($((SECONDS - t0)) s)"
      else
        fail "destroy" "the emulator took $((SECONDS - t0)) s: SIGTERM was not enough"
      fi
    fi
  fi
fi

# pvpanic (ISA, port 0x505) with <on_crash>preserve</on_crash>: crashed (panicked), then destroy
if [ $QTEST = 1 ]; then
  if start "start for panic"; then
    if guest_step panic panic 0x505; then
      check panic "crashed (panicked)" "lifecycle Crashed Panicked"
    fi
    ev_mark
    run "destroy crashed" virsh destroy "$DOMAIN" &&
      check "destroy crashed" "shut off (destroyed)" "lifecycle Stopped Destroyed"
  fi
else
  skip panic "$QTEST_WHY"
fi

if run undefine virsh undefine "$DOMAIN"; then pass undefine; fi

if kill -0 "$DAEMON_PID" 2>/dev/null; then
  pass "libvirtd still running"
else
  fail "libvirtd" "the daemon died (see $DAEMON_LOG, dmesg)"
fi

# ---------------------------------------------------------------- what libvirt sent
echo
echo "QMP: every command libvirtd sent to $EMULATOR and its answers (full transcript: $WORK/qmp.txt)"
python3 "$SCRIPT_DIR/qmp-log.py" "$DAEMON_LOG" --emulator "$EMULATOR" --full "$WORK/qmp.txt" --width 120
[ $PRINT_QMP = 1 ] && cat "$WORK/qmp.txt"
echo
echo "$PASSED passed, $FAILED failed$([ $SKIPPED -gt 0 ] && echo ", $SKIPPED skipped")"
[ $FAILED -eq 0 ]
