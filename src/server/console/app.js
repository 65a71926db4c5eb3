// The evbus console: one script, no framework, no build step. It drives the same /v1
// API as every client; live views read the SSE stream, and nothing polls faster than
// once a second. Views are functions of (main, route) that return a cleanup function,
// run when the user leaves them (timers stopped, streams closed).
"use strict";

// ---- The bus: requests, the token, the event stream --------------------------------

const TOKEN_KEY = "evbus.token";
let token = localStorage.getItem(TOKEN_KEY);
let askingForToken = null;

/** A bus error, worded as the bus words it. */
class BusError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

function headers(extra) {
  const all = { Accept: "application/json", ...extra };
  if (token) all.Authorization = "Bearer " + token;
  return all;
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    // Not JSON: a proxy or a dying server; say what we know.
  }
  const error = body && body.error;
  return new BusError(
    error ? error.message : `the bus answered ${response.status} ${response.statusText}`,
    error ? error.code : "http_" + response.status,
    response.status,
  );
}

function unreachable() {
  return new BusError(
    `cannot reach the bus at ${location.origin}: is evbus serve still running?`,
    "unreachable",
    0,
  );
}

/** The token, asked for once; resolves when the user gave one. */
function askForToken(wrong) {
  if (askingForToken) return askingForToken;
  const dialog = document.getElementById("token");
  const input = document.getElementById("token-input");
  document.getElementById("token-error").textContent = wrong ? "That token was refused: " + wrong : "";
  input.value = "";
  askingForToken = new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        askingForToken = null;
        const given = input.value.trim();
        if (given) {
          token = given;
          localStorage.setItem(TOKEN_KEY, token);
        }
        resolve(Boolean(given));
      },
      { once: true },
    );
  });
  dialog.showModal();
  return askingForToken;
}

/** One API call; JSON in and out. A 401 asks for the token and tries again. */
async function api(method, path, body) {
  for (;;) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
    } catch (_) {
      setLink(false);
      throw unreachable();
    }
    setLink(true);
    if (response.status === 401) {
      const error = await errorOf(response);
      if (await askForToken(token ? error.message : "")) continue;
      throw error;
    }
    if (!response.ok) throw await errorOf(response);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
}

/** Events as NDJSON, for bounded reads (find by seq or id). */
async function readEvents(query) {
  const response = await fetch("/v1/events?" + query, {
    headers: headers({ Accept: "application/x-ndjson" }),
    credentials: "omit",
  }).catch(() => {
    throw unreachable();
  });
  if (response.status === 401 && (await askForToken(""))) return readEvents(query);
  if (!response.ok) throw await errorOf(response);
  const events = [];
  for (const line of (await response.text()).split("\n")) {
    if (!line) continue;
    const value = JSON.parse(line);
    if (value.error) throw new BusError(value.error.message, value.error.code, 200);
    events.push(value);
  }
  return events;
}

/**
 * Follows `/v1/events?query` as Server-Sent Events, read with fetch so the token goes in
 * a header, never in the URL. Reconnects after a drop from the last seq seen, so
 * nothing is missed. Returns a function that stops it.
 */
function follow(query, onEvents, onState) {
  const controller = new AbortController();
  let lastSeq = null;
  let stopped = false;
  let retry = 1000;

  async function once() {
    const params = new URLSearchParams(query);
    if (lastSeq !== null) {
      params.delete("since");
      params.delete("from_start");
      params.set("from_seq", String(lastSeq + 1));
    }
    const response = await fetch("/v1/events?" + params, {
      headers: headers({ Accept: "text/event-stream" }),
      credentials: "omit",
      signal: controller.signal,
    });
    if (response.status === 401) {
      if (await askForToken("")) return true;
      throw await errorOf(response);
    }
    if (!response.ok) throw await errorOf(response);
    setLink(true);
    onState("live");
    retry = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += value;
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop();
      const batch = [];
      for (const block of blocks) {
        let kind = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("data:")) data += (data ? "\n" : "") + line.slice(5).replace(/^ /, "");
          else if (line.startsWith("event:")) kind = line.slice(6).trim();
        }
        if (!data) continue;
        const parsed = JSON.parse(data);
        if (kind === "error") throw new BusError(parsed.error.message, parsed.error.code, 200);
        lastSeq = parsed.seq;
        batch.push(parsed);
      }
      if (batch.length) onEvents(batch);
    }
  }

  (async () => {
    while (!stopped) {
      let again = false;
      try {
        again = await once();
      } catch (error) {
        if (stopped) return;
        if (error instanceof BusError && error.status >= 400 && error.status < 500) {
          onState("error", error);
          return; // A bad pattern or filter does not get better by retrying.
        }
        onState("error", error instanceof BusError ? error : unreachable());
      }
      if (stopped) return;
      if (!again) onState("reconnecting");
      await sleep(retry);
      retry = Math.min(retry * 2, 10000);
    }
  })();
  return () => {
    stopped = true;
    controller.abort();
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- The page: elements, formatting, errors ------------------------------------------

/** An element: h("td", {class: "num"}, "12"). Text is always text, never markup. */
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  return append(element, ...children);
}

function append(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * Redraws `element` from `data` only when the data changed since the last draw: a view
 * refreshed each second keeps the reader's focus and selection while nothing moves.
 */
const drawn = new WeakMap();
function update(element, data, build) {
  const signature = JSON.stringify(data);
  if (drawn.get(element) === signature) return;
  drawn.set(element, signature);
  replace(element, build(data));
}

function replace(element, ...children) {
  element.replaceChildren();
  return append(element, ...children);
}

const number = new Intl.NumberFormat("en");
const fmt = (value) => (value === null || value === undefined ? "–" : number.format(value));

function bytes(value) {
  if (value === null || value === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (unit ? value.toFixed(1) : value) + " " + units[unit];
}

function duration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
  if (s < 86400) return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
  return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
}

function ago(time) {
  if (!time) return "–";
  const ms = Date.now() - Date.parse(time);
  return ms < 1000 ? "now" : duration(ms) + " ago";
}

function clock(time) {
  const date = new Date(time);
  return isNaN(date) ? "" : date.toLocaleTimeString("en-GB", { hour12: false }) + "." + String(date.getMilliseconds()).padStart(3, "0");
}

let bannerTimer = null;

/** Shows a bus error at the top of the page, as the bus worded it. */
function showError(error) {
  const banner = document.getElementById("banner");
  banner.textContent = error.message || String(error);
  banner.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => (banner.hidden = true), 15000);
}

function clearError() {
  document.getElementById("banner").hidden = true;
}

function setLink(up) {
  const link = document.getElementById("link");
  link.className = "link " + (up ? "up" : "down");
  link.textContent = up ? "connected" : "bus unreachable";
}

/** Runs an action from a button: disabled while it runs, errors shown where it sits. */
async function act(button, errorBox, action) {
  button.disabled = true;
  if (errorBox) errorBox.textContent = "";
  try {
    await action();
  } catch (error) {
    if (errorBox) errorBox.textContent = error.message;
    else showError(error);
  } finally {
    button.disabled = false;
  }
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
function confirmAction(text, label) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = label || "Confirm";
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true }),
  );
}

/** Runs `tick` now and then once a second while the view is open. */
function every(tick, ms = 1000) {
  let timer = null;
  let stopped = false;
  const run = async () => {
    try {
      await tick();
    } catch (error) {
      showError(error);
    }
    if (!stopped) timer = setTimeout(run, ms);
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function table(columns, rows, empty) {
  const head = h("tr", {}, columns.map((column) => h("th", { scope: "col", class: column.num ? "num" : null }, column.label)));
  const body = h("tbody");
  if (!rows.length) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty)));
  for (const row of rows) {
    body.append(h("tr", {}, columns.map((column) => h("td", { class: column.num ? "num" : column.wrap ? "wrap" : null }, column.cell(row)))));
  }
  return h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, head), body));
}

function field(label, input) {
  return h("label", {}, label, input);
}

/** The values of a form's named inputs, trimmed; empty ones left out. */
function values(form) {
  const out = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === "checkbox") out[element.name] = element.checked;
    else if (element.value.trim() !== "") out[element.name] = element.value.trim();
  }
  return out;
}

const pretty = (value) => JSON.stringify(value, null, 2);
const plural = (count, one, many) => `${fmt(count)} ${count === 1 ? one : many}`;

// ---- Charts ------------------------------------------------------------------------

function palette() {
  return getComputedStyle(document.documentElement).getPropertyValue("--series").split(",").map((c) => c.trim());
}

/** A line chart of named series (arrays of numbers, one per second), drawn on a canvas. */
function chart(label) {
  const canvas = h("canvas", { role: "img", "aria-label": label });
  const legend = h("div", { class: "legend" });
  const element = h("div", { class: "chart" }, canvas, legend);
  let last = null;
  const redraw = () => last && draw(...last);
  new ResizeObserver(redraw).observe(canvas);
  charts.add(redraw);
  function draw(series, unit) {
    if (!canvas.isConnected && last) {
      charts.delete(redraw); // its view is gone
      return;
    }
    last = [series, unit];
    const rect = canvas.getBoundingClientRect();
    if (!rect.width) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(rect.width * ratio);
    canvas.height = Math.round(rect.height * ratio);
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    const style = getComputedStyle(document.documentElement);
    const muted = style.getPropertyValue("--muted").trim();
    const line = style.getPropertyValue("--line").trim();
    const colors = palette();
    const width = rect.width;
    const height = rect.height;
    const left = 52;
    const bottom = height - 20;
    const points = Math.max(2, ...series.map((s) => s.values.length));
    const top = Math.max(1, ...series.flatMap((s) => s.values));
    const scale = niceCeiling(top);
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = muted;
    g.strokeStyle = line;
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = 8 + ((bottom - 8) * i) / 4;
      g.beginPath();
      g.moveTo(left, Math.round(y) + 0.5);
      g.lineTo(width, Math.round(y) + 0.5);
      g.stroke();
      const tick = scale * (1 - i / 4);
      g.fillText(scale < 4 ? String(Math.round(tick * 100) / 100) : fmt(Math.round(tick)), 4, y + 4);
    }
    g.fillText(`${Math.round(points)}s ago`, left, height - 4);
    const now = "now" + (unit ? "  ·  " + unit : "");
    g.fillText(now, width - g.measureText(now).width - 2, height - 4);
    series.forEach((s, index) => {
      g.strokeStyle = colors[index % colors.length];
      g.lineWidth = 2;
      g.beginPath();
      s.values.forEach((value, i) => {
        const x = left + ((width - left) * (i + points - s.values.length)) / (points - 1);
        const y = bottom - ((bottom - 8) * value) / scale;
        if (i) g.lineTo(x, y);
        else g.moveTo(x, y);
      });
      g.stroke();
    });
    replace(
      legend,
      series.map((s, index) => {
        const swatch = h("span", {}, `${s.name} ${fmt(Math.round(s.values[s.values.length - 1] || 0))}`);
        swatch.style.setProperty("--swatch", colors[index % colors.length]);
        return swatch;
      }),
    );
  }
  return { element, draw };
}

// Charts take their colors from the scheme: a change of scheme redraws them.
const charts = new Set();
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => charts.forEach((redraw) => redraw()));

function niceCeiling(value) {
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** Per-second rates from counters sampled once a second, for the last `keep` seconds. */
class Rates {
  constructor(keep = 300) {
    this.keep = keep;
    this.last = new Map();
    this.series = new Map();
  }
  add(name, counter, at) {
    const previous = this.last.get(name);
    this.last.set(name, { counter, at });
    if (!this.series.has(name)) this.series.set(name, []);
    if (!previous || at <= previous.at) return;
    const values = this.series.get(name);
    values.push(Math.max(0, ((counter - previous.counter) * 1000) / (at - previous.at)));
    if (values.length > this.keep) values.shift();
  }
  get(name) {
    return this.series.get(name) || [];
  }
}

// Kept while the console is open, so leaving the overview does not lose its history.
const rates = new Rates();

function sampleRates(status, groups) {
  const at = Date.now();
  rates.add("events in", status.last_seq || 0, at);
  for (const group of groups) rates.add("group " + group.name, group.completed, at);
}

// ---- Views -------------------------------------------------------------------------

const views = {
  overview: viewOverview,
  tail: viewTail,
  emit: viewEmit,
  groups: viewGroups,
  group: viewGroup,
  dlq: viewDeadLetters,
  dead: viewDeadLetter,
  replays: viewReplays,
  routes: viewRoutes,
  topics: viewTopics,
};

function groupsTable(groups) {
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

function viewOverview(main) {
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
  const card = (label, value) => h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
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

/** `/healthz` answers 503 with its problems when degraded: both are an answer here. */
async function healthz() {
  try {
    const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
    return await response.json();
  } catch (_) {
    throw unreachable();
  }
}

// -- Live tail: newest first, only the rows on screen are in the page.

const ROW = 30;
const KEEP = 10000;

function viewTail(main, route) {
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

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    // Plain http off loopback has no clipboard API: select the text for Ctrl+C instead.
    const area = h("textarea", { class: "mono", "aria-label": "Text to copy", rows: 3 });
    area.value = text;
    button.after(area);
    area.select();
    return;
  }
  const label = button.textContent;
  button.textContent = "Copied";
  setTimeout(() => (button.textContent = label), 1200);
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

// -- Emit

function viewEmit(main) {
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

async function emit(event) {
  let response;
  try {
    response = await fetch("/v1/events", {
      method: "POST",
      headers: headers({ "Content-Type": "application/cloudevents+json" }),
      body: JSON.stringify(event),
      credentials: "omit",
    });
  } catch (_) {
    throw unreachable();
  }
  if (response.status === 401 && (await askForToken(""))) return emit(event);
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

// -- Groups

function viewGroups(main) {
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

function viewGroup(main, route) {
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
    const card = (label, value) => h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
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

// -- Dead letters

function viewDeadLetters(main, route) {
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

function viewDeadLetter(main, route) {
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

// -- Replays

function viewReplays(main) {
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

// -- Routes and topics

function viewRoutes(main) {
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

function viewTopics(main) {
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

// ---- Routing -----------------------------------------------------------------------

let leave = () => {};

/** `#/groups/NAME?x=y` → { view: "group", rest: "NAME", params }. */
function parseRoute() {
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const [first, ...rest] = path.split("/");
  const params = new URLSearchParams(query || "");
  const joined = rest.map(decodeURIComponent).join("/");
  if (first === "groups" && joined) return { view: "group", section: "groups", rest: joined, params };
  if (first === "dlq" && joined) return { view: "dead", section: "dlq", rest: joined, params };
  const view = views[first] ? first : "overview";
  return { view, section: view, rest: joined, params };
}

function show() {
  leave();
  clearError();
  const route = parseRoute();
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === "#/" + route.section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const main = document.getElementById("main");
  document.title = `${document.querySelector(`nav a[href="#/${route.section}"]`).textContent} · evbus console`;
  leave = views[route.view](main, route) || (() => {});
  main.focus({ preventScroll: true });
}

window.addEventListener("hashchange", show);
window.addEventListener("error", (e) => showError(e.error || e));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));
show();
