// Charts on a canvas, and the rates they show.
import { fmt, h, replace } from "./page.js";

function palette() {
  return getComputedStyle(document.documentElement).getPropertyValue("--series").split(",").map((c) => c.trim());
}

/** A line chart of named series (arrays of numbers, one per second), drawn on a canvas. */
export function chart(label) {
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
export const rates = new Rates();

export function sampleRates(status, groups) {
  const at = Date.now();
  rates.add("events in", status.last_seq || 0, at);
  for (const group of groups) rates.add("group " + group.name, group.completed, at);
}
