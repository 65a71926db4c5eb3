// Routes: list, add, remove.
import { act, append, confirmAction, every, field, fmt, h, replace, table, update, values } from "./page.js";
import { api } from "./bus.js";

export function viewRoutes(main) {
  const list = h("div");
  const form = h("form", { class: "grid", "aria-label": "New route" });
  const add = h("button", { type: "submit", class: "primary" }, "Add route");
  const error = h("p", { class: "error", role: "alert" });
  append(
    form,
    field("Name", h("input", { name: "name", required: true })),
    field("Pattern", h("input", { name: "pattern", required: true, placeholder: "order.*" })),
    field("jq filter", h("input", { name: "filter" })),
    field("To topic", h("input", { name: "to_topic" })),
    field("To group", h("input", { name: "to_group" })),
    h("div", { class: "actions" }, add),
  );
  replace(main, h("h1", {}, "Routes"), error, list, h("section", { class: "panel" }, h("h2", {}, "Add a route"), form));
  async function refresh() {
    const routes = await api("GET", "/v1/routes");
    update(list, routes, (routes) =>
      table(
        [
          { label: "Route", cell: (r) => r.name },
          { label: "Pattern", cell: (r) => h("code", {}, r.pattern) },
          { label: "Filter", cell: (r) => (r.filter ? h("code", {}, r.filter) : "–") },
          { label: "To", cell: (r) => (r.to_topic ? "topic " + r.to_topic : "group " + r.to_group) },
          { label: "Forwarded", num: true, cell: (r) => fmt(r.forwarded) },
          {
            label: "",
            cell: (r) =>
              h("button", {
                type: "button",
                class: "danger",
                "aria-label": `Remove route ${r.name}`,
                onclick: async (e) => {
                  const button = e.target;
                  if (await confirmAction(`Remove route ${r.name}?`, "Remove")) act(button, error, () => api("DELETE", "/v1/routes/" + encodeURIComponent(r.name)).then(refresh));
                },
              }, "Remove"),
          },
        ],
        routes,
        "No routes. A route forwards matching events to another topic or group.",
      ),
    );
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(add, error, async () => {
      await api("POST", "/v1/routes", values(form));
      form.reset();
      await refresh();
    });
  });
  return every(refresh, 5000);
}
