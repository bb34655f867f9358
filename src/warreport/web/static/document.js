/* The document page: click a sentence to comment on it; moderators relabel comments. */
"use strict";

(() => {
  const { settings, api } = WR;
  const docId = settings.docId;
  const form = document.getElementById("annotate");
  const quote = document.getElementById("annotate-quote");
  let anchor = null;

  function sentenceRange(span) {
    const idx = span.dataset.sentence;
    const parts = [...document.querySelectorAll('#body .s[data-sentence="' + idx + '"]')];
    if (idx === "-1" || !parts.length) return [Number(span.dataset.start), Number(span.dataset.end), span.textContent];
    return [Number(parts[0].dataset.start), Number(parts[parts.length - 1].dataset.end), parts.map((p) => p.textContent).join("")];
  }

  document.getElementById("body").addEventListener("click", (ev) => {
    const span = ev.target.closest(".s");
    if (!span) return;
    const [start, end, text] = sentenceRange(span);
    const events = (span.dataset.events || "").split(" ").filter(Boolean);
    anchor = { start_char: start, end_char: end, event_id: events[0] || null };
    quote.textContent = text;
    form.hidden = false;
    form.querySelector("textarea").focus();
  });
  document.getElementById("annotate-cancel").addEventListener("click", () => { form.hidden = true; });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = form.querySelector("textarea").value;
    try {
      await api("/api/documents/" + encodeURIComponent(docId) + "/annotations", { method: "POST", body: Object.assign({ text }, anchor) });
      window.location.reload();
    } catch (err) {
      quote.textContent = "not saved: " + err.message;
    }
  });

  for (const relabel of document.querySelectorAll("form.relabel")) {
    relabel.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const index = relabel.closest(".comment").dataset.index;
      const label = relabel.querySelector("select").value;
      try {
        await api("/api/documents/" + encodeURIComponent(docId) + "/comments/" + index + "/label", { method: "POST", body: { label } });
        window.location.reload();
      } catch (err) {
        const note = document.createElement("span");
        note.className = "meta";
        note.textContent = " not saved: " + err.message;
        relabel.append(note);
      }
    });
  }

  const focus = document.querySelector("#body .focus");
  if (focus) focus.scrollIntoView({ block: "center" });
})();
