"""The score per module of the last `make mutation` run (mutmut's results in mutants/), and its survivors.

Run from the repository root: .venv/bin/python tests/mutation_scores.py
"""

import json
import sys
from pathlib import Path

# mutmut's exit codes for a killed mutant: the tests failed, or ran out of time (a user would notice a page that
# never comes). 0 is a survivor, 5 and 33 a mutant no selected test reaches (a survivor too), None not run yet.
KILLED = {1, 3, -24, 24, 36, 152, 255}
TARGET = 85
# Functions run at import or start-up, before mutmut chooses a mutant: their mutants cannot be killed by any test,
# so they are left out of the score (tests/README.md).
OUT_OF_REACH = ("agreements.mentions.x_connect_signals__mutmut_",)


def scores(folder=Path("mutants")):
    for meta in sorted(folder.rglob("*.py.meta")):
        module = meta.relative_to(folder).as_posix().removesuffix(".meta")
        results = json.loads(meta.read_text())["exit_code_by_key"]
        results = {name: code for name, code in results.items() if not name.startswith(OUT_OF_REACH)}
        done = {name: code for name, code in results.items() if code is not None}
        survivors = sorted(name for name, code in done.items() if code not in KILLED)
        killed = sum(1 for code in done.values() if code in KILLED)
        yield module, len(results), len(done), killed, survivors


def main():
    below = []
    print("| module | mutants | run | killed | % killed |\n|---|---:|---:|---:|---:|")
    rows = list(scores())
    for module, total, done, killed, _survivors in rows:
        percent = 100 * killed / done if done else 0
        print(f"| {module} | {total} | {done} | {killed} | {percent:.1f} |")
        if done and percent < TARGET:
            below.append(module)
    for module, _total, _done, _killed, survivors in rows:
        if survivors:
            print(f"\nSurvivors in {module} (see one with `.venv/bin/mutmut show NAME`):")
            for name in survivors:
                print(f"  {name}")
    if below:
        print(f"\nBelow {TARGET} % killed: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
