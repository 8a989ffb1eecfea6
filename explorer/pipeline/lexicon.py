"""The cue lexicon: which words say that an event of each type happened, read from data.

The knowledge lives in ``explorer/data/lexicon/*.toml`` so that a domain expert can extend it
without reading Python: one file per event type with its cue patterns and context vetoes,
and ``common.toml`` with the word classes those patterns share (``{vehicle}``, ``{clause}``)
and the context markers the extractor reads (planning words, undated words, ceremony
words …). Every cue and veto carries example sentences; the test suite runs each one.

Loading validates everything at once and fails with one clear message naming the file, the
entry and the problem: an unknown type, a pattern that does not compile, a word class that
does not exist, an entry without an example.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from explorer.core.errors import InputError
from explorer.core.vocabulary import EVENT_TYPES
from explorer.paths import data_dir

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Context markers that common.toml must define, and what the extractor reads them for.
MARKERS: dict[str, str] = {
    "planned": "a target or schedule stands before the cue: the event is planned",
    "undated": "the sentence refers to an unspecified time (近日, 目前): no date is inherited",
    "continues": "a sentence opening with these goes on with the time of the one before",
    "activity": "a dated sentence with these opens an activity frame (a ceremony, a meeting)",
    "elsewhere": "the activity took place outside Jiangmen: no district",
    "city_wide": "the statement is about the whole city: no district",
}

# Rules common.toml's [subject] must define, and how each is anchored when compiled.
SUBJECT_RULES: dict[str, str] = {
    "breaks": "{}",  # searched anywhere: the verbs the subject finder splits phrases at
    "not_start": "^(?:{})",
    "not_end": "(?:{})$",
    "not_inside": "{}",
    "not_whole": "^(?:{})$",
    "trailing": "(?:{})+$",  # removed from the end, not turned down
}


class LexiconError(InputError):
    """A lexicon file that cannot be used; names the file, the entry and the problem."""


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence the lexicon must read right: with (``found``) or without a cue of
    ``type``; ``type`` None with ``found`` False: no cue of any type. ``entry`` is the id of
    the cue or veto it illustrates (a veto example must stop being a trap without it)."""

    text: str
    type: str | None
    found: bool
    entry: str
    source: str  # file and entry, for a test failure a person can act on


@dataclass(frozen=True, slots=True)
class CueRule:
    """A pattern that states an event of ``type``.

    ``near``: a pattern that must occur within ``reach`` characters of the match (开行
    says a first departure only next to a train or line). ``retype``: (pattern, type)
    pairs tried in order; the first whose pattern occurs nearby gives the cue that type
    (开通 next to a line is a first departure, next to a road a completion). ``yields_to``:
    types that win when their cue overlaps this one (竣工投产 is a production start).
    """

    id: str
    type: str
    pattern: re.Pattern[str]
    near: re.Pattern[str] | None
    reach: int
    retype: tuple[tuple[re.Pattern[str], str], ...]
    yields_to: frozenset[str]
    source: str
    own_date: bool = False  # dated only by its own sentence, never by a frame


@dataclass(frozen=True, slots=True)
class Veto:
    """A context in which a cue of ``types`` does not state an event.

    ``before`` is searched in the 40 characters before the cue (anchor it with ``$``),
    ``after`` in the 40 after (anchor with ``^``), ``inside`` in the cue's own text. All
    given parts must match.
    """

    id: str
    types: frozenset[str]  # empty: every type
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    inside: re.Pattern[str] | None
    reason: str
    source: str


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Everything the cue finder and the date attribution read, validated."""

    cues: tuple[CueRule, ...]
    vetoes: tuple[Veto, ...]
    markers: dict[str, re.Pattern[str]]
    classes: dict[str, str]
    examples: tuple[Example, ...]
    planned_reach: int
    # What a subject may not be (common.toml [subject], anchored as SUBJECT_RULES says), and
    # the phrases its examples say must be turned down (False) or let through (True).
    subject_rules: dict[str, re.Pattern[str]] = field(default_factory=dict)
    subject_examples: tuple[tuple[str, bool], ...] = ()

    by_type: dict[str, tuple[Veto, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in EVENT_TYPES:
            self.by_type[kind] = tuple(v for v in self.vetoes if not v.types or kind in v.types)

    def vetoes_for(self, kind: str) -> tuple[Veto, ...]:
        return self.by_type[kind]

    def without(self, entry: str) -> Lexicon:
        """This lexicon less the cue or veto ``entry`` (to show what a veto stops)."""
        return Lexicon(
            tuple(c for c in self.cues if c.id != entry),
            tuple(v for v in self.vetoes if v.id != entry),
            self.markers,
            self.classes,
            self.examples,
            self.planned_reach,
            self.subject_rules,
            self.subject_examples,
        )


def lexicon_dir() -> Path:
    return data_dir() / "lexicon"


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    """The lexicon shipped in ``explorer/data/lexicon``, loaded once per process."""
    return load_lexicon(lexicon_dir())


def load_lexicon(folder: Path) -> Lexicon:
    """Read and validate every ``*.toml`` in ``folder``; raise :class:`LexiconError`."""
    common_path = folder / "common.toml"
    if not common_path.is_file():
        raise LexiconError(str(common_path), "missing: it defines the word classes and markers")
    common = _read(common_path)
    classes = _classes(common_path, common.get("classes", {}))
    markers = {
        name: _compile(common_path, f"markers.{name}", pattern, classes)
        for name, pattern in _table(common_path, common, "markers").items()
    }
    missing = sorted(set(MARKERS) - set(markers))
    if missing:
        raise LexiconError(str(common_path), f"[markers] lacks {', '.join(missing)}")
    reach = common.get("planned_reach", 20)
    if not isinstance(reach, int) or reach < 0:
        raise LexiconError(str(common_path), "planned_reach must be a whole number ≥ 0")
    cues: list[CueRule] = []
    vetoes: list[Veto] = list(_vetoes(common_path, common, classes, default_type=None))
    examples: list[Example] = []
    seen_types: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        if path == common_path:
            continue
        data = _read(path)
        kind = data.get("type")
        if kind not in EVENT_TYPES:
            raise LexiconError(
                str(path),
                f"type {kind!r} is not one of the spec's types ({', '.join(EVENT_TYPES)})",
            )
        if kind in seen_types:
            raise LexiconError(str(path), f"a second file for type {kind!r}")
        seen_types.add(kind)
        cues += _cues(path, data, kind, classes)
        vetoes += _vetoes(path, data, classes, default_type=kind)
        examples += _examples(path, data, kind)
    examples += _examples(common_path, common, None)
    subject_rules, subject_examples = _subject(common_path, common, classes)
    return Lexicon(
        tuple(cues),
        tuple(vetoes),
        markers,
        classes,
        tuple(examples),
        reach,
        subject_rules,
        subject_examples,
    )


def _subject(
    path: Path, data: dict[str, Any], classes: dict[str, str]
) -> tuple[dict[str, re.Pattern[str]], tuple[tuple[str, bool], ...]]:
    """The [subject] rules, anchored, and the [subject_examples] sentences."""
    table = _table(path, data, "subject")
    missing = sorted(set(SUBJECT_RULES) - set(table))
    if missing:
        raise LexiconError(str(path), f"[subject] lacks {', '.join(missing)}")
    rules = {}
    for name, anchored in SUBJECT_RULES.items():
        inner = _compile(path, f"subject.{name}", table[name], classes).pattern
        rules[name] = re.compile(anchored.format(inner))
    given = data.get("subject_examples", {})
    examples: list[tuple[str, bool]] = []
    for key, accepted in (("not_subjects", False), ("subjects", True)):
        phrases = given.get(key, []) if isinstance(given, dict) else None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise LexiconError(str(path), f"subject_examples.{key} must be a list of phrases")
        examples += [(phrase, accepted) for phrase in phrases]
    return rules, tuple(examples)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(str(path), f"not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise LexiconError(str(path), "not UTF-8") from None


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise LexiconError(str(path), f"[{key}] must map names to pattern strings")
    return table


def _classes(path: Path, table: Any) -> dict[str, str]:
    """Word classes, expanded in the order given so that a class may use earlier ones."""
    if not isinstance(table, dict):
        raise LexiconError(str(path), "[classes] must map names to pattern strings")
    classes: dict[str, str] = {}
    for name, pattern in table.items():
        if not isinstance(pattern, str):
            raise LexiconError(str(path), f"classes.{name}: a pattern must be a string")
        expanded = _expand(path, f"classes.{name}", pattern, classes)
        _compile(path, f"classes.{name}", expanded, {})
        classes[name] = f"(?:{expanded})"
    return classes


def _expand(path: Path, where: str, pattern: str, classes: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in classes:
            known = ", ".join(sorted(classes)) or "none"
            raise LexiconError(
                str(path), f"{where}: unknown word class {{{name}}} (known: {known})"
            )
        return classes[name]

    return _PLACEHOLDER.sub(substitute, pattern)


def _compile(path: Path, where: str, pattern: Any, classes: dict[str, str]) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise LexiconError(str(path), f"{where}: a pattern must be a non-empty string")
    expanded = _expand(path, where, pattern, classes)
    try:
        compiled = re.compile(expanded)
    except re.error as error:
        raise LexiconError(str(path), f"{where}: broken pattern {pattern!r} ({error})") from None
    if compiled.search("") is not None:
        raise LexiconError(str(path), f"{where}: pattern {pattern!r} matches empty text")
    return compiled


def _entries(path: Path, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LexiconError(str(path), f"[[{key}]] entries must be tables")
    named = []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("id") or f"{key} #{number}"
        named.append((f"{key} {name!r}", entry))
    return named


def _require_examples(path: Path, where: str, entry: dict[str, Any]) -> None:
    if not entry.get("examples"):
        raise LexiconError(str(path), f"{where}: give at least one example sentence")


def _cues(path: Path, data: dict[str, Any], kind: str, classes: dict[str, str]) -> list[CueRule]:
    rules = []
    for where, entry in _entries(path, data, "cue"):
        _require_examples(path, where, entry)
        near = entry.get("near")
        retype = []
        for number, item in enumerate(entry.get("retype", []), start=1):
            target = item.get("type") if isinstance(item, dict) else None
            if target not in EVENT_TYPES:
                raise LexiconError(
                    str(path), f"{where}: retype #{number} to unknown type {target!r}"
                )
            retype.append((_compile(path, f"{where} retype", item.get("near"), classes), target))
        yields = entry.get("yields_to", [])
        unknown = [t for t in yields if t not in EVENT_TYPES]
        if unknown:
            raise LexiconError(str(path), f"{where}: yields_to unknown type {unknown[0]!r}")
        rules.append(
            CueRule(
                id=str(entry.get("id", where)),
                type=kind,
                pattern=_compile(path, f"{where} pattern", entry.get("pattern"), classes),
                near=_compile(path, f"{where} near", near, classes) if near else None,
                reach=int(entry.get("reach", 30)),
                retype=tuple(retype),
                yields_to=frozenset(yields),
                source=f"{path.name} {where}",
                own_date=bool(entry.get("own_date", False)),
            )
        )
    if not rules and data.get("cue") is not None:
        raise LexiconError(str(path), "no cue entries")
    return rules


def _vetoes(
    path: Path, data: dict[str, Any], classes: dict[str, str], default_type: str | None
) -> list[Veto]:
    vetoes = []
    for where, entry in _entries(path, data, "veto"):
        _require_examples(path, where, entry)
        types = entry.get("types", [default_type] if default_type else [])
        unknown = [t for t in types if t not in EVENT_TYPES]
        if unknown:
            raise LexiconError(str(path), f"{where}: unknown type {unknown[0]!r}")
        parts = {
            part: _compile(path, f"{where} {part}", entry[part], classes)
            for part in ("before", "after", "inside")
            if entry.get(part)
        }
        if not parts:
            raise LexiconError(str(path), f"{where}: give before, after or inside")
        vetoes.append(
            Veto(
                id=str(entry.get("id", where)),
                types=frozenset(types),
                before=parts.get("before"),
                after=parts.get("after"),
                inside=parts.get("inside"),
                reason=str(entry.get("reason", "")),
                source=f"{path.name} {where}",
            )
        )
    return vetoes


def _examples(path: Path, data: dict[str, Any], kind: str | None) -> list[Example]:
    """A cue's ``examples`` must yield its type and its ``not_examples`` must not; a veto's
    ``examples`` are sentences where it stops the types it names (every type if none)."""
    found = []
    for key in ("cue", "veto"):
        for where, entry in _entries(path, data, key):
            name, source = str(entry.get("id", where)), f"{path.name} {where}"
            sentences = [(s, key == "cue") for s in entry.get("examples", [])]
            sentences += [(s, False) for s in entry.get("not_examples", [])]
            types = [kind] if key == "cue" else entry.get("types", [kind] if kind else [None])
            for text, expected in sentences:
                if not isinstance(text, str) or not text:
                    raise LexiconError(str(path), f"{where}: an example must be a sentence")
                found += [Example(text, t, expected, name, source) for t in types]
    return found
