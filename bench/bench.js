// The benchmark's page half. bench/run.mjs opens it in headless Chromium
// and calls the functions on `window.bench` one scenario at a time; each
// returns plain numbers. The SDK is loaded from /pkg/ exactly as built.

import { init, Client } from "/pkg/manual.js";
import { BaselineClient } from "./baseline.js";

const KEY = "sk_test_abc123";
const ORG = "org_abc123";
const BASE = location.origin;

let wasm;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    median: at(0.5),
    p10: at(0.1),
    p90: at(0.9),
    samples: sorted.length,
  };
}

// Per-call time in microseconds: `batches` timed batches of `size` calls,
// after a warm-up; the median of the batches is the figure.
async function perCall(call, { batches = 30, size = 100, warmup = 300 } = {}) {
  for (let i = 0; i < warmup; i += 1) await call(i);
  const samples = [];
  for (let b = 0; b < batches; b += 1) {
    const started = performance.now();
    for (let i = 0; i < size; i += 1) await call(i);
    samples.push(((performance.now() - started) * 1000) / size);
  }
  return stats(samples);
}

// Per-call times of two calls measured side by side: batches of `size`,
// alternating ABBA after a warm-up of each, so that the drift of a shared
// machine over seconds hits both alike.
async function interleaved(
  a,
  b,
  { batches = 60, size = 100, warmup = 300 } = {},
) {
  for (let i = 0; i < warmup; i += 1) {
    await a(i);
    await b(i);
  }
  const samples = [[], []];
  const batch = async (call, into) => {
    const started = performance.now();
    for (let i = 0; i < size; i += 1) await call(i);
    into.push(((performance.now() - started) * 1000) / size);
  };
  for (let n = 0; n < batches; n += 1) {
    if (n % 2 === 0) {
      await batch(a, samples[0]);
      await batch(b, samples[1]);
    } else {
      await batch(b, samples[1]);
      await batch(a, samples[0]);
    }
  }
  return samples.map(stats);
}

// A fetch that answers at once from memory, so only client work is timed.
function memoryFetch(body) {
  const headers = {
    "content-type": "application/json",
    "x-request-id": "req_bench",
  };
  return () => Promise.resolve(new Response(body, { status: 200, headers }));
}

async function payloads() {
  const auth = { headers: { Authorization: `Bearer ${KEY}` } };
  const text = async (path) => (await fetch(`${BASE}${path}`, auth)).text();
  return {
    page20: await text(`/v2/organizations/${ORG}/users?per_page=20`),
    page100: await text(`/v2/organizations/${ORG}/users?per_page=100`),
    user: await text(`/v2/users/user_abc123`),
  };
}

async function overhead() {
  const bodies = await payloads();
  const ours = (body) =>
    new Client({ apiKey: KEY, baseUrl: BASE, fetch: memoryFetch(body) });
  const base = (body) =>
    new BaselineClient({
      apiKey: KEY,
      baseUrl: BASE,
      fetch: memoryFetch(body),
    });
  const params = (perPage) => ({ organizationId: ORG, perPage });
  const rows = {};
  for (const [name, body, oursCall, baseCall] of [
    [
      "list 20",
      bodies.page20,
      (c) => c.users.list(params(20)),
      (c) => c.list(params(20)),
    ],
    [
      "list 100",
      bodies.page100,
      (c) => c.users.list(params(100)),
      (c) => c.list(params(100)),
    ],
    [
      "get",
      bodies.user,
      (c) => c.users.get("user_abc123"),
      (c) => c.get("user_abc123"),
    ],
  ]) {
    const o = ours(body);
    const b = base(body);
    const [sdk, baseline] = await interleaved(
      () => oursCall(o),
      () => baseCall(b),
    );
    const parse = await perCall(() => JSON.parse(body), {
      size: 1000,
      warmup: 1000,
    });
    rows[name] = { bytes: body.length, sdk, baseline, parse };
  }
  return rows;
}

async function endToEnd() {
  await fetch(`${BASE}/__emulator/reset`, { method: "POST" });
  const client = new Client({ apiKey: KEY, baseUrl: BASE });
  const auth = {
    headers: { Authorization: `Bearer ${KEY}`, Accept: "application/json" },
  };
  const plain = async () => {
    const response = await fetch(`${BASE}/v2/users/user_abc123`, auth);
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json();
  };
  const ours = () => client.users.get("user_abc123");
  const parallel = (call) => () =>
    Promise.all(Array.from({ length: 50 }, call));
  // Loopback round trips drift by a fifth over seconds on a shared machine,
  // far more than the SDK's few microseconds: hence `interleaved`.
  const rows = {};
  for (const [name, sdk, base, size, batches] of [
    ["sequential", ours, plain, 10, 100],
    ["50 parallel", parallel(ours), parallel(plain), 1, 80],
  ]) {
    const [timedSdk, timedFetch] = await interleaved(sdk, base, {
      batches,
      size,
      warmup: 5,
    });
    rows[`${name} sdk`] = timedSdk;
    rows[`${name} fetch`] = timedFetch;
  }
  return rows;
}

async function memory(calls) {
  const client = new Client({
    apiKey: KEY,
    baseUrl: BASE,
    fetch: memoryFetch((await payloads()).user),
  });
  const heap = () => {
    globalThis.gc?.();
    return performance.memory?.usedJSHeapSize ?? null;
  };
  // Warm up well past the allocator's high-water mark before the first
  // reading.
  for (let i = 0; i < 20000; i += 1) await client.users.get("user_abc123");
  await new Promise((resolve) => setTimeout(resolve, 100));
  const warm = { wasm: wasm.memory.buffer.byteLength, heap: heap() };
  for (let i = 0; i < calls; i += 1) await client.users.get("user_abc123");
  await new Promise((resolve) => setTimeout(resolve, 100));
  const after = { wasm: wasm.memory.buffer.byteLength, heap: heap() };
  return { calls, warm, after };
}

// For bench/profile.mjs: one scenario, repeated.
let repeated;
async function prepare(scenario) {
  const bodies = await payloads();
  const client = new Client({
    apiKey: KEY,
    baseUrl: BASE,
    fetch: memoryFetch(scenario === "get" ? bodies.user : bodies.page100),
  });
  repeated =
    scenario === "get"
      ? () => client.users.get("user_abc123")
      : () => client.users.list({ organizationId: ORG, perPage: 100 });
}
async function repeat(n) {
  for (let i = 0; i < n; i += 1) await repeated();
}

window.bench = {
  prepare,
  repeat,
  async ready() {
    const started = performance.now();
    wasm = await init({
      module_or_path: new URL("/pkg/legionedge_bg.wasm", location.href),
    });
    return performance.now() - started;
  },
  overhead,
  endToEnd,
  memory,
};
window.dispatchEvent(new Event("bench-loaded"));
