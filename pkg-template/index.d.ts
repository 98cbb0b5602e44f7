// The `Symbol.dispose` methods of the generated classes need this lib
// (TypeScript 5.2 or later), whatever the project's own `lib` says.
/// <reference lib="esnext.disposable" />

export { Client, Users } from "./legionedge.js";
export type {
  CallOptions,
  ClientOptions,
  ClientOptionsBase,
  InviteOptions,
  Invitation,
  InviteUserParams,
  JsonValue,
  ListUsersParams,
  Page,
  Pagination,
  RequestEvent,
  UpdateUserChanges,
  User,
  UserRole,
  UserSortField,
  UserStatus,
  UserWalk,
} from "./legionedge.js";

/** What went wrong, broadly enough to branch on. */
export type LegionEdgeErrorKind =
  | "api"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_input"
  | "decode"
  | "internal";

/** The answer's `X-RateLimit-*` headers; `null` where one was absent. */
export interface LegionEdgeRateLimit {
  limit: number | null;
  remaining: number | null;
  /** Unix seconds. */
  reset: number | null;
}

/** One invalid field, found by the SDK or by the API. */
export interface LegionEdgeErrorDetail {
  field: string;
  message: string;
}

/**
 * The error every failed call rejects with. Never holds the API key or a
 * token, not even in `bodyPreview`.
 *
 * ```js
 * try {
 *   await client.users.get("user_missing");
 * } catch (error) {
 *   if (error instanceof LegionEdgeError && error.status === 404) { ... }
 * }
 * ```
 */
export declare class LegionEdgeError extends Error {
  readonly name: "LegionEdgeError";
  /** `api` for a non-2xx answer, `invalid_input` for bad arguments (nothing was sent), … */
  readonly kind: LegionEdgeErrorKind;
  /** The HTTP status, when a response arrived. */
  readonly status: number | null;
  /** The API's error code (`not_found`, `conflict`, `validation_error`, …). */
  readonly code: string | null;
  /** The response's `X-Request-Id`, to quote to support. */
  readonly requestId: string | null;
  /** One entry per invalid field for `invalid_input` and `validation_error`. */
  readonly details: LegionEdgeErrorDetail[] | null;
  /** Seconds the API asked to wait (`Retry-After`), for a 429 or 503. */
  readonly retryAfter: number | null;
  /** The answer's rate-limit headers, when it had any. */
  readonly rateLimit: LegionEdgeRateLimit | null;
  /** The first 200 characters of an answer that was not the API's JSON (a proxy's page). */
  readonly bodyPreview: string | null;
  /** The platform's error underneath a `network` failure (the browser's `TypeError`). */
  readonly cause?: unknown;
  toJSON(): {
    name: "LegionEdgeError";
    message: string;
    kind: LegionEdgeErrorKind;
    status: number | null;
    code: string | null;
    requestId: string | null;
    details: LegionEdgeErrorDetail[] | null;
    retryAfter: number | null;
    rateLimit: LegionEdgeRateLimit | null;
    bodyPreview: string | null;
  };
}
