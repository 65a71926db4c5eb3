// Dead letters: the list, one dead letter, requeue and purge.
import { act, ago, append, confirmAction, field, fmt, h, plural, pretty, replace, table } from "./page.js";
import { api, follow } from "./bus.js";

export function viewDeadLetters(main, route) {
  const form = h("form", { class: "toolbar", "aria-label": "Which dead letters" });
  const group = h("select", { name: "group" }, h("option", { value: "" }, "any group"));
  const topic = h("input", { name: "topic", placeholder: "order.*", value: route.params.get("topic") || "" });
  const reason = h("select", { name: "reason" }, ["", "max_attempts", "rejected", "expired", "no_route"].map((r) => h("option", { value: r }, r || "any reason")));
  const age = h("select", { name: "since" }, [["", "any age"], ["15m", "last 15 minutes"], ["1h", "last hour"], ["24h", "last day"], ["168h", "last week"]].map(([v, l]) => h("option", { value: v }, l)));
  append(form, field("Group", group), field("Topic", topic), field("Reason", reason), field("Age", age), h("button", { type: "submit", class: "primary" }, "Show"));
  const error = h("p", { class: "error", role: "alert" });
  const summary = h("p", { class: "muted", role: "status" });
  const requeueSelected = h("button", { type: "button" }, "Requeue selected");
  const requeueAll = h("button", { type: "button" }, "Requeue all that match");
  const purgeSelected = h("button", { type: "button", class: "danger" }, "Purge selected");
  const purgeAll = h("button", { type: "button", class: "danger" }, "Purge all that match");
  const list = h("div");
  replace(main, h("h1", {}, "Dead letters"), form, h("div", { class: "actions" }, requeueSelected, requeueAll, purgeSelected, purgeAll), error, summary, list);
  const wantedGroup = route.params.get("group") || "";
  api("GET", "/v1/groups")
    .then((groups) => {
      for (const g of groups) group.append(h("option", { value: g.name, selected: g.name === wantedGroup }, g.name));
      if (wantedGroup && !groups.some((g) => g.name === wantedGroup)) group.append(h("option", { value: wantedGroup, selected: true }, wantedGroup));
      load();
    })
    .catch((problem) => (error.textContent = problem.message));

  let letters = [];
  const selected = new Set();
  const matchCount = () => `${plural(letters.length, "dead letter matches", "dead letters match")}, ${fmt(selected.size)} selected.`;

  /** Every dead letter that matches, a page of 1,000 at a time. */
  async function matching() {
    const all = [];
    let after = null;
    for (;;) {
      const params = new URLSearchParams({ limit: "1000" });
      if (group.value) params.set("group", group.value);
      if (topic.value.trim()) params.set("topic", topic.value.trim());
      if (age.value) params.set("since", age.value);
      if (after) params.set("after", after);
      const page = await api("GET", "/v1/dlq?" + params);
      all.push(...page.filter((letter) => !reason.value || letter.reason === reason.value));
      if (page.length < 1000) return all;
      after = page[page.length - 1].id;
    }
  }

  async function load() {
    error.textContent = "";
    try {
      letters = await matching();
    } catch (problem) {
      error.textContent = problem.message;
      return;
    }
    for (const id of [...selected]) if (!letters.some((l) => l.id === id)) selected.delete(id);
    show();
  }

  function show() {
    summary.textContent = matchCount();
    const all = h("input", { type: "checkbox", "aria-label": "Select all shown", checked: letters.length > 0 && selected.size === letters.length });
    all.addEventListener("change", () => {
      selected.clear();
      if (all.checked) for (const l of letters) selected.add(l.id);
      show();
    });
    const shown = letters.slice(0, 500);
    replace(
      list,
      table(
        [
          {
            label: all,
            cell: (l) => {
              const box = h("input", { type: "checkbox", "aria-label": `Select dead letter ${l.id}`, checked: selected.has(l.id) });
              box.addEventListener("change", () => {
                if (box.checked) selected.add(l.id);
                else selected.delete(l.id);
                summary.textContent = matchCount();
              });
              return box;
            },
          },
          { label: "Dead letter", cell: (l) => h("a", { href: "#/dlq/" + encodeURIComponent(l.id), class: "mono" }, l.id) },
          { label: "Group", cell: (l) => l.group },
          { label: "Topic", cell: (l) => l.topic },
          { label: "Seq", num: true, cell: (l) => l.seq },
          { label: "Reason", cell: (l) => h("span", { class: "tag bad" }, l.reason) },
          { label: "Attempts", num: true, cell: (l) => l.attempts.length },
          { label: "Last error", wrap: true, cell: (l) => (l.attempts.length ? l.attempts[l.attempts.length - 1].error : "–") },
          { label: "Died", cell: (l) => ago(l.dead_at) },
        ],
        shown,
        "No dead letters match.",
      ),
      letters.length > shown.length && h("p", { class: "muted" }, `Showing the first 500 of ${fmt(letters.length)}; the actions on "all that match" take them all.`),
    );
  }

  async function inChunks(path, ids) {
    let count = 0;
    for (let i = 0; i < ids.length; i += 1000) count += (await api("POST", path, { ids: ids.slice(i, i + 1000) })).count;
    return count;
  }

  async function run(button, what, ids, path) {
    if (!ids.length) {
      error.textContent = "Nothing to " + what + ": select dead letters first.";
      return;
    }
    if (what === "purge" && !(await confirmAction(`Purge ${plural(ids.length, "dead letter", "dead letters")}? Their events stay in the log, but the group will not see them again.`, "Purge"))) return;
    act(button, error, async () => {
      const count = await inChunks(path, ids);
      selected.clear();
      await load();
      summary.textContent = `${what === "purge" ? "Purged" : "Requeued"} ${fmt(count)}. ` + summary.textContent;
    });
  }

  requeueSelected.addEventListener("click", () => run(requeueSelected, "requeue", [...selected], "/v1/dlq/requeue"));
  requeueAll.addEventListener("click", async () => run(requeueAll, "requeue", (await matching()).map((l) => l.id), "/v1/dlq/requeue"));
  purgeSelected.addEventListener("click", () => run(purgeSelected, "purge", [...selected], "/v1/dlq/purge"));
  purgeAll.addEventListener("click", async () => run(purgeAll, "purge", (await matching()).map((l) => l.id), "/v1/dlq/purge"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    load();
  });
  // New dead letters arrive as system events: reload when one does, at most once a second.
  let pending = null;
  const stop = follow(
    "topic=$evbus.dlq.*",
    () => {
      if (!pending) pending = setTimeout(() => ((pending = null), load()), 1000);
    },
    () => {},
  );
  return () => {
    stop();
    clearTimeout(pending);
  };
}

export function viewDeadLetter(main, route) {
  const id = route.rest;
  const path = "/v1/dlq/" + encodeURIComponent(id);
  const error = h("p", { class: "error", role: "alert" });
  const body = h("div");
  const requeue = h("button", { type: "button", class: "primary" }, "Requeue");
  const purge = h("button", { type: "button", class: "danger" }, "Purge");
  replace(main, h("p", {}, h("a", { href: "#/dlq" }, "← Dead letters")), h("h1", {}, "Dead letter ", h("code", {}, id)), h("div", { class: "actions" }, requeue, purge), error, body);
  requeue.addEventListener("click", () =>
    act(requeue, error, async () => {
      await api("POST", "/v1/dlq/requeue", { ids: [id] });
      replace(body, h("p", { class: "ok", role: "status" }, "Requeued: the group gets the event again. "), h("a", { href: "#/dlq" }, "Back to dead letters"));
      requeue.disabled = purge.disabled = true;
    }),
  );
  purge.addEventListener("click", async () => {
    if (!(await confirmAction(`Purge dead letter ${id}?`, "Purge"))) return;
    act(purge, error, async () => {
      await api("POST", "/v1/dlq/purge", { ids: [id] });
      location.hash = "#/dlq";
    });
  });
  api("GET", path)
    .then((letter) => {
      replace(
        body,
        h("div", { class: "panel" }, h("dl", { class: "props" }, [["group", letter.group], ["topic", letter.topic], ["seq", letter.seq], ["reason", letter.reason], ["key", letter.key || "–"], ["dead since", `${letter.dead_at} (${ago(letter.dead_at)})`]].map(([l, v]) => [h("dt", {}, l), h("dd", { class: "mono" }, v)]))),
        h("h2", {}, "Attempts"),
        table(
          [
            { label: "Attempt", num: true, cell: (a) => a.attempt },
            { label: "At", cell: (a) => a.at },
            { label: "Member", cell: (a) => a.member },
            { label: "Error", wrap: true, cell: (a) => a.error },
          ],
          letter.attempts,
          "No attempts: it never reached a consumer.",
        ),
        h("h2", {}, "Event"),
        h("pre", { "aria-label": "The dead letter's event" }, pretty(letter.event)),
      );
    })
    .catch((problem) => (error.textContent = problem.message));
  return () => {};
}
