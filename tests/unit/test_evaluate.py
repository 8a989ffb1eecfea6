"""The spec's scoring rule, and the dev-set figures on the bundled sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.evaluate import evaluate, read_events
from explorer.pipeline.extract import extract_document
from explorer.pipeline.places import Gazetteer

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO.parent / "shared" / "eval" / "seeds_gold.jsonl"


def _event(kind: str, start: str, end: str, district: str | None = "新会区", doc: str = "d"):
    return {"document": doc, "type": kind, "date": start, "date_end": end, "district": district}


def test_prediction_may_be_more_precise_never_vaguer() -> None:
    gold = [_event("signing", "2022-01-01", "2022-01-31")]
    assert evaluate(gold, [_event("signing", "2022-01-12", "2022-01-12")]).overall.matched == 1
    assert evaluate(gold, [_event("signing", "2022-01-01", "2022-12-31")]).overall.matched == 0
    assert evaluate(gold, [_event("meeting", "2022-01-12", "2022-01-12")]).overall.matched == 0
    other_doc = _event("signing", "2022-01-12", "2022-01-12", doc="e")
    assert evaluate(gold, [other_doc]).overall.matched == 0


def test_each_reference_matches_one_prediction_at_best() -> None:
    gold = [
        _event("award", "2022-01-01", "2022-12-31"),
        _event("award", "2022-09-01", "2022-09-30"),
    ]
    predicted = [
        _event("award", "2022-09-05", "2022-09-05"),
        _event("award", "2022-03-01", "2022-03-31"),
    ]
    result = evaluate(gold, predicted)
    # A greedy pass could give the September prediction to the year; the matching does not.
    assert result.overall.matched == 2
    duplicate = evaluate(gold[:1], [predicted[1], predicted[1]])
    assert (duplicate.overall.matched, duplicate.overall.predicted) == (1, 2)
    assert duplicate.overall.precision == 0.5


def test_district_accuracy_over_matched_pairs() -> None:
    gold = [
        _event("award", "2022-01-01", "2022-12-31"),
        _event("meeting", "2022-01-01", "2022-12-31"),
    ]
    predicted = [
        _event("award", "2022-05-05", "2022-05-05", district="台山市"),
        _event("meeting", "2022-05-05", "2022-05-05"),
    ]
    assert evaluate(gold, predicted).district_accuracy == 0.5


@pytest.mark.skipif(not GOLD.exists(), reason="shared/eval is not beside the repository")
def test_sample_corpus_reaches_the_quality_bar() -> None:
    gazetteer = Gazetteer.bundled()
    docs = [
        d for s in discover([REPO / "explorer" / "data" / "corpus"]).sources for d in read_source(s)
    ]
    predicted = [e.to_spec() for d in docs for e in extract_document(d, gazetteer)]
    result = evaluate(read_events(GOLD), predicted)
    assert result.overall.f1 >= 0.85
    assert result.district_accuracy >= 0.9


def test_explain_names_each_miss_and_false_event(tmp_path, capsys) -> None:
    from explorer.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d1.txt").write_text(
        "---\ndate: 2023-05-02\n---\n5月1日,某项目正式投产。近日,某公司落户新会。确保早开工。\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "document": "d1",
            "type": "production_start",
            "date": "2023-05-02",
            "excerpt": "5月1日,某项目正式投产。",
        },
        {
            "document": "d1",
            "type": "opening",
            "date": "2023-05-01",
            "excerpt": "5月1日,某项目正式投产。",
        },
    ]
    gold.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    pred = tmp_path / "pred.jsonl"
    assert main(["extract", str(corpus), "-o", str(pred)]) == 0
    assert main(["evaluate", "--explain", str(gold), str(pred), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "MISSED opening" in out and "no opening cue in the sentence" in out
    assert "MISSED production_start" in out and "not inside the reference's interval" in out
    assert "FALSE production_start" in out and "made by: production_start.toml" in out
    assert "explained 2 missed and 1 false events" in out
