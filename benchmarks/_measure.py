"""Run one command as this process's only child; print its wall time, CPU time and peak memory as JSON.

    python benchmarks/_measure.py LOGFILE -- python -m sphinx -b html ...

The child's output goes to LOGFILE. ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of this
wrapper is the peak resident size of that one child (and of any process it forked and
waited for), so each build's peak memory is measured on its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    log, sep, *command = sys.argv[1:]
    if sep != "--" or not command:
        print("usage: _measure.py LOGFILE -- COMMAND...", file=sys.stderr)
        return 2
    with open(log, "wb") as out:
        start = time.perf_counter()
        returncode = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    peak_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime  # less sensitive than wall time to a busy machine
    print(json.dumps({"returncode": returncode, "seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_kib / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
