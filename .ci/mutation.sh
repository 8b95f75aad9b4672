#!/usr/bin/env bash
# Mutation testing with mutmut ([tool.mutmut] in pyproject.toml). A scheduled or
# manual job, NOT a step of .ci/run: it takes minutes per module.
#
#   bash .ci/mutation.sh                              # the core modules
#   bash .ci/mutation.sh _optimizers _differencing    # some modules of sklearn_rnn/
#
# It copies the committed tree (HEAD, or the commit in MUTATION_REF) into a work
# folder, so that edits in progress neither break nor blur the run; installs the
# package with its test and mutation extras in a venv of its own; mutates the given
# modules; runs, for each mutant, the fast tests that call the mutated function; and
# prints the score per module: (killed + timeout) / (mutants - skipped - equivalent).
# Equivalent mutants (no test can kill them) are listed in .ci/mutation_equivalent.txt
# with a one-line reason each. Survivors: `cd "$work" && mutmut results`, then
# `mutmut show NAME` prints the diff of one.
# MUTATION_TESTS="tests/test_a.py tests/test_b.py": the tests mutmut may choose from
# (default: pyproject's selection, every fast test); mutmut's clean run must pass.
# MUTATION_WORK, MUTATION_VENV: override the folders; MUTATION_JOBS: parallel mutants.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
    modules=(_elman _optimizers _trainer _regressor _windows _differencing _forecaster _conformal)
fi
ref="${MUTATION_REF:-HEAD}"
work="${MUTATION_WORK:-${TMPDIR:-/tmp}/sklearn_rnn-mutation-work}"
venv="${MUTATION_VENV:-${TMPDIR:-/tmp}/sklearn_rnn-mutation}"
jobs="${MUTATION_JOBS:-$(nproc)}"

for module in "${modules[@]}"; do
    if ! git cat-file -e "$ref:sklearn_rnn/$module.py" 2> /dev/null; then
        echo "error: sklearn_rnn/$module.py is not in $ref" >&2
        exit 2
    fi
done

rm -rf "$work"
mkdir -p "$work"
git archive "$ref" | tar -x -C "$work"
if [ ! -x "$venv/bin/python" ]; then
    python -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet -e "$work[test,mutation]"

# Generate mutants for the chosen modules only (the rest is copied unchanged).
patterns=$(printf '"sklearn_rnn/%s.py", ' "${modules[@]}")
sed -i "s|^\[tool\.mutmut\]$|[tool.mutmut]\nonly_mutate = [${patterns%, }]|" \
    "$work/pyproject.toml"
if [ -n "${MUTATION_TESTS:-}" ]; then
    tests=$(printf '"%s", ' ${MUTATION_TESTS})
    sed -i "s|^pytest_add_cli_args_test_selection = .*|pytest_add_cli_args_test_selection = [${tests%, }]|" \
        "$work/pyproject.toml"
fi

cd "$work"
start=$SECONDS
names=()
for module in "${modules[@]}"; do
    names+=("sklearn_rnn.$module.*")
done
# mutmut redraws a spinner with carriage returns and lists every mutant at the end:
# print its other lines (the summary table below lists the survivors).
set +e
"$venv/bin/mutmut" run --max-children "$jobs" "${names[@]}" 2>&1 | tr '\r' '\n' \
    | grep -v '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏🎉🙁🫥⏰🤔🔇🧙🛑💥?]'
status=${PIPESTATUS[0]}
set -e
echo "mutation run: $((SECONDS - start)) s for ${modules[*]} (ref $ref)"
if [ "$status" -ne 0 ]; then
    echo "error: mutmut run exited with $status (a failing clean test run stops it)" >&2
    exit "$status"
fi
"$venv/bin/mutmut" results --all true > mutmut-results.txt
"$venv/bin/python" - "$repo/.ci/mutation_equivalent.txt" mutmut-results.txt \
    "${modules[@]}" << 'EOF'
"""Score per module from `mutmut results --all true`, equivalent mutants excluded."""

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

equivalent_file, results_file, *modules = sys.argv[1:]
equivalent = {}
for line in Path(equivalent_file).read_text().splitlines():
    if line.strip() and not line.startswith("#"):
        name, _, reason = line.partition(" ")
        equivalent[name] = reason.strip()

counts = defaultdict(Counter)
survivors = defaultdict(list)
stale = defaultdict(list)
for line in Path(results_file).read_text().splitlines():
    match = re.fullmatch(r"\s*(sklearn_rnn\.(\w+)\.\S+): (.+)", line)
    if not match or match[2] not in modules:
        continue
    name, module, status = match.groups()
    if name in equivalent:
        if status == "survived":
            status = "equivalent"
        else:  # an edit renumbered the mutants: the listed name is another one now
            stale[module].append(f"{name}: listed as equivalent but {status}")
    counts[module][status] += 1
    if status in ("survived", "no tests", "suspicious"):
        survivors[module].append(f"{name}: {status}")

print(f"{'module':<16}{'mutants':>8}{'killed':>8}{'timeout':>8}{'survived':>9}"
      f"{'no tests':>9}{'equiv.':>7}{'score':>8}")
total = Counter()
for module in modules:
    c = counts[module]
    total.update(c)
    scored = sum(c.values()) - c["skipped"] - c["equivalent"]
    score = (c["killed"] + c["timeout"]) / scored if scored else float("nan")
    print(f"{module:<16}{sum(c.values()):>8}{c['killed']:>8}{c['timeout']:>8}"
          f"{c['survived']:>9}{c['no tests']:>9}{c['equivalent']:>7}{score:>8.1%}")
scored = sum(total.values()) - total["skipped"] - total["equivalent"]
if scored:
    print(f"{'all':<16}{sum(total.values()):>8}{'':>50}"
          f"{(total['killed'] + total['timeout']) / scored:>8.1%}")
for module in modules:
    for line in survivors[module] + stale[module]:
        print("  ", line)
EOF
