#!/usr/bin/env bash
# Fuzzes PonderCore with libFuzzer (GUIDE §5: no input crashes or hangs Ponder).
#
#   scripts/fuzz.sh [records|layouts|query|all] [SECONDS]     default: all, 600 s per target
#
# Targets (Fuzz/Sources/*/main.swift):
#   records  arbitrary bytes as a dataset file (JSONL, array, object map, gzip) → RecordIndex, then
#            every record through JSONParser and every node read back
#   layouts  a small JSONL file → LayoutPlans.recognize → traces of every record → TraceMeasure
#            (every per-trace detector) → DatasetAnalysis; a first line "#p\tr\ta" gives explicit paths
#   query    an expression → lexer, parser, type checker, compiler, evaluation over a small store
#
# Builds Fuzz/ (a package of its own, so `swift build`/`swift test` never see it) with
# `-sanitize=fuzzer,address -O` into .build-fuzz, seeds each target (scripts/fuzz_seeds.py: fixtures,
# ../shared/data/json-test-suite when present, fixtures/fuzz/TARGET regressions), and runs it for
# SECONDS with -timeout (an input slower than FUZZ_TIMEOUT seconds, default 10, is a hang and a
# finding) on one core (-workers=1 -jobs=1). Everything it writes is under .fuzz/ (gitignored):
#   .fuzz/TARGET/corpus/    the growing corpus, kept between runs (delete it to start afresh)
#   .fuzz/TARGET/seeds/     the seeds, rewritten each run
#   .fuzz/TARGET/findings/  crash-*, timeout-*, oom-*, leak-* inputs
#   .fuzz/TARGET/fuzz-0.log libFuzzer's output;  .fuzz/summary.txt one line per run
# libFuzzer stops at the first finding; the script prints the input and the command that replays it.
# A finding is fixed in the product and its input kept in fixtures/fuzz/TARGET/ with a test
# (Tests/PonderCoreTests/FuzzRegressionTests.swift) that runs it through the same code path.
#
# Leaks are findings too (LeakSanitizer after each input), except Foundation's own, listed with
# their evidence in scripts/sanitizers/lsan.supp.
#
# Environment: FUZZ_TIMEOUT (s per input, default 10), FUZZ_RSS_MB (default 2048),
# FUZZ_SKIP_BUILD=1 (reuse the binaries), FUZZ_ARGS (more libFuzzer flags).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WHICH="${1:-all}"
SECONDS_PER_TARGET="${2:-600}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
RSS_MB="${FUZZ_RSS_MB:-2048}"
OUT="$ROOT/.fuzz"
SCRATCH="$ROOT/.build-fuzz"

case "$WHICH" in
    all) TARGETS=(records layouts query) ;;
    records|layouts|query) TARGETS=("$WHICH") ;;
    *) echo "usage: scripts/fuzz.sh [records|layouts|query|all] [SECONDS]" >&2; exit 2 ;;
esac
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a whole number" >&2; exit 2; }

export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitizers/lsan.supp:print_suppressions=0"

BUILD_FLAGS=(--package-path "$ROOT/Fuzz" --scratch-path "$SCRATCH" -c debug
             -Xswiftc -sanitize=fuzzer,address -Xswiftc -O)
if [[ "${FUZZ_SKIP_BUILD:-}" != 1 ]]; then
    echo "building the fuzz targets (swift build ${BUILD_FLAGS[*]})" >&2
    # gold warns once per ASan helper symbol that it cannot export it; harmless, and thousands of lines.
    swift build "${BUILD_FLAGS[@]}" 2>&1 | grep -v "Cannot export local symbol" >&2
    [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "build failed" >&2; exit 1; }
fi
BIN="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)"

status=0
for target in "${TARGETS[@]}"; do
    case "$target" in
        records) exe=FuzzRecords; max_len=65536 ;;
        layouts) exe=FuzzLayouts; max_len=65536 ;;
        query)   exe=FuzzQuery;   max_len=4096 ;;
    esac
    dir="$OUT/$target"
    rm -rf "$dir/seeds"
    mkdir -p "$dir/corpus" "$dir/seeds" "$dir/findings"
    extra=()
    if [[ "$target" == query ]]; then
        python3 "$ROOT/scripts/fuzz_seeds.py" "$target" "$dir/seeds" --max-len "$max_len" --dict "$dir/dict"
        extra+=(-dict="$dir/dict")
    else
        python3 "$ROOT/scripts/fuzz_seeds.py" "$target" "$dir/seeds" --max-len "$max_len"
    fi
    before=$(find "$dir/findings" -type f | wc -l)
    echo "fuzzing $target for ${SECONDS_PER_TARGET}s (log: $dir/fuzz-0.log)" >&2
    # -jobs=1 runs libFuzzer as one child writing fuzz-0.log in the current folder.
    start=$(date +%s)
    (cd "$dir" && "$BIN/$exe" corpus seeds \
        -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
        -max_len="$max_len" -workers=1 -jobs=1 -print_final_stats=1 \
        -artifact_prefix="$dir/findings/" "${extra[@]}" ${FUZZ_ARGS:-} >/dev/null 2>&1) || true
    secs=$(( $(date +%s) - start ))
    log="$dir/fuzz-0.log"
    # Executions: libFuzzer's final count, or the last status line's when it stopped on a finding.
    execs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    [[ -n "$execs" ]] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    corpus=$(find "$dir/corpus" -type f | wc -l)
    found=$(find "$dir/findings" -type f -newer "$dir/seeds" | sort)
    after=$(find "$dir/findings" -type f | wc -l)
    line="$(date -u +%Y-%m-%dT%H:%MZ) $target: $secs s wall, ${execs:-?} executions, ${cov:-cov: ?}, corpus $corpus inputs, findings $((after - before))"
    echo "$line" | tee -a "$OUT/summary.txt" >&2
    if [[ -n "$found" ]]; then
        status=1
        grep -E "ERROR: |SUMMARY: |Fatal error|ALARM|timeout|out-of-memory" "$log" | head -5 >&2 || true
        for f in $found; do echo "finding: $f   replay: $BIN/$exe $f" >&2; done
    fi
done
exit $status
