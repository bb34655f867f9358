"""The report's map: the day's events and control changes over country outlines (offline).

Matplotlib with the Agg backend and the shipped Natural Earth outlines; no tiles, no
network. Events are drawn by event type (colour and marker) with their place names;
control changes as outlined squares coloured by the new holder's side, labelled
"→ holder". PNG output carries no timestamp, so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from warreport.analysis.models import CanonicalEvent, ControlPeriod
from warreport.analysis.similarity import haversine_km, side_of
from warreport.report.outlines import ATTRIBUTION, Outline, load_outlines
from warreport.report.phrases import scrub, short_actor

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EVENT_STYLE: dict[str, tuple[str, str]] = {
    "Battles": ("#c0392b", "o"),
    "Explosions/Remote violence": ("#e67e22", "*"),
    "Violence against civilians": ("#8e44ad", "X"),
    "Protests": ("#2980b9", "P"),
    "Riots": ("#16a085", "h"),
    "Strategic developments": ("#2c3e50", "D"),
}
SIDE_COLOURS: dict[str, str] = {
    "syria.government": "#b03a2e",
    "iraq.government": "#1f618d",
    "kurdistan": "#d4ac0d",
    "sdf": "#28b463",
    "islamic_state": "#17202a",
    "turkey": "#884ea0",
    "opposition": "#239b56",
}
_DEFAULT_SIDE = "#7f8c8d"
_MIN_SPAN = 3.0
ATTRIBUTION_WRAPPED = "\n".join(textwrap.wrap(ATTRIBUTION, 30))
# Where a country's name goes when that point is on the map (lon, lat).
COUNTRY_LABELS: dict[str, tuple[float, float]] = {
    "Syria": (38.6, 35.6), "Iraq": (43.6, 33.2), "Turkey": (35.5, 38.9), "Jordan": (36.9, 30.9),
    "Lebanon": (35.75, 34.05), "Israel": (34.85, 31.2), "Iran": (51.5, 32.5), "Saudi Arabia": (44.5, 25.0),
    "Kuwait": (47.6, 29.35), "Cyprus": (33.0, 35.05), "Egypt": (30.5, 26.5), "Palestine": (35.25, 31.95),
    "Armenia": (44.9, 40.3), "Azerbaijan": (47.7, 40.4), "Georgia": (43.6, 42.2),
}


def _visible(x0: float, y0: float, x1: float, y1: float) -> list[Outline]:
    out = []
    for outline in load_outlines():
        xs = [x for r in outline.rings for x, _ in r]
        ys = [y for r in outline.rings for _, y in r]
        if max(xs) >= x0 and min(xs) <= x1 and max(ys) >= y0 and min(ys) <= y1:
            out.append(outline)
    return out


def _country_label_points(x0: float, y0: float, x1: float, y1: float) -> dict[str, tuple[float, float]]:
    """A point inside each country's visible part: its fixed label point when visible, else
    the grid point of the country nearest to the centre of its visible grid points."""
    from matplotlib.path import Path

    out: dict[str, tuple[float, float]] = {}
    n = 28
    grid = [(x0 + (x1 - x0) * (i + 0.5) / n, y0 + (y1 - y0) * (j + 0.5) / n) for i in range(n) for j in range(n)]
    for outline in _visible(x0, y0, x1, y1):
        fixed = COUNTRY_LABELS.get(outline.name)
        if fixed and x0 + 0.4 < fixed[0] < x1 - 0.4 and y0 + 0.2 < fixed[1] < y1 - 0.2:
            out[outline.name] = fixed
            continue
        paths = [Path(ring) for ring in outline.rings if len(ring) > 2]
        inside = [pt for pt in grid if any(p.contains_point(pt) for p in paths)]
        if len(inside) < 12:  # too little of it on the map
            continue
        cx = sum(p[0] for p in inside) / len(inside)
        cy = sum(p[1] for p in inside) / len(inside)
        out[outline.name] = min(inside, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    return out


def _who(controller: str) -> str:
    return " + ".join(short_actor(x) for x in controller.split(" + "))


def _place_labels(ax: object, items: list[tuple[float, float, str]]) -> None:
    """Annotate points, moving each label to the first side where it overlaps no other."""
    offsets = ((10, 6, "left"), (10, -26, "left"), (-10, 6, "right"), (-10, -26, "right"), (10, 24, "left"))
    placed: list[tuple[float, float, float, float]] = []
    to_px = ax.transData.transform  # type: ignore[attr-defined]
    for lon, lat, text in sorted(items, key=lambda t: (-t[1], t[0])):
        lines = text.split("\n")
        w = 6.2 * max(len(x) for x in lines) + 8
        h = 13 * len(lines) + 4
        px, py = to_px((lon, lat))
        choice = offsets[0]
        for dx, dy, ha in offsets:
            x0 = px + dx if ha == "left" else px + dx - w
            box = (x0, py + dy, x0 + w, py + dy + h)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                choice = (dx, dy, ha)
                placed.append(box)
                break
        else:
            placed.append((px, py, px + w, py + h))
        dx, dy, ha = choice
        ax.annotate(  # type: ignore[attr-defined]
            text, (lon, lat), xytext=(dx, dy), textcoords="offset points", fontsize=8, ha=ha, zorder=6,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "alpha": 0.9},
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6},
        )


def side_colour(controller: str) -> str:
    first = controller.split(" + ")[0]
    return SIDE_COLOURS.get(side_of(first) or "", _DEFAULT_SIDE)


CORE_KM = 800.0


def _core(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points within CORE_KM of their median: a stray far-away event (a mislocated
    record) is listed beside the map instead of zooming the map out to a continent."""
    if len(points) < 3:
        return list(points)
    xs = sorted(p[0] for p in points)
    ys = sorted(p[1] for p in points)
    mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
    core = [p for p in points if haversine_km(my, mx, p[1], p[0]) <= CORE_KM]
    return core or list(points)


def _extent(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    if not points:
        return (35.0, 32.0, 48.0, 38.5)  # Syria and Iraq
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max(x1 - x0 + 1.5, _MIN_SPAN)
    h = max(y1 - y0 + 1.2, _MIN_SPAN * 0.7)
    if w / h > 1.6:
        h = w / 1.6
    else:
        w = max(w, h * 1.3)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def draw_map(
    events: Sequence[CanonicalEvent],
    changes: Sequence[ControlPeriod],
    title: str,
) -> Figure:
    """A matplotlib figure of events and control changes (the caller saves or closes it)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    fig = Figure(figsize=(10, 7.2), dpi=110)
    ax = fig.add_axes((0.07, 0.08, 0.66, 0.84))
    points = [(e.longitude, e.latitude) for e in events if e.longitude is not None and e.latitude is not None]
    points += [(p.longitude, p.latitude) for p in changes if p.longitude is not None and p.latitude is not None]
    core = _core(points)  # type: ignore[arg-type]
    x0, y0, x1, y1 = _extent(core)
    off_map = sorted(
        {scrub(e.location or "?") for e in events
         if e.longitude is not None and e.latitude is not None and not (x0 <= e.longitude <= x1 and y0 <= e.latitude <= y1)}
    )
    ax.set_facecolor("#dbe9f4")
    for outline in _visible(x0, y0, x1, y1):
        for ring in outline.rings:
            ax.add_patch(Polygon(ring, closed=True, facecolor="#f4f1ea", edgecolor="#8c8c8c", linewidth=0.8, zorder=1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    for name, (lx, ly) in _country_label_points(x0, y0, x1, y1).items():
        ax.text(lx, ly, name.upper(), fontsize=10, color="#9a9a9a", ha="center", va="center", zorder=2,
                style="italic")
    labels: dict[tuple[float, float], list[str]] = {}
    for e in events:
        if e.longitude is None or e.latitude is None:
            continue
        colour, marker = EVENT_STYLE.get(e.event_type, ("#555555", "o"))
        size = 90 + 40 * min(e.corroboration, 4)
        ax.scatter([e.longitude], [e.latitude], s=size, c=colour, marker=marker, edgecolors="white",
                   linewidths=0.8, zorder=5)
        labels.setdefault((e.longitude, e.latitude), []).append(scrub(e.location or ""))
    districts: dict[tuple[float, float, str], int] = {}
    for p in changes:
        if p.longitude is None or p.latitude is None:
            continue
        ax.scatter([p.longitude], [p.latitude], s=420, facecolors="none", edgecolors=side_colour(p.controller),
                   marker="s", linewidths=2.2, zorder=4)
        if p.parent:
            key3 = (p.longitude, p.latitude, _who(p.controller))
            districts[key3] = districts.get(key3, 0) + 1
            continue
        labels.setdefault((p.longitude, p.latitude), [scrub(p.place)]).append(f"→ {_who(p.controller)}")
    for (lon, lat, who), n in districts.items():
        labels.setdefault((lon, lat), []).append(f"{n} district{'s' if n > 1 else ''} → {who}")
    _place_labels(ax, [(lon, lat, "\n".join(dict.fromkeys(t for t in texts if t))) for (lon, lat), texts in labels.items()])
    ax.set_xlabel("longitude °E", fontsize=8)
    ax.set_ylabel("latitude °N", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_title(title, fontsize=11, loc="left")
    handles = [
        Line2D([], [], linestyle="none", marker=m, color=c, markersize=9, label=t)
        for t, (c, m) in EVENT_STYLE.items()
        if any(e.event_type == t for e in events)
    ]
    seen: dict[str, str] = {}
    for p in changes:
        seen.setdefault(_who(p.controller), side_colour(p.controller))
    handles += [
        Line2D([], [], linestyle="none", marker="s", markerfacecolor="none", markeredgecolor=c, markeredgewidth=2,
               markersize=11, label=f"held by {who}")
        for who, c in sorted(seen.items())
    ]
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.75, 0.92), fontsize=8, frameon=False,
                   title="Legend", title_fontsize=9)
    if off_map:
        fig.text(0.76, 0.30, "Off this map:\n" + "\n".join(textwrap.wrap(", ".join(off_map), 30)), fontsize=7.5,
                 color="#333333", va="bottom")
    fig.text(0.76, 0.10, "Marker size: number of\nindependent outlets.\n\n" + ATTRIBUTION_WRAPPED,
             fontsize=7, color="#555555", va="bottom")
    return fig


def map_png(events: Sequence[CanonicalEvent], changes: Sequence[ControlPeriod], title: str) -> bytes:
    fig = draw_map(events, changes, title)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
