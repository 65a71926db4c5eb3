// Topics: counts and last seen.
import { ago, every, fmt, h, replace, table } from "./page.js";
import { api } from "./bus.js";

export function viewTopics(main) {
  const list = h("div");
  replace(main, h("h1", {}, "Topics"), list);
  return every(async () => {
    const topics = await api("GET", "/v1/topics");
    replace(
      list,
      table(
        [
          { label: "Topic", cell: (t) => h("a", { href: "#/tail?topic=" + encodeURIComponent(t.topic) }, t.topic) },
          { label: "Events", num: true, cell: (t) => fmt(t.events) },
          { label: "Last seen", cell: (t) => ago(t.last_seen) },
        ],
        topics,
        "No topics yet: emit an event.",
      ),
    );
  }, 5000);
}
