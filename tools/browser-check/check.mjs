// The dashboard's browser test: Debian's headless Chromium driven by playwright-core (no browser is
// downloaded). Loads the dashboard, selects an experiment, waits until its loss curve and the skeleton
// viewer say they are drawn, checks that the page refreshes itself and that the clip plays, saves a
// full-page screenshot, and fails on any error the page reports.
//
//   node check.mjs --url http://127.0.0.1:PORT/ --experiment ID --screenshot OUT.png [--timeout SECONDS]
//
// Prints one line, "ok: …" (exit 0) or "FAIL: …" (exit 1; exit 2 for bad arguments). The screenshot is
// written on failure too when the page got that far. CHROMIUM=/path overrides /usr/bin/chromium.

import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { chromium } from "playwright-core";

// Flags from .library's machine notes: without the background-networking ones Chromium keeps trying
// Google's hosts, which this machine's closed network refuses. --no-sandbox: the tests run as root.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// API paths that answer 404 by contract while the thing does not exist yet (docs/API.md): no corpus, no
// prediction, no ingestion on this node. Any other 4xx/5xx, or a 404 of a page asset, is a failure.
const OPTIONAL_404 = [/\/api\/corpus(\/[^/]+)?$/, /\/api\/experiments\/[^/]+\/sample$/, /\/api\/datasets$/];

function parseArgs(argv) {
  const args = { timeout: 60 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!["--url", "--experiment", "--screenshot", "--timeout"].includes(name) || value === undefined) usage(`unexpected argument ${name}`);
    args[name.slice(2)] = name === "--timeout" ? Number(value) : value;
    i++;
  }
  if (!args.url || !args.experiment || !args.screenshot) usage("--url, --experiment and --screenshot are required");
  if (!(args.timeout > 0)) usage("--timeout must be a positive number of seconds");
  return args;
}

function usage(reason) {
  console.log(`FAIL: ${reason}; usage: node check.mjs --url URL --experiment ID --screenshot OUT.png [--timeout SECONDS]`);
  process.exit(2);
}

class CheckFailure extends Error {}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new CheckFailure(`${executablePath} not found (apt-get install chromium, or set CHROMIUM)`);
  const screenshot = resolve(args.screenshot);
  mkdirSync(dirname(screenshot), { recursive: true });
  const timeout = args.timeout * 1000;

  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout });
  const problems = new Set();
  let page;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on("pageerror", (e) => problems.add(`page error: ${e.message}`));
    page.on("console", (m) => {
      // Chromium also logs every failed request as "Failed to load resource"; those are judged by
      // their URL and status in the response handler below.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.add(`console error: ${m.text()}`);
    });
    page.on("requestfailed", (r) => problems.add(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (r.status() >= 400 && !(r.status() === 404 && OPTIONAL_404.some((p) => p.test(path)))) problems.add(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
    });

    const step = async (what, fn) => {
      try {
        return await fn();
      } catch (e) {
        throw new CheckFailure(`${what} (${e.message.split("\n")[0]})`);
      }
    };
    const id = args.experiment;
    const row = page.locator(`[data-testid="experiment-row"][data-id="${cssString(id)}"]`);
    await step(`the dashboard did not load from ${args.url}`, () => page.goto(args.url, { waitUntil: "load" }));
    await step(`experiment ${id} is not in the experiments list`, () => row.waitFor({ state: "visible" }));
    await step(`could not select experiment ${id}`, () => row.click());
    await step(`the experiment view did not show ${id}`, () => page.locator(`[data-testid="experiment-detail"][data-id="${cssString(id)}"]`).waitFor());
    const loss = page.locator('[data-testid="loss-chart"][data-drawn="true"]');
    await step("the loss curve was not drawn", () => loss.waitFor());
    const skeleton = page.locator('[data-testid="skeleton-canvas"][data-drawn="true"]');
    await step("the skeleton viewer was not drawn (no prediction for this experiment?)", () => skeleton.waitFor());

    const lossPoints = Number(await loss.getAttribute("data-points"));
    if (!(lossPoints >= 2)) throw new CheckFailure(`the loss curve has ${lossPoints} point(s); a curve needs at least 2`);
    const mpjpePoints = Number(await page.locator('[data-testid="mpjpe-chart"]').getAttribute("data-points"));
    const frames = Number(await skeleton.getAttribute("data-frames"));
    if (frames > 1 && (await skeleton.getAttribute("data-playing")) === "true") {
      const first = await skeleton.getAttribute("data-frame");
      await step("the skeleton clip does not play (its frame never changed)", () =>
        page.waitForFunction((f) => document.querySelector('[data-testid="skeleton-canvas"]').dataset.frame !== f, first, { timeout: Math.min(timeout, 10000) }),
      );
    }
    // Live updates: the page polls the API by itself; two more completed polls prove it without a reload.
    const refreshes = Number(await page.locator("body").getAttribute("data-refreshes"));
    await step("the dashboard did not refresh itself (no poll completed in 10 s)", () =>
      page.waitForFunction((n) => Number(document.body.dataset.refreshes) >= n + 2, refreshes, { timeout: Math.max(10000, Math.min(timeout, 20000)) }),
    );
    const apiErrors = Number(await page.locator("body").getAttribute("data-errors"));
    if (apiErrors > 0) problems.add(`the dashboard reports ${apiErrors} failing API request(s): ${await page.locator("#live").textContent()}`);

    await page.screenshot({ path: screenshot, fullPage: true });
    if (problems.size) throw new CheckFailure([...problems].join("; "));
    return `ok: experiment ${id}: loss curve ${lossPoints} points, val MPJPE ${mpjpePoints} points, skeleton ${frames} frames; screenshot ${screenshot}`;
  } catch (e) {
    if (page && !page.isClosed()) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    const also = [...problems].filter((p) => !e.message.includes(p));
    if (e instanceof CheckFailure && also.length) e.message += `; also: ${also.join("; ")}`;
    throw e;
  } finally {
    await browser.close();
  }
}

/** An id as the inside of a double-quoted CSS attribute value. */
const cssString = (s) => s.replace(/["\\]/g, "\\$&");

main().then(
  (line) => {
    console.log(line);
    process.exit(0);
  },
  (e) => {
    console.log(`FAIL: ${e instanceof CheckFailure ? e.message : e.stack?.split("\n").slice(0, 2).join(" ") ?? e}`);
    process.exit(1);
  },
);
