// The npm README's usage examples, run in Node.js against the emulator: each
// README:begin … README:end region below is a block of the README, verbatim
// (tests/runtimes/readme.test.mjs checks that). What they print is
// collected and printed as JSON at the end, for runtimes.test.mjs.
const printed = [];
console.log = (...args) => printed.push(args.join(" "));

// README:begin quickstart
import { Client, LegionEdgeError } from "legionedge";

const client = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "http://127.0.0.1:8787",
});

const users = await client.users.list({
  organizationId: "org_abc123",
  status: "active",
  search: "jane",
  perPage: 50,
});
for (const user of users.data) {
  console.log(`${user.name} <${user.email}> - ${user.status}`);
}
// README:end

const mark = (name) => console.log(`-- ${name}`);
mark("listAll");

// README:begin list-all
for await (const user of client.users.listAll({
  organizationId: "org_abc123",
})) {
  console.log(user.email);
}

const someUsers = await client.users
  .listAll({ organizationId: "org_abc123", perPage: 100 })
  .toArray({ limit: 30 });

// Resumes at page 2, a page at a time.
const rest = client.users.listAll({ organizationId: "org_abc123", page: 2 });
for await (const page of rest.pages()) {
  console.log(`page ${page.pagination.page}: ${page.data.length} users`);
}
// README:end
console.log(`toArray: ${someUsers.length}`);

mark("hooks");
// README:begin hooks
const watched = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "http://127.0.0.1:8787",
  onResponse: ({ method, path, attempt, status, durationMs, requestId }) => {
    console.log(`${method} ${path} #${attempt}: ${status} in ${durationMs} ms`);
    console.log(`  request id ${requestId}`);
  },
});
await watched.users.get("user_abc123");
// GET /v2/users/user_abc123 #1: 200 in 3 ms
//   request id req_…
// README:end

mark("cancel");
// README:begin cancel
const controller = new AbortController();
const listing = client.users.list(
  { organizationId: "org_abc123" },
  { signal: controller.signal, timeoutMs: 5000, maxRetries: 1 },
);
controller.abort();
try {
  await listing;
} catch (error) {
  if (!(error instanceof LegionEdgeError)) throw error;
  console.log(error.kind); // "aborted"
}

const invitation = await client.users.invite(
  { organizationId: "org_abc123", email: "bob@example.com" },
  { idempotencyKey: "signup-bob", timeoutMs: 10_000 },
);
const again = await client.users.invite(
  { organizationId: "org_abc123", email: "bob@example.com" },
  { idempotencyKey: "signup-bob" },
);
console.log(again.id === invitation.id); // true: invited once
// README:end

mark("errors");
// README:begin errors
try {
  await client.users.get("user_missing");
} catch (error) {
  if (!(error instanceof LegionEdgeError)) throw error;
  console.log(error.kind, error.status, error.code); // api 404 not_found
  console.log(error.requestId); // req_…, to quote to support
}

try {
  await client.users.list({ organizationId: "org_abc123", per_page: 50 });
} catch (error) {
  console.log(error.kind); // "invalid_input": nothing was sent
  console.log(error.message); // … did you mean "perPage"?
  console.log(error.details[0].field); // "per_page"
}

try {
  await client.users.invite({
    organizationId: "org_abc123",
    email: "jane@example.com",
  });
} catch (error) {
  if (error instanceof LegionEdgeError && error.code === "conflict") {
    console.log("already in the organization");
  }
}
// README:end

process.stdout.write(`${JSON.stringify(printed)}\n`);
