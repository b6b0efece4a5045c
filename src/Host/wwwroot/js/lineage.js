// A corpus version's lineage: its chain of parent versions; the datasets it was made from (with their
// sequences done / failed / rejected) → the version → its shards per split → the experiments trained
// on it → their checkpoints.

import { bytes, empty, fill, h, int, num, shortHash, statusBadge, time } from "./dom.js";

const SPLITS = ["train", "val", "test"];
const ERRORS_SHOWN = 20;

/**
 * @param version GET /api/corpus/{version} (null: no corpus yet)
 * @param chain the version and its ancestors, newest first (as far as they were fetched)
 * @param datasets GET /api/datasets
 * @param experiments GET /api/experiments
 * @param detail the selected experiment's GET /api/experiments/{id} (for its checkpoints)
 */
export function renderLineage(container, { version, chain, datasets, experiments, detail }, { onVersion, onExperiment }) {
  if (!version) {
    fill(container, empty("No corpus version yet: add a dataset (", h("code", {}, "posecluster datasets add"), ") and the first version is harmonized from it."));
    return;
  }
  fill(
    container,
    h(
      "nav",
      { class: "chain", "aria-label": "Version history (each version's parent follows it)" },
      h(
        "ol",
        {},
        chain.map((v) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: v.id === version.id ? "chip current" : "chip",
                "aria-current": v.id === version.id ? "true" : undefined,
                "data-focus-key": `version:${v.id}`,
                onclick: () => onVersion(v.id),
              },
              v.id,
            ),
          ),
        ),
        chain.at(-1)?.parent ? h("li", { class: "muted" }, `${chain.at(-1).parent} …`) : h("li", { class: "muted" }, "(first version)"),
      ),
    ),
    h(
      "div",
      { class: "flow", "data-testid": "lineage" },
      column("Datasets", datasetCards(version, datasets)),
      arrow(),
      column(`Corpus version`, versionCard(version)),
      arrow(),
      column("Shards", shardGroups(version)),
      arrow(),
      column("Experiments → checkpoints", experimentCards(version, experiments, detail, onExperiment)),
    ),
  );
}

const column = (title, body) => h("div", { class: "flow-col" }, h("h4", {}, title), body);
const arrow = () => h("div", { class: "flow-arrow", "aria-hidden": "true" }, "→");

function datasetCards(version, datasets) {
  const byName = new Map((datasets?.datasets ?? []).map((d) => [d.name, d]));
  const used = version.datasets ?? [];
  if (!used.length) return empty("No datasets.");
  return used.map((u) => {
    const d = byName.get(u.name);
    const s = d?.sequences;
    const done = s ? s.done ?? (s.computed ?? 0) + (s.cached ?? 0) : undefined;
    return h(
      "div",
      { class: "card", "data-testid": "dataset" },
      h("div", { class: "card-title" }, h("strong", {}, u.name), d?.kind && d.kind !== u.name ? h("span", { class: "muted" }, ` (${d.kind})`) : null),
      h("div", { class: "small" }, "content ", shortHash(u.content_hash)),
      d?.content_hash && u.content_hash && d.content_hash !== u.content_hash ? h("div", { class: "small warn" }, "changed since this version") : null,
      d?.status ? h("div", { class: "small" }, "status ", h("span", { class: "tag" }, d.status)) : null,
      s
        ? h(
            "p",
            { class: "small" },
            `${int(s.total)} sequences: `,
            h("span", { class: "ok" }, `${int(done)} done`),
            s.computed !== undefined || s.cached !== undefined ? ` (${int(s.computed ?? 0)} computed, ${int(s.cached ?? 0)} cached)` : "",
            " · ",
            h("span", { class: s.failed ? "bad" : undefined }, `${int(s.failed ?? 0)} failed`),
            " · ",
            h("span", { class: s.rejected ? "warn" : undefined }, `${int(s.rejected ?? 0)} rejected`),
          )
        : h("p", { class: "small muted" }, "sequence counts unknown"),
      d?.errors?.length
        ? h(
            "details",
            { class: "small", "data-keep": `problems:${u.name}` },
            h("summary", { "data-focus-key": `problems:${u.name}` }, `${d.errors.length} problem${d.errors.length === 1 ? "" : "s"}`),
            h(
              "ul",
              {},
              d.errors.slice(0, ERRORS_SHOWN).map((e) => h("li", {}, h("code", {}, e.sequence), `: ${e.reason}`)),
              d.errors.length > ERRORS_SHOWN ? h("li", { class: "muted" }, `… and ${d.errors.length - ERRORS_SHOWN} more`) : null,
            ),
          )
        : null,
    );
  });
}

function versionCard(v) {
  const clips = v.clips ?? {};
  return h(
    "div",
    { class: "card current" },
    h("div", { class: "card-title" }, h("strong", {}, v.id), v.status ? h("span", { class: "tag" }, v.status) : null),
    h("div", { class: "small" }, "parent ", v.parent ? h("code", {}, v.parent) : h("span", { class: "muted" }, "none")),
    h("div", { class: "small" }, "created ", time(v.created)),
    h("div", { class: "small" }, `Ms ${num(v.ms, 4)} mm · Msp ${num(v.msp, 4)} mm`),
    h("div", { class: "small" }, SPLITS.map((s) => `${s} ${int(clips[s] ?? 0)}`).join(" · "), " clips"),
  );
}

function shardGroups(v) {
  const shards = v.shards ?? [];
  if (!shards.length) return empty("No shards yet.");
  return SPLITS.concat([...new Set(shards.map((s) => s.split))].filter((s) => !SPLITS.includes(s)))
    .map((split) => [split, shards.filter((s) => s.split === split)])
    .filter(([, list]) => list.length)
    .map(([split, list]) =>
      h(
        "details",
        { class: "card", open: list.length <= 4 ? true : undefined, "data-keep": `shards:${v.id}:${split}` },
        h(
          "summary",
          { "data-focus-key": `shards:${split}` },
          h("strong", {}, split),
          ` ${list.length} shard${list.length === 1 ? "" : "s"}, ${int(list.reduce((a, s) => a + (s.clips ?? 0), 0))} clips, ${bytes(list.reduce((a, s) => a + (s.bytes ?? 0), 0))}`,
        ),
        h(
          "ul",
          { class: "shards" },
          list.map((s) =>
            h("li", { "data-testid": "shard" }, h("code", { title: s.key }, s.key.split("/").pop()), ` ${int(s.clips)} clips · ${bytes(s.bytes)} · `, shortHash(s.sha256)),
          ),
        ),
      ),
    );
}

function experimentCards(version, experiments, detail, onExperiment) {
  const using = (experiments?.experiments ?? []).filter((e) => e.corpus_version === version.id);
  if (!using.length) return empty("No experiment trained on this version.");
  return using.map((e) => {
    const checkpoints = detail && detail.id === e.id ? [...(detail.checkpoints ?? [])].sort((a, b) => a.step - b.step) : null;
    return h(
      "div",
      { class: "card" },
      h(
        "div",
        { class: "card-title" },
        h("button", { type: "button", class: "link", "data-focus-key": `experiment:${e.id}`, onclick: () => onExperiment(e.id) }, e.name || e.id),
        " ",
        statusBadge(e.status),
      ),
      checkpoints === null
        ? h("p", { class: "small muted" }, "select it to see its checkpoints")
        : checkpoints.length
          ? h(
              "ul",
              { class: "small" },
              checkpoints.map((c) => h("li", {}, `step ${int(c.step)} `, h("code", { title: c.key }, c.key.split("/").pop()), " ", shortHash(c.sha256))),
            )
          : h("p", { class: "small muted" }, "no checkpoints yet"),
    );
  });
}
