#!/usr/bin/env bash
# Measures the grader's loop on the real course, in a fresh clone of this checkout, and prints a
# Markdown table: each row's wall time, the grader's own time (the rest is `swift run` checking
# that `grade` is built) and the load average when the row started.
#   1. a cold `swift run grade` on a terminal (a pseudo-terminal, as a student's): the time to
#      the verdict of the exercise in focus ("Now: ..."), then to the full report;
#   2. a no-change re-run;
#   3. a re-grade of one exercise after editing its starter (`swift run grade <id>`);
#   4. the whole course after that edit (only the edited exercise is rebuilt and re-run);
#   5. what `swift run` adds (its up-to-date check alone), the loop with the built grader run
#      directly, and a re-grade of an exercise with race checks (two builds: plain and
#      ThreadSanitizer).
# Usage: Scripts/grade-benchmark.sh [exercise-id] [race-exercise-id]
#        (default first-threads racy-counter)
# GRADE_BENCHMARK_KEEP=1 keeps the clone (its path is printed) to measure more runs by hand
# without paying for the cold build again.
set -euo pipefail
source_checkout="$(cd "$(dirname "$0")/.." && pwd)"
exercise="${1:-first-threads}"
race_exercise="${2:-racy-counter}"
work="$(mktemp -d /tmp/grade-benchmark.XXXXXX)"
if [ "${GRADE_BENCHMARK_KEEP:-0}" = 1 ]; then
    echo "clone kept in $work/course" >&2
else
    trap 'rm -rf "$work"' EXIT
fi

git clone --quiet "$source_checkout" "$work/course"
cd "$work/course"
starter_of() { # exercise id -> its first starter file
    awk -v id="id=\"$1\"" '$0 ~ id {found=1} found && /<starter>/ {print; exit}' course.xml | sed 's:.*<starter>\(.*\)</starter>.*:\1:'
}
starter="$(starter_of "$exercise")"
race_starter="$(starter_of "$race_exercise")"

measure() { # label, command...
    local label="$1"; shift
    local start end status load
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start=$(date +%s.%N)
    set +e; "$@" >"$work/last.log" 2>&1; status=$?; set -e
    end=$(date +%s.%N)
    if [ "$status" -gt 1 ]; then
        echo "'$*' failed with status $status:" >&2; cat "$work/last.log" >&2; exit 1
    fi
    # The grader prints its own time at the end of the score line: "(1.23 s)".
    local own
    own="$(grep '^Score:' "$work/last.log" | sed -n 's/.*(\([0-9.]*\) s)$/\1/p' || true)"  # none for swift build
    printf '| %s | `%s` | %.1f s | %s | %s |\n' "$label" "$*" "$(echo "$end - $start" | bc)" "${own:+$own s}" "$load"
}

# The cold run on a pseudo-terminal (`script`), each line stamped with the seconds since the
# start, so the early verdict of the exercise in focus is timed as a student sees it.
measure_on_terminal() { # label, command
    local label="$1" command="$2" start load first full
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start=$(date +%s.%N)
    script -qfec "$command" /dev/null | python3 -u -c '
import sys, time
start = float(sys.argv[1])
for line in sys.stdin:
    print(f"{time.time() - start:.1f} {line}", end="")' "$start" >"$work/terminal.log" || true
    first="$(grep -m1 'Now: ' "$work/terminal.log" | cut -d' ' -f1 || true)"
    full="$(grep -m1 'Score: ' "$work/terminal.log" | cut -d' ' -f1 || true)"
    if [ -z "$full" ]; then echo "'$command' printed no score:" >&2; cat "$work/terminal.log" >&2; exit 1; fi
    printf '| %s: the exercise in focus | `%s` | %s s | | %s |\n' "$label" "$command" "${first:-none}" "$load"
    printf '| %s: the whole course | `%s` | %s s | | |\n' "$label" "$command" "$full"
}

echo "| run | command | wall time | of which the grader | load average |"
echo "| --- | --- | --- | --- | --- |"
measure_on_terminal "cold (fresh clone), on a terminal" "swift run grade"
measure "no change" swift run grade
echo "// edited for the benchmark" >> "$starter"
measure "re-grade one edited exercise" swift run grade "$exercise"
echo "// edited again" >> "$starter"
measure "whole course after one edit" swift run grade
# What `swift run` adds: its check that the `grade` product is up to date, alone, and the
# same loop with the built executable run directly.
measure "swift run's up-to-date check alone" swift build --product grade
measure "no change, built grader run directly" .build/debug/grade
echo "// edited a third time" >> "$starter"
measure "re-grade one edited exercise, run directly" .build/debug/grade "$exercise"
echo "// edited for the benchmark" >> "$race_starter"
measure "re-grade one edited exercise with race checks" swift run grade "$race_exercise"
