#!/usr/bin/env bash
# Drive runstate-vm with QEMU 7.2's own Python tooling (python/qemu: QEMUMachine, qemu.qmp,
# qmp-shell) from the QEMU source tree. No pip: only PYTHONPATH=<qemu-src>/python.
#
# Usage: integration/qemu-python/run.sh [SCENARIO...]
#   scenarios: machine-fd machine-path machine-none-S sigterm console qmp-shell hmp-shell
# Environment (optional):
#   REPO, QEMU_WORK, QEMU_SRC   as in integration/qemu-qtests/run.sh (source fetched with
#                               `apt-get source qemu` into $QEMU_WORK/src if missing)
#   RUNSTATE_BINARY             default $REPO/machine/target/runstate-system-x86_64
#   RUNSTATE_MACHINE            pass -machine X to the VMs (default: none given)
#   RUNSTATE_PY_TIMEOUT         seconds per QMP wait/launch (default 30)
#   NO_APT=1                    never call apt-get
# Output: PASS/FAIL lines, "# ..." info lines, and finally "N passed, N failed".
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${REPO:-$(cd "$SCRIPT_DIR/../.." && pwd)}
QEMU_WORK=${QEMU_WORK:-$(dirname "$REPO")}
RUNSTATE_BINARY=${RUNSTATE_BINARY:-$REPO/machine/target/runstate-system-x86_64}

die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

if [ -z "${QEMU_SRC:-}" ]; then
  for d in "$QEMU_WORK"/src/qemu-7.2*/; do [ -f "$d/VERSION" ] && { QEMU_SRC=${d%/}; break; }; done
fi
if [ -z "${QEMU_SRC:-}" ]; then
  [ "${NO_APT:-0}" = 1 ] && die "no QEMU source under $QEMU_WORK/src and NO_APT=1"
  case "$QEMU_WORK/" in "$REPO"/*) die "QEMU_WORK must be outside the repository" ;; esac
  dpkg-query -W -f='${Status}' dpkg-dev 2>/dev/null | grep -q 'install ok installed' \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dpkg-dev >&2
  mkdir -p "$QEMU_WORK/src"
  (cd "$QEMU_WORK/src" && apt-get source -q qemu >&2) \
    || die "apt-get source qemu failed (deb-src entries enabled? apt-get update done?)"
  for d in "$QEMU_WORK"/src/qemu-7.2*/; do [ -f "$d/VERSION" ] && { QEMU_SRC=${d%/}; break; }; done
  [ -n "${QEMU_SRC:-}" ] || die "apt-get source did not produce $QEMU_WORK/src/qemu-7.2*"
fi
[ -f "$QEMU_SRC/python/qemu/machine/machine.py" ] || die "$QEMU_SRC/python/qemu/machine missing"
command -v python3 >/dev/null || die "python3 missing (apt-get install python3)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 6))' || die "python3 >= 3.6 needed by qemu.qmp"
[ -x "$RUNSTATE_BINARY" ] || die "binary under test not found/executable: $RUNSTATE_BINARY (build runstate-vm first)"

export RUNSTATE_BINARY
export PYTHONPATH="$QEMU_SRC/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1   # keep the QEMU source tree clean
exec timeout -k 10 "${RUNSTATE_PY_TOTAL_TIMEOUT:-900}" python3 "$SCRIPT_DIR/drive.py" "$@"
