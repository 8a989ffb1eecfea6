"""Why an event was missed or made up: ``explorer evaluate --explain``.

For every reference event without a matching prediction and every prediction without a
reference, the sentence, the cues found in it (with the lexicon entry of each), the date
mentions found, and what extraction did with each cue — the veto, the missing date or the
merge that dropped it, or the event it made and where its date came from. This is the tool
that makes the next thousand articles cheap to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.evaluate import Evaluation
from explorer.pipeline.extract import Decision, extract_document
from explorer.pipeline.places import Gazetteer
from explorer.pipeline.reading import reading_body


def load_documents(paths: Iterable[Path]) -> dict[str, Document]:
    """The documents of the corpora at ``paths`` by id; unreadable files are skipped."""
    existing = [p for p in paths if p.exists()]
    documents: dict[str, Document] = {}
    if not existing:
        return documents
    for source in discover(existing).sources:
        for item in read_source(source):
            if not isinstance(item, InputError):
                documents.setdefault(item.doc_id, item)
    return documents


def explain(
    result: Evaluation,
    gold: Sequence[dict[str, Any]],
    predicted: Sequence[dict[str, Any]],
    documents: dict[str, Document],
    gazetteer: Gazetteer,
) -> list[str]:
    """Lines explaining each miss and each false event of ``result``."""
    matched_gold = {id(g) for g, _ in result.pairs}
    matched_pred = {id(p) for _, p in result.pairs}
    traces: dict[str, list[Decision]] = {}

    def trace(doc_id: str) -> list[Decision] | None:
        if doc_id not in documents:
            return None
        if doc_id not in traces:
            traces[doc_id] = []
            extract_document(documents[doc_id], gazetteer, traces[doc_id])
        return traces[doc_id]

    lines: list[str] = []
    for event in (g for g in gold if id(g) not in matched_gold):
        lines += _missed(event, trace(event["document"]), documents.get(event["document"]))
    for event in (p for p in predicted if id(p) not in matched_pred):
        lines += _false(event, trace(event["document"]), gold)
    missed = len(gold) - len(matched_gold)
    false = len(predicted) - len(matched_pred)
    lines.append(f"explained {missed} missed and {false} false events")
    return lines


def _when(event: dict[str, Any]) -> str:
    start, end = event.get("date"), event.get("date_end") or event.get("date")
    span = start if start == end else f"{start}…{end}"
    return f"{span} ({event.get('date_precision') or '?'}, {event.get('status') or '?'})"


def _missed(
    event: dict[str, Any], decisions: list[Decision] | None, document: Document | None
) -> list[str]:
    kind = event["type"]
    lines = [f"MISSED {kind} {_when(event)} in {event['document']}"]
    excerpt = event.get("excerpt") or ""
    lines.append(f"  sentence: {excerpt}")
    if decisions is None or document is None:
        lines.append("  (document not found: give its corpus with --corpus)")
        return [*lines, ""]
    # A reference may quote the original characters or, for a traditional article, the
    # simplified reading form; both have the body's offsets.
    where = _locate(document.body, excerpt) or _locate(reading_body(document), excerpt)
    if where is None:
        lines.append("  (the excerpt is not in the document's text)")
        return [*lines, ""]
    here = [d for d in decisions if d.sentence.start < where[1] and where[0] < d.sentence.end]
    lines += _cue_lines(here)
    same = [d for d in here if d.cue.type == kind]
    if not same:
        read = sorted({d.cue.type for d in here})
        lines.append(
            f"  why: no {kind} cue in the sentence (the lexicon lacks the word"
            + (f"; read as {', '.join(read)})" if read else ")")
        )
    elif any(d.outcome == "event" for d in same):
        made = next(d for d in same if d.outcome == "event")
        lines.append(
            f"  why: an event was made, dated {made.date} ({made.date_source}), "
            "which is not inside the reference's interval"
        )
    else:
        lines.append(f"  why: {same[0].outcome}")
    return [*lines, ""]


def _false(
    event: dict[str, Any], decisions: list[Decision] | None, gold: Sequence[dict[str, Any]]
) -> list[str]:
    kind = event["type"]
    lines = [f"FALSE {kind} {_when(event)} in {event['document']}"]
    lines.append(f"  sentence: {event.get('excerpt') or ''}")
    span = tuple(event.get("span") or ())
    if decisions is not None and len(span) == 2:
        here = [d for d in decisions if (d.sentence.start, d.sentence.end) == span]
        lines += _cue_lines(here)
        made = next((d for d in here if d.cue.type == kind and d.outcome == "event"), None)
        if made is not None:
            lines.append(f"  made by: {made.cue.rule}, date from the {made.date_source}")
    others = [g for g in gold if g["document"] == event["document"] and g["type"] == kind]
    if not others:
        lines.append(f"  why: the reference has no {kind} event in this document")
    else:
        dates = ", ".join(sorted({_when(g) for g in others}))
        lines.append(f"  why: no unmatched reference {kind} on this date (reference: {dates})")
    return [*lines, ""]


def _cue_lines(decisions: list[Decision]) -> list[str]:
    if not decisions:
        return ["  cues: none"]
    dates = ", ".join(dict.fromkeys(t for d in decisions for t in d.dates)) or "none"
    lines = [f"  dates found: {dates}", "  cues:"]
    for d in decisions:
        fate = d.outcome
        if d.outcome == "event":
            fate = f"event on {d.date} (date from the {d.date_source})"
        lines.append(f"    {d.cue.text} → {d.cue.type} [{d.cue.rule}]: {d.cue.dropped or fate}")
    return lines


def _locate(body: str, excerpt: str) -> tuple[int, int] | None:
    """Where the excerpt is in the body; a reference excerpt may be cut or respaced."""
    for probe in (excerpt, excerpt[:30], excerpt[:12]):
        if probe:
            at = body.find(probe)
            if at >= 0:
                return at, at + max(len(excerpt), 1)
    return None
