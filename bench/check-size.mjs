// The size guard the test command runs: fails when the package a browser
// loads (see size.mjs) grows past the gzip budget in bench/size-budget.json.
// Lower the budget when the package shrinks; never raise it to let a change
// pass.

import { readFileSync } from "node:fs";
import { sizes } from "./size.mjs";

const root = new URL("..", import.meta.url).pathname;
const budget = JSON.parse(
  readFileSync(`${root}bench/size-budget.json`, "utf8"),
);
const { wasm, js, total } = sizes(`${root}pkg`);
console.log(
  `wasm ${wasm.raw} B raw, ${wasm.gzip} B gzip; JS ${js.raw} B raw, ${js.gzip} B gzip`,
);
console.log(`total ${total.gzip} B gzip, budget ${budget.totalGzipBytes} B`);
if (total.gzip > budget.totalGzipBytes) {
  console.error(
    `the package grew ${total.gzip - budget.totalGzipBytes} B past its budget`,
  );
  process.exit(1);
}
if (total.gzip < budget.totalGzipBytes) {
  console.log(
    `${budget.totalGzipBytes - total.gzip} B under budget: lower bench/size-budget.json`,
  );
}
