"""What an event is about (subject), its investment amount, and a readable title."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from explorer.pipeline.lexicon import Lexicon, bundled_lexicon

# Lists (明德二路、文达路) stay together: 、 does not end a clause here.
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?]")
# A named thing ends with one of these heads: 中创新航江门基地项目, 江门双碳实验室 …
_HEADS = (
    "项目",
    "基地",
    "产业园",
    "园区",
    "工程",
    "公司",
    "集团",
    "实验室",
    "中心",
    "系统",
    "工作站",
    "会议",
    "大会",
    "全会",
    "座谈会",
    "推介会",
    "论坛",
    "班列",
    "政策",
    "方案",
    "办法",
    "平台",
    "厂房",
    "主厂房",
    "企业",
    "派出所",
    "超市",
    "学校",
    "医院",
    "候机楼",
    "码头",
    "大桥",
    "道路",
    "产业岛",
    "合作区",
    "新区",
    "片区",
    "工业园",
    "研究院",
    "协议",
    "十条",
)
_NAMED = re.compile(
    r"[《“\"][^》”\"]{2,40}[》”\"]"
    r"|[\u4e00-\u9fffA-Za-z0-9()（）·\-—、]{0,40}(?:" + "|".join(_HEADS) + r")"
)
# "X举行Y仪式": the ceremony verb sits inside the name of what is celebrated.
_CEREMONY = re.compile(r"举行|举办|隆重举行")
_LEADING = re.compile(
    r"^(?:[\d一二三四五六七八九十]+[年月日号]+|今年|去年|明年|当天|当日|昨日|近日|目前|"
    r"在|于|由|其中|随着|包括|预计|争取|有望|确保|推动|推进|加快|力争|力促|计划|将|正式|成功|共同|新引进|引进|举行|"
    r"举办|召开|位于|上午|下午|中午|晚上|以来|的|了|和|与|及|并)+"
)
# \d is any decimal digit, full-width (１２．５亿元) included; thousands may be grouped by
# commas (1,200万元).
_AMOUNT = re.compile(
    r"(?:总投资|投资总额|投资额|计划投资|总额|投资)(?:额)?(?:约|达|超过|超|逾|近|为)?\s*"
    r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:[.．](?P<f>\d+))?\s*(?P<u>万亿|千万|百万|亿|万)\s*元"
)
_UNITS = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4}
# What an investment in Jiangmen can plausibly be: more than nothing, at most 100万亿 yuan
# (the whole country's annual fixed-asset investment is about half of that). A figure
# beyond it is a typo or garbage, and SQLite could not even store most of them.
MAX_AMOUNT_CNY = 10**14


_MEETING_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9()（）·—\-“”]{2,40}?"
    r"(?:会议|大会|全会|推介会|座谈会|论坛|研讨会|洽谈会|博览会|交易会|峰会|发布会|年会|对接会|"
    r"招商会|推进会|动员会|常委会|委员会)"
)
_MEETING_LEAD = re.compile(r"^(?:召开|举行|举办|开幕|闭幕|出席|参加|高规格|隆重|正式|的|了)+")


def find_meeting_name(text: str, cue_start: int, cue_end: int) -> str | None:
    """The meeting's own name (新会区政协十六届四次会议), from the cue's clause."""
    start, end = _clause_start(text, cue_start), _clause_end(text, cue_end)
    names = [m for m in _MEETING_NAME.finditer(text, start, end)]
    if not names:
        return None
    best = min(names, key=lambda m: abs(m.start() - cue_start))
    name = re.split(r"召开|举行|举办|出席|列席|参加", _clean(best.group(0)))[-1]
    name = _head_of(_MEETING_LEAD.sub("", name))
    return name if len(name) >= 4 and acceptable_subject(name) else None


def find_subject(text: str, cue_start: int, cue_end: int) -> str | None:
    """The project, company or body an event is about, from the cue's clause.

    Prefers a named thing (with a head noun like 项目/基地/实验室, or a quoted name) ending
    closest before the cue, then one right after it; else the clause's words before the cue.
    """
    clause_start = _clause_start(text, cue_start)
    pieces = _breaks().split(_CEREMONY.sub("", text[clause_start:cue_start]))
    for piece in reversed(pieces):  # the noun phrase nearest the cue, then the ones before
        named = _specific([m.group(0) for m in _NAMED.finditer(piece)])
        if named:
            return named
    after_end = _clause_end(text, cue_end)
    after = _specific([m.group(0) for m in _NAMED.finditer(text, cue_end, after_end)][:1])
    if after:
        return after
    words = _clean_subject(pieces[-1])
    if 3 <= len(words) <= 24 and not GENERIC_SUBJECT.fullmatch(words) and acceptable_subject(words):
        return words
    # The deed's doer named earlier in the sentence (储能电池项目计划明年动工,力争6月底投产).
    return _specific([m.group(0) for m in _NAMED.finditer(text, 0, clause_start)])


def _specific(phrases: list[str]) -> str | None:
    """The last of ``phrases`` that names something specific, cleaned."""
    for phrase in reversed(phrases):
        name = _head_of(_clean_subject(phrase))
        if name and not GENERIC_SUBJECT.fullmatch(name) and acceptable_subject(name):
            return name
    return None


def acceptable_subject(name: str, lexicon: Lexicon | None = None) -> bool:
    """Can ``name`` be an event's subject: a noun phrase naming a project, a company or a
    body, not a fragment (根据协议, 底建成, 江门至澳门的)? The rules are data: common.toml's
    [subject]. At least two letters (a count or a date alone names nothing)."""
    if sum(1 for ch in name if unicodedata.category(ch)[0] == "L") < 2:
        return False
    rules = (lexicon or bundled_lexicon()).subject_rules
    keys = ("not_start", "not_end", "not_inside", "not_whole")
    # A Lexicon built in code (a test's) may carry no subject rules.
    return not any(rules[key].search(name) for key in keys if key in rules)


def _breaks() -> re.Pattern[str]:
    """The verbs that end one noun phrase and start another (data: [subject] breaks)."""
    return bundled_lexicon().subject_rules["breaks"]


# Words that stand for a project named elsewhere (该项目) or for a part of one (主体结构).
GENERIC_SUBJECT = re.compile(
    r"(?:该|此|这个|这一|本)?(?:项目|厂房|主厂房|基地|企业|公司|工程)|(?:厂房)?主体(?:结构)?|结构"
)


def _head_of(phrase: str) -> str:
    """The name after the last 的 (总投资200亿元的中创新航…项目 → 中创新航…项目)."""
    tail = phrase.rsplit("的", 1)[-1]
    return tail if len(tail) >= 4 else phrase


def _clause_start(text: str, position: int) -> int:
    breaks = _clause_breaks(text)
    i = bisect_right(breaks, position)  # a break ending at ``position`` lies before it
    return breaks[i - 1] if i else 0


@lru_cache(maxsize=64)
def _clause_breaks(text: str) -> list[int]:
    """Where the clauses of ``text`` start after a break: found once per sentence, not
    once per cue of a sentence of hundreds of cues."""
    return [m.end() for m in _CLAUSE_BREAK.finditer(text)]


def _clause_end(text: str, position: int) -> int:
    match = _CLAUSE_BREAK.search(text, position)
    return match.start() if match else len(text)


_TIME_TAIL = re.compile(
    r"(?:今年|明年|去年|年内|年底|本月|(?:19|20)\d{2}年|\d{1,2}月|\d{1,2}[日号]|第?[一二三四]季度|"
    r"上半年|下半年|国庆节?|春节|底|前|初|“|于|在|将|已|还|并|也|都|正式|共同|全面|顺利|主体|"
    r"力争|计划|预计|争取|有望|拟|确保|力促)+$"
)


@lru_cache(maxsize=4096)  # pure; a run of 该项目 cleans the same phrases again and again
def _clean_subject(phrase: str) -> str:
    """A subject without the time words and the deed that trail it (冈州宾馆今年国庆节前 →
    冈州宾馆; 文化广场建成启用 → 文化广场: data, [subject] trailing)."""
    phrase = _clean(phrase)
    if len(phrase) <= 2:
        return phrase
    trailing = bundled_lexicon().subject_rules.get("trailing")
    phrase = _TIME_TAIL.sub("", phrase)
    return trailing.sub("", phrase) if trailing is not None else phrase


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", "", phrase)
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING.sub("", phrase)
    return phrase.strip('“”"()（）、')


@dataclass(frozen=True, slots=True)
class Amount:
    """An investment amount stated at ``[start, end)`` of the text; ``yuan`` is ``None``
    when the figure is outside the plausible range (see :data:`MAX_AMOUNT_CNY`)."""

    start: int
    end: int
    text: str
    yuan: int | None


def stated_amounts(text: str) -> list[Amount]:
    """Every investment amount stated in ``text``, left to right."""
    return [
        Amount(m.start(), m.end(), m.group(0), _yuan(m.group("n"), m.group("f"), m.group("u")))
        for m in _AMOUNT.finditer(text)
    ]


def nearest_amount(amounts: list[Amount], near: int) -> Amount | None:
    """The amount stated nearest to ``near``; on a tie the smaller (as before: a total and
    its first phase equally far, the phase is the surer reading), implausible ones last."""
    if not amounts:
        return None
    return min(amounts, key=lambda a: (abs(a.start - near), a.yuan is None, a.yuan or 0))


def find_amount(text: str, near: int) -> int | None:
    """The investment amount in yuan stated in ``text`` (nearest to ``near``), or ``None``,
    also when the nearest figure is implausible (a typo must not lend another figure)."""
    amount = nearest_amount(stated_amounts(text), near)
    return amount.yuan if amount else None


def _yuan(number: str, fraction: str | None, unit: str) -> int | None:
    """``number.fraction`` times ``unit`` in whole yuan, exactly (never through a float:
    12.5亿 is 1_250_000_000 and 999…9万 no infinity), or ``None`` out of range."""
    whole = _ascii_digits(number.replace(",", "")).lstrip("0") or "0"
    if len(whole) > 15:  # at least 10^15 before the unit: far out of range, and not
        return None  # worth converting (a run of 400 nines)
    digits = _ascii_digits(fraction or "").rstrip("0")
    scale = 10 ** len(digits)
    exact = (int(whole) * scale + int(digits or "0")) * _UNITS[unit]
    yuan = (2 * exact + scale) // (2 * scale)  # rounded half up to a whole yuan
    return yuan if 0 < yuan <= MAX_AMOUNT_CNY else None


def _ascii_digits(text: str) -> str:
    """Full-width and other Unicode decimal digits as ASCII digits."""
    return "".join(str(unicodedata.decimal(c)) for c in text)


_LABELS = {
    "signing": "签约",
    "groundbreaking": "动工",
    "topping_out": "封顶",
    "completion": "建成",
    "production_start": "投产",
    "opening": "启用",
    "first_departure": "首发",
    "launch": "启动",
    "unveiling": "揭牌",
    "settlement": "落户",
    "award": "获评",
    "meeting": "召开",
}


def make_title(
    kind: str, subject: str | None, cue_start: int, cue_end: int, text: str, after: int = 0
) -> str:
    """A short label a person can read on a timeline: the cue's clause, without its date
    (中创新航江门基地项目举行一期M1主厂房封顶仪式); subject + verb when the clause says little.
    ``after`` is where the event's date mention ends when it stands in the same clause."""
    start = max(_clause_start(text, cue_start), after if after <= cue_start else 0)
    end = _clause_end(text, cue_end)
    clause = _clean(re.sub(_DATE_PREFIX, "", text[start:end].strip()))
    if len(clause) >= 6:
        return clause[:32] + ("…" if len(clause) > 32 else "")
    cue_text = text[cue_start:cue_end]
    verb = cue_text if len(cue_text) <= 4 else _LABELS[kind]
    if subject:
        return subject if subject.endswith(verb) else f"{subject}{verb}"
    return clause or verb


_DATE_PREFIX = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}[日号])?(?:上午|下午|中午|晚上)?[,，]?"
)


def similar_subjects(a: str | None, b: str | None) -> bool:
    """Same subject: one name inside the other, or a shared run of four characters."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    grams = {a[i : i + 4] for i in range(len(a) - 3)}
    return any(b[i : i + 4] in grams for i in range(len(b) - 3))


def last_named_before(text: str, end: int) -> tuple[int, str] | None:
    """The last named project-like thing (…项目, …工程, …基地) in ``text[:end]``."""
    found = [m for m in _NAMED.finditer(text, 0, end) if not m.group(0).startswith(("《", "“"))]
    for match in reversed(found):
        name = _head_of(_clean_subject(_breaks().split(match.group(0))[-1]))
        if len(name) >= 4 and not GENERIC_SUBJECT.fullmatch(name) and acceptable_subject(name):
            return match.start(), name
    return None


class SubjectIndex:
    """Finds the subjects :func:`similar_subjects` would pair with one, without comparing it
    to every subject: a 4-character-gram index over the distinct subjects.

    A similar subject shares a 4-gram with the query (which covers a query of 4 or more
    characters inside it), or is itself inside the query (looked up among the query's
    substrings); only a query shorter than 4 characters falls back to a scan.
    """

    def __init__(self, subjects: Iterable[str | None]) -> None:
        self.distinct = {s for s in subjects if s}
        self._by_gram: dict[str, set[str]] = {}
        for subject in self.distinct:
            for i in range(len(subject) - 3):
                self._by_gram.setdefault(subject[i : i + 4], set()).add(subject)

    def similar_to(self, subject: str | None) -> set[str]:
        if not subject:
            return set()
        if len(subject) < 4:
            return {s for s in self.distinct if similar_subjects(s, subject)}
        candidates: set[str] = set()
        for i in range(len(subject) - 3):
            candidates |= self._by_gram.get(subject[i : i + 4], set())
        inside = {
            subject[i:j]
            for i in range(len(subject))
            for j in range(i + 1, len(subject) + 1)
            if subject[i:j] in self.distinct
        }
        return {s for s in candidates | inside if similar_subjects(s, subject)}
