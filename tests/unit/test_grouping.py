"""The same event told by several papers is one group with several sources."""

from __future__ import annotations

import pytest

from explorer.pipeline.grouping import group_events


@pytest.fixture
def event(make_event):
    def build(doc, kind, start, end, subject):
        return make_event(
            document=doc, type=kind, date=start, date_end=end, subject=subject, district=None
        )

    return build


def test_same_type_nested_dates_similar_subjects_group(event) -> None:
    events = [
        event("a", "topping_out", "2022-07-30", "2022-07-30", "中创新航江门基地项目一期M1主厂房"),
        event("b", "topping_out", "2022-07-01", "2022-07-31", "中创新航江门基地项目"),
        event("c", "topping_out", "2022-07-30", "2022-07-30", "江门站站房"),
        event("d", "signing", "2022-07-30", "2022-07-30", "中创新航江门基地项目"),
        event("e", "topping_out", "2022-09-01", "2022-09-01", "中创新航江门基地项目"),
    ]
    assert group_events(events) == [0, 0, 1, 2, 3]


def test_events_of_one_document_are_not_grouped_here(event) -> None:
    events = [
        event("a", "award", "2022-01-01", "2022-12-31", "新会区"),
        event("a", "award", "2022-09-01", "2022-09-30", "新会区"),
    ]
    assert group_events(events) == [0, 1]


def test_grouping_is_transitive_and_skips_undated(event) -> None:
    events = [
        event("a", "launch", "2022-10-27", "2022-10-27", "新会陈皮数字化溯源管理系统"),
        event("b", "launch", "2022-10-01", "2022-10-31", "陈皮数字化溯源"),
        event("c", "launch", "2022-01-01", "2022-12-31", "新会陈皮数字化溯源管理系统"),
        event("d", "launch", None, None, "新会陈皮数字化溯源管理系统"),  # type: ignore[arg-type]
    ]
    groups = group_events(events)
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_subject_index_finds_what_a_scan_finds() -> None:
    import random

    from explorer.pipeline.subjects import SubjectIndex, similar_subjects

    rng = random.Random(3)
    alphabet = "中创新航江门基地项目一期厂房大广海湾"
    subjects = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 12))) for _ in range(400)
    ]
    subjects += ["中创新航", "中创新航江门基地", "江门", "中创新航江门基地项目一期M1主厂房"]
    index = SubjectIndex(subjects)
    for query in [*subjects[:120], "中创新航江门基地项目", "江", "大广海湾经济区"]:
        expected = {s for s in set(subjects) if similar_subjects(s, query)}
        assert index.similar_to(query) == expected, query
