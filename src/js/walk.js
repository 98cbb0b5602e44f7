// The auto-paginating walk `users.listAll` returns: iterate it for users,
// `pages()` for whole pages, or `toArray({ limit })`. The pages come one at
// a time from `pager.nextPage()`, the Rust side, which runs each through the
// client's retries, timeouts and signal. A walk is consumed once.
import { LegionEdgeError } from "./error.js";

export function walk(pager) {
  const pages = () => ({
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const page = await pager.nextPage();
        if (page === null) return;
        yield page;
      }
    },
  });
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.data;
    },
    async toArray(options) {
      const limit = options?.limit;
      if (!Number.isInteger(limit) || limit < 1) {
        const message =
          "limit must be a whole number of 1 or more, e.g. toArray({ limit: 500 })";
        throw new LegionEdgeError(message, {
          kind: "invalid_input",
          status: null,
          code: null,
          requestId: null,
          details: [
            { field: "limit", message: "must be a whole number of 1 or more" },
          ],
          retryAfter: null,
          rateLimit: null,
          bodyPreview: null,
        });
      }
      const users = [];
      for await (const page of pages()) {
        for (const user of page.data) {
          users.push(user);
          if (users.length === limit) return users;
        }
      }
      return users;
    },
  };
}
