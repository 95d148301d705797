"""Run `python peak_rss.py OUT -m module args…` and write the run's peak RSS (KiB) to OUT.

The peak is VmHWM of /proc/self/status: getrusage's ru_maxrss survives exec on Linux, so a process forked from a
large benchmark process reports the parent's size, not its own (every "flat" figure measured that way was the
benchmark's own memory). Child processes (the parser workers) are not included.
"""

import resource
import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root, for `-m benchmarks.…`

out, flag, module, *rest = sys.argv[1:]
assert flag == "-m"
sys.argv = [module, *rest]
code = 0
try:
    runpy.run_module(module, run_name="__main__", alter_sys=True)
except SystemExit as exit_:
    code = exit_.code if isinstance(exit_.code, int) else 0
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = Path("/proc/self/status")
    if status.exists():
        peak = next((int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM:")),
                    peak)
    with open(out, "w") as handle:
        handle.write(str(peak))
sys.exit(code)
