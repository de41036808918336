#!/usr/bin/env python3
"""Drive runstate-vm with QEMU 7.2's own Python tooling (python/qemu in the QEMU source tree).

Run through run.sh, which sets PYTHONPATH=<qemu-src>/python and RUNSTATE_BINARY.
Prints one line per check ("PASS name" / "FAIL name: why") and ends with "N passed, N failed".
Exit status 0 only if every check passed.
"""
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

from qemu.machine import QEMUMachine
from qemu.qmp.legacy import QEMUMonitorProtocol  # noqa: F401  (the transport QEMUMachine uses)

BIN = os.environ.get("RUNSTATE_BINARY") or sys.exit("RUNSTATE_BINARY not set")
TIMEOUT = float(os.environ.get("RUNSTATE_PY_TIMEOUT", "30"))
MACHINE = os.environ.get("RUNSTATE_MACHINE")  # e.g. "pc" or "none"; default: no -machine
SHOW_CMDLINE = os.environ.get("RUNSTATE_SHOW_CMDLINE", "1") == "1"

logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                    format="# %(name)s %(levelname)s: %(message)s")

passed = 0
failed = 0
_live = []   # VMs/processes of the running scenario, cleaned up when it ends


def report(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name}: {why}", flush=True)


def expect(name, actual, wanted):
    report(name, actual == wanted, f"got {actual!r}, expected {wanted!r}")


def status(vm):
    return vm.qmp("query-status")


def running_status(state):
    # QEMU 7.2 StatusInfo key set and values (qapi/run-state.json)
    return {"return": {"status": state, "singlestep": False, "running": state == "running"}}


def scenario(name):
    """Decorator: run a scenario; an exception fails it (as one extra check) and moves on."""
    def wrap(fn):
        def run():
            tmp = tempfile.mkdtemp(prefix=f"rsvm-py-{name}-")
            try:
                fn(name, tmp)
            except Exception as exc:  # pylint: disable=broad-except
                report(f"{name}/completed", False, f"{type(exc).__name__}: {exc}")
            finally:
                while _live:
                    obj = _live.pop()
                    try:
                        if isinstance(obj, subprocess.Popen):
                            if obj.poll() is None:
                                obj.kill()
                                obj.wait()
                        elif obj.is_running():
                            obj.shutdown(hard=True)
                    except Exception:  # pylint: disable=broad-except
                        pass
        run.__name__ = fn.__name__
        run.scenario_name = name
        return run
    return wrap


def new_vm(tmp, **kw):
    vm = QEMUMachine(BIN, base_temp_dir=tmp, log_dir=tmp, qmp_timer=TIMEOUT, **kw)
    if MACHINE:
        vm.set_machine(MACHINE)
    _live.append(vm)
    return vm


def launched(name, vm):
    try:
        vm.launch()
    except Exception as exc:  # pylint: disable=broad-except
        out = getattr(exc, "output", None)
        report(f"{name}/launch", False,
               f"{type(exc).__name__}: {exc}; cause={exc.__cause__!r}; output={out!r}")
        return False
    vm._qmp.settimeout(TIMEOUT)  # pylint: disable=protected-access
    report(f"{name}/launch", True)
    if SHOW_CMDLINE:
        print(f"# {name} command line: {' '.join(vm._qemu_full_args)}", flush=True)  # pylint: disable=protected-access
    return True


def drain_events(vm):
    try:
        return vm.get_qmp_events(wait=False)
    except Exception:  # pylint: disable=broad-except
        return []


def finish(name, vm, how="shutdown"):
    """Stop the VM the QEMUMachine way and check exit status 0 and no AbnormalShutdown."""
    try:
        if how == "shutdown":
            vm.shutdown(timeout=int(TIMEOUT))   # sends 'quit' unless already issued
        else:
            vm.wait(timeout=int(TIMEOUT))       # no quit; just waits
        report(f"{name}/clean-shutdown", True)
    except Exception as exc:  # pylint: disable=broad-except
        report(f"{name}/clean-shutdown", False, f"{type(exc).__name__}: {exc} cause={exc.__cause__!r}")
        vm.shutdown(hard=True)
    expect(f"{name}/exit-status", vm.exitcode(), 0)


# --------------------------------------------------------------------------------------------
@scenario("machine-fd")
def machine_fd(name, tmp):
    """QEMUMachine defaults: the QMP monitor is a socketpair passed as -chardev socket,fd=N."""
    vm = new_vm(tmp)
    if not launched(name, vm):
        return
    greeting = vm._qmp._qmp._greeting  # pylint: disable=protected-access
    if greeting is not None:
        ver = dict(greeting.QMP.version)   # qemu.qmp.models.QMPGreeting: version is a mapping
        report(f"{name}/greeting",
               ver.get("qemu", {}).get("major") == 7 and ver["qemu"].get("minor") == 2
               and isinstance(ver.get("package"), str)
               and list(greeting.QMP.capabilities) == ["oob"], f"greeting {greeting!r}")
    expect(f"{name}/query-status", status(vm), running_status("running"))

    expect(f"{name}/stop", vm.qmp("stop"), {"return": {}})
    ev = vm.event_wait("STOP", timeout=TIMEOUT)
    report(f"{name}/event-STOP", ev is not None and "data" not in ev, f"{ev!r}")
    expect(f"{name}/query-status-paused", status(vm), running_status("paused"))

    expect(f"{name}/cont", vm.qmp("cont"), {"return": {}})
    ev = vm.event_wait("RESUME", timeout=TIMEOUT)
    report(f"{name}/event-RESUME", ev is not None, f"{ev!r}")
    expect(f"{name}/query-status-running", status(vm), running_status("running"))

    expect(f"{name}/system_reset", vm.qmp("system_reset"), {"return": {}})
    ev = vm.event_wait("RESET", timeout=TIMEOUT)
    expect(f"{name}/event-RESET", ev and ev.get("data"),
           {"guest": False, "reason": "host-qmp-system-reset"})
    expect(f"{name}/query-status-after-reset", status(vm), running_status("running"))

    # QEMU 7.2: a reset while stopped lands in 'prelaunch' (main_loop_should_exit)
    vm.qmp("stop")
    vm.event_wait("STOP", timeout=TIMEOUT)
    vm.qmp("system_reset")
    vm.event_wait("RESET", timeout=TIMEOUT)
    expect(f"{name}/reset-while-paused-is-prelaunch", status(vm), running_status("prelaunch"))
    expect(f"{name}/cont-from-prelaunch", vm.qmp("cont"), {"return": {}})
    vm.event_wait("RESUME", timeout=TIMEOUT)
    expect(f"{name}/query-status-running-again", status(vm), running_status("running"))

    # errors keep QEMU's shape
    r = vm.qmp("no-such-command")
    report(f"{name}/unknown-command-error",
           r.get("error", {}).get("class") == "CommandNotFound"
           and r["error"].get("desc") == "The command no-such-command has not been found", f"{r!r}")

    expect(f"{name}/quit", vm.qmp("quit"), {"return": {}})
    evs = [e for e in drain_events(vm) if e.get("event") == "SHUTDOWN"]
    # SHUTDOWN may or may not reach the client before the socket closes (QEMU 7.2 does not
    # guarantee it); if it arrived, it must say host-qmp-quit.
    report(f"{name}/event-SHUTDOWN-if-any",
           not evs or evs[0].get("data") == {"guest": False, "reason": "host-qmp-quit"}, f"{evs!r}")
    finish(name, vm, how="wait")


@scenario("machine-path")
def machine_path(name, tmp):
    """QEMUMachine(monitor_address=PATH): -chardev socket,id=mon,path=PATH (QEMU is the client)."""
    vm = new_vm(tmp, monitor_address=os.path.join(tmp, "mon.sock"))
    if not launched(name, vm):
        return
    expect(f"{name}/query-status", status(vm), running_status("running"))
    r = vm.qmp("query-name")
    expect(f"{name}/query-name", r, {"return": {}})
    finish(name, vm)  # QEMUMachine.shutdown(): sends quit, waits for exit


@scenario("machine-none-S")
def machine_none_s(name, tmp):
    """-machine none -S (QEMUMachine.set_machine + extra args); cont leaves prelaunch."""
    vm = QEMUMachine(BIN, base_temp_dir=tmp, log_dir=tmp, qmp_timer=TIMEOUT,
                     monitor_address=os.path.join(tmp, "mon.sock"))
    vm.set_machine("none")
    vm.add_args("-S")
    _live.append(vm)
    if not launched(name, vm):
        return
    expect(f"{name}/query-status-prelaunch", status(vm), running_status("prelaunch"))
    expect(f"{name}/cont", vm.qmp("cont"), {"return": {}})
    ev = vm.event_wait("RESUME", timeout=TIMEOUT)
    report(f"{name}/event-RESUME", ev is not None, f"{ev!r}")
    expect(f"{name}/query-status-running", status(vm), running_status("running"))
    finish(name, vm)


@scenario("sigterm")
def sigterm(name, tmp):
    """SIGTERM must end the VM with exit status 0 (what libqtest's qtest_quit also requires)."""
    vm = new_vm(tmp, monitor_address=os.path.join(tmp, "mon.sock"))
    if not launched(name, vm):
        return
    status(vm)
    os.kill(vm.get_pid(), signal.SIGTERM)
    try:
        ev = vm.event_wait("SHUTDOWN", timeout=TIMEOUT)
        expect(f"{name}/event-SHUTDOWN", ev and ev.get("data"),
               {"guest": False, "reason": "host-signal"})
    except Exception as exc:  # pylint: disable=broad-except
        report(f"{name}/event-SHUTDOWN", False, f"{type(exc).__name__}: {exc}")
    finish(name, vm, how="wait")


@scenario("console")
def console(name, tmp):
    """QEMUMachine.set_console() asks for a serial port (-serial chardev:console). runstate-vm models
    no UART, so the launch must fail cleanly with its refusal, never hang or crash."""
    vm = new_vm(tmp, monitor_address=os.path.join(tmp, "mon.sock"))
    vm.set_console()
    try:
        vm.launch()
        report(f"{name}/refused", False, "launched although runstate-vm has no serial port")
        finish(name, vm)
    except Exception:  # pylint: disable=broad-except
        out = vm.get_log() or ""
        report(f"{name}/refused", "has no serial ports" in out and vm.exitcode() == 1,
               f"exit {vm.exitcode()}, output {out!r}")


# --------------------------------------------------------------------------------------------
def start_server_vm(tmp):
    """runstate-vm with a QMP *server* socket, as qmp-shell expects (-qmp unix:P,server=on,wait=off)."""
    path = os.path.join(tmp, "qmp.sock")
    args = [BIN, "-display", "none", "-qmp", f"unix:{path},server=on,wait=off"]
    if MACHINE:
        args += ["-machine", MACHINE]
    log = open(os.path.join(tmp, "vm.log"), "wb")  # pylint: disable=consider-using-with
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    _live.append(proc)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)  # a probe connection; the VM serves many clients
            return proc, path, args
        except OSError:
            time.sleep(0.1)
    return proc, None, args


def stop_server_vm(name, proc):
    if proc.poll() is None:
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    expect(f"{name}/exit-status", proc.returncode, 0)


def run_shell(extra, path, lines):
    cmd = [sys.executable, "-m", "qemu.qmp.qmp_shell"] + extra + [path]
    env = dict(os.environ, HOME=tempfile.mkdtemp(prefix="rsvm-qmpshell-home-"))  # history file
    return subprocess.run(cmd, input="".join(l + "\n" for l in lines), capture_output=True,
                          text=True, timeout=TIMEOUT * 2, env=env, check=False)


@scenario("qmp-shell")
def qmp_shell(name, tmp):
    proc, path, args = start_server_vm(tmp)
    report(f"{name}/vm-listening", path is not None, f"rc={proc.poll()} args={args}")
    if path is None:
        proc.kill()
        return
    if SHOW_CMDLINE:
        print(f"# {name} command line: {' '.join(args)}", flush=True)
    cmds = ["query-status", "stop", "query-status", "cont", "system_reset", "query-status",
            "quit"]
    res = run_shell([], path, cmds)
    # stdout: banner, then "(QEMU) <json>" per command (the prompt has no newline on a pipe)
    chunks = res.stdout.split("(QEMU) ")[1:]
    replies = []
    for c in chunks:
        c = c.strip()
        if c:
            try:
                replies.append(json.loads(c.splitlines()[0]))
            except ValueError:
                replies.append(c)
    report(f"{name}/banner", "Connected to QEMU 7.2." in res.stdout,
           f"stdout={res.stdout[:200]!r} stderr={res.stderr[-300:]!r}")
    want = [running_status("running"), {"return": {}}, running_status("paused"), {"return": {}},
            {"return": {}}, running_status("running"), {"return": {}}]
    for i, (c, w) in enumerate(zip(cmds, want)):
        got = replies[i] if i < len(replies) else None
        expect(f"{name}/{i}-{c}", got, w)
    stop_server_vm(name, proc)


@scenario("hmp-shell")
def hmp_shell(name, tmp):
    """qmp-shell -H: HMP through human-monitor-command (its start-up runs 'help' and 'info')."""
    proc, path, _ = start_server_vm(tmp)
    report(f"{name}/vm-listening", path is not None, f"rc={proc.poll()}")
    if path is None:
        proc.kill()
        return
    res = run_shell(["-H"], path, ["info status", "stop", "info status", "cont", "info status"])
    out = res.stdout
    report(f"{name}/startup", "Welcome to the HMP shell!" in out and res.returncode == 0,
           f"rc={res.returncode} stdout={out[:200]!r} stderr={res.stderr[-400:]!r}")
    got = [l.strip() for l in out.replace("(QEMU) ", "\n").splitlines() if "VM status" in l]
    expect(f"{name}/info-status", got,
           ["VM status: running", "VM status: paused", "VM status: running"])
    proc.send_signal(signal.SIGTERM)
    stop_server_vm(name, proc)


def main():
    if not (os.path.isfile(BIN) and os.access(BIN, os.X_OK)):
        print(f"binary not found or not executable: {BIN}", file=sys.stderr)
        return 2
    only = sys.argv[1:]
    for sc in (machine_fd, machine_path, machine_none_s, sigterm, console, qmp_shell, hmp_shell):
        if only and sc.scenario_name not in only:
            continue
        sc()
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
