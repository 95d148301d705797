"""Run `python peak_rss.py OUT -m module args…` and write the run's peak RSS (KiB) to OUT."""

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
    with open(out, "w") as handle:
        handle.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
