"""Benchmark: extraction on generated adversarial articles must neither crash nor stall.

    python bench/bench_fuzz.py --cases 10000 [--seed 1] [--slowest 5]

Each case is one article built from the shapes that broke or slowed earlier versions:
runs of cue words (签约签约签约…), runs of dates (2022年1月1日2022年1月2日…), runs of place
names, absurd amounts (总投资999…9万元, 99999999999亿元, full-width digits), mixed scripts,
long stretches with no punctuation, and lines taken for a headline. Articles are 0.6–8 KB of
UTF-8, one in fifty 48 KB, and one in a hundred a 48 KB headline of cue words. Case ``i``
comes from its own generator seeded with ``f"{seed}:{i}"``, so it can be replayed alone.

The last line is the bench convention, ``name=value`` pairs::

    cases=10000 crashes=0 refused=… max_article_ms=… p99_article_ms=… over_500ms=0

``refused`` counts cases the document builder turns down as the importer would (a text
of blank lines: "no article text in it", reported as a failed file, not a crash).

``*_article_ms`` are wall times per article scaled to a 2 KB article (an 8 KB case may take
four times as long); ``over_500ms`` counts cases over 500 ms per 2 KB. The exit status is
non-zero when any case crashed or was over.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.documents import Meta, document_from_text
from explorer.pipeline.extract import extract_with_bundled_gazetteer

BUDGET_MS = 500.0  # per 2 KB of article
KB2 = 2048

CUES = [
    "签约",
    "签订",
    "动工",
    "开工",
    "封顶",
    "投产",
    "建成",
    "启用",
    "首发",
    "开通",
    "启动",
    "揭牌",
    "落户",
    "获评",
    "召开",
    "会议",
    "签约仪式",
    "举行封顶仪式",
]
DATES = [
    "2022年1月1日",
    "今年",
    "明年第一季度",
    "2月18日至20日",
    "当天",
    "昨日",
    "年内",
    "国庆节前",
    "6月底",
    "二〇二三年",
    "十二月三日",
    "27日",
    "上半年",
    "本月",
]
PLACES = [
    "江门",
    "新会区",
    "新会",
    "台山",
    "开平市",
    "鹤山",
    "恩平",
    "蓬江区",
    "江海区",
    "会城街道",
    "大鳌镇",
    "银湖湾",
    "凤山湖园区",
]
WORDS = ["项目", "基地", "产业园", "公司", "总投资", "其中", "计划", "力争", "该项目", "的", "和"]
PUNCT = ["。", "，", ",", "；", "、", "：", "\n", "\n\n", "“", "”", "《", "》", "(", ")"]
ODD = ["Hello", "мир", "🚄", "\u3000", "\x00", "\ufeff", "ｱｲ", "會議", "簽約", "٣٤", "𝟗", "\r\n"]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _amount(rng: random.Random) -> str:
    """An investment amount, plausible or absurd."""
    number = rng.choice(
        [
            "9" * rng.randint(12, 400),
            "99999999999",
            _digits(rng, rng.randint(1, 30)),
            f"{rng.randint(1, 999)}.{_digits(rng, rng.randint(1, 40))}",
            "１２．５",
            "１２.５",
            "1,200",
            ",".join(["1", *["000"] * rng.randint(1, 20)]),
            "0",
            "0.0",
        ]
    )
    unit = rng.choice(["亿元", "万元", "千万元", "百万元", "亿美元", "元", "万亿元"])
    return f"{rng.choice(['总投资', '投资', '计划投资', '投资总额约'])}{number}{unit}"


def _run(rng: random.Random, pieces: list[str], size: int) -> str:
    """One piece repeated, or several mixed, to ``size`` characters, no punctuation."""
    chosen = [rng.choice(pieces)] if rng.random() < 0.5 else rng.sample(pieces, 3)
    parts: list[str] = []
    length = 0
    while length < size:
        part = rng.choice(chosen)
        parts.append(part)
        length += len(part)
    return "".join(parts)


def _date_run(rng: random.Random, size: int) -> str:
    start = date(2022, 1, 1).toordinal()
    parts: list[str] = []
    length = 0
    while length < size:
        day = date.fromordinal(start + len(parts))
        parts.append(f"{day.year}年{day.month}月{day.day}日")
        length += len(parts[-1])
    return "".join(parts)


def _mixed(rng: random.Random, size: int) -> str:
    """Words, dates, places, cues and punctuation in any order."""
    kinds = [CUES, DATES, PLACES, WORDS, PUNCT, ODD]
    parts: list[str] = []
    length = 0
    while length < size:
        part = rng.choice(rng.choice(kinds)) if rng.random() < 0.95 else _amount(rng)
        parts.append(part)
        length += len(part)
    return "".join(parts)


SHAPES: list[Callable[[random.Random, int], str]] = [
    lambda rng, n: _run(rng, CUES, n),
    _date_run,
    lambda rng, n: _run(rng, PLACES, n),
    lambda rng, n: _run(rng, [_amount(rng) for _ in range(5)], n),
    lambda rng, n: _run(rng, ODD + CUES, n),
    _mixed,
    lambda rng, n: _run(rng, CUES + DATES + PLACES + WORDS, n),  # no punctuation at all
]


def make_case(seed: int, index: int) -> str:
    """The body of case ``index``: one to four stretches of adversarial shapes."""
    rng = random.Random(f"{seed}:{index}")
    if rng.random() < 0.01:  # a page of cue words on one line, taken for a headline
        return "# " + _run(rng, CUES, 16000) + "\n\n正文。"
    # characters: 0.6–8 KB of UTF-8, and one case in fifty of 48 KB, where work that grows
    # faster than the text shows
    target = 16000 if rng.random() < 0.02 else rng.choice([200, 700, 700, 700, 1400, 2800])
    stretches = rng.randint(1, 4)
    headline = rng.random() < 0.1  # all on one line taken for a headline
    body = ["# "] if headline else []
    for _ in range(stretches):
        shape = rng.choice(SHAPES)
        body.append(shape(rng, target // stretches))
        body.append("" if headline else rng.choice(["", "。", "\n\n", "，"]))
    return "".join(body)


def make_document(text: str, index: int, published: date | None) -> Document:
    """A text document as the importer builds it (the one builder every reader uses)."""
    meta = Meta(pub_date=published, pub_precision="day")
    return document_from_text(f"fuzz{index}.txt", text, meta, "text", doc_id=f"fuzz{index}")


class Stalled(Exception):
    """A case ran past ``--stall-s``: it would have stalled an import."""


def _stalled(_signum: int, _frame: object) -> None:
    raise Stalled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slowest", type=int, default=5, help="how many slow cases to name")
    parser.add_argument("--stall-s", type=float, default=30.0, help="a case this slow is a crash")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGALRM, _stalled)
    # One-time loads (gazetteer, lexicon, holiday calendar, OpenCC) outside the clock.
    warm = "今年國慶節前江门新会区项目簽約，總投資12.5亿元。"
    extract_with_bundled_gazetteer(make_document(warm, -1, date(2022, 5, 1)))
    crashes = refused = 0
    timings: list[tuple[float, int, int, float]] = []  # (ms per 2 KB, case, bytes, ms)
    for index in range(args.cases):
        text = make_case(args.seed, index)
        published = date(2022, 5, 1) if index % 3 else None
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.stall_s)
        try:
            try:
                doc = make_document(text, index, published)
            except InputError:  # the importer's answer to a file with no text: not a crash
                signal.setitimer(signal.ITIMER_REAL, 0)
                refused += 1
                continue
            events = extract_with_bundled_gazetteer(doc)
            signal.setitimer(signal.ITIMER_REAL, 0)
            for event in events:  # every span indexes the document's text (not the
                # generated one: the builder drops leading blank lines, as the importer does)
                assert doc.raw_text[event.span[0] : event.span[1]] == event.excerpt
        except Exception:
            signal.setitimer(signal.ITIMER_REAL, 0)
            crashes += 1
            print(f"case {index} (seed {args.seed}) crashed:", file=sys.stderr)
            traceback.print_exc()
            continue
        elapsed = (time.perf_counter() - started) * 1000
        size = len(text.encode("utf-8"))
        timings.append((elapsed * KB2 / max(size, KB2), index, size, elapsed))

    timings.sort(reverse=True)
    for per_2kb, index, size, elapsed in timings[: args.slowest]:
        print(
            f"slow: case {index}: {size} bytes in {elapsed:.0f} ms, {per_2kb:.0f} ms per 2 KB",
            file=sys.stderr,
        )
    ordered = sorted(t[0] for t in timings) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    over = sum(1 for t in ordered if t > BUDGET_MS)
    print(
        f"cases={args.cases} crashes={crashes} refused={refused} max_article_ms={ordered[-1]:.0f} "
        f"p99_article_ms={p99:.0f} over_500ms={over}"
    )
    return 1 if crashes or over else 0


if __name__ == "__main__":
    sys.exit(main())
