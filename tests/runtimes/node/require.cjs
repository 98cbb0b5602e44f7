// CommonJS: Node 20.19 and later can require() the package, whose Node entry
// has no top-level await. Prints the probe's result as JSON.
// README:begin node-require
const { Client, LegionEdgeError } = require("legionedge");
// README:end

import("./probe.js")
  .then(({ probe }) =>
    probe({ Client, LegionEdgeError }, { baseUrl: "http://127.0.0.1:8787" }),
  )
  .then((value) => console.log(JSON.stringify({ value })))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
