// The overview: the bus at a glance.
import { bytes, card, clock, duration, every, fmt, h, replace, showError, table, update } from "./page.js";
import { api, follow, healthz } from "./bus.js";
import { chart, rates, sampleRates } from "./chart.js";
import { groupsTable } from "./groups.js";

export function viewOverview(main) {
  const cards = h("div", { class: "cards" });
  const problems = h("div");
  const warnings = [];
  const warningList = h("div");
  const events = chart("Events in per second and events completed per second by each group, over the last minutes");
  const groupsBox = h("div");
  replace(
    main,
    h("h1", {}, "Overview"),
    cards,
    problems,
    h("section", { class: "panel", "aria-labelledby": "rates-title" }, h("h2", { id: "rates-title" }, "Events per second"), events.element),
    h("h2", {}, "Groups"),
    groupsBox,
    h("h2", {}, "Recent warnings"),
    warningList,
  );
  const showWarnings = () =>
    replace(
      warningList,
      warnings.length
        ? table(
            [
              { label: "Time", cell: (e) => clock(e.time) },
              { label: "Warning", cell: (e) => e.type.replace("$evbus.warning.", "") },
              { label: "Details", wrap: true, cell: (e) => h("code", {}, JSON.stringify(e.data)) },
            ],
            warnings,
            "",
          )
        : h("p", { class: "muted" }, "No warnings in the last hour."),
    );
  showWarnings();
  const stopWarnings = follow(
    "topic=$evbus.warning.*&since=1h",
    (batch) => {
      warnings.unshift(...batch.reverse());
      warnings.length = Math.min(warnings.length, 50);
      showWarnings();
    },
    (state, error) => state === "error" && showError(error),
  );
  const stopTicks = every(async () => {
    const [status, groups, health] = await Promise.all([api("GET", "/v1/status"), api("GET", "/v1/groups"), healthz()]);
    sampleRates(status, groups);
    const deadTotal = groups.reduce((sum, g) => sum + g.dead, 0);
    replace(
      cards,
      card("Engine", status.engine + (status.nats ? " · " + status.nats.server : "")),
      card("Version", status.version),
      card("Health", h("span", { class: health.status === "ok" ? "ok" : "warn" }, health.status)),
      card("Events", fmt(status.events)),
      card("Last seq", fmt(status.last_seq)),
      card("Log size", bytes(status.log_bytes)),
      card("Memory", bytes(status.rss_bytes)),
      card("Open streams", fmt(status.open_streams)),
      card("Dead letters", fmt(deadTotal)),
      card("Up", duration(status.uptime_ms)),
    );
    replace(problems, (health.problems || []).map((p) => h("p", { class: "banner", role: "alert" }, p)));
    events.draw([{ name: "in", values: rates.get("events in") }, ...groups.map((g) => ({ name: g.name + " completed", values: rates.get("group " + g.name) }))], "per second");
    update(groupsBox, groups, groupsTable);
  });
  return () => {
    stopTicks();
    stopWarnings();
  };
}
