// The package's TypeScript types, run with `node --test tests/types/`.
//
// pkg/ is packed with `npm pack` and the tarball installed into
// target/runtimes/types/, beside a copy of consumer.ts and the tsconfigs,
// so that "legionedge" and "legionedge/manual" resolve through the
// package's `exports` exactly as in a user's project. Then `tsc` (this
// repository's devDependency) checks it under two setups: a bundler's
// (tsconfig.json) and Node's (tsconfig.nodenext.json, stricter still),
// both with `strict` and with the package's own .d.ts files checked too.
//
// consumer.ts must pass as it is. Then a copy with its
// `// @ts-expect-error: <text>` lines blanked must fail on exactly the
// lines below them, each with a message containing <text>: every mistake is
// caught, and caught for the reason given.

import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";

import { ROOT, installApp, packPackage, run } from "../runtimes/harness.mjs";

const HERE = path.join(ROOT, "tests/types");
const TSC = path.join(ROOT, "node_modules/.bin/tsc");
const CONFIGS = ["tsconfig.json", "tsconfig.nodenext.json"];
const MARK = /^\s*\/\/ @ts-expect-error(?::\s*(.*))?$/;

let app;
let mistakes; // [{ line, reason }], `line` being the line the mark is for

// `tsc -p <config> --pretty false` in the app; resolves to its exit code and
// its diagnostics as `{ file, line, text }`, continuation lines included.
async function tsc(config) {
  const { code, stdout, stderr } = await run(
    TSC,
    ["-p", config, "--pretty", "false"],
    { cwd: app, check: false, timeout: 60_000 },
  );
  const diagnostics = [];
  for (const line of `${stdout}${stderr}`.split("\n")) {
    const match = line.match(/^(.+?)\((\d+),\d+\): (error .*)$/);
    if (match) {
      diagnostics.push({
        file: match[1],
        line: Number(match[2]),
        text: match[3],
      });
    } else if (line.trim() && diagnostics.length > 0) {
      diagnostics.at(-1).text += `\n${line}`;
    } else if (line.trim()) {
      diagnostics.push({ file: "", line: 0, text: line });
    }
  }
  return { code, diagnostics, output: `${stdout}${stderr}` };
}

describe("the package's types under tsc --strict", () => {
  before(
    async () => {
      const { tarball } = await packPackage("types-pack");
      app = await installApp("types", {
        tarball,
        sources: ["consumer.ts", ...CONFIGS].map((file) =>
          path.join(HERE, file),
        ),
      });

      // The copy with the marks blanked, line numbers kept, under mistakes/
      // with configs that extend the real ones.
      const source = await readFile(path.join(HERE, "consumer.ts"), "utf8");
      const lines = source.split("\n");
      mistakes = [];
      const blanked = lines.map((text, index) => {
        const match = text.match(MARK);
        if (!match) return text;
        mistakes.push({ line: index + 2, reason: match[1] ?? "" });
        return "";
      });
      await mkdir(path.join(app, "mistakes"), { recursive: true });
      await writeFile(
        path.join(app, "mistakes/consumer.ts"),
        blanked.join("\n"),
      );
      for (const config of CONFIGS) {
        await writeFile(
          path.join(app, "mistakes", config),
          JSON.stringify({ extends: `../${config}`, files: ["consumer.ts"] }),
        );
      }
    },
    { timeout: 120_000 },
  );

  it("every mark names the reason tsc gives", () => {
    assert.ok(mistakes.length >= 40, `only ${mistakes.length} mistakes`);
    const unexplained = mistakes.filter(({ reason }) => reason.length < 8);
    assert.deepEqual(unexplained, [], "marks without a reason");
  });

  for (const config of CONFIGS) {
    it(`accepts every documented call (${config})`, async () => {
      const { code, output } = await tsc(config);
      assert.equal(code, 0, `tsc -p ${config} failed:\n${output}`);
    });

    it(`rejects each mistake, for its reason (${config})`, async () => {
      const { code, diagnostics, output } = await tsc(`mistakes/${config}`);
      assert.notEqual(code, 0, "tsc accepted every mistake");
      const ours = diagnostics.filter(
        ({ file }) => file === "mistakes/consumer.ts" || file === "consumer.ts",
      );
      assert.deepEqual(
        diagnostics.filter((d) => !ours.includes(d)),
        [],
        `errors outside consumer.ts:\n${output}`,
      );

      const marked = new Set(mistakes.map(({ line }) => line));
      const stray = ours.filter(({ line }) => !marked.has(line));
      assert.deepEqual(stray, [], "errors on lines not marked as mistakes");
      const missed = [];
      for (const { line, reason } of mistakes) {
        const said = ours
          .filter((d) => d.line === line)
          .map((d) => d.text)
          .join("\n");
        if (!said.includes(reason)) {
          missed.push(
            `consumer.ts:${line}: expected "${reason}", got: ${said || "no error"}`,
          );
        }
      }
      assert.deepEqual(missed, [], "mistakes not rejected for their reason");
    });
  }
});
