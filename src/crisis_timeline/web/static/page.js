// The page: one knowledge time at a time, from the API (served) or from the embedded snapshots (file).
// Every text from a source is inserted as text (textContent, text nodes), never as markup.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("crisis-data").textContent);
  const LIVE = DATA.mode === "live";
  const $ = (id) => document.getElementById(id);
  const MIN = 60000;
  let moments = [], current = null, selected = null;
  const axis = window.CrisisAxis.create($("axis"), () => shownWindow());
  const HELD = DATA.held || {};
  // Rows per page: the served page's own, or ?limit=N (1 to 500) to ask for fewer or more at once.
  const asked = Number(new URL(window.location.href).searchParams.get("limit"));
  const SIZE = LIVE && Number.isInteger(asked) && asked >= 1 && asked <= 500 ? asked : DATA.page;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === "string" ? document.createTextNode(c) : c);
    return node;
  }

  // A typed time as the CLI reads --as-of: a bare day means its last instant; otherwise the instant written.
  function parseTime(text) {
    if (!text) return null;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const ms = Date.parse(day ? text + "T00:00:00Z" : (/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : text + "Z"));
    if (Number.isNaN(ms)) return null;
    return day ? ms + 86400000 - 1 : ms;
  }
  const iso = (ms) => new Date(ms).toISOString().replace(/:00\.000Z$/, "Z").replace(/\.\d{3}Z$/, "Z");
  const fieldValue = (ms) => new Date(ms).toISOString().slice(0, 16);

  function label(row) {
    for (const k of ["summary", "title", "statement", "demand", "name", "size_text"]) if (typeof row[k] === "string" && row[k]) return row[k];
    return String(row.id);
  }
  function when(row) {
    for (const k of ["when", "held", "scheduled", "period", "reported"]) if (row[k] && typeof row[k] === "object") return row[k];
    return null;
  }
  // A partial time without words: its start, as precise as it is known.
  function shownTime(w) {
    const cut = { year: 4, month: 7, day: 10, hour: 13, minute: 16 }[w.precision] || 19;
    if (!w.start) return w.end ? "before " + w.end.slice(0, cut) : "time not known";
    return w.end ? w.start.slice(0, cut) : "after " + w.start.slice(0, cut);
  }
  const family = (row) => String(row.stream || row.id).split("/")[0];

  async function snapshotAt(ms) {
    if (!LIVE) {
      let found = DATA.snapshots[0];
      for (const s of DATA.snapshots) if (s.as_of !== null && Date.parse(s.as_of) <= ms) found = s;
      return found;
    }
    const answer = await fetch("/api/page?limit=" + SIZE + "&as_of=" + encodeURIComponent(iso(ms)));
    const body = await answer.json();
    if (!answer.ok) throw new Error(body.error || answer.statusText);
    return body;
  }

  async function loadMoments() {
    if (!LIVE) return DATA.snapshots.slice(1).map((s) => Date.parse(s.as_of));
    const answer = await fetch("/api/moments");
    const body = await answer.json();
    return [body.first, body.last].filter(Boolean).map(Date.parse);
  }

  function groupsOf(rows, by) {
    const groups = new Map();
    for (const r of rows) {
      const keys = by === "actor" ? (Array.isArray(r.actors) && r.actors.length ? r.actors.map((a) => (a && a.id) || String(a)) : ["(no actor named)"]) : [family(r)];
      for (const k of keys) { if (!groups.has(k)) groups.set(k, []); groups.get(k).push(r); }
    }
    return groups;
  }

  function factButton(row, extra) {
    const w = when(row);
    const said = [row.speaker, row.source_title || row.source].filter((v) => typeof v === "string" && v).join(" · ");
    const button = el("button", { type: "button", class: "fact", "data-id": String(row.id), "aria-pressed": String(selected === row.id), title: said },
      el("span", { class: "label" }, el("span", { class: "text" }, label(row)), w ? el("span", { class: "when" }, w.text || shownTime(w)) : null,
        row.type ? el("span", { class: "type" }, String(row.type)) : null), extra || null);
    button.addEventListener("click", () => showDetail(row));
    return button;
  }

  function renderTimeline(rows) {
    const box = $("timeline");
    box.replaceChildren();
    const more = rows.length % SIZE === 0 && rows.length > 0;  // a full page: there may be more
    $("timeline-count").textContent = "(" + rows.length + (more ? "+" : "") + ")";
    $("more").hidden = !(more && LIVE);
    if (!rows.length) { box.append(el("p", { class: "hint" }, "Nothing had been reported by then.")); axis.rows([]); return; }
    const placed = [];
    for (const [name, members] of groupsOf(rows, $("group-by").value)) {
      const list = el("div", { class: "group" }, el("h3", {}, name));
      for (const r of members) {
        const w = when(r);
        const bar = w ? axis.bar(w) : null;
        const track = bar ? el("span", { class: "track" }, bar.node) : null;
        if (bar) placed.push({ track, bar: bar.node, span: bar.span });
        list.append(factButton(r, track));
      }
      box.append(list);
    }
    axis.rows(placed);
  }

  // The next page of the timeline at the same knowledge time, added below the rows shown.
  async function moreRows() {
    const shown = current.timeline;
    const answer = await fetch("/api/views/timeline?limit=" + SIZE + "&offset=" + shown.length + "&as_of=" + encodeURIComponent(current.as_of));
    const body = await answer.json();
    if (!answer.ok) { $("status").textContent = "Could not load: " + (body.error || answer.statusText); return; }
    if (current.timeline !== shown) return;  // the knowledge time moved meanwhile
    current.timeline = shown.concat(body);
    renderTimeline(current.timeline);
  }

  // The axis window in the URL beside as_of, so a zoomed view can be shared.
  function shownWindow() {
    const url = new URL(window.location.href), w = axis.window();
    if (!w) return;
    $("axis-window").textContent = w.replace(/T00:00Z/g, "").replace("/", " to ");
    document.body.dataset.axis = w;
    if (url.searchParams.get("axis") === w) return;
    url.searchParams.set("axis", w);
    window.history.replaceState(null, "", url);
  }

  function renderList(id, rows, detail, empty) {
    const box = $(id);
    box.replaceChildren();
    if (!rows.length) box.append(el("li", { class: "hint" }, empty));
    for (const r of rows) box.append(el("li", { "data-id": String(r.id) }, factButton(r), detail(r)));
  }

  function responses(row) {
    const items = [];
    for (const [key, word] of [["disputed_by", "disputed by"], ["corroborated_by", "corroborated by"], ["closed_by", "closed by"]]) {
      for (const r of row[key] || []) items.push(el("li", { class: key }, word + " " + (r.by || "someone") + (r.attribution ? " (" + r.attribution + ")" : "") + (r.statement ? ": " + r.statement : "")));
    }
    return items.length ? el("ul", { class: "responses" }, ...items) : null;
  }

  function meetingNote(row) {
    return el("span", { class: "meta" + (row.overdue ? " overdue" : "") }, " " + String(row.status) + (row.overdue ? ", overdue" : ""));
  }

  async function render(ms) {
    document.body.dataset.ready = "false";
    try {
      current = await snapshotAt(ms);
    } catch (e) {
      $("status").textContent = "Could not load: " + e.message; return;
    }
    renderTimeline(current.timeline);
    renderList("upcoming", current.upcoming, meetingNote, "No meeting was scheduled ahead.");
    renderList("claims", current.claims, (r) => el("div", {}, el("span", { class: "meta" }, String(r.status)), responses(r)), "No open claim.");
    renderList("forces", current.forces, (r) => el("span", { class: "meta" }, " " + [r.actor, r.direction, r.location].filter(Boolean).join(", ")), "No force report.");
    const note = current.note ? " — " + current.note : "";
    $("status").textContent = "As known on " + iso(ms).replace("T", " ") + " (UTC)" + note;
    $("status").classList.toggle("behind", Boolean(current.note));
    document.body.dataset.asOf = iso(ms);
    document.body.dataset.ready = "true";
  }

  // A file holds the knowledge times from its --since to its --as-of; the control stays within them.
  function held(ms) {
    const lo = HELD.since ? Date.parse(HELD.since) : -Infinity, hi = HELD.as_of ? Date.parse(HELD.as_of) : Infinity;
    return Math.min(Math.max(ms, lo), hi);
  }

  function setTime(ms, push) {
    ms = held(ms);
    $("as-of-field").value = fieldValue(ms);
    if (moments.length) $("as-of-range").value = String(Math.round((ms - moments[0]) / MIN) + 1440);
    if (push) {
      const url = new URL(window.location.href);
      url.searchParams.set("as_of", iso(ms));
      window.history.replaceState(null, "", url);
    }
    return render(ms);
  }

  async function auditOf(stream) {
    if (!LIVE) return DATA.audits[stream] || null;
    const answer = await fetch("/api/audit/" + stream.split("/").map(encodeURIComponent).join("/") + "?as_of=" + encodeURIComponent(iso(Date.parse(current.as_of) || Date.now())));
    return answer.ok ? answer.json() : null;
  }

  async function textOf(sha) {
    if (!sha) return null;
    if (!LIVE) return DATA.texts[sha] || null;
    const answer = await fetch("/api/texts/" + encodeURIComponent(sha));
    return answer.ok ? (await answer.json()).text : null;
  }

  // A rating's short fields on a line, its rationale (if any) below them.
  function rating(r) {
    if (!r || typeof r !== "object") return "not rated";
    const short = Object.entries(r).filter(([k]) => k !== "rationale").map(([k, v]) => k.replace(/_/g, " ") + " " + String(v));
    return el("span", {}, short.join(", "), r.rationale ? el("span", { class: "meta rationale" }, String(r.rationale)) : null);
  }

  function verified(ok) { return el("span", { class: ok ? "ok" : "bad" }, ok ? "links verify" : "links do not verify"); }

  async function evidenceBlock(ev) {
    const s = ev.source || {};
    const block = el("div", { class: "evidence" },
      el("dl", {},
        el("dt", {}, "Said by"), el("dd", { class: "attributed-to" }, String(ev.attributed_to || "—")),
        el("dt", {}, "How"), el("dd", { class: "attribution" }, String(ev.attribution || "—")),
        el("dt", {}, "Source"), el("dd", { class: "source" }, [s.publisher, s.title, s.byline].filter(Boolean).join(" · ") || String(s.id)),
        el("dt", {}, "Rating"), el("dd", { class: "rating" }, rating(s.rating)),
        el("dt", {}, "Source registration"), el("dd", {}, "chain_verified" in s ? verified(s.chain_verified) : "not registered")));
    const text = await textOf(s.sha256);
    const span = ev.span;
    if (text && span) {
      const mark = el("mark", { "data-span": span[0] + "-" + span[1] }, text.slice(span[0], span[1]));
      const box = el("div", { class: "source-text", tabindex: "0", "aria-label": "Source text" }, text.slice(0, span[0]), mark, text.slice(span[1]));
      block.append(box);
      requestAnimationFrame(() => { box.scrollTop = Math.max(mark.offsetTop - box.offsetTop - 40, 0); });
    } else {
      block.append(el("blockquote", { class: "quote" }, String(ev.quote || "")), el("p", { class: "hint" }, "The source's text is not at hand (serve or export with --texts)."));
    }
    return block;
  }

  async function showDetail(row) {
    selected = row.id;
    for (const b of document.querySelectorAll(".fact")) b.setAttribute("aria-pressed", String(b.dataset.id === String(row.id)));
    const box = $("detail");
    box.replaceChildren(el("h2", { id: "detail-h" }, "Evidence: " + label(row)));
    const stream = String(row.stream || row.id);
    const audit = await auditOf(stream);
    const entries = audit ? audit.history : [];
    const entry = entries.find((e) => e.id === row.id) || entries.find((e) => e.evidence.length) || entries[0];
    if (!entry) { box.append(el("p", { class: "hint" }, "No audit of " + stream + " at hand.")); return; }
    box.append(el("dl", {},
      el("dt", {}, "Stream"), el("dd", {}, stream),
      el("dt", {}, "Event"), el("dd", {}, String(entry.type) + " at position " + entry.position),
      el("dt", {}, "Recorded"), el("dd", { class: "recorded" }, "by " + entry.recorded_by + " at " + entry.recorded_at),
      el("dt", {}, "Hash chain"), el("dd", { class: "chain" }, verified(entry.chain_verified)),
      el("dt", {}, "Status"), el("dd", {}, String(row.status || (audit.row && audit.row.status) || "—"))));
    const answers = responses(row);
    if (answers) box.append(el("div", { class: "disputes" }, answers));
    for (const ev of entry.evidence) box.append(await evidenceBlock(ev));
    box.dataset.id = String(row.id);
    box.focus();
  }

  // The slider spans the knowledge times at which an answer changes, a day either side.
  function slider(found) {
    moments = found;
    const range = $("as-of-range");
    if (moments.length) {
      range.min = "0";
      range.max = String(Math.round((moments[moments.length - 1] - moments[0]) / MIN) + 2880);
      range.value = String(Math.round((parseTime($("as-of-field").value) - moments[0]) / MIN) + 1440);
    }
    document.body.dataset.moments = String(moments.length);
  }

  async function start() {
    const range = $("as-of-range");
    range.addEventListener("change", () => setTime(moments[0] + (Number(range.value) - 1440) * MIN, true));
    $("as-of-field").addEventListener("change", () => { const ms = parseTime($("as-of-field").value); if (ms !== null) setTime(ms, true); });
    $("when").addEventListener("submit", (e) => { e.preventDefault(); });
    $("latest").addEventListener("click", () => setTime(Date.now(), true));
    $("group-by").addEventListener("change", () => renderTimeline(current.timeline));
    $("more").addEventListener("click", moreRows);
    for (const [id, act] of [["zoom-in", () => axis.zoom(0.5)], ["zoom-out", () => axis.zoom(2)],
      ["pan-left", () => axis.pan(-0.2)], ["pan-right", () => axis.pan(0.2)], ["fit", () => axis.fit()], ["whole", () => axis.whole()]]) {
      $(id).addEventListener("click", act);
    }
    const params = new URL(window.location.href).searchParams;
    axis.restore(params.get("axis"));
    const ms = parseTime(params.get("as_of")) ?? Date.now();
    // The page is drawn from its own snapshot first; the slider's range is asked for after,
    // so that its answer never delays the first one.
    await setTime(ms, false);
    performance.mark("crisis-drawn");
    slider(await loadMoments());
  }
  start();
})();
