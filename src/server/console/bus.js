// The bus: API calls, the token, the event stream. Errors are worded as the bus words them.
import { setLink } from "./page.js";

const TOKEN_KEY = "evbus.token";
export let token = localStorage.getItem(TOKEN_KEY);
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

/**
 * One request to the bus, answered with its response once it is 2xx. A 401 asks for the
 * token and sends the request again; other failures throw the bus's own error.
 */
async function send(path, init, accept = "application/json") {
  for (;;) {
    let response;
    try {
      response = await fetch(path, {
        ...init,
        headers: headers({ Accept: accept, ...init.headers }),
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
    return response;
  }
}

/** One API call; JSON in and out. */
export async function api(method, path, body) {
  const response = await send(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Events as NDJSON, for bounded reads (find by seq or id). */
export async function readEvents(query) {
  const response = await send("/v1/events?" + query, {}, "application/x-ndjson");
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
export function follow(query, onEvents, onState) {
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

/** `/healthz` answers 503 with its problems when degraded: both are an answer here. */
export async function healthz() {
  try {
    const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
    return await response.json();
  } catch (_) {
    throw unreachable();
  }
}

/** Emits one structured CloudEvent; answers the receipt and the stored event. */
export async function emit(event) {
  const response = await send("/v1/events", {
    method: "POST",
    headers: { "Content-Type": "application/cloudevents+json" },
    body: JSON.stringify(event),
  });
  return response.json();
}
