// Small DOM and formatting helpers shared by the views. No framework: views rebuild their own
// subtree from the API's JSON, and only when that JSON changed (see Renderer).

// Whether each <details data-keep=KEY> was last opened or closed by the user: views are rebuilt every
// poll, and a section the user opened must not fold up again 2 s later.
const detailsOpen = new Map();

/**
 * Creates an element: h("td", { class: "num", title: "…" }, "text", otherNode). A <details> with
 * data-keep keeps the user's open/closed choice across re-renders ("open" is only the default).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  const keep = attrs["data-keep"];
  if (tag === "details" && keep) {
    if (detailsOpen.has(keep)) el.open = detailsOpen.get(keep);
    el.addEventListener("toggle", () => detailsOpen.set(keep, el.open));
  }
  append(el, children);
  return el;
}

/**
 * Replaces el's children (null, undefined and false children are left out: replaceChildren would
 * print "null"). When the focus was on an element with data-focus-key inside el, the new element with
 * the same key gets it back, so a keyboard user is not thrown out by a poll.
 */
export function fill(el, ...children) {
  const focused = el.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
  el.replaceChildren();
  append(el, children);
  if (focused) el.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Re-renders a view only when its data changed, so polling every 2 s does not churn the DOM. */
export class Renderer {
  #last = new Map();

  /** Calls render(data) when data differs from what key was last rendered with. */
  update(key, data, render) {
    const text = JSON.stringify(data ?? null);
    if (this.#last.get(key) === text) return;
    this.#last.set(key, text);
    render(data);
  }

  /** Forgets what key was rendered with (the next update renders). */
  reset(key) {
    this.#last.delete(key);
  }
}

/** A paragraph for an empty or missing list ("no experiments yet"). */
export const empty = (...content) => h("p", { class: "empty" }, ...content);

const EXPERIMENT_STATUSES = ["Submitted", "WaitingForCorpus", "Training", "Evaluating", "Succeeded", "Failed", "Cancelled"];
const MEMBER_STATUSES = ["Up", "Joining", "Leaving", "Exiting", "Down", "Removed", "WeaklyUp"];
const TERMINAL = new Set(["Succeeded", "Failed", "Cancelled"]);

/** True when an experiment in this status will not change any more. */
export const isTerminal = (status) => TERMINAL.has(status);

/** A coloured status label; unknown statuses (a newer server) still show, in neutral colours. */
export function statusBadge(status) {
  const known = EXPERIMENT_STATUSES.includes(status) || MEMBER_STATUSES.includes(status);
  const label = status === "WaitingForCorpus" ? "Waiting for corpus" : status ?? "unknown";
  return h("span", { class: `badge badge-${known ? status : "other"}` }, label);
}

/** A number with a fixed count of significant digits, or "–" when missing. */
export function num(value, digits = 4) {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}

/** An integer with thousands separators, or "–". */
export const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");

/** Bytes as B/KB/MB/GB (decimal units). */
export function bytes(value) {
  if (!Number.isFinite(value)) return "–";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = value;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

/** The first 12 hex digits of a hash, with the whole hash as a tooltip. */
export function shortHash(hash) {
  if (!hash) return h("span", { class: "muted" }, "–");
  return h("code", { class: "hash", title: hash }, hash.length > 12 ? `${hash.slice(0, 12)}…` : hash);
}

/** A cluster member's address: "host:port" for akka.tcp://system@host:port, the whole address as a tooltip. */
export function address(a) {
  const m = /^akka(?:\.\w+)?:\/\/[^@/]+@(.+)$/.exec(a ?? "");
  return h("code", { class: "address", title: a }, m ? m[1] : a ?? "?");
}

/** An ISO 8601 time shown in the browser's local time, with the original as a tooltip. */
export function time(iso) {
  if (!iso) return h("span", { class: "muted" }, "–");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h("span", {}, iso);
  return h("time", { datetime: iso, title: iso }, date.toLocaleString("en-GB", { dateStyle: "short", timeStyle: "medium" }));
}

/** The time between two ISO 8601 times (end missing = now), as "1 h 02 min", "3 min 05 s" or "12 s". */
export function duration(startIso, endIso) {
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : Date.now();
  if (!Number.isFinite(start) || !Number.isFinite(end)) return "–";
  const s = Math.max(0, Math.round((end - start) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** A table with a caption (visually hidden when hideCaption), a header row and body rows. */
export function table(caption, headers, rows, { hideCaption = false, testid } = {}) {
  return h(
    "table",
    { "data-testid": testid },
    h("caption", { class: hideCaption ? "visually-hidden" : undefined }, caption),
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col", class: x.num ? "num" : undefined }, x.label ?? x)))),
    h("tbody", {}, rows),
  );
}
