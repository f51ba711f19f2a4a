#!/usr/bin/env python3
"""Deterministic demo dataset: fixtures/demo.jsonl (a few hundred short traces, 1-8 KB).

    python3 scripts/gen_demo.py [--out fixtures/demo.jsonl] [--manifest bench/demo.manifest.json]

Reuses gen_corpus.py at a small scale. Mixes all nine layouts of GUIDE §2 and puts
clearly visible cases first: Chinese/Cyrillic words inside English reasoning, French
and German prompts answered in English, tail loops, truncation, length outliers,
duplicate prompts, empty think blocks, records with several generations and gold
solutions. The manifest (same format as the corpus manifest) is not committed.
"""
import argparse
import os
import sys

import orjson

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus as gc  # noqa: E402


class DemoGen(gc.Gen):
    def target_len(self, source, scale=1.0):
        return min(8000, max(1000, super().target_len(source, scale)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="fixtures/demo.jsonl")
    ap.add_argument("--manifest", default="bench/demo.manifest.json")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--records", type=int, default=220)
    a = ap.parse_args()
    L = gc.LAYOUTS
    forced = []
    # the showcase: every defect in several layouts, at the top of the file
    for i, layout in enumerate(L):
        forced.append((layout, "mixed_language", "en"))
    forced += [("split_fields", None, "fr"), ("chat_messages", None, "fr"), ("sharegpt", None, "de"),
               ("think_tags", None, "de"), ("generations", None, "fr")]
    for j, d in enumerate(("tail_loop", "truncated", "empty_think", "outlier_long", "outlier_short",
                           "duplicate_prompt")):
        for k in range(0, 9, 2):   # 5 layouts each
            forced.append((L[(j + k) % len(L)], d, "en"))
    forced += [("generations", None, "en")] * 4
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    gen = DemoGen(a.seed, pool_size=6000)
    gen.long_cap = 24000
    man = gc.generate(a.out, 1 << 40, a.seed, scale=0.2, block=(3, 12), max_records=a.records, gen=gen,
                      forced=forced)
    if a.manifest:
        os.makedirs(os.path.dirname(os.path.abspath(a.manifest)), exist_ok=True)
        with open(a.manifest, "wb") as f:
            f.write(orjson.dumps(man, option=orjson.OPT_INDENT_2))
    e = sys.stderr
    print("wrote %s: %d bytes, %d records, %d traces" % (a.out, man["bytes"], man["records"], man["traces"]), file=e)
    print("layouts: " + ", ".join("%s %d" % (k, v["traces"]) for k, v in man["layouts"].items()), file=e)
    print("defects: " + ", ".join("%s %d" % kv for kv in man["defect_counts"].items()), file=e)


if __name__ == "__main__":
    main()
