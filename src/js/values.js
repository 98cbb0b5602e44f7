// Checks on a caller's JavaScript values that are cheaper, or only
// possible, on the JavaScript side.

// Half of a surrogate pair, alone: what `isWellFormed` finds, for engines
// without it. With the `u` flag a whole pair is one character, so only a
// lone half is a surrogate (`Cs`).
const LONE = /\p{Cs}/u;

// Whether `text` is well-formed UTF-16, so that UTF-8 can carry it as is.
export function wellFormed(text) {
  return typeof text.isWellFormed === "function"
    ? text.isWellFormed()
    : !LONE.test(text);
}

// The most values `mentions` reads before it answers yes to be safe.
const MOST_VALUES = 1000;

// Whether `secret` appears in any text `value` holds: its message and
// stack, its causes, the errors of an AggregateError, any own property,
// nested. An error object that a `fetch` threw may carry the key of the
// request it was making anywhere in there. A value that throws when read,
// or holds too much to read, counts as mentioning it.
export function mentions(value, secret) {
  const seen = new Set();
  const visit = (item, depth) => {
    if (typeof item === "string") return item.includes(secret);
    if (
      item === null ||
      (typeof item !== "object" && typeof item !== "function")
    )
      return false;
    if (seen.has(item)) return false;
    if (depth > 16 || seen.size >= MOST_VALUES) return true;
    seen.add(item);
    // An error's message, cause and stack (in V8), and an AggregateError's
    // errors, are own properties, enumerable or not.
    for (const key of Reflect.ownKeys(item)) {
      if (typeof key === "string" && key.includes(secret)) return true;
      if (visit(item[key], depth + 1)) return true;
    }
    return false;
  };
  try {
    return visit(value, 0);
  } catch {
    return true;
  }
}
