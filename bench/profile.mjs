// Where the time of a call goes: runs N calls of one scenario in the
// benchmark page under Chrome's sampling profiler and prints the functions
// with the most self time. `node bench/profile.mjs get 20000` (the
// emulator must already serve bench/ and pkg/ at LEGIONEDGE_BENCH_URL).

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../tests/chromium.mjs";

const [scenario = "get", count = "20000"] = process.argv.slice(2);
const url = process.env.LEGIONEDGE_BENCH_URL;
if (!url)
  throw new Error(
    "set LEGIONEDGE_BENCH_URL to an emulator serving bench/ and pkg/",
  );

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  await page.goto(`${url}/index.html`);
  await page.waitForFunction(() => window.bench !== undefined);
  await page.evaluate(() => window.bench.ready());
  await page.evaluate(({ scenario }) => window.bench.prepare(scenario), {
    scenario,
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  await page.evaluate((n) => window.bench.repeat(n), Number(count));
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [name, us] of rows)
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / Number(count)).toFixed(2).padStart(7)} µs/call  ${name}`,
    );
} finally {
  await browser.close();
}
