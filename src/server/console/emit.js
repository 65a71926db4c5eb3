// Emitting an event from a form.
import { act, append, field, h, replace, values } from "./page.js";
import { emit } from "./bus.js";

export function viewEmit(main) {
  const form = h("form", { class: "grid", "aria-label": "Event to emit" });
  const topic = h("input", { name: "type", required: true, placeholder: "order.created" });
  const data = h("textarea", { name: "data", rows: 8, placeholder: '{"id": 42}', "aria-describedby": "data-check" });
  const dataCheck = h("p", { id: "data-check", class: "muted", "aria-live": "polite" }, "Data is JSON; leave it empty for none.");
  const attrs = h("textarea", { name: "attrs", rows: 3, placeholder: "region=eu\ntenant=acme" });
  const send = h("button", { class: "primary", type: "submit" }, "Emit");
  const error = h("p", { class: "error", role: "alert" });
  const receipt = h("div", { class: "receipt", role: "status", "aria-live": "polite" });
  append(
    form,
    field("Topic", topic),
    field("Source", h("input", { name: "source", placeholder: "evbus-console" })),
    field("Subject", h("input", { name: "subject" })),
    field("Ordering key", h("input", { name: "partitionkey", placeholder: "customer-7" })),
    field("Id (leave empty for a new one)", h("input", { name: "id" })),
    field("To (a group, or a glob)", h("input", { name: "to", placeholder: "billing-*" })),
    h("label", { class: "full" }, "Data (JSON)", data, dataCheck),
    h("label", { class: "full" }, "Attributes, one name=value a line", attrs),
    h("div", { class: "actions full" }, send),
  );
  replace(main, h("h1", {}, "Emit an event"), h("section", { class: "panel" }, form, error, receipt));

  function parseData() {
    const text = data.value.trim();
    if (!text) return { ok: true };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (problem) {
      return { ok: false, message: problem.message };
    }
  }
  data.addEventListener("input", () => {
    const parsed = parseData();
    data.setAttribute("aria-invalid", String(!parsed.ok));
    dataCheck.className = parsed.ok ? "muted" : "error";
    dataCheck.textContent = parsed.ok ? (data.value.trim() ? "Valid JSON." : "Data is JSON; leave it empty for none.") : "Not JSON: " + parsed.message;
    send.disabled = !parsed.ok;
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const parsed = parseData();
    if (!parsed.ok) return;
    const given = values(form);
    const event = { specversion: "1.0", type: given.type, source: given.source || "evbus-console" };
    for (const name of ["subject", "partitionkey", "id", "to"]) if (given[name]) event[name] = given[name];
    for (const line of (given.attrs || "").split("\n")) {
      if (!line.trim()) continue;
      const at = line.indexOf("=");
      if (at < 1) {
        error.textContent = `attribute line '${line.trim()}' is not name=value`;
        return;
      }
      event[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    if (parsed.value !== undefined) {
      event.datacontenttype = "application/json";
      event.data = parsed.value;
    }
    act(send, error, async () => {
      const answer = await emit(event);
      const r = answer; // the receipt, flattened beside the stored event
      replace(
        receipt,
        h("h2", {}, r.duplicate ? "Already stored" : "Stored"),
        h("dl", { class: "props" }, h("dt", {}, "seq"), h("dd", { class: "mono", "data-receipt": "seq" }, r.seq), h("dt", {}, "id"), h("dd", { class: "mono" }, r.id), h("dt", {}, "duplicate"), h("dd", {}, r.duplicate ? "yes: an event with this id was already stored, not stored again" : "no")),
        r.no_route && h("p", { class: "warn" }, `No group matches to=${event.to}: the event was dead-lettered (reason no_route).`),
      );
    });
  });
  return () => {};
}
