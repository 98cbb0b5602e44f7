// Node.js with its global fetch: the "node" entry of the package, which
// reads the .wasm from disk. Prints the README lines' output, then the
// probe's result as JSON.
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
console.log(JSON.stringify({ value, entry, sameExports }));
