// Groups: the list, one group, creating one.
import { act, ago, append, card, confirmAction, every, field, fmt, h, replace, table, update, values } from "./page.js";
import { api } from "./bus.js";
import { chart } from "./chart.js";

export function groupsTable(groups) {
  return table(
    [
      { label: "Group", cell: (g) => [h("a", { href: "#/groups/" + encodeURIComponent(g.name) }, g.name), g.paused && h("span", { class: "tag warn" }, "paused"), g.ordered && h("span", { class: "tag" }, "ordered"), g.push && h("span", { class: "tag" }, "push")] },
      { label: "Pattern", cell: (g) => h("code", {}, g.pattern) },
      { label: "Lag", num: true, cell: (g) => fmt(g.lag) },
      { label: "Pending", num: true, cell: (g) => fmt(g.pending) },
      { label: "In flight", num: true, cell: (g) => fmt(g.in_flight) },
      { label: "Dead", num: true, cell: (g) => (g.dead ? h("a", { href: "#/dlq?group=" + encodeURIComponent(g.name) }, fmt(g.dead)) : "0") },
      { label: "Members", num: true, cell: (g) => fmt(g.members.length) },
      { label: "Completed", num: true, cell: (g) => fmt(g.completed) },
    ],
    groups,
    "No groups yet. Create one under Groups, or run `evbus consume GROUP PATTERN`.",
  );
}

// -- Groups

export function viewGroups(main) {
  const list = h("div");
  const form = h("form", { class: "grid", "aria-label": "New group" });
  const error = h("p", { class: "error", role: "alert" });
  const create = h("button", { class: "primary", type: "submit" }, "Create group");
  append(
    form,
    field("Name", h("input", { name: "name", required: true, placeholder: "billing" })),
    field("Pattern", h("input", { name: "pattern", required: true, placeholder: "order.*" })),
    field("Start", h("select", { name: "start" }, h("option", { value: "new" }, "new events"), h("option", { value: "beginning" }, "the beginning"))),
    field("jq filter", h("input", { name: "filter", placeholder: ".data.amount > 100" })),
    field("Max attempts", h("input", { name: "max_attempts", type: "number", min: 1, placeholder: "5" })),
    field("Backoff", h("input", { name: "backoff", placeholder: "1s..1m" })),
    field("Ack timeout", h("input", { name: "ack_timeout", placeholder: "30s" })),
    field("Push to URL", h("input", { name: "push", placeholder: "http://127.0.0.1:8080/hook" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "ordered" }), "Ordered by key"),
    h("div", { class: "actions" }, create),
  );
  replace(main, h("h1", {}, "Groups"), list, h("details", { class: "panel" }, h("summary", {}, "Create a group"), form, error));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const spec = values(form);
    if (spec.max_attempts) spec.max_attempts = Number(spec.max_attempts);
    act(create, error, async () => {
      const group = await api("POST", "/v1/groups", spec);
      location.hash = "#/groups/" + encodeURIComponent(group.name);
    });
  });
  return every(async () => update(list, await api("GET", "/v1/groups"), groupsTable));
}

const lagHistory = new Map();

export function viewGroup(main, route) {
  const name = route.rest;
  const path = "/v1/groups/" + encodeURIComponent(name);
  const summary = h("div", { class: "cards" });
  const policy = h("dl", { class: "props" });
  const members = h("div");
  const keys = h("div");
  const lag = chart(`Cursor lag of group ${name} over the last minutes`);
  const error = h("p", { class: "error", role: "alert" });
  const pause = h("button", { type: "button" }, "Pause");
  const resetTo = h("input", { name: "to", placeholder: "beginning, now, a seq, 10m", "aria-label": "Reset the cursor to" });
  const reset = h("button", { type: "button" }, "Reset cursor");
  const remove = h("button", { type: "button", class: "danger" }, "Delete group");
  let paused = false;
  replace(
    main,
    h("p", {}, h("a", { href: "#/groups" }, "← Groups")),
    h("h1", {}, "Group ", h("code", {}, name)),
    h("div", { class: "actions" }, pause, resetTo, reset, remove),
    error,
    summary,
    h("section", { class: "panel" }, h("h2", {}, "Lag"), lag.element),
    h("div", { class: "panel" }, h("h2", {}, "Policy"), policy),
    h("h2", {}, "Members"),
    members,
    keys,
  );
  pause.addEventListener("click", () =>
    act(pause, error, async () => {
      await api("POST", path + (paused ? "/resume" : "/pause"));
      await refresh();
    }),
  );
  reset.addEventListener("click", async () => {
    const to = resetTo.value.trim();
    if (!to) {
      error.textContent = "Reset to: give beginning, now, a seq or a time (10m, or RFC 3339)";
      return;
    }
    if (await confirmAction(`Move the cursor of ${name} to ${to}? Events it passes are skipped or delivered again.`, "Reset")) {
      act(reset, error, async () => {
        await api("POST", path + "/reset", { to });
        await refresh();
      });
    }
  });
  remove.addEventListener("click", async () => {
    if (await confirmAction(`Delete group ${name}? Its cursor, leases and dead letters go with it.`, "Delete")) {
      act(remove, error, async () => {
        await api("DELETE", path);
        location.hash = "#/groups";
      });
    }
  });
  async function refresh() {
    const group = await api("GET", path);
    paused = group.paused;
    pause.textContent = paused ? "Resume" : "Pause";
    const history = lagHistory.get(name) || [];
    history.push(group.lag);
    if (history.length > 300) history.shift();
    lagHistory.set(name, history);
    lag.draw([{ name: "lag", values: history }], "events behind");
    replace(summary, card("State", paused ? "paused" : "running"), card("Cursor", fmt(group.cursor)), card("Lag", fmt(group.lag)), card("Pending", fmt(group.pending)), card("In flight", fmt(group.in_flight)), card("Dead", fmt(group.dead)), card("Completed", fmt(group.completed)));
    const props = [["pattern", group.pattern], ["filter", group.filter || "–"], ["max attempts", group.max_attempts], ["backoff", group.backoff], ["ack timeout", group.ack_timeout], ["ordered", group.ordered ? "yes, by partitionkey" : "no"], ["push", group.push || "no (pull)"], ["created", group.created]];
    replace(policy, props.map(([label, value]) => [h("dt", {}, label), h("dd", { class: "mono" }, value)]));
    replace(
      members,
      table(
        [
          { label: "Member", cell: (m) => m.name },
          { label: "In flight", num: true, cell: (m) => fmt(m.in_flight) },
          { label: "Last seen", cell: (m) => ago(m.last_seen) },
        ],
        group.members,
        "No members: nothing consumes this group right now.",
      ),
    );
    if (group.keys) {
      replace(
        keys,
        h("h2", {}, "Keys"),
        h("p", {}, `${fmt(group.keys.in_flight)} keys busy, ${fmt(group.keys.waiting)} events waiting for their key, ${fmt(group.keys.blocked_count)} keys blocked behind a retry.`),
        group.keys.blocked.length
          ? table(
              [
                { label: "Key", cell: (k) => k.key },
                { label: "Seq", num: true, cell: (k) => k.seq },
                { label: "Attempts", num: true, cell: (k) => k.attempts },
                { label: "Retry at", cell: (k) => k.retry_at },
              ],
              group.keys.blocked,
              "",
            )
          : null,
      );
    }
  }
  return every(refresh);
}
