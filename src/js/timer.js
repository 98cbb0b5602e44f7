// The timers and signal links of one attempt, kept in JavaScript so that
// each attempt costs two plain calls rather than wrapped Rust closures.
// src/transport.rs holds the handles and undoes both when the attempt ends.

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
