// The package without the automatic start: `legionedge/manual`. Call `init`
// (or `initSync`) once, with the module or its bytes, before making a
// `Client`. For hosts that forbid compiling WebAssembly from bytes and hand
// over a compiled `WebAssembly.Module` instead, and for anyone who wants to
// choose where and when the `.wasm` is loaded.
export { default as init, initSync, Client, Users } from "./legionedge.js";
export { LegionEdgeError } from "./__ERROR_MODULE__";
