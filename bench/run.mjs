// The benchmark's runner: sizes from pkg/, then the page scenarios in
// headless Chromium against an emulator serving bench/ and pkg/. Prints a
// table and writes target/bench/results.json. Run it with ./scripts/bench,
// which builds the release package first.

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../tests/chromium.mjs";
import { sizes } from "./size.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const PKG = join(ROOT, "pkg");
// The target for the package; the test command guards the size
// actually reached, from bench/size-budget.json.
const TARGET_GZIP_BYTES = 40 * 1024;

async function emulator() {
  const binary = join(ROOT, "target/release/legionedge-emulator");
  const child = spawn(
    binary,
    ["--port", "0", "--www", join(ROOT, "bench"), "--pkg", PKG],
    {
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/[0-9.]+:[0-9]+/);
      if (found) resolve(found[0]);
    });
    child.on("exit", (code) =>
      reject(new Error(`emulator exited with ${code}`)),
    );
  });
  return { url, stop: () => child.kill() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const us = (s) =>
  `${s.median.toFixed(1)} µs (p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)})`;

async function main() {
  const results = { date: new Date().toISOString(), size: sizes(PKG) };
  const server = await emulator();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      ...CHROMIUM_ARGS,
      "--enable-precise-memory-info",
      "--js-flags=--expose-gc",
    ],
  });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) =>
      console.error("page error:", error.message),
    );
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.bench !== undefined);
    results.init = await page.evaluate(() => window.bench.ready());
    results.overhead = await page.evaluate(() => window.bench.overhead());
    results.endToEnd = await page.evaluate(() => window.bench.endToEnd());
    results.memory = await page.evaluate(
      (n) => window.bench.memory(n),
      100_000,
    );

    // Fresh contexts, so nothing is cached: the SDK's page and the pure-JS
    // floor's page, alternately.
    const fresh = async (path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/${path}`);
      await page.waitForFunction(() => window.startup !== undefined, null, {
        timeout: 10_000,
      });
      const timing = await page.evaluate(() => window.startup);
      await context.close();
      return timing;
    };
    const startups = [];
    const floors = [];
    for (let i = 0; i < 15; i += 1) {
      startups.push(await fresh("startup.html"));
      floors.push(await fresh("startup-floor.html"));
    }
    results.startup = {
      importMs: median(startups.map((s) => s.imported)),
      firstCallMs: median(startups.map((s) => s.firstCall)),
      floorImportMs: median(floors.map((s) => s.imported)),
      floorFirstCallMs: median(floors.map((s) => s.firstCall)),
      runs: startups.length,
    };
  } finally {
    await browser.close();
    server.stop();
  }

  // The figures against the budgets.
  const o = results.overhead;
  const e = results.endToEnd;
  const m = results.memory;
  const ratio = (row) => row.sdk.median / row.baseline.median;
  const verdicts = [
    [
      "total gzip (wasm + JS)",
      kb(results.size.total.gzip),
      `<= ${kb(TARGET_GZIP_BYTES)}`,
      results.size.total.gzip <= TARGET_GZIP_BYTES,
    ],
    [
      "overhead list 100 (ours / baseline)",
      ratio(o["list 100"]).toFixed(2),
      "<= 1.5",
      ratio(o["list 100"]) <= 1.5,
    ],
    [
      "overhead get (ours / baseline)",
      ratio(o.get).toFixed(2),
      "<= 1.3",
      ratio(o.get) <= 1.3,
    ],
    [
      "end to end, sequential (ours / fetch)",
      (e["sequential sdk"].median / e["sequential fetch"].median).toFixed(3),
      "<= 1.05",
      e["sequential sdk"].median / e["sequential fetch"].median <= 1.05,
    ],
    [
      "end to end, 50 parallel (ours / fetch)",
      (e["50 parallel sdk"].median / e["50 parallel fetch"].median).toFixed(3),
      "<= 1.05",
      e["50 parallel sdk"].median / e["50 parallel fetch"].median <= 1.05,
    ],
    [
      "start-up, import to first call",
      `${results.startup.firstCallMs.toFixed(1)} ms`,
      "< 20 ms",
      results.startup.firstCallMs < 20,
    ],
    [
      "start-up over the pure-JS floor (same page, same call)",
      `+${(results.startup.firstCallMs - results.startup.floorFirstCallMs).toFixed(1)} ms`,
      "none: reported",
      null,
    ],
    [
      "wasm memory growth over 100k calls",
      `${m.after.wasm - m.warm.wasm} B`,
      "0 B",
      m.after.wasm === m.warm.wasm,
    ],
    [
      "JS heap growth over 100k calls",
      m.warm.heap === null ? "n/a" : kb(m.after.heap - m.warm.heap),
      "< 512 KB",
      m.warm.heap !== null && m.after.heap - m.warm.heap < 512 * 1024,
    ],
  ];
  results.budgets = verdicts.map(([name, value, budget, met]) => ({
    name,
    value,
    budget,
    met,
  }));

  const s = results.size;
  console.log("\nSize (pkg/)");
  console.table({
    wasm: { raw: s.wasm.raw, gzip: s.wasm.gzip, brotli: s.wasm.brotli },
    "js (index.js, manual.js)": {
      raw: s.js.raw,
      gzip: s.js.gzip,
      brotli: s.js.brotli,
    },
    total: s.total,
  });
  console.log("Per call, injected in-memory fetch (median of batches)");
  console.table(
    Object.fromEntries(
      Object.entries(o).map(([name, row]) => [
        name,
        {
          sdk: us(row.sdk),
          baseline: us(row.baseline),
          "ours/baseline": ratio(row).toFixed(2),
          "JSON.parse": us(row.parse),
          "ours/JSON.parse": (row.sdk.median / row.parse.median).toFixed(1),
        },
      ]),
    ),
  );
  console.log("End to end over loopback (per batch item)");
  console.table(
    Object.fromEntries(Object.entries(e).map(([name, row]) => [name, us(row)])),
  );
  const st = results.startup;
  console.log(
    `Start-up: import ${st.importMs.toFixed(1)} ms, first call resolved ${st.firstCallMs.toFixed(1)} ms; ` +
      `the pure-JS floor in the same kind of page: import ${st.floorImportMs.toFixed(1)} ms, first call ${st.floorFirstCallMs.toFixed(1)} ms ` +
      `(medians of ${st.runs} fresh pages each)`,
  );
  console.log(
    `Memory: wasm ${m.warm.wasm} -> ${m.after.wasm} bytes, JS heap ${m.warm.heap} -> ${m.after.heap} bytes over ${m.calls} calls`,
  );
  console.log("\nBudgets");
  console.table(
    Object.fromEntries(
      results.budgets.map((b) => [
        b.name,
        {
          value: b.value,
          budget: b.budget,
          met: b.met === null ? "-" : b.met ? "yes" : "MISSED",
        },
      ]),
    ),
  );

  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  writeFileSync(
    join(ROOT, "target/bench/results.json"),
    JSON.stringify(results, null, 2),
  );
  console.log("written to target/bench/results.json");
}

await main();
