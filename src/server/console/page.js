// The page: building elements, formatting figures, errors, confirmations, timers.

/** An element: h("td", {class: "num"}, "12"). Text is always text, never markup. */
export function h(tag, attrs, ...children) {
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

export function append(element, ...children) {
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
export function update(element, data, build) {
  const signature = JSON.stringify(data);
  if (drawn.get(element) === signature) return;
  drawn.set(element, signature);
  replace(element, build(data));
}

export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, ...children);
}

const number = new Intl.NumberFormat("en");
export const fmt = (value) => (value === null || value === undefined ? "–" : number.format(value));

export function bytes(value) {
  if (value === null || value === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (unit ? value.toFixed(1) : value) + " " + units[unit];
}

export function duration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m " + (s % 60) + "s";
  if (s < 86400) return Math.floor(s / 3600) + "h " + Math.floor((s % 3600) / 60) + "m";
  return Math.floor(s / 86400) + "d " + Math.floor((s % 86400) / 3600) + "h";
}

export function ago(time) {
  if (!time) return "–";
  const ms = Date.now() - Date.parse(time);
  return ms < 1000 ? "now" : duration(ms) + " ago";
}

export function clock(time) {
  const date = new Date(time);
  return isNaN(date) ? "" : date.toLocaleTimeString("en-GB", { hour12: false }) + "." + String(date.getMilliseconds()).padStart(3, "0");
}

let bannerTimer = null;

/** Shows a bus error at the top of the page, as the bus worded it. */
export function showError(error) {
  const banner = document.getElementById("banner");
  banner.textContent = error.message || String(error);
  banner.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => (banner.hidden = true), 15000);
}

export function clearError() {
  document.getElementById("banner").hidden = true;
}

export function setLink(up) {
  const link = document.getElementById("link");
  link.className = "link " + (up ? "up" : "down");
  link.textContent = up ? "connected" : "bus unreachable";
}

/** Runs an action from a button: disabled while it runs, errors shown where it sits. */
export async function act(button, errorBox, action) {
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
export function confirmAction(text, label) {
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
export function every(tick, ms = 1000) {
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

export function table(columns, rows, empty) {
  const head = h("tr", {}, columns.map((column) => h("th", { scope: "col", class: column.num ? "num" : null }, column.label)));
  const body = h("tbody");
  if (!rows.length) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty)));
  for (const row of rows) {
    body.append(h("tr", {}, columns.map((column) => h("td", { class: column.num ? "num" : column.wrap ? "wrap" : null }, column.cell(row)))));
  }
  return h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, head), body));
}

/** A figure with its label, for the rows of cards at the top of a view. */
export function card(label, value) {
  return h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));
}

export function field(label, input) {
  return h("label", {}, label, input);
}

/** The values of a form's named inputs, trimmed; empty ones left out. */
export function values(form) {
  const out = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === "checkbox") out[element.name] = element.checked;
    else if (element.value.trim() !== "") out[element.name] = element.value.trim();
  }
  return out;
}

export const pretty = (value) => JSON.stringify(value, null, 2);
export const plural = (count, one, many) => `${fmt(count)} ${count === 1 ? one : many}`;

export async function copy(text, button) {
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
