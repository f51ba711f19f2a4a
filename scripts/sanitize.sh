#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer (issue #6, part 4).
#
#   scripts/sanitize.sh [address|thread|all]        default: all
#
# Each sanitizer builds into its own scratch folder (.build-asan, .build-tsan: gitignored by the
# `.build-*/` rule), so it never disturbs the normal .build. `swift test --sanitize=X` instruments
# every Swift target, the `ponder` binary included, so the CLI and tmux tests exercise a sanitized
# binary as well. The C targets (CGuard, the CCLD2 shim) are compiled with the flag too; the system
# libraries they link (ncursesw, zlib, libcld2) are not instrumented: ASan still checks every access
# our code makes to their memory, TSan sees no accesses inside them.
#
# Every process writes its reports to SCRATCH/reports/<asan|tsan>.<pid> (`log_path`), the test
# runner and each `ponder` a test spawns alike: a child's report would otherwise only change its
# exit status, which a test expecting a failure would not notice. Any report file fails the run;
# the script prints them. Test output goes to the terminal and to SCRATCH/sanitize.log.
#
# Suppressions (scripts/sanitizers/*.supp) hold only reports that are not ours, each with its reason;
# see those files. Extra arguments after the first go to `swift test` (e.g. --filter Loader).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
WHICH="${1:-all}"
shift || true
case "$WHICH" in
    all) KINDS=(address thread) ;;
    address|thread) KINDS=("$WHICH") ;;
    *) echo "usage: scripts/sanitize.sh [address|thread|all] [swift test arguments]" >&2; exit 2 ;;
esac

SUPP="$ROOT/scripts/sanitizers"
status=0
for kind in "${KINDS[@]}"; do
    case "$kind" in
        address)
            scratch=.build-asan
            # halt_on_error: the first report fails the process; detect_leaks: LeakSanitizer at exit.
            export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=23:check_initialization_order=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$ROOT/$scratch/reports/asan"
            export LSAN_OPTIONS="suppressions=$SUPP/lsan.supp:print_suppressions=0"
            ;;
        thread)
            scratch=.build-tsan
            export TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$SUPP/tsan.supp:print_suppressions=0:second_deadlock_stack=1:log_path=$ROOT/$scratch/reports/tsan"
            ;;
    esac
    rm -rf "$scratch/reports"
    mkdir -p "$scratch/reports"
    log="$scratch/sanitize.log"
    echo "== swift test --sanitize=$kind --scratch-path $scratch $*" | tee "$log"
    start=$(date +%s)
    # The bound is the last guard against a hang (every child a test spawns has its own deadline).
    rc=0
    timeout --kill-after=30 5400 swift test --sanitize="$kind" --scratch-path "$scratch" "$@" 2>&1 | tee -a "$log" || rc=${PIPESTATUS[0]}
    end=$(date +%s)
    reports=$(find "$scratch/reports" -type f | sort)
    for r in $reports; do echo "== report $r"; cat "$r"; done | tee -a "$log"
    count=$(find "$scratch/reports" -type f | wc -l)
    echo "== $kind: swift test exit $rc, $count sanitizer report(s), $((end - start)) s wall (log: $log)" | tee -a "$log"
    [[ $rc -eq 0 && $count -eq 0 ]] || status=1
done
exit $status
