// The package's entry in browsers, workers and bundlers. It loads the
// WebAssembly module once, when first imported, so callers never call an
// init function: with top-level await, `import { Client } from "legionedge"`
// resolves only once the SDK is ready. The `.wasm` is fetched while the glue
// (manual.js, one module) loads, not after it; bundlers see the `new URL(…,
// import.meta.url)` below and ship the `.wasm` as an asset. Both entries
// share manual.js, so a program that imports both has one SDK, with one
// `LegionEdgeError` class.
const wasm = fetch(new URL("./legionedge_bg.wasm", import.meta.url));
const sdk = await import("./manual.js");
await sdk.init({ module_or_path: wasm });

export const { Client, Users, LegionEdgeError } = sdk;
