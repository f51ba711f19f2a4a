#!/usr/bin/env python3
"""Deterministic generator of Ponder's benchmark corpus (GUIDE §2 layouts, §6).

    python3 scripts/gen_corpus.py --size 1GB --out bench/corpus.jsonl [--seed 42]

Writes JSONL mixing every layout of GUIDE §2, interleaved in blocks, with
realistic-looking math/code chain-of-thought text and injected defects at known
rates. Prints counts per layout and per defect to stderr and writes them, with
the (line, generation) of every injected defect, to OUT-minus-.jsonl + .manifest.json.

Python 3.11 standard library + orjson only.
"""
import argparse
import math
import random
import re
import sys
import unicodedata

import orjson

LAYOUTS = [
    "split_fields",       # 1 problem / deepseek_reasoning / deepseek_solution
    "think_tags",         # 2 <think>...</think> in `response`
    "sky_t1_markers",     # 3 <|begin_of_thought|> markers in `conversations`
    "chat_messages",      # 4 OpenAI messages with reasoning_content
    "sharegpt",           # 5 conversations from/value with think tags
    "content_blocks",     # 6 Anthropic thinking/text blocks
    "api_response",       # 7 choices[0].message.{content,reasoning_content}
    "generations",        # 8 generations + finish_reasons + correctness_math_verify
    "prompt_completion",  # 9 TRL prompt/completion
]

# Per-trace defects (at most one per trace) and their target rates.
DEFECT_RATES = {
    "mixed_language": 0.03,        # foreign-script words/sentences inside English reasoning
    "tail_loop": 0.03,             # unit repeated back to back until a cap, finish_reason length
    "truncated": 0.03,             # unclosed think / empty answer / finish_reason length
    "outlier_long": 0.015,         # reasoning 8-15x the source median
    "outlier_short": 0.015,        # reasoning of 60-400 chars
    "empty_think": 0.03,           # <think>\n\n</think> or reasoning_content ""
    "language_inconsistent": 0.01,  # French/German prompt, English reasoning (same script)
}
DUPLICATE_PROMPT_RATE = 0.03       # per record: reuse an earlier record's prompt

# source -> (domain, median reasoning chars, lognormal sigma)
SOURCES = {
    "numina_math": ("math", 16000, 0.45),
    "aops_forum": ("math", 32000, 0.40),
    "olympiads": ("math", 24000, 0.45),
    "gsm8k": ("math", 6000, 0.50),
    "codeforces": ("code", 30000, 0.40),
    "apps": ("code", 14000, 0.45),
    "taco": ("code", 22000, 0.45),
    "camel_science": ("science", 9000, 0.50),
}
LOOP_CAPS = [32768, 49152, 65536]   # characters: a loop runs until one of these caps

THINGS = ["apples", "marbles", "students", "coins", "tickets", "books", "cars", "points",
          "triangles", "integers", "edges", "vertices", "cells", "tiles", "cards", "days"]
NAMES = ["Alice", "Bob", "Carol", "David", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jamal",
         "Kira", "Liam", "Mei", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"]
VARS = ["x", "y", "z", "n", "k", "m", "a", "b", "t", "r"]

OPENERS = ["", "", "", "So ", "Then ", "Now, ", "Hmm, ", "Okay, ", "Next, ", "Also, ",
           "Actually, ", "Right, ", "Well, ", "Alternatively, ", "Wait, ", "But ", "Let me see. "]

MATH_T = [
    "let me compute {a} \\times {b}, which gives {ab}.",
    "the sum is {a} + {b} = {apb}.",
    "we have $\\frac{{{a}}}{{{b}}}$, and after reducing that becomes $\\frac{{{a2}}}{{{b2}}}$.",
    "if ${v} = {a}$, then ${v}^2 = {asq}$.",
    "by AM-GM, $\\frac{{x+y}}{{2}} \\ge \\sqrt{{xy}}$, so the minimum is at least {c}.",
    "let's denote the number of {thing} by ${v}$.",
    "then ${v} \\equiv {r} \\pmod{{{m}}}$.",
    "substituting back, ${a}{v} + {b} = {c}$ gives ${v} = \\frac{{{cmb}}}{{{a}}}$.",
    "the angle $\\theta$ satisfies $\\cos\\theta = \\frac{{{a}}}{{{b}}}$, so $\\theta \\approx {deg}^\\circ$.",
    "the discriminant is $b^2 - 4ac = {d}$, which is {sign}.",
    "for ${v} = {s}$ we get {a}, and for ${v} = {s1}$ we get {b}.",
    "the area of the triangle is $\\frac{{1}}{{2}} \\cdot {a} \\cdot {b} = {half}$.",
    "so $\\sum_{{i=1}}^{{{m}}} i = {tri}$.",
    "$\\binom{{{m}}}{{2}} = {c2}$ pairs in total.",
    "{name} has {a} {thing} and gives away {b} of them, leaving {amb}.",
    "the probability is $\\frac{{{a}}}{{{apb}}}$, which is about {pct}%.",
    "the change Δx is {a} over {b} seconds, so the speed is {ratio} units per second.",
    "the wavelength is {a} μm, so the frequency scales like $1/\\lambda$.",
    "that would make ${v}$ negative, which contradicts ${v} > 0$.",
    "this is a geometric series with ratio $\\frac{{1}}{{{s1}}}$, so it converges.",
    "I should double-check the case ${v} = 0$ separately.",
    "taking logarithms, $\\log {a} + \\log {b} = \\log {ab}$.",
    "the remainder when {ab} is divided by {m} is {abm}.",
    "the greatest common divisor of {a} and {b} is {g}.",
    "so the answer should be $\\boxed{{{c}}}$.",
]
CODE_T = [
    "the naive approach is $O(n^2)$, which is too slow for $n = {big}$.",
    "let me write a helper that returns the prefix sums of the array.",
    "the edge case is an empty array, where we should return {small}.",
    "let me trace the sample input: {a} {b} {c}, expected output {d2}.",
    "this gives {a} but the expected output is {b}, so something is off.",
    "we can sort the intervals by right endpoint and pick greedily.",
    "a hash map keyed by the remainder modulo {m} makes this linear.",
    "the indices in the input are 1-based, so I need to subtract one.",
    "with a segment tree each query is $O(\\log n)$, fine for {big} queries.",
    "the recursion depth could reach {big}, so I should make it iterative.",
    "binary search on the answer: the predicate is monotone in {v}.",
    "the DP state is dp[i][j] = best value using the first i items with capacity j.",
    "overflow is possible since {big} squared exceeds 2^31, so use 64-bit integers.",
    "the BFS visits each of the {big} nodes once, so it runs in $O(V + E)$.",
    "I think two pointers work here because the array is sorted.",
]
GENERIC_T = [
    "let me re-read the problem statement carefully.",
    "let me check that again.",
    "that doesn't look right; maybe I made an arithmetic slip.",
    "that matches the earlier result, so I'm fairly confident.",
    "I need to reconsider the constraints before going further.",
    "maybe there's a simpler way to see this.",
    "let me verify with a concrete example.",
    "this step seems fine.",
    "I'm not sure this is the intended approach, but let's continue.",
    "first I need to understand exactly what is being asked.",
    "let me summarize what we know so far.",
    "so far so good.",
]
CODE_BLOCKS = [
    "```python\ndef solve(n):\n    dp = [0] * (n + 1)\n    for i in range(1, n + 1):\n        dp[i] = dp[i - 1] + i % {m}\n    return dp[n]\n```",
    "```python\nimport sys\ndata = sys.stdin.read().split()\nn = int(data[0])\narr = list(map(int, data[1:n + 1]))\nprint(max(arr) - min(arr) + {small})\n```",
    "```cpp\nlong long best = 0;\nfor (int i = 0; i < n; ++i) {{\n    best = max(best, pre[i] - low + {small});\n}}\n```",
]
PROMPT_MATH = [
    "{name} has {a} {thing}. Each day {name} gives {b} of them to friends and buys {c} more. After {m} days, how many {thing} does {name} have?",
    "Find all real ${v}$ such that ${v}^2 - {apb}{v} + {ab} = 0$.",
    "Let $f({v}) = {a}{v}^2 + {b}{v} + {c}$. Find the minimum value of $f$ on the interval $[{s}, {big}]$.",
    "How many positive integers less than {big} are divisible by {a} or {b} but not by {m}?",
    "A triangle has sides {a}, {b} and {c2}. Compute its area and the radius of its circumscribed circle.",
    "Prove that for every positive integer $n$, $n^{s1} - n$ is divisible by {s1} when n is congruent to {r} modulo {m}.",
    "What is the remainder when ${a}^{{{big}}}$ is divided by {m}?",
    "A bag contains {a} red and {b} blue {thing}. {name} draws {s1} without replacement. What is the probability that all are red?",
]
PROMPT_CODE = [
    "You are given an array of {big} integers. For each query $(l, r)$, output the sum of elements modulo {m}. There are up to {big} queries.",
    "Write a function that returns the length of the longest substring without repeating characters. Input length is at most {big}.",
    "{name} has {a} tasks with deadlines and profits. Schedule them to maximize profit; each task takes one unit of time. n <= {big}.",
    "Given a tree with {big} vertices, find the number of pairs of vertices at distance exactly {s1}.",
    "Implement an LRU cache with capacity {a} supporting get and put in O(1).",
]
PROMPT_SCIENCE = [
    "A ball is thrown upward at {a} m/s from a height of {b} m. How long until it hits the ground? Use g = 9.8 m/s^2.",
    "A solution contains {a} g of NaCl in {b} mL of water. What is its molarity?",
    "Light of wavelength {a} nm passes through a slit of width {b} μm. Find the angle of the first minimum.",
]
PROMPT_FR = [
    "{name} a {a} billes. Chaque jour, {name} en donne {b} et en achète {c}. Combien de billes {name} aura-t-il après {m} jours ?",
    "Trouver tous les réels $x$ tels que $x^2 - {apb}x + {ab} = 0$. Justifier la réponse.",
]
PROMPT_DE = [
    "{name} hat {a} Äpfel und gibt jeden Tag {b} davon ab. Wie viele Äpfel bleiben nach {m} Tagen übrig?",
    "Bestimme alle reellen Zahlen $x$ mit $x^2 - {apb}x + {ab} = 0$ und begründe die Antwort.",
]
FOREIGN_WORDS = ["分解", "因此", "所以", "我们", "计算", "答案", "检查", "等式", "然后", "首先",
                 "значит", "проверим", "поэтому", "ответ", "그러므로", "따라서", "لذلك", "つまり"]
FOREIGN_SENTENCES = ["所以我们需要重新计算这个值。", "让我再检查一下这个等式。", "因此答案是正确的。",
                     "Итак, проверим ещё раз.", "Значит, ответ не меняется.",
                     "그러므로 답은 맞습니다.", "つまり、答えは正しいです。"]
SYSTEM_SKY = ("Your role as an assistant involves thoroughly exploring questions through a systematic long "
              "thinking process before providing the final precise and accurate solutions.")


def fill(rng, t):
    a = rng.randint(2, 99); b = rng.randint(2, 99); c = rng.randint(2, 500)
    m = rng.randint(3, 40); s = rng.randint(0, 9)
    v = dict(a=a, b=b, c=c, m=m, s=s, s1=s + 2, ab=a * b, apb=a + b, amb=a - b, a2=a // math.gcd(a, b),
             b2=b // math.gcd(a, b), asq=a * a, cmb=c - b, r=rng.randint(0, m - 1), deg=rng.randint(5, 85),
             d=b * b - 4 * a * c, sign="negative" if b * b < 4 * a * c else "positive", half=a * b / 2,
             tri=m * (m + 1) // 2, c2=m * (m - 1) // 2, pct=round(100 * a / (a + b), 1),
             ratio=round(a / b, 3), abm=(a * b) % m, g=math.gcd(a, b), big=rng.choice([1000, 10 ** 5, 2 * 10 ** 5, 10 ** 6, 5000]),
             small=rng.randint(0, 3), d2=rng.randint(0, 999), v=rng.choice(VARS), name=rng.choice(NAMES),
             thing=rng.choice(THINGS))
    return t.format(**v)


def cap_first(s):
    return s[:1].upper() + s[1:]


class Gen:
    """Text and record builder; shared by gen_corpus.py and gen_demo.py."""

    def __init__(self, seed, pool_size=30000):
        self.rng = random.Random(seed)
        rng = self.rng
        self.pools = {}
        generic = [cap_first(rng.choice(OPENERS) + fill(rng, rng.choice(GENERIC_T))) for _ in range(pool_size // 4)]
        for domain, ts in (("math", MATH_T), ("code", CODE_T), ("science", MATH_T[:6] + MATH_T[15:18])):
            own = [cap_first(rng.choice(OPENERS) + fill(rng, rng.choice(ts))) for _ in range(pool_size)]
            if domain == "code":
                own += [fill(rng, rng.choice(CODE_BLOCKS)) for _ in range(pool_size // 20)]
            self.pools[domain] = own + generic
        self.long_cap = 400000   # chars, for outlier_long
        self.seen_prompts = set()
        self.prompt_history = []   # (prompt, line) of recent records, for duplicates

    # ---- text -----------------------------------------------------------
    def reasoning(self, domain, target):
        rng = self.rng
        pool = self.pools[domain]
        n = max(1, int(target / 75))
        sents = rng.choices(pool, k=n)
        paras = []
        i = 0
        while i < n:
            k = rng.randint(2, 7)
            paras.append(" ".join(sents[i:i + k]))
            i += k
        text = "\n\n".join(paras)
        return text

    def answer(self, domain):
        rng = self.rng
        body = self.reasoning(domain, rng.randint(300, 1500))
        if domain == "code":
            return body + "\n\n" + fill(rng, rng.choice(CODE_BLOCKS))
        return body + "\n\nThe final answer is $\\boxed{%d}$." % rng.randint(0, 9999)

    def prompt(self, domain, lang="en"):
        rng = self.rng
        ts = {"math": PROMPT_MATH, "code": PROMPT_CODE, "science": PROMPT_SCIENCE}[domain]
        if lang == "fr":
            ts = PROMPT_FR
        elif lang == "de":
            ts = PROMPT_DE
        for _ in range(100):
            p = fill(rng, rng.choice(ts))
            if rng.random() < 0.5:
                p += " " + fill(rng, "Give the answer for the case {v} = {a} as well.")
            key = " ".join(unicodedata.normalize("NFKC", p).casefold().split())
            if key not in self.seen_prompts:
                self.seen_prompts.add(key)
                return p
        return p + " (variant %d)" % rng.randint(0, 10 ** 9)

    def target_len(self, source, scale=1.0):
        _, median, sigma = SOURCES[source]
        x = self.rng.lognormvariate(math.log(median * scale), sigma)
        return int(min(max(x, 1500 * scale), 120000 * scale))

    def trace(self, source, defect, scale=1.0):
        """Returns dict(reasoning, answer, finish, closed, extra) for one trace."""
        rng = self.rng
        domain = SOURCES[source][0]
        info = {}
        finish = "stop"
        closed = True
        answer = self.answer(domain)
        if defect == "outlier_long":
            r = self.reasoning(domain, min(SOURCES[source][1] * scale * rng.uniform(8, 15), self.long_cap))
        elif defect == "outlier_short":
            r = self.reasoning(domain, rng.randint(60, 400))[:rng.randint(60, 400)].strip()
        elif defect == "empty_think":
            r = ""
        else:
            r = self.reasoning(domain, self.target_len(source, scale))
        if defect == "mixed_language":
            paras = r.split("\n\n")
            kinds = []
            for _ in range(rng.randint(1, 3)):
                j = rng.randrange(len(paras))
                words = paras[j].split(" ")
                # only plain words outside $math$ and ``` code, so the insertion stays prose
                ok, dollars, fences = [], 0, 0
                for wi, wd in enumerate(words):
                    if wd.isalpha() and dollars % 2 == 0 and fences % 2 == 0:
                        ok.append(wi)
                    dollars += wd.count("$")
                    fences += wd.count("```")
                if not ok:
                    continue
                w = rng.choice(ok)
                if rng.random() < 0.6:   # a foreign word glued inside English ("those分解 agents")
                    fw = rng.choice(FOREIGN_WORDS)
                    words[w] = words[w] + fw
                    kinds.append(fw)
                else:
                    fs = rng.choice(FOREIGN_SENTENCES)
                    words.insert(w, fs)
                    kinds.append(fs)
                paras[j] = " ".join(words)
            if not kinds:   # no plain word found: append a foreign sentence
                paras[-1] += " " + FOREIGN_SENTENCES[0]
                kinds.append(FOREIGN_SENTENCES[0])
            r = "\n\n".join(paras)
            info["foreign"] = kinds
        elif defect == "tail_loop":
            cap = int(rng.choice(LOOP_CAPS) * scale)
            body = r[: int(cap * rng.uniform(0.3, 0.8))]
            if rng.random() < 0.5:
                unit = rng.choice(self.pools[domain])
            else:
                unit = " ".join(rng.choices(self.pools[domain], k=rng.randint(3, 8)))
            sep = rng.choice([" ", "\n\n", "\n"])
            piece = unit + sep
            copies = max(3, -(-(cap - len(body)) // len(piece)))
            loop = piece * copies
            r = (body + "\n\n" + loop)[:max(cap, len(body) + 2 + len(piece) * 3)]
            info.update(period=len(piece), copies=round((len(r) - len(body) - 2) / len(piece), 2),
                        start=len(body) + 2, unit_kind="sentence" if len(unit) < 200 else "paragraph")
            finish = "length"
            closed = False
            answer = ""
        elif defect == "truncated":
            kind = rng.choice(["unclosed_think", "empty_answer", "finish_length"])
            info["reason"] = kind
            if kind == "unclosed_think":
                r = r[: rng.randint(len(r) // 2, len(r))]   # cut mid-word
                closed = False
                answer = ""
                finish = "length"
            elif kind == "empty_answer":
                answer = ""
            else:
                finish = "length"
                closed = False
                answer = ""
        return dict(reasoning=r, answer=answer, finish=finish, closed=closed, info=info)

    # ---- records ----------------------------------------------------------
    @staticmethod
    def think(t):
        if t["closed"]:
            return "<think>\n%s\n</think>\n\n%s" % (t["reasoning"], t["answer"])
        return "<think>\n" + t["reasoning"]

    @staticmethod
    def sky(t):
        if t["closed"]:
            return ("<|begin_of_thought|>\n\n%s\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\n%s\n\n"
                    "<|end_of_solution|>" % (t["reasoning"], t["answer"]))
        return "<|begin_of_thought|>\n\n" + t["reasoning"]

    def usage(self, prompt, t):
        rt = (len(t["reasoning"]) + 3) // 4
        ct = rt + (len(t["answer"]) + 3) // 4
        pt = (len(prompt) + 3) // 4
        return {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct,
                "completion_tokens_details": {"reasoning_tokens": rt}}

    def record(self, layout, prompt, source, traces, rid):
        rng = self.rng
        domain = SOURCES[source][0]
        t = traces[0]
        if layout == "split_fields":
            rec = {"problem": prompt, "deepseek_reasoning": t["reasoning"], "deepseek_solution": t["answer"],
                   "domain": domain, "source": source}
            if rng.random() < 0.5:
                rec["ground_truth_solution"] = "The answer is $\\boxed{%d}$." % rng.randint(0, 9999)
            return rec
        if layout == "think_tags":
            key = rng.choice(["question", "prompt", "problem"])
            return {"id": rid, key: prompt, "response": self.think(t), "source": source, "domain": domain}
        if layout == "sky_t1_markers":
            return {"system": SYSTEM_SKY, "conversations": [
                {"from": "user", "value": prompt}, {"from": "assistant", "value": self.sky(t)}],
                "source": source}
        if layout == "chat_messages":
            msgs = []
            if rng.random() < 0.5:
                msgs.append({"role": "system", "content": "You are a helpful assistant."})
            msgs.append({"role": "user", "content": prompt})
            msgs.append({"role": "assistant", "content": t["answer"], "reasoning_content": t["reasoning"]})
            rec = {"messages": msgs, "source": source, "domain": domain}
            if t["finish"] == "length":
                rec["finish_reason"] = "length"
            return rec
        if layout == "sharegpt":
            conv = []
            if rng.random() < 0.3:
                conv.append({"from": "system", "value": "Think step by step."})
            conv += [{"from": "human", "value": prompt}, {"from": "gpt", "value": self.think(t)}]
            return {"conversations": conv, "source": source}
        if layout == "content_blocks":
            content = [{"type": "thinking", "thinking": t["reasoning"], "signature": "sig%08x" % rng.getrandbits(32)}]
            if t["answer"] or t["closed"]:
                content.append({"type": "text", "text": t["answer"]})
            rec = {"id": rid, "model": "claude-reasoner", "messages": [
                {"role": "user", "content": prompt}, {"role": "assistant", "content": content}],
                "stop_reason": "max_tokens" if t["finish"] == "length" else "end_turn", "source": source}
            return rec
        if layout == "api_response":
            if rng.random() < 0.3 and t["closed"]:
                msg = {"role": "assistant", "content": self.think(t)}
            elif rng.random() < 0.3:
                msg = {"role": "assistant", "content": ("<think>\n" + t["reasoning"]) if not t["closed"] else self.think(t)}
            else:
                msg = {"role": "assistant", "content": t["answer"], "reasoning_content": t["reasoning"]}
            body = {"id": "chatcmpl-%s" % rid, "object": "chat.completion", "created": 1735689600 + rng.randint(0, 10 ** 7),
                    "model": "deepseek-reasoner", "choices": [{"index": 0, "message": msg, "finish_reason": t["finish"]}],
                    "usage": self.usage(prompt, t)}
            if rng.random() < 0.5:
                body["request"] = {"model": "deepseek-reasoner", "messages": [{"role": "user", "content": prompt}]}
                body["source"] = source
                return body
            # batch output: the prompt rides along in metadata-free custom_id only -> prompt unknown,
            # unless we keep it under `prompt` (half the time)
            rec = {"custom_id": "req-%s" % rid, "response": {"status_code": 200, "body": body}, "source": source}
            if rng.random() < 0.5:
                rec["prompt"] = prompt
            return rec
        if layout == "generations":
            return {"uuid": rid, "problem": prompt, "solution": "The answer is $\\boxed{%d}$." % rng.randint(0, 9999),
                    "answer": str(rng.randint(0, 9999)), "source": source, "problem_type": domain,
                    "generations": [self.think(x) for x in traces],
                    "finish_reasons": [x["finish"] for x in traces],
                    "is_reasoning_complete": [x["closed"] for x in traces],
                    "correctness_math_verify": [bool(x["answer"]) and rng.random() < 0.6 for x in traces],
                    "correctness_llama": [bool(x["answer"]) and rng.random() < 0.6 for x in traces]}
        if layout == "prompt_completion":
            if rng.random() < 0.5:
                return {"prompt": prompt, "completion": self.think(t), "source": source}
            return {"prompt": [{"role": "user", "content": prompt}],
                    "completion": [{"role": "assistant", "content": self.think(t)}], "source": source}
        raise ValueError(layout)


def pick_defect(rng):
    x = rng.random()
    for name, p in DEFECT_RATES.items():
        if x < p:
            return name
        x -= p
    return None


def parse_size(s):
    m = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)I?B?\s*", s.upper())
    if not m:
        raise SystemExit("bad size %r (use e.g. 200MB, 1GB)" % s)
    return int(float(m.group(1)) * 1024 ** " KMGT".index(m.group(2) or " "))


def generate(out_path, size, seed, scale=1.0, layouts=LAYOUTS, block=(20, 200), max_records=None,
             gen=None, forced=None):
    """Writes records until `size` bytes (or max_records); returns the manifest dict.
    `forced`: optional list of (layout, defect, lang) for the first records (demo use)."""
    gen = gen or Gen(seed)
    rng = gen.rng
    sources = list(SOURCES)
    counts = {"records": 0, "traces": 0, "bytes": 0}
    per_layout = {l: {"records": 0, "traces": 0} for l in layouts}
    per_source = {s: 0 for s in sources}
    defects = {d: [] for d in DEFECT_RATES}
    dups = []
    buf = []
    bufsize = 0
    written = 0
    line = 0
    layout = None
    left = 0
    forced = list(forced or [])
    with open(out_path, "wb") as f:
        while written < size and (max_records is None or line < max_records):
            if left == 0:
                layout = layouts[(layouts.index(layout) + 1) % len(layouts)] if layout else rng.choice(layouts)
                left = rng.randint(*block)
            left -= 1
            line += 1
            lay = layout
            fdefect = None
            lang = "en"
            if forced:
                lay, fdefect, lang = forced.pop(0)
            source = rng.choice(sources)
            domain = SOURCES[source][0]
            ngen = rng.randint(2, 4) if lay == "generations" else 1
            tdefects = [fdefect if fdefect else pick_defect(rng) for _ in range(ngen)]
            if fdefect is None and "language_inconsistent" in tdefects:
                lang = rng.choice(["fr", "de"])
            if lang != "en":
                tdefects = ["language_inconsistent" if d in (None, "language_inconsistent") else d for d in tdefects]
            if fdefect == "duplicate_prompt":
                tdefects = [None] * ngen
            if (fdefect == "duplicate_prompt" or (fdefect is None and rng.random() < DUPLICATE_PROMPT_RATE)) \
                    and gen.prompt_history:
                prompt, orig = rng.choice(gen.prompt_history)
                dups.append([line, orig])
            else:
                prompt = gen.prompt(domain if lang == "en" else "math", lang)
                gen.prompt_history.append((prompt, line))
                if len(gen.prompt_history) > 2000:
                    gen.prompt_history.pop(0)
            traces = [gen.trace(source, d, scale) for d in tdefects]
            rec = gen.record(lay, prompt, source, traces, "%s-%07d" % (seed, line))
            for g, (d, t) in enumerate(zip(tdefects, traces)):
                if d:
                    entry = {"line": line, "generation": g}
                    entry.update(t["info"])
                    defects[d].append(entry)
            data = orjson.dumps(rec) + b"\n"
            buf.append(data)
            bufsize += len(data)
            written += len(data)
            counts["records"] += 1
            counts["traces"] += ngen
            per_layout[lay]["records"] += 1
            per_layout[lay]["traces"] += ngen
            per_source[source] += 1
            if bufsize > 8 << 20:
                f.write(b"".join(buf))
                buf.clear()
                bufsize = 0
        f.write(b"".join(buf))
    counts["bytes"] = written
    groups = {}
    for l, o in dups:
        groups.setdefault(o, [o]).append(l)
    manifest = {
        "format": "ponder-corpus-manifest/1",
        "seed": seed,
        "file": str(out_path),
        "lines_are": "1-based line numbers; generation is the 0-based index within a record",
        **counts,
        "layouts": per_layout,
        "sources": {s: {"domain": SOURCES[s][0], "median_reasoning_chars": int(SOURCES[s][1] * scale),
                        "records": per_source[s]} for s in sources},
        "defect_rates": {**DEFECT_RATES, "duplicate_prompt": DUPLICATE_PROMPT_RATE},
        "defect_counts": {**{d: len(v) for d, v in defects.items()}, "duplicate_prompt": len(dups)},
        "notes": {
            "tail_loop": "also truncated: finish_reason length where the layout has one, unclosed think "
                         "tag / markers, empty answer; period is in raw characters (unit + separator); "
                         "start is the loop's offset in the trimmed reasoning",
            "truncated": "reason is unclosed_think (cut mid-word, no close tag, empty answer), "
                         "empty_answer (closed reasoning, empty answer), or finish_length "
                         "(finish_reason length, no close tag, empty answer)",
            "empty_think": "reasoning is empty: <think>\\n\\n</think> or reasoning_content \"\"",
            "outlier_long": "reasoning 8-15x the source median; outlier_short: 60-400 chars",
            "language_inconsistent": "French or German prompt, English reasoning (no foreign script)",
            "duplicate_prompt": "groups: original line -> all lines with that exact prompt; the generations "
                                "of one record are never duplicates of each other",
            "mixed_language": "foreign lists the inserted foreign words/sentences (>= 2 foreign letters)",
        },
        "defects": defects,
        "duplicate_prompt": {"groups": len(groups), "records": sum(len(v) for v in groups.values()),
                             "copies": dups, "group_lines": [v for v in groups.values()]},
    }
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="1GB", help="target size, e.g. 200MB, 1GB (binary units)")
    ap.add_argument("--out", default="bench/corpus.jsonl")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--manifest", help="default: OUT with .manifest.json instead of .jsonl")
    a = ap.parse_args()
    import os
    import time
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    t0 = time.time()
    man = generate(a.out, parse_size(a.size), a.seed)
    mpath = a.manifest or re.sub(r"\.jsonl$", "", a.out) + ".manifest.json"
    with open(mpath, "wb") as f:
        f.write(orjson.dumps(man, option=orjson.OPT_INDENT_2 if man["traces"] < 5000 else 0))
    dt = time.time() - t0
    e = sys.stderr
    print("wrote %s: %d bytes, %d records, %d traces in %.1fs (%.1f MB/s)" % (
        a.out, man["bytes"], man["records"], man["traces"], dt, man["bytes"] / 1e6 / dt), file=e)
    print("%-20s %9s %9s" % ("layout", "records", "traces"), file=e)
    for l, c in man["layouts"].items():
        print("%-20s %9d %9d" % (l, c["records"], c["traces"]), file=e)
    print("%-22s %8s %7s" % ("defect", "count", "rate"), file=e)
    for d, c in man["defect_counts"].items():
        denom = man["records"] if d == "duplicate_prompt" else man["traces"]
        print("%-22s %8d %6.2f%%" % (d, c, 100 * c / max(1, denom)), file=e)
    print("duplicate prompt groups: %d (%d records)" % (man["duplicate_prompt"]["groups"],
                                                        man["duplicate_prompt"]["records"]), file=e)
    print("manifest: %s" % mpath, file=e)


if __name__ == "__main__":
    main()
