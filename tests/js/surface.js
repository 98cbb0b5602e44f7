// The JavaScript surface of the SDK, exercised from JavaScript in a real
// browser against the emulator. Each export is one test: it gets the
// emulator's URL and a `Client` made by the SDK, and throws on failure.
// tests/browser.rs runs them under wasm-pack test.

const KEY = "sk_test_abc123";
const ORG = "org_abc123";

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

function equal(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function reset(baseUrl) {
  const response = await fetch(`${baseUrl}/__emulator/reset`, {
    method: "POST",
  });
  check(response.status === 204, `reset answered ${response.status}`);
}

// Awaits `promise`, expecting it to reject with a LegionEdgeError, and
// returns the error.
async function rejection(promise, what) {
  check(promise instanceof Promise, `${what} returns a Promise`);
  try {
    await promise;
  } catch (error) {
    check(error instanceof Error, `${what}: rejects with an Error`);
    check(error.name === "LegionEdgeError", `${what}: name is ${error.name}`);
    check(
      typeof error.message === "string" && error.message.length > 0,
      `${what}: message`,
    );
    for (const text of [
      String(error),
      JSON.stringify(error),
      error.stack ?? "",
    ]) {
      check(!text.includes(KEY), `${what}: the key leaks into ${text}`);
    }
    return error;
  }
  throw new Error(`${what}: resolved, expected a rejection`);
}

function isPlain(value) {
  if (value === null || typeof value !== "object") return true;
  if (value instanceof Map || value instanceof Set) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every(isPlain);
}

function make(Client, baseUrl, extra = {}) {
  return new Client({ apiKey: KEY, baseUrl, ...extra });
}

// A fetch that counts what it sends, to prove bad input sends nothing.
function countingFetch() {
  const spy = (request) => {
    spy.calls.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  spy.calls = [];
  return spy;
}

export async function readme_example(client, baseUrl) {
  await reset(baseUrl);
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(args.join(" "));
  // The reference's example, verbatim: not reflowed.
  // prettier-ignore
  try {
    // README:begin
    const users = await client.users.list({
      organizationId: "org_abc123",
      status: "active",
      search: "jane",
      perPage: 50,
    });
    for (const user of users.data) {
      console.log(`${user.name} <${user.email}> - ${user.status}`);
    }

    const user = await client.users.get("user_abc123");
    console.log(user.name, user.email);

    const invitation = await client.users.invite({
      organizationId: "org_abc123",
      email: "bob@example.com",
      name: "Bob Engineer",
      role: "member",
      teams: ["team_frontend"],
    });
    console.log(`Invitation sent: ${invitation.id} (status: ${invitation.status})`);

    const updated = await client.users.update("user_abc123", {
      name: "Jane Senior Developer",
      metadata: {
        department: "Engineering",
        title: "Senior Developer",
      },
    });

    await client.users.suspend("user_abc123");

    await client.users.delete("user_abc123");
    // README:end
    check(
      updated.name === "Jane Senior Developer",
      "update returned the new name",
    );
  } finally {
    console.log = log;
  }
  equal(
    lines[0],
    "Jane Developer <jane@example.com> - active",
    "the list line",
  );
  equal(lines[1], "Jane Developer jane@example.com", "the get line");
  check(
    /^Invitation sent: inv_\S+ \(status: pending\)$/.test(lines[2]),
    lines[2],
  );
  equal(lines.length, 3, "lines printed");
  const gone = await rejection(
    client.users.get("user_abc123"),
    "get after delete",
  );
  equal(gone.status, 404, "status after delete");
  await reset(baseUrl);
}

export async function list_returns_plain_objects_with_true_pagination(
  client,
  baseUrl,
) {
  await reset(baseUrl);
  const page = await client.users.list({ organizationId: ORG });
  check(isPlain(page), "the page is plain objects and arrays all the way down");
  equal(page.data.length, 20, "users on page 1");
  equal(
    page.pagination,
    { total: 42, page: 1, perPage: 20, totalPages: 3, hasMore: true },
    "pagination",
  );
  for (const user of page.data) {
    check(typeof user.id === "string" && user.id.startsWith("user_"), "id");
    check(
      typeof user.emailVerified === "boolean",
      "emailVerified is a boolean",
    );
    check(
      user.lastLoginAt === null || typeof user.lastLoginAt === "string",
      "lastLoginAt",
    );
    check(
      user.avatarUrl === null || typeof user.avatarUrl === "string",
      "avatarUrl",
    );
    check(Array.isArray(user.teams), "teams");
    check(
      typeof user.metadata === "object" && !Array.isArray(user.metadata),
      "metadata",
    );
  }

  const last = await client.users.list({ organizationId: ORG, page: 3 });
  equal(last.data.length, 2, "users on page 3");
  equal(last.pagination.hasMore, false, "hasMore on the last page");
  const past = await client.users.list({ organizationId: ORG, page: 4 });
  equal(past.data, [], "data past the end");
  equal(past.pagination.total, 42, "true total past the end");

  const pending = await client.users.list({
    organizationId: ORG,
    status: "pending",
    perPage: 100,
  });
  check(pending.data.length > 0, "some pending users");
  check(
    pending.data.every((u) => u.status === "pending"),
    "status filter",
  );
  check(
    pending.data.some((u) => u.lastLoginAt === null),
    "a never-seen user has lastLoginAt null",
  );
}

export async function list_search_sort_and_encoding(client, baseUrl) {
  await reset(baseUrl);
  const jane = await client.users.list({ organizationId: ORG, search: "JANE" });
  equal(
    jane.data.map((u) => u.email),
    ["jane@example.com"],
    "case-insensitive search",
  );

  const byName = await client.users.list({
    organizationId: ORG,
    sort: "name",
    order: "asc",
    perPage: 100,
  });
  const names = byName.data.map((u) => u.name);
  equal(
    names,
    [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    "sorted by name",
  );

  // Characters that break a naive query string must arrive as written: the
  // emulator finds nobody, and says so with a 200, not a 400.
  const odd = await client.users.list({
    organizationId: ORG,
    search: "a+b&c=d#e f é",
  });
  equal(odd.pagination.total, 0, "nobody matches an odd search");
  const plus = await client.users.list({
    organizationId: ORG,
    search: "@example.com",
  });
  check(plus.pagination.total >= 1, "a search with @ and . matches");
}

export async function get_and_odd_ids(client, baseUrl) {
  const Client = client.constructor;
  await reset(baseUrl);
  const user = await client.users.get("user_abc123");
  equal(
    [user.name, user.email, user.status],
    ["Jane Developer", "jane@example.com", "active"],
    "Jane",
  );
  check(Object.getPrototypeOf(user) === Object.prototype, "a plain object");

  const other = new Client({ apiKey: "sk_test_xyz789", baseUrl });
  const odd = await other.users.get("user_odd/?#&+= é%");
  equal(
    odd.id,
    "user_odd/?#&+= é%",
    "an id full of URL-unsafe characters round-trips",
  );

  const missing = await rejection(
    client.users.get("user_nobody"),
    "get a missing user",
  );
  equal(
    [missing.kind, missing.status, missing.code],
    ["api", 404, "not_found"],
    "404",
  );
  check(/^req_/.test(missing.requestId), `requestId ${missing.requestId}`);
  equal(missing.details, null, "no details on a 404");

  // Another organization's user is not this key's to see.
  const scoped = await rejection(
    client.users.get("user_odd/?#&+= é%"),
    "get another org's user",
  );
  equal(scoped.status, 404, "scoped to the key's organization");
}

export async function unauthenticated_is_401_and_never_shows_the_key(
  client,
  baseUrl,
) {
  const Client = client.constructor;
  const wrong = new Client({ apiKey: "sk_test_wrong_key_4242", baseUrl });
  const error = await rejection(
    wrong.users.list({ organizationId: ORG }),
    "a wrong key",
  );
  equal(
    [error.kind, error.status, error.code],
    ["api", 401, "unauthenticated"],
    "401",
  );
  for (const text of [String(error), JSON.stringify(error), error.message]) {
    check(
      !text.includes("sk_test_wrong_key_4242"),
      `the key leaks into ${text}`,
    );
  }
}

export async function invite_conflict_and_idempotent_defaults(client, baseUrl) {
  await reset(baseUrl);
  const invitation = await client.users.invite({
    organizationId: ORG,
    email: "carol@example.com",
  });
  check(/^inv_/.test(invitation.id), "invitation id");
  equal(
    [
      invitation.status,
      invitation.name,
      invitation.role,
      invitation.teams,
      invitation.organizationId,
    ],
    ["pending", "carol", "member", [], ORG],
    "invitation defaults",
  );
  const created = await client.users.get(invitation.userId);
  equal(
    [created.status, created.lastLoginAt],
    ["pending", null],
    "the pending user",
  );

  const again = await rejection(
    client.users.invite({ organizationId: ORG, email: "carol@example.com" }),
    "a duplicate invite",
  );
  equal(
    [again.kind, again.status, again.code],
    ["api", 409, "conflict"],
    "409",
  );
}

export async function server_validation_errors_carry_details(client, baseUrl) {
  const Client = client.constructor;
  // The SDK refuses perPage 0 itself, so a fetch in the middle rewrites a
  // valid request into one the API must refuse.
  const tamper = (request) =>
    fetch(request.url.replace("per_page=5", "per_page=0"), request);
  const tampered = new Client({ apiKey: KEY, baseUrl, fetch: tamper });
  const error = await rejection(
    tampered.users.list({ organizationId: ORG, perPage: 5 }),
    "a 400",
  );
  equal(
    [error.kind, error.status, error.code],
    ["api", 400, "validation_error"],
    "400",
  );
  check(
    Array.isArray(error.details) && error.details[0].field === "per_page",
    JSON.stringify(error.details),
  );
}

export async function bad_input_rejects_before_sending(client, baseUrl) {
  const Client = client.constructor;
  const spy = countingFetch();
  const spied = make(Client, baseUrl, { fetch: spy });
  const cases = [
    [
      spied.users.list({ organizationId: ORG, per_page: 50 }),
      "per_page",
      /did you mean "perPage"/,
    ],
    [
      spied.users.list({ organizationId: ORG, perpage: 50 }),
      "perpage",
      /perPage/,
    ],
    [
      spied.users.list({ organizationId: ORG, perPage: 0 }),
      "perPage",
      /between 1 and 100/,
    ],
    [
      spied.users.list({ organizationId: ORG, perPage: 101 }),
      "perPage",
      /between 1 and 100/,
    ],
    [spied.users.list({ organizationId: ORG, page: 0 }), "page", /1 or more/],
    [
      spied.users.list({ organizationId: ORG, perPage: NaN }),
      "perPage",
      /finite/,
    ],
    [
      spied.users.list({ organizationId: ORG, status: "gone" }),
      "status",
      /"active"/,
    ],
    [
      spied.users.list({ organizationId: ORG, sort: "lastLoginAt" }),
      "sort",
      /"last_login_at"/,
    ],
    [spied.users.list({ organizationId: ORG, order: "ASC" }), "order", /"asc"/],
    [spied.users.list({}), "organizationId", /required/],
    [spied.users.list(), "params", /takes an object/],
    [spied.users.get(""), "userId", /non-empty/],
    [spied.users.get(undefined), "userId", /must be a string/],
    [spied.users.get(42), "userId", /must be a string/],
    [
      spied.users.invite({ organizationId: ORG, email: "not-an-email" }),
      "email",
      /email address/,
    ],
    [
      spied.users.invite({
        organizationId: ORG,
        email: "bob@example.com",
        teams: "t",
      }),
      "teams",
      /array/,
    ],
    [
      spied.users.update("user_abc123", { name: "" }),
      "name",
      /must not be empty/,
    ],
    [
      spied.users.update("user_abc123", { metadata: { when: new Date() } }),
      "metadata.when",
      /plain JSON/,
    ],
    [spied.users.suspend(""), "userId", /non-empty/],
    [spied.users.delete(""), "userId", /non-empty/],
    // Half a surrogate pair cannot be sent as UTF-8; quietly replacing it
    // would change the caller's data, or lose the value under a key.
    [spied.users.get("user_\ud800"), "userId", /surrogate pair/],
    [
      spied.users.update("user_abc123", { metadata: { note: "a\udc00b" } }),
      "metadata.note",
      /surrogate pair/,
    ],
    [
      spied.users.update("user_abc123", {
        metadata: { tags: { "\ud800": 1, "\ufffd": 2 } },
      }),
      "metadata.tags",
      /a key holding half/,
    ],
    [
      spied.users.invite({
        organizationId: ORG,
        email: "bob@example.com",
        teams: ["ok", "cut\ud83d"],
      }),
      "teams[1]",
      /surrogate pair/,
    ],
    [
      spied.users.list({ organizationId: ORG, perPage: 2 ** 32 }),
      "perPage",
      /between 1 and 100/,
    ],
    [
      spied.users.update("user_abc123", {
        metadata: {
          list: new Proxy([1, 2, 3], {
            get: (target, key) => (key === "length" ? "3" : target[key]),
          }),
        },
      }),
      "metadata.list",
      /length is not a count/,
    ],
  ];
  for (const [promise, field, pattern] of cases) {
    const error = await rejection(promise, field);
    equal(error.kind, "invalid_input", `${field}: kind`);
    equal(
      [error.status, error.code, error.requestId],
      [null, null, null],
      `${field}: no response fields`,
    );
    check(
      error.details.some((d) => d.field === field),
      `${field}: details ${JSON.stringify(error.details)}`,
    );
    check(
      pattern.test(error.message),
      `${field}: message "${error.message}" matches ${pattern}`,
    );
  }
  equal(spy.calls, [], "requests sent for bad input");

  // A cyclic object is refused, not followed forever.
  const cyclic = {};
  cyclic.self = cyclic;
  await rejection(
    spied.users.update("user_abc123", { metadata: cyclic }),
    "a cyclic object",
  );
  equal(spy.calls, [], "requests sent for a cyclic object");

  // A path names the field; it does not repeat a megabyte-long key.
  const long = "k".repeat(1_000_000);
  const error = await rejection(
    spied.users.update("user_abc123", { metadata: { [long]: NaN } }),
    "a long key",
  );
  check(
    error.message.length < 300 && error.details[0].field.endsWith("…"),
    `the path is cut: ${error.details[0].field.length} characters`,
  );

  // A well-formed U+FFFD is data like any other, and is sent.
  const sent = [];
  const capture = make(Client, baseUrl, {
    fetch: async (request) => {
      sent.push(await request.clone().text());
      return fetch(request);
    },
  });
  await capture.users.update("user_abc123", {
    metadata: { "\ufffd": "\ufffd" },
  });
  equal(sent, ['{"metadata":{"\ufffd":"\ufffd"}}'], "U+FFFD sent as given");
  await reset(baseUrl);
}

export async function constructor_rejects_bad_options(client, baseUrl) {
  const Client = client.constructor;
  const throws = (options, field, pattern) => {
    try {
      new Client(options);
    } catch (error) {
      equal(
        [error.name, error.kind],
        ["LegionEdgeError", "invalid_input"],
        `${field}: kind`,
      );
      check(
        error.details.some((d) => d.field === field),
        `${field}: ${JSON.stringify(error.details)}`,
      );
      check(
        pattern.test(error.message),
        `${field}: "${error.message}" matches ${pattern}`,
      );
      check(
        !JSON.stringify(error).includes("sk_live_secret"),
        "no key in the error",
      );
      return;
    }
    throw new Error(`new Client(${JSON.stringify(options)}) did not throw`);
  };
  throws({}, "apiKey", /required/);
  throws({ apiKey: "" }, "apiKey", /required/);
  throws({ apikey: "sk_live_secret" }, "apikey", /did you mean "apiKey"/);
  throws(
    { apiKey: "sk_live_secret", baseUrl: "ftp://example.com" },
    "baseUrl",
    /https:\/\//,
  );
  throws(
    { apiKey: "sk_live_secret", baseUrl: "api.legionedge.com" },
    "baseUrl",
    /https:\/\//,
  );
  throws({ apiKey: "sk_live_secret", fetch: "no" }, "fetch", /function/);
  // An own `__proto__` key (JSON.parse makes one) is a key like any other.
  throws(
    JSON.parse('{ "apiKey": "k", "__proto__": { "x": 1 } }'),
    "__proto__",
    /is not a parameter of new Client/,
  );
  throws(undefined, "options", /takes an object/);
  check(
    make(Client, `${baseUrl}/`) instanceof Client,
    "a trailing slash is fine",
  );
}

export async function update_merges_metadata_and_suspend_delete(
  client,
  baseUrl,
) {
  await reset(baseUrl);
  const first = await client.users.update("user_abc123", {
    role: "admin",
    metadata: { department: "Engineering", title: "Senior Developer" },
  });
  equal(
    [first.role, first.metadata.department, first.metadata.title],
    ["admin", "Engineering", "Senior Developer"],
    "set",
  );
  const second = await client.users.update("user_abc123", {
    metadata: { title: null, level: 3 },
  });
  equal(second.metadata.title, undefined, "a null removes the key");
  equal(
    [second.metadata.department, second.metadata.level],
    ["Engineering", 3],
    "other keys kept",
  );
  const untouched = await client.users.update("user_abc123", {});
  equal(untouched.name, "Jane Developer", "an empty update changes nothing");

  const suspended = await client.users.suspend("user_abc123");
  equal(suspended.status, "suspended", "suspended");
  equal(
    (await client.users.suspend("user_abc123")).status,
    "suspended",
    "suspending twice succeeds",
  );

  const deleted = await client.users.delete("user_abc123");
  equal(deleted, undefined, "delete resolves to undefined");
  check(deleted === undefined, "strictly undefined");
  const again = await rejection(
    client.users.delete("user_abc123"),
    "deleting twice",
  );
  equal(again.status, 404, "deleting a missing user");
  const page = await client.users.list({ organizationId: ORG, search: "jane" });
  equal(page.pagination.total, 0, "gone from the list");
  await reset(baseUrl);
}

export async function fifty_concurrent_mixed_calls_all_settle(client, baseUrl) {
  await reset(baseUrl);
  const page = await client.users.list({ organizationId: ORG, perPage: 100 });
  const ids = page.data.map((u) => u.id);
  const calls = [];
  const expected = [];
  for (let i = 0; i < 50; i += 1) {
    const id = ids[i % ids.length];
    switch (i % 5) {
      case 0: {
        const wanted = (i % 3) + 1;
        calls.push(
          client.users
            .list({ organizationId: ORG, page: wanted })
            .then((p) => p.pagination.page),
        );
        expected.push(wanted);
        break;
      }
      case 1:
        calls.push(client.users.get(id).then((u) => u.id));
        expected.push(id);
        break;
      case 2:
        calls.push(
          client.users
            .invite({ organizationId: ORG, email: `crowd${i}@example.com` })
            .then((v) => v.email),
        );
        expected.push(`crowd${i}@example.com`);
        break;
      case 3:
        calls.push(
          client.users
            .update(id, { metadata: { wave: i } })
            .then((u) => u.metadata.wave),
        );
        expected.push(i);
        break;
      default:
        calls.push(
          client.users.get(`user_missing_${i}`).then(
            () => "found",
            (e) => e.status,
          ),
        );
        expected.push(404);
    }
  }
  equal(await Promise.all(calls), expected, "the 50 results, in order");
  const after = await client.users.list({ organizationId: ORG });
  equal(after.pagination.total, 52, "ten invitations landed");
  await reset(baseUrl);
}

export async function network_failure_is_kind_network(client, baseUrl) {
  const Client = client.constructor;
  // Port 9 on loopback: nothing listens, so the connection is refused.
  const nowhere = new Client({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" });
  const error = await rejection(
    nowhere.users.get("user_abc123"),
    "an unreachable server",
  );
  equal(
    [error.kind, error.status, error.code],
    ["network", null, null],
    "network error",
  );
  check(error.message.includes("127.0.0.1:9"), error.message);
}

export async function errors_share_one_class(client, baseUrl) {
  const Client = client.constructor;
  let fromConstructor;
  try {
    new Client({});
  } catch (error) {
    fromConstructor = error;
  }
  const fromCall = await rejection(client.users.get(""), "an empty id");
  const fromApi = await rejection(client.users.get("user_nobody"), "a 404");
  const LegionEdgeError = fromConstructor.constructor;
  check(
    LegionEdgeError.name === "LegionEdgeError",
    "the class is named LegionEdgeError",
  );
  for (const error of [fromConstructor, fromCall, fromApi]) {
    check(
      error instanceof LegionEdgeError && error instanceof Error,
      "one class, an Error subclass",
    );
  }
  const json = JSON.parse(JSON.stringify(fromApi));
  equal(
    Object.keys(json),
    [
      "name",
      "message",
      "kind",
      "status",
      "code",
      "requestId",
      "details",
      "retryAfter",
      "rateLimit",
      "bodyPreview",
    ],
    "toJSON",
  );
}

export async function list_all_walks_every_user_and_resumes(client, baseUrl) {
  await reset(baseUrl);
  const seen = [];
  for await (const user of client.users.listAll({
    organizationId: ORG,
    perPage: 10,
  })) {
    seen.push(user.id);
  }
  equal(seen.length, 42, "every user");
  equal(new Set(seen).size, 42, "each once");

  const pages = [];
  for await (const page of client.users
    .listAll({ organizationId: ORG, perPage: 10 })
    .pages()) {
    pages.push([page.pagination.page, page.data.length]);
  }
  equal(
    pages,
    [
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 2],
    ],
    "pages",
  );

  const resumed = await client.users
    .listAll({ organizationId: ORG, perPage: 10, page: 4 })
    .toArray({ limit: 100 });
  equal(
    resumed.map((u) => u.id),
    seen.slice(30),
    "resumed from page 4",
  );
  equal(
    (
      await client.users
        .listAll({ organizationId: ORG, perPage: 10 })
        .toArray({ limit: 15 })
    ).length,
    15,
    "limit",
  );
  const nolimit = await rejection(
    client.users.listAll({ organizationId: ORG }).toArray(),
    "toArray without a limit",
  );
  equal(
    [nolimit.kind, nolimit.details[0].field],
    ["invalid_input", "limit"],
    "a limit is required",
  );

  const none = await client.users
    .listAll({ organizationId: ORG, search: "nobody-at-all" })
    .toArray({ limit: 10 });
  equal(none, [], "an empty walk");
  const bad = client.users.listAll({ organizationId: ORG, per_page: 10 });
  const badError = await rejection(
    bad.toArray({ limit: 5 }),
    "a walk with a bad key",
  );
  check(badError.message.includes('did you mean "perPage"'), badError.message);

  // Breaking out early fetches no further page.
  const requests = [];
  const counted = make(client.constructor, baseUrl, {
    onRequest: (e) => requests.push(e.path),
  });
  for await (const user of counted.users.listAll({
    organizationId: ORG,
    perPage: 5,
  })) {
    if (user) break;
  }
  equal(requests.length, 1, "one page fetched before the break");

  // Aborting stops the walk.
  const controller = new AbortController();
  const walked = [];
  const stopped = await rejection(
    (async () => {
      for await (const user of client.users.listAll(
        { organizationId: ORG, perPage: 10 },
        { signal: controller.signal },
      )) {
        walked.push(user);
        if (walked.length === 10) controller.abort();
      }
    })(),
    "an aborted walk",
  );
  equal(
    [stopped.kind, walked.length],
    ["aborted", 10],
    "stopped after the first page",
  );
}

export async function hooks_see_each_attempt_and_nothing_secret(
  client,
  baseUrl,
) {
  await reset(baseUrl);
  const events = [];
  const watched = make(client.constructor, baseUrl, {
    onRequest: (e) => events.push(["request", e]),
    onResponse: (e) => events.push(["response", e]),
  });
  await watched.users.list({ organizationId: ORG, search: "jane@example.com" });
  await rejection(watched.users.get("user_nobody"), "a 404");
  await rejection(watched.users.get(""), "bad input, never sent");
  equal(events.length, 4, "two attempts, each seen twice");
  const [[, req], [, res], , [, missing]] = events;
  equal(
    [req.method, req.path, req.attempt, req.status, req.durationMs],
    ["GET", `/v2/organizations/${ORG}/users`, 1, null, null],
    "onRequest",
  );
  equal([res.status, res.attempt, res.error], [200, 1, null], "onResponse");
  check(
    typeof res.durationMs === "number" && res.durationMs >= 0,
    "a duration",
  );
  check(/^req_/.test(res.requestId), "a request id");
  equal(
    [missing.path, missing.status],
    ["/v2/users/user_nobody", 404],
    "the 404",
  );
  const text = JSON.stringify(events);
  for (const secret of [KEY, "jane@example.com", "Bearer"]) {
    check(!text.includes(secret), `a hook saw ${secret}`);
  }

  // A hook that throws changes nothing about the call.
  const broken = make(client.constructor, baseUrl, {
    onRequest: () => {
      throw new Error("hook bug");
    },
    onResponse: () => {
      throw new Error("hook bug");
    },
  });
  equal(
    (await broken.users.get("user_abc123")).id,
    "user_abc123",
    "the call still works",
  );
  check(
    !JSON.stringify(
      await rejection(broken.users.get("user_nobody"), "404"),
    ).includes("hook bug"),
    "no hook error",
  );
}

// The JavaScript shape checks and the Rust models accept and refuse the same
// answers: each fixture goes through both, via a fetch that returns it.
export async function shapes_agree_with_the_rust_models(
  client,
  fixtures,
  rustVerdicts,
) {
  const Client = client.constructor;
  const verdicts = {};
  for (const [name, { call, body }] of Object.entries(fixtures)) {
    const served = new Client({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:9",
      fetch: async () =>
        new Response(body, { headers: { "content-type": "application/json" } }),
    });
    const run = {
      get: () => served.users.get("user_abc123"),
      list: () => served.users.list({ organizationId: ORG }),
      invite: () =>
        served.users.invite({ organizationId: ORG, email: "bob@example.com" }),
    }[call];
    try {
      const value = await run();
      verdicts[name] = "ok";
      check(isPlain(value), `${name}: plain`);
      if (name === "user_from_the_future") {
        equal(
          [value.mfaEnabled, value.locale.language, value.status],
          [true, "fr", "deactivated"],
          "unknown fields kept",
        );
      }
    } catch (error) {
      verdicts[name] = error.kind;
    }
  }
  equal(verdicts, rustVerdicts, "JavaScript verdicts against the Rust models'");
}

export async function sent_headers_are_the_documented_ones(client, baseUrl) {
  await reset(baseUrl);
  const seen = [];
  const spy = (request) => {
    seen.push([request.method, Object.fromEntries(request.headers.entries())]);
    return fetch(request);
  };
  const spied = make(client.constructor, baseUrl, { fetch: spy });
  await spied.users.get("user_abc123");
  await spied.users.invite(
    { organizationId: ORG, email: "hal@example.com" },
    { idempotencyKey: "k-42" },
  );
  equal(
    seen,
    [
      ["GET", { accept: "application/json", authorization: `Bearer ${KEY}` }],
      [
        "POST",
        {
          accept: "application/json",
          authorization: `Bearer ${KEY}`,
          "content-type": "application/json",
          "idempotency-key": "k-42",
        },
      ],
    ],
    "the headers of ApiRequest::headers",
  );
  await reset(baseUrl);
}

// The bodies are written by the SDK's own JSON writer, not JSON.stringify:
// they must say exactly what JSON.stringify would, member for member, and
// the emulator must read them back as given.
export async function sent_bodies_are_the_json_of_what_was_passed(
  client,
  baseUrl,
) {
  await reset(baseUrl);
  const bodies = [];
  const spy = async (request) => {
    bodies.push(await request.clone().text());
    return fetch(request);
  };
  const spied = make(client.constructor, baseUrl, { fetch: spy });
  const metadata = {
    'quote " and \\ back':
      "tab\tnew\nline\u0001 nul\u0000 \b\f\r \u2028 é 漢字 😀",
    nested: { list: [1, -2.5, 0.1, 1e21, 5e-324, -0, true, null, []], o: {} },
    big: 9007199254740993,
    zero: 0,
  };
  const updated = await spied.users.update("user_abc123", {
    name: 'Zoë "Z" Developer',
    metadata,
  });
  equal(
    bodies[0],
    `{"metadata":${JSON.stringify(metadata)},"name":${JSON.stringify(
      'Zoë "Z" Developer',
    )}}`,
    "the update body",
  );
  equal(updated.name, 'Zoë "Z" Developer', "the name as the API stored it");
  equal(
    updated.metadata['quote " and \\ back'],
    metadata['quote " and \\ back'],
    "an escaped key and value, stored as given",
  );
  equal(updated.metadata.nested, metadata.nested, "nested data as given");

  const invited = await spied.users.invite({
    organizationId: ORG,
    email: "zoe@example.com",
    name: "Zoë\u0007",
    teams: ["team_a", 'team "b"'],
  });
  equal(
    bodies[1],
    JSON.stringify({
      email: "zoe@example.com",
      name: "Zoë\u0007",
      teams: ["team_a", 'team "b"'],
    }),
    "the invite body",
  );
  equal(invited.teams, ["team_a", 'team "b"'], "the teams as stored");
  await reset(baseUrl);
}

// What a failing fetch throws is kept as the error's cause, unless the key
// is anywhere in it: its message, a cause of its own, a property, the
// errors of an AggregateError. Then the cause is a new Error with the
// scrubbed message.
export async function the_key_never_rides_in_a_cause(client, baseUrl) {
  const holds = (value, seen = new Set()) => {
    if (typeof value === "string") return value.includes(KEY);
    if (value === null || typeof value !== "object" || seen.has(value))
      return false;
    seen.add(value);
    return ["message", "stack", "cause", "errors", ...Object.keys(value)].some(
      (key) => holds(value[key], seen),
    );
  };
  const throwing = (thrown) =>
    make(client.constructor, baseUrl, {
      maxRetries: 0,
      fetch: async () => {
        throw thrown;
      },
    });
  const leaky = [
    new TypeError("fetch failed", {
      cause: new Error(`proxy refused Bearer ${KEY}`),
    }),
    Object.assign(new TypeError("fetch failed"), {
      config: { headers: { Authorization: `Bearer ${KEY}` } },
    }),
    new AggregateError([new Error(`tried ${KEY}`)], "all attempts failed"),
  ];
  for (const thrown of leaky) {
    const error = await rejection(
      throwing(thrown).users.get("user_abc123"),
      thrown.message,
    );
    equal(error.kind, "network", `${thrown.message}: kind`);
    check(!holds(error.cause), `${thrown.message}: the key is in the cause`);
    check(error.cause instanceof Error, `${thrown.message}: a cause is kept`);
  }
  // Without the key, the platform's own error is the cause, as thrown.
  const clean = new TypeError("fetch failed", {
    cause: new Error("ECONNRESET"),
  });
  const error = await rejection(
    throwing(clean).users.get("user_abc123"),
    "a clean failure",
  );
  check(error.cause === clean, "the thrown error is the cause, unchanged");
}
