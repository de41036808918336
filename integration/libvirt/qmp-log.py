#!/usr/bin/env python3
"""Every QMP exchange libvirtd had, from its log (log_filters "2:qemu.qemu_monitor 1:qemu.qemu_process").

Usage: qmp-log.py LIBVIRTD_LOG [--emulator PATH] [--full FILE] [--width N]

Reads the QEMU_MONITOR_NEW / QEMU_MONITOR_SEND_MSG / QEMU_MONITOR_RECV_REPLY /
QEMU_MONITOR_RECV_EVENT lines libvirt logs at info level, splits them into monitor sessions
(a capability probe, named by the "Try to probe capabilities of 'BINARY'" debug line before it,
or a domain, named by the taint warning before it) and pairs each command with its reply by id.

--full FILE   write every session, command by command with its whole reply, and the events
--emulator P  keep only the probe of P and the domain sessions (libvirtd probes every
              qemu-system-* it finds on start-up; those sessions are left out)
Prints, for the kept sessions (identical probes once, with their count), each distinct command (with the type name of the
*-list-properties commands, the path of qom-list/qom-get) once, with how many times it was sent
and its distinct answers (at most 3), shortened to --width characters (default 150).
"""
import json
import re
import sys

LINE = re.compile(r"^\S+ \S+: \d+: \w+ : \S+ : (.*)$")
NEW = re.compile(r"QEMU_MONITOR_NEW: mon=(0x[0-9a-f]+)")
CLOSE = re.compile(r"QEMU_MONITOR_CLOSE: mon=(0x[0-9a-f]+)")
SEND = re.compile(r"QEMU_MONITOR_SEND_MSG: mon=(0x[0-9a-f]+) msg=(.*)$")
REPLY = re.compile(r"QEMU_MONITOR_RECV_REPLY: mon=(0x[0-9a-f]+) reply=(.*)$")
EVENT = re.compile(r"QEMU_MONITOR_RECV_EVENT: mon=(0x[0-9a-f]+) event=(.*)$")
PROBE = re.compile(r"Try to probe capabilities of '([^']+)'")
MAX_ANSWERS = 3  # distinct answers shown per command in the summary
TAINT = re.compile(r"Domain id=(\d+) name='([^']+)'")


class Session:
    def __init__(self, mon, label, kind):
        self.mon, self.label, self.kind = mon, label, kind
        self.items = []          # ("cmd", dict) | ("event", dict)
        self.replies = {}        # id -> reply dict


def parse(path):
    sessions, live = [], {}
    pending_label = None
    with open(path, errors="replace") as f:
        for raw in f:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            text = m.group(1)
            if p := PROBE.search(text):
                pending_label = ("probe", p.group(1))
            elif t := TAINT.search(text):
                pending_label = ("domain", f"{t.group(2)} (id {t.group(1)})")
            elif n := NEW.search(text):
                kind, label = pending_label or ("unknown", "?")
                s = Session(n.group(1), label, kind)
                sessions.append(s)
                live[s.mon] = s
                pending_label = None
            elif c := CLOSE.search(text):
                live.pop(c.group(1), None)
            elif s_ := SEND.search(text):
                s = live.get(s_.group(1))
                if s:
                    s.items.append(("cmd", json.loads(s_.group(2))))
            elif r := REPLY.search(text):
                s = live.get(r.group(1))
                if s:
                    reply = json.loads(r.group(2))
                    s.replies[reply.get("id")] = reply
            elif e := EVENT.search(text):
                s = live.get(e.group(1))
                if s:
                    s.items.append(("event", json.loads(e.group(2))))
    return sessions


def short(value, width):
    text = json.dumps(value, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 3] + "..."


def answer(reply, width):
    if reply is None:
        return "(no reply)"
    if "error" in reply:
        err = reply["error"]
        return f"error {err.get('class')}: {err.get('desc')}"
    return "return " + short(reply.get("return"), width)


def key(cmd):
    name = cmd.get("execute", "?")
    args = cmd.get("arguments") or {}
    if "typename" in args:
        return f"{name} {args['typename']}"
    if name in ("qom-list", "qom-get") and "path" in args:
        return f"{name} {args['path']}"
    return name


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, emulator, full, width = argv[1], None, None, 150
    i = 2
    while i < len(argv):
        if argv[i] == "--emulator":
            emulator, i = argv[i + 1], i + 2
        elif argv[i] == "--full":
            full, i = argv[i + 1], i + 2
        elif argv[i] == "--width":
            width, i = int(argv[i + 1]), i + 2
        else:
            print(f"qmp-log.py: unknown argument {argv[i]}", file=sys.stderr)
            return 2
    sessions = parse(path)
    if full:
        with open(full, "w") as out:
            for s in sessions:
                out.write(f"=== {s.kind} {s.label} (mon={s.mon})\n")
                for kind, msg in s.items:
                    if kind == "event":
                        out.write(f"  <- event {json.dumps(msg)}\n")
                    else:
                        out.write(f"  -> {json.dumps(msg)}\n")
                        out.write(f"  <- {json.dumps(s.replies.get(msg.get('id')))}\n")
    kept = [s for s in sessions if s.kind == "domain" or emulator is None or s.label == emulator]
    printed = []  # [count, (header, lines)]: identical probes are shown once
    for s in kept:
        cmds = [m for k, m in s.items if k == "cmd"]
        events = [m.get("event") for k, m in s.items if k == "event"]
        errors = sum(1 for m in cmds if "error" in (s.replies.get(m.get("id")) or {"error": 1}))
        header = (f"--- {s.kind} {s.label}: {len(cmds)} commands, {errors} error answers, "
                  f"events: {' '.join(events) if events else 'none'}")
        seen = {}
        for m in cmds:
            k = key(m)
            a = answer(s.replies.get(m.get("id")), width)
            entry = seen.setdefault(k, [0, []])
            entry[0] += 1
            if a not in entry[1]:
                entry[1].append(a)
        lines = []
        for k, (count, answers) in seen.items():
            times = f" (x{count})" if count > 1 else ""
            pad = " " * (len(k) + len(times))
            lines.append(f"  {k}{times} -> {answers[0]}")
            lines += [f"  {pad} -> {a}" for a in answers[1:MAX_ANSWERS]]
            if len(answers) > MAX_ANSWERS:
                lines.append(f"  {pad} -> ... {len(answers) - MAX_ANSWERS} more answers")
        same = [p for p in printed if s.kind == "probe" and p[1] == (header, lines)]
        if same:
            same[0][0] += 1
            continue
        printed.append([1, (header, lines)])
    for count, (header, lines) in printed:
        print(header + (f" (the same in {count} probes: libvirt probed again)" if count > 1 else ""))
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
