"""The cue lexicon (data/lexicon/*.toml): every entry's example sentences read right, and a
broken file is refused with a message naming the file, the entry and the problem."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.pipeline.cues import candidate_cues, find_cues
from explorer.pipeline.lexicon import LexiconError, bundled_lexicon, lexicon_dir, load_lexicon
from explorer.pipeline.subjects import acceptable_subject

LEXICON = bundled_lexicon()


@pytest.mark.parametrize(
    "example", LEXICON.examples, ids=[f"{e.source}: {e.text[:16]}" for e in LEXICON.examples]
)
def test_every_example_sentence(example) -> None:
    types = {c.type for c in find_cues(example.text, LEXICON)}
    if example.found:
        assert example.type in types, f"{example.source} does not find {example.type}"
    elif example.type is None:
        assert not types, f"{example.source}: {example.text} should state no event"
    else:
        assert example.type not in types, f"{example.source}: {example.text} is a trap"


VETO_EXAMPLES = [e for e in LEXICON.examples if e.source.split()[1] == "veto"]


@pytest.mark.parametrize(
    "example", VETO_EXAMPLES, ids=[f"{e.source}: {e.text[:16]}" for e in VETO_EXAMPLES]
)
def test_every_veto_is_what_stops_its_examples(example) -> None:
    """The veto applies to a cue in its example: it is not dead weight."""
    veto = next(v for v in LEXICON.vetoes if v.id == example.entry)
    alone = replace(LEXICON, vetoes=(veto,), by_type={})
    dropped = [c for c in candidate_cues(example.text, alone) if veto.source in c.dropped]
    assert any(example.type in (None, c.type) for c in dropped)


@pytest.mark.parametrize(("phrase", "accepted"), LEXICON.subject_examples)
def test_every_subject_example_is_read_right(phrase, accepted) -> None:
    """common.toml [subject_examples]: fragments turned down, names let through."""
    assert acceptable_subject(phrase, LEXICON) is accepted, phrase


def test_every_entry_has_an_example() -> None:
    entries = {c.source for c in LEXICON.cues} | {v.source for v in LEXICON.vetoes}
    assert entries <= {e.source for e in LEXICON.examples}


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), folder)
    return folder


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "addition", "message"),
    [
        (
            "signing.toml",
            "\n[[cue]]\nid = 'x'\npattern = '签(约'\nexamples = ['签约']\n",
            "broken pattern",
        ),
        (
            "signing.toml",
            "\n[[cue]]\nid = 'x'\npattern = '{train}签约'\nexamples = ['a']\n",
            "unknown word class {train}",
        ),
        ("signing.toml", "\n[[cue]]\nid = 'x'\npattern = '签约'\n", "give at least one example"),
        (
            "signing.toml",
            "\n[[veto]]\nid = 'x'\nexamples = ['a']\n",
            "give before, after or inside",
        ),
        (
            "signing.toml",
            "\n[[cue]]\nid = 'x'\npattern = 'a|'\nexamples = ['a']\n",
            "matches empty text",
        ),
        ("signing.toml", "\n[[cue]\n", "not valid TOML"),
    ],
)
def test_a_broken_entry_is_a_clear_error(tmp_path, file, addition, message) -> None:
    folder = _copy(tmp_path)
    _append(folder / file, addition)
    with pytest.raises(LexiconError) as error:
        load_lexicon(folder)
    assert message in str(error.value) and file in str(error.value)


def test_an_unknown_type_is_refused(tmp_path) -> None:
    folder = _copy(tmp_path)
    (folder / "visit.toml").write_text("type = 'visit'\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="type 'visit' is not one of the spec's types"):
        load_lexicon(folder)


def test_an_expert_adds_a_cue_without_python(tmp_path) -> None:
    folder = _copy(tmp_path)
    before = load_lexicon(folder)
    assert "settlement" not in {c.type for c in find_cues("企业安营扎寨", before)}
    _append(
        folder / "settlement.toml",
        "\n[[cue]]\nid = '安营扎寨'\npattern = '安营扎寨'\nexamples = ['企业安营扎寨']\n",
    )
    assert "settlement" in {c.type for c in find_cues("企业安营扎寨", load_lexicon(folder))}


def test_an_expert_turns_down_a_subject_without_python(tmp_path) -> None:
    folder = _copy(tmp_path)
    assert acceptable_subject("鉴于合同约定", load_lexicon(folder))
    common = folder / "common.toml"
    text = common.read_text(encoding="utf-8")
    common.write_text(text.replace("not_start = '根据|", "not_start = '鉴于|根据|"), "utf-8")
    assert not acceptable_subject("鉴于合同约定", load_lexicon(folder))


def test_a_subject_table_without_its_rules_is_refused(tmp_path) -> None:
    folder = _copy(tmp_path)
    common = folder / "common.toml"
    lines = common.read_text(encoding="utf-8").splitlines(keepends=True)
    common.write_text("".join(x for x in lines if not x.startswith("not_end =")), "utf-8")
    with pytest.raises(LexiconError, match=r"\[subject\] lacks not_end"):
        load_lexicon(folder)
