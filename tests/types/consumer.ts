// A TypeScript program written the way a user of the package writes one,
// checked by `tsc --strict` against the package as installed from its
// tarball (see types.test.mjs beside this file). It is never run.
//
// Everything above the "Mistakes" section is a documented call and must be
// accepted. Each line below it is a mistake a user makes, marked
// `// @ts-expect-error: <text>`: tsc fails if the line is not an error, and
// the test also checks that tsc's message for that line contains <text>, so
// that a mistake is rejected for the right reason.

import {
  Client,
  LegionEdgeError,
  Users,
  type CallOptions,
  type ClientOptions,
  type Invitation,
  type InviteOptions,
  type JsonValue,
  type LegionEdgeErrorDetail,
  type LegionEdgeErrorKind,
  type LegionEdgeRateLimit,
  type ListUsersParams,
  type Page,
  type Pagination,
  type RequestEvent,
  type UpdateUserChanges,
  type User,
  type UserRole,
  type UserSortField,
  type UserStatus,
  type UserWalk,
} from "legionedge";
import {
  init,
  initSync,
  Client as ManualClient,
  LegionEdgeError as ManualLegionEdgeError,
  type InitOutput,
} from "legionedge/manual";

const baseUrl = "http://127.0.0.1:8787";

// ---------------------------------------------------------------------------
// Making a client

const client = new Client({ apiKey: "sk_test_abc123", baseUrl });

const withToken = new Client({
  getToken: async () => "a-short-lived-token",
  baseUrl,
});
const withSyncToken = new Client({ getToken: () => "token" });

const events: RequestEvent[] = [];
const tuned = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "https://legionedge.internal.example",
  allowInsecureHttp: false,
  timeoutMs: 10_000,
  maxRetries: 3,
  fetch: (request: Request) => globalThis.fetch(request),
  onRequest: (event) => {
    events.push(event);
  },
  onResponse: (event: RequestEvent) => {
    const method: "GET" | "POST" | "PATCH" | "DELETE" = event.method;
    const path: string = event.path;
    const attempt: number = event.attempt;
    const status: number | null = event.status;
    const durationMs: number | null = event.durationMs;
    const requestId: string | null = event.requestId;
    const failure:
      "network" | "timeout" | "aborted" | "decode" | "invalid_input" | null =
      event.error;
    console.log(method, path, attempt, status, durationMs, requestId, failure);
  },
});
const withGlobalFetch = new Client({
  apiKey: "sk_test_abc123",
  fetch: globalThis.fetch,
});
const insecure = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "http://legionedge.lan:8787",
  allowInsecureHttp: true,
});
const fromOptions = (options: ClientOptions): Client => new Client(options);

// ---------------------------------------------------------------------------
// The calls, with and without per-call options

const controller = new AbortController();
const callOptions: CallOptions = {
  signal: controller.signal,
  timeoutMs: 2000,
  maxRetries: 0,
};
const inviteOptions: InviteOptions = {
  ...callOptions,
  idempotencyKey: "signup-42",
};

const params: ListUsersParams = {
  organizationId: "org_abc123",
  page: 1,
  perPage: 50,
  status: "active",
  search: "jane",
  sort: "last_login_at",
  order: "asc",
};
const page: Page<User> = await client.users.list(params);
const samePage = await client.users.list(
  { organizationId: "org_abc123" },
  callOptions,
);
await client.users.list({ organizationId: "org_abc123" }, null);
await client.users.list(
  { organizationId: "org_abc123" },
  { signal: AbortSignal.timeout(5000) },
);
const pagination: Pagination = samePage.pagination;
const counts: number[] = [
  pagination.total,
  pagination.page,
  pagination.perPage,
  pagination.totalPages,
];
const hasMore: boolean = pagination.hasMore;
for (const user of page.data) {
  console.log(`${user.name} <${user.email}> - ${user.status}`);
}

const user: User = await client.users.get("user_abc123");
await client.users.get("user_abc123", { timeoutMs: 2000 });
const id: string = user.id;
const avatar: string | null = user.avatarUrl;
const verified: boolean = user.emailVerified;
const teams: string[] = user.teams;
const metadata: { [key: string]: JsonValue } = user.metadata;
const dates: string[] = [user.createdAt, user.updatedAt];
const lastLogin: string = user.lastLoginAt ?? "never";
if (user.lastLoginAt !== null) console.log(user.lastLoginAt.length);
// Statuses and roles are open sets: values added later still type-check.
const status: UserStatus | (string & {}) = user.status;
const role: UserRole | (string & {}) = user.role;
if (user.status === "suspended" || user.status === "archived") {
  console.log(role);
}

const invitation: Invitation = await client.users.invite({
  organizationId: "org_abc123",
  email: "bob@example.com",
  name: "Bob Engineer",
  role: "member",
  teams: ["team_frontend"],
});
await client.users.invite(
  { organizationId: "org_abc123", email: "bob@example.com", role: "auditor" },
  inviteOptions,
);
await client.users.invite(
  { organizationId: "org_abc123", email: "bob@example.com" },
  { idempotencyKey: "signup-42" },
);
console.log(
  `Invitation sent: ${invitation.id} (status: ${invitation.status})`,
  invitation.userId,
  invitation.organizationId,
  invitation.expiresAt,
);

const changes: UpdateUserChanges = {
  name: "Jane Senior Developer",
  role: "admin",
  metadata: {
    department: "Engineering",
    title: "Senior Developer",
    level: 3,
    remote: true,
    removed: null,
    tags: ["a", "b"],
    nested: { a: { b: [1, null] } },
  },
};
const updated: User = await client.users.update("user_abc123", changes);
await client.users.update("user_abc123", { name: "Jane" }, callOptions);

const suspended: User = await client.users.suspend("user_abc123");
await client.users.suspend("user_abc123", callOptions);

const deleted: void = await client.users.delete("user_abc123");
await client.users.delete("user_abc123", callOptions);
const deletion: Promise<void> = client.users.delete("user_abc123");

// ---------------------------------------------------------------------------
// Auto-pagination

const walk: UserWalk = client.users.listAll({ organizationId: "org_abc123" });
for await (const each of walk) {
  const name: string = each.name;
  console.log(name);
}
const resumed = client.users.listAll(
  { organizationId: "org_abc123", page: 3, perPage: 100, status: "pending" },
  { signal: controller.signal, maxRetries: 5 },
);
for await (const onePage of resumed.pages()) {
  const users: User[] = onePage.data;
  const more: boolean = onePage.pagination.hasMore;
  console.log(users.length, more);
}
const firstHundred: User[] = await client.users
  .listAll({ organizationId: "org_abc123", sort: "email" })
  .toArray({ limit: 100 });

// ---------------------------------------------------------------------------
// Errors

try {
  await client.users.get("user_missing");
} catch (error) {
  if (error instanceof LegionEdgeError) {
    const kind: LegionEdgeErrorKind = error.kind;
    const message: string = error.message;
    const name: "LegionEdgeError" = error.name;
    const httpStatus: number | null = error.status;
    const code: string | null = error.code;
    const requestId: string | null = error.requestId;
    const details: LegionEdgeErrorDetail[] | null = error.details;
    const retryAfter: number | null = error.retryAfter;
    const rateLimit: LegionEdgeRateLimit | null = error.rateLimit;
    const bodyPreview: string | null = error.bodyPreview;
    const cause: unknown = error.cause;
    const stack: string | undefined = error.stack;
    if (error.kind === "api" && error.status === 404) console.log("no user");
    for (const detail of error.details ?? []) {
      console.log(`${detail.field}: ${detail.message}`);
    }
    if (rateLimit !== null) {
      const limits: (number | null)[] = [
        rateLimit.limit,
        rateLimit.remaining,
        rateLimit.reset,
      ];
      console.log(limits);
    }
    const json: string = JSON.stringify(error.toJSON());
    console.log(kind, message, name, httpStatus, code, requestId, details);
    console.log(retryAfter, bodyPreview, cause, stack, json);
  } else {
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Starting by hand (`legionedge/manual`)

const compiled: WebAssembly.Module = await WebAssembly.compileStreaming(
  fetch(new URL("legionedge_bg.wasm", baseUrl)),
);
const output: InitOutput = await init({ module_or_path: compiled });
await init({ module_or_path: fetch("/legionedge_bg.wasm") });
await init();
initSync({ module: compiled });
initSync({ module: new Uint8Array(8) });
const manual = new ManualClient({ apiKey: "sk_test_abc123" });
const sameClass: typeof LegionEdgeError = ManualLegionEdgeError;
const sortField: UserSortField = "created_at";

console.log(withToken, withSyncToken, tuned, withGlobalFetch, insecure);
console.log(fromOptions, counts, hasMore, id, avatar, verified, teams);
console.log(metadata, dates, lastLogin, status, updated, suspended, deleted);
console.log(deletion, firstHundred, output, manual, sameClass);
console.log(sortField, events);

// ---------------------------------------------------------------------------
// Mistakes

// README:begin typescript
const jane = await client.users.get("user_abc123");
console.log(jane.lastLoginAt?.slice(0, 10) ?? "never signed in");
// @ts-expect-error: 'jane.lastLoginAt' is possibly 'null'
console.log(jane.lastLoginAt.slice(0, 10));
// @ts-expect-error: Did you mean to write 'perPage'?
await client.users.list({ organizationId: "org_abc123", per_page: 50 });
// @ts-expect-error: Type '"deleted"' is not assignable to type 'UserStatus
await client.users.list({ organizationId: "org_abc123", status: "deleted" });
// README:end

const users = client.users;
const org = "org_abc123";
const key = "sk_test_abc123";

// @ts-expect-error: 'per_page' does not exist in type 'ListUsersParams'
await users.list({ organizationId: org, per_page: 50 });
// @ts-expect-error: Type '"deleted"' is not assignable
await users.list({ organizationId: org, status: "deleted" });
// @ts-expect-error: Type '"lastLogin"' is not assignable
await users.list({ organizationId: org, sort: "lastLogin" });
// @ts-expect-error: Type '"up"' is not assignable
await users.list({ organizationId: org, order: "up" });
// @ts-expect-error: Type 'number' is not assignable to type 'string'
await users.list({ organizationId: 42 });
// @ts-expect-error: Type 'string' is not assignable to type 'number'
await users.list({ organizationId: org, perPage: "50" });
// @ts-expect-error: Property 'organizationId' is missing
await users.list({ perPage: 50 });
// @ts-expect-error: Expected 1-2 arguments, but got 0
await users.list();
// @ts-expect-error: 'idempotencyKey' does not exist in type 'CallOptions'
await users.list({ organizationId: org }, { idempotencyKey: "k" });
// @ts-expect-error: 'timeout' does not exist in type 'CallOptions'
await users.get("user_abc123", { timeout: 1000 });
// @ts-expect-error: 'AbortController' is missing the following properties
await users.get("user_abc123", { signal: controller });
// @ts-expect-error: 'number' is not assignable to parameter of type 'string'
await users.get(42);
// @ts-expect-error: Property 'nickname' does not exist on type 'User'
console.log(user.nickname);
// @ts-expect-error: 'user.lastLoginAt' is possibly 'null'
console.log(user.lastLoginAt.length);
// @ts-expect-error: Type 'string | null' is not assignable to type 'string'
const loggedInAt: string = user.lastLoginAt;
// @ts-expect-error: 'user.avatarUrl' is possibly 'null'
console.log(user.avatarUrl.startsWith("https:"));
// @ts-expect-error: Property 'next' does not exist on type 'Pagination'
console.log(page.pagination.next);
// @ts-expect-error: Property 'users' does not exist on type 'Page<User>'
console.log(page.users);
// @ts-expect-error: Type 'void' is not assignable to type 'User'
const gone: User = await users.delete("user_abc123");
// @ts-expect-error: Property 'id' does not exist on type 'void'
console.log((await users.delete("u")).id);
// @ts-expect-error: Property 'email' is missing
await users.invite({ organizationId: org });
// @ts-expect-error: Type 'string' is not assignable to type 'string[]'
await users.invite({ organizationId: org, email: "b@x.io", teams: "team_a" });
// @ts-expect-error: 'email' does not exist in type 'UpdateUserChanges'
await users.update("user_abc123", { email: "jane@example.org" });
// @ts-expect-error: Type 'Date' is not assignable to type 'JsonValue'
await users.update("user_abc123", { metadata: { since: new Date() } });
// @ts-expect-error: Expected 2-3 arguments, but got 1
await users.update("user_abc123");
// @ts-expect-error: Expected 1 arguments, but got 0
await walk.toArray();
// @ts-expect-error: Property 'limit' is missing
await walk.toArray({});
// @ts-expect-error: Type 'string' is not assignable to type 'number'
await walk.toArray({ limit: "100" });
// @ts-expect-error: must have a '[Symbol.iterator]()' method
for (const each of walk) console.log(each);
// @ts-expect-error: Property 'data' does not exist on type 'UserWalk'
console.log(walk.data);
// @ts-expect-error: Property 'length' does not exist on type 'Promise<User[]>'
console.log(walk.toArray({ limit: 10 }).length);
// @ts-expect-error: is not assignable to parameter of type 'ClientOptions'
new Client({});
// @ts-expect-error: Expected 1 arguments, but got 0
new Client();
// @ts-expect-error: 'getToken' are incompatible
new Client({ apiKey: key, getToken: async () => "token" });
// @ts-expect-error: 'api_key' does not exist in type 'ClientOptions'
new Client({ api_key: "sk_test_abc123" });
// @ts-expect-error: 'timeout' does not exist in type 'ClientOptionsBase
new Client({ apiKey: key, timeout: 1000 });
// @ts-expect-error: Type 'string' is not assignable to type 'number'
new Client({ apiKey: key, timeoutMs: "10s" });
// @ts-expect-error: Type 'number' is not assignable to type 'string'
new Client({ apiKey: 123 });
// @ts-expect-error: 'Promise<number>' is not assignable to type 'string | Promise<string>'
new Client({ getToken: async () => 42 });
// @ts-expect-error: Type 'Request' is not assignable to type 'string'
new Client({ apiKey: key, fetch: (url: string) => fetch(url) });
// @ts-expect-error: Property 'body' does not exist on type 'RequestEvent'
new Client({ apiKey: key, onRequest: (event) => console.log(event.body) });
// @ts-expect-error: 'event.status' is possibly 'null'
new Client({ apiKey: key, onResponse: (event) => event.status.toFixed() });
// @ts-expect-error: Constructor of class 'Users' is private
new Users();
// @ts-expect-error: Cannot assign to 'users' because it is a read-only property
client.users = client.users;

try {
  await users.get("user_missing");
} catch (error) {
  // @ts-expect-error: 'error' is of type 'unknown'
  console.log(error.status);
  if (error instanceof LegionEdgeError) {
    // @ts-expect-error: This comparison appears to be unintentional
    if (error.kind === "not_found") console.log("not the kind: the code");
    // @ts-expect-error: 'error.status' is possibly 'null'
    console.log(error.status.toFixed());
    // @ts-expect-error: Cannot assign to 'status' because it is a read-only
    error.status = 500;
    // @ts-expect-error: 'error.rateLimit' is possibly 'null'
    console.log(error.rateLimit.remaining);
    // @ts-expect-error: 'statusCode' does not exist on type 'LegionEdgeError'
    console.log(error.statusCode);
  }
}

// @ts-expect-error: Expected 1 arguments, but got 0
initSync();
// @ts-expect-error: has no exported member 'UserPager'
import { UserPager } from "legionedge";
// @ts-expect-error: has no exported member 'init'
import { init as notInTheMainEntry } from "legionedge";
console.log(loggedInAt, gone, UserPager, notInTheMainEntry);
