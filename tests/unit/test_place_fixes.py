"""Place fixes: a user's location of a place wins over the gazetteer and the geocoder, moves
every event at the place, survives re-extraction and re-import, is undoable, and travels as
CSV between databases (all rows or none)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer import paths
from explorer.cli import main
from explorer.core.coords import gcj02_to_wgs84, wgs84_to_bd09, wgs84_to_gcj02
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.geocode import Answer
from explorer.store import curation, geocache, place_fixes, repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect, transaction
from explorer.store.importer import import_corpus, reextract, run_to_end

PARK = "中创新航江门基地"  # named in three documents of the sample corpus
STATION = "江门站"  # a gazetteer place with its own coordinate
SPOT = (22.5601, 113.0702)  # WGS-84, in 江海区


@pytest.fixture
def conn(store, corpus_dir):
    conn = connect(store)
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    return conn


def at(conn: sqlite3.Connection, place: str) -> list[tuple]:
    """(lat, lon, geo_precision, district) of the shown events at ``place``, by span."""
    events = [e for e in repository.load_events(conn) if e.place == place]
    events.sort(key=lambda e: (e.document, e.span))
    return [(e.lat, e.lon, e.geo_precision, e.district) for e in events]


def district_of(lat: float, lon: float) -> str | None:
    return place_fixes.bundled_boundaries().district_at(lat, lon)


def test_a_fix_moves_every_event_at_the_place_and_wins_over_the_gazetteer(conn) -> None:
    untouched = [e for e in repository.load_events(conn) if e.place not in (PARK, STATION)]
    gazetteer = at(conn, STATION)
    assert gazetteer and gazetteer[0][:2] != SPOT

    fix = place_fixes.set_override(conn, STATION, *SPOT, "王芳", note="高铁站东广场")

    district = district_of(*SPOT)
    assert district is not None
    assert at(conn, STATION) == [(*SPOT, "exact", district)] * len(gazetteer)
    assert len(fix.event_ids) == len(gazetteer)
    assert [e for e in repository.load_events(conn) if e.place not in (PARK, STATION)] == untouched
    (stored,) = place_fixes.overrides(conn)
    assert (stored.name, stored.who, stored.note, stored.district) == (
        STATION,
        "王芳",
        "高铁站东广场",
        district,
    )
    # the correction dialog's place list offers the fixed location, not the gazetteer's
    listed = next(p for p in repository.place_names(conn) if p[0] == STATION)
    assert listed[1:] == (district, *SPOT, "exact")


def test_an_alias_names_its_gazetteer_place(conn) -> None:
    place_fixes.set_override(conn, "江门高铁站", *SPOT, "me")
    assert [o.name for o in place_fixes.overrides(conn)] == [STATION]
    assert {row[:2] for row in at(conn, STATION)} == {SPOT}


def test_a_fix_wins_over_the_geocoder(conn) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE events SET place = '滨江物流中心', lat = NULL, lon = NULL,"
            " geo_precision = NULL WHERE place = ?",
            (PARK,),
        )
    found = Answer("滨江物流中心", "nominatim", "found", 22.25, 112.79, "exact", "OSM")
    place_fixes.set_override(conn, "滨江物流中心", *SPOT, "me")
    assert "滨江物流中心" not in dict(geocache.places_to_locate(conn))  # never asked
    with transaction(conn):
        assert geocache.fill_events(conn, found, place_fixes.bundled_boundaries()) == 0
    assert {row[:3] for row in at(conn, "滨江物流中心")} == {(*SPOT, "exact")}


def test_a_fix_survives_reextraction_and_reimport(conn, corpus_dir) -> None:
    place_fixes.set_override(conn, PARK, *SPOT, "me")
    fixed = at(conn, PARK)
    assert len(fixed) >= 3 and {row[:3] for row in fixed} == {(*SPOT, "exact")}

    run_to_end(reextract(conn, extract_with_bundled_gazetteer))
    assert at(conn, PARK) == fixed

    with transaction(conn):  # the documents go, the fix stays; then they come back
        conn.execute("DELETE FROM documents")
    assert at(conn, PARK) == []
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    assert at(conn, PARK) == fixed


def test_undo_puts_back_what_was_there_and_redo_sets_it_again(conn) -> None:
    before = repository.load_events(conn)
    fix = place_fixes.set_override(conn, PARK, *SPOT, "me")
    again = place_fixes.set_override(conn, PARK, 22.6, 113.1, "you")
    assert {row[:2] for row in at(conn, PARK)} == {(22.6, 113.1)}

    place_fixes.undo(conn, again, "me")
    assert {row[:2] for row in at(conn, PARK)} == {SPOT}
    assert place_fixes.overrides(conn)[0].who == "me"
    moved = place_fixes.undo(conn, fix, "me")
    assert set(moved) == set(fix.event_ids)
    assert repository.load_events(conn) == before and place_fixes.overrides(conn) == []

    place_fixes.redo(conn, fix, "me")
    assert {row[:2] for row in at(conn, PARK)} == {SPOT}
    event_id = fix.event_ids[0]
    assert [h.action for h in curation.history(conn, event_id)] == [
        "set location",
        "set location",
        "undo set location",
        "undo set location",
        "redo set location",
    ]


def test_clearing_a_fix_puts_the_events_back_where_extraction_put_them(conn) -> None:
    gazetteer = at(conn, STATION)
    place_fixes.set_override(conn, STATION, *SPOT, "me")
    place_fixes.clear_override(conn, "me", name=STATION)
    assert at(conn, STATION) == gazetteer and place_fixes.overrides(conn) == []
    with pytest.raises(ValueError, match="no location"):
        place_fixes.clear_override(conn, "me", name=STATION)


def test_an_event_without_a_place_is_fixed_alone_and_kept_by_reextraction(conn) -> None:
    event = next(e for e in repository.load_events(conn) if e.place is None)
    others = [e for e in repository.load_events(conn) if e.id != event.id]
    fix = place_fixes.set_location(conn, event.id, *SPOT, "李明")
    (fixed,) = [e for e in repository.load_events(conn) if e.id == event.id]
    assert (fixed.lat, fixed.lon, fixed.geo_precision) == (*SPOT, "exact")
    assert fixed.edited and fixed.edited_by == "李明"
    assert [e for e in repository.load_events(conn) if e.id != event.id] == others
    assert place_fixes.override_of_event(conn, event.id).event_id == event.id

    run_to_end(reextract(conn, extract_with_bundled_gazetteer))
    (kept,) = [e for e in repository.load_events(conn) if e.id == event.id]
    assert (kept.lat, kept.lon) == SPOT
    assert len(repository.load_events(conn)) == len(others) + 1  # not added twice

    place_fixes.undo(conn, fix, "李明")
    (back,) = [e for e in repository.load_events(conn) if e.id == event.id]
    assert back == event


def test_set_location_of_an_event_at_a_place_fixes_the_place(conn) -> None:
    event = next(e for e in repository.load_events(conn) if e.place == PARK)
    fix = place_fixes.set_location(conn, event.id, *SPOT, "me")
    assert [o.name for o in fix.after] == [PARK] and len(fix.event_ids) == len(at(conn, PARK))


@pytest.mark.parametrize(
    "lat, lon, message",
    [(113.08, 22.6, "swapped"), (95, 113, "out of range"), (39.9, 116.4, "outside Jiangmen")],
)
def test_a_point_outside_jiangmen_is_refused(conn, lat, lon, message) -> None:
    with pytest.raises(ValueError, match=message):
        place_fixes.set_override(conn, PARK, lat, lon, "me")
    assert place_fixes.overrides(conn) == []


def test_gcj02_and_bd09_points_are_stored_as_wgs84(conn) -> None:
    gcj = wgs84_to_gcj02(*SPOT)
    place_fixes.set_override(conn, PARK, *gcj, "me", crs="gcj02")
    (stored,) = place_fixes.overrides(conn)
    assert (stored.lat, stored.lon) == pytest.approx(SPOT, abs=1e-7)
    assert (stored.lat, stored.lon) == gcj02_to_wgs84(*gcj)
    place_fixes.set_override(conn, PARK, *wgs84_to_bd09(*SPOT), "me", crs="bd09")
    (stored,) = place_fixes.overrides(conn)
    assert (stored.lat, stored.lon) == pytest.approx(SPOT, abs=1e-7)


# ------------------------------------------------------------------------------ CSV


def test_csv_round_trip_with_bom(conn, tmp_path) -> None:
    place_fixes.set_override(conn, PARK, *SPOT, "王芳", note="厂区大门, 据高德")
    place_fixes.set_override(conn, STATION, 22.6031, 113.0856, "李明")
    event = next(e for e in repository.load_events(conn) if e.place is None)
    place_fixes.set_location(conn, event.id, *SPOT, "me")  # an event's own: not shared
    out = tmp_path / "fixes.csv"
    assert place_fixes.export_csv(conn, out) == 2
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == "name,lat,lon,district,who,at,note"

    other = connect(tmp_path / "other.sqlite3")
    ensure_places(other, paths.gazetteer_path())
    fix = place_fixes.import_csv(other, out, "somebody")
    named = [o for o in place_fixes.overrides(conn) if o.name]
    assert place_fixes.overrides(other) == named and fix.after == tuple(named)


def test_csv_cells_that_start_like_formulas_are_inert_and_import_back(conn, tmp_path) -> None:
    place_fixes.set_override(conn, PARK, *SPOT, "@me", note='=HYPERLINK("//evil","x")')
    out = tmp_path / "fixes.csv"
    place_fixes.export_csv(conn, out)
    row = out.read_text(encoding="utf-8-sig").splitlines()[1]
    assert ",'@me," in row and row.endswith(',"\'=HYPERLINK(""//evil"",""x"")"')
    (fix,) = place_fixes.read_csv(out, "somebody")
    assert (fix.who, fix.note) == ("@me", '=HYPERLINK("//evil","x")')


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def test_bad_rows_are_named_by_line_and_nothing_is_applied(conn, tmp_path) -> None:
    place_fixes.set_override(conn, STATION, *SPOT, "me")
    before = repository.load_events(conn), place_fixes.overrides(conn)
    csv_file = write(
        tmp_path / "bad.csv",
        "name,lat,lon,district,note\r\n"
        f"{PARK},22.56,113.07,,fine\r\n"  # line 2: good, yet not applied
        "睦洲镇,北纬22,113.1,,\r\n"  # 3: not a number
        "某园区,22.5,113.0,广州市,\r\n"  # 4: no district of Jiangmen
        ",22.5,113.0,,\r\n"  # 5: no name
        "\r\n"  # 6: blank lines are skipped
        "远方,39.9,116.4,,\r\n"  # 7: Beijing
        f"{STATION},22.60,113.08,,\r\n"  # 8: fine
        "珠西综合交通枢纽,22.61,113.09,,\r\n",  # 9: 江门站 again, by an alias
    )
    with pytest.raises(place_fixes.FixesFileError) as caught:
        place_fixes.import_csv(conn, csv_file, "me")
    assert [line for line, _ in caught.value.problems] == [3, 4, 5, 7, 9]
    assert "北纬22" in caught.value.problems[0][1] and "line 8" in caught.value.problems[-1][1]
    assert (repository.load_events(conn), place_fixes.overrides(conn)) == before


def test_a_header_without_coordinates_is_refused(conn, tmp_path) -> None:
    csv_file = write(tmp_path / "bad.csv", "place,latitude,longitude\r\n江门站,22.6,113.08\r\n")
    with pytest.raises(place_fixes.FixesFileError, match="lacks name, lat, lon"):
        place_fixes.import_csv(conn, csv_file, "me")


def test_gcj02_rows_are_converted_and_excel_gbk_files_read(conn, tmp_path) -> None:
    gcj = wgs84_to_gcj02(*SPOT)
    csv_file = write(
        tmp_path / "excel.csv",
        f"name,lat,lon,crs,who\r\n{PARK},{gcj[0]:.9f},{gcj[1]:.9f},GCJ-02,\r\n"
        f"{STATION},{SPOT[0]},{SPOT[1]},,张三\r\n",
        encoding="gb18030",
    )
    place_fixes.import_csv(conn, csv_file, "me")
    fixes = {o.name: o for o in place_fixes.overrides(conn)}
    assert (fixes[PARK].lat, fixes[PARK].lon) == pytest.approx(SPOT, abs=1e-7)
    assert (fixes[STATION].lat, fixes[STATION].lon) == SPOT
    assert (fixes[PARK].who, fixes[STATION].who) == ("me", "张三")
    assert {row[:2] for row in at(conn, PARK)} == {(fixes[PARK].lat, fixes[PARK].lon)}


def test_an_import_is_undone_as_one_step(conn, tmp_path) -> None:
    before = repository.load_events(conn)
    csv_file = write(
        tmp_path / "f.csv", f"name,lat,lon\n{PARK},22.56,113.07\n{STATION},22.6,113.1\n"
    )
    fix = place_fixes.import_csv(conn, csv_file, "me")
    assert len(fix.after) == 2
    place_fixes.undo(conn, fix, "me")
    assert repository.load_events(conn) == before and place_fixes.overrides(conn) == []


# ------------------------------------------------------------------------------ CLI


def test_cli_set_export_import(capsys, db_path, tmp_path, corpus_dir) -> None:
    assert main(["import", str(corpus_dir), "--db", str(db_path)]) == 0
    gcj = wgs84_to_gcj02(*SPOT)
    args = ["places", "set", PARK, f"{gcj[0]:.9f}", f"{gcj[1]:.9f}", "--crs", "gcj02"]
    assert main([*args, "--db", str(db_path)]) == 0
    assert "events moved" in capsys.readouterr().out
    out = tmp_path / "fixes.csv"
    assert main(["places", "export", "-o", str(out), "--db", str(db_path)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")

    other = tmp_path / "other.sqlite3"
    assert main(["import", str(corpus_dir), "--db", str(other)]) == 0
    assert main(["places", "import", str(out), "--db", str(other)]) == 0
    (fix,) = place_fixes.overrides(connect(other))
    assert (fix.lat, fix.lon) == pytest.approx(SPOT, abs=1e-6)

    bad = write(tmp_path / "bad.csv", "name,lat,lon\n江门站,x,113\n")
    capsys.readouterr()
    assert main(["places", "import", str(bad), "--db", str(other)]) == 2
    assert f"{bad}:2: lat 'x' is not a number" in capsys.readouterr().err
    assert main(["places", "set", PARK, "113.07", "22.56", "--db", str(other)]) == 2


def test_undo_refuses_to_take_back_a_location_another_analyst_set_since(conn, store) -> None:
    other = connect(store)  # a second analyst's window
    mine = place_fixes.set_override(conn, PARK, *SPOT, "李明")
    place_fixes.set_override(other, PARK, 22.58, 113.08, "王芳")
    with pytest.raises(place_fixes.LocationConflict, match=f"{PARK} was changed by 王芳"):
        place_fixes.undo(conn, mine, "李明")
    (fix,) = [o for o in place_fixes.overrides(conn) if o.name == PARK]
    assert (fix.lat, fix.who) == (22.58, "王芳")  # 王芳's location stands
