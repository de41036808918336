#!/usr/bin/env python3
"""Regenerates the seed corpus of QmpInputFuzzTest from the conformance scenarios.

One seed per scenario: the bytes its QMP client sends (every "qmp" step serialised as the
conformance runner does, every "qmp_raw" step verbatim), in order. Hand-written hostile seeds
(hostile-*) and findings (crash-*, timeout-*, regression-*) in the same directory are kept.

    python3 qmp-server/src/test/fuzz/make-seeds.py [../shared/conformance/scenarios]
"""
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve()
module = here.parents[3]
scenarios = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else module.parent.parent / "shared/conformance/scenarios"
out = module / "src/test/resources/org/runstate/qmp/QmpInputFuzzTestInputs/fuzzQmpInput"
out.mkdir(parents=True, exist_ok=True)
for old in out.glob("scenario-*"):
    old.unlink()
count = 0
for path in sorted(scenarios.glob("*.json")):
    sc = json.loads(path.read_text())
    data = bytearray()
    for step in sc.get("steps", []):
        if "qmp" in step:
            data += (json.dumps(step["qmp"]) + "\n").encode()
        elif "qmp_raw" in step:
            raw = step["qmp_raw"]
            data += ("".join(raw) if isinstance(raw, list) else raw).encode()
    if data:
        (out / ("scenario-" + sc.get("name", path.stem))).write_bytes(bytes(data))
        count += 1
print(f"{count} scenario seeds in {out}")
