// The package's entry in Node.js (the "node" condition of package.json's
// `exports`). Node's `fetch` cannot read `file:` URLs, so the `.wasm` is read
// from disk and compiled synchronously: no top-level await, which lets
// Node 20.19 and later `require()` the package as well as import it.
import { readFileSync } from "node:fs";

import { initSync } from "./manual.js";

initSync({
  module: readFileSync(new URL("./legionedge_bg.wasm", import.meta.url)),
});

export { Client, Users, LegionEdgeError } from "./manual.js";
