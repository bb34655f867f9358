/* The map page: markers coloured by event type and clustered, a timeline, filters, a side
   feed (Newest / Most corroborated / Most voted), popups with the event's fields and its
   sentence highlighted in the document, and review (confirm, correct, reject, vote, comment). */
"use strict";

(() => {
  const { settings, api, el, query, highlighted } = WR;
  const DAY = 86400000;
  const CORRECTABLE = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actor_1",
    "assoc_actor_2", "location", "admin1", "admin2", "country", "iso", "latitude", "longitude",
    "geo_precision", "fatalities", "certainty", "time_precision", "inter1", "inter2", "notes",
  ];
  const NUMERIC = new Set(["latitude", "longitude", "geo_precision", "fatalities", "time_precision", "inter1", "inter2"]);
  const LISTS = new Set(["assoc_actor_1", "assoc_actor_2"]);

  const state = { features: [], byId: new Map(), filters: {}, cursor: null, days: [], docs: new Map() };
  const status = document.getElementById("status");

  // -- base map: tiles when reachable, country outlines always underneath --------------------
  const map = L.map("map", { worldCopyJump: true, preferCanvas: false }).setView([33, 40], 5);
  const outlines = L.geoJSON(null, {
    style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  map.attributionControl.addAttribution(settings.outlinesAttribution || "");
  fetch(settings.outlinesUrl).then((r) => r.json()).then((d) => outlines.addData(d)).catch(() => {});
  if (settings.tilesUrl) {
    const tiles = L.tileLayer(settings.tilesUrl, { maxZoom: 18, attribution: settings.tilesAttribution });
    let loaded = 0;
    let failed = 0;
    tiles.on("tileload", () => { loaded += 1; });
    tiles.on("tileerror", () => {
      failed += 1;
      if (loaded === 0 && failed >= 2 && map.hasLayer(tiles)) {
        map.removeLayer(tiles);
        document.body.classList.add("offline");
        setStatus("offline: country outlines");
      }
    });
    tiles.addTo(map);
  } else {
    document.body.classList.add("offline");
  }

  function setStatus(text) { status.textContent = text; }

  // -- control layer: rings around places, coloured by the side holding them ------------------
  const SIDES = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
  const sideColours = new Map();
  function sideColour(side) {
    const key = side || "unknown";
    if (!sideColours.has(key)) sideColours.set(key, SIDES[sideColours.size % SIDES.length]);
    return sideColours.get(key);
  }
  const controlLayer = L.layerGroup().addTo(map);
  const controlBox = document.getElementById("control");
  async function drawControl() {
    controlLayer.clearLayers();
    if (!controlBox.checked || !state.features.length) return;
    const day = new Date(currentDay() * DAY).toISOString().slice(0, 10);
    try {
      const data = await api("/api/control.geojson?" + query({ date: day }));
      controlLayer.clearLayers();
      for (const f of data.features || []) {
        const p = f.properties;
        const ring = L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
          radius: 13, color: sideColour(p.side), weight: 3, fill: false, dashArray: p.status === "contested" ? "4" : null,
          className: "wr-control",
        });
        ring.bindPopup(() => el("div", { class: "control-card" },
          el("h3", {}, p.place),
          el("p", {}, "held by " + p.controller + (p.since ? " since " + p.since : "")),
          el("p", { class: "meta" }, p.status + " · " + p.basis + " · sources " + p.corroboration),
          p.note ? el("p", { class: "meta" }, p.note) : null));
        controlLayer.addLayer(ring);
      }
    } catch (err) {
      setStatus("control: " + err.message);
    }
  }
  function colour(p) { return settings.colours[p.props.event_type] || settings.otherColour; }

  const clusters = WRCluster.create(map, {
    colour,
    onPoint: (p, marker) => openEvent(p.id, marker.getLatLng()),
    onGroup: (members, latlng) => {
      const list = el("ul", { class: "group-list" }, members.map((m) => el("li", {},
        el("button", { type: "button", onclick: () => openEvent(m.id, latlng) },
          (m.props.event_date || "undated") + " · " + m.props.sub_event_type + " · " + (m.props.location || "")))));
      L.popup({ maxWidth: 420 }).setLatLng(latlng).setContent(el("div", { class: "group" },
        el("h3", {}, members.length + " events here"), list)).openOn(map);
    },
  });

  // -- filters, data, timeline ------------------------------------------------------------------
  const form = document.getElementById("filters");
  form.addEventListener("submit", (e) => { e.preventDefault(); load(true); });
  document.getElementById("order").addEventListener("change", () => loadFeed(true));
  document.getElementById("more").addEventListener("click", () => loadFeed(false));
  const slider = document.getElementById("timeline");
  const windowSel = document.getElementById("window");
  slider.addEventListener("input", drawMarkers);
  slider.addEventListener("change", drawControl);
  controlBox.addEventListener("change", drawControl);
  windowSel.addEventListener("change", drawMarkers);

  function readFilters() {
    const data = new FormData(form);
    const f = {};
    for (const [k, v] of data.entries()) if (String(v).trim()) f[k] = String(v).trim();
    if (f.certainty === "predicted" || f.certainty === "negated") f.include_uncertain = "true";
    return f;
  }

  let loadGeneration = 0;
  async function load(fitView) {
    state.filters = readFilters();
    const generation = ++loadGeneration;
    setStatus("loading…");
    try {
      const data = await api("/api/events.geojson?" + query(Object.assign({ limit: 20000 }, state.filters)));
      if (generation !== loadGeneration) return;
      state.features = data.features || [];
      state.byId = new Map(state.features.map((f) => [f.id, f]));
      setupTimeline();
      drawMarkers();
      if (fitView) fit();
      setStatus(state.features.length + " events" + (data.next_cursor ? " (first page)" : ""));
    } catch (err) {
      setStatus("error: " + err.message);
    }
    await loadFeed(true);
  }

  function fit() {
    const pts = state.features.filter((f) => f.geometry).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
  }

  function dayOf(text) { return text ? Math.floor(Date.parse(text + "T00:00:00Z") / DAY) : null; }

  function setupTimeline() {
    const days = state.features.map((f) => dayOf(f.properties.event_date)).filter((d) => d !== null);
    state.minDay = days.length ? Math.min(...days) : 0;
    state.maxDay = days.length ? Math.max(...days) : 0;
    slider.min = "0";
    slider.max = String(state.maxDay - state.minDay);
    slider.value = slider.max;
  }

  function currentDay() { return state.minDay + Number(slider.value); }

  function drawMarkers() {
    const end = currentDay();
    const span = Number(windowSel.value);
    const label = document.getElementById("timeline-label");
    label.textContent = state.features.length
      ? (span ? span + " day(s) to " : "up to ") + new Date(end * DAY).toISOString().slice(0, 10)
      : "no events";
    const points = [];
    for (const f of state.features) {
      if (!f.geometry) continue;
      const d = dayOf(f.properties.event_date);
      if (d !== null && (d > end || (span && d <= end - span))) continue;
      points.push({
        id: f.id,
        props: f.properties,
        latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]),
        faded: f.properties.review_status === "rejected",
      });
    }
    clusters.setPoints(points);
  }

  // -- the side feed ---------------------------------------------------------------------------
  let feedGeneration = 0;
  async function loadFeed(reset) {
    const feed = document.getElementById("feed");
    const more = document.getElementById("more");
    const order = document.getElementById("order").value;
    const generation = reset ? ++feedGeneration : feedGeneration;
    try {
      const params = Object.assign({ limit: 50, order }, state.filters);
      if (!reset && state.cursor) params.cursor = state.cursor;
      const page = await api("/api/events?" + query(params));
      if (generation !== feedGeneration) return; // a newer request replaced this one
      if (reset) feed.replaceChildren();
      for (const e of page.events) feed.append(feedItem(e));
      state.cursor = page.next_cursor;
      more.hidden = !page.next_cursor;
    } catch (err) {
      if (generation === feedGeneration) feed.append(el("li", { class: "error" }, "feed: " + err.message));
    }
  }

  function feedItem(e) {
    const where = [e.location, e.admin1, e.country].filter(Boolean).join(", ");
    const actors = [e.actor1, e.actor2].filter(Boolean).join(" vs ");
    return el("li", { class: "feed-item status-" + e.review.status, dataset: { event: e.event_id } },
      el("span", { class: "swatch", style: "background:" + (settings.colours[e.event_type] || settings.otherColour) }),
      el("button", { type: "button", class: "linklike", onclick: () => focusEvent(e.event_id) },
        el("strong", {}, e.sub_event_type)),
      el("div", { class: "meta" }, (e.event_date || "undated") + " · " + (where || "no place")),
      actors ? el("div", { class: "actors" }, actors) : null,
      el("div", { class: "badges" },
        el("span", { class: "badge certainty-" + e.certainty }, e.certainty),
        el("span", { class: "badge review" }, e.review.status),
        el("span", { class: "badge" }, "fatalities " + e.fatalities),
        el("span", { class: "badge" }, "sources " + e.corroboration),
        el("span", { class: "badge votes" }, "votes " + e.votes)));
  }

  function focusEvent(id) {
    const f = state.byId.get(id);
    if (!f || !f.geometry) { openEvent(id, null); return; }
    const latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    slider.value = slider.max;
    map.setView(latlng, Math.max(map.getZoom(), 9));
    drawMarkers();
    openEvent(id, latlng);
  }

  // -- the popup: fields, highlighted sentence, review -------------------------------------------
  async function documentOf(docId) {
    if (!state.docs.has(docId)) state.docs.set(docId, api("/api/documents/" + encodeURIComponent(docId)));
    return state.docs.get(docId);
  }

  async function openEvent(id, latlng, note) {
    let e;
    try {
      e = await api("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      setStatus("error: " + err.message);
      return;
    }
    const at = latlng || (e.latitude !== null ? L.latLng(e.latitude, e.longitude) : map.getCenter());
    const card = eventCard(e, note);
    L.popup({ maxWidth: 460, minWidth: 320, autoPanPadding: [30, 30] }).setLatLng(at).setContent(card).openOn(map);
  }

  function eventCard(e, note) {
    const row = (k, v) => (v === null || v === undefined || v === "" ? null : [el("dt", {}, k), el("dd", {}, String(v))]);
    const corrected = new Set(e.review.corrected_fields);
    const fieldRow = (k, label, v) => {
      const r = row(label, v);
      if (r && corrected.has(k)) r[1].classList.add("corrected");
      return r;
    };
    const excerpt = el("blockquote", { class: "excerpt" }, el("mark", { class: "sentence" }, e.sentence));
    documentOf(e.doc_id).then((doc) => {
      excerpt.replaceChildren(el("p", { class: "doc-title" }, doc.title || ""), ...highlighted(doc, e.start_char, e.end_char));
    }).catch(() => {});
    const msg = el("p", { class: "msg", role: "status" }, note || "");
    const card = el("div", { class: "event-card", dataset: { event: e.event_id } },
      el("h3", {}, e.sub_event_type),
      el("p", { class: "badges" },
        el("span", { class: "badge certainty-" + e.certainty, title: "certainty" }, e.certainty),
        el("span", { class: "badge review" }, e.review.status + (e.review.version ? " v" + e.review.version : "")),
        el("span", { class: "badge votes" }, "votes " + e.votes)),
      el("dl", {},
        fieldRow("event_date", "Date", e.event_date),
        fieldRow("event_type", "Type", e.event_type),
        fieldRow("actor1", "Actor 1", e.actor1),
        fieldRow("actor2", "Actor 2", e.actor2),
        fieldRow("location", "Location", [e.location, e.admin1, e.country].filter(Boolean).join(", ")),
        fieldRow("fatalities", "Fatalities", e.fatalities),
        fieldRow("certainty", "Certainty", e.certainty),
        row("Source", e.source),
        row("Sources", e.corroboration),
        row("Precision", e.geo_precision ? "geo " + e.geo_precision + ", time " + e.time_precision : null)),
      excerpt,
      el("p", {}, el("a", { href: "/documents/" + encodeURIComponent(e.doc_id) + "?event=" + encodeURIComponent(e.event_id) + "#ev-" + e.event_id, target: "_blank", rel: "noopener" }, "Open the report")),
      reviewBar(e, msg),
      msg);
    return card;
  }

  function reviewBar(e, msg) {
    const act = async (path, body, done) => {
      msg.textContent = "saving…";
      try {
        await api(path, { method: "POST", body });
        msg.textContent = done;
        state.docs.delete(e.doc_id);
        await load(false);
        await openEvent(e.event_id, null, done);
      } catch (err) {
        msg.textContent = "not saved: " + err.message;
      }
    };
    const base = "/api/events/" + encodeURIComponent(e.event_id);
    const field = el("select", { name: "field", "aria-label": "Field" }, CORRECTABLE.map((f) => el("option", { value: f }, f)));
    const value = el("input", { name: "value", "aria-label": "New value", size: 18 });
    const current = () => { const v = e[field.value]; value.value = Array.isArray(v) ? v.join("; ") : v === null || v === undefined ? "" : String(v); };
    field.addEventListener("change", current);
    current();
    const correct = el("form", { class: "correct", hidden: true, onsubmit: (ev) => {
      ev.preventDefault();
      let v = value.value.trim();
      if (NUMERIC.has(field.value)) v = v === "" ? null : Number(v);
      else if (LISTS.has(field.value)) v = v ? v.split(";").map((s) => s.trim()).filter(Boolean) : [];
      else if (v === "") v = null;
      act(base + "/review", { action: "correct", changes: { [field.value]: v } }, "correction saved");
    } }, field, value, el("button", { type: "submit" }, "Save correction"));
    const note = el("textarea", { name: "comment", rows: 2, placeholder: "Comment on this sentence", "aria-label": "Comment" });
    const comment = el("form", { class: "comment", hidden: true, onsubmit: (ev) => {
      ev.preventDefault();
      act("/api/documents/" + encodeURIComponent(e.doc_id) + "/annotations",
        { start_char: e.start_char, end_char: e.end_char, text: note.value, event_id: e.event_id }, "comment saved");
    } }, note, el("button", { type: "submit" }, "Save comment"));
    return el("div", { class: "review" },
      el("div", { class: "buttons" },
        el("button", { type: "button", class: "confirm", onclick: () => act(base + "/review", { action: "confirm" }, "confirmed") }, "Confirm"),
        el("button", { type: "button", class: "correct-toggle", onclick: () => { correct.hidden = !correct.hidden; } }, "Correct…"),
        el("button", { type: "button", class: "reject", onclick: () => act(base + "/review", { action: "reject" }, "rejected") }, "Reject"),
        el("button", { type: "button", class: "vote-up", title: "vote up", onclick: () => act(base + "/vote", { value: 1 }, "voted") }, "+1"),
        el("button", { type: "button", class: "vote-down", title: "vote down", onclick: () => act(base + "/vote", { value: -1 }, "voted") }, "−1"),
        el("button", { type: "button", class: "comment-toggle", onclick: () => { comment.hidden = !comment.hidden; } }, "Comment…")),
      correct, comment);
  }

  window.WRMap = { map, state, load, openEvent };
  const wanted = new URLSearchParams(window.location.search).get("event");
  load(true).then(() => { if (wanted) focusEvent(wanted); });
})();
