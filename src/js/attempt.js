// The JavaScript half of one attempt: its Request, its timer and its link
// to the caller's signal, kept here so that each costs one plain call from
// wasm rather than wrapped Rust closures. src/transport.rs holds the handles
// and undoes the timer and the link when the attempt ends. The headers are
// those of `ApiRequest::headers` in src/request.rs, which the native tests
// pin down.

// The abort reason of a timeout, which tells it from the caller's abort.
const TIMED_OUT = Object.freeze({ legionedge: "timeout" });

function abortForTimeout(controller) {
  controller.abort(TIMED_OUT);
}

export function abortAfter(controller, ms) {
  return setTimeout(abortForTimeout, ms, controller);
}

export function timedOut(signal) {
  return signal.reason === TIMED_OUT;
}

// Aborts `controller` when `signal` does; returns the function that unlinks
// them again.
export function follow(signal, controller) {
  const abort = () => controller.abort(signal.reason);
  signal.addEventListener("abort", abort);
  return () => signal.removeEventListener("abort", abort);
}

// One attempt's Request, built in a single call from wasm: a plain object
// of headers is half the cost of a `Headers` filled one by one.
export function buildRequest(
  url,
  method,
  authorization,
  idempotencyKey,
  body,
  signal,
) {
  const headers = { Accept: "application/json", Authorization: authorization };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey !== undefined) headers["Idempotency-Key"] = idempotencyKey;
  return new Request(url, { method, headers, body, signal });
}

// `promise`, or a rejection as soon as `signal` aborts, for a `fetch`
// option (or a body) that ignores the signal it was given. The listener
// goes when either settles.
export function untilAborted(promise, signal) {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let attached = true;
    const detach = () => {
      if (attached) signal.removeEventListener("abort", onAbort);
      attached = false;
    };
    const onAbort = () => {
      detach();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort);
    Promise.resolve(promise).then(
      (value) => {
        detach();
        resolve(value);
      },
      (error) => {
        detach();
        reject(error);
      },
    );
  });
}
