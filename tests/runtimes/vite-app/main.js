// The app's one entry: the probe on the main thread, and the calls through
// the module worker, both through the bundled package.
import * as legionedge from "legionedge";

import { callWorker } from "./calls.js";
import { probe } from "./probe.js";

// README:begin vite-worker-page
const worker = new Worker(new URL("./worker.js", import.meta.url), {
  type: "module",
});
worker.addEventListener("message", ({ data }) => {
  if (data.id === 1) console.log(data.result?.name ?? data.error.message);
});
worker.postMessage({ id: 1, call: "get", args: ["user_abc123"] });
// README:end

globalThis.outcome = Promise.all([
  probe(legionedge, { baseUrl: "http://127.0.0.1:8787" }),
  callWorker(worker),
]).then(
  ([value, inWorker]) => ({ value, inWorker }),
  (error) => ({ error: String(error?.stack ?? error) }),
);
