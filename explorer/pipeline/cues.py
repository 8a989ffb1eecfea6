"""Event cues: the words that say a signing, a groundbreaking, a topping-out… happened.

What the words are lives in the lexicon (``explorer/data/lexicon/*.toml``, read by
:mod:`explorer.pipeline.lexicon`); this module applies it: every cue pattern, then the
vetoes on each match's context (签下"军令状" is a pledge, 早开工 a slogan), the retyping of
words whose type depends on what they are said of (开通 of a train line is a first
departure, of a road a completion), and the overlaps between types (竣工投产 is a production
start). Planning markers before a cue (力争, 计划, 将于 …) make it ``planned``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from explorer.pipeline.lexicon import CueRule, Lexicon, bundled_lexicon


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word for ``type`` at ``[start, end)`` of the analysed text.

    ``rule`` names the lexicon entry that found it; ``dropped`` is empty for a cue that
    stands, else why it does not (a veto, an overlap), for ``explorer evaluate --explain``.
    """

    type: str
    start: int
    end: int
    text: str
    rule: str = ""
    dropped: str = ""
    own_date: bool = False  # its lexicon entry takes no date from the sentences around


def find_cues(text: str, lexicon: Lexicon | None = None) -> list[Cue]:
    """Cues in ``text`` with vetoes applied, left to right, at most one per place and type."""
    return [c for c in candidate_cues(text, lexicon) if not c.dropped]


def candidate_cues(text: str, lexicon: Lexicon | None = None) -> list[Cue]:
    """Every match of every cue pattern, the dropped ones saying why they were dropped."""
    lexicon = lexicon or bundled_lexicon()
    found: list[Cue] = []
    rules: dict[int, CueRule] = {}
    for rule in lexicon.cues:
        for match in rule.pattern.finditer(text):
            start, end = match.start(), match.end()
            cue = Cue(rule.type, start, end, match.group(0), rule.source, own_date=rule.own_date)
            if rule.near is not None and not _near(rule.near, text, start, end, rule.reach):
                cue = replace(cue, dropped=f"no {rule.near.pattern[:30]}… within {rule.reach}")
            else:
                cue = _retyped(rule, cue, text)
                cue = replace(cue, dropped=_veto(lexicon, cue, text))
            rules[id(cue)] = rule
            found.append(cue)
    found.sort(key=lambda c: (c.start, -c.end))
    return _one_per_clause(text, _resolve_overlaps(found, rules))


def _near(pattern: re.Pattern[str], text: str, start: int, end: int, reach: int) -> bool:
    return pattern.search(text, max(0, start - reach), min(len(text), end + reach)) is not None


def _retyped(rule: CueRule, cue: Cue, text: str) -> Cue:
    for pattern, kind in rule.retype:
        if _near(pattern, text, cue.start, cue.end, rule.reach):
            return replace(cue, type=kind, rule=f"{rule.source} → {kind}")
    return cue


def _veto(lexicon: Lexicon, cue: Cue, text: str) -> str:
    """The veto that stops ``cue`` (its file and id), or ``""``."""
    before = text[max(0, cue.start - 40) : cue.start]
    after = text[cue.end : cue.end + 40]
    for veto in lexicon.vetoes_for(cue.type):
        if veto.before is not None and not veto.before.search(before):
            continue
        if veto.after is not None and not veto.after.search(after):
            continue
        if veto.inside is not None and not veto.inside.search(cue.text):
            continue
        return f"vetoed by {veto.source}"
    return ""


_FEW_CUES = 16


def _resolve_overlaps(cues: list[Cue], rules: dict[int, CueRule]) -> list[Cue]:
    """Where standing cues overlap: one per type and place, and a type that another type's
    rule yields to wins (竣工投产: production start; 启动…工程: groundbreaking)."""
    alive = [not c.dropped for c in cues]
    result = list(cues)
    # Only cues near each other can touch: each is compared with those starting within the
    # longest cue's length of it (``cues`` are sorted by start), in the same order as a
    # comparison with all of them, so a sentence of 2,000 cues is not 4 million pairs.
    windowed = len(cues) > _FEW_CUES  # a real sentence has a few: compare them all
    starts = [c.start for c in cues] if windowed else []
    longest = max((c.end - c.start for c in cues), default=0)
    for i, cue in enumerate(cues):
        if not alive[i]:
            continue
        rule = rules[id(cue)]
        first = bisect_left(starts, cue.start - longest - 2) if windowed else 0
        last = bisect_left(starts, cue.end + 2) if windowed else len(cues)
        for j in range(first, last):
            other = cues[j]
            if j == i or not _touch(cue, other):
                continue
            if (
                other.type == cue.type
                and other.dropped.startswith("vetoed")
                and _covers(other, cue)
            ):
                # 竣工验收工作 is vetoed as a task: the 竣工 inside it goes with it.
                result[i] = replace(cue, dropped=other.dropped)
                alive[i] = False
                break
            if not alive[j]:
                continue
            if other.type in rule.yields_to or (other.type == cue.type and _covers(other, cue)):
                why = "same cue" if other.type == cue.type else f"yields to {other.type}"
                result[i] = replace(cue, dropped=f"{why} “{other.text}” ({other.rule})")
                alive[i] = False
                break
    return result


_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?：:]")


def _one_per_clause(text: str, cues: list[Cue]) -> list[Cue]:
    """Two cues of one type in one clause tell one fact (首趟中欧班列开通): keep the first."""
    last: dict[str, Cue] = {}
    result = []
    for cue in cues:
        first = last.get(cue.type) if not cue.dropped else None
        if first is not None and not _CLAUSE_BREAK.search(text, first.end, cue.start):
            cue = replace(cue, dropped=f"same clause as “{first.text}”")
        elif not cue.dropped:
            last[cue.type] = cue
        result.append(cue)
    return result


def _touch(a: Cue, b: Cue) -> bool:
    return a.start < b.end + 2 and b.start < a.end + 2


def _covers(other: Cue, cue: Cue) -> bool:
    """``other`` wins a same-type overlap: it is longer, or as long and earlier."""
    if not (other.start < cue.end and cue.start < other.end):
        return False
    return (other.end - other.start, -other.start) > (cue.end - cue.start, -cue.start)


def is_planned(
    text: str, cue_start: int, cue_end: int | None = None, lexicon: Lexicon | None = None
) -> bool:
    """Does a planning marker stand shortly before the cue, or inside it (会议定于…召开)?"""
    lexicon = lexicon or bundled_lexicon()
    end = cue_start if cue_end is None else cue_end
    start = max(0, cue_start - lexicon.planned_reach)
    return lexicon.markers["planned"].search(text, start, end) is not None
