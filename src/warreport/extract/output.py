"""Writers for ``warreport extract``: JSON lines, ACLED-ordered CSV, GeoJSON.

JSON lines carry every field of :class:`~warreport.model.Event` (the contract fields first,
then ``plover_type``, ``sub_locations``, mentions, notes and ``fields_provenance``). CSV uses
ACLED's column names and order first (:mod:`warreport.export.acled`), then warreport's own
columns. GeoJSON is a FeatureCollection of points (events without coordinates get a null
geometry, as the GeoJSON specification allows).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from warreport.model import Event

CONTRACT_FIELDS: tuple[str, ...] = (
    "doc_id", "event_id", "event_date", "date_start", "date_end", "time_precision", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "inter1", "inter2",
    "location", "admin1", "country", "iso", "latitude", "longitude", "geo_precision", "geonameid",
    "fatalities", "quantities", "weapons", "certainty", "framing", "sentence", "start_char", "end_char",
    "source", "source_url",
)
FORMATS = ("jsonl", "csv", "geojson")


def event_record(event: Event) -> dict[str, Any]:
    """The JSON object of one event: contract fields first, then the rest."""
    data = event.model_dump(mode="json")
    ordered = {name: data.pop(name) for name in CONTRACT_FIELDS}
    ordered.update(data)
    return ordered


class EventWriter:
    """Streams events to ``out`` in one of :data:`FORMATS`; call :meth:`close` at the end."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        self.out = out
        self.fmt = fmt
        self.count = 0
        self._csv: csv.DictWriter[str] | None = None
        if fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, events: Iterable[Event]) -> None:
        for event in events:
            if self.fmt == "jsonl":
                self.out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                self._write_csv(event)
            else:
                self._write_feature(event)
            self.count += 1

    def _write_csv(self, event: Event) -> None:
        from warreport.export.acled import COLUMNS, acled_row, csv_cell

        if self._csv is None:
            self._csv = csv.DictWriter(self.out, fieldnames=list(COLUMNS), extrasaction="ignore")
            self._csv.writeheader()
        row = acled_row(event)
        self._csv.writerow({k: csv_cell(v) for k, v in row.items()})

    def _write_feature(self, event: Event) -> None:
        props = event_record(event)
        lat, lon = props.pop("latitude"), props.pop("longitude")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feature = {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": props}
        prefix = ",\n" if self.count else ""
        self.out.write(prefix + json.dumps(feature, ensure_ascii=False))

    def close(self) -> None:
        if self.fmt == "geojson":
            self.out.write("\n]}\n")
        self.out.flush()
