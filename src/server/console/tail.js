// The live tail, and one event opened.
import { act, append, clock, copy, field, fmt, h, plural, pretty, replace } from "./page.js";
import { api, follow, readEvents, token } from "./bus.js";

const ROW = 30;
const KEEP = 10000;

export function viewTail(main, route) {
  const form = h("form", { class: "toolbar", "aria-label": "What to tail" });
  const topic = h("input", { name: "topic", placeholder: "order.* , billing.>", value: route.params.get("topic") || "" });
  const filter = h("input", { name: "filter", placeholder: '.data.amount > 100', value: route.params.get("filter") || "" });
  const from = h("select", { name: "from" }, h("option", { value: "now" }, "now"), h("option", { value: "seq" }, "a seq"), h("option", { value: "time" }, "a time"), h("option", { value: "start" }, "the beginning"));
  const fromValue = h("input", { name: "at", placeholder: "1234, 10m or 2026-12-01T10:00:00Z", "aria-label": "Start at (seq or time)" });
  const apply = h("button", { class: "primary", type: "submit" }, "Tail");
  const pause = h("button", { type: "button", "aria-pressed": "false" }, "Pause");
  append(form, field("Topics", topic), h("label", { class: "grow" }, "jq filter", filter), field("From", from), field("Start at", fromValue), apply, pause);
  const findForm = h("form", { class: "toolbar", "aria-label": "Find an event" });
  const findInput = h("input", { name: "find", placeholder: "seq or event id", "aria-label": "Seq or event id", required: true });
  append(findForm, h("label", { class: "grow" }, "Find an event", findInput), h("button", { type: "submit" }, "Find"));
  const findError = h("p", { class: "error", role: "alert" });
  const status = h("div", { class: "tail-status", role: "status", "aria-live": "off" });
  const error = h("p", { class: "error", role: "alert" });
  const viewport = h("div", { class: "viewport", role: "region", "aria-label": "Events, newest first", tabindex: "0" });
  const spacer = h("div", { class: "spacer" });
  viewport.append(spacer);
  replace(main, h("h1", {}, "Live tail"), form, findForm, findError, error, status, viewport);

  let events = []; // newest last; shown newest first
  let held = []; // arrivals while paused
  let paused = false;
  let stop = () => {};
  let arrivals = [];
  let state = "connecting";
  let frame = 0;

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };

  function render() {
    frame = 0;
    spacer.style.height = events.length * ROW + "px";
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - 5);
    const last = Math.min(events.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW) + 5);
    const rows = [];
    for (let index = first; index < last; index++) {
      const event = events[events.length - 1 - index];
      const row = h(
        "button",
        { class: "tail-row", type: "button", "aria-label": `seq ${event.seq}, ${event.type}`, onclick: () => openEvent(event) },
        h("span", { class: "seq" }, event.seq),
        h("span", { class: "time mono" }, clock(event.time)),
        h("span", { class: "topic" }, event.type),
        h("span", { class: "data" }, preview(event)),
      );
      row.style.transform = `translateY(${index * ROW}px)`;
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
    const now = Date.now();
    arrivals = arrivals.filter((at) => now - at < 1000);
    replace(
      status,
      h("span", {}, plural(events.length, "event", "events") + " in view" + (events.length >= KEEP ? ` (the newest ${fmt(KEEP)})` : "")),
      h("span", {}, `${fmt(arrivals.length)}/s`),
      h("span", { class: state === "live" ? "ok" : "warn" }, paused ? `paused · ${fmt(held.length)} waiting` : state),
    );
  }

  function take(batch) {
    const now = Date.now();
    for (let i = 0; i < batch.length; i++) arrivals.push(now);
    if (paused) {
      held.push(...batch);
      if (held.length > KEEP) held = held.slice(-KEEP);
    } else {
      add(batch);
    }
    schedule();
  }

  function add(batch) {
    // Keep the view where the reader is: rows arriving above push it down by their height
    // (the oldest, dropped past KEEP, are at the bottom).
    const reading = viewport.scrollTop > 0;
    events = events.concat(batch);
    if (events.length > KEEP) events = events.slice(-KEEP);
    spacer.style.height = events.length * ROW + "px";
    if (reading) viewport.scrollTop += Math.min(batch.length, KEEP) * ROW;
  }

  function start() {
    stop();
    error.textContent = "";
    events = [];
    held = [];
    const params = new URLSearchParams();
    if (topic.value.trim()) params.set("topic", topic.value.trim());
    if (filter.value.trim()) params.set("filter", filter.value.trim());
    const at = fromValue.value.trim();
    if (from.value === "seq") {
      if (!/^\d+$/.test(at)) {
        error.textContent = "Start at: give a seq, e.g. 1234";
        return;
      }
      params.set("from_seq", at);
    } else if (from.value === "time") {
      if (!at) {
        error.textContent = "Start at: give a time (2026-12-01T10:00:00Z) or a duration back (10m)";
        return;
      }
      params.set("since", at);
    } else if (from.value === "start") {
      params.set("from_start", "true");
    }
    state = "connecting";
    stop = follow(params.toString(), take, (next, problem) => {
      state = next;
      if (problem) error.textContent = problem.message;
      else if (next === "live") error.textContent = "";
      schedule();
    });
    schedule();
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    start();
  });
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.textContent = paused ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(paused));
    if (!paused) {
      add(held);
      held = [];
    }
    schedule();
  });
  findForm.addEventListener("submit", (e) => {
    e.preventDefault();
    findError.textContent = "";
    const wanted = findInput.value.trim();
    act(findForm.querySelector("button"), findError, async () => {
      const found = await findEvent(wanted);
      if (!found) throw new Error(`no event with ${/^\d+$/.test(wanted) ? "seq" : "id"} ${wanted} in the log`);
      openEvent(found);
    });
  });
  viewport.addEventListener("scroll", schedule, { passive: true });
  viewport.addEventListener("keydown", (e) => {
    const rows = [...spacer.children];
    const at = rows.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = rows[at + (e.key === "ArrowDown" ? 1 : -1)] || rows[0];
      if (next) next.focus();
    }
  });
  const resize = () => schedule();
  window.addEventListener("resize", resize);
  start();
  return () => {
    stop();
    cancelAnimationFrame(frame);
    window.removeEventListener("resize", resize);
  };
}

function preview(event) {
  const data = event.data !== undefined ? JSON.stringify(event.data) : event.data_base64 ? "(binary)" : "";
  return data.length > 300 ? data.slice(0, 300) + "…" : data;
}

/** An event by seq (a bounded read of one) or by id (a scan of the log up to now). */
async function findEvent(wanted) {
  if (/^\d+$/.test(wanted)) {
    const [event] = await readEvents(`from_seq=${wanted}&to_seq=${wanted}`);
    return event && event.seq === Number(wanted) ? event : null;
  }
  const status = await api("GET", "/v1/status");
  if (!status.last_seq) return null;
  const filter = `.id == ${JSON.stringify(wanted)}`;
  const [event] = await readEvents(new URLSearchParams({ from_start: "true", to_seq: String(status.last_seq), filter }).toString());
  return event || null;
}

/** Attributes the bus sets itself: a copy leaves them out, so it is a new event. */
const BUS_SET = new Set(["id", "time", "seq", "specversion", "type", "data", "data_base64", "datacontenttype", "source"]);

const shell = (text) => "'" + String(text).replace(/'/g, "'\\''") + "'";

function asEmit(event) {
  const parts = ["evbus emit", shell(event.type)];
  if (event.data !== undefined) parts.push("--data", shell(JSON.stringify(event.data)));
  if (event.source) parts.push("--source", shell(event.source));
  if (event.datacontenttype && event.datacontenttype !== "application/json") parts.push("--content-type", shell(event.datacontenttype));
  for (const [name, value] of Object.entries(event)) {
    if (BUS_SET.has(name)) continue;
    if (name === "subject") parts.push("--subject", shell(value));
    else if (name === "partitionkey") parts.push("--key", shell(value));
    else if (name === "to") parts.push("--to", shell(value));
    else parts.push("--attr", shell(`${name}=${typeof value === "string" ? value : JSON.stringify(value)}`));
  }
  return parts.join(" ");
}

function asCurl(event) {
  const copy = {};
  for (const [name, value] of Object.entries(event)) if (!["id", "time", "seq"].includes(name)) copy[name] = value;
  const parts = ["curl -sS -X POST", shell(location.origin + "/v1/events"), "-H 'Content-Type: application/cloudevents+json'"];
  if (token) parts.push('-H "Authorization: Bearer $EVBUS_TOKEN"');
  parts.push("--data-binary", shell(JSON.stringify(copy)));
  return parts.join(" ");
}

function openEvent(event) {
  const attributes = Object.entries(event).filter(([name]) => name !== "data" && name !== "data_base64");
  const emitText = asEmit(event);
  const curlText = asCurl(event);
  const close = h("button", { type: "button", "aria-label": "Close" }, "Close");
  const emitButton = h("button", { type: "button" }, "Copy as evbus emit");
  const curlButton = h("button", { type: "button" }, "Copy as curl");
  emitButton.addEventListener("click", () => copy(emitText, emitButton));
  curlButton.addEventListener("click", () => copy(curlText, curlButton));
  const dialog = h(
    "dialog",
    { class: "wide", "aria-labelledby": "event-title" },
    h("h2", { id: "event-title" }, `Event ${event.seq} · ${event.type}`),
    h("dl", { class: "props" }, attributes.map(([name, value]) => [h("dt", {}, name), h("dd", { class: "mono" }, typeof value === "string" ? value : JSON.stringify(value))])),
    h("h2", {}, "Data"),
    h("pre", { "aria-label": "Event data" }, event.data !== undefined ? pretty(event.data) : event.data_base64 ? "(base64) " + event.data_base64 : "(none)"),
    h("pre", { class: "muted", "aria-label": "As evbus emit" }, emitText),
    h("div", { class: "actions" }, emitButton, curlButton, close),
  );
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
