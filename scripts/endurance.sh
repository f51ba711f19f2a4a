#!/usr/bin/env bash
# Endurance run of the inspector (issue #6, part 5): thousands of random keys and resizes in tmux.
#
#   scripts/endurance.sh [FILE] [KEYS]     # default: fixtures/demo.jsonl, 5000 keys
#
# Drives `ponder FILE` in a private tmux server (its own socket) with KEYS random keys drawn from
# every binding of the key map (moves, panes, zoom, generations, filters, expressions valid and
# not, search and n/N, sort, histograms, help, flag picker, notes, export prompts), typed text
# for the prompts, and a resize between tiny (2x2) and large (300x90) sizes about every 60 keys.
# Every PROBE_EVERY keys it probes: Escape three times (back to the table from any screen),
# resize to 120x40, `?`, and waits for the help screen; then Escape.
#
# Fails (exit 1) on:
#   - a crash: the ponder process gone before the final `q` (its stderr is shown);
#   - a hang: a probe not answered within PROBE_TIMEOUT seconds (default 10);
#   - memory growth: RSS above its value once loading finished by more than RSS_BOUND_MB
#     (default 64 MiB; see below), or a final `q` that does not end the process.
#
# The bound: after loading, what the inspector holds is the columns (a few hundred bytes a trace,
# allocated once), the file's mapped pages (counted in RSS from the start: MAP_POPULATE), and per
# screen one decoded trace with its highlights plus arrays of row indices (4 bytes a trace for
# filters and sorts, 0.2 MB at 50,000 traces). None of that accumulates across keys: a trace of
# 400 KB decodes to a few MB, so 64 MiB is more than ten times the largest legitimate transient,
# and a leak of even 10 KB a key would exceed it within a run of 5,000 keys.
#
# Environment: PONDER (binary, default .build/release/ponder, built if missing), SEED (default 1),
# PROBE_EVERY (100), PROBE_TIMEOUT (10), RSS_BOUND_MB (64), KEEP=1 keeps the work folder.
# Writes the RSS samples to WORK/rss.tsv (keys sent, RSS KiB) and prints a summary.
set -uo pipefail
cd "$(dirname "$0")/.."

FILE="${1:-fixtures/demo.jsonl}"
KEYS="${2:-5000}"
SEED="${SEED:-1}"
PROBE_EVERY="${PROBE_EVERY:-100}"
PROBE_TIMEOUT="${PROBE_TIMEOUT:-10}"
RSS_BOUND_MB="${RSS_BOUND_MB:-64}"
PONDER="${PONDER:-.build/release/ponder}"

command -v tmux >/dev/null || { echo "error: tmux is required" >&2; exit 2; }
[ -r "$FILE" ] || { echo "error: cannot read $FILE" >&2; exit 2; }
if [ ! -x "$PONDER" ]; then
    echo "== building $PONDER (swift build -c release --product ponder)" >&2
    swift build -c release --product ponder >&2 || exit 2
fi
FILE="$(cd "$(dirname "$FILE")" && pwd)/$(basename "$FILE")"
PONDER="$(cd "$(dirname "$PONDER")" && pwd)/$(basename "$PONDER")"

WORK="$(mktemp -d /tmp/ponder-endurance-XXXXXX)"
SOCK="ponder-endurance-$$"
T="tmux -L $SOCK"
cleanup() {
    $T kill-server 2>/dev/null
    rm -rf "$EXPORTS"
    [ "${KEEP:-0}" = 1 ] && echo "work folder kept: $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
# Typed into the export prompt: digits only, so that if the prompt was not open no letter of it
# (a q) can act as a key.
EXPORTS="/tmp/ponder-endurance-exports-$$"
mkdir -p "$EXPORTS"

RANDOM=$SEED
# pick sets P (no command substitution: a subshell would not advance this shell's RANDOM).
pick() { local a=("$@"); P="${a[RANDOM % ${#a[@]}]}"; }
screen() { $T capture-pane -p -t e 2>/dev/null; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null; }
alive() { [ -r "/proc/$PID/status" ] && ! grep -q '^State:.*Z' "/proc/$PID/status" 2>/dev/null; }
now() { date +%s%N; }

fail() {
    echo "FAIL: $*" >&2
    echo "---- last screen ----" >&2; screen >&2
    echo "---- ponder stderr ----" >&2; tail -40 "$WORK/stderr.log" >&2
    echo "---- last keys ----" >&2; tail -20 "$WORK/keys.log" >&2
    KEEP=1
    exit 1
}

# Start: ponder in the pane, its stderr to a file, its exit status kept.
$T new-session -d -s e -x 120 -y 40 \
    "'$PONDER' '$FILE' --flags-file '$WORK/flags.jsonl' 2>'$WORK/stderr.log'; echo \$? > '$WORK/exit-status'; sleep 86400"
PID=""
for _ in $(seq 100); do
    PANE=$($T display-message -p -t e '#{pane_pid}' 2>/dev/null)
    for p in $PANE $(pgrep -P "$PANE" 2>/dev/null); do
        [ "$(cat /proc/$p/comm 2>/dev/null)" = ponder ] && PID=$p
    done
    [ -n "$PID" ] && break
    sleep 0.1
done
[ -n "$PID" ] || fail "ponder did not start"

# Wait for loading to finish: the header counts traces and the status line has no progress bar.
t0=$(now)
while true; do
    alive || fail "ponder died while loading"
    s="$(screen)"
    if echo "$s" | head -1 | grep -q ' of [0-9]* traces' && ! echo "$s" | tail -1 | grep -Eq '\] [0-9.]+% '; then break; fi
    [ $(( ($(now) - t0) / 1000000000 )) -lt 600 ] || fail "loading did not finish in 600 s"
    sleep 0.2
done
LOAD_S=$(( ($(now) - t0) / 1000000 ))
TRACES=$(screen | head -1 | grep -o '[0-9]* of [0-9]* traces' | awk '{print $3}')
sleep 0.5
RSS0=$(rss); RSSMAX=$RSS0; RSSLAST=$RSS0
echo "== ponder $PID on $FILE: $TRACES traces, loaded in $((LOAD_S / 1000)).$((LOAD_S % 1000 / 100)) s, RSS $((RSS0 / 1024)) MiB; $KEYS keys, seed $SEED" >&2
printf 'keys\trss_kib\n0\t%s\n' "$RSS0" > "$WORK/rss.tsv"

SIZES=("2 2" "3 1" "10 3" "20 5" "40 10" "60 15" "80 24" "100 30" "120 40" "160 45" "200 60" "250 70" "300 90")
MOVES=(j k Down Up NPage PPage Space b C-d C-u g G Home End Tab BTab Left Right z "[" "]" "*" j j k k Tab j)
FILTERS=(m l t o d F x s S)
EXPRS=("loop" "mixed and not truncated" "reasoning.tokens > p90" "reasoning ~ /wait/i" 'source == "taco"' "(((" "reasoning.chars >" "nonsense" 'flag == "loop"' "" "length_z > 2 or duplicate" "not loop and mix >= 0.01")
SEARCHES=("the" "Wait" "boxed" "zzzz-not-there" "分解" "x")
NOTES=("checked" "looks cut off" "日本語のメモ" "")

sent=0; resizes=0; probes=0; probe_max_ms=0; exports=0
send() { $T send-keys -t e "$@" 2>/dev/null; echo "$*" >> "$WORK/keys.log"; }
typed() { $T send-keys -t e -l "$1" 2>/dev/null; echo "(text) $1" >> "$WORK/keys.log"; }

probe() {
    local p0 s; p0=$(now)
    send Escape; send Escape; send Escape
    $T resize-window -t e -x 120 -y 40 2>/dev/null
    sleep 0.1
    send "?"
    while true; do
        alive || fail "ponder died (probe $probes, after $sent keys)"
        s="$(screen)"
        echo "$s" | grep -q "show only truncated traces" && break
        [ $(( ($(now) - p0) / 1000000000 )) -lt "$PROBE_TIMEOUT" ] || fail "hang: no help screen ${PROBE_TIMEOUT} s after '?' (after $sent keys)"
        sleep 0.05
    done
    send Escape
    local ms=$(( ($(now) - p0) / 1000000 ))
    [ $ms -gt $probe_max_ms ] && probe_max_ms=$ms
    probes=$((probes + 1))
}

START=$(now)
# Never drawn: q and Ctrl-C, which quit from the table (and Ctrl-C from help and histograms);
# a prompt left open by one step takes the next step's keys as text, as a user's would.
while [ $sent -lt "$KEYS" ]; do
    r=$((RANDOM % 100))
    if [ $r -lt 55 ]; then
        # A burst of moves.
        n=$((1 + RANDOM % 6)); ks=()
        for _ in $(seq $n); do pick "${MOVES[@]}"; ks+=("$P"); done
        send "${ks[@]}"; sent=$((sent + n))
    elif [ $r -lt 68 ]; then
        pick "${FILTERS[@]}"; send "$P"; sent=$((sent + 1))
    elif [ $r -lt 74 ]; then
        send ":"; pick "${EXPRS[@]}"; typed "$P"; pick Enter Enter Enter Escape C-u; send "$P"; sent=$((sent + 3))
    elif [ $r -lt 79 ]; then
        send "/"; pick "${SEARCHES[@]}"; typed "$P"; send Enter; pick n N n Escape; send "$P"; sent=$((sent + 4))
    elif [ $r -lt 83 ]; then
        send D; pick j k Tab Enter Escape D "]" "[" G g; send "$P"; pick j k Escape Enter "]"; send "$P"; sent=$((sent + 3))
    elif [ $r -lt 86 ]; then
        pick "?" h; send "$P"; pick j k Space NPage Escape "?" h; send "$P"; sent=$((sent + 2))
    elif [ $r -lt 91 ]; then
        send f; pick j k Space x Space; send "$P"; pick Enter Escape Space x; send "$P"; pick Enter Escape; send "$P"; sent=$((sent + 4))
    elif [ $r -lt 94 ]; then
        send e; pick "${NOTES[@]}"; typed "$P"; pick Enter Escape BSpace DC C-u; send "$P"; pick Enter Escape; send "$P"; sent=$((sent + 4))
    elif [ $r -lt 96 ]; then
        send Escape; send E
        if [ $((RANDOM % 5)) = 0 ] && [ $exports -lt 10 ]; then
            exports=$((exports + 1)); typed "$EXPORTS/$exports.jsonl"; send Enter
            sleep 0.5; rm -f "$EXPORTS/"*
        else
            typed "abc"; send Escape
        fi
        sent=$((sent + 2))
    else
        pick "${SIZES[@]}"; read -r w h <<< "$P"
        $T resize-window -t e -x "$w" -y "$h" 2>/dev/null; resizes=$((resizes + 1))
        echo "(resize) ${w}x${h}" >> "$WORK/keys.log"
    fi
    alive || fail "ponder died after $sent keys"
    RSSLAST=$(rss); [ -n "$RSSLAST" ] || fail "ponder died after $sent keys"
    [ "$RSSLAST" -gt "$RSSMAX" ] && RSSMAX=$RSSLAST
    printf '%s\t%s\n' "$sent" "$RSSLAST" >> "$WORK/rss.tsv"
    if [ $(( sent / PROBE_EVERY )) -gt $probes ]; then probe; fi
done
probe
RSSEND=$(rss); HWM=$(hwm)
ELAPSED=$(( ($(now) - START) / 1000000000 ))

# Quit and check that the process ends.
send Escape; send Escape; send Escape; send q
for _ in $(seq 100); do alive || break; sleep 0.1; done
alive && fail "q did not end ponder"
STATUS=$(cat "$WORK/exit-status" 2>/dev/null || echo "?")
[ "$STATUS" = 0 ] || fail "ponder exited with status $STATUS"

GROWTH_KB=$((RSSMAX - RSS0))
BOUND_KB=$((RSS_BOUND_MB * 1024))
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo "== $(basename "$FILE"): $TRACES traces, $sent keys + $resizes resizes + $probes probes in ${ELAPSED} s (slowest probe $probe_max_ms ms), $exports exports"
echo "   RSS MiB: start $(mib "$RSS0"), max $(mib "$RSSMAX"), end $(mib "$RSSEND") (VmHWM $(mib "$HWM")); growth $(mib "$GROWTH_KB") MiB, bound $RSS_BOUND_MB MiB"
echo "   reproduce: SEED=$SEED scripts/endurance.sh $1 $KEYS" | sed "s|$1|${1:-fixtures/demo.jsonl}|"
if [ "$GROWTH_KB" -gt "$BOUND_KB" ]; then
    cp "$WORK/rss.tsv" "/tmp/ponder-endurance-rss-$$.tsv"
    fail "RSS grew by $(mib "$GROWTH_KB") MiB, more than $RSS_BOUND_MB MiB (samples: /tmp/ponder-endurance-rss-$$.tsv)"
fi
echo "PASS"
