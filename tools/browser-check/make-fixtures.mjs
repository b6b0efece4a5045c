// Writes the dev server's fixtures (fixtures/*.json): answers of the API in docs/API.md for a small
// made-up cluster — 5 experiments in different states, 2 corpus versions, 4 datasets, 3 nodes.
// Deterministic (seeded), so regenerating gives the same files: node make-fixtures.mjs
//
// A front-end development aid only: the numbers are invented, not produced by PoseCluster.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
// Indented for reading, but the long number series (metrics, samples) one line each.
const write = (name, value) => writeFileSync(join(out, name), JSON.stringify(value, null, /^(metrics|sample)-/.test(name) ? 0 : 2) + "\n");

// mulberry32: a small seeded generator, so every run writes the same bytes.
let seed = 20261206;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
const round = (v, d) => Number(v.toFixed(d));
const at = (minutes) => new Date(Date.UTC(2026, 11, 6, 9, 0, 0) + minutes * 60000).toISOString().replace(".000Z", "Z");

const NODE = (port) => `akka.tcp://posecluster@127.0.0.1:${port}`;
const BONES = [[0, 1], [1, 2], [2, 3], [0, 4], [4, 5], [5, 6], [0, 7], [7, 8], [8, 9], [9, 10], [8, 11], [11, 12], [12, 13], [8, 14], [14, 15], [15, 16]];

// --- cluster -----------------------------------------------------------------------------------------
write("cluster.json", {
  self: NODE(4053),
  leader: NODE(4053),
  members: [
    { address: NODE(4053), status: "Up", roles: ["api", "trainer", "worker"] },
    { address: NODE(4054), status: "Up", roles: ["trainer", "worker"] },
    { address: NODE(4055), status: "Up", roles: ["trainer"] },
  ],
  unreachable: [NODE(4055)],
  regions: [
    { type: "dataset", shards: 4, entities: 4 },
    { type: "sequence", shards: 100, entities: 612 },
    { type: "shard-writer", shards: 20, entities: 0 },
    { type: "experiment", shards: 10, entities: 5 },
  ],
});
write("trainers.json", {
  nodes: [
    { address: NODE(4053), slots: 2, busy: 1 },
    { address: NODE(4054), slots: 2, busy: 1 },
    { address: NODE(4055), slots: 1, busy: 0 },
  ],
});

// --- datasets and corpus versions ---------------------------------------------------------------------
const hashes = { h36m: hex(64), "mpi-inf-3dhp": hex(64), aistpp: hex(64), mads: hex(64) };
write("datasets.json", {
  datasets: [
    { name: "h36m", kind: "h36m", path: "/data/h36m", content_hash: hashes.h36m, status: "ready", sequences: { total: 210, done: 206, computed: 0, cached: 206, failed: 0, rejected: 4 }, errors: [
      { sequence: "S11/Directions/54138969", reason: "rejected: no upright frame within 15°" },
      { sequence: "S11/Directions/55011271", reason: "rejected: no upright frame within 15°" },
      { sequence: "S5/Sitting 1/58860488", reason: "rejected: fewer than 16 valid frames" },
      { sequence: "S8/SittingDown/60457274", reason: "rejected: fewer than 16 valid frames" },
    ] },
    { name: "mpi-inf-3dhp", kind: "mpi-inf-3dhp", path: "/data/mpi_inf_3dhp", content_hash: hashes["mpi-inf-3dhp"], status: "ready", sequences: { total: 112, done: 112, computed: 0, cached: 112, failed: 0, rejected: 0 }, errors: [] },
    { name: "aistpp", kind: "aistpp", path: "/data/aistpp", content_hash: hashes.aistpp, status: "ready", sequences: { total: 240, done: 236, computed: 236, cached: 0, failed: 1, rejected: 3 }, errors: [
      { sequence: "aistpp/gBR_sBM_cAll_d04_mBR0_ch01", reason: "failed: keypoints3d/gBR_sBM_cAll_d04_mBR0_ch01.pkl: truncated pickle (expected 40960 bytes, found 12288)" },
      { sequence: "aistpp/gJB_sBM_cAll_d07_mJB3_ch05", reason: "rejected: no upright frame within 15°" },
      { sequence: "aistpp/gKR_sBM_cAll_d28_mKR2_ch02", reason: "rejected: no upright frame within 15°" },
      { sequence: "aistpp/gLH_sBM_cAll_d16_mLH1_ch04", reason: "rejected: no upright frame within 15°" },
    ] },
    { name: "mads", kind: "mads", path: "/data/mads", content_hash: hashes.mads, status: "ingesting", sequences: { total: 30, done: 11, computed: 11, cached: 0, failed: 0, rejected: 0 }, errors: [] },
  ],
});

function shards(version, counts) {
  const list = [];
  for (const [split, clipCounts] of Object.entries(counts)) {
    clipCounts.forEach((clips, i) =>
      list.push({ key: `corpora/${version}/${split}/shard-${String(i).padStart(5, "0")}.arrow`, split, clips, bytes: clips * 5644 + 2048, sha256: hex(64) }),
    );
  }
  return list;
}
const clipsOf = (list, split) => list.filter((s) => s.split === split).reduce((a, s) => a + s.clips, 0);
const V1 = "c-93b07f4e";
const V2 = "c-5e1d2a70";
const v1Shards = shards(V1, { train: [8192, 3310], val: [2204], test: [2990] });
const v2Shards = shards(V2, { train: [8192, 8192, 1874], val: [4410], test: [2990] });
const version = (id, parent, datasets, ms, msp, list, created) => ({
  id, parent, status: "complete",
  datasets: datasets.map((name) => ({ name, content_hash: hashes[name] })),
  ms, msp,
  clips: { train: clipsOf(list, "train"), val: clipsOf(list, "val"), test: clipsOf(list, "test") },
  shards: list,
  created,
});
write(`corpus-${V1}.json`, version(V1, null, ["h36m", "mpi-inf-3dhp"], 331.82, 468.41, v1Shards, at(-1440)));
write(`corpus-${V2}.json`, version(V2, V1, ["h36m", "mpi-inf-3dhp", "aistpp"], 332.47, 470.05, v2Shards, at(-300)));

// --- experiments -------------------------------------------------------------------------------------
const VAL_NAMES = ["mpjpe", "p_mpjpe", "n_mpjpe", "mpjve", "pck150", "auc"];

/** train/loss (noisy exponential decay), train/lr (warm-up + cosine) and val/* every valEvery steps. */
function series(steps, upTo, { start = 2.4, floor = 0.32, tau = 60, valEvery, mpjpeEnd }) {
  const loss = [];
  const lr = [];
  for (let s = 1; s <= upTo; s++) {
    const mean = floor + (start - floor) * Math.exp(-s / tau);
    loss.push([s, round(Math.max(0.05, mean * (1 + 0.07 * gauss())), 4)]);
    const warm = Math.min(1, s / 20);
    lr.push([s, round(3e-4 * warm * 0.5 * (1 + Math.cos((Math.PI * s) / steps)), 8)]);
  }
  const out = { "train/loss": loss, "train/lr": lr };
  for (const name of VAL_NAMES) out[`val/${name}`] = [];
  for (let s = valEvery; s <= upTo; s += valEvery) {
    const mpjpe = mpjpeEnd + 140 * Math.exp((-3 * s) / steps) + 3 * gauss();
    const v = { mpjpe, p_mpjpe: mpjpe * 0.73, n_mpjpe: mpjpe * 0.95, mpjve: mpjpe * 0.072, pck150: Math.min(99, 100 - mpjpe * 0.16), auc: Math.max(5, 75 - mpjpe * 0.27) };
    for (const name of VAL_NAMES) out[`val/${name}`].push([s, round(v[name], 2)]);
  }
  return out;
}
const latestVal = (metrics) =>
  metrics["val/mpjpe"].length ? Object.fromEntries(VAL_NAMES.map((n) => [n, metrics[`val/${n}`].at(-1)[1]])) : null;
const checkpoints = (id, every, upTo) =>
  Array.from({ length: Math.floor(upTo / every) }, (_, i) => {
    const step = (i + 1) * every;
    return { step, key: `experiments/${id}/checkpoints/step-${String(step).padStart(8, "0")}.ckpt`, sha256: hex(64), bytes: 14_203_904 };
  });
const spec = (name, corpus, steps, extra = {}) => ({
  name, corpus, model: { preset: "tiny" }, steps, batch_size: 32, seed: 7, min_ranks: 1, max_ranks: 2, checkpoint_every: 50, max_restarts: 3, eval_clips: 512, ...extra,
});

const experiments = [];
function experiment({ id, name, status, corpus, steps, step, attempts, metrics, every = 50, error = null, created, specExtra, latest }) {
  const list = metrics ? checkpoints(id, every, step) : [];
  const loss = metrics?.["train/loss"].at(-1)?.[1] ?? null;
  experiments.push({ id, name, status, step, steps, attempt: attempts.length || null, loss, corpus_version: corpus, created });
  write(`experiment-${id}.json`, {
    id, name, status, spec: spec(name, corpus ?? "latest", steps, specExtra), corpus_version: corpus, step, steps, attempts,
    latest: latest ?? (loss === null ? null : { loss, lr: metrics["train/lr"].at(-1)[1], clips_per_s: 41.7, allreduce_ms: 6.3 }),
    val: metrics ? latestVal(metrics) : null,
    checkpoints: list,
    checkpoint: list.at(-1)?.key ?? null,
    error,
  });
  write(`metrics-${id}.json`, { series: metrics ?? {} });
}

// The finished one: 200 steps; node 4054 was killed at step 131, attempt 2 resumed from step 100 alone.
const A = "e-20261206-a1f3";
experiment({
  id: A, name: "solopose-tiny-2ranks", status: "Succeeded", corpus: V2, steps: 200, step: 200, created: at(-240),
  metrics: series(200, 200, { tau: 45, valEvery: 50, mpjpeEnd: 78 }),
  attempts: [
    { number: 1, world_size: 2, start_step: 0, started: at(-238), ended: at(-226), end_reason: `node lost: ${NODE(4054)} unreachable, collective timed out at step 131` },
    { number: 2, world_size: 1, start_step: 100, started: at(-225), ended: at(-210), end_reason: "completed" },
  ],
});
// The running one: the dev server moves its step forward while it runs (fixtures/live.json).
const B = "e-20261206-b27c";
experiment({
  id: B, name: "solopose-small-lr3e-4", status: "Training", corpus: V2, steps: 1000, step: 1000, created: at(-20), every: 100,
  metrics: series(1000, 1000, { start: 2.6, floor: 0.27, tau: 150, valEvery: 250, mpjpeEnd: 64 }),
  attempts: [{ number: 1, world_size: 2, start_step: 0, started: at(-19), ended: null, end_reason: null }],
  specExtra: { model: { preset: "small" }, lr: 3e-4 },
});
write("live.json", { id: B, start_step: 180, steps_per_second: 5 });
experiment({
  id: "e-20261205-c9d0", name: "heatpose-g32", status: "Failed", corpus: V1, steps: 500, step: 12, created: at(-1300), every: 50,
  metrics: series(500, 12, { valEvery: 100, mpjpeEnd: 90 }),
  attempts: [{ number: 1, world_size: 2, start_step: 0, started: at(-1299), ended: at(-1296), end_reason: "error: rank 0: NativeException: out of memory allocating 3.1 GB (HeatPose G=32, batch 32)" }],
  error: "rank 0: NativeException: out of memory allocating 3.1 GB (HeatPose G=32, batch 32); max-restarts (0) reached",
  specExtra: { model: { preset: "small", head: "heatpose", g: 32 }, max_restarts: 0 },
});
experiment({
  id: "e-20261204-e5b8", name: "solopose-tiny-baseline", status: "Cancelled", corpus: V1, steps: 500, step: 140, created: at(-2800),
  metrics: series(500, 140, { valEvery: 100, mpjpeEnd: 95 }),
  attempts: [{ number: 1, world_size: 2, start_step: 0, started: at(-2799), ended: at(-2790), end_reason: "cancelled" }],
});
experiment({
  id: "e-20261206-d4a2", name: "with-mads", status: "WaitingForCorpus", corpus: null, steps: 300, step: 0, created: at(-2), attempts: [],
  latest: null,
});
write("experiments.json", { experiments });

// --- a val clip: 16 frames of walking at 25 fps, universal frame (mm, +z down, +x facing) --------------
function walkingFrame(t) {
  const phase = (2 * Math.PI * t) / 1.1;
  const deg = Math.PI / 180;
  const forward = 1300 * (t - 0.3);
  const sway = 18 * Math.sin(phase);
  const bob = -12 * Math.cos(2 * phase);
  const pelvis = [forward, sway, 470 + bob];
  const add = (p, dir, len) => [p[0] + dir[0] * len, p[1] + dir[1] * len, p[2] + dir[2] * len];
  const down = (angle, out = 0) => [Math.sin(angle), out, Math.cos(angle)];
  const leg = (side, shift) => {
    const hip = [pelvis[0], pelvis[1] + side * 125, pelvis[2]];
    const thigh = 24 * deg * Math.sin(phase + shift);
    const knee = (8 + 32 * Math.max(0, Math.cos(phase + shift))) * deg;
    const kneePos = add(hip, down(thigh), 430);
    return [hip, kneePos, add(kneePos, down(thigh - knee), 425)];
  };
  const [rHip, rKnee, rAnkle] = leg(+1, 0);
  const [lHip, lKnee, lAnkle] = leg(-1, Math.PI);
  const top = [forward + 10, sway * 0.6, bob];
  const arm = (side, shift) => {
    const shoulder = [top[0], top[1] + side * 166, top[2]];
    const swing = 17 * deg * Math.sin(phase + shift);
    const elbow = add(shoulder, down(swing, side * 0.12), 280);
    return [shoulder, elbow, add(elbow, down(swing + 28 * deg, side * 0.05), 250)];
  };
  const [lShoulder, lElbow, lWrist] = arm(-1, 0);
  const [rShoulder, rElbow, rWrist] = arm(+1, Math.PI);
  const spine = [forward + 8, sway * 0.8, 235 + bob];
  const thorax = [top[0], top[1], top[2] - 15];
  const nose = [top[0] + 85, top[1], top[2] - 145];
  const head = [top[0] + 20, top[1], top[2] - 240];
  return [pelvis, rHip, rKnee, rAnkle, lHip, lKnee, lAnkle, spine, thorax, nose, head, lShoulder, lElbow, lWrist, rShoulder, rElbow, rWrist];
}
function sample(id, errorMm) {
  const bias = Array.from({ length: 17 }, (_, j) => [0, 1, 2].map(() => gauss() * errorMm * ([3, 6, 13, 16].includes(j) ? 1.5 : 1)));
  const gt = [];
  const pred = [];
  for (let f = 0; f < 16; f++) {
    const frame = walkingFrame(f / 25);
    gt.push(frame.map((p) => p.map((v) => round(v, 1))));
    pred.push(frame.map((p, j) => p.map((v, k) => round(v + bias[j][k] + gauss() * errorMm * 0.35, 1))));
  }
  write(`sample-${id}.json`, { clip_id: "mpi-inf-3dhp/S4/Seq2/cam8/000480", dataset: "mpi-inf-3dhp", subject: "S4", action: "Seq2", fps: 25, joints: 17, bones: BONES, pred, gt });
}
sample(A, 26);
sample(B, 20);
sample("e-20261204-e5b8", 45);
console.log(`fixtures written to ${out}`);
