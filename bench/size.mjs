// The package's size as a browser loads it: the entry, index.js, the glue
// it imports, manual.js (one module holding the glue and the snippets), and
// the .wasm; raw, gzip -9 and brotli (quality 11), each file compressed on
// its own as a server would send it. node.js never reaches a browser.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function measure(paths) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const path of paths) {
    const bytes = readFileSync(path);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  }
  return { files: paths.length, raw, gzip, brotli };
}

export function sizes(pkg) {
  const wasm = measure(files(pkg).filter((p) => p.endsWith(".wasm")));
  const js = measure([join(pkg, "index.js"), join(pkg, "manual.js")]);
  const total = {
    files: wasm.files + js.files,
    raw: wasm.raw + js.raw,
    gzip: wasm.gzip + js.gzip,
    brotli: wasm.brotli + js.brotli,
  };
  return { wasm, js, total };
}
