#!/usr/bin/env python3
"""Writes the seed corpus (and a libFuzzer dictionary) of one fuzz target.

    python3 scripts/fuzz_seeds.py TARGET OUT_DIR [--max-len N]

TARGET is records, layouts or query. Seeds come from the repository's fixtures (formats/,
languages/, adversarial/ when present, demo.jsonl cut into small groups of records, fuzz/TARGET/
regressions) and, for records and layouts, from ../shared/data/json-test-suite/test_parsing when
that folder exists (it is read in place, never copied into the repository). Query seeds are the
expressions of Tests/PonderCoreTests/QueryTests.swift and README's filter examples; the query
dictionary is built from the field and name tables of Sources/PonderCore/Query/Expression.swift,
so both follow the language as it changes. Standard library only.
"""
import argparse
import gzip
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_JSON_SUITE = ROOT.parent / "shared" / "data" / "json-test-suite" / "test_parsing"


def write(out: Path, data: bytes, max_len: int, counts: dict, kind: str) -> None:
    if not data or len(data) > max_len:
        return
    name = hashlib.sha1(data).hexdigest()
    path = out / name
    if not path.exists():
        path.write_bytes(data)
        counts[kind] = counts.get(kind, 0) + 1


def groups_of_lines(data: bytes, max_len: int, sizes=(1, 3)):
    """Whole lines, alone and in small consecutive groups, each at most max_len bytes."""
    lines = [l for l in data.split(b"\n") if l.strip()]
    for size in sizes:
        for i in range(0, len(lines), size):
            chunk = b"\n".join(lines[i:i + size]) + b"\n"
            if len(chunk) <= max_len:
                yield chunk


def fixture_files(*folders: str):
    for folder in folders:
        base = ROOT / "fixtures" / folder
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*") if p.is_file())


def dataset_seeds(target: str, out: Path, max_len: int, counts: dict) -> None:
    for p in fixture_files("formats", "languages", "adversarial", f"fuzz/{target}"):
        data = p.read_bytes()
        write(out, data, max_len, counts, "fixtures")
        for chunk in groups_of_lines(data, max_len):
            write(out, chunk, max_len, counts, "fixtures")
    demo = ROOT / "fixtures" / "demo.jsonl"
    if demo.exists():
        for chunk in groups_of_lines(demo.read_bytes(), max_len, sizes=(1, 2)):
            write(out, chunk, max_len, counts, "demo")
    # A few records as one top-level array and as an object map, and gzip-compressed.
    formats = ROOT / "fixtures" / "formats"
    if formats.is_dir():
        for p in sorted(formats.glob("*.jsonl"))[:6]:
            lines = [l for l in p.read_bytes().split(b"\n") if l.strip()][:3]
            write(out, b"[\n" + b",\n".join(lines) + b"\n]\n", max_len, counts, "containers")
            write(out, b"{" + b",".join(b'"k%d": %s' % (i, l) for i, l in enumerate(lines)) + b"}\n",
                  max_len, counts, "containers")
            if target == "records":
                write(out, gzip.compress(b"\n".join(lines) + b"\n", mtime=0), max_len, counts, "gzip")
    if SHARED_JSON_SUITE.is_dir():
        for p in sorted(SHARED_JSON_SUITE.iterdir()):
            write(out, p.read_bytes(), max_len, counts, "json-test-suite")
    else:
        print(f"note: {SHARED_JSON_SUITE} absent; JSON test suite seeds skipped", file=sys.stderr)
    if target == "layouts":
        # Explicit field paths: a first line starting with '#', tab-separated prompt, reasoning, answer.
        for paths, record in [
            ("conversations[-1].value\tconversations[1].value\t", ROOT / "fixtures/formats/sharegpt.jsonl"),
            ("messages[0].content\tmessages[-1].reasoning_content\tmessages[-1].content",
             ROOT / "fixtures/formats/chat_messages.jsonl"),
            ('["key with spaces"]\t["a b"].text\tchoices[0].message.content',
             ROOT / "fixtures/formats/odd_keys_spaces.jsonl"),
        ]:
            if record.exists():
                first = next(groups_of_lines(record.read_bytes(), max_len), b"{}\n")
                write(out, b"#" + paths.encode() + b"\n" + first, max_len, counts, "explicit paths")


SWIFT_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "\\": "\\", "'": "'"}


def swift_unescape(s: str) -> str:
    s = re.sub(r"\\u\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", lambda m: SWIFT_ESCAPES.get(m.group(1), m.group(1)), s)


def query_seeds(out: Path, max_len: int, counts: dict) -> None:
    tests = ROOT / "Tests" / "PonderCoreTests" / "QueryTests.swift"
    if tests.exists():
        for m in re.finditer(r'\b\w+\("((?:[^"\\\n]|\\.)*)"', tests.read_text()):
            expr = swift_unescape(m.group(1)).replace("⸢", "")
            write(out, expr.encode(), max_len, counts, "QueryTests")
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Filter language", 1)[-1].split("Fields:", 1)[0]
    for line in block.splitlines():
        if line.startswith("    ") and line.strip():
            write(out, line.strip().replace("\\\\", "\\").encode(), max_len, counts, "README")
    for p in fixture_files("fuzz/query"):
        write(out, p.read_bytes(), max_len, counts, "fixtures")


def query_dictionary(path: Path) -> None:
    source = (ROOT / "Sources" / "PonderCore" / "Query" / "Expression.swift").read_text()
    words = set(re.findall(r'case \w+ = "([^"]+)"', source))
    for m in re.finditer(r"^\s*case ([a-z][\w, ]*)$", source, re.M):
        words.update(w.strip() for w in m.group(1).split(","))
    words.update(["and", "or", "not", "(", ")", "~", "!~", "/", "/i", '"', "\\u", "p99", "p99.9", "1.5k", "2m", "-3.5"])
    path.write_text("".join('"%s"\n' % w.replace("\\", "\\\\").replace('"', '\\"') for w in sorted(words)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target", choices=["records", "layouts", "query"])
    ap.add_argument("out", type=Path)
    ap.add_argument("--max-len", type=int, default=65536)
    ap.add_argument("--dict", type=Path, help="write a libFuzzer dictionary here (query only)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    counts: dict = {}
    if args.target == "query":
        query_seeds(args.out, args.max_len, counts)
        if args.dict:
            query_dictionary(args.dict)
    else:
        dataset_seeds(args.target, args.out, args.max_len, counts)
    total = sum(counts.values())
    print(f"{args.target}: {total} seeds in {args.out} ("
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")", file=sys.stderr)


if __name__ == "__main__":
    main()
