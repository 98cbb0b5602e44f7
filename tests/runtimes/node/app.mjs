// Node.js with its global fetch: the "node" entry of the package, which
// reads the .wasm from disk. Prints the README lines' output, then the
// probe's result as JSON.
import { getEventListeners } from "node:events";

import * as legionedge from "legionedge";

import { probe } from "./probe.js";

// README:begin node
import { Client, LegionEdgeError } from "legionedge";

const client = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "http://127.0.0.1:8787",
});
const { pagination } = await client.users.list({
  organizationId: "org_abc123",
});
console.log(`${pagination.total} users`);
// README:end

const value = await probe(legionedge, { baseUrl: "http://127.0.0.1:8787" });
const entry = import.meta.resolve("legionedge");
const sameExports =
  Client === legionedge.Client &&
  LegionEdgeError === legionedge.LegionEdgeError;
// Twenty calls waiting to retry on one signal listen to it once: Node.js
// warns past ten listeners.
const controller = new AbortController();
const failing = new Client({
  apiKey: "sk_test_abc123",
  baseUrl: "http://127.0.0.1:8787",
  // So many retries that none runs out before the abort.
  maxRetries: 10,
  fetch: async () => {
    throw new TypeError("the network is down");
  },
});
const waiting = Array.from({ length: 20 }, () =>
  failing.users
    .get("user_abc123", { signal: controller.signal })
    .catch((error) => error.kind),
);
await new Promise((resolve) => setTimeout(resolve, 100));
const listeners = getEventListeners(controller.signal, "abort").length;
controller.abort();
const kinds = [...new Set(await Promise.all(waiting))];
const sharedSignal = { listeners, kinds };

console.log(JSON.stringify({ value, entry, sameExports, sharedSignal }));
