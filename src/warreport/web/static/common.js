/* warreport: helpers shared by the pages. Data is never parsed as HTML: every text is
   a text node built here, every link is checked to be http(s). */
"use strict";

const WR = (() => {
  const settings = JSON.parse(document.body.dataset.settings || "{}");
  const KEY = "warreport.token";
  const tokenInput = document.getElementById("token");
  if (tokenInput) {
    tokenInput.value = localStorage.getItem(KEY) || "";
    const save = () => localStorage.setItem(KEY, tokenInput.value.trim());
    tokenInput.addEventListener("change", save);
    tokenInput.addEventListener("input", save);
  }

  function token() {
    return (tokenInput && tokenInput.value.trim()) || localStorage.getItem(KEY) || "";
  }

  async function api(path, opts = {}) {
    const headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
    const t = token();
    if (t) headers.Authorization = "Bearer " + t;
    let body = opts.body;
    if (body !== undefined && typeof body !== "string") {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    const res = await fetch(path, { method: opts.method || "GET", headers, body });
    const type = res.headers.get("content-type") || "";
    const data = type.includes("json") ? await res.json() : await res.text();
    if (!res.ok) {
      const msg = data && data.error ? data.error.message : res.statusText;
      throw new Error(msg + " (HTTP " + res.status + ")");
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "href") node.setAttribute("href", safeUrl(v));
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function safeUrl(url) {
    const text = String(url || "");
    if (text.startsWith("/") && !text.startsWith("//")) return text;
    try {
      const u = new URL(text, window.location.origin);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : "#";
    } catch (e) {
      return "#";
    }
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && v !== "") q.set(k, v);
    }
    return q.toString();
  }

  /* The paragraph of a document that holds [start, end), as nodes: text, <mark>sentence</mark>, text. */
  function highlighted(doc, start, end) {
    const text = (doc.body || []).join("\n\n");
    let pStart = 0;
    let pEnd = text.length;
    for (const [a, b] of doc.paragraphs || []) {
      if (a <= start && start <= b) { pStart = a; pEnd = Math.max(b, Math.min(end, text.length)); break; }
    }
    return [
      document.createTextNode(text.slice(pStart, start)),
      el("mark", { class: "sentence" }, text.slice(start, end)),
      document.createTextNode(text.slice(end, pEnd)),
    ];
  }

  return { settings, token, api, el, safeUrl, query, highlighted };
})();
