// The cluster: members with status and roles, unreachable members, trainer slots per node, and the
// sharding regions with their shard and entity counts (GET /api/cluster, GET /api/trainers).

import { address, empty, fill, h, int, statusBadge, table } from "./dom.js";

/** Members table (leader and this node marked) and the unreachable list. */
export function renderMembers(container, cluster) {
  if (!cluster) {
    fill(container, empty("No cluster information."));
    return;
  }
  const unreachable = new Set(cluster.unreachable ?? []);
  const members = cluster.members ?? [];
  const rows = members.map((m) =>
    h(
      "tr",
      { "data-testid": "member", "data-address": m.address },
      h(
        "td",
        {},
        address(m.address),
        m.address === cluster.leader ? h("span", { class: "tag" }, "leader") : null,
        m.address === cluster.self ? h("span", { class: "tag" }, "this node") : null,
      ),
      h("td", {}, statusBadge(m.status), unreachable.has(m.address) ? h("span", { class: "badge badge-Down" }, "unreachable") : null),
      h("td", {}, (m.roles ?? []).length ? (m.roles ?? []).map((r) => h("span", { class: "role" }, r)) : h("span", { class: "muted" }, "none")),
    ),
  );
  fill(
    container,
    members.length ? table("Members", ["Address", "Status", "Roles"], rows, { hideCaption: true, testid: "members" }) : empty("No members."),
    h(
      "p",
      {},
      h("strong", {}, "Unreachable: "),
      unreachable.size ? [...unreachable].map((a) => h("span", { class: "unreachable" }, address(a))) : h("span", { class: "muted" }, "none"),
    ),
  );
}

/** Trainer slots per node: busy / total with a bar, and the cluster's sum. */
export function renderTrainers(container, trainers) {
  const nodes = trainers?.nodes ?? [];
  if (!nodes.length) {
    fill(container, empty('No trainer nodes (none has the role "trainer").'));
    return;
  }
  const rows = nodes.map((n) =>
    h(
      "tr",
      { "data-testid": "trainer-node" },
      h("td", {}, address(n.address)),
      h("td", { class: "num" }, `${int(n.busy)} / ${int(n.slots)}`),
      h("td", {}, h("progress", { max: String(Math.max(1, n.slots ?? 0)), value: String(n.busy ?? 0), "aria-label": `${n.busy} of ${n.slots} slots busy` })),
    ),
  );
  const total = nodes.reduce((a, n) => a + (n.slots ?? 0), 0);
  const busy = nodes.reduce((a, n) => a + (n.busy ?? 0), 0);
  fill(
    container,
    table("Trainer slots", ["Node", { label: "Busy", num: true }, "Use"], rows, { hideCaption: true, testid: "trainers" }),
    h("p", { class: "muted" }, `${busy} of ${total} slots busy across ${nodes.length} node${nodes.length === 1 ? "" : "s"}.`),
  );
}

/** One row per sharding region (entity type). */
export function renderRegions(container, cluster) {
  const regions = cluster?.regions ?? [];
  if (!regions.length) {
    fill(container, empty("No sharding regions started yet."));
    return;
  }
  const rows = regions.map((r) =>
    h("tr", {}, h("td", {}, h("code", {}, r.type)), h("td", { class: "num" }, int(r.shards)), h("td", { class: "num" }, int(r.entities))),
  );
  fill(
    container,
    table("Sharding regions", ["Entity type", { label: "Shards", num: true }, { label: "Entities", num: true }], rows, {
      hideCaption: true,
      testid: "regions",
    }),
  );
}
