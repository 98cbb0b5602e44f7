// Gives the names wasm-bindgen hashes short ones, in the .wasm and in the
// glue alike, and in the type declarations that list the exports:
// `node scripts/short-imports.mjs module.wasm glue.js [types.d.ts ...]`.
//
// wasm-bindgen names each import after its function and a 16-digit hash
// (`__wbg_get_2080c49015e35254`), and every name is written twice, in the
// .wasm's import section and as a key of the glue's import object; hashes do
// not compress, so they cost over a kilobyte of the package. Renamed: the
// imports of the glue's own module (those the .wasm takes straight from a
// snippet's exports keep their names, but not the snippet's long module
// path), and the exports named with a hash (closure shims only the glue
// calls). The other exports, which `init()` hands to callers, keep their
// names.

import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath, ...declarations] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error(
    "usage: node scripts/short-imports.mjs module.wasm glue.js [types.d.ts ...]",
  );
  process.exit(2);
}

const GLUE_MODULE = "./legionedge_bg.js";
const SHORT_MODULE = "g";
const HASHED_EXPORT = /_h[0-9a-f]{16}$/;

function fail(message) {
  console.error(`short-imports: ${message}`);
  process.exit(1);
}

// LEB128, as the binary format writes lengths and indexes.
function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const text = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [text.decode(bytes.subarray(start, start + length)), start + length];
}

function nameBytes(name) {
  const encoded = utf8.encode(name);
  return [...writeU32(encoded.length), ...encoded];
}

// The bytes of one import's description, whatever its kind.
function skipDescription(bytes, at) {
  const kind = bytes[at];
  at += 1;
  const limits = (p) => {
    const flags = bytes[p];
    p += 1;
    [, p] = readU32(bytes, p);
    if (flags & 1) [, p] = readU32(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: // a function: its type index
    case 4: // a tag: an attribute, then a type index
      if (kind === 4) at += 1;
      return readU32(bytes, at)[1];
    case 1: // a table: its element type, then limits
      return limits(at + 1);
    case 2: // a memory: limits
      return limits(at);
    case 3: // a global: its value type and mutability
      return at + 2;
    default:
      return fail(`import kind ${kind} is not one this script knows`);
  }
}

// Short names: a, b, … z, A … Z, then two letters.
function shortName(index) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[index % letters.length] + name;
    index = Math.floor(index / letters.length) - 1;
  } while (index >= 0);
  return name;
}

const wasm = readFileSync(wasmPath);
if (wasm.readUInt32LE(0) !== 0x6d736100)
  fail(`${wasmPath} is not a wasm module`);
// Whole sections are copied as buffers: spreading one into an array would
// overflow the call stack once a section passes about 120 KB.
const out = [wasm.subarray(0, 8)];
const renamed = new Map();
const snippets = new Map();
const exports = new Map();
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = readU32(wasm, at + 1);
  const end = start + size;
  if (id === 7) {
    // The export section: a name, a kind and an index each.
    let [count, p] = readU32(wasm, start);
    const body = [...writeU32(count)];
    while (count > 0) {
      count -= 1;
      let name;
      [name, p] = readName(wasm, p);
      const described = p;
      p = readU32(wasm, p + 1)[1];
      if (HASHED_EXPORT.test(name)) {
        exports.set(name, `x${exports.size}`);
        name = exports.get(name);
      }
      body.push(...nameBytes(name), ...wasm.subarray(described, p));
    }
    if (p !== end) fail("the export section did not end where it said");
    out.push(Uint8Array.from([7, ...writeU32(body.length), ...body]));
    at = end;
    continue;
  }
  if (id !== 2) {
    out.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = readU32(wasm, start);
  const body = [...writeU32(count)];
  while (count > 0) {
    count -= 1;
    let module;
    let field;
    [module, p] = readName(wasm, p);
    [field, p] = readName(wasm, p);
    const described = p;
    p = skipDescription(wasm, p);
    if (module === GLUE_MODULE) {
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      body.push(...nameBytes(SHORT_MODULE), ...nameBytes(renamed.get(field)));
    } else {
      if (!snippets.has(module)) snippets.set(module, `s${snippets.size}`);
      body.push(...nameBytes(snippets.get(module)), ...nameBytes(field));
    }
    body.push(...wasm.subarray(described, p));
  }
  if (p !== end) fail("the import section did not end where it said");
  out.push(Uint8Array.from([2, ...writeU32(body.length), ...body]));
  at = end;
}
if (at !== wasm.length) fail("the last section runs past the end of the file");
if (renamed.size === 0) fail(`no import from ${GLUE_MODULE} was found`);

// The glue: each renamed import is a key of the object its
// `__wbg_get_imports` builds, once; the module is the key it is filed under.
let glue = readFileSync(gluePath, "utf8");
for (const [long, short] of renamed) {
  const key = new RegExp(`(\\n\\s+)${long}(: function)`, "g");
  const found = glue.match(key)?.length ?? 0;
  if (found !== 1) fail(`the glue has ${found} definitions of ${long}, not 1`);
  glue = glue.replace(key, `$1${short}$2`);
  if (glue.includes(long)) fail(`the glue names ${long} elsewhere too`);
}
const moduleKey = `"${GLUE_MODULE}": import0`;
if (glue.split(moduleKey).length !== 2)
  fail(`the glue does not file its imports under ${GLUE_MODULE}`);
glue = glue.replace(moduleKey, `"${SHORT_MODULE}": import0`);
// A snippet's imports are filed under its path, once per import statement.
for (const [path, short] of snippets) {
  const key = `"${path}": import`;
  if (!glue.includes(key)) fail(`the glue does not file imports under ${path}`);
  glue = glue.split(key).join(`"${short}": import`);
}
// The hashed exports: the glue calls each as `wasm.name`, from a function
// of the same name, which takes the short name too.
for (const [long, short] of exports) {
  if (!glue.includes(`wasm.${long}(`)) fail(`the glue never calls ${long}`);
  if (new RegExp(`\\b${short}\\b`).test(glue))
    fail(`the glue already uses the name ${short}`);
  glue = glue.split(long).join(short);
}

// The type declarations that list the exports, given after the glue.
for (const path of declarations) {
  let text = readFileSync(path, "utf8");
  for (const [long, short] of exports) text = text.split(long).join(short);
  writeFileSync(path, text);
}

writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
console.log(
  `    ${renamed.size} imports, ${snippets.size} snippet modules and ${exports.size} exports renamed`,
);
