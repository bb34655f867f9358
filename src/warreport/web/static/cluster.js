/* A small grid clusterer for Leaflet: points closer than one grid cell (in screen pixels at
   the current zoom) are drawn as one numbered circle; single points as coloured circles. */
"use strict";

const WRCluster = (() => {
  function create(map, opts) {
    const cell = opts.cellSize || 48;
    const layer = L.layerGroup().addTo(map);
    let points = [];

    function setPoints(list) {
      points = list;
      redraw();
    }

    function redraw() {
      layer.clearLayers();
      const zoom = map.getZoom();
      const bounds = map.getBounds().pad(0.25);
      const cells = new Map();
      for (const p of points) {
        if (!bounds.contains(p.latlng)) continue;
        const px = map.project(p.latlng, zoom);
        const key = Math.floor(px.x / cell) + ":" + Math.floor(px.y / cell);
        if (!cells.has(key)) cells.set(key, []);
        cells.get(key).push(p);
      }
      for (const members of cells.values()) {
        if (members.length === 1) layer.addLayer(single(members[0]));
        else layer.addLayer(group(members));
      }
    }

    function single(p) {
      const marker = L.circleMarker(p.latlng, {
        radius: 8,
        color: "#ffffff",
        weight: 1.5,
        fillColor: opts.colour(p),
        fillOpacity: p.faded ? 0.35 : 0.9,
        dashArray: p.faded ? "3" : null,
        className: "wr-marker",
      });
      marker.on("click", () => opts.onPoint(p, marker));
      marker.on("add", () => {
        const path = marker.getElement();
        if (path) path.setAttribute("data-event", p.id);
      });
      return marker;
    }

    function group(members) {
      let lat = 0;
      let lng = 0;
      const counts = new Map();
      for (const m of members) {
        lat += m.latlng.lat;
        lng += m.latlng.lng;
        const c = opts.colour(m);
        counts.set(c, (counts.get(c) || 0) + 1);
      }
      const centre = L.latLng(lat / members.length, lng / members.length);
      const colour = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const size = members.length < 10 ? 30 : members.length < 100 ? 36 : 44;
      const badge = document.createElement("div");
      badge.className = "wr-cluster-badge";
      badge.style.background = colour;
      badge.style.width = badge.style.height = size + "px";
      badge.style.lineHeight = size + "px";
      badge.textContent = String(members.length);
      const marker = L.marker(centre, {
        icon: L.divIcon({ html: badge, className: "wr-cluster", iconSize: [size, size] }),
        title: members.length + " events",
      });
      marker.on("click", () => {
        const b = L.latLngBounds(members.map((m) => m.latlng));
        const samePlace = b.getNorthEast().distanceTo(b.getSouthWest()) < 50;
        if (samePlace || map.getZoom() >= map.getMaxZoom() - 1) opts.onGroup(members, centre);
        else map.fitBounds(b.pad(0.3), { maxZoom: map.getZoom() + 3 });
      });
      return marker;
    }

    map.on("moveend zoomend", redraw);
    return { setPoints, redraw, layer };
  }

  return { create };
})();
