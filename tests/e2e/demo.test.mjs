// Browser test of the demo page (www/), run with `node --test tests/e2e/`.
//
// It drives Debian's Chromium through playwright-core the way a person uses
// the page: typing, clicking, choosing from menus, and reading what the page
// shows after each step. A few answers are cross-checked against the API
// itself with plain fetch calls.
//
// The emulator: LEGIONEDGE_DEMO_URL names a running one; without it the test
// starts its own on a free port (`cargo run -p legionedge-emulator -- --port 0`,
// or target/debug/legionedge-emulator where cargo is missing) and stops it at
// the end. Either way it resets the emulator's data first and last.
//
// On a failed step the page's screenshot and HTML are saved under
// tests/e2e/artifacts/, and the steps after it are skipped.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../chromium.mjs";

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");
// The README's picture is rewritten only on request (UPDATE_SCREENSHOT=1),
// so that a test run leaves the checkout as it was; otherwise it goes under
// target/ for a look.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(ROOT, "docs/demo.png")
  : path.join(ROOT, "target/e2e/demo.png");

const KEY = "sk_test_abc123";
const ORG = "org_abc123";
const OTHER_KEY = "sk_test_xyz789";
const OTHER_ORG = "org_xyz789";
const NEW_EMAIL = "new.person@example.com";

const STARTUP_TIMEOUT_MS = 10 * 60_000; // a cold `cargo run` compiles first
const STEP_TIMEOUT_MS = 45_000;
const STEP_LIMIT_MS = STEP_TIMEOUT_MS - 5_000;
const ACTION_TIMEOUT_MS = 10_000;

const BROWSER_ARGS = CHROMIUM_ARGS;

// ---------------------------------------------------------------------------
// The emulator

// Starts an emulator on a free port and resolves once it prints the line
// `legionedge-emulator listening on http://127.0.0.1:PORT (seed 1)`.
function startEmulator() {
  const viaCargo =
    spawnSync("cargo", ["--version"], { stdio: "ignore" }).status === 0;
  const binary = path.join(ROOT, "target/debug/legionedge-emulator");
  const [command, args] = viaCargo
    ? [
        "cargo",
        ["run", "--quiet", "-p", "legionedge-emulator", "--", "--port", "0"],
      ]
    : [binary, ["--port", "0"]];
  if (!viaCargo && !existsSync(binary)) {
    throw new Error(
      `neither cargo nor ${binary} is available to start the emulator`,
    );
  }

  // Its own process group, so stopping it also stops anything cargo started.
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keepLog = (chunk) => {
    log = (log + chunk).slice(-8_000);
  };
  child.stderr.setEncoding("utf8").on("data", keepLog);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  // Last resort if the runner exits without the after hook, or is
  // interrupted: the emulator's own process group gets no Ctrl-C.
  const kill = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", kill);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }

  const url = new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => reject(new Error(`emulator did not start in time:\n${log}`)),
      STARTUP_TIMEOUT_MS,
    );
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      keepLog(chunk);
      buffered += chunk;
      const match = buffered.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `emulator exited (${signal ?? code}) before listening:\n${log}`,
        ),
      );
    });
  });

  return { url, stop };
}

// ---------------------------------------------------------------------------
// Shared state of the run

let base; // the emulator's origin, e.g. http://127.0.0.1:41234
let emulator; // set when this test started the emulator itself
let browser;
let page;
let currentStep = "setup";
let failed = false;
const pageErrors = [];
const consoleErrors = []; // { step, text }
const requests = []; // { step, method, url }
// Console errors a step provokes on purpose, such as Chromium's
// "Failed to load resource: ... 409 (Conflict)" for the duplicate invite.
const allowedConsoleErrors = new Map();

function allowConsoleError(pattern) {
  const list = allowedConsoleErrors.get(currentStep) ?? [];
  list.push(pattern);
  allowedConsoleErrors.set(currentStep, list);
}

// Calls the API directly, to check what the page did.
async function api(apiPath, { method = "GET", body, key = KEY } = {}) {
  const response = await fetch(`${base}${apiPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function resetEmulator() {
  const response = await fetch(`${base}/__emulator/reset`, { method: "POST" });
  assert.ok(response.ok, `POST /__emulator/reset answered ${response.status}`);
}

// Retries `check` until it stops throwing, so each assertion waits for the
// page to settle instead of sleeping a fixed time.
async function eventually(
  check,
  { timeout = ACTION_TIMEOUT_MS, interval = 50 } = {},
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

const byTestId = (id) => page.getByTestId(id);

// What the users table shows, read from the page.
async function tableRows() {
  return page.$$eval('[data-testid="user-row"]', (rows) =>
    rows.map((row) => {
      const text = (id) =>
        row.querySelector(`[data-testid="${id}"]`)?.textContent.trim();
      return {
        id: row.dataset.userId,
        name: text("user-name"),
        email: text("user-email"),
        role: text("user-role"),
        status: text("user-status"),
        verified: text("user-verified"),
        lastLogin: text("user-last-login"),
      };
    }),
  );
}

// Waits until the table is idle and shows `pager`, `count` rows (if given),
// and rows that pass `check` (if given); resolves to the rows.
async function expectTable(pager, count, check) {
  return eventually(async () => {
    assert.equal(
      await byTestId("users-table-wrap").getAttribute("aria-busy"),
      "false",
    );
    assert.equal(await byTestId("pager-text").textContent(), pager);
    const rows = await tableRows();
    if (count !== undefined)
      assert.equal(rows.length, count, `rows shown for "${pager}"`);
    if (check) await check(rows);
    return rows;
  });
}

async function textOf(testId) {
  return (await byTestId(testId).textContent()).replace(/\s+/g, " ").trim();
}

// A person clears a box by selecting its text and deleting it.
async function clearAndType(locator, text) {
  await locator.click();
  await locator.press("ControlOrMeta+a");
  await locator.press("Backspace");
  if (text) await locator.pressSequentially(text, { delay: 20 });
}

// Types into the search box and waits for the answer to that search, so the
// next check reads its rows, not the previous search's.
async function search(text) {
  const answered = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return (
      response.request().method() === "GET" &&
      url.pathname === `/v2/organizations/${ORG}/users` &&
      (url.searchParams.get("search") ?? "") === text
    );
  });
  await clearAndType(page.getByLabel("Search"), text);
  await answered;
}

// The page marks <body data-ready> once the SDK has loaded and app.js runs.
// If it never does, say why: the boot message and any uncaught error.
async function waitForStart() {
  try {
    await page.locator("body[data-ready]").waitFor({ state: "attached" });
  } catch {
    const boot = await page
      .locator("#boot-status")
      .innerText()
      .catch(() => "");
    throw new Error(
      `the page did not start (${boot.trim()}); page errors: ${JSON.stringify(pageErrors)}`,
    );
  }
}

function row(userId) {
  return page.locator(`[data-testid="user-row"][data-user-id="${userId}"]`);
}

// Keeps what a failed step saw: the page as a picture and as HTML, and the
// page's errors and console errors so far.
async function saveArtifacts(name) {
  if (!page) return;
  const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  const file = (ext) => path.join(ARTIFACTS, `${slug}.${ext}`);
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(
      file("log"),
      JSON.stringify({ pageErrors, consoleErrors }, null, 2),
    );
    await page.screenshot({ path: file("png"), fullPage: true });
    await writeFile(file("html"), await page.content());
  } catch {
    // The page may be gone; what was saved is enough.
  }
}

// One step of the walk through the page. Steps share the page, so once one
// fails the rest are skipped rather than failing for the same reason. A step
// gives up a little before the runner's own timeout, so that a stuck step
// still saves its artifacts and stops the ones after it.
function step(name, fn) {
  it(name, { timeout: STEP_TIMEOUT_MS }, async (t) => {
    if (failed) {
      t.skip("an earlier step failed");
      return;
    }
    currentStep = name;
    let timer;
    const stuck = new Promise((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`step still running after ${STEP_LIMIT_MS} ms`)),
        STEP_LIMIT_MS,
      );
    });
    try {
      await Promise.race([fn(), stuck]);
    } catch (error) {
      failed = true;
      await saveArtifacts(name);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  });
}

// ---------------------------------------------------------------------------
// The walk through the page

describe("demo page", () => {
  // Setup and teardown; `after` runs even when `before` or a step fails.
  before(
    async () => {
      if (process.env.LEGIONEDGE_DEMO_URL) {
        base = new URL(process.env.LEGIONEDGE_DEMO_URL).origin;
      } else {
        emulator = startEmulator();
        base = new URL(await emulator.url).origin;
      }

      const pkg = await fetch(`${base}/pkg/index.js`);
      assert.ok(
        pkg.ok,
        `${base}/pkg/index.js answered ${pkg.status}: build the package with scripts/build-pkg`,
      );
      await resetEmulator();

      browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: BROWSER_ARGS,
      });
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
      });
      page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      page.on("pageerror", (error) =>
        pageErrors.push(`${currentStep}: ${error.stack ?? error}`),
      );
      page.on("console", (message) => {
        if (message.type() === "error")
          consoleErrors.push({ step: currentStep, text: message.text() });
      });
      page.on("request", (request) =>
        requests.push({
          step: currentStep,
          method: request.method(),
          url: request.url(),
        }),
      );
    },
    { timeout: STARTUP_TIMEOUT_MS + 60_000 },
  );

  after(
    async () => {
      await browser?.close().catch(() => {});
      if (base) await resetEmulator().catch(() => {});
      await emulator?.stop();
    },
    { timeout: 30_000 },
  );

  step("loads and shows the first 20 of 42 users", async () => {
    await page.goto(`${base}/`);
    await waitForStart();
    const rows = await expectTable("page 1 of 3, 42 users", 20);

    // The connection bar defaults to this emulator and the test key.
    assert.equal(await page.getByLabel("Base URL").inputValue(), base);
    assert.equal(await page.getByLabel("API key").inputValue(), KEY);
    assert.equal(await page.getByLabel("Organization id").inputValue(), ORG);
    assert.equal(
      await page.getByLabel("API key").getAttribute("type"),
      "password",
    );

    // The rows are the API's first page, in the API's order.
    const first = await api(`/v2/organizations/${ORG}/users`);
    assert.deepEqual(
      rows.map((r) => r.id),
      first.body.data.map((u) => u.id),
    );
    assert.equal(await byTestId("pager-prev").isDisabled(), true);
    assert.equal(await byTestId("pager-next").isDisabled(), false);
  });

  step("searching for jane shows only Jane Developer", async () => {
    const searches = () =>
      requests.filter(
        (r) =>
          r.step === currentStep &&
          r.method === "GET" &&
          new URL(r.url).searchParams.has("search"),
      );
    await search("jane");
    const [jane] = await expectTable("page 1 of 1, 1 user", 1);
    assert.equal(jane.id, "user_abc123");
    assert.equal(jane.name, "Jane Developer");
    assert.equal(jane.email, "jane@example.com");
    assert.equal(jane.status, "active");

    // The search box is debounced: typing four letters is not four requests.
    assert.ok(
      searches().length < 4,
      `${searches().length} search requests for 4 keystrokes`,
    );
    assert.equal(
      new URL(searches().at(-1).url).searchParams.get("search"),
      "jane",
    );
  });

  step("clearing the search and paging through all three pages", async () => {
    await search("");
    const page1 = await expectTable("page 1 of 3, 42 users", 20);

    await byTestId("pager-next").click();
    const page2 = await expectTable("page 2 of 3, 42 users", 20);
    await byTestId("pager-next").click();
    const page3 = await expectTable("page 3 of 3, 42 users", 2);
    assert.equal(await byTestId("pager-next").isDisabled(), true);
    assert.equal(await byTestId("pager-prev").isDisabled(), false);

    const ids = new Set([...page1, ...page2, ...page3].map((r) => r.id));
    assert.equal(ids.size, 42, "the three pages show 42 different users");

    await byTestId("pager-prev").click();
    await expectTable("page 2 of 3, 42 users", 20);
  });

  step("changing the page size", async () => {
    await page.getByLabel("Per page").selectOption("50");
    const rows = await expectTable("page 1 of 1, 42 users", 42);

    // Every cell says what the API says; a user who never logged in reads "never".
    const all = await api(`/v2/organizations/${ORG}/users?per_page=100`);
    const byId = new Map(all.body.data.map((u) => [u.id, u]));
    for (const shown of rows) {
      const user = byId.get(shown.id);
      assert.ok(user, `row ${shown.id} is a real user`);
      assert.equal(shown.name, user.name);
      assert.equal(shown.email, user.email);
      assert.equal(shown.role, user.role);
      assert.equal(shown.status, user.status);
      assert.equal(shown.verified, user.emailVerified ? "yes" : "no");
      if (user.lastLoginAt === null) assert.equal(shown.lastLogin, "never");
      else assert.match(shown.lastLogin, /\d{4}/, `last login of ${user.id}`);
    }

    await page.getByLabel("Per page").selectOption("10");
    await expectTable("page 1 of 5, 42 users", 10);
    await page.getByLabel("Per page").selectOption("20");
    await expectTable("page 1 of 3, 42 users", 20);
  });

  step("filtering by status and sorting by name", async () => {
    const suspended = await api(
      `/v2/organizations/${ORG}/users?status=suspended&per_page=100`,
    );
    const count = suspended.body.pagination.total;
    assert.ok(count > 0, "the seed has suspended users");

    await page.getByLabel("Status").selectOption("suspended");
    await page.getByLabel("Sort by").selectOption("name");
    await page.getByLabel("Order").selectOption("asc");
    const users = count === 1 ? "user" : "users";
    const rows = await eventually(async () => {
      const shown = await expectTable(`page 1 of 1, ${count} ${users}`, count);
      assert.deepEqual(
        new Set(shown.map((r) => r.status)),
        new Set(["suspended"]),
      );
      return shown;
    });

    const sorted = await api(
      `/v2/organizations/${ORG}/users?status=suspended&sort=name&order=asc&per_page=100`,
    );
    assert.deepEqual(
      rows.map((r) => r.name),
      sorted.body.data.map((u) => u.name),
    );

    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Sort by").selectOption("created_at");
    await page.getByLabel("Order").selectOption("desc");
    await eventually(async () => {
      const shown = await expectTable("page 1 of 3, 42 users", 20);
      const first = await api(`/v2/organizations/${ORG}/users`);
      assert.deepEqual(
        shown.map((r) => r.id),
        first.body.data.map((u) => u.id),
      );
    });
  });

  step("inviting a new user", async () => {
    const form = byTestId("invite-form");
    await clearAndType(form.getByLabel("Email"), NEW_EMAIL);
    await clearAndType(form.getByLabel("Name"), "New Person");
    await form.getByLabel("Role").selectOption("admin");
    await clearAndType(form.getByLabel("Teams"), "team_frontend, team_design");

    // Hold the request for a moment to see the page's loading state.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    let seen;
    const arrived = new Promise((resolve) => {
      seen = resolve;
    });
    const pattern = `${base}/v2/organizations/${ORG}/users`;
    const hold = async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      seen();
      await held;
      return route.fallback();
    };
    await page.route(pattern, hold);
    try {
      await byTestId("invite-submit").click();
      await arrived;
      assert.equal(await byTestId("invite-submit").isDisabled(), true);
      assert.equal(
        await byTestId("invite-submit").getAttribute("aria-busy"),
        "true",
      );
      assert.equal(await form.getAttribute("aria-busy"), "true");
    } finally {
      release();
    }
    await page.unroute(pattern, hold);

    const result = byTestId("invite-result");
    await result.waitFor({ state: "visible" });
    assert.match(
      await textOf("invite-result"),
      new RegExp(`Invitation sent to ${NEW_EMAIL}`),
    );
    assert.match(await textOf("invitation-id"), /^inv_\S+$/);
    assert.equal(await textOf("invitation-status"), "pending");
    assert.equal(await byTestId("invite-submit").isDisabled(), false);
    assert.equal(
      await form.getByLabel("Email").inputValue(),
      "",
      "the form is cleared",
    );

    // Newest first: the invited user heads the table, pending, and the total grew.
    const [newest] = await expectTable("page 1 of 3, 43 users", 20);
    assert.equal(newest.email, NEW_EMAIL);
    assert.equal(newest.name, "New Person");
    assert.equal(newest.status, "pending");
    assert.equal(newest.role, "admin");
    assert.equal(newest.lastLogin, "never");

    // The teams box was split into team ids.
    const stored = await api(`/v2/users/${encodeURIComponent(newest.id)}`);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body.teams, ["team_frontend", "team_design"]);
  });

  step("inviting the same email again shows a readable conflict", async () => {
    allowConsoleError(/status of 409/);
    const form = byTestId("invite-form");
    await clearAndType(form.getByLabel("Email"), NEW_EMAIL);
    await byTestId("invite-submit").click();

    const error = byTestId("invite-error");
    await error.waitFor({ state: "visible" });
    const text = await textOf("invite-error");
    assert.match(text, /Could not send the invitation/);
    assert.equal(
      await error.getByTestId("error-kind").locator("dd").textContent(),
      "api",
    );
    assert.equal(
      await error.getByTestId("error-status").locator("dd").textContent(),
      "409",
    );
    assert.equal(
      await error.getByTestId("error-code").locator("dd").textContent(),
      "conflict",
    );
    assert.match(
      await error.getByTestId("error-request-id").locator("dd").textContent(),
      /^req_/,
    );
    assert.ok(
      (await error.getByTestId("error-message").textContent()).trim().length >
        0,
    );
    assert.ok(!text.includes(KEY), "the API key is not shown");
    assert.equal(await byTestId("invite-result").isHidden(), true);
    await expectTable("page 1 of 3, 43 users", 20);
  });

  step("a malformed email is rejected before any request", async () => {
    const form = byTestId("invite-form");
    await clearAndType(form.getByLabel("Email"), "not-an-email");
    await byTestId("invite-submit").click();

    const error = byTestId("invite-error");
    await eventually(async () => {
      assert.equal(
        await error.getByTestId("error-kind").locator("dd").textContent(),
        "invalid_input",
      );
    });
    assert.match(
      await error.getByTestId("error-message").textContent(),
      /email/i,
    );
    assert.equal(await error.getByTestId("error-status").count(), 0);
    assert.match(await textOf("invite-error"), /no request was sent/);
    assert.equal(
      await form.getByLabel("Email").getAttribute("aria-invalid"),
      "true",
      "the email box is marked invalid",
    );
    const posts = requests.filter(
      (r) => r.step === currentStep && r.method === "POST",
    );
    assert.deepEqual(posts, [], "no request left the page");
    await clearAndType(form.getByLabel("Email"), "");
  });

  step("editing a user's name, role and metadata", async () => {
    const before = (await api("/v2/users/user_abc123")).body;
    const role = before.role === "owner" ? "admin" : "owner";

    await search("jane");
    await expectTable("page 1 of 1, 1 user", 1);
    await row("user_abc123").getByTestId("edit-button").click();
    const panel = byTestId("edit-panel");
    await panel.waitFor({ state: "visible" });
    const editor = byTestId("edit-form");
    await eventually(async () => {
      assert.equal(
        await editor.getByLabel("Name").inputValue(),
        "Jane Developer",
      );
      assert.equal(await textOf("edit-user-id"), "user_abc123");
    });

    // Text that is not JSON never reaches the API.
    const metadataBox = editor.getByLabel("Metadata changes (JSON)");
    await clearAndType(metadataBox, "{oops");
    await byTestId("edit-submit").click();
    await byTestId("edit-error").waitFor({ state: "visible" });
    assert.match(await textOf("edit-error"), /not valid JSON/);
    assert.deepEqual(
      requests.filter((r) => r.step === currentStep && r.method === "PATCH"),
      [],
    );

    // First save: name, role and three metadata keys.
    await clearAndType(editor.getByLabel("Name"), "Jane Senior Developer");
    await editor.getByLabel("Role").selectOption(role);
    await metadataBox.fill(
      '{ "department": "Engineering", "title": "Developer", "floor": 3 }',
    );
    await byTestId("edit-submit").click();
    await eventually(async () => {
      assert.match(await textOf("edit-result"), /Saved/);
    });
    assert.equal(await byTestId("edit-error").isHidden(), true);
    let expected = {
      ...before.metadata,
      department: "Engineering",
      title: "Developer",
      floor: 3,
    };
    assert.deepEqual(
      JSON.parse(await textOf("edit-current-metadata")),
      expected,
    );
    assert.equal(
      await metadataBox.inputValue(),
      "",
      "the changes box is emptied after a save",
    );

    await expectTable("page 1 of 1, 1 user", 1, ([jane]) => {
      assert.equal(jane.name, "Jane Senior Developer");
      assert.equal(jane.role, role);
    });

    // Second save: one key changes, one is removed with null, the rest stay.
    await metadataBox.fill('{ "title": "Senior Developer", "floor": null }');
    await byTestId("edit-submit").click();
    expected = {
      ...before.metadata,
      department: "Engineering",
      title: "Senior Developer",
    };
    await eventually(async () => {
      assert.deepEqual(
        JSON.parse(await textOf("edit-current-metadata")),
        expected,
      );
    });
    assert.match(await textOf("edit-result"), /Saved metadata/);

    const stored = (await api("/v2/users/user_abc123")).body;
    assert.deepEqual(
      stored.metadata,
      expected,
      "the API merged the metadata key by key",
    );
    assert.equal(stored.name, "Jane Senior Developer");
    assert.equal(stored.role, role);
    assert.equal(
      await editor.getByLabel("Name").inputValue(),
      "Jane Senior Developer",
    );
    assert.equal(await editor.getByLabel("Role").inputValue(), role);

    await byTestId("edit-close").click();
    await panel.waitFor({ state: "hidden" });
  });

  step("suspending a user", async () => {
    const active = await api(
      `/v2/organizations/${ORG}/users?status=active&per_page=100`,
    );
    const target = active.body.data.find((u) => u.id !== "user_abc123");
    assert.ok(target, "the seed has another active user");

    await search(target.email);
    await eventually(async () => {
      const rows = await tableRows();
      assert.ok(rows.some((r) => r.id === target.id));
      assert.equal(
        await byTestId("users-table-wrap").getAttribute("aria-busy"),
        "false",
      );
    });
    await row(target.id).getByTestId("suspend-button").click();
    await eventually(async () => {
      assert.equal(
        await row(target.id).getByTestId("user-status").textContent(),
        "suspended",
      );
    });
    assert.equal(
      await row(target.id).getByTestId("suspend-button").isDisabled(),
      true,
    );
    assert.match(
      await textOf("users-notice"),
      new RegExp(`Suspended ${target.name}`),
    );

    const stored = await api(`/v2/users/${encodeURIComponent(target.id)}`);
    assert.equal(stored.body.status, "suspended");
  });

  step(
    "deleting a user asks first; cancel keeps, confirm removes",
    async () => {
      await search(NEW_EMAIL);
      const [invited] = await expectTable("page 1 of 1, 1 user", 1);
      const dialog = byTestId("confirm-dialog");

      // Cancel keeps the user.
      await row(invited.id).getByTestId("delete-button").click();
      await dialog.waitFor({ state: "visible" });
      assert.equal(
        await dialog.evaluate((d) => d.open && d.matches(":modal")),
        true,
      );
      assert.match(await textOf("confirm-message"), new RegExp(NEW_EMAIL));
      await byTestId("confirm-cancel").click();
      await dialog.waitFor({ state: "hidden" });
      await expectTable("page 1 of 1, 1 user", 1);
      assert.equal(
        (await api(`/v2/users/${encodeURIComponent(invited.id)}`)).status,
        200,
      );

      // So does Escape.
      await row(invited.id).getByTestId("delete-button").click();
      await dialog.waitFor({ state: "visible" });
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      assert.equal(
        (await api(`/v2/users/${encodeURIComponent(invited.id)}`)).status,
        200,
      );

      // Confirm removes the user, and the total drops.
      await row(invited.id).getByTestId("delete-button").click();
      await dialog.waitFor({ state: "visible" });
      await byTestId("confirm-ok").click();
      await dialog.waitFor({ state: "hidden" });
      await expectTable("page 1 of 1, 0 users", 0);
      assert.match(await textOf("users-empty"), /No users match/);
      assert.match(
        await textOf("users-notice"),
        new RegExp(`Deleted New Person`),
      );
      await search("");
      await expectTable("page 1 of 3, 42 users", 20);
      assert.equal(
        (await api(`/v2/users/${encodeURIComponent(invited.id)}`)).status,
        404,
      );
    },
  );

  step("connecting to another origin with another key", async () => {
    allowConsoleError(/status of 401/);
    const url = new URL(base);
    url.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
    const other = url.origin;
    const connection = byTestId("connection-form");

    // A different origin (so the API is reached cross-origin) and organization.
    await clearAndType(page.getByLabel("Base URL"), other);
    await clearAndType(page.getByLabel("API key"), OTHER_KEY);
    await clearAndType(page.getByLabel("Organization id"), OTHER_ORG);
    await connection.getByRole("button", { name: "Connect" }).click();
    await expectTable("page 1 of 1, 5 users", 5);
    assert.ok(
      requests.some(
        (r) => r.step === currentStep && r.url.startsWith(`${other}/v2/`),
      ),
    );

    // A wrong key: a readable 401 that does not repeat the key.
    const wrongKey = "sk_test_not_a_real_key";
    await clearAndType(page.getByLabel("API key"), wrongKey);
    await connection.getByRole("button", { name: "Connect" }).click();
    const error = byTestId("users-error");
    await error.waitFor({ state: "visible" });
    assert.equal(
      await error.getByTestId("error-status").locator("dd").textContent(),
      "401",
    );
    assert.equal(
      await error.getByTestId("error-code").locator("dd").textContent(),
      "unauthenticated",
    );
    assert.ok(
      !(await page.locator("body").innerText()).includes(wrongKey),
      "key not shown",
    );

    // Back to the defaults; they are remembered across a reload.
    await clearAndType(page.getByLabel("Base URL"), base);
    await clearAndType(page.getByLabel("API key"), KEY);
    await clearAndType(page.getByLabel("Organization id"), ORG);
    await connection.getByRole("button", { name: "Connect" }).click();
    await expectTable("page 1 of 3, 42 users", 20);
    assert.equal(await error.isHidden(), true);
    await page.reload();
    await waitForStart();
    await expectTable("page 1 of 3, 42 users", 20);
    assert.equal(await page.getByLabel("Base URL").inputValue(), base);
  });

  step(
    "every control has a label and requests go only to the API",
    async () => {
      const unlabelled = await page.$$eval(
        "input, select, textarea",
        (controls) =>
          controls
            .filter(
              (c) =>
                c.labels.length === 0 &&
                !c.getAttribute("aria-label") &&
                !c.getAttribute("aria-labelledby"),
            )
            .map((c) => c.outerHTML),
      );
      assert.deepEqual(unlabelled, []);

      const otherHost = new URL(base);
      otherHost.hostname =
        otherHost.hostname === "localhost" ? "127.0.0.1" : "localhost";
      const foreign = requests.filter(
        (r) =>
          !r.url.startsWith(`${base}/`) &&
          !r.url.startsWith(`${otherHost.origin}/`) &&
          !r.url.startsWith("data:"),
      );
      assert.deepEqual(foreign, []);
    },
  );

  step("saves a screenshot for the README", async () => {
    // A lived-in but tidy state: fresh data, one invitation just sent, and
    // Jane's editor open after a metadata change.
    await resetEmulator();
    await page.reload();
    await waitForStart();
    await expectTable("page 1 of 3, 42 users", 20);

    const form = byTestId("invite-form");
    await clearAndType(form.getByLabel("Email"), "bob@example.com");
    await clearAndType(form.getByLabel("Name"), "Bob Engineer");
    await clearAndType(form.getByLabel("Teams"), "team_frontend");
    await byTestId("invite-submit").click();
    await byTestId("invite-result").waitFor({ state: "visible" });
    await expectTable("page 1 of 3, 43 users", 20);

    await row("user_abc123").getByTestId("edit-button").click();
    const editor = byTestId("edit-form");
    await eventually(async () => {
      assert.equal(
        await editor.getByLabel("Name").inputValue(),
        "Jane Developer",
      );
    });
    await editor
      .getByLabel("Metadata changes (JSON)")
      .fill('{ "department": "Engineering", "title": "Senior Developer" }');
    await byTestId("edit-submit").click();
    await eventually(async () => {
      assert.match(await textOf("edit-result"), /Saved/);
    });
    await expectTable("page 1 of 3, 43 users", 20);

    await page.mouse.move(0, 0);
    await page.evaluate(() => document.activeElement?.blur());
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      animations: "disabled",
    });
  });

  step("no page errors and no unexpected console errors", async () => {
    assert.deepEqual(pageErrors, []);
    const unexpected = consoleErrors.filter(
      ({ step: name, text }) =>
        !(allowedConsoleErrors.get(name) ?? []).some((p) => p.test(text)),
    );
    assert.deepEqual(unexpected, []);
  });
});
