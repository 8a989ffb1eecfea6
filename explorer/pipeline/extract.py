"""Turn a document into dated, placed events, each quoting the sentence that states it.

Per article: sentences (layout-aware) → time expressions → cues → for each cue a date from
its sentence (or the time frame its paragraph opened with, or for a headline the lead's
date), status, subject, amount, place and district. A fact told several times in one
document (same type and interval) is one event.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from explorer.core.articles import Article, Document
from explorer.core.events import Event, Extraction
from explorer.core.places import Place
from explorer.pipeline.cues import Cue, candidate_cues, is_planned
from explorer.pipeline.dates import (
    BaseDate,
    DateMention,
    find_dates,
    infer_base,
    precision_of,
    prepare_calendar,
)
from explorer.pipeline.lexicon import Lexicon, bundled_lexicon
from explorer.pipeline.places import Gazetteer, PlaceMention
from explorer.pipeline.reading import reading_body
from explorer.pipeline.sentences import Sentence, article_sentences, mask_layout
from explorer.pipeline.subjects import (
    GENERIC_SUBJECT,
    MAX_AMOUNT_CNY,
    Amount,
    acceptable_subject,
    find_meeting_name,
    find_subject,
    last_named_before,
    make_title,
    nearest_amount,
    similar_subjects,
    stated_amounts,
)

_FRAME_PRECISIONS = ("year", "half", "quarter")
_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?]")
# A sentence opening with these goes on with the time of the sentence before it.
_GEO_PRECISION = {"exact": "exact", "town": "town", "district": "district"}


@dataclass(frozen=True, slots=True)
class _Found:
    """An event before places are attached: where it is stated and when."""

    article: Article
    sentence: Sentence
    cue: Cue
    mention: DateMention
    source: str  # date_source: sentence | frame | dateline | publication
    headline: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """What extraction made of one cue, for ``explorer evaluate --explain``.

    ``outcome`` is ``event`` for a cue that became an event (``merged`` when it was the
    same fact as another), else the rule that dropped it.
    """

    document: str
    sentence: Sentence
    cue: Cue
    dates: tuple[str, ...]
    outcome: str
    date_source: str | None = None
    date: str | None = None


def extract_document(
    doc: Document, gazetteer: Gazetteer, trace: list[Decision] | None = None
) -> Extraction:
    """All events of ``doc``; never raises on odd text, every span indexes ``doc.body``.

    With ``trace``, every cue found (kept or not) is appended to it with its fate. The
    result's ``notes`` say what was left out (an implausible amount kept off its event).

    Everything is found in the body's reading form (traditional articles in simplified,
    Kangxi radicals unified), which has the body's length: its offsets are the body's, and
    each excerpt is cut from the original body, quoting the source's own characters.
    """
    body = doc.body
    masked = mask_layout(reading_body(doc), doc.articles)
    base = _base_of(doc, masked)
    prepare_calendar(masked)
    doc_district = gazetteer.dominant_district(masked)
    events: list[Event] = []
    notes: list[str] = []
    for article in doc.articles:
        sentences = article_sentences(masked, article)
        fates: list[tuple[Sentence, Cue, tuple[str, ...], str]] | None = (
            [] if trace is not None else None
        )
        budget = _Budget.for_article(article, notes)
        found = _find_in_article(sentences, article, base, budget, fates)
        article_district = gazetteer.dominant_district(masked[article.start : article.end])
        context = _ArticleContext(
            masked, article, gazetteer, article_district or doc_district, sentences, notes
        )
        made = []
        for item in found:
            if budget.spent(item.sentence.start):
                break
            made.append((_to_event(doc, body, base, item, context), item))
        budget.report()
        kept = _one_per_fact(event for event, _ in made)
        events += kept
        if trace is not None and fates is not None:
            trace += _decisions(doc.doc_id, fates, made, kept)
    return Extraction(events, dict.fromkeys(notes))  # each note once, in order


def _decisions(
    doc_id: str,
    notes: list[tuple[Sentence, Cue, tuple[str, ...], str]],
    made: list[tuple[Event, _Found]],
    kept: list[Event],
) -> list[Decision]:
    """Every cue of the article with its fate; the kept cues say which event they made."""
    kept_ids = {id(e) for e in kept}
    events = {(item.sentence.start, item.cue.start, item.cue.type): (e, item) for e, item in made}
    decisions = []
    for sentence, cue, dates, why in notes:
        made_here = events.get((sentence.start, cue.start, cue.type))
        if why or made_here is None:
            if not why:
                why = (
                    "headline: the body tells this type, or neither headline nor lead has a date"
                    if sentence.heading
                    else "no date"
                )
            decisions.append(Decision(doc_id, sentence, cue, dates, why))
            continue
        event, item = made_here
        outcome = "event"
        if id(event) not in kept_ids:
            twin = next((k for k in kept if _same_fact(k, event)), None)
            outcome = "merged: the same fact as " + (
                f"“{twin.excerpt[:40]}” ({twin.date})" if twin else "another event"
            )
        decisions.append(Decision(doc_id, sentence, cue, dates, outcome, item.source, event.date))
    return decisions


_BUNDLED: Gazetteer | None = None


def extract_with_bundled_gazetteer(doc: Document) -> Extraction:
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


@dataclass(slots=True)
class _Frames:
    """The time frames an undated sentence can take its date from.

    ``paragraph``: the date that opened the last dated sentence of this paragraph (a review
    paragraph's 去年, the ``3月29日,`` of a report); a date said in the middle of a sentence
    belongs to the deed it stands by, not to the sentences after. ``activity``: the day of
    the last dated ceremony, meeting or collective activity, which reaches the following
    paragraphs (the signings and unveilings told after it) until a headline starts another
    story.
    """

    paragraph: DateMention | None = None
    activity: DateMention | None = None
    story: DateMention | None = None  # the day of the last dated event: 首发仪式上 refers to it
    # A review paragraph may name its year after its list (……这一年,新会…): looked up
    # only when a cue of the paragraph has no date from before.
    sentences: list[Sentence] = field(default_factory=list)
    at: int = 0
    base: BaseDate | None = None
    _reviews: dict[int, DateMention | None] | None = None

    def review(self) -> DateMention | None:
        if not self.sentences:
            return None
        if self._reviews is None:
            texts: dict[int, str] = {}
            for sentence in self.sentences:
                texts[sentence.paragraph] = texts.get(sentence.paragraph, "") + sentence.text
            self._reviews = {}
            for paragraph, text in texts.items():
                found = [m for m in find_dates(text, self.base) if _REVIEW.fullmatch(m.text)]
                self._reviews[paragraph] = found[0] if found else None
        return self._reviews.get(self.sentences[self.at].paragraph)


_AT_ACTIVITY = re.compile(r"^\S{0,4}(?:会|仪式|活动|现场|式[上中])")  # 开幕式上 as 仪式上
_REVIEW = re.compile(r"这一年|过去一年|上一年")
_OPENING = 6  # a date within the first characters of a sentence sets its time frame


# Caps no real sentence comes near (the bundled, development and synthetic corpora have
# at most 3 cues and 5 dates in one), so that what is done per cue and date stays bounded
# in a sentence made of nothing else (签约签约签约…, 2022年1月1日2022年1月2日…).
MAX_CUES_PER_SENTENCE = 32
MAX_DATES_PER_SENTENCE = 64
# The last resort, for text no cap foresaw: an article whose cues are still being dated or
# made into events after this many seconds (plus a little per character) stops there and
# keeps what it found, with a note. Normal articles take a few milliseconds, so on any
# text but a pathological one extraction stays a pure function of its inputs. The clock is
# the thread's CPU time, not the wall: on a loaded machine (an import beside other work,
# a busy CI) a thread waiting for a core must not lose the events of a normal article.
ARTICLE_BUDGET_S = 1.0
ARTICLE_BUDGET_S_PER_CHAR = 0.0002


@dataclass(slots=True)
class _Budget:
    """The time an article may take, and the notes to say where it ran out or was capped."""

    deadline: float
    notes: list[str]
    started: float = 0.0
    cut_at: int | None = None  # where in the body extraction stopped

    @classmethod
    def for_article(cls, article: Article, notes: list[str]) -> _Budget:
        now = time.thread_time()
        allowed = ARTICLE_BUDGET_S + ARTICLE_BUDGET_S_PER_CHAR * (article.end - article.start)
        return cls(now + allowed, notes, now)

    def spent(self, position: int) -> bool:
        """Is the time up? If so, remember that the article was cut at ``position``."""
        if self.cut_at is None and time.thread_time() > self.deadline:
            self.cut_at = position
        return self.cut_at is not None

    def report(self) -> None:
        if self.cut_at is not None:
            spent = (time.thread_time() - self.started) * 1000
            self.notes.append(
                f"extraction cut short at character {self.cut_at} after {spent:.0f} ms of CPU "
                "(the article's time budget): events stated after it are missing"
            )


def _find_in_article(
    sentences: list[Sentence],
    article: Article,
    base: BaseDate | None,
    budget: _Budget,
    notes: list[tuple[Sentence, Cue, tuple[str, ...], str]] | None = None,
) -> list[_Found]:
    lexicon = bundled_lexicon()
    found: list[_Found] = []
    headlines: list[tuple[Sentence, list[Cue], list[DateMention]]] = []
    frames = _Frames(sentences=sentences, base=base)
    last_day: DateMention | None = None
    lead: DateMention | None = None
    previous: list[DateMention] = []
    paragraph = -1
    for number, sentence in enumerate(sentences):
        if budget.spent(sentence.start):
            break
        frames.at = number
        # 当天 opening a paragraph refers to the story's day (the lead's), not to whatever
        # date the paragraph before happened to mention last.
        opens_paragraph, paragraph = sentence.paragraph != paragraph, sentence.paragraph
        if opens_paragraph:
            frames.paragraph = None
        day_of_story = lead if opens_paragraph and lead and lead.precision == "day" else None
        mentions, last_day = _dated(sentence.text, base, day_of_story or last_day)
        mentions = mentions[:MAX_DATES_PER_SENTENCE]
        if not mentions and lexicon.markers["continues"].match(sentence.text):
            framing = (
                (previous[0] if previous[0].start <= 6 else previous[-1]) if previous else None
            )
            if _AT_ACTIVITY.match(sentence.text):
                # 会上,…印发 / 首发仪式上,…签署: at that day's activity, not at a year the
                # sentence before mentioned
                framing = frames.activity or frames.story or framing
            if framing is not None:
                mentions = [replace(framing, start=0, end=0, inherited=True)]
        previous = mentions
        candidates = candidate_cues(sentence.text, lexicon)
        cues = [c for c in candidates if not c.dropped]
        texts = tuple(m.text or "(from the sentence before)" for m in mentions)
        if notes is not None:
            notes += [(sentence, c, texts, c.dropped) for c in candidates if c.dropped]
        if len(cues) > MAX_CUES_PER_SENTENCE:
            cues = _capped(sentence, cues, budget.notes, notes, texts)
        if sentence.heading:
            if notes is not None:
                notes += [(sentence, c, texts, "") for c in cues]
            headlines.append((sentence, cues, mentions))
            frames.activity = frames.story = None
            continue
        if lead is None and mentions and mentions[0].precision in ("day", "month"):
            lead = mentions[0]
        for cue in cues:
            dated, why = _attribute(cue, mentions, sentence.text, cues, frames, lexicon)
            if dated is not None:
                found.append(_Found(article, sentence, cue, dated[0], dated[1]))
            if notes is not None:
                notes.append((sentence, cue, texts, why))
        _advance(frames, sentence.text, mentions, lexicon, bool(cues))
    found += _headline_events(article, headlines, found, lead)
    return found


def _capped(
    sentence: Sentence,
    cues: list[Cue],
    notes: list[str],
    fates: list[tuple[Sentence, Cue, tuple[str, ...], str]] | None,
    texts: tuple[str, ...],
) -> list[Cue]:
    """The first :data:`MAX_CUES_PER_SENTENCE` cues of a sentence; the rest noted."""
    kept, over = cues[:MAX_CUES_PER_SENTENCE], cues[MAX_CUES_PER_SENTENCE:]
    notes.append(
        f"the sentence at character {sentence.start} has {len(cues)} event cues: only the "
        f"first {MAX_CUES_PER_SENTENCE} were read"
    )
    if fates is not None:
        fates += [
            (sentence, c, texts, f"over {MAX_CUES_PER_SENTENCE} cues in one sentence") for c in over
        ]
    return kept


def _attribute(
    cue: Cue,
    mentions: list[DateMention],
    text: str,
    cues: list[Cue],
    frames: _Frames,
    lexicon: Lexicon,
) -> tuple[tuple[DateMention, str] | None, str]:
    """The cue's date and where it came from, or None and the rule that left it undated."""
    own = _date_for(cue, [m for m in mentions if not _inside(m, cue)], text, cues)
    if own is None and not cue.own_date:
        own = _date_for(cue, mentions, text, cues)
    if own is not None and own.inherited and cue.own_date:
        own = None
    if own is not None:
        if own.inherited:
            undated = lexicon.markers["undated"].search(text)
            if undated:
                return None, f"no date: the sentence says “{undated.group(0)}” (undated marker)"
            return (own, "frame"), ""
        return (own, "publication" if own.deictic else "sentence"), ""
    if cue.own_date:
        return None, f"no date: {cue.rule} needs a date in its own sentence"
    undated = lexicon.markers["undated"].search(text)
    if undated:
        return None, f"no date: the sentence says “{undated.group(0)}” (undated marker)"
    if is_planned(text, cue.start, cue.end, lexicon):
        frame = frames.paragraph
        if frame is not None and frame.precision in _FRAME_PRECISIONS:
            return (frame, "frame"), ""  # 今年,…力争…投产: the plan's horizon is the year
        return None, "no date: a plan without a date of its own"
    frame = frames.paragraph or frames.activity or frames.review()
    if frame is None:
        return None, "no date: none in the sentence, no frame from the sentences around"
    return (frame, "frame"), ""


def _advance(
    frames: _Frames, text: str, mentions: list[DateMention], lexicon: Lexicon, has_cues: bool
) -> None:
    """After a sentence: the frames the sentences after it may take their date from."""
    own = [m for m in mentions if not m.inherited]
    if not own or lexicon.markers["undated"].search(text[: own[0].start]):
        return  # 目前…, 此前的2021年: background, not the paragraph's time
    if own[0].start <= _OPENING and _aligned(own[0]):
        frames.paragraph = own[0]
    days = [m for m in own if m.precision == "day"]
    if days and lexicon.markers["activity"].search(text):
        frames.activity = days[0]
    if days and has_cues:
        frames.story = days[0]


def _aligned(mention: DateMention) -> bool:
    """A calendar unit (a day, a month, 2022年), not a deadline (国庆节前: read as its year,
    but a horizon for its own sentence only)."""
    if mention.text.endswith("前"):
        return False
    return precision_of(mention.date, mention.date_end) == mention.precision and (
        mention.precision != "year"
        or (mention.date.month, mention.date.day, mention.date_end.month) == (1, 1, 12)
    )


def _inside(mention: DateMention, cue: Cue) -> bool:
    """江门市2023年全市招商引资工作会议: a year inside a meeting's name is not its date."""
    return cue.start <= mention.start and mention.end <= cue.end


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
    bar = _other_deed_bar(cue, text, cues or [])
    before = [m for m in mentions if bar < m.end <= cue.start]
    if before:
        chosen = before[-1]
        for earlier in reversed(before[:-1]):
            if chosen.date <= earlier.date and earlier.date_end <= chosen.date_end:
                chosen = earlier
        if "到" in text[max(0, cue.start - 5) : cue.start] and cue.start - chosen.end > 12:
            return None  # 从签约到拿地动工: the end of a span, not dated by its start
        return chosen
    # The first mention after the cue, if no clause break comes first (mentions are in
    # text order: a break before one is before all later ones).
    after = next((m for m in mentions if m.start >= cue.start), None)
    if after is None or _CLAUSE_BREAK.search(text, cue.end, after.start):
        return None
    return after


def _other_deed_bar(cue: Cue, text: str, cues: list[Cue]) -> int:
    """A mention ending at or before this offset has another deed of the list between it
    and the cue (a 、 and a cue of another type after it), so it is not the cue's date.

    One offset per cue rather than a scan of the text and of the cues per mention: the
    sentence's mentions × cues × cues made a list of dated deeds cubic.
    """
    last_list_mark = text.rfind("、", 0, cue.start)
    other_deeds = [c.start for c in cues if c.type != cue.type and c.start < cue.start]
    return min(last_list_mark, max(other_deeds, default=-1))


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
            own = _date_for(cue, mentions, sentence.text)
            mention, source = (own, "sentence") if own else (lead, "dateline")
            if mention is not None:
                events.append(_Found(article, sentence, cue, mention, source, headline=True))
                told.add(cue.type)
    return events


@dataclass(slots=True)
class _ArticleContext:
    masked: str
    article: Article
    gazetteer: Gazetteer
    district: str | None
    sentences: list[Sentence]
    notes: list[str]  # the document's, shared by its articles
    _places: dict[int | None, Place | None] = field(default_factory=dict)
    # Found once per sentence, not once per cue: by sentence start.
    _amounts: dict[int, list[Amount]] = field(default_factory=dict)
    _named: dict[int, tuple[list[PlaceMention], list[str]]] = field(default_factory=dict)
    _paragraphs: dict[int, str] | None = None
    # Named subjects of the events made so far, with where they were said.
    subjects: list[tuple[int, str]] = field(default_factory=list)

    def only_place(self, paragraph: int) -> Place | None:
        """The one place a paragraph names, else the one place the article names."""
        if paragraph not in self._places:
            text = self._paragraph_text().get(paragraph, "")
            self._places[paragraph] = _only_place(self.gazetteer, text)
        if self._places[paragraph] is None and None not in self._places:
            whole = self.masked[self.article.start : self.article.end]
            self._places[None] = _only_place(self.gazetteer, whole)
        return self._places[paragraph] or self._places.get(None)

    def _paragraph_text(self) -> dict[int, str]:
        """Each paragraph's sentences joined, gathered in one pass over the article."""
        if self._paragraphs is None:
            parts: dict[int, list[str]] = {}
            for sentence in self.sentences:
                parts.setdefault(sentence.paragraph, []).append(sentence.text)
            self._paragraphs = {p: "".join(texts) for p, texts in parts.items()}
        return self._paragraphs

    def named_in(self, sentence: Sentence) -> tuple[list[PlaceMention], list[str]]:
        """The places (districts aside) and the districts ``sentence`` names."""
        if sentence.start not in self._named:
            places = [m for m in self.gazetteer.find(sentence.text) if m.place.kind != "district"]
            self._named[sentence.start] = places, self.gazetteer.districts_named(sentence.text)
        return self._named[sentence.start]

    def amount_near(self, sentence: Sentence, position: int) -> int | None:
        """The amount the sentence states nearest ``position`` (stated amounts are found
        once per sentence, not once per cue). An implausible one is noted, and not used."""
        if sentence.start not in self._amounts:
            self._amounts[sentence.start] = stated_amounts(sentence.text)
        amount = nearest_amount(self._amounts[sentence.start], position)
        if amount is not None and amount.yuan is None:
            said = amount.text
            shown = said if len(said) <= 40 else f"{said[:30]}…{said[-8:]} ({len(said)} characters)"
            ceiling = f"{MAX_AMOUNT_CNY:.0e}".replace("+", "")
            self.notes.append(
                f"amount “{shown}” at character {sentence.start + amount.start} is not a "
                f"plausible sum (above 0, at most {ceiling} yuan): its event is kept "
                "without an amount"
            )
        return amount.yuan if amount else None


def _to_event(
    doc: Document, body: str, base: BaseDate | None, item: _Found, context: _ArticleContext
) -> Event:
    sentence, cue, mention = item.sentence, item.cue, item.mention
    text = sentence.text
    subject = (cue.type == "meeting" and find_meeting_name(text, cue.start, cue.end)) or (
        find_subject(text, cue.start, cue.end)
    )
    if subject is not None and not acceptable_subject(subject):
        subject = None  # a fragment (根据协议, 双方) is no name: look for the antecedent
    position = sentence.start + cue.start
    agreement = _AGREEMENT.search(cue.text) if cue.type == "signing" else None
    if agreement and not _in_clause(subject, text, cue):
        subject = agreement.group(1)  # 双方签订全面深化合作协议: the agreement is the fact
    elif subject is None or len(subject) <= 2 or GENERIC_SUBJECT.fullmatch(subject):
        if not bundled_lexicon().markers["elsewhere"].search(text):
            # a deed done elsewhere is not this article's project
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
        amount_cny=context.amount_near(sentence, cue.start),
        excerpt=body[sentence.start : sentence.end],
        span=(sentence.start, sentence.end),
        date_inferred=bool(base and base.inferred and mention.relative),
        date_source=item.source,
    )


def _in_clause(name: str | None, text: str, cue: Cue) -> bool:
    """Is ``name`` said in the clause of ``cue`` (not borrowed from the clause before)?"""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, cue.start)]
    after = _CLAUSE_BREAK.search(text, cue.end)
    clause = text[breaks[-1] if breaks else 0 : after.start() if after else len(text)]
    return bool(name and name in clause and name not in cue.text)


_AGREEMENT = re.compile(r"^(?:签订|签署|签下|签定|草签|正式签)了?(.{4,})$")

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


def _locate(
    item: _Found, context: _ArticleContext
) -> tuple[str | None, str | None, float | None, float | None, str | None]:
    """Place and district: the sentence first, then its paragraph, then the article.

    Beyond the sentence a place is taken only when it is the one place named there, so an
    unrelated park further down a paragraph never lends an event its coordinates.
    """
    gazetteer = context.gazetteer
    text = item.sentence.text
    markers = bundled_lexicon().markers
    places_here, named_here = context.named_in(item.sentence)
    here = _nearest_place(places_here, item.cue.start)
    place = here or context.only_place(item.sentence.paragraph)
    if here is None and place is not None:
        borrowed = gazetteer.district_of(place)
        if (named_here and borrowed not in named_here) or (
            not named_here and markers["city_wide"].search(text)
        ):
            # The sentence names another district (蓬江区某企业入选…) or a city-level actor
            # (市工信局出台…): a place borrowed from the paragraph would say the wrong thing.
            place = None
    name = place.name if place else None
    if markers["elsewhere"].search(text):  # the venue is elsewhere: only a place the sentence names
        return (here.name if here else None), None, None, None, None
    district = gazetteer.district_of(place) if place else None
    if district is None:
        named = named_here
        if place is None and len(set(named)) >= 2 and "江门市" in text:
            # A city-level activity shared by districts (江门市(新会·台山)招商推介会) has no
            # one district; the spec leaves it null rather than guess.
            return name, None, None, None, None
        if not named and place is None and markers["city_wide"].search(text):
            return name, None, None, None, None  # 全市新签约…: the whole city, no district
        district = named[0] if named else context.district
    if place is not None and place.lat is not None and place.lon is not None:
        return name, district, place.lat, place.lon, _GEO_PRECISION.get(place.precision or "")
    seat = gazetteer.district_seats.get(district or "")
    if seat is not None and seat.lat is not None:
        return name, district, seat.lat, seat.lon, "district"
    return name, district, None, None, None


def _nearest_place(mentions: list[PlaceMention], position: int) -> Place | None:
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
        # A session of several days and another meeting of its schedule are two facts; the
        # session's own opening day (区政协十六届三次会议开幕) is the session.
        return (
            similar_subjects(a.subject, b.subject)
            and min(len(a.subject or ""), len(b.subject or "")) >= 6
        )
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
