// A FRONT-END DEVELOPMENT AID, not the node: serves src/Host/wwwroot and answers the API of
// docs/API.md from fixtures/*.json (node make-fixtures.mjs writes them), so the dashboard can be worked
// on and check.mjs tried without a cluster. The test of record runs check.mjs against a real node.
//
//   node dev-server.mjs [--port N] [--token T] [--empty]
//
// Prints "dev-server: http://127.0.0.1:PORT/" once listening (port 0, the default, picks a free one).
// The experiment named in fixtures/live.json trains on while the server runs (its step moves forward,
// its curves grow, a prediction appears after its first evaluation), so live updates can be watched.
// --empty answers as a node that has just started: one member, no datasets, corpus or experiments.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = normalize(join(here, "../../src/Host/wwwroot"));
const fixtures = join(here, "fixtures");
const args = parseArgs(process.argv.slice(2));
const started = Date.now();
const cancelled = new Set();

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".json": "application/json", ".png": "image/png" };
const fixture = (name) => (existsSync(join(fixtures, name)) ? JSON.parse(readFileSync(join(fixtures, name), "utf8")) : null);
const live = fixture("live.json");
const corpusFiles = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.startsWith("corpus-")) : [];

function parseArgs(argv) {
  const out = { port: 0, token: "", empty: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") out.port = Number(argv[++i]);
    else if (argv[i] === "--token") out.token = argv[++i];
    else if (argv[i] === "--empty") out.empty = true;
    else throw new Error(`unknown argument ${argv[i]} (use --port N, --token T, --empty)`);
  }
  return out;
}

/** The live experiment's step now, or null when id is not the live one. */
function liveStep(id, steps) {
  if (!live || live.id !== id) return null;
  return Math.min(steps, live.start_step + Math.floor(((Date.now() - started) / 1000) * live.steps_per_second));
}

/** An experiment's detail as it is now: the live one cut at its current step, cancels applied. */
function detail(id) {
  const d = fixture(`experiment-${id}.json`);
  if (!d) return null;
  const step = liveStep(id, d.steps);
  if (step !== null) {
    const series = fixture(`metrics-${id}.json`).series;
    const upTo = (name) => series[name].filter(([s]) => s <= step);
    d.step = step;
    d.latest = { ...d.latest, loss: upTo("train/loss").at(-1)[1], lr: upTo("train/lr").at(-1)[1] };
    const val = ["mpjpe", "p_mpjpe", "n_mpjpe", "mpjve", "pck150", "auc"].map((n) => [n, upTo(`val/${n}`).at(-1)?.[1]]);
    d.val = val[0][1] === undefined ? null : Object.fromEntries(val);
    d.checkpoints = d.checkpoints.filter((c) => c.step <= step);
    d.checkpoint = d.checkpoints.at(-1)?.key ?? null;
    if (step >= d.steps) {
      d.status = "Succeeded";
      d.attempts.at(-1).ended = new Date().toISOString();
      d.attempts.at(-1).end_reason = "completed";
    }
  }
  if (cancelled.has(id)) {
    d.status = "Cancelled";
    const last = d.attempts.at(-1);
    if (last && !last.ended) Object.assign(last, { ended: new Date().toISOString(), end_reason: "cancelled" });
  }
  return d;
}

const EMPTY = {
  "/api/cluster": { self: "akka.tcp://posecluster@127.0.0.1:4053", leader: "akka.tcp://posecluster@127.0.0.1:4053", members: [{ address: "akka.tcp://posecluster@127.0.0.1:4053", status: "Up", roles: ["api"] }], unreachable: [], regions: [] },
  "/api/trainers": { nodes: [] },
  "/api/datasets": { datasets: [] },
  "/api/experiments": { experiments: [] },
};

function api(method, path, query, headers) {
  if (args.empty) return EMPTY[path] ? [200, EMPTY[path]] : [404, { error: `${path} not found (empty node)` }];
  let m;
  if (method === "POST" && (m = path.match(/^\/api\/experiments\/([^/]+)\/cancel$/))) {
    const id = decodeURIComponent(m[1]);
    if (args.token && headers.authorization !== `Bearer ${args.token}`) return [401, { error: "Authorization: a bearer token is required" }];
    const d = detail(id);
    if (!d) return [404, { error: `experiment ${id} not found` }];
    if (["Succeeded", "Failed", "Cancelled"].includes(d.status)) return [409, { error: `experiment ${id} is already ${d.status}` }];
    cancelled.add(id);
    return [202, { id, status: "Cancelled" }];
  }
  if (method !== "GET") return [405, { error: `${method} ${path} is not served` }];
  if (["/api/cluster", "/api/trainers", "/api/datasets"].includes(path)) return [200, fixture(`${path.slice(5)}.json`)];
  if (path === "/api/experiments") {
    const list = fixture("experiments.json");
    list.experiments = list.experiments.map((e) => {
      const d = detail(e.id);
      return { ...e, status: d.status, step: d.step, loss: d.latest?.loss ?? null };
    });
    return [200, list];
  }
  if (path === "/api/corpus") {
    const latest = corpusFiles.map((f) => fixture(f)).sort((a, b) => b.created.localeCompare(a.created))[0];
    return latest ? [200, latest] : [404, { error: "no corpus version yet" }];
  }
  if ((m = path.match(/^\/api\/corpus\/([^/]+)$/))) {
    const v = fixture(`corpus-${decodeURIComponent(m[1])}.json`);
    return v ? [200, v] : [404, { error: `corpus version ${decodeURIComponent(m[1])} not found` }];
  }
  if ((m = path.match(/^\/api\/experiments\/([^/]+)(\/metrics|\/sample)?$/))) {
    const id = decodeURIComponent(m[1]);
    const d = detail(id);
    if (!d) return [404, { error: `experiment ${id} not found` }];
    if (!m[2]) return [200, d];
    if (m[2] === "/sample") {
      const s = fixture(`sample-${id}.json`);
      return s && d.val ? [200, s] : [404, { error: `no prediction for experiment ${id} yet` }];
    }
    const after = query.has("after") ? Number(query.get("after")) : -Infinity;
    if (query.has("after") && !Number.isInteger(after)) return [400, { error: "after: not an integer" }];
    const all = fixture(`metrics-${id}.json`).series;
    const names = query.has("name") ? [query.get("name")] : Object.keys(all);
    const series = Object.fromEntries(names.map((n) => [n, (all[n] ?? []).filter(([s]) => s > after && s <= d.step)]));
    return [200, { series }];
  }
  return [404, { error: `${path} not found` }];
}

function file(path) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null; // a malformed %-escape: not found
  }
  const target = normalize(join(root, path === "/" ? "index.html" : decoded));
  if (!target.startsWith(root + sep) || !existsSync(target) || !statSync(target).isFile()) return null;
  return { body: readFileSync(target), type: TYPES[extname(target)] ?? "application/octet-stream" };
}

const server = createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname.startsWith("/api/")) {
    const [status, body] = api(request.method, url.pathname, url.searchParams, request.headers);
    response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    response.end(JSON.stringify(body));
    return;
  }
  const found = request.method === "GET" ? file(url.pathname) : null;
  if (!found) {
    response.writeHead(404, { "Content-Type": "text/plain" });
    response.end("not found\n");
    return;
  }
  response.writeHead(200, { "Content-Type": found.type, "Cache-Control": "no-cache" });
  response.end(found.body);
});

server.listen(args.port, "127.0.0.1", () => console.log(`dev-server: http://127.0.0.1:${server.address().port}/`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
