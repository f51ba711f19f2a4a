#!/usr/bin/env python3
"""Adversarial input files for Ponder's reliability tests (GUIDE §5, issue #6).

    python3 scripts/gen_adversarial.py                 # rewrites fixtures/adversarial/ (small, committed)
    python3 scripts/gen_adversarial.py --big DIR       # also writes the big cases into DIR (never commit them)

Deterministic: the same bytes on every run (no clock, a seeded generator). The small files are
committed; the tests (Tests/PonderCLITests/AdversarialTests.swift) generate the big ones themselves
in a temporary folder, with the same shapes as `--big` writes here:

    line_200MB.jsonl        a record whose reasoning is one 200 MB string, between two normal records
    nesting_100k.jsonl      100,000-deep arrays and objects, alone and inside a record, between normal records
    generations_10k.jsonl   one record with 10,000 generations (and parallel finish_reasons)
    tiny_1M.jsonl           a million tiny records

Every small file is described in fixtures/adversarial/README.md with what Ponder must do with it.
"""
import argparse
import json
import os
import random

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


def rec(**fields):
    """One JSONL line; JSON escapes every control character (\\u001b), as any JSON writer does."""
    return json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n"


def small_files():
    files = {}
    files["empty.jsonl"] = b""

    # Binary data: what `head -c 2048 /dev/urandom` gives, from a fixed seed; NUL bytes included.
    rnd = random.Random(6)
    data = bytearray(rnd.getrandbits(8) for _ in range(2048))
    data[10] = 0
    files["binary.bin"] = bytes(data)

    # NUL bytes: raw (invalid JSON, reported) and escaped (valid, shown as ^@).
    files["nul_bytes.jsonl"] = (
        rec(problem="before the NUL lines", reasoning="Fine.", answer="1")
        + b'{"problem":"raw NUL \x00 inside a string","reasoning":"r","answer":"2"}\n'
        + rec(problem="escaped NUL \u0000 inside a string", reasoning="The prompt holds U+0000.", answer="3")
        + b'\x00\x00\x00\x00\n'
        + rec(problem="after the NUL lines", reasoning="Fine.", answer="5")
    )

    # Invalid and overlong UTF-8, each on its own line between valid records (line numbers matter).
    bad = [
        b"\xff",                  # never valid
        b"\xc0\xaf",              # overlong '/'
        b"\xe0\x80\xaf",          # overlong '/' in three bytes
        b"\xf0\x80\x80\xaf",      # overlong '/' in four bytes
        b"\xed\xa0\x80",          # UTF-16 surrogate D800 encoded in UTF-8
        b"\xf4\x90\x80\x80",      # above U+10FFFF
        b"\x80",                  # lone continuation byte
        b"\xe2\x82",              # truncated sequence (euro sign cut short)
    ]
    out = rec(problem="valid before", reasoning="Fine.", answer="0")
    for b in bad:
        out += b'{"problem":"bad ' + b + b' here","reasoning":"r","answer":"x"}\n'
    out += rec(problem="valid after: caf\u00e9 \u20ac \U0001F600 \ufffd", reasoning="Fine.", answer="9")
    files["invalid_utf8.jsonl"] = out

    # A UTF-8 byte order mark before the first record.
    files["bom.jsonl"] = b"\xef\xbb\xbf" + b"".join(
        rec(problem="BOM record %d" % i, reasoning="Reasoning %d." % i, answer=str(i)) for i in range(1, 4))

    # CRLF line ends (Windows editors, some exporters), and a blank CRLF line.
    files["crlf.jsonl"] = b"".join(
        rec(problem="CRLF record %d" % i, reasoning="Reasoning %d." % i, answer=str(i)).rstrip(b"\n") + b"\r\n"
        for i in range(1, 4)) + b"\r\n"

    # Huge numbers where Ponder reads numbers (token counts, correctness) and where it carries them.
    digits = "9" * 400
    lines = [
        '{"messages":[{"role":"user","content":"Huge token count"},{"role":"assistant","content":"<think>r</think>a"}],'
        '"usage":{"completion_tokens":1e400,"completion_tokens_details":{"reasoning_tokens":%s}}}' % digits,
        '{"messages":[{"role":"user","content":"Negative huge"},{"role":"assistant","content":"<think>r</think>a"}],'
        '"usage":{"completion_tokens":-1e400,"reasoning_tokens":-%s}}' % digits,
        '{"messages":[{"role":"user","content":"Tiny and strings"},{"role":"assistant","content":"<think>r</think>a"}],'
        '"usage":{"completion_tokens":1e-400,"reasoning_tokens":"1e400"},"correct":1e400}',
        '{"messages":[{"role":"user","content":"A sane one"},{"role":"assistant","content":"<think>r</think>a"}],'
        '"usage":{"completion_tokens":12,"reasoning_tokens":7},"id":%s}' % digits,
    ]
    files["huge_numbers.jsonl"] = "".join(l + "\n" for l in lines).encode()

    # Duplicate keys: JSON says names SHOULD be unique; Ponder, like Python and jq, takes the last.
    files["duplicate_keys.jsonl"] = (
        b'{"problem":"first prompt","reasoning":"first reasoning","answer":"1","problem":"second prompt","answer":"2"}\n'
        b'{"messages":[{"role":"user","content":"chat"}],"messages":[{"role":"user","content":"last messages win"},'
        b'{"role":"assistant","content":"<think>thought</think>done","content":"<think>dup content</think>final"}]}\n'
    )

    # Terminal escape sequences and other display hazards in every text field and in metadata.
    osc52 = ESC + "]52;c;" + "cG9uZGVyLXBhc3RlZA==" + BEL          # "ponder-pasted" to the clipboard
    osc52_st = ESC + "]52;p;" + "cG9uZGVyLXByaW1hcnk=" + ST        # same, ST-terminated, primary selection
    title = ESC + "]0;PONDER-PWNED-TITLE" + BEL
    link = ESC + "]8;;https://example.invalid/" + ST + "link" + ESC + "]8;;" + ST
    lines = [
        rec(problem="CSI: " + ESC + "[31mred" + ESC + "[0m " + ESC + "[2J" + ESC + "[H" + ESC + "[10;10Hmoved" + ESC + "[?1049l" + ESC + "[?25l end",
            reasoning="OSC 52 clipboard writes: " + osc52 + " and " + osc52_st + ". Title: " + title + ". Hyperlink: " + link + ".",
            answer="bare ESC: " + ESC + " then RIS " + ESC + "c and save " + ESC + "7 restore " + ESC + "8 done",
            source="esc" + ESC + "[7msource" + ESC + "]52;c;c291cmNl" + BEL),
        rec(problem="carriage return: visible\rHIDDEN and CRLF\r\nnext line",
            reasoning="backspaces: abc\b\b\bXYZ; bell \a; DEL \x7f; form feed \f; vertical tab \v; C1 CSI \u009b31m and C1 OSC \u009d0;t\u009c.",
            answer="tab\there", source="controls"),
        rec(problem="bidi: \u202eevil\u202c \u202dforced\u202c \u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069 \u200fRLM\u200e LRM \u061c ALM",
            reasoning="zero-width: a\u200bb c\u200cd e\u200df g\u2060h i\ufeffj soft\u00adhyphen; variation \u2764\ufe0f; tag \U000e0041.",
            answer="line\u2028separator and paragraph\u2029separator", source="bidi\u202e"),
        # Raw control bytes are invalid inside a JSON string: reported, never echoed raw.
        b'{"problem":"raw ESC \x1b[31m in the JSON","reasoning":"r","answer":"x"}\n',
        rec(problem="A clean prompt after the hazards.", reasoning="Nothing odd here.", answer="ok", source="clean"),
    ]
    files["escapes.jsonl"] = b"".join(lines)
    return files


def write_big(folder):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "line_200MB.jsonl"), "wb") as f:
        f.write(rec(problem="before the big line", reasoning="r", answer="1"))
        f.write(b'{"problem":"the big line","reasoning":"')
        chunk = b"All work and no play. " * 4096
        left = 200 * 1000 * 1000
        while left > 0:
            f.write(chunk[:left])
            left -= len(chunk)
        f.write(b'","answer":"2"}\n')
        f.write(rec(problem="after the big line", reasoning="r", answer="3"))
    with open(os.path.join(folder, "nesting_100k.jsonl"), "wb") as f:
        n = 100_000
        f.write(rec(problem="before the nesting", reasoning="r", answer="1"))
        f.write(b"[" * n + b"]" * n + b"\n")
        f.write(b'{"problem":"nested metadata","reasoning":"r","answer":"2","meta":' + b'{"a":' * n + b"1" + b"}" * n + b"}\n")
        f.write(rec(problem="after the nesting", reasoning="r", answer="4"))
    with open(os.path.join(folder, "generations_10k.jsonl"), "wb") as f:
        n = 10_000
        f.write(rec(problem="One prompt, ten thousand generations.",
                    generations=["<think>Attempt %d.</think>Answer %d." % (i, i) for i in range(n)],
                    finish_reasons=["length" if i % 10 == 9 else "stop" for i in range(n)]))
    with open(os.path.join(folder, "tiny_1M.jsonl"), "wb") as f:
        for i in range(1_000_000):
            f.write(b'{"prompt":"p%d","response":"r"}\n' % i)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "adversarial"))
    ap.add_argument("--big", metavar="DIR", help="also write the big cases into DIR (not committed)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, data in small_files().items():
        with open(os.path.join(a.out, name), "wb") as f:
            f.write(data)
    if a.big:
        write_big(a.big)


if __name__ == "__main__":
    main()
