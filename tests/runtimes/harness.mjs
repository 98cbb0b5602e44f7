// What the runtime and type tests share: the package packed with `npm pack`
// and installed from the tarball into scratch apps under target/runtimes/,
// as a user installs it; emulators on free ports; commands with a deadline.

import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  cp,
  mkdir,
  readFile,
  readdir,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS } from "../chromium.mjs";

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
export const SCRATCH = path.join(ROOT, "target/runtimes");
export const KEY = "sk_test_abc123";
export const ORG = "org_abc123";

// The API origin the test apps and the README examples are written against;
// it becomes the emulator's real origin when an app is copied out.
export const WRITTEN_ORIGIN = "http://127.0.0.1:8787";

export const BROWSER_ARGS = CHROMIUM_ARGS;

// Runs a command to completion and resolves to `{ code, stdout, stderr }`.
// Rejects with its output if it outlives `timeout`, or if it fails unless
// `check` is false.
export function run(
  command,
  args,
  { cwd = ROOT, timeout = 120_000, env, check = true } = {},
) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd,
        timeout,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, ...env },
      },
      (error, stdout, stderr) => {
        if (error && !check && typeof error.code === "number") {
          resolve({ code: error.code, stdout, stderr });
        } else if (error) {
          const how = error.killed ? `killed after ${timeout} ms` : error.code;
          reject(
            new Error(
              `${command} ${args.join(" ")} (in ${cwd}) failed (${how}):\n${stdout}\n${stderr}`,
            ),
          );
        } else {
          resolve({ code: 0, stdout, stderr });
        }
      },
    );
  });
}

// Packs pkg/ into target/runtimes/<into>/ and resolves to the tarball's path
// and the files in it.
export async function packPackage(into) {
  const pkg = path.join(ROOT, "pkg");
  if (!existsSync(path.join(pkg, "package.json"))) {
    throw new Error(
      "pkg/ is missing: build the package with scripts/build-pkg",
    );
  }
  const destination = path.join(SCRATCH, into);
  await rm(destination, { recursive: true, force: true });
  await mkdir(destination, { recursive: true });
  const { stdout } = await run("npm", [
    "pack",
    "--json",
    "--silent",
    "--pack-destination",
    destination,
    pkg,
  ]);
  const [{ filename, files }] = JSON.parse(stdout);
  return {
    tarball: path.join(destination, path.basename(filename)),
    files: files.map((file) => file.path).sort(),
  };
}

// Makes a fresh app at target/runtimes/<name> from `sources` (folders, whose
// contents are copied, and single files) under tests/, with the written API origin replaced
// by `apiOrigin`, and installs the tarball into it with `npm install`.
export async function installApp(name, { tarball, sources, apiOrigin }) {
  const dir = path.join(SCRATCH, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const source of sources) {
    // A folder's contents go to the app's top; a file goes there by name.
    const into = (await stat(source)).isDirectory()
      ? dir
      : path.join(dir, path.basename(source));
    await cp(source, into, { recursive: true });
  }
  if (!existsSync(path.join(dir, "package.json"))) {
    await writeFile(
      path.join(dir, "package.json"),
      `${JSON.stringify({ name: `legionedge-${name}-app`, private: true, type: "module" }, null, 2)}\n`,
    );
  }
  if (apiOrigin) await replaceOrigin(dir, apiOrigin);
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--no-package-lock",
      "--loglevel=error",
      tarball,
    ],
    { cwd: dir },
  );
  return dir;
}

async function replaceOrigin(dir, origin) {
  for (const entry of await readdir(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile() || !/\.(html|m?js|cjs)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const text = await readFile(file, "utf8");
    if (text.includes(WRITTEN_ORIGIN)) {
      await writeFile(file, text.replaceAll(WRITTEN_ORIGIN, origin));
    }
  }
}

// Starts `target/debug/legionedge-emulator --port 0` (building it first if it
// is missing) and resolves to `{ origin, stop }` once it listens. `www` is
// the folder it serves at `/`.
export async function startEmulator({ www } = {}) {
  const binary = path.join(ROOT, "target/debug/legionedge-emulator");
  if (!existsSync(binary)) {
    await run("cargo", ["build", "--quiet", "-p", "legionedge-emulator"], {
      timeout: 600_000,
    });
  }
  return startServer(binary, ["--port", "0", ...(www ? ["--www", www] : [])], {
    listening: /listening on (http:\/\/\S+)/,
  });
}

// Starts a server process and resolves to `{ origin, stop }` once its output
// matches `listening`, whose first group is its URL.
export function startServer(command, args, { cwd = ROOT, listening }) {
  // Its own process group, so that stopping it cannot miss a child.
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keepLog = (chunk) => {
    log = (log + chunk).slice(-8_000);
  };

  const kill = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  // Last resort if the runner exits without the after hook.
  process.once("exit", kill);

  const stop = async () => {
    process.removeListener("exit", kill);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(kill, 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`${command} did not start in time:\n${log}`));
    }, 30_000);
    const read = (chunk) => {
      keepLog(chunk);
      // Vite colours its banner whenever CI is set, TTY or not.
      buffered += chunk.replace(/\x1b\[[0-9;]*m/g, "");
      const match = buffered.match(listening);
      if (match) {
        clearTimeout(timer);
        resolve({ origin: new URL(match[1]).origin, stop });
      }
    };
    child.stdout.setEncoding("utf8").on("data", read);
    child.stderr.setEncoding("utf8").on("data", read);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${signal ?? code}):\n${log}`));
    });
  });
}

// The API for the tests: the emulator LEGIONEDGE_DEMO_URL names, or a new
// one. Resolves to `{ origin, stop }`, its data reset to the seed.
export async function startApi() {
  const api = process.env.LEGIONEDGE_DEMO_URL
    ? {
        origin: new URL(process.env.LEGIONEDGE_DEMO_URL).origin,
        stop: async () => {},
      }
    : await startEmulator();
  const reset = await fetch(`${api.origin}/__emulator/reset`, {
    method: "POST",
  });
  if (!reset.ok) {
    await api.stop();
    throw new Error(`POST ${api.origin}/__emulator/reset: ${reset.status}`);
  }
  return api;
}
