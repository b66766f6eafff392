"""The bundled data with Ofsted's national record: build time and cold `tenure who-led`, as a user runs them.

Each figure is the median of several runs of the real command in a fresh process
(`python -m cli ...`), so interpreter start and imports are counted, as a user sees them.
The store is a temporary one built from the bundled data/ (TENURE_DB), so nothing of
the user's is touched. Optionally the same for another checkout (`--baseline DIR`,
e.g. /work/main) on the same machine in the same run, since this machine's load varies.
Usage: python bench/national_bench.py [--runs 7] [--baseline DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


CPU: list[float] = []  # CPU seconds (user + system) of each timed child, beside its wall time


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr.strip()[-500:]}")
    return took


def measure(checkout: Path, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(checkout), "TENURE_DB": str(Path(tmp) / "store")}
        py = [sys.executable, "-m", "cli"]
        out: dict[str, float] = {}
        for key, args, n in (("build", ["build", "--force"], max(3, runs // 2)), ("who_led_blackpool", ["who-led", "Blackpool"], runs),
                             ("who_led_birmingham", ["who-led", "Birmingham", "--rating", "inadequate"], runs)):
            CPU.clear()
            out[f"{key}_s"] = statistics.median(timed(py + args, env, checkout) for _ in range(n))
            out[f"{key}_cpu_s"] = statistics.median(CPU)
        return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--baseline", type=Path, default=None, help="another checkout to time the same way")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    out = {"this": measure(ROOT, a.runs)}
    if a.baseline:
        out["baseline"] = measure(a.baseline, a.runs)
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    out["load_average_1min"] = load  # type: ignore[assignment]
    if a.json:
        print(json.dumps(out, indent=2))
        return 0
    for name, m in out.items():
        if isinstance(m, dict):
            print(f"{name:9s} build {m['build_s']:.2f} s (cpu {m['build_cpu_s']:.2f})   cold who-led Blackpool "
                  f"{m['who_led_blackpool_s']:.2f} s (cpu {m['who_led_blackpool_cpu_s']:.2f})   who-led Birmingham "
                  f"--rating inadequate {m['who_led_birmingham_s']:.2f} s (cpu {m['who_led_birmingham_cpu_s']:.2f})")
    print(f"(medians, wall and cpu = user + system of the process; load average {load}); "
          "targets: build < 5 s, cold who-led < 0.5 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
