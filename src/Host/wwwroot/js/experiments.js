// The experiments list and the parts of one experiment's page that are plain markup (the curves and the
// skeleton viewer are canvases: chart.js, skeleton.js).

import { bytes, duration, empty, fill, h, int, isTerminal, num, shortHash, statusBadge, table, time } from "./dom.js";

/** The list: one row per experiment, newest first; clicking a row (or its button) selects it. */
export function renderExperimentList(container, experiments, selectedId, onSelect) {
  if (!experiments.length) {
    fill(container, empty("No experiments yet. Submit one with ", h("code", {}, "posecluster submit SPEC"), "."));
    return;
  }
  const sorted = [...experiments].sort((a, b) => String(b.created ?? "").localeCompare(String(a.created ?? "")));
  const rows = sorted.map((e) => {
    const selected = e.id === selectedId;
    return h(
      "tr",
      {
        "data-testid": "experiment-row",
        "data-id": e.id,
        "data-status": e.status,
        class: selected ? "selected" : undefined,
        "aria-current": selected ? "true" : undefined,
        onclick: () => onSelect(e.id),
      },
      h(
        "td",
        {},
        h("button", { type: "button", class: "link", "data-focus-key": `row:${e.id}`, "aria-label": `Show experiment ${e.name || e.id}` }, e.name || e.id),
        h("div", { class: "muted small" }, e.id),
      ),
      h("td", {}, statusBadge(e.status), e.attempt ? h("div", { class: "muted small" }, `attempt ${e.attempt}`) : null),
      h("td", { class: "num" }, progress(e.step, e.steps), h("div", { class: "muted small" }, `loss ${num(e.loss)}`)),
    );
  });
  fill(
    container,
    table("Experiments", ["Name", "Status", { label: "Step, loss", num: true }], rows, {
      hideCaption: true,
    }),
  );
}

/** step / steps with a small bar. */
export function progress(step, steps) {
  if (!Number.isFinite(step)) return "–";
  const fraction = Number.isFinite(steps) && steps > 0 ? Math.min(1, step / steps) : 0;
  return h(
    "span",
    { class: "progress" },
    h("span", {}, `${int(step)} / ${Number.isFinite(steps) ? int(steps) : "?"}`),
    h("progress", { max: "1", value: String(fraction), "aria-label": `${Math.round(fraction * 100)} % of the steps done` }),
  );
}

/** Name, status, progress, latest training figures, corpus version, the error, and the cancel button. */
export function renderSummary(container, detail, created, { onCancel, onCorpus }) {
  const latest = detail.latest ?? {};
  const facts = [
    ["Status", statusBadge(detail.status)],
    ["Step", progress(detail.step, detail.steps)],
    ["Attempt", detail.attempts?.length ? `${detail.attempts.length} (world size ${detail.attempts.at(-1).world_size ?? "?"})` : "–"],
    ["Loss", num(latest.loss)],
    ["Learning rate", num(latest.lr, 3)],
    ["Clips/s", num(latest.clips_per_s, 3)],
    ["All-reduce", Number.isFinite(latest.allreduce_ms) ? `${num(latest.allreduce_ms, 3)} ms` : "–"],
    [
      "Corpus",
      detail.corpus_version
        ? h("button", { type: "button", class: "link", "data-focus-key": "corpus", onclick: () => onCorpus(detail.corpus_version) }, detail.corpus_version)
        : h("span", { class: "muted" }, "not chosen yet"),
    ],
    ["Created", time(created)],
  ];
  fill(
    container,
    h("dl", { class: "facts" }, facts.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)))),
    detail.error ? h("p", { class: "error-text" }, h("strong", {}, "Error: "), detail.error) : null,
    isTerminal(detail.status)
      ? null
      : h("p", {}, h("button", { type: "button", class: "danger", "data-testid": "cancel", "data-focus-key": "cancel", onclick: () => onCancel(detail.id) }, "Cancel experiment")),
    detail.spec ? h("details", { "data-keep": "spec" }, h("summary", { "data-focus-key": "spec" }, "Spec"), h("pre", { class: "spec" }, JSON.stringify(detail.spec, null, 2))) : null,
  );
}

const VAL_METRICS = [
  ["mpjpe", "MPJPE", "mm"],
  ["p_mpjpe", "P-MPJPE", "mm"],
  ["n_mpjpe", "N-MPJPE", "mm"],
  ["mpjve", "MPJVE", "mm/frame"],
  ["pck150", "PCK@150", "%"],
  ["auc", "AUC", "%"],
];

/** The six val metrics of the latest evaluation, or "not evaluated yet". */
export function renderVal(container, val) {
  if (!val) {
    fill(container, empty("Not evaluated yet."));
    return;
  }
  fill(
    container,
    h(
      "dl",
      { class: "metrics", "data-testid": "val-metrics" },
      VAL_METRICS.map(([key, label, unit]) =>
        h("div", {}, h("dt", {}, label), h("dd", {}, Number.isFinite(val[key]) ? [num(val[key], 4), h("span", { class: "unit" }, ` ${unit}`)] : "–")),
      ),
    ),
  );
}

/** One row per attempt: world size, start step, times, why it ended. */
export function renderAttempts(container, attempts) {
  if (!attempts?.length) {
    fill(container, empty("No attempts yet."));
    return;
  }
  const rows = attempts.map((a) =>
    h(
      "tr",
      {},
      h("td", { class: "num" }, a.number),
      h("td", { class: "num" }, a.world_size ?? "–"),
      h("td", { class: "num" }, Number.isFinite(a.start_step) ? int(a.start_step) : "–"),
      h("td", {}, time(a.started)),
      h("td", {}, a.ended ? time(a.ended) : h("span", { class: "muted" }, "running")),
      h("td", { class: "num nowrap" }, duration(a.started, a.ended)),
      h("td", { class: "wrap" }, a.end_reason ?? (a.ended ? "–" : "")),
    ),
  );
  fill(
    container,
    table(
      "Attempts",
      [{ label: "#", num: true }, { label: "World size", num: true }, { label: "From step", num: true }, "Started", "Ended", { label: "Took", num: true }, "End reason"],
      rows,
      { hideCaption: true, testid: "attempts" },
    ),
  );
}

/** The checkpoints, newest first, the current one marked. */
export function renderCheckpoints(container, checkpoints, current) {
  if (!checkpoints?.length) {
    fill(container, empty("No checkpoints yet."));
    return;
  }
  const rows = [...checkpoints]
    .sort((a, b) => b.step - a.step)
    .map((c) =>
      h(
        "tr",
        { class: c.key === current ? "selected" : undefined },
        h("td", { class: "num" }, int(c.step)),
        h("td", {}, h("code", { title: c.key }, c.key.split("/").pop()), c.key === current ? h("span", { class: "tag" }, "current") : null),
        h("td", { class: "num" }, bytes(c.bytes)),
        h("td", {}, shortHash(c.sha256)),
      ),
    );
  fill(
    container,
    table("Checkpoints", [{ label: "Step", num: true }, "Object", { label: "Size", num: true }, "SHA-256"], rows, { hideCaption: true, testid: "checkpoints" }),
  );
}
