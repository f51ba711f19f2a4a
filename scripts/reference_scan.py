#!/usr/bin/env python3
"""The straightforward Python reference for `ponder scan --jsonl` (GUIDE §6).

    python3 scripts/reference_scan.py FILE [--limit-bytes N] [--light] > out.jsonl

One loop over the lines with orjson, simple key checks for the layouts of
GUIDE §2, and the per-trace detectors in plain Python, written as a user would:
the same job as `ponder scan`, one JSON line per trace with its fields (lengths
and token estimates, script mixing, the prompt's and the reasoning's language
by CLD2 (pycld2), the tail loop, Gopher's repetition figures as datatrove
computes them, truncation with cap pile-ups, length outliers by robust z per
source, duplicate prompt groups, a content key). The dataset-wide verdicts need
every trace, so the rows are printed after the last line.

--light does a part of the job only, as this script did until 2026-12: no
language, tail loop, script mixing, duplicated lines and 5-grams, chars/4 tokens;
one line per trace printed as it goes.
Straightforward, not optimised, but not deliberately slow either.
"""
import bisect
import hashlib
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter

import orjson
import pycld2 as cld2

# ---------------------------------------------------------------- layouts
PROMPT_KEYS = ("problem", "question", "prompt", "instruction", "query")
REASON_KEYS = ("reasoning", "reasoning_content", "deepseek_reasoning", "thinking", "thought", "cot",
               "deepseek_thinking_trajectory")
ANSWER_KEYS = ("deepseek_solution", "response", "attempt", "deepseek_attempt", "output", "completion")
THINK_OPEN = re.compile(r"<(think|thinking|reasoning)>", re.I)
SKY_BT, SKY_ET = "<|begin_of_thought|>", "<|end_of_thought|>"
SKY_BS, SKY_ES = "<|begin_of_solution|>", "<|end_of_solution|>"


def split_output(text):
    """(reasoning, answer, unclosed, had_tag) from a model output with tags or markers."""
    if not isinstance(text, str):
        return "", "", False, False
    i = text.find(SKY_BT)
    if i >= 0:
        j = text.find(SKY_ET, i)
        if j < 0:
            return text[i + len(SKY_BT):], "", True, True
        r = text[i + len(SKY_BT):j]
        rest = text[j + len(SKY_ET):]
        a = rest.find(SKY_BS)
        if a >= 0:
            b = rest.find(SKY_ES, a)
            rest = rest[a + len(SKY_BS):b if b >= 0 else len(rest)]
        return r, rest, False, True
    m = THINK_OPEN.search(text)
    if m:
        close = re.compile("</%s>" % m.group(1), re.I).search(text, m.end())
        if not close:
            return text[m.end():], "", True, True
        return text[m.end():close.start()], text[:m.start()] + text[close.end():], False, True
    return "", text, False, False


def content_text(c):
    if isinstance(c, str):
        return c
    if isinstance(c, list):
        return "\n".join(p.get("text", "") for p in c if isinstance(p, dict) and p.get("type") == "text")
    return ""


def last_user(msgs, role_key="role", text_key="content", users=("user", "human")):
    p = ""
    for m in msgs:
        if isinstance(m, dict) and m.get(role_key) in users:
            p = content_text(m.get(text_key))
    return p


def from_message(m):
    """assistant message dict -> (reasoning, answer, unclosed, had_place)"""
    c = m.get("content")
    for k in ("reasoning_content", "reasoning", "thinking"):
        if isinstance(m.get(k), str):
            return m[k], content_text(c), False, True
    if isinstance(c, list):
        th = [p.get("thinking", "") for p in c if isinstance(p, dict) and p.get("type") in ("thinking", "reasoning")]
        tx = [p.get("text", "") for p in c if isinstance(p, dict) and p.get("type") == "text"]
        return "\n".join(th), "\n".join(tx), False, True
    r, a, u, _ = split_output(c)
    return r, a, u, True


def traces(rec):
    """Yields (prompt, reasoning, answer, finish_reason, unclosed, had_reasoning_place)."""
    if not isinstance(rec, dict):
        return
    prompt = next((rec[k] for k in PROMPT_KEYS if isinstance(rec.get(k), str)), "")
    gens = next((rec[k] for k in ("generations", "responses", "samples", "outputs") if isinstance(rec.get(k), list)), None)
    if gens is not None:
        fr = rec.get("finish_reasons") or []
        for i, g in enumerate(gens):
            r, a, u, _ = split_output(g)
            yield prompt, r, a, fr[i] if i < len(fr) else None, u, True
        return
    body = rec
    if isinstance(rec.get("response"), dict):
        body = rec["response"].get("body", rec["response"])
    if isinstance(body.get("choices"), list) and body["choices"]:
        ch = body["choices"][0]
        req = rec.get("request") or body.get("request") or rec.get("body") or {}
        if isinstance(req, dict) and isinstance(req.get("messages"), list):
            prompt = last_user(req["messages"])
        r, a, u, _ = from_message(ch.get("message") or {})
        yield prompt, r, a, ch.get("finish_reason"), u, True
        return
    for key, rk, tk in (("messages", "role", "content"), ("conversations", "from", "value")):
        msgs = rec.get(key)
        if isinstance(msgs, list) and msgs:
            last = msgs[-1] if isinstance(msgs[-1], dict) else {}
            if last.get(rk) in ("assistant", "gpt"):
                p = last_user(msgs[:-1], rk, tk)
                if key == "messages":
                    r, a, u, _ = from_message(last)
                else:
                    r, a, u, _ = split_output(last.get(tk))
                fin = rec.get("finish_reason") or ("length" if rec.get("stop_reason") == "max_tokens" else None)
                yield p, r, a, fin, u, True
                return
    if "completion" in rec and "prompt" in rec:
        p, c = rec["prompt"], rec["completion"]
        if isinstance(p, list):
            p = last_user(p)
        if isinstance(c, list):
            c = content_text(c[-1].get("content")) if c and isinstance(c[-1], dict) else ""
        r, a, u, _ = split_output(c)
        yield p, r, a, None, u, True
        return
    rk = next((k for k in REASON_KEYS if isinstance(rec.get(k), str)), None)
    ak = next((k for k in ANSWER_KEYS if isinstance(rec.get(k), str)), None)
    if rk:
        yield prompt, rec[rk], rec.get(ak, "") if ak else "", rec.get("finish_reason"), False, True
    elif ak:
        r, a, u, had = split_output(rec[ak])
        yield prompt, r, a, rec.get("finish_reason"), u, had


# ---------------------------------------------------------------- detectors
# Script of a letter by code point ranges (start, name); Greek is ignored (math, units).
_RANGES = [(0x0000, "Latin"), (0x0370, "Greek"), (0x0400, "Cyrillic"), (0x0530, "Armenian"), (0x0590, "Hebrew"),
           (0x0600, "Arabic"), (0x0700, "Other"), (0x0900, "Devanagari"), (0x0980, "Bengali"), (0x0A00, "Other"),
           (0x0E00, "Thai"), (0x0E80, "Other"), (0x10A0, "Georgian"), (0x1100, "Hangul"), (0x1200, "Other"),
           (0x1E00, "Latin"), (0x1F00, "Greek"), (0x2000, "Other"), (0x3040, "Hiragana"), (0x30A0, "Katakana"),
           (0x3100, "Other"), (0x3130, "Hangul"), (0x3190, "Other"), (0x3400, "Han"), (0xA000, "Other"),
           (0xAC00, "Hangul"), (0xD7B0, "Other"), (0xF900, "Han"), (0xFB00, "Other"), (0xFF21, "Latin"),
           (0xFF5B, "Other"), (0xFF66, "Katakana"), (0xFFA0, "Other"), (0x20000, "Han"), (0x32000, "Other")]
_STARTS = [s for s, _ in _RANGES]
ALLOW = {"Han": {"Hiragana", "Katakana", "Hangul"}, "Hiragana": {"Han", "Katakana"},
         "Katakana": {"Han", "Hiragana"}, "Hangul": {"Han"}}
STRIP = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$|\\[a-zA-Z]+", re.S)


def script_of(c):
    return _RANGES[bisect.bisect_right(_STARTS, ord(c)) - 1][1]


ASCII_LETTER = re.compile(r"[A-Za-z]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def scripts_letters(text):
    text = STRIP.sub(" ", text)
    counts = {"Latin": len(ASCII_LETTER.findall(text))}   # ASCII letters: one regex pass
    for c in NON_ASCII.findall(text):                      # the rest, letter by letter
        if c.isalpha():
            s = script_of(c)
            if s != "Greek":
                counts[s] = counts.get(s, 0) + 1
    if not counts["Latin"]:
        del counts["Latin"]
    return counts


def mixing(prompt, reasoning):
    pc = scripts_letters(prompt)
    allowed = set(pc) | {"Other"}
    if not pc:
        allowed.add("Latin")
    for s in list(allowed):
        allowed |= ALLOW.get(s, set())
    rc = scripts_letters(reasoning)
    total = sum(rc.values())
    foreign = sum(n for s, n in rc.items() if s not in allowed)
    return (foreign / total if total else 0.0), foreign


def tail_loop(text, max_period=5000):
    """Smallest period p with the longest back-to-back repetition at the end of the
    text (white space collapsed). Returns (period, copies, coverage, region_chars)."""
    s = " ".join(text.split())
    n = len(s)
    best = (0, 0.0, 0.0, 0)
    best_len = 0
    for p in range(1, min(max_period, n // 3) + 1):
        if s[n - 1] != s[n - 1 - p]:
            continue
        # length L of the suffix with s[i] == s[i - p]: extend with slice comparisons
        L, step = 1, 16
        while L < n - p:
            k = min(step, n - p - L)
            if s[n - L - k:n - L] == s[n - L - k - p:n - L - p]:
                L += k
                step *= 2
            elif step > 1:
                step //= 2
            else:
                break
        region = L + p
        if region >= 3 * p and region > best_len:
            best_len = region
            best = (p, region / p, region / n, region)
    return best


def dup_fractions(text):
    """--light: duplicated line characters and characters in duplicated 5-grams only."""
    total = len(text)
    if not total:
        return 0.0, 0.0
    seen, dup = set(), 0
    for ln in text.split("\n"):
        ln = ln.strip()
        if ln:
            if ln in seen:
                dup += len(ln)
            else:
                seen.add(ln)
    words = text.split()
    wchars = sum(len(w) for w in words)
    n = 5
    seen_ng, marked, i = set(), [False] * len(words), 0
    while i + n <= len(words):
        ng = tuple(words[i:i + n])
        if ng in seen_ng:
            for j in range(i, i + n):
                marked[j] = True
            i += n
        else:
            seen_ng.add(ng)
            i += 1
    dup5 = sum(len(w) for w, m in zip(words, marked) if m)
    return dup / total, (dup5 / wchars if wchars else 0.0)


# Gopher's repetition figures as datatrove's GopherRepetitionFilter computes them (what a user
# would copy): paragraphs and lines, the top 2/3/4-gram, characters in duplicated 5..10-grams.
PARAGRAPH = re.compile(r"\n{2,}")
LINE = re.compile(r"\n+")


def find_duplicates(x):
    unique, dup_chars, dup_elements = set(), 0, 0
    for e in x:
        if e in unique:
            dup_chars += len(e)
            dup_elements += 1
        else:
            unique.add(e)
    return dup_elements, dup_chars


def find_top_duplicate(x):
    counter = Counter(x)
    gram, count = counter.most_common(1)[0]
    return len(gram) * count


def find_all_duplicate(words, n):
    unique, repeated, idx = set(), 0, 0
    while idx < len(words) - n + 1:
        gram = "".join(words[idx:idx + n])
        if gram in unique:
            repeated += len(gram)
            idx += n
        else:
            unique.add(gram)
            idx += 1
    return repeated


# Ponder's defaults (recalibrated from Gopher's): line and paragraph fractions, their character
# fractions, top 2/3/4-grams, duplicated 5..10-grams; at least 100 words.
ELEMENTS, ELEMENT_CHARS, TOP, DUP = 0.65, 0.30, 0.25, (0.40, 0.35, 0.32, 0.30, 0.28, 0.26)


def gopher(text):
    """(dup_line_chars, max top 2/3/4-gram share, max duplicated 5..10-gram share, verdict)."""
    total = len(text)
    if not total:
        return 0.0, 0.0, 0.0, False
    paragraphs = PARAGRAPH.split(text.strip())
    para_dups, para_chars = find_duplicates(paragraphs)
    lines = LINE.split(text)
    line_dups, line_chars = find_duplicates(lines)
    words = text.split()
    repetitive = (para_dups / len(paragraphs) > ELEMENTS or line_dups / len(lines) > ELEMENTS
                  or para_chars / total > ELEMENT_CHARS or line_chars / total > ELEMENT_CHARS)
    top = 0.0
    for n in (2, 3, 4):
        grams = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        if grams:
            share = find_top_duplicate(grams) / total
            repetitive = repetitive or share > TOP
            top = max(top, share)
    dup = 0.0
    for n in range(5, 11):
        share = find_all_duplicate(words, n) / total
        repetitive = repetitive or share > DUP[n - 5]
        dup = max(dup, share)
    return line_chars / total, top, dup, repetitive and len(words) >= 100


# Token estimate: a word's letters in pieces of up to 6, a digit, a pair of punctuation marks,
# a line break, one non-ASCII character.
TOKEN = re.compile(r"[A-Za-z]{1,6}|[0-9]|[!-/:-@\[-`{-~]{1,2}|\s*\n\s*|[^\x00-\x7f]")


def tokens(text):
    return len(TOKEN.findall(text))


def language(text):
    """CLD2's reading: {language code: percent of the text}."""
    if not text:
        return {}
    try:
        reliable, _, details = cld2.detect(text.encode("utf-8", "replace"))
    except cld2.error:
        return {}
    return {code: pct for _, code, pct, _ in details if code != "un"}


def prompt_key(p):
    return " ".join(unicodedata.normalize("NFKC", p).casefold().split())


def finish(rows, path):
    """The dataset-wide verdicts, once every trace is measured: outliers (robust z of log
    reasoning length per source), cap pile-ups, duplicate prompt groups."""
    groups = {}
    for r in rows:
        if r["reasoning_chars"] > 0:
            groups.setdefault(r["source"], []).append(math.log(r["reasoning_chars"]))
    stats = {}
    for src, logs in groups.items():
        med = statistics.median(logs)
        mad = statistics.median(abs(x - med) for x in logs)
        stats[src] = (med, mad)
    lengths = sorted(r["reasoning_tokens"] for r in rows)
    top_tenth = lengths[int(len(lengths) * 0.9):] if lengths else []
    caps = {n for n, c in Counter(top_tenth).items() if c >= max(2, len(rows) // 100)}
    keys = Counter()
    for r in rows:
        if r["_pkey"] and r["generation"] == 0:
            keys[r["_pkey"]] += 1
    group_ids = {}
    for r in rows:
        med, mad = stats.get(r["source"], (0.0, 0.0))
        z = 0.6745 * (math.log(r["reasoning_chars"]) - med) / mad if mad and r["reasoning_chars"] else 0.0
        r["length_z"] = round(z, 4)
        r["outlier"] = abs(z) > 3.5
        if r["truncated_reason"] is None and r["reasoning_tokens"] in caps and r["_ends_mid_word"]:
            r["truncated_reason"] = "cap_mid_word"
        r["truncated"] = r["truncated_reason"] is not None
        k = r.pop("_pkey")
        r.pop("_ends_mid_word")
        r["duplicate_group"] = group_ids.setdefault(k, len(group_ids)) if k and keys[k] > 1 else None
        yield r


def measure(path, lineno, g, p, r, a, fin, unclosed, had, source):
    """One trace's row: every figure `ponder scan` prints."""
    trunc = ("finish_reason_length" if fin == "length" else "unclosed_think" if unclosed
             else "no_answer" if r and not a else None)
    t = r or a   # the chain of thought: the reasoning, or the answer when there is none
    mix, foreign = mixing(p, t)
    period, copies, cov, region = tail_loop(t)
    loop = copies >= 3 and (cov >= 0.10 or region >= 2000)
    dup_lines, top_ngram, dup_ngram, repetitive = gopher(t)
    plang = language(p)
    ptop = max(plang, key=plang.get) if plang else None
    rlang = language(t)
    consistency = rlang.get(ptop, 0) / 100 if ptop and rlang else None
    return {
        "file": path, "line": lineno, "generation": g, "source": source,
        "prompt_chars": len(p), "reasoning_chars": len(r), "answer_chars": len(a),
        "prompt_tokens": tokens(p), "reasoning_tokens": tokens(r), "answer_tokens": tokens(a),
        "mix": round(mix, 6), "foreign_letters": foreign, "mixed": foreign >= 2,
        "prompt_lang": ptop, "reasoning_langs": rlang, "consistency": consistency,
        "inconsistent": consistency is not None and consistency < 0.95,
        "loop": loop, "loop_period": period if loop else 0,
        "loop_copies": round(copies, 2) if loop else 0, "loop_coverage": round(cov, 4) if loop else 0,
        "loop_start": len(t) - region if loop else 0,
        "repetition": repetitive,
        "dup_line_chars": round(dup_lines, 4), "dup_ngram_chars": round(dup_ngram, 4),
        "top_ngram_chars": round(top_ngram, 4),
        "empty_think": had and not r, "truncated_reason": trunc,
        "key": hashlib.blake2b("\0".join((p, r, a)).encode("utf-8", "replace"), digest_size=16).hexdigest(),
        "_pkey": prompt_key(p), "_ends_mid_word": bool(t) and t[-1].isalnum(),
    }


def main():
    args = sys.argv[1:]
    limit = None
    light = "--light" in args
    if light:
        args.remove("--light")
    if "--limit-bytes" in args:
        i = args.index("--limit-bytes")
        limit = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit("usage: reference_scan.py FILE [--limit-bytes N] [--light]")
    path = args[0]
    out = sys.stdout.buffer
    nbytes = 0
    rows = []
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            if limit is not None and nbytes + len(line) > limit:
                break
            nbytes += len(line)
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                print("%s:%d: malformed JSON: %s" % (path, lineno, e), file=sys.stderr)
                continue
            for g, (p, r, a, fin, unclosed, had) in enumerate(traces(rec)):
                p = p.strip() if isinstance(p, str) else ""
                r = r.strip() if isinstance(r, str) else ""
                a = a.strip() if isinstance(a, str) else ""
                if not light:
                    src = rec.get("source") or rec.get("domain") if isinstance(rec, dict) else None
                    rows.append(measure(path, lineno, g, p, r, a, fin, unclosed, had,
                                        src if isinstance(src, str) else None))
                    continue
                mix, foreign = mixing(p, r)
                period, copies, cov, region = tail_loop(r)
                loop = copies >= 3 and (cov >= 0.10 or region >= 2000)
                trunc = ("finish_reason_length" if fin == "length" else "unclosed_think" if unclosed
                         else "empty_answer" if r and not a else None)
                dl, d5 = dup_fractions(r)
                out.write(orjson.dumps({
                    "file": path, "line": lineno, "generation": g,
                    "prompt_chars": len(p), "reasoning_chars": len(r), "answer_chars": len(a),
                    "reasoning_tokens": (len(r) + 3) // 4,
                    "mix": round(mix, 6), "mixed": foreign >= 2,
                    "loop": loop, "loop_period": period if loop else 0,
                    "loop_copies": round(copies, 2) if loop else 0, "loop_coverage": round(cov, 4) if loop else 0,
                    "truncated": trunc, "empty_think": had and not r,
                    "dup_line_frac": round(dl, 4), "dup_5gram_frac": round(d5, 4),
                }) + b"\n")
    for row in finish(rows, path):
        out.write(orjson.dumps(row) + b"\n")
    print("reference_scan: %d bytes read" % nbytes, file=sys.stderr)


if __name__ == "__main__":
    main()
