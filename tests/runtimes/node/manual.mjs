// Node.js with `legionedge/manual`, started from a compiled
// WebAssembly.Module. Prints the probe's result as JSON.
import { probe } from "./probe.js";

// README:begin manual-node
import { readFileSync } from "node:fs";
import { initSync, Client, LegionEdgeError } from "legionedge/manual";

const wasm = import.meta.resolve("legionedge/legionedge_bg.wasm");
initSync({ module: new WebAssembly.Module(readFileSync(new URL(wasm))) });
// README:end

const value = await probe(
  { Client, LegionEdgeError },
  { baseUrl: "http://127.0.0.1:8787" },
);
console.log(JSON.stringify({ value }));
