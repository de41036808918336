#!/usr/bin/env python3
"""Act as the guest of a libvirt domain through its qtest socket.

Usage: guest.py SOCKET ACTION [ARG...]

Actions:
  raw LINE...          send qtest lines, print each reply
  s5                   ACPI soft off: PM1_CNT SLP_TYP=0 (S5) + SLP_EN
  s3                   ACPI suspend to RAM: PM1_CNT SLP_TYP=1 (S3) + SLP_EN
  panic [PORT]         pvpanic ISA: write 1 (guest panicked) to PORT (default 0x505)
  watchdog SLOT [PRELOAD]
                       program the i6300esb at PCI 00:SLOT.0 to expire soon: map BAR0
                       (unless firmware did), enable memory decoding, "1 MHz" scale, both stages PRELOAD
                       (default 0x100, 2 x 0x100 x 960 ns = about 0.5 ms of virtual time),
                       reload, enable
  find VENDOR DEVICE   print the slot (hex) of the first PCI device on bus 0 with these ids

The PIIX4 PM block (00:01.3) is placed at 0x600 and enabled first for s5/s3, as SeaBIOS does
(a reset clears it; runstate-vm has no firmware to do it).

Exit status: 0 when every qtest reply was OK, 1 otherwise, 2 on a connection problem.
"""
import socket
import sys

PM_BASE = 0x600
ESB_BAR = 0xFEBF0000  # the i6300esb's 16-byte BAR0 when no firmware placed it


class Qtest:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.buf = b""
        self.ok = True

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("qtest connection closed")
            self.buf += chunk
        out, self.buf = self.buf.split(b"\n", 1)
        return out.decode()

    def cmd(self, text):
        self.sock.sendall((text + "\n").encode())
        while True:
            reply = self.line()
            if not reply.startswith("IRQ"):
                break
        if not reply.startswith("OK"):
            self.ok = False
            print(f"qtest: {text} -> {reply}", file=sys.stderr)
        return reply

    def value(self, text):
        reply = self.cmd(text)
        parts = reply.split()
        return int(parts[1], 16) if len(parts) > 1 and reply.startswith("OK") else None

    # PCI configuration mechanism #1
    def cfg_addr(self, slot, fn, reg):
        return 0x80000000 | (slot << 11) | (fn << 8) | (reg & 0xFC)

    def cfg_read32(self, slot, fn, reg):
        self.cmd(f"outl 0xcf8 {self.cfg_addr(slot, fn, reg):#x}")
        return self.value("inl 0xcfc")

    def cfg_write(self, width, slot, fn, reg, val):
        self.cmd(f"outl 0xcf8 {self.cfg_addr(slot, fn, reg):#x}")
        op = {1: "outb", 2: "outw", 4: "outl"}[width]
        self.cmd(f"{op} {0xcfc + (reg & 3):#x} {val:#x}")

    def pm_enable(self):
        self.cfg_write(4, 1, 3, 0x40, PM_BASE | 1)  # PMBA
        self.cfg_write(1, 1, 3, 0x80, 1)            # PMREGMISC: PM I/O space enable


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, action, args = argv[1], argv[2], argv[3:]
    try:
        q = Qtest(path)
    except OSError as e:
        print(f"guest.py: cannot connect to {path}: {e}", file=sys.stderr)
        return 2
    try:
        if action == "raw":
            for text in args:
                print(q.cmd(text))
        elif action in ("s5", "s3"):
            q.pm_enable()
            slp_typ = 0 if action == "s5" else 1
            q.cmd(f"outw {PM_BASE + 4:#x} {0x2000 | slp_typ << 10:#x}")
        elif action == "panic":
            port = int(args[0], 0) if args else 0x505
            q.cmd(f"outb {port:#x} 0x1")
        elif action == "watchdog":
            slot = int(args[0], 16)
            preload = int(args[1], 0) if len(args) > 1 else 0x100
            ids = q.cfg_read32(slot, 0, 0)
            if ids != 0x25AB8086:
                print(f"guest.py: 00:{slot:02x}.0 is {ids!r}, not an i6300esb (8086:25ab)", file=sys.stderr)
                return 1
            bar = q.cfg_read32(slot, 0, 0x10) & ~0xF
            if not bar:                                 # no firmware placed it (runstate-vm, or after a reset)
                bar = ESB_BAR
                q.cfg_write(4, slot, 0, 0x10, bar)      # BAR0
            q.cfg_write(2, slot, 0, 0x04, 0x0002)       # command: memory space
            q.cfg_write(2, slot, 0, 0x60, 0x0004)       # config: 1 MHz scale, reboot on stage 2
            reload = bar + 0x0C
            for reg in (0x00, 0x04):                    # stage-1 and stage-2 preloads
                q.cmd(f"writeb {reload:#x} 0x80")
                q.cmd(f"writeb {reload:#x} 0x86")
                q.cmd(f"writel {bar + reg:#x} {preload:#x}")
            q.cmd(f"writeb {reload:#x} 0x80")
            q.cmd(f"writeb {reload:#x} 0x86")
            q.cmd(f"writew {reload:#x} 0x100")          # reload (ping)
            q.cfg_write(1, slot, 0, 0x68, 0x02)         # lock register: enable
        elif action == "find":
            want = int(args[1], 16) << 16 | int(args[0], 16)
            for slot in range(32):
                if q.cfg_read32(slot, 0, 0) == want:
                    print(f"{slot:x}")
                    return 0
            return 1
        else:
            print(f"guest.py: unknown action {action}", file=sys.stderr)
            return 2
    except (OSError, EOFError) as e:
        print(f"guest.py: {e}", file=sys.stderr)
        return 2
    return 0 if q.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
