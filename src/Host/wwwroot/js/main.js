// The dashboard: polls the node's API every 2 s (docs/API.md) and updates every view in place.
// The selected experiment is in the address (?experiment=ID) so a link opens it.
//
// For tests (docs/DASHBOARD.md): <body data-refreshes=N> counts completed polls, data-errors how many
// requests of the last poll failed; the curves and the skeleton canvas say data-drawn="true" once drawn.

import { ApiError, getJson, post, errorText, seg, token } from "./api.js";
import { LineChart } from "./chart.js";
import { renderMembers, renderRegions, renderTrainers } from "./cluster.js";
import { address, empty, fill, isTerminal, Renderer } from "./dom.js";
import { renderAttempts, renderCheckpoints, renderExperimentList, renderSummary, renderVal } from "./experiments.js";
import { renderLineage } from "./lineage.js";
import { SkeletonViewer } from "./skeleton.js";

const POLL_MS = 2000;
const MAX_CHAIN = 20; // parent versions followed at most (a long history shows its newest 20)
const LOSS = "train/loss";
const MPJPE = "val/mpjpe";

const $ = (id) => document.getElementById(id);
const renderer = new Renderer();

const state = {
  selected: new URLSearchParams(location.search).get("experiment"),
  experiments: null,
  cluster: null,
  trainers: null,
  datasets: null,
  detail: null, // GET /api/experiments/{selected}; null = none selected, not read yet, or not found
  detailMissing: false, // the node answered 404 for the selected experiment
  series: new Map(), // metric name → Map(step → value) of the selected experiment
  seriesKey: null, // experiment id and attempt count the series belong to (a new attempt re-reads them)
  metricsComplete: false, // the series were read after the experiment finished: no more polling
  sampleKey: null, // what the current sample was fetched for (experiment, checkpoint, val)
  corpusView: null, // a version picked in the chain; null = the selected experiment's, else the latest
  corpusCache: new Map(), // version id → GET /api/corpus/{id} of versions that no longer change
  corpus: null,
  chain: [],
  errors: new Map(), // what → message, for the status line
  refreshes: 0,
};

const charts = {
  loss: new LineChart($("loss-chart"), { name: "Training loss", unit: "", colorVar: "--loss", smooth: true }),
  mpjpe: new LineChart($("mpjpe-chart"), { name: "Validation MPJPE", unit: "mm", colorVar: "--mpjpe" }),
};
const viewer = new SkeletonViewer($("skeleton"));

// --- one poll -------------------------------------------------------------------------------------

async function tick() {
  await Promise.all([
    load("experiments", async () => (state.experiments = await getJson("api/experiments"))),
    load("cluster", async () => (state.cluster = await getJson("api/cluster"))),
    load("trainers", async () => (state.trainers = await getJson("api/trainers"))),
    // 404 until the node hosts the ingestion (docs/API.md): the lineage then shows the version's datasets without their progress.
    load("datasets", async () => (state.datasets = await getJson("api/datasets", { optional: true }))),
  ]);
  const list = state.experiments?.experiments ?? [];
  if (!state.selected && list.length) select(newest(list).id, { refresh: false, pin: false });

  const id = state.selected;
  if (id) await load("experiment", () => loadDetail(id));
  await Promise.all([id && state.detail ? load("metrics", () => loadMetrics(id)) : null, id && state.detail ? load("sample", () => loadSample(id)) : null, load("corpus", loadCorpus)]);

  state.refreshes++;
  render();
}

async function load(what, fn) {
  try {
    await fn();
    state.errors.delete(what);
  } catch (e) {
    state.errors.set(what, e instanceof ApiError ? e.message : `${what}: ${e.message}`);
  }
}

async function loadDetail(id) {
  const detail = await getJson(`api/experiments/${seg(id)}`, { optional: true });
  if (state.selected !== id) return;
  state.detail = detail;
  state.detailMissing = !detail;
}

async function loadMetrics(id) {
  const detail = state.detail;
  if (state.selected !== id || !detail) return; // the selection changed during this poll
  const key = `${id}#${detail.attempts?.length ?? 0}`;
  if (state.seriesKey !== key) {
    // A new attempt may re-record steps after its checkpoint: read the series again from the start.
    state.series = new Map([[LOSS, new Map()], [MPJPE, new Map()]]);
    state.seriesKey = key;
    state.metricsComplete = false;
  }
  if (state.metricsComplete) return;
  const terminal = isTerminal(detail.status);
  await Promise.all(
    [LOSS, MPJPE].map(async (name) => {
      const points = state.series.get(name);
      const params = new URLSearchParams({ name });
      if (points.size) params.set("after", String(lastStep(points)));
      const body = await getJson(`api/experiments/${seg(id)}/metrics?${params}`);
      if (state.seriesKey !== key) return;
      for (const [step, value] of body.series?.[name] ?? []) points.set(step, value);
    }),
  );
  if (terminal) state.metricsComplete = true;
}

async function loadSample(id) {
  const d = state.detail;
  if (state.selected !== id || !d) return;
  const key = JSON.stringify([id, d.checkpoint ?? null, d.val ?? null]);
  if (state.sampleKey === key) return;
  const sample = await getJson(`api/experiments/${seg(id)}/sample`, { optional: true });
  if (state.selected !== id) return;
  state.sampleKey = key;
  viewer.setSample(sample, d.val || isTerminal(d.status) ? "no val prediction for this experiment" : "no prediction yet (shown after the first evaluation)");
}

async function loadCorpus() {
  const wanted = state.corpusView ?? state.detail?.corpus_version ?? null;
  const version = wanted ? await corpusVersion(wanted) : await getJson("api/corpus", { optional: true });
  if (version) remember(version);
  const chain = [];
  for (let v = version; v && chain.length < MAX_CHAIN; v = v.parent ? await corpusVersion(v.parent) : null) chain.push(v);
  state.corpus = version;
  state.chain = chain;
}

async function corpusVersion(id) {
  if (state.corpusCache.has(id)) return state.corpusCache.get(id);
  const version = await getJson(`api/corpus/${seg(id)}`, { optional: true });
  if (version) remember(version);
  return version;
}

function remember(version) {
  // A finished version never changes: keep it. One still being built is asked for again.
  if (version.id && (!version.status || version.status === "complete")) state.corpusCache.set(version.id, version);
}

// --- rendering ------------------------------------------------------------------------------------

function render() {
  const list = state.experiments?.experiments ?? [];
  const detail = state.detail;
  renderer.update("list", [list, state.selected], () => renderExperimentList($("experiment-list"), list, state.selected, select));
  renderer.update("node", state.cluster && [state.cluster.self, state.cluster.leader], () => {
    const c = state.cluster;
    fill($("node"), c ? ["this node ", address(c.self), " · leader ", c.leader ? address(c.leader) : "none"] : null);
  });
  renderer.update("members", state.cluster, (c) => renderMembers($("members"), c));
  renderer.update("regions", state.cluster, (c) => renderRegions($("regions"), c));
  renderer.update("trainers", state.trainers, (t) => renderTrainers($("trainers"), t));

  const section = $("experiment");
  section.dataset.id = detail?.id ?? "";
  section.dataset.status = detail?.status ?? "";
  renderer.update("detail", [detail, state.selected, state.detailMissing, list.find((e) => e.id === state.selected)?.created], () => renderDetail(detail));
  renderer.update("charts", [detail?.id, detail?.steps, detail?.attempts, [...state.series].map(([k, v]) => [k, v.size, lastStep(v)])], () => {
    const markers = (detail?.attempts ?? [])
      .filter((a) => a.number > 1 && Number.isFinite(a.start_step))
      .map((a) => ({ x: a.start_step, label: `attempt ${a.number}` }));
    // A running experiment's axis spans all its steps (progress shows); a finished one's ends where it stopped.
    const xMax = detail && !isTerminal(detail.status) ? (detail.steps ?? 0) : 0;
    const loss = sorted(state.series.get(LOSS));
    charts.loss.set(loss, { xMax, markers });
    charts.mpjpe.set(sorted(state.series.get(MPJPE)), { xMax: Math.max(xMax, loss.at(-1)?.[0] ?? 0), markers }); // same x range
  });
  const used = list.map((e) => [e.id, e.name, e.status, e.corpus_version]); // not step/loss: they change every poll
  renderer.update("lineage", [state.corpus, state.chain.map((v) => v.id), state.datasets, used, detail?.id, detail?.checkpoints], () =>
    renderLineage($("lineage-body"), { version: state.corpus, chain: state.chain, datasets: state.datasets, experiments: state.experiments, detail }, {
      onVersion: (v) => {
        state.corpusView = v;
        refresh();
      },
      onExperiment: (id) => select(id),
    }),
  );

  const errors = [...state.errors.values()];
  document.body.dataset.refreshes = String(state.refreshes);
  document.body.dataset.errors = String(errors.length);
  const live = $("live");
  live.classList.toggle("live-error", errors.length > 0);
  live.textContent = errors.length ? `${errors.join(" · ")} (retrying every ${POLL_MS / 1000} s)` : `updated ${new Date().toLocaleTimeString("en-GB")} · refreshes every ${POLL_MS / 1000} s`;
}

function renderDetail(detail) {
  const title = $("experiment-title");
  $("experiment-body").hidden = !state.selected || state.detailMissing;
  if (!detail) {
    title.textContent = state.selected ? `Experiment ${state.selected}` : "Experiment";
    const message = !state.selected
      ? "Select an experiment to see its curves, attempts and a val clip."
      : state.detailMissing
        ? `Experiment ${state.selected} was not found on this node.`
        : "Loading…";
    $("experiment-summary").replaceChildren(empty(message));
    for (const id of ["val", "attempts", "checkpoints"]) $(id).replaceChildren();
    viewer.setSample(null, state.selected ? "loading…" : "no experiment selected");
    state.sampleKey = null;
    return;
  }
  title.textContent = `Experiment ${detail.name || detail.id}`;
  const created = (state.experiments?.experiments ?? []).find((e) => e.id === detail.id)?.created;
  renderSummary($("experiment-summary"), detail, created, { onCancel: cancel, onCorpus: (v) => showCorpus(v) });
  renderVal($("val"), detail.val);
  renderAttempts($("attempts"), detail.attempts);
  renderCheckpoints($("checkpoints"), detail.checkpoints, detail.checkpoint);
}

/** The highest step of a series (a loop: spreading 100,000 steps into Math.max would overflow the stack). */
function lastStep(points) {
  let last = -Infinity;
  for (const step of points.keys()) if (step > last) last = step;
  return last;
}

const sorted = (points) => [...(points ?? new Map())].sort((a, b) => a[0] - b[0]);
const newest = (list) => [...list].sort((a, b) => String(b.created ?? "").localeCompare(String(a.created ?? "")))[0];

// --- actions --------------------------------------------------------------------------------------

/** Shows experiment id; pin puts it in the address (a click does; the automatic choice of the newest does not). */
function select(id, { refresh: now = true, pin = true } = {}) {
  if (state.selected === id) return;
  state.selected = id;
  state.detail = null;
  state.detailMissing = false;
  state.seriesKey = null;
  state.sampleKey = null;
  state.corpusView = null;
  if (pin) {
    const url = new URL(location.href);
    url.searchParams.set("experiment", id);
    history.replaceState(null, "", url);
  }
  if (now) {
    render();
    refresh();
  }
}

function showCorpus(version) {
  state.corpusView = version;
  $("lineage").scrollIntoView({ behavior: "smooth" });
  refresh();
}

async function cancel(id) {
  if (!confirm(`Cancel experiment ${id}? Its running attempt stops; checkpoints stay.`)) return;
  const message = $("action-message");
  try {
    const response = await post(`api/experiments/${seg(id)}/cancel`);
    if (response.ok) message.textContent = `Cancel of ${id} requested.`;
    else if (response.status === 401) message.textContent = `The node needs an API token to cancel: enter it under "Write access" above.`;
    else message.textContent = `Cancel of ${id} refused: HTTP ${response.status} ${await errorText(response)}`;
  } catch (e) {
    message.textContent = `Cancel of ${id} failed: ${e.message}`;
  }
  refresh();
}

// --- the poll loop --------------------------------------------------------------------------------

let running = false;
let again = false;
let timer = 0;

/** Polls now (or right after the poll in flight), then every POLL_MS while the page is visible. */
async function refresh() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(timer);
  try {
    if (!document.hidden) await tick();
  } finally {
    running = false;
    if (again) {
      again = false;
      refresh();
    } else {
      timer = setTimeout(refresh, POLL_MS);
    }
  }
}

document.addEventListener("visibilitychange", () => document.hidden || refresh());
const tokenInput = $("token");
tokenInput.value = token.get();
tokenInput.addEventListener("change", () => token.set(tokenInput.value.trim()));
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token.set(tokenInput.value.trim());
  $("token-form").closest("details").open = false;
});
render();
refresh();
