"""The ``explorer`` command: the app with no arguments, subcommands for headless work."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from explorer import cli_archive, cli_health, logs, paths
from explorer.atomic import open_atomically, write_text_atomically
from explorer.core.errors import InputError
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.core.user import login_name
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES, STATUSES
from explorer.export.basemaps import BASEMAPS, OFFLINE
from explorer.export.report_layout import DPIS, PAPERS, SnapshotSpec, default_titles
from explorer.index import EventIndex
from explorer.pipeline.corpus import Source, discover, read_source
from explorer.pipeline.documents import document_warnings
from explorer.pipeline.evaluate import evaluate, read_events
from explorer.pipeline.explain import explain, load_documents
from explorer.pipeline.extract import extract_document, extract_with_bundled_gazetteer
from explorer.pipeline.places import Gazetteer
from explorer.store import repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import (
    DAMAGED_EXIT,
    DamagedDatabase,
    StoreError,
    connect,
    db_argument,
    is_damage,
    is_server_error,
)
from explorer.store.dialect import StoreConnection
from explorer.store.importer import Progress, import_corpus, reextract, run_to_end

if TYPE_CHECKING:
    from explorer.store.geocache import GeocodePlan


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m explorer``."""
    logs.configure()  # an uncaught error is logged as well as printed
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", _cmd_app)
    try:
        return int(handler(args))
    except DamagedDatabase as error:
        print(f"explorer: {error}", file=sys.stderr)
        return DAMAGED_EXIT
    except StoreError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as error:
        return _database_error(args, error)
    except Exception as error:
        if not is_server_error(error):
            raise
        print(f"explorer: the database server: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nexplorer: interrupted; nothing of the current import was kept", file=sys.stderr)
        return 130


def _database_error(args: argparse.Namespace, error: sqlite3.DatabaseError) -> int:
    """One line instead of a traceback for what SQLite raises in the middle of a command."""
    where = getattr(args, "db", None) or paths.default_db_path()
    if is_damage(error):
        # Damage the check at open did not see (pages broken since): the same line.
        print(f"explorer: {DamagedDatabase(where, str(error))}", file=sys.stderr)
        return DAMAGED_EXIT
    if isinstance(error, sqlite3.OperationalError):
        # Typically "database is locked": another import holds the write lock.
        print(f"explorer: {where}: {error} (is another import running?)", file=sys.stderr)
        return 1
    raise error


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _app_version() -> str:
    try:
        return version("jiangmen-explorer")
    except PackageNotFoundError:
        return "0+unknown"


def _build_parser() -> argparse.ArgumentParser:
    db_help = (
        f"database file (default: {paths.default_db_path()}), or a team's PostgreSQL server:"
        " postgresql://user@host:port/db"
    )
    parser = argparse.ArgumentParser(
        prog="explorer",
        description="Jiangmen Explorer: dated events of Jiangmen's parks and projects from "
        "Chinese news. Without a command, opens the app on your database (importing the "
        "bundled sample corpus on first launch).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_app_version()}")
    parser.add_argument("--db", type=db_argument, help=db_help)
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="draw the window offscreen with the filters below, save it, exit",
    )
    parser.add_argument("--width", type=_positive, default=1400)
    parser.add_argument("--height", type=_positive, default=900)
    parser.add_argument("--select", type=int, metavar="EVENT_ID", help="select this event")
    parser.add_argument(
        "--basemap",
        choices=BASEMAPS,
        help="the map's basemap this time (default: the one chosen last in the app); "
        "osm and amap* load tiles from the internet",
    )
    add_filter_arguments(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    importing = commands.add_parser(
        "import",
        help="import articles: files or folders of text (.txt/.md), tables (.jsonl/.csv), "
        "web pages (.html/.htm/.mhtml), PDF pages (.pdf) and Word files (.docx)",
    )
    importing.add_argument("paths", nargs="+", metavar="PATH")
    importing.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    importing.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for event extraction (default: all cores)",
    )
    importing.set_defaults(handler=_cmd_import)

    searching = commands.add_parser("search", help="full-text search over imported articles")
    searching.add_argument("query", nargs="+", metavar="QUERY")
    searching.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    searching.add_argument("--limit", type=_positive, default=20, help="most results (default 20)")
    searching.set_defaults(handler=_cmd_search)

    extracting = commands.add_parser(
        "extract", help="extract events as JSON Lines (the spec's format; no database)"
    )
    extracting.add_argument("paths", nargs="+", metavar="PATH")
    extracting.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    extracting.set_defaults(handler=_cmd_extract)

    rerunning = commands.add_parser(
        "reextract", help="run event extraction again on the database (keeps your edits)"
    )
    rerunning.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    rerunning.set_defaults(handler=_cmd_reextract)

    timeline = commands.add_parser(
        "export-timeline",
        help="write the timeline of the stored events as PNG or SVG: every lane, with a "
        "title, the filter and a legend (--height is the least height)",
    )
    _add_export_arguments(timeline, "OUT.png|OUT.svg", db_help, (1600, 700))
    timeline.add_argument("--lanes", choices=("type", "district", "subject"), default="type")
    timeline.add_argument("--title", help="the title (default: from the filter)")
    # As tall as the lanes need unless --height asks for more: never cut to a size.
    timeline.set_defaults(handler=_cmd_export_timeline, height=0)

    mapping = commands.add_parser(
        "export-map",
        help="write a print-ready map snapshot (PNG or PDF) or a standalone page (HTML), offline",
    )
    _add_export_arguments(mapping, "OUT.png|OUT.pdf|OUT.html", db_help, (1200, 900))
    _add_snapshot_arguments(mapping)
    mapping.add_argument(
        "--basemap",
        choices=BASEMAPS,
        default=OFFLINE,
        help="offline (default: the districts, no network), or online tiles: osm "
        "(OpenStreetMap), amap, amap-satellite (高德/AutoNavi); without a network the "
        "snapshot falls back to offline",
    )
    mapping.set_defaults(handler=_cmd_export_map)

    _add_briefing_parser(commands, db_help)
    _add_events_parser(commands, db_help)

    evaluating = commands.add_parser(
        "evaluate", help="score predicted events against reference events"
    )
    evaluating.add_argument("gold", type=Path, metavar="GOLD")
    evaluating.add_argument("predicted", type=Path, metavar="PRED")
    evaluating.add_argument(
        "--explain",
        action="store_true",
        help="for every missed and every false event: the sentence, the cues and dates "
        "found and the rule that dropped or made it",
    )
    evaluating.add_argument(
        "--corpus",
        type=Path,
        action="append",
        metavar="PATH",
        help="the articles GOLD was annotated on, for --explain (repeatable; default: "
        "the corpus folders beside GOLD and the bundled corpus)",
    )
    evaluating.set_defaults(handler=_cmd_evaluate)
    _add_geocode_parser(commands, db_help)
    _add_places_parser(commands, db_help)
    cli_health.add_parsers(commands, db_help)
    cli_archive.add_parsers(commands, db_help)
    return parser


def _add_places_parser(commands: Any, db_help: str) -> None:
    places = commands.add_parser(
        "places", help="your place fixes: set a place's location, share fixes as CSV"
    )
    actions = places.add_subparsers(title="actions", metavar="ACTION", required=True)
    setting = actions.add_parser(
        "set", help="locate a place for every event naming it (wins over gazetteer, geocoder)"
    )
    setting.add_argument("name", metavar="NAME")
    setting.add_argument("lat", type=float, metavar="LAT")
    setting.add_argument("lon", type=float, metavar="LON")
    setting.add_argument(
        "--crs",
        choices=("wgs84", "gcj02", "bd09"),
        default="wgs84",
        help="the coordinates' system: gcj02 for Amap/Tencent, bd09 for Baidu (default wgs84)",
    )
    setting.add_argument("--note", help="why, or where the coordinate comes from")
    setting.set_defaults(handler=_cmd_places_set)
    clearing = actions.add_parser("clear", help="remove a place's fix; its events move back")
    clearing.add_argument("name", metavar="NAME")
    clearing.set_defaults(handler=_cmd_places_clear)
    exporting = actions.add_parser("export", help="write the fixes as CSV (UTF-8 with BOM)")
    exporting.add_argument("-o", "--output", type=Path, required=True, metavar="FIXES.csv")
    exporting.set_defaults(handler=_cmd_places_export)
    importing = actions.add_parser(
        "import", help="set the fixes of a CSV (name, lat, lon[, crs, note…]): all or none"
    )
    importing.add_argument("path", type=Path, metavar="FIXES.csv")
    importing.set_defaults(handler=_cmd_places_import)
    for action in (setting, clearing, exporting, importing):
        action.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    for action in (setting, clearing, importing):
        action.add_argument(
            # resolved when used, not while building the parser: --version must not need it
            "--who",
            default=None,
            help="who the fix is stored as (default: your login name)",
        )


def _who(args: argparse.Namespace) -> str:
    """Who a place fix is stored as: ``--who``, else the login name (looked up only now)."""
    return str(args.who or login_name())


def _cmd_places_set(args: argparse.Namespace) -> int:
    from explorer.store import place_fixes

    conn = _open(args)
    try:
        fix = place_fixes.set_override(
            conn,
            args.name,
            args.lat,
            args.lon,
            _who(args),
            crs=args.crs,
            note=args.note,
        )
    except ValueError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    (done,) = fix.after
    where = f"{done.lat:.6f}, {done.lon:.6f} (WGS-84) in {done.district or 'no district'}"
    print(f"{done.name}: {where}; {len(fix.event_ids)} events moved")
    if not fix.event_ids:
        print("no event names this place yet; the fix waits for them")
    return 0


def _cmd_places_clear(args: argparse.Namespace) -> int:
    from explorer.store import place_fixes

    conn = _open(args)
    try:
        fix = place_fixes.clear_override(conn, _who(args), name=args.name)
    except ValueError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    print(f"{args.name}: fix removed; {len(fix.event_ids)} events back where extraction puts them")
    return 0


def _cmd_places_export(args: argparse.Namespace) -> int:
    from explorer.store import place_fixes

    problem = _output_problem(args.output, (".csv",))
    if problem:
        print(f"explorer: {args.output}: {problem}", file=sys.stderr)
        return 2
    try:
        count = place_fixes.export_csv(_open(args), args.output)
    except OSError as error:
        return _write_failed(args.output, error)
    print(f"wrote {args.output} ({count} place fixes)")
    return 0


def _cmd_places_import(args: argparse.Namespace) -> int:
    from explorer.store import place_fixes

    conn = _open(args)
    try:
        fix = place_fixes.import_csv(conn, args.path, _who(args))
    except place_fixes.FixesFileError as error:
        print(f"explorer: {error.path}: nothing imported", file=sys.stderr)
        for line, problem in error.problems:
            print(f"{error.path}:{line}: {problem}", file=sys.stderr)
        return 2
    except InputError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    print(f"imported {len(fix.after)} place fixes; {len(fix.event_ids)} events moved")
    return 0


GEOCODE_PROVIDERS = ("nominatim", "arcgis", "baidu")  # explorer.pipeline.geocode.PROVIDERS


def _add_geocode_parser(commands: Any, db_help: str) -> None:
    geocoding = commands.add_parser(
        "geocode",
        help="locate places the gazetteer lacks: lists them; --online asks a geocoding service",
    )
    geocoding.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    geocoding.add_argument(
        "--online", action="store_true", help="send the requests (without it: a dry run)"
    )
    geocoding.add_argument("--provider", choices=GEOCODE_PROVIDERS, default="nominatim")
    geocoding.add_argument("--api-key", help="the provider's API key (baidu needs one)")
    geocoding.add_argument(
        "--contact", help="your e-mail or URL, sent in the User-Agent as Nominatim asks"
    )
    geocoding.add_argument(
        "--domain",
        metavar="HOST[:PORT]",
        help="another server speaking the provider's API (a self-hosted Nominatim, a test)",
    )
    geocoding.add_argument("--scheme", choices=("https", "http"), default="https")
    geocoding.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds per request (default 10)"
    )
    geocoding.set_defaults(handler=_cmd_geocode)


def _seconds(value: str) -> float:
    number = float(value)
    if not 0 < number <= 300:
        raise argparse.ArgumentTypeError(f"must be between 0 and 300 seconds, not {value}")
    return number


def _cmd_geocode(args: argparse.Namespace) -> int:
    # geopy (and requests) only for this command
    from explorer.pipeline.geocode import PROVIDERS, PlaceGeocoder, ServiceOptions, user_agent
    from explorer.pipeline.geography import DistrictBoundaries
    from explorer.store import geocache

    provider = PROVIDERS[args.provider]
    if args.online and provider.needs_key and not args.api_key:
        print(f"explorer: {args.provider} needs --api-key", file=sys.stderr)
        return 2
    conn = _open(args)
    if not args.online:
        _print_geocode_plan(geocache.plan(conn, args.provider), args.provider)
        return 0
    options = ServiceOptions(
        user_agent(_app_version(), args.contact),
        api_key=args.api_key,
        domain=args.domain,
        scheme=args.scheme,
        timeout=args.timeout,
    )
    boundaries = DistrictBoundaries.from_geojson(paths.districts_path())
    geocoder = PlaceGeocoder(provider, options, boundaries)
    steps = geocache.geocode_places(conn, geocoder.lookup, args.provider, boundaries)
    try:
        report = run_to_end(steps, _print_step)
    except KeyboardInterrupt:
        print("\nexplorer: interrupted; the answers so far are kept", file=sys.stderr)
        return 130
    for line in report.summary_lines():
        print(line)
    return 1 if report.errors else 0


def _print_geocode_plan(plan: GeocodePlan, provider: str) -> None:
    names = ", ".join(f"{name} ({count})" for name, count in plan.to_ask)
    print(f"{len(plan.to_ask)} places to look up" + (f": {names}" if names else ""))
    if plan.cached:
        print(f"{len(plan.cached)} more known from the cache of {provider} (no request needed)")
    print("dry run: nothing was sent; add --online to look them up")


def _print_step(progress: Progress) -> None:
    print(f"{progress.done}/{progress.total} {progress.message}", file=sys.stderr, flush=True)


def _cmd_extract(args: argparse.Namespace) -> int:
    found = discover(args.paths)
    failures = list(found.errors)
    if args.output is None:
        documents, events = _extract_to(sys.stdout, found.sources, failures)
    else:
        try:  # JSONL replaced whole when every document is read, else left as it was
            with open_atomically(args.output) as out:
                documents, events = _extract_to(out, found.sources, failures)
        except OSError as error:
            return _write_failed(args.output, error)
    for failure in failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(f"extracted {events} events from {documents} documents", file=sys.stderr)
    return 0 if documents else 2


def _extract_to(
    out: IO[str], sources: Sequence[Source], failures: list[InputError]
) -> tuple[int, int]:
    """Write the events of ``sources`` to ``out`` as JSON lines; returns how many documents
    and events. Unreadable documents are added to ``failures``."""
    gazetteer = Gazetteer.bundled()
    documents = events = 0
    for source in sources:
        for item in read_source(source):
            if isinstance(item, InputError):
                failures.append(item)
                continue
            documents += 1
            for warning in document_warnings(item):  # a damaged front matter, say
                print(f"warning: {warning}", file=sys.stderr)
            extraction = extract_document(item, gazetteer)
            for event in extraction:
                out.write(json.dumps(event.to_spec(), ensure_ascii=False) + "\n")
                events += 1
            for note in extraction.notes:
                print(f"warning: {item.source_path}: {note}", file=sys.stderr)
    return documents, events


def _add_export_arguments(
    parser: argparse.ArgumentParser, metavar: str, db_help: str, size: tuple[int, int]
) -> None:
    """What every export command takes: output, database, size, scale, language, filters."""
    parser.add_argument("-o", "--output", type=Path, required=True, metavar=metavar)
    parser.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    parser.add_argument("--width", type=_positive, default=size[0])
    parser.add_argument("--height", type=_positive, default=size[1])
    parser.add_argument("--scale", type=_scale, default=2.0, help="PNG resolution factor")
    parser.add_argument("--language", choices=("zh", "en"), default="zh")
    add_filter_arguments(parser)


def _scale(value: str) -> float:
    number = float(value)
    if not 0.5 <= number <= 4:
        raise argparse.ArgumentTypeError(f"must be between 0.5 and 4, not {value}")
    return number


def _filtered_events(args: argparse.Namespace) -> list[Event]:
    """The stored events the command's filter arguments let through: the window's answer
    for the same filter (both ask an EventIndex)."""
    conn = _open(args)
    return list(EventIndex(repository.load_events(conn), conn).shown(filter_from(args)))


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filters every export shares (the window's filter panel has the same ones)."""
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--district", action="append", default=[], choices=DISTRICTS)
    parser.add_argument("--type", action="append", default=[], choices=EVENT_TYPES)
    parser.add_argument("--status", action="append", default=[], choices=STATUSES)
    parser.add_argument(
        "--text",
        default="",
        help="words the event's article (title or body) must contain",
    )


def filter_from(args: argparse.Namespace) -> EventFilter:
    return EventFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        districts=frozenset(args.district),
        types=frozenset(args.type),
        statuses=frozenset(args.status),
        text=args.text,
    )


def _cmd_export_timeline(args: argparse.Namespace) -> int:
    problem = _output_problem(args.output, (".png", ".svg"))
    if problem:
        print(f"explorer: {args.output}: {problem}", file=sys.stderr)
        return 2
    events = _filtered_events(args)
    from explorer.gui.headless import export_timeline  # Qt only for this command

    try:
        drawn = export_timeline(
            events,
            args.output,
            args.lanes,
            (args.width, args.height),
            args.scale,
            args.language,
            event_filter=filter_from(args),
            title=args.title,
        )
    except OSError as error:
        return _write_failed(args.output, error)
    print(f"wrote {args.output} ({len(events)} events, {len(drawn.lanes)} lanes)")
    return 0


def _add_snapshot_arguments(parser: argparse.ArgumentParser) -> None:
    """A snapshot for a report: a paper at a dpi (instead of --width/--height/--scale), its
    title and subtitle (by default from the filter), labels or numbers only."""
    parser.add_argument(
        "--paper",
        choices=PAPERS,
        help="lay the snapshot out on this paper (instead of --width/--height/--scale)",
    )
    parser.add_argument(
        "--dpi", type=_dpi, default=None, help=f"dots per inch on the paper: {_dpi_names()}"
    )
    parser.add_argument("--title", help="the title (default: from the filter)")
    parser.add_argument("--subtitle", help="the subtitle (default: the full filter)")
    parser.add_argument(
        "--no-labels",
        dest="labels",
        action="store_false",
        help="numbered markers only, without their labels",
    )


def _dpi_names() -> str:
    return " or ".join(str(d) for d in DPIS)


def _dpi(value: str) -> int:
    if not value.isdigit() or int(value) not in DPIS:
        raise argparse.ArgumentTypeError(f"must be {_dpi_names()}, not {value}")
    return int(value)


def snapshot_spec(args: argparse.Namespace, events: Sequence[Event]) -> SnapshotSpec:
    """The snapshot the arguments ask for; titles not given come from the filter."""
    title, subtitle = default_titles(events, filter_from(args), args.language)
    return SnapshotSpec(
        title=title if args.title is None else args.title,
        subtitle=subtitle if args.subtitle is None else args.subtitle,
        paper=args.paper,
        dpi=args.dpi or 150,
        width=args.width,
        height=args.height,
        scale=args.scale,
        labels=args.labels,
    )


def _cmd_export_map(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower()
    problem = _output_problem(args.output, (".png", ".pdf", ".html"))
    if problem:
        print(f"explorer: {args.output}: {problem}", file=sys.stderr)
        return 2
    if args.dpi is not None and args.paper is None:
        print("explorer: --dpi needs --paper (or give --width/--height/--scale)", file=sys.stderr)
        return 2
    events = _filtered_events(args)
    try:
        _write_map(args, events, suffix)
    except OSError as error:
        return _write_failed(args.output, error)
    print(f"wrote {args.output} ({len(events)} events)")
    return 0


def _write_map(args: argparse.Namespace, events: list[Event], suffix: str) -> None:
    caption = filter_from(args).describe(args.language)
    if suffix == ".html":
        from explorer.export.map_page import standalone_map  # folium: only for this command

        page = standalone_map(events, caption, args.language, args.basemap)
        write_text_atomically(args.output, page)
    else:
        from explorer.gui.headless import export_map  # Qt only for this command

        shown = export_map(
            events,
            args.output,
            caption=caption,
            language=args.language,
            basemap=args.basemap,
            spec=snapshot_spec(args, events),
            data_date=repository.data_date(_open(args)),
            districts=sorted(args.district),
        )
        if shown != args.basemap:
            print(
                f"explorer: the {args.basemap} tiles could not be loaded; "
                "the snapshot has the offline basemap",
                file=sys.stderr,
            )


def _add_events_parser(commands: Any, db_help: str) -> None:
    table = commands.add_parser(
        "export-events",
        help="write the stored events as a table (CSV for Excel/WPS, XLSX or GeoJSON): "
        "date, type, status, project, place, district, amount, excerpt and its article",
    )
    table.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.csv|OUT.xlsx|OUT.geojson"
    )
    table.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    table.add_argument(
        "--language",
        choices=("zh", "en"),
        default="zh",
        help="the headers and values (签约/已发生, or Signing/occurred; default zh)",
    )
    add_filter_arguments(table)
    table.set_defaults(handler=_cmd_export_events)


def _cmd_export_events(args: argparse.Namespace) -> int:
    from explorer.export.tables import FORMATS, write_events  # openpyxl: only for exports

    problem = _output_problem(args.output, FORMATS)
    if problem:
        print(f"explorer: {args.output}: {problem}", file=sys.stderr)
        return 2
    from explorer.export.report_layout import in_report_order

    events = in_report_order(_filtered_events(args))  # by date interval, as the table sorts
    citations = repository.event_citations(_open(args), [e.id for e in events if e.id is not None])
    try:
        write_events(events, args.output, citations=citations, language=args.language)
    except OSError as error:
        return _write_failed(args.output, error)
    print(f"wrote {args.output} ({len(events)} events)")
    return 0


def _add_briefing_parser(commands: Any, db_help: str) -> None:
    briefing = commands.add_parser(
        "export-briefing",
        help="write a briefing (PDF or DOCX): the map, the timeline and the numbered table "
        "of the events with their quoted sentences and sources",
    )
    briefing.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf|OUT.docx")
    briefing.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)
    briefing.add_argument("--title", help="the title (default: from the filters and events)")
    briefing.add_argument("--subtitle", help="the subtitle (default: every active filter)")
    briefing.add_argument(
        "--lanes",
        choices=("type", "subject"),
        help="the timeline's lanes (default: by project, by type when there are many)",
    )
    briefing.add_argument("--language", choices=("zh", "en"), default="zh")
    add_filter_arguments(briefing)
    briefing.set_defaults(handler=_cmd_export_briefing)


def _cmd_export_briefing(args: argparse.Namespace) -> int:
    problem = _output_problem(args.output, (".pdf", ".docx"))
    if problem:
        print(f"explorer: {args.output}: {problem}", file=sys.stderr)
        return 2
    events = _filtered_events(args)
    if not events:
        print("explorer: no events match the filters; no briefing written", file=sys.stderr)
        return 1
    from explorer.gui.briefing import export_briefing  # Qt only for this command

    try:
        export_briefing(
            _open(args),
            events,
            args.output,
            filter_from(args),
            args.title,
            args.subtitle,
            args.language,
            args.lanes,
        )
    except (OSError, TimeoutError, ValueError) as error:
        print(f"explorer: {args.output}: {error}; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({len(events)} events)")
    return 0


def _write_failed(output: Path, error: OSError) -> int:
    """Say which file could not be written and why (a full disk: "No space left on
    device"); every export writes through explorer.atomic, so the previous file is kept."""
    reason = error.strerror or str(error)
    print(f"explorer: {output}: cannot write it: {reason}; nothing changed there", file=sys.stderr)
    return 1


def _output_problem(output: Path, suffixes: tuple[str, ...]) -> str | None:
    if output.suffix.lower() not in suffixes:
        return f"the output must end in {' or '.join(suffixes)}"
    folder = output.resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return f"cannot write into {folder}"
    return None


def _cmd_reextract(args: argparse.Namespace) -> int:
    conn = _open(args)
    printer = _ProgressPrinter(sys.stderr)
    documents, events = run_to_end(reextract(conn, extract_with_bundled_gazetteer), printer)
    printer.close()
    print(f"extracted {events} machine events from {documents} documents; edited events kept")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    try:
        gold, predicted = read_events(args.gold), read_events(args.predicted)
    except (InputError, OSError) as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    result = evaluate(gold, predicted)
    if args.explain:
        corpora = args.corpus or [
            args.gold.parent,
            args.gold.parent.parent / "corpus",
            paths.bundled_corpus(),
        ]
        documents = load_documents(corpora)
        for line in explain(result, gold, predicted, documents, Gazetteer.bundled()):
            print(line)
    for line in result.lines():
        print(line)
    return 0


def _open(args: argparse.Namespace) -> StoreConnection:
    conn = connect(args.db or paths.default_db_path())
    ensure_places(conn, paths.gazetteer_path())
    return conn


def _cmd_import(args: argparse.Namespace) -> int:
    conn = _open(args)
    printer = _ProgressPrinter(sys.stderr)
    steps = import_corpus(conn, args.paths, extract_with_bundled_gazetteer, max(1, args.workers))
    report = run_to_end(steps, printer)
    printer.close()
    for line in report.summary_lines():
        print(line)
    return report.exit_code


def _cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    conn = _open(args)
    hits = repository.search_articles(conn, query, limit=args.limit)
    if not hits:
        print(f"no article matches {query!r}")
        return 1
    bold = sys.stdout.isatty()
    for hit in hits:
        date = hit.pub_date or "date unknown"
        print(f"{hit.title}  [{date} · {hit.doc_id}]")
        print(f"    {_mark(hit.snippet, hit.hit, bold)}")
    return 0


def _mark(snippet: str, hit: tuple[int, int] | None, bold: bool) -> str:
    if hit is None:
        return snippet
    start, end = hit
    left, right = ("\x1b[1m", "\x1b[0m") if bold else ("【", "】")
    return snippet[:start] + left + snippet[start:end] + right + snippet[end:]


def _cmd_app(args: argparse.Namespace) -> int:
    from explorer.gui.app import run_app  # Qt only for the window

    if args.screenshot is not None:
        problem = _output_problem(args.screenshot, (".png",))
        if problem:
            print(f"explorer: {args.screenshot}: {problem}", file=sys.stderr)
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = args.db  # None: the one chosen in the window (设置 → 数据库…), else the default
    has_filter = any(
        (args.date_from, args.date_to, args.district, args.type, args.status, args.text)
    )
    return run_app(
        db,
        args.screenshot,
        (args.width, args.height),
        filter_from(args) if has_filter else None,
        args.select,
        basemap=args.basemap,
    )


class _ProgressPrinter:
    """Progress on a terminal: one rewritten line on a TTY, a line per 10 % otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = False

    def __call__(self, progress: Progress) -> None:
        done, total, message = progress
        if total == 0:
            return
        if self.tty:
            name = message if len(message) <= 60 else "…" + message[-59:]
            self.stream.write(f"\r\x1b[2Kimporting {done}/{total} {name}")
            self.shown = True
        elif done % max(1, total // 10) == 0 or done == total:
            self.stream.write(f"importing {done}/{total} {message}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
