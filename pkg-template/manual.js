// The package without the automatic start: `legionedge/manual`. Call `init`
// (or `initSync`) once, with the module or its bytes, before making a
// `Client`. For hosts that forbid compiling WebAssembly from bytes and hand
// over a compiled `WebAssembly.Module` instead, and for anyone who wants to
// choose where and when the `.wasm` is loaded.
import init, { initSync, Client, Users } from "./legionedge.js";

// `client.users` is one handle on the client, shared by every read of it, so
// freeing or disposing it (`using users = client.users`) must not break the
// others: a Users handle lives as long as its client, and its `free` does
// nothing. Free the Client instead.
Users.prototype.free = function free() {};
if (typeof Symbol.dispose === "symbol")
  Users.prototype[Symbol.dispose] = Users.prototype.free;

export { init, initSync, Client, Users };
export { LegionEdgeError } from "./__ERROR_MODULE__";
