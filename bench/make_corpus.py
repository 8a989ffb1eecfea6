"""Write a deterministic synthetic corpus of Jiangmen (江门) news articles for benchmarks.

Usage::

    python bench/make_corpus.py --articles 10000 --seed 1 OUT
    python bench/make_corpus.py --articles 10000 --seed 1 --format jsonl OUT

``txt`` (the default) writes ``OUT/syn_000000.txt`` … one article per file, each with the
front matter the explorer imports (title, date, date_precision, source, url). ``jsonl``
writes ``OUT/corpus.jsonl`` with one object per line (id, title, date, source, url, text).

Article ``i`` is generated from its own generator seeded with ``f"{seed}:{i}"``, so the output is
byte-identical for the same seed and a smaller run is a prefix of a larger one. Place names
come from the gazetteer CSV (``../explorer/data/jiangmen_gazetteer.csv`` next to this script, or
``/work/shared/data/jiangmen_gazetteer.csv``), read once at start-up.

The last line printed is ``articles=N bytes=TOTAL out=OUT`` (the bench convention).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, TypeVar

from explorer.core.vocabulary import EVENT_TYPES

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem  # what random.Random.choice accepts

T = TypeVar("T")

SOURCES = ("江门日报", "羊城晚报", "南方日报", "江门发布", "新会侨报")
PUB_FIRST = date(2015, 1, 1).toordinal()
PUB_LAST = date(2026, 6, 30).toordinal()
PLANNED_SHARE = 0.35
BODY_MIN_TARGET, BODY_MAX_TARGET = 1000, 2900  # bytes; overshoot is at most one sentence

# --------------------------------------------------------------------------- vocabulary

INDUSTRIES = (
    "新能源",
    "储能电池",
    "动力电池",
    "新材料",
    "高端装备",
    "智能家电",
    "轨道交通",
    "生物医药",
    "大健康",
    "电子信息",
    "半导体",
    "光伏",
    "氢能",
    "精细化工",
    "纸业",
    "食品",
    "陈皮",
    "水产",
    "五金卫浴",
    "不锈钢制品",
    "摩托车",
    "数字经济",
    "智能制造",
    "现代物流",
    "预制菜",
    "汽车零部件",
    "海上风电",
    "文化旅游",
)
PROJECT_SUFFIXES = (
    "项目",
    "基地",
    "产业园",
    "生产基地",
    "智造基地",
    "研发中心",
    "产业化项目",
    "二期项目",
    "总部基地",
    "产业城",
)
BRAND_CHARS = "华瑞恒泰鑫达宏晟嘉盛通远凯德信联创智源海润科中天锦力明新亿邦腾骏富正云汇"
COMPANY_FORMS = ("科技有限公司", "股份有限公司", "集团有限公司", "实业有限公司", "集团")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韩唐冯邓曹彭曾萧田董潘袁蔡蒋余叶杜"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂华建文辉志海晓嘉颖锦俊婷雪浩宇振国荣永"
ROADS = (
    "江门大道{x}段",
    "银洲湖高速",
    "黄茅海跨海通道",
    "江鹤高速改扩建工程",
    "中江高速{x}段",
    "新会大道{x}段",
    "广中江高速{x}段",
    "珠西大道",
    "胜利路{x}段",
    "潭江大桥{x}",
    "深江铁路江门段",
    "江门港{x}港区疏港公路",
)
BUILDINGS = ("1号厂房", "综合楼", "研发大楼", "主厂房", "办公楼", "2号车间", "宿舍楼")
FACILITY_TOWN = ("党群服务中心", "文化体育中心", "综合市场", "人民医院新院区", "图书馆", "长者饭堂")
FACILITY_DISTRICT = (
    "侨乡文化馆",
    "人民医院住院大楼",
    "体育中心",
    "城市展厅",
    "人才公寓",
    "妇幼保健院新院",
)
STATION_PARTS = ("新候车大楼", "改扩建工程", "公交接驳站", "货运场站", "停车楼")
EU_CITIES = ("莫斯科", "杜伊斯堡", "明斯克", "阿拉木图", "塔什干", "布达佩斯", "汉堡", "马拉舍维奇")
GOODS = ("家电", "五金制品", "卫浴产品", "不锈钢厨具", "摩托车配件", "纺织品", "陶瓷", "LED灯具")
TRAIN_KINDS = ("回程", "跨境电商", "冷链", "“侨乡号”", "定制")
PARK_HONORS = (
    "广东省特色产业园",
    "省级现代农业产业园",
    "广东省“五星级”园区",
    "国家级绿色园区",
    "广东省循环化改造示范园区",
    "省级高新技术产业开发区",
)
TOWN_HONORS = (
    "全国农业产业强镇",
    "广东省文明镇",
    "全国千强镇",
    "广东省旅游风情小镇",
    "省级特色小镇",
)
COMPANY_HONORS = (
    "国家级绿色工厂",
    "广东省智能制造示范工厂",
    "省级专精特新中小企业",
    "国家高新技术企业",
    "国家级专精特新“小巨人”企业",
    "省级制造业单项冠军",
)
CITIES = ("深圳", "广州", "香港", "澳门", "上海", "北京", "杭州", "苏州", "佛山", "东莞")
PLAN_WORDS = ("力争于", "计划于", "将于", "预计于", "预计", "力争在", "计划在")
DEPARTMENTS = ("发展改革局", "工业和信息化局", "商务局", "投资促进中心", "住房城乡建设局")
CITY_OFFICIALS = (
    "市委常委、副市长",
    "市发展改革局局长",
    "市工业和信息化局副局长",
    "市商务局局长",
    "市投资促进中心主任",
    "市侨联主席",
)
TOPICS = ("产业链协同", "人才引进", "融资服务", "用地保障", "科技创新", "数字化转型", "侨资引进")
UNITS = ("人才驿站", "企业服务中心", "知识产权工作站", "侨资企业服务站")
SCENES = ("一角", "全景", "航拍图", "施工现场", "生产车间", "鸟瞰图", "建设现场")
PERIODS = ("上半年", "今年前三季度", "一季度", "去年全年", "今年以来", "1—{m}月", "前{m}个月")
QUARTERS = "一二三四"
QUOTES = (
    "我们将全力做好服务保障，推动项目早日建成投产",
    "项目的落地将进一步完善{industry}产业链条",
    "江门区位优势明显、产业基础扎实，这是我们选择在这里投资的重要原因",
    "下一步，我们将加大研发投入，力争三年内实现产值翻番",
    "营商环境好不好，企业最有发言权，这几年我们实实在在感受到了变化",
    "从签约到拿地只用了不到两个月，这个速度超出了我们的预期",
    "我们要把项目建设作为推动高质量发展的主抓手",
    "侨乡的优势在侨，我们将用好侨资侨智，吸引更多项目落户",
)

# ------------------------------------------------------------------------ sentence patterns
# Each event pattern holds a dated expression ({dp} past, {df} future): the lead paragraph is
# always built from one, so every article carries at least one dated event.

EVENTS_OCCURRED: dict[str, tuple[str, ...]] = {
    "signing": (
        "{dp}，{district}与{company}签署{proj}投资框架协议，项目{amt}。",
        "{dp}，{proj}签约仪式在{venue}举行，{company}负责人与{district}相关负责人现场签约。",
        "{dp}，{dshort}举行重大项目集中签约活动，共签约项目{n}个，其中{proj}{amt}。",
        "{company}{dp}与{park}管委会正式签约，拟投资{amtv}建设{proj}。",
    ),
    "groundbreaking": (
        "{dp}，{proj}在{park}举行开工仪式，项目{amt}，占地约{area}亩。",
        "{dp}，{proj}奠基仪式在{district}{town}举行。",
        "{dp}，{amt}的{proj}正式动工建设。",
        "{dp}，{dshort}举行第{qcn}批重大项目集中开工活动，{proj}等{n}个项目集中开工。",
    ),
    "topping_out": (
        "{dp}，{proj}主体结构顺利封顶，比原计划提前{n}天。",
        "{dp}，随着最后一方混凝土浇筑完成，{proj}{bldg}顺利封顶。",
        "{proj}{bldg}已于{dp}封顶，目前正在进行内部装修。",
    ),
    "completion": (
        "{dp}，{road}建成通车，{dshort}至{dshort2}的车程缩短至{n}分钟。",
        "{dp}，{proj}一期工程顺利竣工并通过验收。",
        "{road}已于{dp}竣工验收，正式建成通车。",
    ),
    "production_start": (
        "{dp}，{proj}首条生产线正式投产，{company}董事长{name}出席投产仪式。",
        "{dp}，{proj}开始试产，首批产品已顺利下线。",
        "{company}位于{park}的生产基地已于{dp}投产，达产后年产值可达{amtv}。",
    ),
    "opening": (
        "{dp}，{facility}正式开业，当天吸引市民游客约{n}万人次。",
        "{dp}，{facility}正式启用，可为周边{n}万居民提供服务。",
        "{station}{stationpart}于{dp}投用。",
        "{dp}起，{facility}正式投入使用。",
    ),
    "first_departure": (
        "{dp}，一列满载{goods}的中欧班列从{railhub}首发，驶往{eu}。",
        "{dp}，江门首趟{trainkind}中欧班列开行，全程约{railkm}公里，预计{n}天后抵达{eu}。",
        "{dp}，{dshort}首趟{trainkind}中欧班列在{railhub}鸣笛开行，满载{goods}驶往{eu}。",
    ),
    "launch": (
        "{dp}，{platform}正式上线，市民可通过手机办理{n}项业务。",
        "{dp}，{campaign}在{venue}正式启动。",
        "{platform}已于{dp}上线运行，累计访问量突破{n}万人次。",
    ),
    "unveiling": (
        "{dp}，{org}在{park}揭牌成立。",
        "{dp}，{org}正式挂牌，{official}为其揭牌。",
        "{dp}，{park}{unit}举行挂牌仪式。",
    ),
    "settlement": (
        "{dp}，{company}正式落户{park}，{amt}建设{proj}。",
        "{dp}，{company}等{n}家企业集中进驻{park}。",
        "{proj}{dp}正式落户{district}{town}。",
    ),
    "award": (
        "{dp}，{park}获评“{honor}”。",
        "在{dp}公布的{year}年{chonor}名单中，{company}成功入选。",
        "{company}{dp}获评{chonor}，成为{dshort}第{n}家获此称号的企业。",
        "{district}{town}{dp}入选{thonor}名单。",
    ),
    "meeting": (
        "{dp}，江门（{city}）{industry}产业招商推介会在{city}举行，现场签约项目{n}个。",
        "{dp}，{district}召开{industry}企业座谈会，{official}出席并讲话。",
        "{dp}，{dshort}在{venue}举办侨资企业座谈会，{n}位侨商代表参加。",
        "{dp}，{proj}推进座谈会在{park}召开。",
    ),
}

EVENTS_PLANNED: dict[str, tuple[str, ...]] = {
    "signing": (
        "{company}{plan}{df}与{district}签署{proj}合作协议。",
        "据悉，{proj}{plan}{df}正式签约，项目{amt}。",
    ),
    "groundbreaking": (
        "{proj}{plan}{df}开工建设，{amt}。",
        "按照计划，{proj}将于{df}动工。",
        "{proj}预计{df}在{park}举行奠基仪式。",
    ),
    "topping_out": (
        "{proj}{bldg}{plan}{df}实现封顶。",
        "目前{proj}施工进展顺利，预计{df}主体封顶。",
    ),
    "completion": (
        "{road}{plan}{df}建成通车。",
        "{proj}{plan}{df}竣工，{amt}。",
        "全长{km}公里的{road}预计{df}竣工。",
    ),
    "production_start": (
        "{proj}{plan}{df}建成投产，达产后预计年产值超{n}亿元。",
        "{proj}首条生产线{plan}{df}试产。",
    ),
    "opening": (
        "{facility}{plan}{df}开业。",
        "{station}{stationpart}预计{df}投用。",
        "{facility}{plan}{df}正式启用。",
    ),
    "first_departure": (
        "{railhub}{plan}{df}开行首趟直达{eu}的中欧班列。",
        "首趟{trainkind}中欧班列预计{df}从{railhub}首发。",
    ),
    "launch": (
        "{platform}{plan}{df}上线试运行。",
        "{campaign}{plan}{df}全面启动。",
    ),
    "unveiling": (
        "{org}{plan}{df}挂牌运作。",
        "{park}{unit}{plan}{df}揭牌。",
    ),
    "settlement": (
        "{company}{plan}{df}进驻{park}。",
        "预计{df}前，将有{n}家{industry}企业落户{park}。",
    ),
    "award": ("{park}力争{df}前获评{honor}。",),
    "meeting": (
        "{dshort}{plan}{df}在{city}举办{industry}产业专场推介会。",
        "下一届侨商座谈会将于{df}在{venue}召开。",
    ),
}

TITLES_OCCURRED: dict[str, tuple[str, ...]] = {
    "signing": (
        "{proj}签约落户{dshort}",
        "{amt}！{company}与{dshort}签约",
        "{district}与{company}签署框架协议",
        "{proj}签约{park}",
    ),
    "groundbreaking": ("{proj}开工", "{amt}的{proj}正式动工", "{proj}奠基"),
    "topping_out": ("{proj}主体结构封顶", "{proj}{bldg}顺利封顶"),
    "completion": ("{road}建成通车", "{proj}一期竣工"),
    "production_start": ("{proj}正式投产", "{company}{dshort}基地试产", "{company}江门基地投产"),
    "opening": ("{facility}开业", "{facility}正式启用", "{station}{stationpart}投用"),
    "first_departure": ("江门首趟直达{eu}中欧班列开行", "满载{goods}的中欧班列从{railhub}首发"),
    "launch": ("{platform}上线", "{campaign}启动"),
    "unveiling": ("{org}揭牌", "{org}挂牌成立", "{park}{unit}挂牌"),
    "settlement": ("{company}落户{park}", "又一{industry}项目进驻{park}", "{proj}落户{town}"),
    "award": ("{park}获评{honor}", "{company}入选{chonor}名单", "{town}入选{thonor}名单"),
    "meeting": (
        "江门{industry}产业招商推介会在{city}举行",
        "{district}召开{industry}企业座谈会",
        "{dshort}召开侨资企业座谈会",
        "{proj}推进座谈会召开",
    ),
}

TITLES_PLANNED: dict[str, tuple[str, ...]] = {
    "signing": ("{company}拟在{dshort}投资建设{industry}项目", "{proj}即将签约"),
    "groundbreaking": ("{proj}将于近期动工", "{amt}！{proj}加快前期工作"),
    "topping_out": ("{proj}加快建设 预计年内封顶",),
    "completion": ("{road}冲刺建成通车", "{proj}力争年内竣工"),
    "production_start": ("{proj}力争早日投产", "{company}{dshort}基地将试产"),
    "opening": ("{facility}即将开业", "{station}{stationpart}将投用"),
    "first_departure": ("江门将开行直达{eu}中欧班列", "首趟{trainkind}中欧班列将从{railhub}首发"),
    "launch": ("{platform}将上线", "{campaign}即将启动"),
    "unveiling": ("{org}即将挂牌", "{park}{unit}即将揭牌"),
    "settlement": ("{company}拟进驻{park}", "{industry}企业加速集聚{park}"),
    "award": ("{park}冲刺{honor}",),
    "meeting": ("{dshort}将赴{city}举办{industry}产业推介会", "侨商座谈会将在{venue}召开"),
}

# Lines that follow the lead: facts about the article's main project.
DETAILS = (
    "据了解，{proj}位于{park}，占地约{area}亩，{amt}。",
    "该项目由{company}投资建设，主要从事{industry}产品的研发、生产和销售。",
    "项目全部建成达产后，预计年产值可达{n}亿元，可提供就业岗位约{jobs}个。",
    "{proj}是{year}年广东省重点建设项目，也是{dshort}近年来引进的单体投资最大的{industry}项目。",
    "项目分{phases}期建设，一期投资{amtv}，主要建设生产厂房、仓库、研发楼及配套设施。",
    "作为{district}“链主”型项目，{proj}将带动上下游配套企业集聚发展。",
    "据介绍，{company}成立于{foundyear}年，是一家集研发、生产、销售于一体的国家高新技术企业。",
    "{park}是{dshort}承接产业转移的主平台，规划面积{area}亩。",
    "项目采用“拿地即开工”模式，从签约到开工仅用了{n}天。",
    "目前，{proj}各项工作正按计划有序推进。",
)

# Sentences without an event: statistics, policy talk, quotes, colour. Some use cue words
# (开工, 投产) in a non-event sense, as real articles do.
NOISE = (
    "{period}，全市规模以上工业增加值同比{trend}{pct}。",
    "{period}，{district}完成固定资产投资{amtv}，同比{trend}{pct}。",
    "{period}，{dshort}实际利用外资{usd}亿美元，同比增长{pct}。",
    "全市地区生产总值达{gdp}亿元，同比增长{pct}，增速位居全省前列。",
    "{district}外贸进出口总额{amtv}，同比增长{pct}，其中出口增长{pct2}。",
    "截至目前，{park2}已累计引进项目{n}个，{amt2}。",
    "{industry}产业产值突破{n}亿元，占全区规上工业总产值的{pct}。",
    "全年新增市场主体{n3}户，新登记企业数同比增长{pct}。",
    "目前，{park2}入驻企业已达{n3}家，其中规上企业{n}家。",
    "{town2}今年以来完成招商引资额{amtv}，完成年度任务的{pct}。",
    "近年来，{district}坚持“制造业当家”，全力推动{industry}产业集群发展。",
    "下一步，{dshort}将持续优化营商环境，为企业发展提供全方位、全周期服务。",
    "会议强调，要深入实施“百县千镇万村高质量发展工程”，推动城乡区域协调发展。",
    "当前，江门正加快融入粤港澳大湾区建设，全力打造珠江西岸新增长极。",
    "{district}相关负责人表示，将以更大力度推进项目建设，确保早开工、早投产、早见效。",
    "江门是著名侨乡，现有海外侨胞约{n}0万人，分布在全球100多个国家和地区。",
    "各级各部门要强化要素保障，用足用好各项政策，推动更多项目落地见效。",
    "该区还将围绕{industry}等主导产业开展精准招商，着力引进一批龙头项目。",
    "据悉，{town2}将依托{park2}平台，打造{industry}产业集聚区。",
    "在政策支持方面，{district}出台了《关于加快{industry}产业高质量发展的若干措施》，安排专项资金{amtv}。",
    "“{quote}，”{official}表示。",
    "{official}在讲话中指出，要坚持项目为王，以重大项目建设推动高质量发展。",
    "{company2}负责人{name}介绍，公司订单已排到{m}月份，生产线正满负荷运转。",
    "“我们对江门的发展前景充满信心。”{company2}总经理{name}说。",
    "{name}告诉记者：“{quote}。”",
    "记者在现场看到，{proj}施工现场塔吊林立、机器轰鸣，工人们正在紧张有序地作业。",
    "现场，不少市民拿起手机拍照留念。",
    "此外，{town2}还将新建{n}个口袋公园，进一步提升城市品质。",
    "活动由{district}人民政府主办，{town}人民政府承办。",
    "据统计，{year}年{dshort}共接待游客{n3}万人次，实现旅游收入{amtv}。",
    "{dshort}还将加快推进{road2}等交通项目建设，完善园区配套。",
    "与会人员围绕{topic}、{topic2}等话题展开交流。",
    "据{district}{dept}统计，全区在建重点项目{n}个，年度计划投资{amtv}。",
    "该负责人还表示，将建立“一个项目、一名领导、一套班子、一抓到底”的工作机制。",
    "{period}，{dshort}新签约亿元以上项目{n}个，{amt2}。",
    "受原材料价格波动影响，部分企业利润率同比下降{pct}。",
    "数据显示，{period}，江门港集装箱吞吐量达{n}万标箱，同比增长{pct}。",
    "{period}，全市{industry2}产业完成投资{amtv}，同比{trend}{pct}。",
    "据介绍，{park2}已形成以{industry}、{industry2}为主导的产业体系。",
    "从全市看，{period}新开工项目{n}个，新投产项目{n}个。",
    "“{quote}。”{name}说。",
)

LEAD_PREFIXES = (
    "",
    "",
    "",
    "本报讯 ",
    "本报讯（记者 {name}）",
    "记者从{district}{dept}获悉：",
    "据{source}消息，",
)
BYLINES = (
    "{source}记者 {name}",
    "{source}记者 {name} 通讯员 {name2}",
    "文/图 {source}记者 {name}",
    "通讯员 {name}",
)
CAPTIONS = (
    "{park}{scene}。 {name} 摄",
    "{proj}{scene}。 {name} 摄",
    "图为{facility}。{source}记者 {name} 摄",
    "{park}{scene}。(资料图片)",
)

# Scanned newspaper pages mix full-width and ASCII punctuation: commas and colons are often
# ASCII while full stops stay full-width; a few pages turn everything ASCII.
ASCII_COMMAS = str.maketrans({"，": ",", "：": ":"})
ASCII_ALL = str.maketrans(
    {"，": ",", "：": ":", "。": ".", "；": ";", "（": "(", "）": ")", "！": "!"}
)


# ------------------------------------------------------------------------------- random


class FastRandom(random.Random):
    """``random.Random`` with cheaper ``choice`` and ``randint``.

    The stock methods draw rejection-sampled bits, which dominated the generator's profile;
    scaling one ``random()`` float is plenty for text generation and is just as deterministic.
    """

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        """Return a uniformly chosen element of the non-empty sequence ``seq``."""
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        """Return an integer N with ``a <= N <= b``."""
        return a + int(self.random() * (b - a + 1))

    def permutation(self, items: tuple) -> list:
        """Return the elements of ``items`` in random order (Fisher-Yates)."""
        out = list(items)
        random_ = self.random
        for i in range(len(out) - 1, 0, -1):
            j = int(random_() * (i + 1))
            out[i], out[j] = out[j], out[i]
        return out


# ----------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row: its name, Chinese aliases, kind and county-level district."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    district: str


@dataclass(slots=True)
class Gazetteer:
    """Gazetteer rows grouped the way the generator draws them."""

    districts: list[Place] = field(default_factory=list)
    towns: dict[str, list[Place]] = field(default_factory=dict)
    parks: list[Place] = field(default_factory=list)
    parks_by_district: dict[str, list[Place]] = field(default_factory=dict)
    stations: list[Place] = field(default_factory=list)
    venues: list[Place] = field(default_factory=list)
    railhubs: list[Place] = field(default_factory=list)


def default_gazetteer_path() -> Path:
    """Return the repository's gazetteer (explorer/data/jiangmen_gazetteer.csv)."""
    local = Path(__file__).resolve().parent.parent / "explorer" / "data" / "jiangmen_gazetteer.csv"
    return local


def load_gazetteer(path: Path) -> Gazetteer:
    """Read the gazetteer CSV into groups of places.

    Parameters
    ----------
    path : Path
        CSV with columns name, aliases, kind, district, lat, lon, precision, source.

    Returns
    -------
    Gazetteer
        Places in file order (so the output does not depend on set or hash order).
    """
    gaz = Gazetteer()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # English and pinyin aliases never appear in Chinese running text.
            aliases = tuple(a for a in row["aliases"].split("|") if a and not _has_latin(a))
            _add_place(gaz, Place(row["name"], aliases, row["kind"], row["district"]))
    if not gaz.districts or not gaz.parks:
        raise ValueError(f"{path}: gazetteer has no districts or no industrial parks")
    return gaz


def _has_latin(text: str) -> bool:
    return re.search(r"[A-Za-z]", text) is not None


def _add_place(gaz: Gazetteer, place: Place) -> None:
    if place.kind == "district":
        gaz.districts.append(place)
    elif place.kind == "town":
        gaz.towns.setdefault(place.district, []).append(place)
    elif place.kind in ("industrial_park", "project_site"):
        gaz.parks.append(place)
        gaz.parks_by_district.setdefault(place.district, []).append(place)
    elif place.kind == "station":
        gaz.stations.append(place)
    else:
        gaz.venues.append(place)
    # China-Europe trains leave from freight yards and logistics hubs, not passenger halls.
    if "北站" in place.name or "物流" in place.name:
        gaz.railhubs.append(place)


# ------------------------------------------------------------------------------ slots


class _Ctx:
    """State shared by all sentences of one article.

    ``fixed`` caches the article-level slots (its main project, company, park, ...) so the
    headline and every sentence talk about the same things.
    """

    __slots__ = ("district", "fixed", "gaz", "lead", "pools", "pub", "rng", "source")

    def __init__(self, rng: FastRandom, pub: date, gaz: Gazetteer, source: str) -> None:
        self.rng, self.pub, self.gaz, self.source = rng, pub, gaz, source
        self.district: Place = rng.choice(gaz.districts)
        self.fixed: dict[str, str] = {"source": source, "year": str(pub.year)}
        self.lead = False
        self.pools: dict[str, list] = {}

    def draw(self, name: str, items: tuple, k: int) -> list:
        """Draw ``k`` of ``items`` without repeats inside the article (until all are used)."""
        pool = self.pools.setdefault(name, [])
        out = []
        for _ in range(k):
            if not pool:  # a long article has used every pattern once: start a new round
                pool.extend(self.rng.permutation(items))
            out.append(pool.pop())
        return out


class _Slots(dict):
    """Format mapping that draws a missing slot on first use (and keeps it for the sentence)."""

    __slots__ = ("ctx",)

    def __init__(self, ctx: _Ctx) -> None:
        super().__init__(ctx.fixed)
        self.ctx = ctx

    def __missing__(self, key: str) -> str:
        value = SLOTS[key](self.ctx)
        self[key] = value
        if key in ARTICLE_SLOTS:
            self.ctx.fixed[key] = value
        return value


def _slot_names(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def fill(ctx: _Ctx, template: str) -> str:
    """Fill ``template``'s ``{slot}`` fields for the article described by ``ctx``."""
    return template.format_map(_Slots(ctx))


def _place_name(rng: FastRandom, place: Place) -> str:
    # Articles mostly use the official name but now and then a short or former one.
    if place.aliases and rng.random() < 0.2:
        return rng.choice(place.aliases)
    return place.name


def _short(place: Place) -> str:
    """Return the short form of a district (新会区 → 新会)."""
    return place.aliases[0] if place.aliases else place.name[:-1]


def _person(rng: FastRandom) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN_CHARS, k=rng.choice((1, 2, 2))))


def _brand(rng: FastRandom) -> str:
    return "".join(rng.sample(BRAND_CHARS, 2))


def _town(ctx: _Ctx) -> str:
    towns = ctx.gaz.towns.get(ctx.district.name) or [ctx.district]
    return _place_name(ctx.rng, ctx.rng.choice(towns))


def _park(ctx: _Ctx) -> str:
    rng = ctx.rng
    local = ctx.gaz.parks_by_district.get(ctx.district.name)
    return _place_name(rng, rng.choice(local if local and rng.random() < 0.7 else ctx.gaz.parks))


def _fixed(ctx: _Ctx, key: str) -> str:
    """Return the article-level slot ``key``, drawing it now if no sentence has used it."""
    if key not in ctx.fixed:
        ctx.fixed[key] = SLOTS[key](ctx)
    return ctx.fixed[key]


def _project(ctx: _Ctx) -> str:
    """Compose a project name: a place or company prefix + industry + project kind."""
    rng = ctx.rng
    prefix = rng.choice(("江门", "江门", _short(ctx.district), _brand(rng), ""))
    scale = f"年产{rng.randint(1, 50)}万吨" if rng.random() < 0.1 else ""
    # The main project and company share the article's industry so details agree.
    return f"{prefix}{scale}{_fixed(ctx, 'industry')}{rng.choice(PROJECT_SUFFIXES)}"


def _company(ctx: _Ctx) -> str:
    rng = ctx.rng
    prefix = rng.choice(("广东", "江门市", "", "", "深圳市"))
    return f"{prefix}{_brand(rng)}{_fixed(ctx, 'industry')}{rng.choice(COMPANY_FORMS)}"


def _other_company(ctx: _Ctx) -> str:
    rng = ctx.rng
    prefix = rng.choice(("广东", "江门市", ""))
    return f"{prefix}{_brand(rng)}{rng.choice(INDUSTRIES)}{rng.choice(COMPANY_FORMS)}"


def _money(ctx: _Ctx) -> str:
    """Draw an amount the way articles write them: 200亿元, 100.22亿元, 超50亿元, 3000万元."""
    rng = ctx.rng
    form = rng.random()
    if form < 0.35:
        return f"{rng.randint(2, 300)}亿元"
    if form < 0.55:
        return f"{rng.randint(1, 150)}.{rng.randint(1, 99):02d}亿元"
    if form < 0.72:
        return f"超{rng.choice((5, 10, 20, 30, 50, 100, 200))}亿元"
    if form < 0.88:
        return f"{rng.randint(3, 95) * 100}万元"
    return f"约{rng.randint(2, 80)}亿元"


def _investment(ctx: _Ctx) -> str:
    return ctx.rng.choice(("总投资", "总投资", "计划总投资", "投资")) + _money(ctx)


def _official(ctx: _Ctx) -> str:
    rng, dist = ctx.rng, ctx.district.name
    head = "区" if dist.endswith("区") else "市"
    roles = (*CITY_OFFICIALS, f"{dist}委书记", f"{dist}{head}长", f"{_town(ctx)}党委书记")
    return rng.choice(roles) + _person(rng)


def _pct(ctx: _Ctx) -> str:
    return f"{ctx.rng.randint(0, 25)}.{ctx.rng.randint(1, 9)}%"


def _other_district(ctx: _Ctx) -> str:
    others = [d for d in ctx.gaz.districts if d is not ctx.district] or ctx.gaz.districts
    return _short(ctx.rng.choice(others))


def _facility(ctx: _Ctx) -> str:
    rng = ctx.rng
    if rng.random() < 0.5:
        return _town(ctx) + rng.choice(FACILITY_TOWN)
    parks = [v for v in ctx.gaz.venues if v.kind in ("nature_park", "urban_park", "landmark")]
    if rng.random() < 0.7 or not parks:
        return _short(ctx.district) + rng.choice(FACILITY_DISTRICT)
    return _place_name(rng, rng.choice(parks)) + "游客服务中心"


def _platform(ctx: _Ctx) -> str:
    rng, short = ctx.rng, _short(ctx.district)
    return rng.choice(
        (
            f"{short}政务服务“一网通办”平台",
            f"“江门易办事”{short}专区",
            f"{short}{rng.choice(INDUSTRIES)}产业大数据平台",
            "江门侨务“云服务”平台",
            f"{_park(ctx)}智慧园区管理平台",
            "江门市工业互联网公共服务平台",
        )
    )


def _campaign(ctx: _Ctx) -> str:
    rng, short = ctx.rng, _short(ctx.district)
    return rng.choice(
        (
            f"{ctx.pub.year}年{short}招商引资“百日攻坚”行动",
            f"{short}{rng.choice(INDUSTRIES)}产业链招商行动",
            f"“百县千镇万村高质量发展工程”{short}示范点建设",
            f"{ctx.pub.year}年江门侨乡文化旅游节",
            f"{short}“人才强区”三年行动",
        )
    )


def _org(ctx: _Ctx) -> str:
    rng, industry = ctx.rng, ctx.rng.choice(INDUSTRIES)
    return rng.choice(
        (
            f"江门市{industry}产业研究院",
            f"{_short(ctx.district)}{industry}产业联盟",
            f"广东省{industry}创新中心江门分中心",
            f"{_brand(rng)}{industry}研究院",
            f"江门{industry}产业人才驿站",
        )
    )


def _road(ctx: _Ctx) -> str:
    rng = ctx.rng
    return rng.choice(ROADS).format(x=rng.choice(("一期", "二期", "东延线", "北", "南", "改造")))


def _venue(ctx: _Ctx) -> str:
    places = ctx.gaz.venues or ctx.gaz.parks
    return _place_name(ctx.rng, ctx.rng.choice(places))


def _station(ctx: _Ctx) -> str:
    return _place_name(ctx.rng, ctx.rng.choice(ctx.gaz.stations or ctx.gaz.parks))


def _railhub(ctx: _Ctx) -> str:
    return _place_name(
        ctx.rng, ctx.rng.choice(ctx.gaz.railhubs or ctx.gaz.stations or ctx.gaz.parks)
    )


def _period(ctx: _Ctx) -> str:
    # "1—5月" in a June paper: the statistics cover months already over.
    return ctx.rng.choice(PERIODS).format(m=ctx.rng.randint(2, max(2, ctx.pub.month - 1)))


# ------------------------------------------------------------------------- date phrases


def _month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _quarter(day: date) -> str:
    return QUARTERS[(day.month - 1) // 3]


def _past_phrase(ctx: _Ctx) -> str:
    """Describe a date before publication relative to it (昨日, 7月30日, 去年5月, ...)."""
    rng, pub = ctx.rng, ctx.pub
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(("昨日", "昨日", "昨天"))
    if roll < 0.2 and not ctx.lead:  # the lead always names a date a reader can pin down
        return rng.choice(("近日", "日前", "此前"))
    back = rng.choice(
        (rng.randint(2, 40), rng.randint(2, 40), rng.randint(20, 400), rng.randint(300, 1500))
    )
    day = date.fromordinal(pub.toordinal() - back)
    absolute = (f"{day.year}年{day.month}月{day.day}日", f"{day.year}年{day.month}月")
    if day.year == pub.year:
        options = [_month_day(day)] * 3 + [f"今年{day.month}月"]
        if day.month <= 6 < pub.month:
            options += ["上半年", "今年上半年"]
        if _quarter(day) != _quarter(pub):
            options.append(f"今年第{_quarter(day)}季度")
        if day.month <= 2:
            options.append("年初")
    elif day.year == pub.year - 1:
        options = [f"去年{day.month}月", f"去年{_month_day(day)}", *absolute]
        options += ["去年底"] if day.month >= 11 else []
    else:
        options = [absolute[0], *absolute, f"{day.year}年"]
    return rng.choice(options) if rng.random() < 0.85 else absolute[0]


def _future_phrase(ctx: _Ctx) -> str:
    """Describe a date after publication (8月10日, 年底前, 明年第一季度, 2027年底, ...)."""
    rng, pub = ctx.rng, ctx.pub
    ahead = rng.choice((rng.randint(3, 60), rng.randint(30, 400), rng.randint(200, 1100)))
    day = date.fromordinal(pub.toordinal() + ahead)
    if day.year == pub.year:
        options = [_month_day(day)] * 2 + [f"今年{day.month}月", f"{day.month}月底"]
        if day.month > 6 >= pub.month:
            options += ["下半年", "今年下半年"]
        if day.month >= 10:
            options += ["年底前", "今年底"]
        if _quarter(day) != _quarter(pub):
            options.append(f"今年第{_quarter(day)}季度")
    elif day.year == pub.year + 1:
        half = "上" if day.month <= 6 else "下"
        options = [f"明年第{_quarter(day)}季度", f"明年{_quarter(day)}季度", f"明年{day.month}月"]
        options += [f"明年{half}半年", f"{day.year}年{day.month}月"]
        options += ["明年底"] if day.month >= 10 else []
    else:
        options = [f"{day.year}年底", f"{day.year}年{day.month}月", f"{day.year}年"]
    return rng.choice(options)


# ----------------------------------------------------------------------------- slot table

SLOTS: dict[str, Callable[[_Ctx], str]] = {
    "dp": _past_phrase,
    "df": _future_phrase,
    "plan": lambda c: c.rng.choice(PLAN_WORDS),
    "proj": _project,
    "company": _company,
    "company2": _other_company,
    "park": _park,
    "park2": _park,
    "district": lambda c: (
        _place_name(c.rng, c.district) if c.rng.random() < 0.3 else c.district.name
    ),
    "dshort": lambda c: _short(c.district),
    "dshort2": _other_district,
    "town": _town,
    "town2": _town,
    "amt": _investment,
    "amt2": _investment,
    "amtv": _money,
    "industry": lambda c: c.rng.choice(INDUSTRIES),
    "industry2": lambda c: c.rng.choice(INDUSTRIES),
    "road": _road,
    "road2": _road,
    "facility": _facility,
    "station": _station,
    "stationpart": lambda c: c.rng.choice(STATION_PARTS),
    "railhub": _railhub,
    "platform": _platform,
    "campaign": _campaign,
    "org": _org,
    "unit": lambda c: c.rng.choice(UNITS),
    "honor": lambda c: c.rng.choice(PARK_HONORS),
    "thonor": lambda c: c.rng.choice(TOWN_HONORS),
    "chonor": lambda c: c.rng.choice(COMPANY_HONORS),
    "eu": lambda c: c.rng.choice(EU_CITIES),
    "goods": lambda c: c.rng.choice(GOODS),
    "trainkind": lambda c: c.rng.choice(TRAIN_KINDS),
    "city": lambda c: c.rng.choice(CITIES),
    "venue": _venue,
    "bldg": lambda c: c.rng.choice(BUILDINGS),
    "official": _official,
    "name": lambda c: _person(c.rng),
    "name2": lambda c: _person(c.rng),
    "n": lambda c: str(c.rng.randint(2, 60)),
    "phases": lambda c: c.rng.choice("两三四"),
    "n3": lambda c: str(c.rng.randint(100, 9999)),
    "area": lambda c: str(c.rng.choice((c.rng.randint(50, 999), c.rng.randint(1000, 6000)))),
    "km": lambda c: f"{c.rng.randint(3, 80)}.{c.rng.randint(1, 9)}",
    "railkm": lambda c: str(c.rng.randint(8000, 13000)),
    "jobs": lambda c: str(c.rng.randint(2, 60) * 100),
    "pct": _pct,
    "pct2": _pct,
    "trend": lambda c: "增长" if c.rng.random() < 0.85 else "下降",
    "usd": lambda c: f"{c.rng.randint(1, 30)}.{c.rng.randint(0, 9)}",
    "gdp": lambda c: str(c.rng.randint(2000, 4500)),
    "qcn": lambda c: c.rng.choice(QUARTERS),
    "period": _period,
    "m": lambda c: str(c.rng.randint(max(c.pub.month, 2), 12)),
    "foundyear": lambda c: str(c.rng.randint(1988, c.pub.year - 1)),
    "dept": lambda c: c.rng.choice(DEPARTMENTS),
    "quote": lambda c: fill(c, c.rng.choice(QUOTES)),
    "scene": lambda c: c.rng.choice(SCENES),
    "topic": lambda c: c.rng.choice(TOPICS),
    "topic2": lambda c: c.rng.choice(TOPICS),
    "source": lambda c: c.source,
    "year": lambda c: str(c.pub.year),
}
# Slots an article keeps once drawn: what it is about. Others are drawn afresh per sentence.
ARTICLE_SLOTS = frozenset(
    {
        "proj",
        "company",
        "park",
        "district",
        "dshort",
        "town",
        "amt",
        "industry",
        "road",
        "facility",
        "station",
        "stationpart",
        "railhub",
        "platform",
        "campaign",
        "org",
        "unit",
        "honor",
        "thonor",
        "chonor",
        "eu",
        "goods",
        "trainkind",
        "city",
        "venue",
        "bldg",
    }
)
# What each headline pattern mentions, to match the headline to the lead.
TITLE_SLOTS = {
    t: _slot_names(t)
    for table in (TITLES_OCCURRED, TITLES_PLANNED)
    for templates in table.values()
    for t in templates
}


# ------------------------------------------------------------------------------ articles


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: front-matter fields and body text."""

    ident: str
    title: str
    date: str
    source: str
    url: str
    body: str

    def to_txt(self) -> str:
        """Render the article as a text file with front matter."""
        return (
            f"---\ntitle: {self.title}\ndate: {self.date}\ndate_precision: day\n"
            f"source: {self.source}\nurl: {self.url}\n---\n{self.body}\n"
        )

    def to_json(self) -> str:
        """Render the article as one JSON line (without the newline)."""
        record = {
            "id": self.ident,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "text": self.body,
        }
        return json.dumps(record, ensure_ascii=False)


def _event(ctx: _Ctx, kind: str, planned: bool) -> str:
    table = EVENTS_PLANNED if planned else EVENTS_OCCURRED
    return fill(ctx, ctx.rng.choice(table[kind]))


def _lead(ctx: _Ctx, kind: str, planned: bool) -> list[str]:
    """Build the lead paragraph's sentences: a dated event, then one or two details."""
    rng = ctx.rng
    ctx.lead = True
    first = fill(ctx, rng.choice(LEAD_PREFIXES)) + _event(ctx, kind, planned)
    ctx.lead = False
    # Facts about the main project only fit a lead that named it.
    if "proj" in ctx.fixed:
        follow = ctx.draw("details", DETAILS, rng.randint(1, 2))
    else:
        follow = ctx.draw("noise", NOISE, rng.randint(1, 2))
    return [first, *(fill(ctx, t) for t in follow)]


def _next_paragraph(ctx: _Ctx) -> list[str]:
    """Draw the sentences of one body paragraph: an event with context, or background."""
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.35:
        (kind,) = ctx.draw("kinds", EVENT_TYPES, 1)
        head = [_event(ctx, kind, rng.random() < PLANNED_SHARE)]
        return head + [fill(ctx, t) for t in ctx.draw("noise", NOISE, rng.randint(1, 2))]
    if roll < 0.5:
        return [fill(ctx, t) for t in ctx.draw("details", DETAILS, 2)]
    return [fill(ctx, t) for t in ctx.draw("noise", NOISE, rng.randint(2, 4))]


def _punctuation(ctx: _Ctx) -> Callable[[], dict[int, str] | None]:
    """Choose how this article's page was 'scanned': which punctuation turned ASCII.

    Returns a function giving the translation table for the next paragraph (``None``: keep).
    """
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.5:
        return lambda: None
    if roll < 0.8:
        return lambda: ASCII_COMMAS
    return lambda: rng.choice((None, ASCII_COMMAS, ASCII_ALL))


def _body(ctx: _Ctx, lead: list[str]) -> str:
    """Grow paragraphs until the body reaches a random size between 1 and 3 KB."""
    rng = ctx.rng
    target = rng.randint(BODY_MIN_TARGET, BODY_MAX_TARGET)
    caption_at = rng.randint(1, 4) if rng.random() < 0.3 else -1
    punct = _punctuation(ctx)
    paragraphs = [fill(ctx, rng.choice(BYLINES))] if rng.random() < 0.25 else []
    size = sum(len(p.encode()) + 2 for p in paragraphs)
    sentences = lead
    while True:
        table, kept = punct(), []
        for sentence in sentences:
            # Measure after punctuation: ASCII commas are 1 byte, full-width ones 3.
            kept.append(sentence.translate(table) if table else sentence)
            size += len(kept[-1].encode())
            if size >= target:  # stop mid-paragraph: the overshoot stays one sentence
                break
        paragraphs.append("".join(kept))
        size += 2
        if size >= target:
            return "\n\n".join(paragraphs)
        if len(paragraphs) == caption_at:
            paragraphs.append(fill(ctx, rng.choice(CAPTIONS)))
            size += len(paragraphs[-1].encode()) + 2
        sentences = _next_paragraph(ctx)


def _title_template(ctx: _Ctx, kind: str, planned: bool) -> str:
    """Pick a headline pattern about what the lead named (its project, road, park, ...)."""
    templates = (TITLES_PLANNED if planned else TITLES_OCCURRED)[kind]
    fitting = [t for t in templates if TITLE_SLOTS[t] <= ctx.fixed.keys()]
    return ctx.rng.choice(fitting or templates)


def make_article(seed: int, index: int, gaz: Gazetteer) -> Article:
    """Generate article ``index`` of the corpus for ``seed``.

    Parameters
    ----------
    seed : int
        Corpus seed; article ``index`` depends only on ``(seed, index)``.
    index : int
        Position in the corpus, used in the file name and URL.
    gaz : Gazetteer
        Places to draw from.

    Returns
    -------
    Article
    """
    # A string seed is hashed with SHA-512, so it is stable across runs and interpreters.
    rng = FastRandom(f"{seed}:{index}")
    pub = date.fromordinal(rng.randint(PUB_FIRST, PUB_LAST))
    ctx = _Ctx(rng, pub, gaz, rng.choice(SOURCES))
    kind, planned = rng.choice(EVENT_TYPES), rng.random() < PLANNED_SHARE
    lead = _lead(ctx, kind, planned)
    title = fill(ctx, _title_template(ctx, kind, planned))
    ident = f"syn_{index:06d}"
    url = f"https://example.org/syn/{index}.html"
    return Article(ident, title, pub.isoformat(), ctx.source, url, _body(ctx, lead))


# ---------------------------------------------------------------------------------- output


def write_corpus(out: Path, count: int, seed: int, fmt: str, gaz: Gazetteer) -> int:
    """Write ``count`` articles into ``out`` and return the number of bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    if fmt == "jsonl":
        with (out / "corpus.jsonl").open("wb") as handle:
            for index in range(count):
                data = (make_article(seed, index, gaz).to_json() + "\n").encode()
                handle.write(data)
                total += len(data)
        return total
    for index in range(count):
        article = make_article(seed, index, gaz)
        data = article.to_txt().encode()
        (out / f"{article.ident}.txt").write_bytes(data)
        total += len(data)
    return total


def _stale_files(out: Path, count: int) -> int:
    """Count syn_*.txt files in ``out`` that this run does not write (from a larger run)."""
    pattern = re.compile(r"syn_(\d{6,})\.txt")
    stale = 0
    for path in out.glob("syn_*.txt"):
        match = pattern.fullmatch(path.name)
        stale += bool(match and int(match.group(1)) >= count)
    return stale


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path, help="output folder (created if missing)")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--gazetteer", type=Path, default=None, help="gazetteer CSV to use")
    args = parser.parse_args(argv)
    if args.articles < 0:
        parser.error("--articles must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    args = _parse_args(argv)
    gaz_path = args.gazetteer or default_gazetteer_path()
    try:
        gaz = load_gazetteer(gaz_path)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: cannot read gazetteer {gaz_path}: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    total = write_corpus(args.out, args.articles, args.seed, args.format, gaz)
    # Leftovers from a larger earlier run would silently inflate an import benchmark.
    stale = _stale_files(args.out, args.articles) if args.format == "txt" else 0
    if stale:
        print(f"warning: {args.out} also holds {stale} older syn_*.txt files", file=sys.stderr)
    print(f"generated in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    print(f"articles={args.articles} bytes={total} out={args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
