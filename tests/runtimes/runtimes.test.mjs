// The package where users run it, run with `node --test tests/runtimes/`.
//
// pkg/ (made by scripts/build-pkg) is packed with `npm pack` and the tarball
// installed with `npm install` into small apps under target/runtimes/, made
// from the folders beside this file: a page with no bundler (import map), a
// module worker, an app built by `vite build` (and served by `vite`), Node.js (ESM and require) and
// `legionedge/manual` started from a compiled WebAssembly.Module. Each calls
// the emulator for real through probe.js or the worker's calls: 42 users in
// org_abc123, Jane Developer, and a 404 that is the entry's LegionEdgeError.
//
// The API is the emulator LEGIONEDGE_DEMO_URL names, else one started here;
// the pages are served by emulators started here (`--www <app>`), so every
// call is cross-origin. The browser is Debian's Chromium.

import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

import {
  BROWSER_ARGS,
  ORG,
  ROOT,
  installApp,
  packPackage,
  run,
  startApi,
  startEmulator,
  startServer,
} from "./harness.mjs";

const HERE = path.join(ROOT, "tests/runtimes");
const SHARED = ["probe.js", "calls.js"].map((file) => path.join(HERE, file));
const CALL_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 60_000;

// What probe.js resolves to in every runtime.
const LIST = `GET /v2/organizations/${ORG}/users 200`;
const PROBED = {
  total: 42,
  handles: ["user_abc123", "user_abc123", true],
  firstPage: 20,
  jane: {
    id: "user_abc123",
    name: "Jane Developer",
    email: "jane@example.com",
  },
  missing: {
    isLegionEdgeError: true,
    isError: true,
    kind: "api",
    status: 404,
    code: "not_found",
  },
  walked: 42,
  noLimit: {
    isLegionEdgeError: true,
    isError: true,
    kind: "invalid_input",
    status: null,
    code: null,
  },
  events: [
    LIST,
    "GET /v2/users/user_abc123 200",
    "GET /v2/users/user_missing 404",
    LIST,
    LIST,
    LIST,
  ],
  keyInEvents: false,
};

let api; // { origin, stop }
const servers = []; // emulators serving the apps
let browser;
let apps; // app name -> its folder under target/runtimes/
let sites; // app name -> the origin serving it
let tarball;

// Opens `url` in a fresh browser context and resolves to what the page left
// on `globalThis.outcome` (a Promise of `{ value }` or `{ error }`) and the
// URLs it requested, failing on any error in the page; `read(page, logs)`
// may read more before it closes, `logs` being what it has logged so far.
async function openPage(url, read = async () => undefined) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  const logs = [];
  page.on("pageerror", (error) => problems.push(`${error.stack ?? error}`));
  page.on("console", (message) => {
    if (message.type() === "log") logs.push(message.text());
    // The browser's own line for the 404 that the probe asks for.
    if (message.type() === "error" && !/status of 404/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("request", (request) => requests.push(request.url()));
  try {
    await page.goto(url);
    const outcome = await page
      .waitForFunction(() => globalThis.outcome !== undefined, null, {
        timeout: CALL_TIMEOUT_MS,
      })
      .then(() =>
        page.evaluate(
          (ms) =>
            Promise.race([
              globalThis.outcome,
              new Promise((resolve) =>
                setTimeout(
                  () => resolve({ error: `no outcome in ${ms} ms` }),
                  ms,
                ),
              ),
            ]),
          CALL_TIMEOUT_MS,
        ),
      )
      .catch((error) => ({ error: `${error.message}` }));
    assert.equal(
      outcome.error,
      undefined,
      `${url}: ${outcome.error}\npage errors: ${problems.join("\n")}`,
    );
    assert.deepEqual(problems, [], `${url}: errors in the page`);
    return { outcome, requests, extra: await read(page, logs) };
  } finally {
    await context.close();
  }
}

// Resolves once `check()` holds, or rejects after a while.
async function until(check, timeout = CALL_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Runs `node <script>` in the Node app and resolves to its stdout lines.
async function runNode(script) {
  const { stdout } = await run(process.execPath, [script], {
    cwd: apps.node,
    timeout: CALL_TIMEOUT_MS,
  });
  return stdout.trimEnd().split("\n");
}

// What the worker answered to calls.js's three calls.
function assertWorkerAnswers(answers) {
  const [list, jane, missing] = answers;
  assert.equal(list.error, undefined, JSON.stringify(list.error));
  assert.equal(list.result.pagination.total, 42);
  assert.equal(list.result.data.length, 20);
  assert.equal(jane.result.name, "Jane Developer");
  assert.equal(jane.result.id, "user_abc123");
  // The worker posts error.toJSON() only for a LegionEdgeError.
  assert.equal(missing.result, undefined);
  assert.deepEqual(
    {
      name: missing.error.name,
      kind: missing.error.kind,
      status: missing.error.status,
      code: missing.error.code,
    },
    { name: "LegionEdgeError", kind: "api", status: 404, code: "not_found" },
  );
}

describe("the packed package in each runtime", () => {
  // Setup and teardown; `after` runs even when `before` fails.
  before(
    async () => {
      const packed = await packPackage("pack");
      tarball = packed.tarball;
      api = await startApi();

      const from = (...names) => names.map((name) => path.join(HERE, name));
      const [browserApp, nodeApp, viteApp] = await Promise.all([
        installApp("browser", {
          tarball,
          sources: [...from("browser"), ...SHARED],
          apiOrigin: api.origin,
        }),
        installApp("node", {
          tarball,
          sources: [...from("node"), ...SHARED],
          apiOrigin: api.origin,
        }),
        installApp("vite-app", {
          tarball,
          sources: [...from("vite-app"), ...SHARED],
          apiOrigin: api.origin,
        }),
      ]);
      apps = { browser: browserApp, node: nodeApp, vite: viteApp, packed };
      // The vite binary is this repository's (a devDependency); the app's
      // node_modules holds the installed tarball.
      await run(
        path.join(ROOT, "node_modules/.bin/vite"),
        ["build", "--logLevel", "warn"],
        { cwd: apps.vite },
      );

      // Each kept as it starts, so that `after` stops it whatever fails.
      const started = await Promise.all(
        [apps.browser, path.join(apps.vite, "dist")].map((www) =>
          startEmulator({ www }).then((server) => {
            servers.push(server);
            return server;
          }),
        ),
      );
      sites = { browser: started[0].origin, vite: started[1].origin };

      browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: BROWSER_ARGS,
      });
    },
    { timeout: 240_000 },
  );

  after(
    async () => {
      await browser?.close().catch(() => {});
      await Promise.all(servers.map((server) => server.stop()));
      await api?.stop();
    },
    { timeout: 30_000 },
  );

  it("the tarball holds every entry, its types and the wasm", () => {
    const { files } = apps.packed;
    for (const file of [
      "index.js",
      "index.d.ts",
      "node.js",
      "manual.js",
      "manual.d.ts",
      "legionedge.d.ts",
      "legionedge_bg.wasm",
      "package.json",
      "README.md",
    ]) {
      assert.ok(files.includes(file), `${file} is in the tarball: ${files}`);
    }
    // The glue and snippets are bundled into manual.js.
    for (const file of files) {
      assert.ok(
        !file.startsWith("snippets/") && file !== "legionedge.js",
        `${file} should have been bundled into the entries`,
      );
    }
  });

  it(
    "a page with no bundler imports it through an import map",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { outcome, requests, extra } = await openPage(
        `${sites.browser}/`,
        (page) => page.locator("output").textContent(),
      );
      assert.deepEqual(outcome.value, PROBED);
      assert.equal(extra, "Jane Developer", "the README's snippet ran");
      const wasm = requests.filter((url) => url.endsWith(".wasm"));
      assert.deepEqual(wasm, [
        `${sites.browser}/node_modules/legionedge/legionedge_bg.wasm`,
      ]);
      // Three files of the package: the entry, then the glue (one module,
      // snippets bundled in) and the wasm side by side.
      const ours = requests.filter((url) =>
        url.includes("/node_modules/legionedge/"),
      );
      assert.equal(
        ours[0],
        `${sites.browser}/node_modules/legionedge/index.js`,
      );
      assert.deepEqual(ours.slice(1).sort(), [
        `${sites.browser}/node_modules/legionedge/legionedge_bg.wasm`,
        `${sites.browser}/node_modules/legionedge/manual.js`,
      ]);
    },
  );

  it(
    "a module worker in a page with no bundler calls it and reports back",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { outcome } = await openPage(`${sites.browser}/worker.html`);
      assertWorkerAnswers(outcome.value);
    },
  );

  it(
    "an app built by vite build, on the main thread and in a module worker",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      // The bundle took the browser entry, not the one for Node.
      const assets = path.join(apps.vite, "dist/assets");
      const files = await readdir(assets);
      assert.equal(files.filter((file) => file.endsWith(".wasm")).length, 1);
      for (const file of files.filter((name) => name.endsWith(".js"))) {
        const code = await readFile(path.join(assets, file), "utf8");
        assert.ok(!code.includes("node:fs"), `${file} holds the Node entry`);
      }

      const { outcome, requests } = await openPage(
        `${sites.vite}/`,
        (page, logs) => until(() => logs.includes("Jane Developer")),
      );
      assert.deepEqual(outcome.value, PROBED);
      assertWorkerAnswers(outcome.inWorker.value);
      assert.ok(
        requests.some((url) =>
          /\/assets\/legionedge_bg-[\w-]+\.wasm$/.test(url),
        ),
        `the page loaded the wasm Vite emitted: ${requests}`,
      );
    },
  );

  it(
    "the same app served by the vite dev server",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const dev = await startServer(
        path.join(ROOT, "node_modules/.bin/vite"),
        ["--host", "127.0.0.1", "--port", "0", "--clearScreen", "false"],
        { cwd: apps.vite, listening: /Local:\s+(http:\/\/\S+)/ },
      );
      try {
        const { outcome } = await openPage(`${dev.origin}/`, (page, logs) =>
          until(() => logs.includes("Jane Developer")),
        );
        assert.deepEqual(outcome.value, PROBED);
        assertWorkerAnswers(outcome.inWorker.value);
      } finally {
        await dev.stop();
      }
    },
  );

  it(
    "Node.js ESM takes the node entry and uses the global fetch",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const [readme, json] = await runNode("app.mjs");
      assert.equal(readme, "42 users", "the README's snippet ran");
      const { value, entry, sameExports, sharedSignal } = JSON.parse(json);
      assert.deepEqual(value, PROBED);
      assert.match(entry, /\/node\/node_modules\/legionedge\/node\.js$/);
      assert.equal(sameExports, true);
      assert.deepEqual(
        sharedSignal,
        { listeners: 1, kinds: ["aborted"] },
        "calls waiting to retry share one listener on their signal",
      );
    },
  );

  it(
    "Node.js CommonJS can require() it",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const lines = await runNode("require.cjs");
      assert.deepEqual(JSON.parse(lines.at(-1)).value, PROBED);
    },
  );

  it(
    "legionedge/manual starts in Chromium from a compiled WebAssembly.Module",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { outcome, requests } = await openPage(
        `${sites.browser}/manual.html`,
      );
      assert.deepEqual(outcome.value, PROBED);
      assert.equal(outcome.isModule, true);
      // The page compiled the wasm once, itself; the auto-starting entry
      // was never loaded.
      const ours = requests.filter((url) =>
        url.includes("/node_modules/legionedge/"),
      );
      assert.equal(ours.filter((url) => url.endsWith(".wasm")).length, 1);
      assert.ok(!ours.some((url) => url.endsWith("/index.js")), `${ours}`);
    },
  );

  it(
    "legionedge/manual starts in Node.js from new WebAssembly.Module(bytes)",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const lines = await runNode("manual.mjs");
      assert.deepEqual(JSON.parse(lines.at(-1)).value, PROBED);
    },
  );

  it(
    "the README's usage examples run in Node.js and print what it says",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      try {
        const printed = JSON.parse((await runNode("usage.mjs")).at(-1));
        const emails = printed.slice(
          printed.indexOf("-- listAll") + 1,
          printed.indexOf("page 2: 20 users"),
        );
        assert.equal(new Set(emails).size, 42, `${emails}`);
        assert.ok(
          emails.every((line) => /^\S+@\S+$/.test(line)),
          `${emails}`,
        );
        const expected = [
          "Jane Developer <jane@example.com> - active",
          "-- listAll",
          ...emails,
          "page 2: 20 users",
          "page 3: 2 users",
          "toArray: 30",
          "-- hooks",
          /^GET \/v2\/users\/user_abc123 #1: 200 in \d+ ms$/,
          /^ {2}request id req_\w+$/,
          "-- cancel",
          "aborted",
          "true",
          "-- errors",
          "api 404 not_found",
          /^req_\w+$/,
          "invalid_input",
          /^per_page is not a parameter of users\.list; did you mean "perPage"\?$/,
          "per_page",
          "already in the organization",
        ];
        assert.equal(printed.length, expected.length, printed.join("\n"));
        expected.forEach((line, index) =>
          line instanceof RegExp
            ? assert.match(printed[index], line)
            : assert.equal(printed[index], line),
        );
      } finally {
        // The examples invited Bob.
        await fetch(`${api.origin}/__emulator/reset`, { method: "POST" });
      }
    },
  );
});
