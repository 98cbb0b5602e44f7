// One attempt of a request, whole, in JavaScript: the fetch, its deadline,
// the link to the caller's signal, reading the body and, for a clean 2xx,
// the engine's own `JSON.parse` and the shape check. It settles with an
// `Outcome` and never rejects; src/transport.rs reads an outcome that is not
// a clean success and decides what it means. The headers are those of
// `ApiRequest::headers` in src/request.rs, which the native tests pin down.
//
// `fast` runs a call's first attempt from here and goes back into wasm's
// retry loop only when that attempt did not simply succeed: a successful
// call costs one crossing into wasm to start and one to free its Rust half.
// The waits between attempts, and the link from a signal to a wait the SDK
// does not control (a token provider), are here too.

// Shape checks for what the API answers, run on the engine's own
// `JSON.parse` output: the cheapest place to decode. Each returns null when
// the value has the shape the contract promises (and src/models.rs decodes),
// or the path of the first field that does not. Unknown fields are fine;
// they are kept for the caller.

const isString = (v) => typeof v === "string";
const isNullableString = (v) =>
  v === null || v === undefined || typeof v === "string";
const isStrings = (v) =>
  v === undefined || (Array.isArray(v) && v.every(isString));
const isObject = (v) =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;

function user(value, at) {
  if (!isObject(value)) return `${at} is not an object`;
  for (const key of [
    "id",
    "email",
    "name",
    "status",
    "createdAt",
    "updatedAt",
  ]) {
    if (!isString(value[key])) return `${at}.${key} is not a string`;
  }
  if (typeof value.emailVerified !== "boolean")
    return `${at}.emailVerified is not a boolean`;
  if (!isNullableString(value.avatarUrl))
    return `${at}.avatarUrl is not a string or null`;
  if (!isNullableString(value.lastLoginAt))
    return `${at}.lastLoginAt is not a string or null`;
  if (value.role !== undefined && !isString(value.role))
    return `${at}.role is not a string`;
  if (!isStrings(value.teams)) return `${at}.teams is not an array of strings`;
  if (value.metadata !== undefined && !isObject(value.metadata))
    return `${at}.metadata is not an object`;
  return null;
}

function checkUser(value) {
  return user(value, "the user");
}

function checkPage(value) {
  if (!isObject(value)) return "the page is not an object";
  if (!Array.isArray(value.data)) return "data is not an array";
  for (let i = 0; i < value.data.length; i += 1) {
    const problem = user(value.data[i], `data[${i}]`);
    if (problem !== null) return problem;
  }
  const p = value.pagination;
  if (!isObject(p)) return "pagination is not an object";
  for (const key of ["total", "page", "perPage", "totalPages"]) {
    if (!isCount(p[key])) return `pagination.${key} is not a whole number`;
  }
  if (typeof p.hasMore !== "boolean")
    return "pagination.hasMore is not a boolean";
  return null;
}

function checkInvitation(value) {
  if (!isObject(value)) return "the invitation is not an object";
  for (const key of [
    "id",
    "userId",
    "organizationId",
    "email",
    "name",
    "role",
    "status",
    "createdAt",
    "expiresAt",
  ]) {
    if (!isString(value[key])) return `${key} is not a string`;
  }
  if (!isStrings(value.teams)) return "teams is not an array of strings";
  return null;
}

// Outcome kinds; src/transport.rs has the same numbers.
const ANSWERED = 0;
const NETWORK = 1;
const TIMEOUT = 2;
const ABORTED = 3;
const FINAL = 4;

// Why an attempt ended FINAL, in `detail`.
const NO_FETCH = 0;
const REFUSED = 1;
const NOT_RESPONSE = 2;
const UNREADABLE = 3;
const TOO_BIG = 4;
const NO_ABORT_CONTROLLER = 5;

// The methods, by the numbers of `Method` in src/request.rs.
const METHODS = ["GET", "POST", "PATCH", "DELETE"];

// What a 2xx body is checked against, from wasm.
const SHAPES = [null, checkUser, checkPage, checkInvitation];
const NOTHING = 4; // delete: any 2xx will do

// Why a 2xx body is not the API's JSON, in `problem`.
const EMPTY = 1;
const NOT_JSON = 2;
const SYNTAX = 3;
const SHAPE = 4;

// The largest answer read (src/transport.rs has the same figure).
const MAX_BODY = 8 * 1024 * 1024;

// A header value no fetch will send: a line break, a NUL, or a character
// past U+00FF.
const UNSENDABLE = /[\0\n\r\u0100-\uffff]/;

// The abort reason of a timeout, which tells it from the caller's abort.
const TIMED_OUT = Object.freeze({ legionedge: "timeout" });

class Outcome {
  constructor(kind, detail) {
    this.kind = kind;
    this.detail = detail;
    this.status = 0;
    this.requestId = null;
    this.contentType = null;
    this.retryAfter = null;
    this.limit = null;
    this.remaining = null;
    this.reset = null;
    this.text = "";
    this.done = false;
    this.value = undefined;
    this.problem = 0;
    this.shapeProblem = null;
    this.length = 0;
    this.cause = undefined;
  }
}

function header(headers, name) {
  try {
    return headers.get(name);
  } catch {
    return null;
  }
}

// Every attempt's timeout runs off one timer, armed for the nearest
// deadline but never more than TICK_MS ahead. A timer of its own for each
// attempt cost about a sixth of a whole call in the benchmark; this one is
// re-armed only when a nearer deadline comes, and stops by itself within
// TICK_MS of the last attempt ending, so nothing outlives the calls. In
// Node.js it holds the process open only while an attempt is running.
const TICK_MS = 500;
const running = new Set();
let tick = null;
let tickAt = Infinity;

// One attempt's deadline and the means to end it: aborting its controller
// cancels the fetch or the body read, and rejecting its wait (`until`)
// frees the attempt from a `fetch` that ignores its signal.
class Watched {
  constructor(at, controller) {
    this.at = at;
    this.controller = controller;
    this.reject = null;
  }

  stop(reason) {
    this.controller.abort(reason);
    if (this.reject !== null) this.reject(reason);
  }

  until(promise) {
    if (this.controller.signal.aborted)
      return Promise.reject(this.controller.signal.reason);
    return new Promise((resolve, reject) => {
      this.reject = reject;
      promise.then(resolve, reject);
    });
  }
}

// The attempts in flight on each caller's signal, which has one listener
// for all of them: a hundred calls sharing a signal add one listener, not a
// hundred (Node.js warns past ten).
const followers = new WeakMap();

function follow(signal, watched) {
  let following = followers.get(signal);
  if (following === undefined) {
    following = new Set();
    following.listener = () => {
      for (const each of following) each.stop(signal.reason);
    };
    followers.set(signal, following);
    signal.addEventListener("abort", following.listener);
  }
  following.add(watched);
}

function unfollow(signal, watched) {
  const following = followers.get(signal);
  if (following === undefined) return;
  following.delete(watched);
  if (following.size === 0) {
    followers.delete(signal);
    signal.removeEventListener("abort", following.listener);
  }
}

function schedule(at, now) {
  if (tick !== null) clearTimeout(tick);
  tickAt = Math.min(at, now + TICK_MS);
  tick = setTimeout(onTick, Math.max(0, tickAt - now));
}

// Node.js's timers keep the process alive: the tick should only while an
// attempt needs it. Browsers' timers are numbers, and this does nothing.
function holdProcess(hold) {
  if (tick !== null && typeof tick === "object") {
    const method = hold ? tick.ref : tick.unref;
    if (typeof method === "function") method.call(tick);
  }
}

function onTick() {
  tick = null;
  tickAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const watched of running) {
    if (watched.at <= now) {
      running.delete(watched);
      watched.stop(TIMED_OUT);
    } else if (watched.at < next) {
      next = watched.at;
    }
  }
  if (next !== Infinity) schedule(next, now);
}

// One attempt, settled as an Outcome; see the top of this file.
export async function attempt(
  fetchImpl,
  url,
  method,
  authorization,
  idempotencyKey,
  body,
  signal,
  timeoutMs,
  shape,
  lean = false,
) {
  if (signal != null && signal.aborted) return new Outcome(ABORTED, 0);
  let controller;
  try {
    controller = new AbortController();
  } catch {
    return new Outcome(FINAL, NO_ABORT_CONTROLLER);
  }
  // One controller aborts the fetch and the body read alike, fired by the
  // deadline or by the caller's signal; the wait in progress ends with it
  // even when a `fetch` option ignores its signal.
  const now = performance.now();
  // The tick never waits longer than TICK_MS, so a far deadline needs no
  // clamp to the longest delay timers take.
  const watched = new Watched(now + timeoutMs, controller);
  running.add(watched);
  if (watched.at < tickAt) schedule(watched.at, now);
  else holdProcess(true);
  if (signal != null) follow(signal, watched);
  const abort = controller.signal;
  let outcome;
  try {
    // One wait for the fetch and the body read together: the deadline or
    // the caller's abort ends it even when a `fetch` (the caller's, or a
    // global one some script wrapped) ignores its signal.
    outcome = await watched.until(
      exchange(
        fetchImpl,
        url,
        method,
        authorization,
        idempotencyKey,
        body,
        abort,
        shape,
        lean,
      ),
    );
  } catch (thrown) {
    // The wait was stopped (the reason is told below), or a bug of ours
    // threw: the wasm side reports that as a network failure with this as
    // its cause.
    outcome = new Outcome(NETWORK, 0);
    outcome.cause = thrown;
  }
  running.delete(watched);
  if (running.size === 0) holdProcess(false);
  if (signal != null) unfollow(signal, watched);
  if (outcome.kind === ANSWERED) return outcome;
  if (signal != null && signal.aborted) return new Outcome(ABORTED, 0);
  if (abort.aborted && abort.reason === TIMED_OUT)
    return new Outcome(TIMEOUT, 0);
  return outcome;
}

async function exchange(
  fetchImpl,
  url,
  method,
  authorization,
  idempotencyKey,
  body,
  abort,
  shape,
  lean,
) {
  // A plain object of headers is half the cost of a `Headers` filled one
  // by one.
  const headers = { Accept: "application/json", Authorization: authorization };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey !== undefined) headers["Idempotency-Key"] = idempotencyKey;
  const init = { method: METHODS[method], headers, body, signal: abort };

  // The global fetch takes the URL and the options as they are; a caller's
  // fetch gets a standard Request, whatever it does with it. Either way the
  // platform's own error is kept as the cause.
  let sent;
  try {
    if (fetchImpl == null) {
      if (typeof globalThis.fetch !== "function")
        return new Outcome(FINAL, NO_FETCH);
      // What `new Request` would refuse to send: the global fetch would
      // only reject, and a refused request is final, not a network failure.
      if (
        UNSENDABLE.test(authorization) ||
        (idempotencyKey !== undefined && UNSENDABLE.test(idempotencyKey))
      ) {
        return new Outcome(FINAL, REFUSED);
      }
      sent = globalThis.fetch(url, init);
    } else {
      let request;
      try {
        request = new Request(url, init);
      } catch {
        // The browser's text may quote the header, key and all: not kept.
        return new Outcome(FINAL, REFUSED);
      }
      sent = fetchImpl(request);
    }
  } catch (thrown) {
    const outcome = new Outcome(NETWORK, 0);
    outcome.cause = thrown;
    return outcome;
  }
  let response;
  try {
    response = await sent;
  } catch (thrown) {
    const outcome = new Outcome(NETWORK, 0);
    outcome.cause = thrown;
    return outcome;
  }
  if (!(response instanceof Response)) return new Outcome(FINAL, NOT_RESPONSE);

  // A `fetch` option may return a Response whose getters throw.
  let status;
  let responseHeaders;
  try {
    status = response.status;
    responseHeaders = response.headers;
  } catch {
    return new Outcome(FINAL, UNREADABLE);
  }
  if (
    typeof status !== "number" ||
    !(status >= 100 && status <= 599) ||
    !(responseHeaders instanceof Headers)
  ) {
    return new Outcome(FINAL, UNREADABLE);
  }
  const outcome = new Outcome(ANSWERED, 0);
  outcome.status = Math.trunc(status);
  outcome.contentType = header(responseHeaders, "content-type");

  // Refuse a body too big to be the API's before reading it.
  const declared = header(responseHeaders, "content-length");
  if (declared !== null && /^\s*\+?\d+\s*$/.test(declared)) {
    const length = Number(declared);
    if (length > MAX_BODY) return tooBig(outcome, responseHeaders, length);
  }

  // Read the whole body: every answer is small JSON or small trouble.
  let text;
  try {
    text = await response.text();
  } catch (thrown) {
    const broke = new Outcome(NETWORK, 1);
    broke.status = outcome.status;
    broke.requestId = header(responseHeaders, "x-request-id");
    broke.cause = thrown;
    return broke;
  }
  if (typeof text !== "string") text = "";
  // Length in UTF-16 units: at most 3 UTF-8 bytes each, at least one.
  if (text.length > MAX_BODY)
    return tooBig(outcome, responseHeaders, text.length);
  outcome.text = text;

  const success = outcome.status >= 200 && outcome.status < 300;
  if (!success) {
    // The request id and rate-limit headers matter only when something went
    // wrong; a success that fails its checks reads the id below.
    outcome.requestId = header(responseHeaders, "x-request-id");
    outcome.retryAfter = header(responseHeaders, "retry-after");
    outcome.limit = header(responseHeaders, "x-ratelimit-limit");
    outcome.remaining = header(responseHeaders, "x-ratelimit-remaining");
    outcome.reset = header(responseHeaders, "x-ratelimit-reset");
    return outcome;
  }
  if (shape === NOTHING) {
    outcome.done = true;
  } else if (SHAPES[shape] != null) {
    checkBody(outcome, text, SHAPES[shape]);
  }
  if (!(outcome.done && lean))
    outcome.requestId = header(responseHeaders, "x-request-id");
  return outcome;
}

// For a 2xx: the engine's `JSON.parse` of the body and its shape check.
function checkBody(outcome, text, check) {
  // JSON is trusted only when it is labelled JSON.
  if (text.trim() === "") {
    outcome.problem = EMPTY;
  } else if (
    outcome.contentType === null ||
    !outcome.contentType.toLowerCase().includes("json")
  ) {
    outcome.problem = NOT_JSON;
  } else {
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      outcome.problem = SYNTAX;
    }
    if (outcome.problem === 0) {
      const problem = check(value);
      if (problem === null) {
        outcome.value = value;
        outcome.done = true;
        return;
      }
      outcome.problem = SHAPE;
      outcome.shapeProblem = problem;
    }
  }
}

function tooBig(answer, headers, length) {
  const outcome = new Outcome(FINAL, TOO_BIG);
  outcome.status = answer.status;
  outcome.requestId = header(headers, "x-request-id");
  outcome.length = length;
  return outcome;
}

// The wait before a retry: resolves after `ms`, or as soon as `signal`
// aborts (the wasm side tells which). Its timer and listener go when it
// ends, however it ends.
export function wait(ms, signal) {
  return new Promise((resolve) => {
    // Heard through the signal's one shared listener, like an attempt.
    const waiting = { stop: () => done() };
    const done = () => {
      clearTimeout(timer);
      if (signal != null) unfollow(signal, waiting);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal != null) follow(signal, waiting);
  });
}

// The path and query, percent-encoded ASCII bytes from wasm, as a string:
// by character codes while they are short, cheaper than a TextDecoder,
// whose call costs more than the decoding of a usual path; a long one (a
// long search, say) would overflow the argument list.
let decoder;
function ascii(bytes) {
  if (bytes.length <= 2048) return String.fromCharCode.apply(null, bytes);
  decoder ??= new TextDecoder();
  return decoder.decode(bytes);
}

// A Promise that resolves when `signal` aborts, for waits the SDK does not
// control (a token provider); `release` stops listening. It too is heard
// through the signal's one shared listener.
class Abortion {
  constructor(signal) {
    this.signal = signal;
    this.aborted = new Promise((resolve) => {
      this.stop = resolve;
    });
    follow(signal, this);
  }

  release() {
    unfollow(this.signal, this);
  }
}

export function abortion(signal) {
  return new Abortion(signal);
}

// A hook's result: a rejected Promise from an async hook is ignored like a
// throw, rather than left unhandled.
export function ignoreRejection(value) {
  try {
    if (
      value !== null &&
      typeof value === "object" &&
      typeof value.then === "function"
    )
      Promise.resolve(value).catch(() => {});
  } catch {
    // A `then` getter that throws: nothing to wait for.
  }
}

// A call's first attempt, started from wasm: a clean success resolves here
// and frees the call's Rust half; anything else goes back to it
// (`pending.resume`), which retries, waits or fails as the policy says.
export async function fast(
  pending,
  fetchImpl,
  baseUrl,
  target,
  method,
  authorization,
  idempotencyKey,
  body,
  signal,
  timeoutMs,
  shape,
) {
  const url = baseUrl + ascii(target);
  const outcome = await attempt(
    fetchImpl,
    url,
    method,
    authorization,
    idempotencyKey,
    body,
    signal,
    timeoutMs,
    shape,
    true,
  );
  if (outcome.done) {
    pending.free();
    return outcome.value;
  }
  return pending.resume(outcome);
}
