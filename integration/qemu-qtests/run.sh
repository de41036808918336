#!/usr/bin/env bash
# Run QEMU 7.2's own qtest programs against runstate-vm.
#
# Usage: integration/qemu-qtests/run.sh [--all] [--build-only] [--list] [PROGRAM[:TESTPATH]...]
#
#   (no args)   run the REQUIRED set (exit status != 0 if any required test fails)
#   --all       also run the REPORT-ONLY set (its failures are printed, never fatal)
#   --build-only  only fetch/configure/build the qtest programs
#   --list      print the program sets and exit
#   PROGRAM[:TESTPATH]  run only these (e.g. qmp-test:/x86_64/qmp/protocol or pvpanic-test);
#               required/report-only status is kept from the tables below
#
# Environment overrides (all optional):
#   REPO            repository root            (default: two levels above this script)
#   QEMU_WORK       work dir outside the repo  (default: parent directory of REPO)
#   QEMU_SRC        QEMU 7.2 source tree       (default: $QEMU_WORK/src/qemu-7.2*; fetched with
#                                                `apt-get source qemu` if missing)
#   BUILD           QEMU build directory       (default: $QEMU_WORK/qemu-build)
#   QTEST_QEMU_BINARY  binary under test       (default: $REPO/machine/target/runstate-system-x86_64)
#   QTEST_TIMEOUT   time budget per program in seconds, over all its restarts (default 180;
#                   qmp-cmd-test gets 5x). Cases not reached within it are reported "not run".
#   LOG_DIR         where per-program logs go  (default: $BUILD/runstate-qtest-logs)
#   FORCE_BUILD=1   run ninja even if the programs already exist
#   NO_APT=1        never call apt-get (fail instead)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${REPO:-$(cd "$SCRIPT_DIR/../.." && pwd)}
QEMU_WORK=${QEMU_WORK:-$(dirname "$REPO")}
BUILD=${BUILD:-$QEMU_WORK/qemu-build}
QTEST_QEMU_BINARY=${QTEST_QEMU_BINARY:-$REPO/machine/target/runstate-system-x86_64}
QTEST_TIMEOUT=${QTEST_TIMEOUT:-180}
LOG_DIR=${LOG_DIR:-$BUILD/runstate-qtest-logs}

# program -> test paths ("" = every test of the program)
REQUIRED=(
  "pvpanic-test"
  "pvpanic-pci-test"
  "machine-none-test"
  "qmp-cmd-test"
  "qmp-test:/x86_64/qmp/protocol"
  "wdt_ib700-test"
  "boot-order-test"
)
REPORT_ONLY=(
  "qmp-test:/x86_64/qmp/oob"
  "qmp-test:/x86_64/qmp/preconfig"
  "qmp-test:/x86_64/qmp/missing-any-arg"
  "i440fx-test"
  "device-plug-test"
  "q35-test"
  "tco-test"
)
BUILD_DEPS=(build-essential pkg-config python3 meson ninja-build libglib2.0-dev
            libpixman-1-dev libfdt-dev zlib1g-dev dpkg-dev)

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 2; }

ALL=0; BUILD_ONLY=0; SELECTED=()
while [ $# -gt 0 ]; do
  case "$1" in
    --all) ALL=1 ;;
    --build-only) BUILD_ONLY=1 ;;
    --list) printf 'required:    %s\n' "${REQUIRED[@]}"; printf 'report-only: %s\n' "${REPORT_ONLY[@]}"; exit 0 ;;
    -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) SELECTED+=("$1") ;;
  esac
  shift
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

# ---------------------------------------------------------------- dependencies
ensure_deps() {
  local missing=() p
  for p in "${BUILD_DEPS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${NO_APT:-0}" = 1 ] && die "missing packages: ${missing[*]} (NO_APT=1)"
  log "installing build dependencies: ${missing[*]}"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# ---------------------------------------------------------------- source
find_src() {
  if [ -n "${QEMU_SRC:-}" ]; then return 0; fi
  local d
  for d in "$QEMU_WORK"/src/qemu-7.2*/; do
    [ -f "$d/VERSION" ] && { QEMU_SRC=${d%/}; return 0; }
  done
  return 1
}

fetch_src() {
  find_src && [ -f "$QEMU_SRC/VERSION" ] && return 0
  [ -n "${QEMU_SRC:-}" ] && die "QEMU_SRC=$QEMU_SRC does not contain a QEMU source tree"
  [ "${NO_APT:-0}" = 1 ] && die "no QEMU source under $QEMU_WORK/src and NO_APT=1"
  case "$QEMU_WORK/" in "$REPO"/*) die "QEMU_WORK ($QEMU_WORK) must be outside the repository" ;; esac
  if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    die "apt has no deb-src entries; enable them (Types: deb deb-src) and run apt-get update"
  fi
  log "fetching QEMU source with 'apt-get source qemu' into $QEMU_WORK/src"
  mkdir -p "$QEMU_WORK/src"
  (cd "$QEMU_WORK/src" && apt-get source -q qemu >&2) || {
    as_root apt-get update -q >&2; (cd "$QEMU_WORK/src" && apt-get source -q qemu >&2); }
  find_src || die "apt-get source did not produce $QEMU_WORK/src/qemu-7.2*"
}

# ---------------------------------------------------------------- build
program_list() {  # unique program names of the chosen set
  local e; for e in "$@"; do printf '%s\n' "${e%%:*}"; done | awk '!seen[$0]++'
}

build_tests() {
  local progs=("$@") need=0 p
  for p in "${progs[@]}"; do [ -x "$BUILD/tests/qtest/$p" ] || need=1; done
  if [ "$need" = 0 ] && [ "${FORCE_BUILD:-0}" != 1 ]; then
    log "qtest programs already built in $BUILD (FORCE_BUILD=1 to rebuild)"
    return 0
  fi
  ensure_deps
  fetch_src
  case "$(cat "$QEMU_SRC/VERSION")" in 7.2*) ;; *) log "WARNING: $QEMU_SRC is QEMU $(cat "$QEMU_SRC/VERSION"), not 7.2" ;; esac
  case "$BUILD/" in "$REPO"/*) die "BUILD ($BUILD) must be outside the repository" ;; esac
  mkdir -p "$BUILD"
  if [ ! -f "$BUILD/build.ninja" ]; then
    log "configuring QEMU in $BUILD"
    (cd "$BUILD" && nice -n 19 "$QEMU_SRC/configure" --target-list=x86_64-softmmu \
        --without-default-features --disable-docs >"$BUILD/runstate-configure.log" 2>&1) \
      || { tail -30 "$BUILD/runstate-configure.log" >&2; die "configure failed (log: $BUILD/runstate-configure.log)"; }
  fi
  # Build all programs of both sets so that --all never needs a second build.
  local all_progs; mapfile -t all_progs < <(program_list "${REQUIRED[@]}" "${REPORT_ONLY[@]}")
  local targets=(); for p in "${all_progs[@]}"; do targets+=("tests/qtest/$p"); done
  log "building ${#targets[@]} qtest programs (only the test programs, not the emulator; ~2-5 min)"
  nice -n 19 ninja -C "$BUILD" -j"$(nproc)" "${targets[@]}" >"$BUILD/runstate-ninja.log" 2>&1 \
    || { tail -30 "$BUILD/runstate-ninja.log" >&2; die "ninja failed (log: $BUILD/runstate-ninja.log)"; }
}

# ---------------------------------------------------------------- run
PASSED=0; FAILED=0; SKIPPED=0; REQUIRED_FAILED=0

report() {  # status prog path required(0/1) [reason]
  local st=$1 prog=$2 path=$3 req=$4 reason=${5:-} tag=""
  [ "$req" = 0 ] && tag=" [report-only]"
  case "$st" in
    PASS) PASSED=$((PASSED + 1)); printf 'PASS %s%s%s\n' "$prog" "$path" "$tag" ;;
    SKIP) SKIPPED=$((SKIPPED + 1)); printf 'SKIP %s%s%s%s\n' "$prog" "$path" "$tag" "${reason:+: $reason}" ;;
    *)    FAILED=$((FAILED + 1)); [ "$req" = 1 ] && REQUIRED_FAILED=$((REQUIRED_FAILED + 1))
          printf 'FAIL %s%s%s%s\n' "$prog" "$path" "$tag" "${reason:+: $reason}" ;;
  esac
}

failure_reason() {  # stdout-file stderr-file rc
  local out=$1 err=$2 rc=$3 r
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    r="timeout (time budget of ${TMO}s for the program)"
    local b; b=$(grep -m1 '^Bail out!' "$out" 2>/dev/null || true)
    [ -n "$b" ] && r="$r; ${b#Bail out! }"
    printf '%s' "$r"; return
  fi
  r=$(grep -m1 '^Bail out!' "$out" 2>/dev/null | sed 's/^Bail out! //' || true)
  [ -z "$r" ] && r=$(grep -m1 -E 'ERROR|kill_qemu|Broken pipe|assert|Segmentation|QMP JSON' "$err" 2>/dev/null || true)
  [ -z "$r" ] && r=$(grep -v '^\s*$' "$err" 2>/dev/null | tail -1 || true)
  [ -z "$r" ] && r="exit status $rc"
  printf '%s (rc=%s)' "$r" "$rc"
}

run_program() {  # prog required(0/1) [paths...]
  local prog=$1 req=$2; shift 2
  local bin="$BUILD/tests/qtest/$prog" logp="$LOG_DIR/$prog" rc
  TMO=$QTEST_TIMEOUT; [ "$prog" = qmp-cmd-test ] && TMO=$((QTEST_TIMEOUT * 5))
  [ -x "$bin" ] || { report FAIL "$prog" "" "$req" "program not built: $bin"; return; }
  rm -f "$logp".*
  local deadline=$((SECONDS + TMO)) left
  local wanted=("$@")
  if [ ${#wanted[@]} -eq 0 ]; then
    # -l starts QEMU for qmp-cmd-test (its test list comes from query-qmp-schema)
    rc=0
    (timeout -k 10 "$TMO" "$bin" -l >"$logp.list.out" 2>"$logp.list.err"; exit $?) 2>/dev/null || rc=$?
    mapfile -t wanted < <(grep '^/' "$logp.list.out" || true)
    if [ "$rc" != 0 ] || [ ${#wanted[@]} -eq 0 ]; then
      report FAIL "$prog" "/(test-list)" "$req" "$(failure_reason "$logp.list.out" "$logp.list.err" "$rc")"
      return
    fi
  fi
  local -A result=() reason=()
  local remaining=("${wanted[@]}") iter=0
  while [ ${#remaining[@]} -gt 0 ]; do
    iter=$((iter + 1))
    left=$((deadline - SECONDS))
    if [ "$left" -le 0 ]; then
      for t in "${remaining[@]}"; do result[$t]=FAIL; reason[$t]="not run (time budget of ${TMO}s for $prog used up)"; done
      break
    fi
    local pargs=() t
    for t in "${remaining[@]}"; do pargs+=(-p "$t"); done
    rc=0
    (timeout -k 10 "$left" "$bin" --tap -k "${pargs[@]}" >"$logp.$iter.out" 2>"$logp.$iter.err"; exit $?) 2>/dev/null || rc=$?
    # TAP lines: "ok N /path", "ok N /path # SKIP reason", "not ok N /path"
    local line st path
    while IFS= read -r line; do
      case "$line" in
        "ok "*|"not ok "*)
          if [[ "$line" == not* ]]; then st=FAIL; line=${line#not ok }; else st=PASS; line=${line#ok }; fi
          line=${line#* }; path=${line%% # *}
          if [[ "$line" == *"# SKIP"* ]]; then st=SKIP; reason[$path]=${line#*# SKIP}; fi
          [ -z "${result[$path]:-}" ] && result[$path]=$st
          [ "$st" = FAIL ] && reason[$path]=$(failure_reason "$logp.$iter.out" "$logp.$iter.err" "$rc")
          ;;
      esac
    done <"$logp.$iter.out"
    local next=() crashed=""
    for t in "${remaining[@]}"; do
      [ -n "${result[$t]:-}" ] && continue
      if [ -z "$crashed" ]; then
        crashed=$t
        result[$t]=FAIL
        reason[$t]=$(failure_reason "$logp.$iter.out" "$logp.$iter.err" "$rc")
        if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
          # program timeout: do not spend another full timeout on each remaining test
          local u; for u in "${remaining[@]}"; do
            [ -z "${result[$u]:-}" ] && { result[$u]=FAIL; reason[$u]="not run (program timed out)"; }
          done
          break
        fi
      else
        next+=("$t")
      fi
    done
    if [ -z "$crashed" ]; then break; fi
    remaining=("${next[@]+"${next[@]}"}")
  done
  for t in "${wanted[@]}"; do
    report "${result[$t]:-FAIL}" "$prog" "$t" "$req" "${reason[$t]:-}"
  done
}

# ---------------------------------------------------------------- main
CHOSEN_REQ=("${REQUIRED[@]}"); CHOSEN_REP=()
[ "$ALL" = 1 ] && CHOSEN_REP=("${REPORT_ONLY[@]}")
if [ ${#SELECTED[@]} -gt 0 ]; then
  CHOSEN_REQ=(); CHOSEN_REP=()
  for s in "${SELECTED[@]}"; do
    if printf '%s\n' "${REPORT_ONLY[@]}" | grep -qx -- "$s" \
       || { [[ "$s" != *:* ]] && ! printf '%s\n' "${REQUIRED[@]%%:*}" | grep -qx -- "$s" \
            && printf '%s\n' "${REPORT_ONLY[@]%%:*}" | grep -qx -- "$s"; }; then
      CHOSEN_REP+=("$s")
    else
      CHOSEN_REQ+=("$s")
    fi
  done
fi

mapfile -t ALL_PROGS < <(program_list "${CHOSEN_REQ[@]+"${CHOSEN_REQ[@]}"}" "${CHOSEN_REP[@]+"${CHOSEN_REP[@]}"}")
build_tests "${ALL_PROGS[@]}"
[ "$BUILD_ONLY" = 1 ] && { log "build done: $BUILD/tests/qtest"; exit 0; }

case "$QTEST_QEMU_BINARY" in
  *-system-*-x86_64|*-system-x86_64) ;;
  *) die "QTEST_QEMU_BINARY must contain '-system-' and end with '-x86_64': $QTEST_QEMU_BINARY" ;;
esac
[ -x "$QTEST_QEMU_BINARY" ] || die "binary under test not found/executable: $QTEST_QEMU_BINARY (build runstate-vm first)"
export QTEST_QEMU_BINARY
mkdir -p "$LOG_DIR"
log "binary: $QTEST_QEMU_BINARY; logs: $LOG_DIR"

# group "prog:path" entries by program, preserving order
run_set() {  # required(0/1) entries...
  local req=$1; shift
  local progs p e paths
  mapfile -t progs < <(program_list "$@")
  for p in "${progs[@]}"; do
    paths=(); local whole=0
    for e in "$@"; do
      [ "${e%%:*}" = "$p" ] || continue
      if [[ "$e" == *:* ]]; then paths+=("${e#*:}"); else whole=1; fi
    done
    if [ "$whole" = 1 ]; then run_program "$p" "$req"; else run_program "$p" "$req" "${paths[@]}"; fi
  done
}
[ ${#CHOSEN_REQ[@]} -gt 0 ] && run_set 1 "${CHOSEN_REQ[@]}"
[ ${#CHOSEN_REP[@]} -gt 0 ] && run_set 0 "${CHOSEN_REP[@]}"

[ "$SKIPPED" -gt 0 ] && echo "($SKIPPED skipped)"
echo "$PASSED passed, $FAILED failed"
[ "$REQUIRED_FAILED" -eq 0 ]
