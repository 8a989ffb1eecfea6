"""Score predicted events against reference events with the spec's matching rule.

A prediction matches a reference when ``document`` and ``type`` are equal and the predicted
``[date, date_end]`` lies inside the reference interval; each reference matches at most
one prediction (a maximum bipartite matching, so the count does not depend on order).
District accuracy is computed over matched pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.errors import InputError


@dataclass(slots=True)
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    by_type: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    district_right: int = 0
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    @property
    def district_accuracy(self) -> float:
        return self.district_right / len(self.pairs) if self.pairs else 0.0

    def lines(self) -> list[str]:
        rows = [f"{'type':<18}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
        for kind, s in sorted(self.by_type.items()):
            rows.append(
                f"{kind:<18}{s.gold:>6}{s.predicted:>6}{s.matched:>7}"
                f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
            )
        o = self.overall
        rows.append(
            f"overall precision={o.precision:.3f} recall={o.recall:.3f} f1={o.f1:.3f} "
            f"district_accuracy={self.district_accuracy:.3f} matched={o.matched} "
            f"predicted={o.predicted} gold={o.gold}"
        )
        return rows


def read_events(path: str | Path) -> list[dict[str, Any]]:
    """Events from a JSON Lines file; a malformed line is an error naming file and line."""
    events = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}", f"not valid JSON ({error.msg})") from None
            if not isinstance(event, dict) or not {"document", "type", "date"} <= event.keys():
                raise InputError(f"{path}:{number}", "an event needs document, type and date")
            events.append(event)
    return events


def _inside(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if not pred.get("date") or not gold.get("date"):
        return False
    pred_end = pred.get("date_end") or pred["date"]
    gold_end = gold.get("date_end") or gold["date"]
    return bool(gold["date"] <= pred["date"] and pred_end <= gold_end)


def evaluate(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> Evaluation:
    gold, predicted = list(gold), list(predicted)
    result = Evaluation()
    for event in gold:
        result.by_type.setdefault(event["type"], Score()).gold += 1
    for event in predicted:
        result.by_type.setdefault(event["type"], Score()).predicted += 1
    candidates = [
        [
            j
            for j, p in enumerate(predicted)
            if p["document"] == g["document"] and p["type"] == g["type"] and _inside(p, g)
        ]
        for g in gold
    ]
    owner: dict[int, int] = {}  # prediction index -> gold index
    for i in range(len(gold)):
        _augment(i, candidates, owner, set())
    for j, i in owner.items():
        pair = (gold[i], predicted[j])
        result.pairs.append(pair)
        result.by_type[gold[i]["type"]].matched += 1
        result.district_right += gold[i].get("district") == predicted[j].get("district")
    result.overall = Score(len(gold), len(predicted), len(owner))
    return result


def _augment(i: int, candidates: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Kuhn's augmenting path: give gold ``i`` a prediction, re-seating others if needed."""
    for j in candidates[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], candidates, owner, seen):
            owner[j] = i
            return True
    return False
