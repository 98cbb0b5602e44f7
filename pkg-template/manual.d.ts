// `legionedge/manual`: the package without the automatic start. Call `init`
// or `initSync` once, before making a `Client`.
export * from "./index.js";
export { default as init, initSync } from "./legionedge.js";
export type { InitInput, InitOutput, SyncInitInput } from "./legionedge.js";
