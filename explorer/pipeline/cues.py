"""Event cues: the words that say a signing, a groundbreaking, a topping-out… happened.

Each event type has cue patterns and, where a cue word is also used for something else,
a veto on its context: 签下"军令状" is a pledge, not a signing; 开通 of a train line is a first
departure, of a road a completion; 早开工、早投产 is a slogan. Status markers (力争, 计划, 将于 …)
before a cue make it ``planned``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE = r"[^，,。；;！？!?：:]"  # stays inside one clause


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word for ``type`` at ``[start, end)`` of the analysed text."""

    type: str
    start: int
    end: int
    text: str


_MEETING_NOUN = (
    r"(?:会议|大会|全会|推介会|座谈会|论坛|研讨会|洽谈会|博览会|交易会|峰会|发布会|年会|"
    r"对接会|招商会|推进会|动员会|常委会|委员会|联席会|恳谈会|见面会|签约会)"
)
_MEETING_VERB = r"(?:召开|举行|举办|开幕|闭幕|开会|出席|参加)"
_VEHICLE = r"(?:班列|列车|专列|航线|航班|货运|客运|动车|高铁|铁路)"
_ROAD = r"(?:大道|道路|公路|大桥|隧道|高速|快速路|延线|[一二三四五六七八九十\d]路)"

# (type, pattern): the match is the cue; groups are not used.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("signing", r"签约|签(?:订|署)" + _CLAUSE + r"{0,40}?(?:协议|合同|备忘录|意向书)"),
        ("signing", r"(?:协议|合同|备忘录)" + _CLAUSE + r"{0,8}?签(?:订|署)"),
        ("groundbreaking", r"动工|开工(?![率期])|奠基|开建|破土|启动建设|开工建设"),
        ("groundbreaking", r"启动(?:实施)?" + _CLAUSE + r"{0,20}?(?:工程|项目建设)"),
        ("topping_out", r"封顶"),
        (
            "completion",
            r"竣工(?!投产)|完工|交付使用|交付|建成通车|通车|落成|建成(?!投用|投产|运营|开放|区)",
        ),
        ("completion", r"完成" + _CLAUSE + r"{0,10}?(?:改造|建设|施工)(?!阶段)"),
        ("production_start", r"投产|试产|达产|下线|进入生产|量产|试生产|投入生产"),
        (
            "opening",
            r"开业|开园|启用|建成投用|投用|投入使用|投入(?:商业)?运(?:营|行)|正式运营|开馆|开通",
        ),
        ("first_departure", r"首发|首趟|首列|开行|发车|开出"),
        ("launch", r"启动(?!建设)|上线|发布|出台|推出|印发"),
        ("launch", r"开展" + _CLAUSE + r"{0,25}?专项行动"),
        ("launch", r"制定" + _CLAUSE + r"{0,40}?(?:方案|办法|政策|意见|规划|条例)"),
        ("unveiling", r"挂牌|揭牌|授旗|授牌|揭幕"),
        ("settlement", r"落户|进驻|入驻|落地|成功引进"),
        (
            "award",
            r"获评|上榜|入选|荣获|首获|跃居|被评为|评为|获得"
            + _CLAUSE
            + r"{0,20}?(?:称号|奖|荣誉)|榜单[^。；;]{0,30}?排名第",
        ),
        ("meeting", _MEETING_VERB + r"[^。；;！？!?，,]{0,30}?" + _MEETING_NOUN),
        ("meeting", _MEETING_NOUN + r"[^。；;！？!?，,]{0,24}?" + _MEETING_VERB),
    )
)

# A cue is vetoed when its neighbourhood matches: (type, text before, text after).
_VETOES: dict[str, tuple[str, str]] = {
    "signing": (r"", r"^" + _CLAUSE + r"{0,12}(?:军令状|责任状|责任书|承诺书|目标责任)"),
    "groundbreaking": (r"(?:早|拿地即|即|复|开)$", r""),
    "production_start": (r"(?:早|达|即)$", r"^率"),
    "completion": (
        r"(?:全面|基本)$",
        r"^" + _CLAUSE + r"{0,12}(?:城市|强区|强市|高地|小康|示范区|标杆|样板|"
        r"体系|格局|之城|名城|中心城区)",
    ),
    "first_departure": (r"", r""),
    "launch": (
        r"(?:研究|报告|名单|榜单|排行榜|指数)》[^。]{0,30}$",
        r"^(?:会|了?《?\d{4}|" + _CLAUSE + r"{0,12}(?:研究|报告|名单|榜单))",
    ),
    "settlement": (r"(?:为|为了)" + _CLAUSE + r"{0,8}$", r"^(?:生根|企业|提供|见效)"),
    "award": (r"", r"^(?:率|该|此|这)"),
    "opening": (r"", r""),
}

PLANNED = re.compile(
    r"力争|计划|将于|将在|预计|目标|拟|争取|力促|定于|即将|有望|确保|将|推动|加快推进|准备|筹备"
)


def find_cues(text: str) -> list[Cue]:
    """Cues in ``text`` with vetoes applied, left to right, at most one per place."""
    found: list[Cue] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if _vetoed(kind, text, match.start(), match.end()):
                continue
            found.append(Cue(kind, match.start(), match.end(), match.group(0)))
    found = _resolve_conflicts(text, found)
    return sorted(found, key=lambda c: c.start)


def _vetoed(kind: str, text: str, start: int, end: int) -> bool:
    if "本报" in text[:start]:
        return True  # the newspaper reporting on itself (本报推出…特别报道)
    if kind == "award" and re.search(r"该|此|这", text[start:end]):
        return True  # 获得该荣誉: the award just told, not another one
    before, after = _VETOES.get(kind, ("", ""))
    if before and re.search(before, text[max(0, start - 40) : start]):
        return True
    if after and re.search(after, text[end : end + 40]):
        return True
    if kind == "first_departure":
        # 首发/开行/开出 name a first departure only for a train, ship or flight line.
        window = text[max(0, start - 30) : end + 30]
        return re.search(_VEHICLE, window) is None
    return False


def _resolve_conflicts(text: str, cues: list[Cue]) -> list[Cue]:
    """Overlapping cues of different types: the spec's type boundaries decide."""
    types = {c.type for c in cues}
    keep = []
    for original in cues:
        cue = original
        window = text[max(0, cue.start - 30) : cue.end + 30]
        if cue.type == "opening" and cue.text == "开通":
            # 开通 a freight line is a first departure, of a road a completion (通车).
            if re.search(_VEHICLE, window):
                cue = Cue("first_departure", cue.start, cue.end, cue.text)
            elif re.search(_ROAD, window):
                cue = Cue("completion", cue.start, cue.end, cue.text)
            if any(k.type == cue.type and abs(k.start - cue.start) < 30 for k in cues):
                continue  # 首趟…班列开通: the first departure is already told
        if (
            cue.type == "settlement"
            and "signing" in types
            and re.search(r"签约(?:落户|落地)", text)
        ):
            continue  # 签约落户 is one signing
        if (
            cue.type == "launch"
            and cue.text.startswith("启动")
            and ("groundbreaking" in types)
            and any(c.type == "groundbreaking" and c.start == cue.start for c in cues)
        ):
            continue  # 启动…工程 is a construction start
        if cue.type == "completion" and any(
            c is not original
            and c.type in ("opening", "production_start")
            and c.start <= cue.start < c.end + 2
            for c in cues
        ):
            continue  # 建成投用 / 竣工投产: the later state is the fact
        keep.append(cue)
    return keep


def is_planned(text: str, cue_start: int, cue_end: int | None = None, window: int = 20) -> bool:
    """Does a planning marker stand shortly before the cue, or inside it (会议定于…召开)?"""
    end = cue_start if cue_end is None else cue_end
    return PLANNED.search(text, max(0, cue_start - window), end) is not None
