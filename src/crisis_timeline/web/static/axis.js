// The world-time axis: the window of world time the timeline shows (zoomed and panned by wheel,
// pinch, drag, buttons and keys), ticks that suit the window, and each row's bar placed in it.
// A bar's class says its precision (a day, a month, a range, an open end); the window changes
// where bars sit, never what they say.
"use strict";
window.CrisisAxis = (function () {
  const HOUR = 3600000, DAY = 24 * HOUR, YEAR = 365.25 * DAY;
  const NARROWEST = HOUR, WIDEST = 200 * YEAR, MOST = 0.8;

  const interval = (w) => [w.start ? Date.parse(w.start) : null, w.end ? Date.parse(w.end) : null];

  // How a time is drawn: an open end or start, a month or coarser, a range wider than its unit, a day.
  function kind(w) {
    if (!w.end) return "p-open";
    if (!w.start) return "p-open-start";
    if (w.precision === "month" || w.precision === "year") return "p-month";
    const unit = { year: 366, month: 31, day: 1 }[w.precision];
    const [s, e] = interval(w);
    return unit && e - s > unit * DAY * 1.5 ? "p-range" : "p-day";
  }

  const known = ([s, e]) => (s !== null && e !== null ? (s + e) / 2 : s ?? e);

  // Every row's bounds, from the earliest to the latest (a day either side of a single instant).
  function extent(spans) {
    const ts = spans.flat().filter((t) => t !== null);
    if (!ts.length) return null;
    const lo = Math.min(...ts), hi = Math.max(...ts);
    return lo < hi ? [lo, hi] : [lo - DAY, hi + DAY];
  }

  // Where most rows are: the shortest window holding MOST of the rows' times, padded by a tenth.
  function crowd(spans) {
    const ts = spans.map(known).filter((t) => t !== null).sort((a, b) => a - b);
    if (!ts.length) return null;
    const k = Math.max(1, Math.ceil(ts.length * MOST));
    let best = [ts[0], ts[ts.length - 1]];
    for (let i = 0; i + k - 1 < ts.length; i++) {
      if (ts[i + k - 1] - ts[i] < best[1] - best[0]) best = [ts[i], ts[i + k - 1]];
    }
    const pad = Math.max((best[1] - best[0]) * 0.1, DAY);  // then whole days, for a window one can read
    return [Math.floor((best[0] - pad) / DAY) * DAY, Math.ceil((best[1] + pad) / DAY) * DAY];
  }

  // Tick steps, finest first: [approximate width, calendar unit, count of units].
  const STEPS = [[HOUR, "hour", 1], [6 * HOUR, "hour", 6], [12 * HOUR, "hour", 12], [DAY, "day", 1], [2 * DAY, "day", 2], [7 * DAY, "day", 7],
    [31 * DAY, "month", 1], [92 * DAY, "month", 3], [YEAR, "year", 1], [5 * YEAR, "year", 5],
    [10 * YEAR, "year", 10], [50 * YEAR, "year", 50]];
  const CUT = { hour: 16, day: 10, month: 7, year: 4 };

  function ticks(lo, hi, most) {
    const [, unit, n] = STEPS.find(([w]) => (hi - lo) / w <= most) || STEPS[STEPS.length - 1];
    const d = new Date(lo);
    const first = {
      hour: () => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() - (d.getUTCHours() % n)),
      day: () => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
      month: () => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % n)),
      year: () => Date.UTC(d.getUTCFullYear() - (d.getUTCFullYear() % n), 0),
    }[unit]();
    const next = (t) => {
      const x = new Date(t);
      if (unit === "month") return Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + n);
      if (unit === "year") return Date.UTC(x.getUTCFullYear() + n, 0);
      return t + n * (unit === "hour" ? HOUR : DAY);
    };
    const out = [];
    for (let t = first; t <= hi; t = next(t)) {
      if (t >= lo) out.push({ ms: t, text: new Date(t).toISOString().slice(0, CUT[unit]).replace("T", " ") });
    }
    return out;
  }

  const stamp = (ms) => new Date(ms).toISOString().slice(0, 16) + "Z";
  function parseWindow(text) {
    const parts = (text || "").split("/").map((p) => Date.parse(/[zZ]$/.test(p) ? p : p + "Z"));
    return parts.length === 2 && parts.every(Number.isFinite) && parts[0] < parts[1] ? parts : null;
  }

  // The axis over `strip` (the tick bar); `shown` is told the window after every change.
  function create(strip, shown) {
    let items = [], all = null, fitted = null, view = null;

    function place() {
      if (!view) return;
      const [lo, hi] = view, pct = (ms) => ((ms - lo) / (hi - lo)) * 100;
      for (const it of items) {
        const s = it.span[0] ?? -Infinity, e = it.span[1] ?? Infinity;
        const off = e < lo ? "before" : s > hi ? "after" : "";
        it.track.dataset.off = off;
        it.bar.hidden = Boolean(off);
        const a = Math.max(pct(s), -1), b = Math.min(pct(e), 101);
        it.bar.style.left = a + "%";
        it.bar.style.width = Math.max(b - a, 0.4) + "%";
      }
      const most = Math.max(Math.floor(strip.clientWidth / 90), 2);  // a label is about 80 px wide
      const room = 100 - (80 / Math.max(strip.clientWidth, 1)) * 100;  // a label cut at the edge says nothing
      strip.replaceChildren(...ticks(lo, hi, most).filter((t) => pct(t.ms) <= room).map((t) => {
        const tick = document.createElement("span");
        tick.textContent = t.text;
        tick.style.left = pct(t.ms) + "%";
        return tick;
      }));
      shown(view);
    }

    function set(lo, hi) {
      const width = Math.min(Math.max(hi - lo, NARROWEST), WIDEST), mid = (lo + hi) / 2;
      view = hi - lo === width ? [lo, hi] : [mid - width / 2, mid + width / 2];
      place();
    }

    const api = {
      // New rows (a new knowledge time): keep the window the reader chose, if any.
      rows(list) {
        items = list;
        const spans = list.map((it) => it.span);
        all = extent(spans); fitted = crowd(spans);
        if (!view && fitted) set(...fitted); else place();
      },
      bar(w) {
        const node = document.createElement("span");
        node.className = "bar " + kind(w);
        node.title = w.text || "";
        return { node, span: interval(w) };
      },
      zoom(factor, at = 0.5) {
        if (!view) return;
        const [lo, hi] = view, anchor = lo + (hi - lo) * at;
        set(anchor - (anchor - lo) * factor, anchor + (hi - anchor) * factor);
      },
      pan(fraction) { if (view) { const w = view[1] - view[0]; set(view[0] + w * fraction, view[1] + w * fraction); } },
      fit() { if (fitted) set(...fitted); },
      whole() { if (all) set(...all); },
      window: () => (view ? stamp(view[0]) + "/" + stamp(view[1]) : null),
      restore(text) { const w = parseWindow(text); if (w) { view = w; place(); } return Boolean(w); },
    };
    listen(strip, api);
    return api;
  }

  // Wheel and pinch zoom at the pointer, drag pans; the keys do the same for the keyboard.
  function listen(strip, api) {
    const where = (x) => { const r = strip.getBoundingClientRect(); return Math.min(Math.max((x - r.left) / r.width, 0), 1); };
    strip.addEventListener("wheel", (e) => {
      e.preventDefault();
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) api.pan(e.deltaX / strip.clientWidth);
      else api.zoom(Math.exp(e.deltaY * (e.ctrlKey ? 0.01 : 0.002)), where(e.clientX));
    }, { passive: false });
    const down = new Map();
    strip.addEventListener("pointerdown", (e) => { strip.setPointerCapture(e.pointerId); down.set(e.pointerId, e.clientX); });
    strip.addEventListener("pointermove", (e) => {
      if (!down.has(e.pointerId)) return;
      const before = [...down.values()];
      down.set(e.pointerId, e.clientX);
      const after = [...down.values()];
      if (after.length === 1) api.pan((before[0] - after[0]) / strip.clientWidth);
      else {
        const gap = (xs) => Math.abs(xs[0] - xs[1]) || 1;
        api.zoom(gap(before) / gap(after), where((after[0] + after[1]) / 2));
      }
    });
    for (const end of ["pointerup", "pointercancel"]) strip.addEventListener(end, (e) => down.delete(e.pointerId));
    strip.addEventListener("keydown", (e) => {
      const act = { "+": () => api.zoom(0.5), "=": () => api.zoom(0.5), "-": () => api.zoom(2),
        ArrowLeft: () => api.pan(-0.2), ArrowRight: () => api.pan(0.2), f: () => api.fit(), a: () => api.whole() }[e.key];
      if (act) { e.preventDefault(); act(); }
    });
  }

  return { create, kind, ticks, crowd };
})();
