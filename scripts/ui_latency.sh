#!/usr/bin/env bash
# Measures what a user waits for in the inspector, in a real terminal (tmux):
#   (a) the first screen: from launch until table rows are visible;
#   (b) key responses: from sending a key until the screen shows its effect (j: the status line's
#       row number; m/l/o: the header's filter), while loading and after loading ends.
# Times are wall clock and include tmux's round trip (a capture-pane every few milliseconds; on
# the tiny demo this floor is 30-40 ms on a busy 2-core machine), so they are upper bounds. The
# inspector also logs, through PONDER_LATENCY_LOG, the time from reading each key to the painted
# screen, and the time each loading snapshot takes on its thread (keys wait for it): those are
# printed as "in the inspector". Nothing here is a test. The file is read without the index cache
# (--no-cache), so every run measures a first opening; PONDER_UI_CACHE=1 measures a reopening.
#
#   scripts/ui_latency.sh [FILE] [WIDTHxHEIGHT] [REPEATS]
#   default: bench/corpus-1GB.jsonl (scripts/gen_corpus.py --size 1GB --out bench/corpus-1GB.jsonl), 200x50, 5
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-bench/corpus-1GB.jsonl}
SIZE=${2:-200x50}
REPEATS=${3:-5}
W=${SIZE%x*}; H=${SIZE#*x}
BIN=${PONDER:-.build/release/ponder}
CACHE_ARG="--no-cache"; [ "${PONDER_UI_CACHE:-0}" = 1 ] && CACHE_ARG=
[ -x "$BIN" ] || { echo "build first: swift build -c release --product ponder" >&2; exit 2; }
[ -e "$FILE" ] || { echo "no $FILE: python3 scripts/gen_corpus.py --size 1GB --out bench/corpus-1GB.jsonl" >&2; exit 2; }
command -v tmux >/dev/null || { echo "needs tmux" >&2; exit 2; }

SOCK="ponder-latency-$$"
TMP=$(mktemp -d)
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
screen() { tmux -L "$SOCK" capture-pane -t lat -p; }
# Waits until the screen satisfies the grep -E pattern (or its absence with -v); prints the ms waited.
wait_for() {
  local flag="" ; if [ "$1" = "-v" ]; then flag="-v"; shift; fi
  local pattern=$1 start=$2 deadline=$(( $(now_ms) + ${3:-120} * 1000 ))
  while :; do
    local s; s=$(screen)
    if [ -z "$flag" ]; then grep -Eq -- "$pattern" <<<"$s" && break
    else grep -Eq -- "$pattern" <<<"$s" || break; fi
    [ "$(now_ms)" -gt "$deadline" ] && { echo "timeout waiting for $pattern" >&2; return 1; }
    sleep 0.002
  done
  echo $(( $(now_ms) - start ))
}
status_row() { local s; s=$(screen); tail -1 <<<"$s" | awk '{print $1}' | cut -d/ -f1; }
loading() { local s; s=$(screen); tail -1 <<<"$s" | grep -Eq '\] [0-9.]+%'; }

# One key and the wait for its effect; prints ms.
key_j() {
  local before; before=$(status_row)
  local t; t=$(now_ms); tmux -L "$SOCK" send-keys -t lat j
  wait_for "^ $((before + 1))/" "$t"
}
key_filter() {  # key, header word
  local t; t=$(now_ms); tmux -L "$SOCK" send-keys -t lat "$1"
  wait_for "filter: .*$2" "$t"
  t=$(now_ms); tmux -L "$SOCK" send-keys -t lat "$1"
  wait_for -v "filter: .*$2" "$t"
}

report() {  # label, values...
  local label=$1; shift
  printf '%-34s %s ms\n' "$label" "$(printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %d, max %d (n=%d)", a[int((NR+1)/2)], a[NR], NR}')"
}

measure_keys() {  # phase label
  local js=() ms=() ls=() os=()
  for _ in $(seq "$REPEATS"); do
    js+=("$(key_j)")
    # shellcheck disable=SC2207
    ms+=($(key_filter m mixed)); ls+=($(key_filter l loop)); os+=($(key_filter o outlier))
  done
  report "$1: j (next trace)" "${js[@]}"
  report "$1: m on/off (mixed)" "${ms[@]}"
  report "$1: l on/off (loop)" "${ls[@]}"
  report "$1: o on/off (outlier)" "${os[@]}"
}

echo "$(basename "$FILE") ($(du -Lh "$FILE" | cut -f1)), ${W}x${H}, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
start=$(now_ms)
tmux -L "$SOCK" new-session -d -s lat -x "$W" -y "$H" \
  "TERM=xterm-256color PONDER_LATENCY_LOG='$TMP/latency.log' exec '$BIN' $CACHE_ARG --flags-file '$TMP/flags.jsonl' '$FILE'"
first=$(wait_for '^ +1 ' "$start")
echo "first screen (table rows visible): ${first} ms"
if loading; then
  measure_keys "while loading"
else
  echo "(loading ended before the first key: no figures while loading)"
fi
wait_for -v '\] [0-9.]+%' "$start" 1800 >/dev/null
done_ms=$(( $(now_ms) - start ))
echo "loading ended after: ${done_ms} ms"
sleep 0.5
loaded_lines=$(wc -l < "$TMP/latency.log")
measure_keys "after loading"
tmux -L "$SOCK" send-keys -t lat q
sleep 0.3

# In the inspector: from reading a key to the painted screen; loading snapshots.
set +e +o pipefail
inapp() {  # label; reads "what<TAB>ms" lines
  local values; values=$(cut -f2 | sort -n)
  [ -n "$values" ] || return 0
  awk -v label="$1" '{a[NR]=$1} END { printf "%-34s median %.1f, max %.1f (n=%d) ms\n", label, a[int((NR+1)/2)], a[NR], NR }' <<<"$values"
}
head -n "$loaded_lines" "$TMP/latency.log" | grep '^key' | inapp "in the inspector, while loading: keys"
head -n "$loaded_lines" "$TMP/latency.log" | grep '^snapshot' | inapp "in the inspector: loading snapshots"
tail -n +"$((loaded_lines + 1))" "$TMP/latency.log" | grep '^key' | inapp "in the inspector, after loading: keys"
for k in j m l o; do
  tail -n +"$((loaded_lines + 1))" "$TMP/latency.log" | grep "^key $k	" | inapp "  after loading: $k"
done
