// A line chart of one metric against the training step, drawn on a canvas. The canvas carries
// data-drawn="true" and data-points=N once a curve is on it (the browser check waits for that), and an
// aria-label that says in words what the curve shows.

import { num } from "./dom.js";

const PAD = { left: 58, right: 16, top: 14, bottom: 34 };

export class LineChart {
  #canvas;
  #options;
  #points = [];
  #smoothed = null;
  #xMax = 0;
  #markers = [];
  #hover = -1;
  #color = "#1f6fb4";

  /**
   * @param canvas the canvas (sized by CSS; the drawing follows its size and the device pixel ratio)
   * @param options { name, unit, colorVar, smooth } — name is spoken in the text alternative, colorVar
   *   is the CSS custom property with the line colour ("--loss"),
   *   smooth adds an exponential moving average over noisy values (the raw curve stays, lighter)
   */
  constructor(canvas, options) {
    this.#canvas = canvas;
    this.#options = options;
    new ResizeObserver(() => this.#draw()).observe(canvas);
    canvas.addEventListener("pointermove", (e) => this.#onHover(e));
    canvas.addEventListener("pointerleave", () => {
      this.#hover = -1;
      this.#draw();
    });
  }

  /**
   * Shows points [[step, value], …] (sorted by step) on an x axis from 0 to max(xMax, last step);
   * markers [{ x, label }] are drawn as dashed vertical lines (attempt starts).
   */
  set(points, { xMax = 0, markers = [] } = {}) {
    this.#points = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    this.#smoothed = this.#options.smooth && this.#points.length > 20 ? ema(this.#points.map((p) => p[1]), 0.85) : null;
    this.#xMax = xMax;
    this.#markers = markers;
    this.#hover = -1;
    this.#describe();
    this.#draw();
  }

  #describe() {
    const { name, unit } = this.#options;
    const p = this.#points;
    const u = unit ? ` ${unit}` : "";
    const label =
      p.length === 0
        ? `${name}: no values yet`
        : `${name} over ${p.length} point${p.length === 1 ? "" : "s"}, step ${p[0][0]} to ${p[p.length - 1][0]}: ` +
          `first ${num(p[0][1])}${u}, latest ${num(p[p.length - 1][1])}${u}, lowest ${num(extent(p)[0])}${u}`;
    this.#canvas.setAttribute("aria-label", label);
    this.#canvas.dataset.points = String(p.length);
  }

  #geometry() {
    const canvas = this.#canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const p = this.#points;
    const xMax = Math.max(this.#xMax, p.length ? p[p.length - 1][0] : 0, 1);
    let [yMin, yMax] = p.length ? extent(p) : [0, 1];
    if (yMax - yMin < 1e-12) [yMin, yMax] = [yMin - Math.abs(yMin || 1) * 0.1, yMax + Math.abs(yMax || 1) * 0.1];
    const yPad = (yMax - yMin) * 0.06;
    yMin = yMin >= 0 && yMin - yPad < 0 ? 0 : yMin - yPad;
    yMax += yPad;
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    return {
      width,
      height,
      xMax,
      yMin,
      yMax,
      sx: (x) => PAD.left + (x / xMax) * plotW,
      sy: (y) => PAD.top + (1 - (y - yMin) / (yMax - yMin)) * plotH,
      plotW,
      plotH,
    };
  }

  #draw() {
    const canvas = this.#canvas;
    const dpr = window.devicePixelRatio || 1;
    const g = this.#geometry();
    if (g.width <= 0 || g.height <= 0) return;
    canvas.width = Math.round(g.width * dpr);
    canvas.height = Math.round(g.height * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const style = getComputedStyle(canvas);
    const ink = style.getPropertyValue("--ink").trim() || "#222";
    const grid = style.getPropertyValue("--grid").trim() || "#ddd";
    const muted = style.getPropertyValue("--muted").trim() || "#666";
    this.#color = style.getPropertyValue(this.#options.colorVar).trim() || this.#color;

    this.#axes(ctx, g, { ink, grid, muted });
    const p = this.#points;
    if (p.length === 0) {
      ctx.fillStyle = muted;
      ctx.font = "13px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.fillText("no values yet", PAD.left + g.plotW / 2, PAD.top + g.plotH / 2);
      canvas.dataset.drawn = "false";
      return;
    }
    this.#markersDraw(ctx, g, muted);
    const color = this.#color;
    if (this.#smoothed) {
      this.#line(ctx, g, p.map((q) => q[1]), color, 1, 0.3);
      this.#line(ctx, g, this.#smoothed, color, 2, 1);
    } else {
      this.#line(ctx, g, p.map((q) => q[1]), color, 2, 1);
    }
    // Few points (evaluations): a dot on each; many (steps): only on the latest.
    ctx.fillStyle = color;
    for (const [x, y] of p.length <= 40 ? p : [p[p.length - 1]]) {
      ctx.beginPath();
      ctx.arc(g.sx(x), g.sy(y), 3.5, 0, Math.PI * 2);
      ctx.fill();
    }
    if (this.#hover >= 0) this.#hoverDraw(ctx, g, ink);
    canvas.dataset.drawn = "true";
  }

  #axes(ctx, g, { ink, grid, muted }) {
    ctx.font = "11px system-ui, sans-serif";
    ctx.lineWidth = 1;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    for (const y of ticks(g.yMin, g.yMax, 5)) {
      const py = Math.round(g.sy(y)) + 0.5;
      ctx.strokeStyle = grid;
      ctx.beginPath();
      ctx.moveTo(PAD.left, py);
      ctx.lineTo(PAD.left + g.plotW, py);
      ctx.stroke();
      ctx.fillStyle = muted;
      ctx.fillText(num(y, 3), PAD.left - 6, py);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const x of ticks(0, g.xMax, 6).filter((t) => Number.isInteger(t))) {
      const px = Math.round(g.sx(x)) + 0.5;
      ctx.strokeStyle = grid;
      ctx.beginPath();
      ctx.moveTo(px, PAD.top + g.plotH);
      ctx.lineTo(px, PAD.top + g.plotH + 4);
      ctx.stroke();
      ctx.fillStyle = muted;
      ctx.fillText(x.toLocaleString("en-US"), px, PAD.top + g.plotH + 6);
    }
    ctx.fillText("step", PAD.left + g.plotW / 2, PAD.top + g.plotH + 20);
    ctx.strokeStyle = ink;
    ctx.beginPath();
    ctx.moveTo(PAD.left + 0.5, PAD.top);
    ctx.lineTo(PAD.left + 0.5, PAD.top + g.plotH + 0.5);
    ctx.lineTo(PAD.left + g.plotW, PAD.top + g.plotH + 0.5);
    ctx.stroke();
  }

  #line(ctx, g, values, color, width, alpha) {
    const p = this.#points;
    // Past ~4 points per pixel more points draw the same picture: take every k-th (and the last).
    const every = Math.max(1, Math.floor(p.length / (g.plotW * 4)));
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(g.sx(p[0][0]), g.sy(values[0]));
    for (let i = every; i < p.length; i += every) ctx.lineTo(g.sx(p[i][0]), g.sy(values[i]));
    ctx.lineTo(g.sx(p[p.length - 1][0]), g.sy(values[p.length - 1]));
    ctx.stroke();
    ctx.restore();
  }

  #markersDraw(ctx, g, muted) {
    ctx.save();
    ctx.strokeStyle = muted;
    ctx.fillStyle = muted;
    ctx.setLineDash([4, 4]);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.font = "11px system-ui, sans-serif";
    for (const m of this.#markers) {
      const px = Math.round(g.sx(m.x)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, PAD.top);
      ctx.lineTo(px, PAD.top + g.plotH);
      ctx.stroke();
      ctx.fillText(m.label, px + 4, PAD.top + 2);
    }
    ctx.restore();
  }

  #hoverDraw(ctx, g, ink) {
    const [x, y] = this.#points[this.#hover];
    const px = g.sx(x);
    const py = g.sy(y);
    ctx.save();
    ctx.strokeStyle = ink;
    ctx.globalAlpha = 0.4;
    ctx.beginPath();
    ctx.moveTo(px, PAD.top);
    ctx.lineTo(px, PAD.top + g.plotH);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = this.#color;
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, Math.PI * 2);
    ctx.fill();
    const text = `step ${x.toLocaleString("en-US")}: ${num(y)}${this.#options.unit ? ` ${this.#options.unit}` : ""}`;
    ctx.font = "12px system-ui, sans-serif";
    const w = ctx.measureText(text).width + 12;
    const bx = Math.min(Math.max(px + 8, PAD.left), g.width - PAD.right - w);
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.strokeStyle = ink;
    ctx.fillRect(bx, PAD.top + 16, w, 20);
    ctx.strokeRect(bx + 0.5, PAD.top + 16.5, w - 1, 19);
    ctx.fillStyle = ink;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    ctx.fillText(text, bx + 6, PAD.top + 26);
    ctx.restore();
  }

  #onHover(event) {
    const p = this.#points;
    if (!p.length) return;
    const g = this.#geometry();
    const step = ((event.offsetX - PAD.left) / g.plotW) * g.xMax;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[mid][0] < step) lo = mid + 1;
      else hi = mid;
    }
    const index = lo > 0 && Math.abs(p[lo - 1][0] - step) < Math.abs(p[lo][0] - step) ? lo - 1 : lo;
    if (index !== this.#hover) {
      this.#hover = index;
      this.#draw();
    }
  }
}

/** Round tick values (1, 2, 5 × 10^k apart) covering [min, max]. */
export function ticks(min, max, count) {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  const out = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** [lowest, highest] value of points (a loop: long series must not be spread into Math.min). */
function extent(points) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, y] of points) {
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  return [lo, hi];
}

/** Exponential moving average with the start-up bias removed (as TensorBoard smooths). */
function ema(values, weight) {
  let last = 0;
  return values.map((v, i) => {
    last = last * weight + (1 - weight) * v;
    return last / (1 - weight ** (i + 1));
  });
}
