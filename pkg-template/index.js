// The package's entry in browsers, workers and bundlers. It loads the
// WebAssembly module once, when first imported, so callers never call an
// init function: with top-level await, `import { Client } from "legionedge"`
// resolves only once the SDK is ready. Bundlers see the `new URL(…,
// import.meta.url)` below and ship the `.wasm` as an asset.
import { init } from "./manual.js";

await init({
  module_or_path: new URL("./legionedge_bg.wasm", import.meta.url),
});

export { Client, Users, LegionEdgeError } from "./manual.js";
