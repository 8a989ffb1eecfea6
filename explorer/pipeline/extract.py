"""Turn a document into dated, placed events, each quoting the sentence that states it.

Per article: sentences (layout-aware) → time expressions → cues → for each cue a date from
its sentence (or the time frame its paragraph opened with, or for a headline the lead's
date), status, subject, amount, place and district. A fact told several times in one
document (same type and interval) is one event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from explorer.core.articles import Article, Document
from explorer.core.events import Event
from explorer.core.places import Place
from explorer.pipeline.cues import Cue, find_cues, is_planned
from explorer.pipeline.dates import BaseDate, DateMention, find_dates, infer_base
from explorer.pipeline.places import Gazetteer
from explorer.pipeline.sentences import Sentence, article_sentences, mask_layout
from explorer.pipeline.subjects import (
    GENERIC_SUBJECT,
    find_amount,
    find_meeting_name,
    find_subject,
    last_named_before,
    make_title,
    similar_subjects,
)

_FRAME_PRECISIONS = ("year", "half", "quarter")
_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?]")
# A sentence opening with these goes on with the time of the sentence before it.
_CONTINUES = re.compile(r"^(?:其中|随后|会上|会议上|活动中|仪式上|期间|此次|这次)")
_ELSEWHERE = re.compile(
    r"(?:在|赴|到|于)(?:深圳|广州|北京|上海|重庆|香港|澳门|珠海|佛山|东莞|中山|肇庆|杭州|成都)"
    r"[^，,。；;]{0,12}(?:举行|举办|召开|开幕)"
)
_CITY_WIDE = re.compile(r"全市|我市|江门市|市委|市政府")
_GEO_PRECISION = {"exact": "exact", "town": "town", "district": "district"}


@dataclass(frozen=True, slots=True)
class _Found:
    """An event before places are attached: where it is stated and when."""

    article: Article
    sentence: Sentence
    cue: Cue
    mention: DateMention
    headline: bool = False


def extract_document(doc: Document, gazetteer: Gazetteer) -> list[Event]:
    """All events of ``doc``; never raises on odd text, every span indexes ``doc.body``."""
    body = doc.body
    masked = mask_layout(body, doc.articles)
    base = _base_of(doc, masked)
    doc_district = gazetteer.dominant_district(masked)
    events: list[Event] = []
    for article in doc.articles:
        sentences = article_sentences(masked, article)
        found = _find_in_article(sentences, article, base)
        article_district = gazetteer.dominant_district(masked[article.start : article.end])
        context = _ArticleContext(
            masked, article, gazetteer, article_district or doc_district, sentences
        )
        events += _one_per_fact(_to_event(doc, body, base, item, context) for item in found)
    return events


_BUNDLED: Gazetteer | None = None


def extract_with_bundled_gazetteer(doc: Document) -> list[Event]:
    """:func:`extract_document` with the bundled gazetteer, loaded once per process.

    Module-level so that import can hand it to worker processes.
    """
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = Gazetteer.bundled()
    return extract_document(doc, _BUNDLED)


def _base_of(doc: Document, text: str) -> BaseDate | None:
    if doc.pub_date is not None:
        return BaseDate(doc.pub_date, doc.pub_precision or "day")
    return infer_base(text)


def _find_in_article(
    sentences: list[Sentence], article: Article, base: BaseDate | None
) -> list[_Found]:
    found: list[_Found] = []
    headlines: list[tuple[Sentence, list[Cue], list[DateMention]]] = []
    frames: dict[int, DateMention] = {}
    last_day: DateMention | None = None
    lead: DateMention | None = None
    previous: list[DateMention] = []
    paragraph = -1
    for sentence in sentences:
        # 当天 opening a paragraph refers to the story's day (the lead's), not to whatever
        # date the paragraph before happened to mention last.
        opens_paragraph, paragraph = sentence.paragraph != paragraph, sentence.paragraph
        day_of_story = lead if opens_paragraph and lead and lead.precision == "day" else None
        mentions, last_day = _dated(sentence.text, base, day_of_story or last_day)
        if not mentions and previous and _CONTINUES.match(sentence.text):
            framing = previous[0] if previous[0].start <= 6 else previous[-1]
            mentions = [replace(framing, start=0, end=0)]
        previous = mentions
        cues = find_cues(sentence.text)
        if sentence.heading:
            headlines.append((sentence, cues, mentions))
            continue
        if lead is None and mentions and mentions[0].precision in ("day", "month"):
            lead = mentions[0]
        for cue in cues:
            mention = _date_for(cue, mentions, sentence.text, cues) or frames.get(
                sentence.paragraph
            )
            if mention is not None:
                found.append(_Found(article, sentence, cue, mention))
        if mentions and mentions[0].start <= 2 and mentions[0].precision in _FRAME_PRECISIONS:
            frames[sentence.paragraph] = mentions[0]  # 今年, 过去一年: frames what follows
    found += _headline_events(article, headlines, found, lead)
    return found


def _dated(
    text: str, base: BaseDate | None, last_day: DateMention | None
) -> tuple[list[DateMention], DateMention | None]:
    """Mentions of a sentence with 当天/同日 given the date of the day just mentioned."""
    mentions = []
    for mention in find_dates(text, base):
        if mention.anaphor:
            if last_day is None:
                continue
            mention = replace(mention, date=last_day.date, date_end=last_day.date_end)
        mentions.append(mention)
        if mention.precision == "day":
            last_day = mention
    return mentions, last_day


def _date_for(
    cue: Cue, mentions: list[DateMention], text: str, cues: list[Cue] | None = None
) -> DateMention | None:
    """The cue's date: the nearest one before it (a more precise earlier one if it lies
    inside, as 3月29日 inside 2022年第一季度), else the first one after it in its clause.

    In a list of deeds (在一季度集中动工、与…签约) a date stays with the deed it belongs to.
    """
    before = [
        m
        for m in mentions
        if m.end <= cue.start and not _other_deed_between(m, cue, text, cues or [])
    ]
    if before:
        chosen = before[-1]
        for earlier in reversed(before[:-1]):
            if chosen.date <= earlier.date and earlier.date_end <= chosen.date_end:
                chosen = earlier
        if "到" in text[max(0, cue.start - 5) : cue.start] and cue.start - chosen.end > 12:
            return None  # 从签约到拿地动工: the end of a span, not dated by its start
        return chosen
    after = [
        m
        for m in mentions
        if m.start >= cue.start and not _CLAUSE_BREAK.search(text, cue.end, m.start)
    ]
    return after[0] if after else None


def _other_deed_between(mention: DateMention, cue: Cue, text: str, cues: list[Cue]) -> bool:
    if "、" not in text[mention.end : cue.start]:
        return False
    return any(mention.end <= c.start < cue.start and c.type != cue.type for c in cues)


def _headline_events(
    article: Article,
    headlines: list[tuple[Sentence, list[Cue], list[DateMention]]],
    found: list[_Found],
    lead: DateMention | None,
) -> list[_Found]:
    """A headline's cue is the article's story: dated by the headline or by the lead."""
    told = {item.cue.type for item in found}
    events = []
    for sentence, cues, mentions in headlines:
        for cue in cues:
            if cue.type in told:
                continue
            mention = _date_for(cue, mentions, sentence.text) or lead
            if mention is not None:
                events.append(_Found(article, sentence, cue, mention, headline=True))
                told.add(cue.type)
    return events


@dataclass(slots=True)
class _ArticleContext:
    masked: str
    article: Article
    gazetteer: Gazetteer
    district: str | None
    sentences: list[Sentence]
    _places: dict[int | None, Place | None] = field(default_factory=dict)
    # Named subjects of the events made so far, with where they were said.
    subjects: list[tuple[int, str]] = field(default_factory=list)

    def only_place(self, paragraph: int) -> Place | None:
        """The one place a paragraph names, else the one place the article names."""
        if paragraph not in self._places:
            text = "".join(s.text for s in self.sentences if s.paragraph == paragraph)
            self._places[paragraph] = _only_place(self.gazetteer, text)
        if self._places[paragraph] is None and None not in self._places:
            whole = self.masked[self.article.start : self.article.end]
            self._places[None] = _only_place(self.gazetteer, whole)
        return self._places[paragraph] or self._places.get(None)


def _to_event(
    doc: Document, body: str, base: BaseDate | None, item: _Found, context: _ArticleContext
) -> Event:
    sentence, cue, mention = item.sentence, item.cue, item.mention
    text = sentence.text
    subject = (cue.type == "meeting" and find_meeting_name(text, cue.start, cue.end)) or (
        find_subject(text, cue.start, cue.end)
    )
    position = sentence.start + cue.start
    if subject is None or len(subject) <= 2 or GENERIC_SUBJECT.fullmatch(subject):
        if not _ELSEWHERE.search(text):  # a deed done elsewhere is not this article's project
            subject = _antecedent(context, position) or subject
    elif cue.type in _PROJECT_STEPS:
        context.subjects.append((position, subject))
    place, district, lat, lon, precision = _locate(item, context)
    return Event(
        document=doc.doc_id,
        type=cue.type,
        date=mention.date.isoformat(),
        date_end=mention.date_end.isoformat(),
        date_precision=mention.precision,
        status="planned" if _planned(text, cue, mention, base) else "occurred",
        title=make_title(cue.type, subject, cue.start, cue.end, text, mention.end),
        subject=subject,
        place=place,
        district=district,
        lat=lat,
        lon=lon,
        geo_precision=precision,
        amount_cny=find_amount(text, cue.start),
        excerpt=body[sentence.start : sentence.end],
        span=(sentence.start, sentence.end),
        date_inferred=bool(base and base.inferred and mention.relative),
    )


# Subjects that point back at a project named earlier (今年1月项目签约后, 该厂房…封顶).
_PROJECT_STEPS = frozenset(
    {
        "signing",
        "groundbreaking",
        "topping_out",
        "completion",
        "production_start",
        "opening",
        "settlement",
    }
)
_ANTECEDENT_REACH = 400  # characters: beyond that, 该项目 is too far from its name


def _antecedent(context: _ArticleContext, position: int) -> str | None:
    """What 该项目 refers to: the nearer of the last named event subject and the last
    gazetteer project (else park) named before ``position`` in the article."""
    reach = position - _ANTECEDENT_REACH
    candidates = [(p, name) for p, name in context.subjects if reach <= p < position][-1:]
    start = max(context.article.start, reach)
    found = context.gazetteer.find(context.masked[start:position])
    for kind in ("project_site", "industrial_park"):  # a project before the park it is in
        named = [m for m in found if m.place.kind == kind]
        if named:
            candidates.append((start + named[-1].start, named[-1].place.name))
            break
    if candidates:
        return max(candidates)[1]
    # Else the last project-like phrase (…台山核电三期工程项目。该项目计划…); it loses to
    # known names above because descriptions (最大的动力电池类项目) look alike.
    said = last_named_before(context.masked[start:position], position - start)
    return said[1] if said else None


def _planned(text: str, cue: Cue, mention: DateMention, base: BaseDate | None) -> bool:
    if is_planned(text, cue.start, cue.end):
        return True
    if base is None or base.inferred:
        return False
    return mention.date > _end_of(base)


def _end_of(base: BaseDate) -> date:
    if base.precision == "year":
        return date(base.date.year, 12, 31)
    if base.precision == "month":
        following = date(base.date.year + base.date.month // 12, base.date.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return base.date


def _locate(item: _Found, context: _ArticleContext):  # type: ignore[no-untyped-def]
    """Place and district: the sentence first, then its paragraph, then the article.

    Beyond the sentence a place is taken only when it is the one place named there, so an
    unrelated park further down a paragraph never lends an event its coordinates.
    """
    gazetteer = context.gazetteer
    text = item.sentence.text
    place = _nearest_place(gazetteer, text, item.cue.start) or context.only_place(
        item.sentence.paragraph
    )
    name = place.name if place else None
    if _ELSEWHERE.search(text):  # the venue is elsewhere: only a place the sentence names
        here = _nearest_place(gazetteer, text, item.cue.start)
        return (here.name if here else None), None, None, None, None
    district = gazetteer.district_of(place) if place else None
    if district is None:
        named = gazetteer.districts_named(text)
        if place is None and len(set(named)) >= 2 and "江门市" in text:
            # A city-level activity shared by districts (江门市(新会·台山)招商推介会) has no
            # one district; the spec leaves it null rather than guess.
            return name, None, None, None, None
        if not named and place is None and _CITY_WIDE.search(text):
            return name, None, None, None, None  # 全市新签约…: the whole city, no district
        district = named[0] if named else context.district
    if place is not None and place.lat is not None and place.lon is not None:
        return name, district, place.lat, place.lon, _GEO_PRECISION.get(place.precision or "")
    seat = gazetteer.district_seats.get(district or "")
    if seat is not None and seat.lat is not None:
        return name, district, seat.lat, seat.lon, "district"
    return name, district, None, None, None


def _nearest_place(gazetteer: Gazetteer, text: str, position: int) -> Place | None:
    mentions = [m for m in gazetteer.find(text) if m.place.kind != "district"]
    if not mentions:
        return None
    return min(mentions, key=lambda m: abs(m.start - position)).place


def _only_place(gazetteer: Gazetteer, text: str) -> Place | None:
    places = {m.place.name: m.place for m in gazetteer.find(text) if m.place.kind != "district"}
    return next(iter(places.values())) if len(places) == 1 else None


def _one_per_fact(events: Iterable[Event]) -> list[Event]:
    """A fact told several times in a document is one event.

    Two events are one fact when their type is the same, one interval lies inside the
    other, and they are about the same thing (similar subjects, or an unnamed subject in
    another sentence). The most precise telling is kept. Events are compared only with
    kept events of their type, and only the last few of them, so that a pathological text
    with thousands of cues stays linear.
    """
    by_type: dict[str, list[Event]] = {}
    for event in events:
        kept = by_type.setdefault(event.type, [])
        twin = next((k for k in reversed(kept[-_COMPARE_WITH:]) if _same_fact(k, event)), None)
        if twin is None:
            kept.append(event)
        elif _width(event) < _width(twin):
            kept[kept.index(twin)] = event
    return sorted((e for kept in by_type.values() for e in kept), key=lambda e: (e.span[0], e.type))


_COMPARE_WITH = 50


def _same_fact(a: Event, b: Event) -> bool:
    if a.type != b.type or not (_nested(a, b) or _nested(b, a)):
        return False
    if _multi_day(a) != _multi_day(b):
        return False  # a session of several days and one day of its schedule are two facts
    if similar_subjects(a.subject, b.subject):
        return True
    both_named = len(a.subject or "") >= 6 and len(b.subject or "") >= 6
    same_interval = (a.date, a.date_end) == (b.date, b.date_end)
    if a.span == b.span:
        # One sentence, one day or month: the same fact in two words (签约仪式…现场签约,
        # 项目签约后…从签约到拿地). Over a year, a list of deeds (启动…工程, …项目开工)
        # is several facts.
        return same_interval and a.date_precision in ("day", "month") and not both_named
    # Told again on the same day or month without naming what (…封顶): the same fact.
    # Told again on the same day or month, unless both tellings name different things
    # properly (two meetings of one day's schedule): the same fact in other words.
    return same_interval and not both_named and a.date_precision in ("day", "month")


def _multi_day(event: Event) -> bool:
    return event.date_precision == "day" and event.date != event.date_end


def _nested(inner: Event, outer: Event) -> bool:
    return bool(
        outer.date
        and inner.date
        and outer.date <= inner.date
        and (inner.date_end or "") <= (outer.date_end or "")
    )


def _width(event: Event) -> int:
    start, end = date.fromisoformat(event.date or ""), date.fromisoformat(event.date_end or "")
    return (end - start).days
