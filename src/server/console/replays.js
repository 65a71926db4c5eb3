// Replays: the dry run, then the job.
import { act, ago, append, every, field, fmt, h, plural, replace, table, update, values } from "./page.js";
import { api } from "./bus.js";

export function viewReplays(main) {
  const form = h("form", { class: "grid", "aria-label": "New replay" });
  const preview = h("button", { type: "submit", class: "primary" }, "Preview (dry run)");
  const start = h("button", { type: "button", disabled: true }, "Start replay");
  const error = h("p", { class: "error", role: "alert" });
  const plan = h("div", { role: "status", "aria-live": "polite" });
  const jobs = h("div");
  append(
    form,
    field("Pattern", h("input", { name: "pattern", required: true, placeholder: "order.*" })),
    field("jq filter", h("input", { name: "filter" })),
    field("Since", h("input", { name: "since", placeholder: "1h or 2026-12-01T10:00:00Z" })),
    field("From seq", h("input", { name: "from_seq", inputmode: "numeric" })),
    field("Until", h("input", { name: "until" })),
    field("To seq", h("input", { name: "to_seq", inputmode: "numeric" })),
    field("To topic", h("input", { name: "to_topic", placeholder: "replayed.orders" })),
    field("To group", h("input", { name: "group" })),
    field("Rate (events/s)", h("input", { name: "rate", inputmode: "decimal" })),
    h("div", { class: "actions" }, preview, start),
  );
  replace(main, h("h1", {}, "Replays"), h("section", { class: "panel" }, h("h2", {}, "Replay events"), form, error, plan), h("h2", {}, "Jobs"), jobs);
  let planned = null;
  const request = () => {
    const spec = values(form);
    for (const name of ["from_seq", "to_seq", "rate"]) if (spec[name] !== undefined) spec[name] = Number(spec[name]);
    return spec;
  };
  form.addEventListener("input", () => {
    planned = null;
    start.disabled = true;
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(preview, error, async () => {
      const spec = request();
      const answer = await api("POST", "/v1/replays", { ...spec, dry_run: true });
      planned = spec;
      start.disabled = answer.events === 0;
      replace(
        plan,
        h("p", { "data-plan": "events" }, `${plural(answer.events, "event", "events")} would be replayed` + (answer.events ? `: seq ${answer.first_seq}…${answer.last_seq}, ${answer.first_time} to ${answer.last_time}.` : ".")),
        Object.keys(answer.topics).length
          ? table(
              [
                { label: "Topic", cell: ([t]) => t },
                { label: "Events", num: true, cell: ([, n]) => fmt(n) },
              ],
              Object.entries(answer.topics),
              "",
            )
          : null,
      );
    });
  });
  start.addEventListener("click", () =>
    act(start, error, async () => {
      if (!planned) return;
      await api("POST", "/v1/replays", planned);
      planned = null;
      replace(plan, h("p", { class: "ok" }, "Started."));
      await refresh();
    }).then(() => (start.disabled = !planned)),
  );
  async function refresh() {
    const list = await api("GET", "/v1/replays");
    list.sort((a, b) => (a.created < b.created ? 1 : -1));
    update(jobs, list, (list) =>
      table(
        [
          { label: "Job", cell: (j) => h("code", {}, j.id) },
          { label: "Pattern", cell: (j) => h("code", {}, j.request.pattern) },
          { label: "To", cell: (j) => j.request.group || j.request.to_topic || "its topics" },
          { label: "Status", cell: (j) => h("span", { class: "tag" + (j.status === "failed" ? " bad" : j.status === "running" ? "" : " warn") }, j.status) },
          {
            label: "Progress",
            cell: (j) => {
              const bar = h("div");
              bar.style.width = (j.total ? (100 * j.done) / j.total : 100) + "%";
              return [h("div", { class: "progress", role: "progressbar", "aria-label": `Replay ${j.id} progress`, "aria-valuemin": 0, "aria-valuemax": j.total, "aria-valuenow": j.done }, bar), h("span", { class: "muted" }, `${fmt(j.done)} / ${fmt(j.total)}`)];
            },
          },
          { label: "Started", cell: (j) => ago(j.created) },
          {
            label: "",
            cell: (j) => {
              const buttons = [];
              if (j.status === "running") buttons.push(h("button", { type: "button", onclick: (e) => act(e.target, error, () => api("POST", `/v1/replays/${j.id}/cancel`).then(refresh)) }, "Cancel"));
              if (j.status === "cancelled" || j.status === "interrupted" || j.status === "failed") buttons.push(h("button", { type: "button", onclick: (e) => act(e.target, error, () => api("POST", `/v1/replays/${j.id}/resume`).then(refresh)) }, "Resume"));
              if (j.error) buttons.push(h("span", { class: "error" }, j.error));
              return buttons;
            },
          },
        ],
        list,
        "No replays yet.",
      ),
    );
  }
  return every(refresh);
}
