#!/usr/bin/env python3
"""Records which unexpected member QEMU 7.2 names, for UnexpectedMemberRecordedCasesTest.

With several unknown arguments QEMU names the first key its GLib GHashTable of left-over members
yields (qobject_input_check_struct); request-level members are checked in QDict order instead
(qmp_dispatch_check_obj). This sends many requests with unknown members to a real QEMU and stores
each request line with QEMU's response line.

    qemu-system-x86_64 -machine none -display none -nodefaults \
        -qmp unix:/tmp/gh.sock,server=on,wait=off &
    python3 qmp-server/src/test/qemu/record-unexpected-members.py /tmp/gh.sock

The case list is generated from a fixed seed, so a re-recording against the same QEMU and GLib
gives the same file.
"""
import json
import pathlib
import random
import socket
import subprocess
import sys

OUT = (pathlib.Path(__file__).resolve().parents[1]
       / "resources/org/runstate/qmp/unexpected-member-cases.json")
MASK = 0xFFFFFFFF


def key_bytes(key):
    """The bytes QEMU stores for a key: UTF-8, U+0000 as C0 80."""
    return b"".join(b"\xc0\x80" if ch == "\0" else ch.encode("utf-8") for ch in key)


def str_hash(key):
    """g_str_hash over signed chars, only used to pick interesting key sets."""
    h = 5381
    for b in key_bytes(key):
        h = (h * 33 + (b - 256 if b >= 128 else b)) & MASK
    return h


def encode(key, rng):
    """A JSON string for key, sometimes with every non-ASCII character escaped."""
    return json.dumps(key, ensure_ascii=rng.random() < 0.5)


def request(command, members, rng, with_id):
    """members: list of (key, JSON value text), in wire order."""
    body = ", ".join(encode(k, rng) + ": " + v for k, v in members)
    parts = ['"execute": ' + json.dumps(command), '"arguments": {' + body + "}"]
    if with_id:
        parts.append('"id": ' + str(with_id))
    return "{" + ", ".join(parts) + "}"


LOWER = "abcdefghijklmnopqrstuvwxyz"
IDENT = LOWER + LOWER.upper() + "0123456789-_"
PUNCT = IDENT + " !#$%&'()*+,./:;<=>?@[]^`{|}~\"\\"
UNICODE = ["é", "ü", "ß", "ø", "Ω", "ж", "я", "ä", "ñ", "中", "文", "字", "日", "本", "€", "→",
           "✓", "😀", "🚀", "𝄞", "\u00a0", "\u0080", "\u07ff", "\u0800", "\uffef", "\U0010fffd",
           "\0", "\x01", "\x1f", "\x7f"]


def random_key(rng, alphabet=IDENT, lo=1, hi=12):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def unicode_key(rng):
    n = rng.randint(1, 8)
    return "".join(rng.choice(UNICODE) if rng.random() < 0.6 else rng.choice(IDENT) for _ in range(n))


def unique(keys, taken=()):
    seen = set(taken)
    out = []
    for k in keys:
        if k not in seen:
            seen.add(k)
            out.append(k)
    return out


def fill(rng, n, make, taken=()):
    keys = []
    while len(keys) < n:
        keys = unique(keys + [make(rng)], taken)
    return keys


def equal_hash_family(rng, m):
    """2^m keys of length 2m with one g_str_hash: concatenated equal-hash two-char blocks."""
    while True:
        c1 = rng.randint(33, 125)
        c2 = rng.randint(33 + 33, 126)
        a, b = chr(c1) + chr(c2), chr(c1 + 1) + chr(c2 - 33)
        if str_hash(a) == str_hash(b):
            break
    keys = [""]
    for _ in range(m):
        keys = [k + a for k in keys] + [k + b for k in keys]
    return keys


def key_with_hash(rng, target):
    """A printable key whose g_str_hash is target (3 free trailing characters)."""
    while True:
        prefix = random_key(rng, LOWER, 4, 8)
        r = (target - str_hash(prefix) * 33 ** 3) & MASK
        for a in range(32, 127):
            rem = r - a * 33 * 33
            b, c = divmod(rem - 32, 33)
            c += 32
            if 32 <= b < 127 and 32 <= c < 127:
                key = prefix + chr(a) + chr(b) + chr(c)
                assert str_hash(key) == target
                return key


def same_index_keys(rng, n, mod, alphabet=IDENT):
    """n keys whose first probe (hash * 11 % mod) is the same."""
    groups = {}
    while True:
        k = random_key(rng, alphabet, 1, 6)
        h = str_hash(k)
        idx = ((h if h >= 2 else 2) * 11 & MASK) % mod
        g = groups.setdefault(idx, set())
        g.add(k)
        if len(g) >= n:
            return sorted(g)


def value(rng):
    return rng.choice(["1", "true", "null", '"v"', "[]", "{}", "-5", "1.5"])


def build_cases():
    rng = random.Random(17)
    cases = []  # (group, negotiated, line)
    seq = [0]

    def add(group, negotiated, command, members):
        seq[0] += 1
        with_id = seq[0] if rng.random() < 0.5 else None
        cases.append((group, negotiated, request(command, members, rng, with_id)))

    def unknowns(keys):
        return [(k, value(rng)) for k in keys]

    def mixed_in(keys, present):
        """present members inserted at random places among the unknown ones."""
        members = unknowns(keys)
        for m in present:
            members.insert(rng.randint(0, len(members)), m)
        return members

    # qmp_capabilities before negotiation (sent first, on the not yet negotiated connection)
    for n in list(range(1, 41)) + [1, 2, 3, 5, 8, 13, 21, 34, 55, 89]:
        keys = fill(rng, n, lambda r: random_key(r), taken={"enable"})
        present = [("enable", rng.choice(['[]', '["oob"]']))] if rng.random() < 0.5 else []
        add("qmp_capabilities-negotiation", False, "qmp_capabilities", mixed_in(keys, present))
    for n in (2, 3, 4, 6, 8, 12, 16, 24, 32):
        for mod in (7, 13):
            keys = same_index_keys(rng, n, mod)
            keys = [k for k in keys if k != "enable"]
            add("qmp_capabilities-negotiation-same-index", False, "qmp_capabilities",
                mixed_in(keys, [("enable", "[]")] if rng.random() < 0.5 else []))
    for _ in range(20):
        keys = fill(rng, rng.randint(2, 20), unicode_key, taken={"enable"})
        add("qmp_capabilities-negotiation-unicode", False, "qmp_capabilities", unknowns(keys))
    # request-level members: checked in QDict order by qmp_dispatch_check_obj
    for n in range(1, 16):
        keys = fill(rng, n, lambda r: random_key(r), taken={"execute", "arguments", "id", "exec-oob"})
        members = ['"execute": "qmp_capabilities"'] + [encode(k, rng) + ": 1" for k in keys]
        rng.shuffle(members)
        cases.append(("request-members-negotiation", False, "{" + ", ".join(members) + "}"))
    cases.append(("negotiate", False, '{"execute": "qmp_capabilities"}'))

    # query-status: no members, every argument is unexpected
    for n in range(1, 41):
        for _ in range(8):
            add("query-status-ident", True, "query-status", unknowns(fill(rng, n, lambda r: random_key(r))))
        for _ in range(3):
            add("query-status-lower-1-3", True, "query-status",
                unknowns(fill(rng, n, lambda r: random_key(r, LOWER, 1, 3))))
        for _ in range(2):
            add("query-status-punct-0-40", True, "query-status",
                unknowns(fill(rng, n, lambda r: random_key(r, PUNCT, 0, 40))))
        for _ in range(2):
            add("query-status-unicode", True, "query-status", unknowns(fill(rng, n, unicode_key)))
    for n in (41, 47, 48, 50, 60, 61, 62, 63, 64, 90, 100, 120, 121, 122, 128, 200, 243, 244, 300):
        add("query-status-large", True, "query-status", unknowns(fill(rng, n, lambda r: random_key(r))))
    # keys sharing one g_str_hash, in several orders
    for m in (1, 2, 3, 4, 5):
        family = equal_hash_family(rng, m)
        for _ in range(4):
            keys = rng.sample(family, rng.randint(2, min(len(family), 40)))
            add("query-status-equal-hash", True, "query-status", unknowns(keys))
            extra = fill(rng, rng.randint(1, 10), lambda r: random_key(r), taken=keys)
            mixed = keys + extra
            rng.shuffle(mixed)
            add("query-status-equal-hash-mixed", True, "query-status", unknowns(mixed))
    # keys whose hash is 0, 1 or 2 (GLib stores 0 and 1 as 2)
    pool = []
    for target in (0, 1, 2):
        keys = []
        while len(keys) < 4:
            keys = unique(keys + [key_with_hash(rng, target)])
        pool += keys
    for _ in range(25):
        keys = rng.sample(pool, rng.randint(1, len(pool)))
        if rng.random() < 0.5:
            keys = keys + fill(rng, rng.randint(1, 12), lambda r: random_key(r), taken=keys)
        rng.shuffle(keys)
        add("query-status-hash-0-1-2", True, "query-status", unknowns(keys))
    # keys sharing the first probe at sizes 8, 16, 32, 64, 128; and the same set in several orders
    for mod, sizes in ((7, (2, 3, 4, 5, 6, 7)), (13, (4, 8, 10, 12, 14, 15)),
                       (31, (8, 16, 20, 25, 30)), (61, (10, 20, 30, 40)), (127, (20, 40))):
        for n in sizes:
            keys = same_index_keys(rng, n, mod)
            for _ in range(4):
                rng.shuffle(keys)
                add("query-status-same-index", True, "query-status", unknowns(keys))
    # one key set around each growth threshold (8, 16, 32), in several orders
    for n in (6, 7, 8, 9, 14, 15, 16, 17, 29, 30, 31, 32, 33):
        keys = fill(rng, n, lambda r: random_key(r, LOWER, 1, 2))
        for _ in range(4):
            rng.shuffle(keys)
            add("query-status-threshold-orders", True, "query-status", unknowns(keys))

    # watchdog-set-action: 'action' is visited and removed first
    actions = ["reset", "shutdown", "poweroff", "pause", "debug", "none", "inject-nmi"]
    for n in range(1, 41):
        for _ in range(3):
            keys = fill(rng, n, lambda r: random_key(r), taken={"action"})
            add("watchdog-set-action", True, "watchdog-set-action",
                mixed_in(keys, [("action", json.dumps(rng.choice(actions)))]))
    for mod in (7, 13, 31):
        for n in (2, 4, 6, 9, 14):
            keys = [k for k in same_index_keys(rng, n + 1, mod) if k != "action"]
            add("watchdog-set-action-same-index", True, "watchdog-set-action",
                mixed_in(keys, [("action", '"pause"')]))
    # set-action: each present member is removed in schema order
    values = {"reboot": ["reset", "shutdown"], "shutdown": ["poweroff", "pause"],
              "panic": ["pause", "shutdown", "exit-failure", "none"], "watchdog": actions}
    for n in range(1, 41):
        for _ in range(3):
            names = [m for m in values if rng.random() < 0.6]
            keys = fill(rng, n, lambda r: random_key(r, LOWER, 1, 4), taken=values.keys())
            add("set-action", True, "set-action",
                mixed_in(keys, [(m, json.dumps(rng.choice(values[m]))) for m in names]))
    for n in (1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 27, 28, 29):
        keys = fill(rng, n, lambda r: random_key(r, LOWER, 1, 2), taken=values.keys())
        add("set-action-all-members", True, "set-action",
            mixed_in(keys, [(m, json.dumps(values[m][0])) for m in values]))
    # qmp_capabilities once negotiated: the arguments are still checked first
    for n in (1, 2, 3, 5, 9, 17, 33):
        keys = fill(rng, n, lambda r: random_key(r), taken={"enable"})
        add("qmp_capabilities-negotiated", True, "qmp_capabilities", unknowns(keys))
    # request-level members once negotiated
    for n in range(1, 16):
        keys = fill(rng, n, lambda r: random_key(r), taken={"execute", "arguments", "id", "exec-oob"})
        members = ['"execute": "query-status"', '"arguments": {"a": 1, "b": 2}'] + [encode(k, rng) + ": 1" for k in keys]
        rng.shuffle(members)
        cases.append(("request-members", True, "{" + ", ".join(members) + "}"))
    return cases


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gh.sock"
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rwb")
    greeting = json.loads(f.readline())
    recorded = []
    for group, negotiated, line in build_cases():
        f.write(line.encode("utf-8") + b"\n")
        f.flush()
        reply = f.readline()
        assert reply.endswith(b"\r\n"), reply
        if group != "negotiate":
            recorded.append({"group": group, "negotiated": negotiated, "request": line,
                             "response": reply[:-2].decode("utf-8")})
    s.close()
    glib = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libglib2.0-0"],
                          capture_output=True, text=True).stdout
    doc = {
        "about": "Requests with unexpected members and QEMU's response line (without CRLF); "
                 "'negotiated' tells whether qmp_capabilities had succeeded on the connection.",
        "qemu": greeting["QMP"]["version"],
        "glib": glib,
        "recorder": "qmp-server/src/test/qemu/record-unexpected-members.py",
        "cases": recorded,
    }
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, ensure_ascii=False, indent=1)
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in recorded)
    OUT.write_text(head[:-2] + ',\n "cases": [\n' + lines + "\n ]\n}\n", encoding="utf-8")
    print(f"{len(recorded)} cases in {OUT}")


if __name__ == "__main__":
    main()
