// The evbus console: ES modules, no framework, no build step. It drives the same /v1
// API as every client; live views read the SSE stream, and nothing polls faster than
// once a second. Views are functions of (main, route) that return a cleanup function,
// run when the user leaves them (timers stopped, streams closed).
import { clearError, showError } from "./page.js";
import { viewGroup, viewGroups } from "./groups.js";
import { viewOverview } from "./overview.js";
import { viewTail } from "./tail.js";
import { viewEmit } from "./emit.js";
import { viewDeadLetter, viewDeadLetters } from "./dlq.js";
import { viewReplays } from "./replays.js";
import { viewRoutes } from "./routes.js";
import { viewTopics } from "./topics.js";

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
