// The baseline the SDK is measured against: the few kilobytes of fetch code
// a team would write by hand, doing the same work honestly. It builds the
// URL with encoding, sets the headers, checks the status, parses the JSON
// and checks the shape of what came back, but has no retries, timeouts or
// error taxonomy.

const STATUSES = new Set(["active", "suspended", "pending"]);

function fail(message) {
  throw new Error(`baseline: ${message}`);
}

function checkUser(user) {
  if (typeof user !== "object" || user === null) fail("user is not an object");
  for (const key of ["id", "email", "name", "createdAt", "updatedAt"]) {
    if (typeof user[key] !== "string") fail(`user.${key} is not a string`);
  }
  if (typeof user.status !== "string") fail("user.status is not a string");
  if (typeof user.emailVerified !== "boolean")
    fail("user.emailVerified is not a boolean");
  if (user.avatarUrl !== null && typeof user.avatarUrl !== "string")
    fail("user.avatarUrl");
  if (
    user.lastLoginAt !== null &&
    user.lastLoginAt !== undefined &&
    typeof user.lastLoginAt !== "string"
  ) {
    fail("user.lastLoginAt");
  }
  if (user.teams !== undefined && !Array.isArray(user.teams))
    fail("user.teams");
  return user;
}

function checkPage(page) {
  if (typeof page !== "object" || page === null || !Array.isArray(page.data))
    fail("no data array");
  page.data.forEach(checkUser);
  const p = page.pagination;
  for (const key of ["total", "page", "perPage", "totalPages"]) {
    if (!Number.isInteger(p?.[key])) fail(`pagination.${key}`);
  }
  if (typeof p.hasMore !== "boolean") fail("pagination.hasMore");
  return page;
}

export class BaselineClient {
  constructor({ apiKey, baseUrl, fetch: fetchImpl }) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  async request(path, query) {
    let url = this.baseUrl + path;
    const pairs = Object.entries(query ?? {}).filter(
      ([, v]) => v !== undefined,
    );
    if (pairs.length > 0) {
      url +=
        "?" +
        pairs
          .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
          .join("&");
    }
    const response = await this.fetch(
      new Request(url, {
        headers: {
          Accept: "application/json",
          Authorization: `Bearer ${this.apiKey}`,
        },
      }),
    );
    if (!response.ok) fail(`status ${response.status}`);
    return response.json();
  }

  async list({ organizationId, page, perPage, status, search, sort, order }) {
    if (status !== undefined && !STATUSES.has(status)) fail("bad status");
    const path = `/v2/organizations/${encodeURIComponent(organizationId)}/users`;
    const query = { page, per_page: perPage, status, search, sort, order };
    return checkPage(await this.request(path, query));
  }

  async get(userId) {
    return checkUser(
      await this.request(`/v2/users/${encodeURIComponent(userId)}`),
    );
  }
}
