"""Online geocoding against a fake geocoding server on 127.0.0.1 (never the internet).

The server answers Nominatim's ``/search`` and Baidu's ``/geocoding/v3/`` with canned
results per query, can sleep or fail with HTTP 500, and records every request.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from explorer import cli, paths
from explorer.core.coords import distance_m, wgs84_to_bd09, wgs84_to_gcj02
from explorer.pipeline.geocode import (
    JIANGMEN_VIEWBOX,
    PROVIDERS,
    BaiduProvider,
    GeocodeError,
    NominatimProvider,
    PlaceGeocoder,
    ServiceOptions,
    user_agent,
)
from explorer.pipeline.geography import DistrictBoundaries
from explorer.store import curation, geocache, repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect, transaction
from explorer.store.importer import run_to_end

# Points inside Jiangmen's districts (checked against data/jiangmen_districts.geojson).
XINHUI = (22.53, 113.03)
TAISHAN = (22.25, 112.79)
KAIPING = (22.37, 112.70)
GUANGZHOU = (23.13, 113.26)  # outside Jiangmen


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a host other than this machine fails the test."""
    real = socket.create_connection

    def local_only(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"tried to reach {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


class FakeGeocoder(BaseHTTPRequestHandler):
    """Answers by query text: a list of Nominatim results, or ``("sleep", s)``/``("status", n)``."""

    answers: ClassVar[dict[str, Any]] = {}
    requests: ClassVar[list[dict[str, Any]]] = []
    domain: ClassVar[str] = ""  # host:port of the running fake, set by the fixture

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        query = params.get("q") or params.get("address") or ""
        self.requests.append({"path": url.path, "params": params, "headers": dict(self.headers)})
        answer = self.answers.get(query, [])
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            answer = []
        if isinstance(answer, tuple) and answer[0] == "status":
            self.send_error(answer[1])
            return
        if url.path.startswith("/geocoding/v3"):
            body: Any = {"status": 0, "result": answer[0] if answer else []}
        else:
            body = answer
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is what some tests want


@pytest.fixture
def server() -> Iterator[type[FakeGeocoder]]:
    handler: type[FakeGeocoder] = type("Handler", (FakeGeocoder,), {"answers": {}, "requests": []})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    handler.domain = f"127.0.0.1:{httpd.server_address[1]}"
    yield handler
    httpd.shutdown()
    httpd.server_close()


def osm(point: tuple[float, float], rank: int = 30, box_km: float = 0.1, **extra: Any) -> dict:
    """A Nominatim result at ``point`` with a square bounding box ``box_km`` wide."""
    half = box_km / 111 / 2
    lat, lon = point
    return {
        "lat": str(lat),
        "lon": str(lon),
        "display_name": extra.pop("display_name", "某地, 江门市, 广东省, 中国"),
        "class": extra.pop("cls", "amenity"),
        "type": extra.pop("type", "factory"),
        "place_rank": rank,
        "boundingbox": [str(lat - half), str(lat + half), str(lon - half), str(lon + half)],
        "osm_type": "way",
        "osm_id": 123,
        **extra,
    }


@pytest.fixture
def boundaries() -> DistrictBoundaries:
    return DistrictBoundaries.from_geojson(paths.districts_path())


@pytest.fixture
def conn(store, make_event):
    """A store (a SQLite file, then a PostgreSQL database) with the gazetteer and one
    document whose events name these places."""
    conn = connect(store)
    ensure_places(conn, paths.gazetteer_path())
    with transaction(conn):
        conn.execute(
            """INSERT INTO documents (doc_id, source_path, encoding, content_hash, raw_text,
                   body_offset, imported_at) VALUES ('d', 'd.txt', 'utf-8', 'h', 'x', 0, 'now')"""
        )
        events = [
            make_event(place="金桥精密制造园", district=None, span=(0, 1)),
            make_event(place="金桥精密制造园", district=None, span=(2, 3)),
            make_event(place="滨江物流中心", district=None, span=(4, 5)),
            make_event(place="荷塘纱线产业园", district="新会区", span=(6, 7)),
            make_event(place="江门站", lat=None, lon=None, span=(8, 9)),  # in the gazetteer
        ]
        repository.replace_machine_events(conn, "d", events)
    return conn


def options(server, **extra: Any) -> ServiceOptions:
    values = {"user_agent": user_agent("9.9", "me@example.org"), "timeout": 2.0}
    return ServiceOptions(domain=server.domain, scheme="http", **{**values, **extra})


def run(conn, server, boundaries, provider=None, **extra: Any):
    provider = provider or PROVIDERS["nominatim"]
    geocoder = PlaceGeocoder(provider, options(server, **extra), boundaries, min_delay_seconds=0)
    steps = geocache.geocode_places(conn, geocoder.lookup, provider.name, boundaries)
    return run_to_end(steps)


def located(conn, place: str) -> list[tuple]:
    rows = conn.execute(
        "SELECT lat, lon, geo_precision, district FROM events WHERE place = ? ORDER BY id",
        (place,),
    )
    return [tuple(r) for r in rows]


def test_missing_places_are_found_stored_and_never_asked_again(conn, server, boundaries) -> None:
    server.answers.update(
        {
            "金桥精密制造园": [osm(XINHUI, rank=30)],
            "滨江物流中心": [osm(TAISHAN, rank=30)],
            "荷塘纱线产业园": [osm(KAIPING, rank=18, box_km=8, cls="place", type="town")],
        }
    )
    places_before = conn.execute("SELECT * FROM places ORDER BY id").fetchall()
    assert [name for name, _ in geocache.places_to_locate(conn)] == [
        "金桥精密制造园",
        "滨江物流中心",
        "荷塘纱线产业园",
    ]

    report = run(conn, server, boundaries)

    assert (len(report.found), len(report.not_found), report.errors) == (3, 0, [])
    assert report.from_cache == 0 and report.events_filled == 4
    assert located(conn, "金桥精密制造园") == [(*XINHUI, "exact", "新会区")] * 2
    assert located(conn, "滨江物流中心") == [(*TAISHAN, "exact", "台山市")]
    # a district the event already had is kept; a town-sized result is no exact point
    assert located(conn, "荷塘纱线产业园") == [(*KAIPING, "town", "新会区")]
    assert located(conn, "江门站")[0][0] != XINHUI[0]  # gazetteer place: not asked
    assert all(r["params"]["q"] != "江门站" for r in server.requests)
    assert conn.execute("SELECT * FROM places ORDER BY id").fetchall() == places_before
    cached = geocache.cached_answer(conn, "nominatim", "金桥精密制造园")
    assert cached is not None and cached.outcome == "found"
    assert cached.source.endswith("https://www.openstreetmap.org/way/123")
    assert cached.address == "某地, 江门市, 广东省, 中国"

    # After re-extraction the events lose their coordinates; the cache gives them back.
    conn.execute("UPDATE events SET lat = NULL, lon = NULL, geo_precision = NULL")
    asked = len(server.requests)
    again = run(conn, server, boundaries)
    assert len(server.requests) == asked
    assert (again.from_cache, again.found, again.events_filled) == (3, [], 4)


def test_requests_identify_the_app_and_stay_in_jiangmen(conn, server, boundaries) -> None:
    run(conn, server, boundaries)
    request = server.requests[0]
    assert request["path"] == "/search"
    assert request["headers"]["User-Agent"] == "JiangmenExplorer/9.9 (+me@example.org)"
    params = request["params"]
    assert params["bounded"] == "1" and params["countrycodes"] == "cn"
    (south, west), (north, east) = JIANGMEN_VIEWBOX
    assert [float(v) for v in params["viewbox"].split(",")] == [west, south, east, north]


def test_a_timeout_is_an_error_and_the_run_goes_on(conn, server, boundaries) -> None:
    server.answers.update(
        {
            "金桥精密制造园": ("sleep", 1.5),
            "滨江物流中心": [osm(TAISHAN)],
        }
    )
    report = run(conn, server, boundaries, timeout=0.3)
    assert [e.query for e in report.errors] == ["金桥精密制造园"]
    assert "GeocoderTimedOut" in report.errors[0].reason
    assert report.found == ["滨江物流中心"]
    assert located(conn, "金桥精密制造园") == [(None, None, None, None)] * 2
    assert geocache.cached_answer(conn, "nominatim", "金桥精密制造园") is None
    assert any("error: 金桥精密制造园" in line for line in report.summary_lines())


def test_an_http_500_is_an_error_and_is_asked_again_next_time(conn, server, boundaries) -> None:
    server.answers["金桥精密制造园"] = ("status", 500)
    report = run(conn, server, boundaries)
    assert [e.query for e in report.errors] == ["金桥精密制造园"]
    assert geocache.cached_answer(conn, "nominatim", "金桥精密制造园") is None
    server.answers["金桥精密制造园"] = [osm(XINHUI)]
    assert run(conn, server, boundaries).found == ["金桥精密制造园"]


def test_no_result_is_cached_as_such(conn, server, boundaries) -> None:
    report = run(conn, server, boundaries)  # the server knows nothing
    assert len(report.not_found) == 3 and report.events_filled == 0
    answer = geocache.cached_answer(conn, "nominatim", "金桥精密制造园")
    assert answer is not None and (answer.outcome, answer.lat) == ("none", None)
    asked = len(server.requests)
    assert run(conn, server, boundaries).from_cache == 3
    assert len(server.requests) == asked
    # another provider has not been asked yet
    assert len(geocache.plan(conn, "arcgis").to_ask) == 3
    assert geocache.plan(conn, "nominatim").to_ask == []


def test_a_result_outside_jiangmen_is_no_location(conn, server, boundaries) -> None:
    server.answers["金桥精密制造园"] = [osm(GUANGZHOU, display_name="广州")]
    report = run(conn, server, boundaries)
    assert "金桥精密制造园" in report.not_found
    answer = geocache.cached_answer(conn, "nominatim", "金桥精密制造园")
    assert answer is not None and (answer.outcome, answer.lat, answer.address) == (
        "outside",
        None,
        "广州",
    )
    assert located(conn, "金桥精密制造园")[0][0] is None


def test_user_edited_events_are_left_alone(conn, server, boundaries) -> None:
    edited, unedited = (e.id for e in repository.load_events(conn) if e.place == "金桥精密制造园")
    curation.edit_event(conn, edited, {"title": "改过的标题"}, "李明")
    only_edited = next(e.id for e in repository.load_events(conn) if e.place == "江门站")
    curation.edit_event(conn, only_edited, {"place": "某个只有用户写的地方"}, "李明")
    server.answers["金桥精密制造园"] = [osm(XINHUI)]
    run(conn, server, boundaries)
    by_id = {e.id: e for e in repository.load_events(conn)}
    assert (by_id[unedited].lat, by_id[unedited].lon) == XINHUI
    assert (by_id[edited].lat, by_id[edited].lon, by_id[edited].district) == (None, None, None)
    assert all(r["params"]["q"] != "某个只有用户写的地方" for r in server.requests)


def test_baidu_bd09_answers_are_stored_as_wgs84(conn, server, boundaries) -> None:
    bd_lat, bd_lon = wgs84_to_bd09(*XINHUI)
    server.answers["江门市金桥精密制造园"] = [
        {"location": {"lat": bd_lat, "lng": bd_lon}, "precise": 1, "level": "工业园区"}
    ]
    server.answers["江门市滨江物流中心"] = [
        {"location": {"lat": 0, "lng": 0}, "precise": 0, "level": "UNKNOWN"}
    ]
    report = run(conn, server, boundaries, provider=BaiduProvider(), api_key="ak")
    assert server.requests[0]["path"] == "/geocoding/v3/"
    assert server.requests[0]["params"]["ak"] == "ak"
    assert report.found == ["金桥精密制造园"]
    lat, lon, precision, district = located(conn, "金桥精密制造园")[0]
    assert distance_m((lat, lon), XINHUI) < 1.0 and (precision, district) == ("park", "新会区")
    assert distance_m((bd_lat, bd_lon), XINHUI) > 500  # unconverted it would be far off


def test_gcj02_answers_are_stored_as_wgs84(conn, server, boundaries) -> None:
    class GcjNominatim(NominatimProvider):  # e.g. a service that answers in GCJ-02
        name = "gcj-test"
        datum = "gcj02"

    server.answers["金桥精密制造园"] = [osm(wgs84_to_gcj02(*TAISHAN))]
    run(conn, server, boundaries, provider=GcjNominatim())
    lat, lon, _, district = located(conn, "金桥精密制造园")[0]
    assert distance_m((lat, lon), TAISHAN) < 1.0 and district == "台山市"


def test_baidu_needs_a_key(server) -> None:
    with pytest.raises(ValueError, match="API key"):
        PlaceGeocoder(BaiduProvider(), options(server))


@pytest.mark.parametrize(
    ("result", "precision"),
    [
        (osm(XINHUI, rank=30, box_km=0.1), "exact"),
        (osm(XINHUI, rank=30, box_km=3), "park"),  # a large "point of interest"
        (osm(XINHUI, rank=22, box_km=2, cls="landuse", type="industrial"), "park"),
        (osm(XINHUI, rank=26, box_km=1, cls="highway", type="primary"), "town"),
        (osm(XINHUI, rank=16, box_km=12, cls="boundary", type="administrative"), "district"),
        (osm(XINHUI, rank=30, box_km=40), "district"),
        (osm(XINHUI, rank=8, box_km=300, cls="boundary", type="administrative"), "city"),
    ],
)
def test_nominatim_precision_never_claims_more_than_the_result(result, precision) -> None:
    assert NominatimProvider().precision(result) == precision


@pytest.mark.parametrize(
    ("result", "precision"),
    [
        ({"precise": 1, "level": "门址"}, "exact"),
        ({"precise": 0, "level": "门址"}, "town"),
        ({"precise": 0, "level": "乡镇"}, "town"),
        ({"precise": 1, "level": "区县"}, "district"),
        ({"precise": 0, "level": "UNKNOWN"}, "city"),
    ],
)
def test_baidu_precision(result, precision) -> None:
    assert BaiduProvider().precision(result) == precision


def test_arcgis_precision_follows_the_address_type_and_extent() -> None:
    arcgis = PROVIDERS["arcgis"]
    small = {"xmin": 113.03, "ymin": 22.53, "xmax": 113.031, "ymax": 22.531}
    big = {"xmin": 112.9, "ymin": 22.4, "xmax": 113.2, "ymax": 22.7}
    assert arcgis.precision({"attributes": {"Addr_type": "POI"}, "extent": small}) == "exact"
    assert arcgis.precision({"attributes": {"Addr_type": "Locality"}, "extent": big}) == "district"
    assert arcgis.precision({"attributes": {}}) == "city"


def test_requests_are_spaced_by_the_rate_limiter(server) -> None:
    geocoder = PlaceGeocoder(PROVIDERS["nominatim"], options(server), min_delay_seconds=0.4)
    started = time.monotonic()
    for name in ("甲地", "乙地", "丙地"):
        assert geocoder.lookup(name).outcome == "none"
    assert time.monotonic() - started >= 0.8
    assert geocoder.requests == 3


def test_an_unreadable_answer_is_an_error(server) -> None:
    server.answers["坏"] = [{"lat": "north", "lon": "east", "display_name": "?"}]
    geocoder = PlaceGeocoder(PROVIDERS["nominatim"], options(server), min_delay_seconds=0)
    with pytest.raises(GeocodeError):
        geocoder.lookup("坏")


def test_the_viewbox_holds_every_district() -> None:
    data = json.loads(paths.districts_path().read_text(encoding="utf-8"))
    (south, west), (north, east) = JIANGMEN_VIEWBOX
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                for lon, lat in ring:
                    assert south < lat < north and west < lon < east


def test_the_cache_table_refuses_a_found_answer_without_a_point(conn) -> None:
    from explorer.store.dialect import dialect_of

    with pytest.raises(dialect_of(conn).integrity_error()):
        conn.execute(
            "INSERT INTO geocode_cache (provider, query, outcome, fetched_at)"
            " VALUES ('nominatim', 'x', 'found', 'now')"
        )


def test_cli_provider_choices_match_the_providers() -> None:
    assert set(cli.GEOCODE_PROVIDERS) == set(PROVIDERS)


def test_cli_dry_run_lists_the_places_and_sends_nothing(conn, store, server, capsys) -> None:
    code = cli.main(["geocode", "--db", str(store), "--domain", server.domain])
    out = capsys.readouterr().out
    assert code == 0 and server.requests == []
    assert "3 places to look up: 金桥精密制造园 (2), 滨江物流中心 (1)" in out
    assert "dry run" in out


def test_cli_online_looks_up_then_answers_from_the_cache(conn, store, server, capsys) -> None:
    server.answers["金桥精密制造园"] = [osm(XINHUI)]
    args = ["geocode", "--db", str(store), "--online", "--domain", server.domain]
    args += ["--scheme", "http", "--contact", "me@example.org"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "found 1, not found 2, errors 0, from cache 0; 2 events got coordinates" in out
    assert server.requests[0]["headers"]["User-Agent"].startswith("JiangmenExplorer/")
    assert cli.main(args) == 0
    # the found place's events have coordinates now; the two unknown ones come from the cache
    assert "found 0, not found 0, errors 0, from cache 2" in capsys.readouterr().out
    assert len(server.requests) == 3
    cli.main(["geocode", "--db", str(store)])
    out = capsys.readouterr().out
    assert "0 places to look up" in out and "2 more known from the cache" in out


def test_cli_reports_errors_with_exit_code_1(conn, store, server, capsys) -> None:
    server.answers["金桥精密制造园"] = ("status", 500)
    args = ["geocode", "--db", str(store), "--online", "--domain", server.domain]
    assert cli.main([*args, "--scheme", "http"]) == 1
    out = capsys.readouterr().out
    assert "errors 1" in out and "error: 金桥精密制造园" in out


def test_cli_baidu_without_a_key_is_refused(db_path, capsys) -> None:
    assert cli.main(["geocode", "--db", str(db_path), "--online", "--provider", "baidu"]) == 2
    assert "--api-key" in capsys.readouterr().err
