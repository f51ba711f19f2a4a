#!/usr/bin/env bash
# Ponder scan benchmark (GUIDE §6): ponder scan vs the Python reference vs wc -l, side by side.
#
#   scripts/bench.sh [SIZE]          # default 1GB; corpus: bench/corpus-SIZE.jsonl (generated if absent)
#
# Environment:
#   PONDER=path           binary to benchmark (default .build/release/ponder)
#   REF_PREFIX=100MB      the Python reference runs on the first REF_PREFIX bytes (whole lines)
#                         and its time is scaled linearly to the full file ("all" = whole file)
#   PONDER_SKIP_BUILD=1   do not run `swift build` (use the existing .build/release/ponder)
#   SEED=42               corpus seed
set -uo pipefail
cd "$(dirname "$0")/.."

SIZE="${1:-1GB}"
REF_PREFIX="${REF_PREFIX:-100MB}"
SEED="${SEED:-42}"
CORPUS="bench/corpus-$SIZE.jsonl"
PONDER="${PONDER:-.build/release/ponder}"   # override to benchmark another binary
mkdir -p bench

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "== installing GNU time (apt-get install time)" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get install -y time >/dev/null || { echo "error: GNU time (/usr/bin/time -v) is required" >&2; exit 1; }
fi

if [ ! -s "$CORPUS" ]; then
    echo "== generating $CORPUS (seed $SEED)" >&2
    python3 scripts/gen_corpus.py --size "$SIZE" --seed "$SEED" --out "$CORPUS" || exit 1
fi
FILE_BYTES=$(stat -L -c %s "$CORPUS")

# measure NAME CMD... : runs CMD under /usr/bin/time -v, stdout to bench/out-NAME.txt
measure() {
    local name="$1"; shift
    echo "== $name: $*" >&2
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "bench/time-$name.txt" "$@" > "bench/out-$name.txt"
    local rc=$?
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 ))" > "bench/wall-$name.txt"   # microseconds, finer than time -v
    [ $rc = 0 ] || echo "   (exit status $rc)" >&2
    return $rc
}

echo "== warming the page cache (cat $CORPUS > /dev/null)" >&2
cat "$CORPUS" > /dev/null

measure wc wc -l "$CORPUS"

PONDER_OK=0
rm -f bench/time-ponder.txt bench/out-ponder.txt
if [ "${PONDER_SKIP_BUILD:-0}" != 1 ]; then
    echo "== swift build -c release --product ponder" >&2
    swift build -c release --product ponder >bench/build.log 2>&1 || echo "   swift build failed: see bench/build.log" >&2
fi
if [ ! -x "$PONDER" ]; then
    echo "!! $PONDER does not exist (build failed or skipped): ponder figures skipped" >&2
elif ! "$PONDER" scan --help 2>&1 | grep -q -- '--jsonl'; then
    echo "!! '$PONDER scan --jsonl' is not implemented yet in this build (ponder scan --help does not mention --jsonl): ponder figures skipped" >&2
elif measure ponder "$PONDER" scan --no-cache --jsonl "$CORPUS" && measure ponder-idle "$PONDER" scan --no-cache fixtures/formats/sharegpt.jsonl \
     && measure ponder-nolang "$PONDER" scan --no-cache --no-language "$CORPUS" \
     && { head -c "$((FILE_BYTES / 2))" "$CORPUS" | head -n -1 > "bench/prefix-$SIZE.jsonl"; measure ponder-prefix "$PONDER" scan --no-cache "bench/prefix-$SIZE.jsonl"; } \
     && { rm -rf bench/cache; PONDER_CACHE_DIR=bench/cache "$PONDER" scan "$CORPUS" > /dev/null; PONDER_CACHE_DIR=bench/cache measure ponder-reopen "$PONDER" scan "$CORPUS"; }; then
    PONDER_OK=1
else
    echo "!! '$PONDER scan --jsonl' failed: ponder figures skipped" >&2
fi
rm -f bench/time-ponder.skip; [ $PONDER_OK = 1 ] || touch bench/time-ponder.skip

if ! python3 -c "import orjson, pycld2" 2>/dev/null; then
    echo "== installing the reference's Python packages (pip install orjson pycld2)" >&2
    python3 -m pip install --quiet orjson pycld2 || { echo "error: the reference needs orjson and pycld2" >&2; exit 1; }
fi
REF_ARGS=""
if [ "$REF_PREFIX" != all ]; then
    REF_LIMIT=$(python3 -c "import sys; sys.path.insert(0,'scripts'); import gen_corpus as g; print(g.parse_size('$REF_PREFIX'))")
    REF_ARGS="--limit-bytes $REF_LIMIT"
fi
# The reference doing ponder scan's job, and its --light subset (the reference before 2026-12).
measure python python3 scripts/reference_scan.py "$CORPUS" $REF_ARGS || exit 1
measure python-light python3 scripts/reference_scan.py --light "$CORPUS" $REF_ARGS || exit 1

PONDER="$PONDER" SEED="$SEED" python3 - "$CORPUS" "$FILE_BYTES" "$PONDER_OK" "$REF_ARGS" "$SIZE" <<'EOF'
import os, re, sys
corpus, file_bytes, ponder_ok, ref_args, size = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5]

def parse(name):
    t = open("bench/time-%s.txt" % name).read()
    w = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
    wall = int(w.group(1) or 0) * 3600 + int(w.group(2)) * 60 + float(w.group(3))
    try:
        wall = int(open("bench/wall-%s.txt" % name).read()) / 1e6   # date-based, microsecond resolution
    except (OSError, ValueError):
        pass
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", t).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) * 1024
    return wall, int(cpu), rss

def lines(name):
    with open("bench/out-%s.txt" % name, "rb") as f:
        return sum(1 for _ in f)

MB = 1e6
rows = []
wc = parse("wc")
rows.append(("wc -l", wc[0], file_bytes, wc[1], wc[2], ""))
py = parse("python")
py_traces = lines("python")
# the prefix the reference read: whole lines up to the limit (as reference_scan.py does)
py_bytes = file_bytes
if ref_args:
    limit = int(ref_args.split()[1])
    n = 0
    with open(corpus, "rb") as f:
        for line in f:
            if n + len(line) > limit:
                break
            n += len(line)
    py_bytes = n
py_scaled = py[0] * file_bytes / py_bytes
prefix_note = " (prefix %.0f MB, scaled)" % (py_bytes / MB) if ref_args else ""
rows.append(("python reference" + prefix_note, py_scaled, file_bytes, py[1], py[2],
             "measured %.2fs on %.1f MB" % (py[0], py_bytes / MB) if ref_args else ""))
light = parse("python-light")
light_scaled = light[0] * file_bytes / py_bytes
rows.append(("python reference --light" + prefix_note, light_scaled, file_bytes, light[1], light[2],
             "measured %.2fs on %.1f MB; a part of the job" % (light[0], py_bytes / MB) if ref_args else "a part of the job"))
if ponder_ok:
    po = parse("ponder")
    traces = lines("ponder")
    rows.insert(1, ("ponder scan --jsonl", po[0], file_bytes, po[1], po[2], "%d traces" % traces))
    nl = parse("ponder-nolang")
    rows.insert(2, ("ponder scan --no-language", nl[0], file_bytes, nl[1], nl[2], "language pass off"))

print()
print("corpus: %s, %.1f MB (%d bytes)" % (corpus, file_bytes / MB, file_bytes))
print("%-42s %9s %9s %6s %11s  %s" % ("command", "wall s", "MB/s", "CPU%", "peak RSS MB", ""))
for name, wall, b, cpu, rss, note in rows:
    print("%-42s %9.2f %9.1f %5d%% %11.1f  %s" % (name, wall, b / MB / wall if wall else float("inf"), cpu, rss / MB, note))
print()
if ponder_ok:
    ratio_py = py_scaled / po[0]
    ratio_wc = po[0] / wc[0] if wc[0] else float("inf")
    mem = (po[2] - file_bytes) / traces if traces else float("nan")
    idle = parse("ponder-idle")[2]
    mem_net = (po[2] - file_bytes - idle) / traces if traces else float("nan")
    print("ponder vs python reference : %.1fx faster   (target >= 30x)  %s" % (ratio_py, "OK" if ratio_py >= 30 else "MISSED"))
    print("  vs the --light reference : %.1fx faster   (lines, 5-grams, chars/4, no language: a part of the job)" % (light_scaled / po[0]))
    # The reference does the same job: its figures, trace by trace, against ponder's on the prefix.
    import orjson
    ref = {}
    with open("bench/out-python.txt", "rb") as f:
        for l in f:
            r = orjson.loads(l)
            ref[(r["line"], r["generation"])] = r
    same = {k: 0 for k in ("reasoning_chars", "dup_line_chars", "dup_ngram_chars", "top_ngram_chars",
                           "repetition", "loop", "mixed", "truncated", "prompt_lang", "inconsistent")}
    compared = 0
    with open("bench/out-ponder.txt", "rb") as f:
        for l in f:
            p = orjson.loads(l)
            r = ref.get((p["line"], p["generation"]))
            if r is None:
                continue
            compared += 1
            for k in same:
                a, b = p[k], r[k]
                same[k] += (abs(a - b) <= 5e-4) if isinstance(a, float) or isinstance(b, float) else a == b
    print("  same job, trace by trace : %d traces compared; equal figures: %s" % (compared, ", ".join(
        "%s %.1f%%" % (k, 100 * v / compared) for k, v in same.items()) if compared else "none compared"))
    print("ponder vs wc -l (floor)    : %.1fx the floor's time" % ratio_wc)
    print("memory beyond file size    : %.0f bytes/trace = (peak RSS %d - file %d) / %d traces  (target <= 300)  %s"
          % (mem, po[2], file_bytes, traces, "OK" if mem <= 300 else "MISSED"))
    print("  less the fixed runtime   : %.0f bytes/trace = (peak RSS - file - %.1f MB, ponder's RSS on a 3-record file: Swift, Foundation, ICU) / traces  %s"
          % (mem_net, idle / MB, "OK" if mem_net <= 300 else "MISSED"))
    if mem < 0:
        print("  (negative: peak RSS below the file size, i.e. the file was not all resident at once)")
    # The cost of one more trace: the slope between the corpus and its first half (whole lines);
    # the fixed part (runtime, per-worker buffers, allocator arenas) cancels out.
    pre = parse("ponder-prefix")
    pre_file = os.path.getsize("bench/prefix-%s.jsonl" % size)
    pre_traces = lines("ponder-prefix")
    if traces > pre_traces:
        slope = ((po[2] - file_bytes) - (pre[2] - pre_file)) / (traces - pre_traces)
        print("  per additional trace     : %.0f bytes/trace = slope of (peak RSS - file) between the first half (%d traces) and the whole (%d)  %s"
              % (slope, pre_traces, traces, "OK" if slope <= 300 else "MISSED"))
    ro = parse("ponder-reopen")
    print("reopening (cached index)   : %.2fs wall for the whole scan of the unchanged file, %.0fx faster than the first" % (ro[0], po[0] / ro[0]))
    nl = parse("ponder-nolang")
    print("language pass (CLD2) cost  : %.2fs wall with it, %.2fs with --no-language: %+.0f%% (%.1fx vs python)"
          % (po[0], nl[0], 100 * (po[0] - nl[0]) / nl[0], py_scaled / nl[0]))
else:
    print("ponder: NOT MEASURED (no working '.build/release/ponder scan'); python and wc figures only.")
    print("python reference traces on its prefix: %d" % py_traces)
print()
print("reproduce:")
print("  python3 scripts/gen_corpus.py --size %s --seed %s --out %s   # if absent" % (size, os.environ.get("SEED", "42"), corpus))
print("  swift build -c release --product ponder")
print("  cat %s > /dev/null   # warm the page cache" % corpus)
print("  /usr/bin/time -v wc -l %s" % corpus)
print("  /usr/bin/time -v " + os.environ.get("PONDER", ".build/release/ponder") + " scan --no-cache --jsonl %s > bench/out-ponder.txt   # output kept to count traces" % corpus)
print("  /usr/bin/time -v " + os.environ.get("PONDER", ".build/release/ponder") + " scan --no-cache --no-language %s > /dev/null" % corpus)
print("  PONDER_CACHE_DIR=bench/cache " + os.environ.get("PONDER", ".build/release/ponder") + " scan %s > /dev/null   # twice: the second reuses the cache" % corpus)
print("  /usr/bin/time -v python3 scripts/reference_scan.py %s %s > bench/out-python.txt" % (corpus, ref_args))
print("  /usr/bin/time -v python3 scripts/reference_scan.py --light %s %s > /dev/null" % (corpus, ref_args))
print("  (or simply: scripts/bench.sh %s)" % size)
EOF
