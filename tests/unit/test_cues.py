"""Cue words in context: the spec's type boundaries."""

from __future__ import annotations

import pytest

from explorer.pipeline.cues import find_cues, is_planned


def _types(text: str) -> list[str]:
    return [c.type for c in find_cues(text)]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("中创新航项目举行主厂房封顶仪式", ["topping_out"]),
        ("双方签署合作框架协议", ["signing"]),
        ("28支招商队伍签下“军令状”", []),
        ("项目签约落户新会", ["signing"]),
        ("“江门号”中欧班列从鹤山开出", ["first_departure"]),
        ("首趟中欧班列开通", ["first_departure"]),
        ("江门大道南延线开通", ["completion"]),
        ("明德二路建成通车", ["completion"]),
        ("候机楼建成投用", ["opening"]),
        ("项目竣工投产", ["production_start"]),
        ("确保早开工、早投产、早见效", []),
        ("数字化溯源管理系统正式启动", ["launch"]),
        ("博士工作站正式挂牌", ["unveiling"]),
        ("一批企业相继落户新会", ["settlement"]),
        ("新会区获评全国信访工作示范县", ["award"]),
        ("新会区召开招商引资动员大会", ["meeting"]),
        ("重大项目集中动工(投产)", ["groundbreaking", "production_start"]),
        ("今天,本报推出年终盘点特别报道", []),
        ("为项目落地提供全方位服务", []),
        ("进驻企业超200家", []),
        ("获评示范县,成为唯一获得该荣誉的单位", ["award"]),
        ("9月,《百强研究》在论坛上发布,新会区排名第22位", []),
        ("在“百强区县”榜单中,新会区排名第22位", ["award"]),
    ],
)
def test_types(text: str, types: list[str]) -> None:
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        ("力争冈州宾馆今年国庆节前开业", True),
        ("项目计划明年动工", True),
        ("区政协会议定于2月18日召开", True),
        ("7月30日,项目封顶", False),
    ],
)
def test_planning_markers(text: str, planned: bool) -> None:
    (cue,) = find_cues(text)
    assert is_planned(text, cue.start, cue.end) is planned
