// The npm README's examples are the code the tests run, run with
// `node --test tests/runtimes/`.
//
// The test apps beside this file (and tests/types/consumer.ts) mark regions
// with `// README:begin <name>` … `// README:end` (or the same in an HTML
// comment). Each region, de-indented, must be a fenced block of
// pkg-template/README.md, verbatim; and every js, html or ts block of the
// README must be one of them, so that no example there goes untested.

import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";

import { ROOT } from "./harness.mjs";

const README = path.join(ROOT, "pkg-template/README.md");
const SOURCES = [
  path.join(ROOT, "tests/runtimes"),
  path.join(ROOT, "tests/types"),
];
const BEGIN = /^\s*(?:\/\/|<!--) README:begin (\S+)(?: -->)?$/;
const END = /^\s*(?:\/\/|<!--) README:end(?: -->)?$/;

let regions; // [{ name, file, lang, body }]
let blocks; // [{ lang, body }] of the README

function dedent(lines) {
  const indents = lines
    .filter((line) => line.trim())
    .map((line) => line.match(/^ */)[0].length);
  const cut = Math.min(...indents);
  return lines.map((line) => line.slice(cut)).join("\n");
}

async function findRegions() {
  const found = [];
  for (const dir of SOURCES) {
    const entries = await readdir(dir, { recursive: true });
    for (const entry of entries.sort()) {
      if (!/\.(html|m?js|cjs|ts)$/.test(entry)) continue;
      if (entry.includes("node_modules")) continue;
      const file = path.join(dir, entry);
      const lines = (await readFile(file, "utf8")).split("\n");
      let open;
      lines.forEach((line, index) => {
        const begin = line.match(BEGIN);
        if (begin) {
          assert.equal(open, undefined, `${file}:${index + 1}: nested region`);
          open = {
            name: begin[1],
            start: index + 1,
            html: line.includes("<!--"),
          };
        } else if (END.test(line)) {
          assert.ok(open, `${file}:${index + 1}: README:end without begin`);
          found.push({
            name: open.name,
            file: path.relative(ROOT, file),
            lang: open.html ? "html" : file.endsWith(".ts") ? "ts" : "js",
            body: dedent(lines.slice(open.start, index)),
          });
          open = undefined;
        }
      });
      assert.equal(open, undefined, `${file}: README:begin without end`);
    }
  }
  return found;
}

describe("the npm README", () => {
  before(async () => {
    regions = await findRegions();
    const readme = await readFile(README, "utf8");
    blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)\n```$/gm)].map(
      ([, lang, body]) => ({ lang, body }),
    );
  });

  it("has every tested region as a block, verbatim", () => {
    const names = regions.map(({ name }) => name);
    assert.deepEqual(names, [...new Set(names)], "region names are unique");
    assert.ok(regions.length >= 12, `only ${regions.length} regions`);
    const missing = regions.filter(
      ({ lang, body }) =>
        !blocks.some((block) => block.lang === lang && block.body === body),
    );
    assert.deepEqual(
      missing.map(({ name, file, lang, body }) => ({ name, file, lang, body })),
      [],
      "regions the README lacks or has changed",
    );
  });

  it("has no js, html or ts example that a test does not run", () => {
    const untested = blocks.filter(
      ({ lang, body }) =>
        ["js", "html", "ts"].includes(lang) &&
        !regions.some((region) => region.body === body),
    );
    assert.deepEqual(untested, []);
  });

  it("has the no-bundler worker do what the README's worker does", async () => {
    const readmeWorker = regions.find(({ name }) => name === "vite-worker");
    const plain = await readFile(
      path.join(ROOT, "tests/runtimes/browser/worker.js"),
      "utf8",
    );
    // The same code, the import aside, whatever Prettier made of its lines.
    const squeeze = (code) =>
      code.replace(/\s+/g, "").replace(/,(?=[)\]}])/g, "");
    assert.equal(
      squeeze(plain.slice(plain.indexOf("// The package starts"))),
      squeeze(
        readmeWorker.body.replace(
          'import("legionedge")',
          'import("/node_modules/legionedge/index.js")',
        ),
      ),
    );
  });
});
