// The package's entry. It loads the WebAssembly module once, when first
// imported, so callers never call an init function: with top-level await,
// `import { Client } from "legionedge"` resolves only once the SDK is ready.
import init from "./legionedge.js";

await init({ module_or_path: new URL("./legionedge_bg.wasm", import.meta.url) });

export { Client, Users } from "./legionedge.js";
export { LegionEdgeError } from "./__ERROR_MODULE__";
