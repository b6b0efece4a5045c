// A 3D skeleton viewer on a 2D canvas: a val clip's prediction against its ground truth, 17 joints in
// the Human3.6M order, played through its T frames, orbited by dragging (or the arrow keys).
//
// Coordinates are mm in the universal frame (ARCHITECTURE §4): origin = shoulder midpoint,
// +y = left → right shoulder, +z = towards the pelvis (down), +x = the facing direction. The camera
// orbits the vertical axis, so "up" on screen is −z: the body stands upright. At yaw 0 the camera looks
// at the subject's front (from +x), so the subject's right side (+y) is on the screen's left.

import { h } from "./dom.js";

/** Bones (parent, child) of the Human3.6M 17-joint skeleton, used when a sample names none. */
export const H36M_BONES = [
  [0, 1], [1, 2], [2, 3], [0, 4], [4, 5], [5, 6], [0, 7], [7, 8], [8, 9], [9, 10],
  [8, 11], [11, 12], [12, 13], [8, 14], [14, 15], [15, 16],
];

const HEAD = 10;
const DEFAULT_VIEW = { yaw: 0.6, pitch: 0.25 };
const GRID_MM = 250;

export class SkeletonViewer {
  #canvas;
  #play;
  #slider;
  #position;
  #speed;
  #readout;
  #clip = null; // { t, joints, bones, gt: Float32Array, pred: Float32Array, fps, center, radius, floor, error }
  #frame = 0;
  #phase = 0;
  #playing = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  #raf = 0;
  #lastTime = 0;
  #view = { ...DEFAULT_VIEW };
  #message = "no prediction yet";

  /** Builds the canvas and its controls inside container. */
  constructor(container) {
    this.#canvas = h("canvas", {
      "data-testid": "skeleton-canvas",
      "data-drawn": "false",
      role: "img",
      tabindex: "0",
      "aria-label": "3D skeleton viewer: no prediction yet",
    });
    this.#play = h("button", { type: "button", "data-testid": "skeleton-play", onclick: () => this.#toggle() });
    this.#slider = h("input", { type: "range", min: "0", max: "0", value: "0", id: "skeleton-frame", disabled: true });
    this.#position = h("output", { for: "skeleton-frame" }, "–");
    this.#speed = h(
      "select",
      { id: "skeleton-speed" },
      [1, 0.5, 0.25].map((s) => h("option", { value: String(s), selected: s === 0.5 }, `${s}×`)),
    );
    this.#readout = h("p", { class: "readout" });
    container.replaceChildren(
      this.#canvas,
      h(
        "div",
        { class: "controls" },
        this.#play,
        h("label", { for: "skeleton-frame" }, "Frame"),
        this.#slider,
        this.#position,
        h("label", { for: "skeleton-speed" }, "Speed"),
        this.#speed,
      ),
      h(
        "p",
        { class: "legend" },
        h("span", { class: "swatch swatch-gt", "aria-hidden": "true" }),
        "ground truth ",
        h("span", { class: "swatch swatch-pred", "aria-hidden": "true" }),
        "prediction",
        h("span", { class: "muted" }, " · drag or arrow keys to orbit, double-click to reset"),
      ),
      this.#readout,
    );
    this.#slider.addEventListener("input", () => {
      this.#setPlaying(false);
      this.#show(Number(this.#slider.value));
    });
    this.#wireOrbit();
    new ResizeObserver(() => this.#draw()).observe(this.#canvas);
    this.#setPlaying(this.#playing);
  }

  /** Shows a sample of GET /api/experiments/{id}/sample, or null with a message ("no prediction yet"). */
  setSample(sample, message = "no prediction yet") {
    try {
      this.#clip = sample ? prepare(sample) : null;
      this.#message = message;
    } catch (e) {
      this.#clip = null;
      this.#message = `cannot show this sample: ${e.message}`;
    }
    const c = this.#clip;
    this.#slider.max = String(c ? c.t - 1 : 0);
    this.#slider.disabled = !c;
    this.#play.disabled = !c;
    this.#canvas.dataset.frames = String(c ? c.t : 0);
    this.#canvas.setAttribute(
      "aria-label",
      c
        ? `3D skeleton of val clip ${sample.clip_id ?? ""} (${[sample.dataset, sample.subject, sample.action].filter(Boolean).join(", ")}): ` +
            `prediction in orange against ground truth in blue, ${c.t} frames, mean joint error ${c.meanError.toFixed(1)} mm`
        : `3D skeleton viewer: ${this.#message}`,
    );
    this.#phase = 0;
    this.#show(0);
    this.#setPlaying(this.#playing);
  }

  #show(frame) {
    this.#frame = frame;
    this.#slider.value = String(frame);
    this.#draw();
  }

  #toggle() {
    this.#setPlaying(!this.#playing);
  }

  #setPlaying(playing) {
    this.#playing = playing;
    this.#play.textContent = playing ? "Pause" : "Play";
    this.#play.setAttribute("aria-label", playing ? "Pause the clip" : "Play the clip");
    this.#canvas.dataset.playing = String(playing && !!this.#clip);
    if (playing && this.#clip && !this.#raf) {
      this.#phase = this.#frame;
      this.#lastTime = performance.now();
      this.#raf = requestAnimationFrame((now) => this.#tick(now));
    }
  }

  #tick(now) {
    this.#raf = 0;
    const c = this.#clip;
    if (!this.#playing || !c) return;
    // A frame's timestamp can be earlier than the performance.now() taken when it was requested.
    const dt = Math.min(0.25, Math.max(0, (now - this.#lastTime) / 1000));
    this.#lastTime = now;
    this.#phase = (this.#phase + dt * c.fps * Number(this.#speed.value)) % c.t;
    const frame = Math.floor(this.#phase);
    if (frame !== this.#frame) this.#show(frame);
    this.#raf = requestAnimationFrame((t) => this.#tick(t));
  }

  #wireOrbit() {
    const canvas = this.#canvas;
    let drag = null;
    canvas.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drag) return;
      this.#orbit((e.clientX - drag.x) * 0.01, (e.clientY - drag.y) * 0.01);
      drag = { x: e.clientX, y: e.clientY };
    });
    const end = () => (drag = null);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("dblclick", () => {
      this.#view = { ...DEFAULT_VIEW };
      this.#draw();
    });
    canvas.addEventListener("keydown", (e) => {
      const keys = { ArrowLeft: [-0.15, 0], ArrowRight: [0.15, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] };
      if (keys[e.key]) this.#orbit(...keys[e.key]);
      else if (e.key === " ") this.#toggle();
      else if (e.key === "Home") {
        this.#view = { ...DEFAULT_VIEW };
        this.#draw();
      } else return;
      e.preventDefault();
    });
  }

  #orbit(dYaw, dPitch) {
    this.#view.yaw -= dYaw;
    this.#view.pitch = Math.max(-1.2, Math.min(1.45, this.#view.pitch + dPitch));
    this.#draw();
  }

  #draw() {
    const canvas = this.#canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width <= 0 || height <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(canvas);
    const colors = {
      gt: style.getPropertyValue("--gt").trim() || "#1f6fb4",
      pred: style.getPropertyValue("--pred").trim() || "#e8710a",
      grid: style.getPropertyValue("--grid").trim() || "#ddd",
      muted: style.getPropertyValue("--muted").trim() || "#666",
    };
    const c = this.#clip;
    if (!c) {
      ctx.fillStyle = colors.muted;
      ctx.font = "13px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.fillText(this.#message, width / 2, height / 2);
      canvas.dataset.drawn = "false";
      this.#position.textContent = "–";
      this.#readout.textContent = "";
      return;
    }
    const project = this.#projector(c, width, height);
    this.#floor(ctx, c, project, colors.grid);
    const drawnGt = this.#skeleton(ctx, c.gt, c, project, colors.gt);
    ctx.globalAlpha = 0.9; // the ground truth shows through where the two overlap
    const drawnPred = this.#skeleton(ctx, c.pred, c, project, colors.pred);
    ctx.globalAlpha = 1;
    const f = this.#frame;
    this.#position.textContent = `${f + 1} / ${c.t}`;
    this.#readout.textContent =
      `frame ${f + 1} of ${c.t} (t = ${(f / c.fps).toFixed(2)} s at ${c.fps} fps) · ` +
      `mean joint error ${c.frameError[f].toFixed(1)} mm this frame, ${c.meanError.toFixed(1)} mm over the clip`;
    canvas.dataset.frame = String(f);
    canvas.dataset.drawn = String(drawnGt && drawnPred);
  }

  /** point (x, y, z) in mm → [screen x, screen y, scale] for the current orbit. */
  #projector(c, width, height) {
    const { yaw, pitch } = this.#view;
    const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
    const distance = c.radius * 3.2;
    const focal = (0.4 * Math.min(width, height) * distance) / c.radius;
    return (x, y, z) => {
      const [dx, dy, up] = [x - c.center[0], y - c.center[1], -(z - c.center[2])];
      const toward = dx * cy + dy * sy; // along the camera's horizontal direction
      const right = dx * sy - dy * cy;
      const depth = toward * cp + up * sp;
      const screenUp = up * cp - toward * sp;
      const scale = focal / (distance - depth);
      return [width / 2 + right * scale, height / 2 - screenUp * scale, scale];
    };
  }

  #floor(ctx, c, project, color) {
    const extent = Math.ceil((c.radius * 1.1) / GRID_MM) * GRID_MM;
    const [x0, y0] = [Math.round(c.center[0] / GRID_MM) * GRID_MM, Math.round(c.center[1] / GRID_MM) * GRID_MM];
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    for (let d = -extent; d <= extent; d += GRID_MM) {
      for (const [a, b] of [
        [[x0 + d, y0 - extent], [x0 + d, y0 + extent]],
        [[x0 - extent, y0 + d], [x0 + extent, y0 + d]],
      ]) {
        const p = project(a[0], a[1], c.floor);
        const q = project(b[0], b[1], c.floor);
        ctx.beginPath();
        ctx.moveTo(p[0], p[1]);
        ctx.lineTo(q[0], q[1]);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  /** Draws one pose of the current frame; false when no bone had finite ends. */
  #skeleton(ctx, poses, c, project, color) {
    const base = this.#frame * c.joints * 3;
    const points = [];
    for (let j = 0; j < c.joints; j++) points.push(project(poses[base + j * 3], poses[base + j * 3 + 1], poses[base + j * 3 + 2]));
    let drawn = false;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineCap = "round";
    for (const [a, b] of c.bones) {
      const [p, q] = [points[a], points[b]];
      if (!p || !q || !p.every(Number.isFinite) || !q.every(Number.isFinite)) continue;
      ctx.lineWidth = Math.max(1.5, ((p[2] + q[2]) / 2) * 28);
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(q[0], q[1]);
      ctx.stroke();
      drawn = true;
    }
    points.forEach((p, j) => {
      if (!p.every(Number.isFinite)) return;
      ctx.beginPath();
      ctx.arc(p[0], p[1], Math.max(2, p[2] * (j === HEAD ? 48 : 30)), 0, Math.PI * 2);
      ctx.fill();
    });
    ctx.restore();
    return drawn;
  }
}

/** Checks a sample's shape and flattens it: pred and gt must both be T × joints × 3 numbers. */
function prepare(sample) {
  const joints = Number.isInteger(sample.joints) ? sample.joints : 17;
  const gt = flatten(sample.gt, "gt", joints);
  const pred = flatten(sample.pred, "pred", joints);
  const t = gt.length / (joints * 3);
  if (pred.length !== gt.length) throw new Error(`pred has ${pred.length / (joints * 3)} frames, gt ${t}`);
  const bones = Array.isArray(sample.bones) && sample.bones.length ? sample.bones : H36M_BONES;
  if (!bones.every((b) => Array.isArray(b) && b.length === 2 && b.every((j) => Number.isInteger(j) && j >= 0 && j < joints))) {
    throw new Error(`bones must be pairs of joint indices below ${joints}`);
  }
  const fps = Number.isFinite(sample.fps) && sample.fps > 0 ? sample.fps : 25;

  // One fixed camera target for the whole clip (the body moves through the scene; the camera does not).
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const array of [gt, pred]) {
    for (let i = 0; i < array.length; i += 3) {
      for (let k = 0; k < 3; k++) {
        if (!Number.isFinite(array[i + k])) continue;
        min[k] = Math.min(min[k], array[i + k]);
        max[k] = Math.max(max[k], array[i + k]);
      }
    }
  }
  if (!min.every(Number.isFinite)) throw new Error("no finite joint positions");
  const center = min.map((m, k) => (m + max[k]) / 2);
  // Half the larger of the height and the horizontal extent: the clip fills the view at any orbit angle.
  const radius = Math.max(300, Math.max(max[2] - min[2], Math.hypot(max[0] - min[0], max[1] - min[1])) / 2);

  const frameError = [];
  for (let f = 0; f < t; f++) {
    let sum = 0;
    let n = 0;
    for (let j = 0; j < joints; j++) {
      const i = (f * joints + j) * 3;
      const d = Math.hypot(pred[i] - gt[i], pred[i + 1] - gt[i + 1], pred[i + 2] - gt[i + 2]);
      if (Number.isFinite(d)) {
        sum += d;
        n++;
      }
    }
    frameError.push(n ? sum / n : NaN);
  }
  const finite = frameError.filter(Number.isFinite);
  const meanError = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
  return { t, joints, bones, gt, pred, fps, center, radius, floor: max[2], frameError, meanError };
}

function flatten(frames, name, joints) {
  if (!Array.isArray(frames) || frames.length === 0) throw new Error(`${name} is not a list of frames`);
  const out = new Float32Array(frames.length * joints * 3);
  frames.forEach((frame, f) => {
    if (!Array.isArray(frame) || frame.length !== joints) throw new Error(`${name}[${f}] does not have ${joints} joints`);
    frame.forEach((joint, j) => {
      if (!Array.isArray(joint) || joint.length !== 3) throw new Error(`${name}[${f}][${j}] is not [x, y, z]`);
      // null (a joint the source lacks) becomes NaN: that bone is skipped.
      for (let k = 0; k < 3; k++) out[(f * joints + j) * 3 + k] = joint[k] === null ? NaN : Number(joint[k]);
    });
  });
  return out;
}
