// The package's entry in browsers, workers and bundlers. It loads the
// WebAssembly module once, when first imported, so callers never call an
// init function: with top-level await, `import { Client } from "legionedge"`
// resolves only once the SDK is ready. The `.wasm` is fetched while the glue
// (manual.js, one module) loads, not after it; bundlers see the `new URL(…,
// import.meta.url)` below and ship the `.wasm` as an asset. Both entries
// share manual.js, so a program that imports both has one SDK, with one
// `LegionEdgeError` class.
const url = new URL("./legionedge_bg.wasm", import.meta.url);
const wasm = fetch(url).catch((error) => {
  throw new Error(`legionedge could not fetch ${url}: ${error.message}`, {
    cause: error,
  });
});
// Handled here, so that a failed fetch is one rejection of the import (from
// `init` below), not also an unhandled one while manual.js loads.
wasm.catch(() => {});
const sdk = await import("./manual.js");
await sdk.init({ module_or_path: wasm });

export const { Client, Users, LegionEdgeError } = sdk;
