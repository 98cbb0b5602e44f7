export { Client, Users } from "./legionedge.js";
export type {
  ClientOptions,
  Invitation,
  InviteUserParams,
  JsonValue,
  ListUsersParams,
  Page,
  Pagination,
  UpdateUserChanges,
  User,
  UserRole,
  UserSortField,
  UserStatus,
} from "./legionedge.js";

/** What went wrong, broadly enough to branch on. */
export type LegionEdgeErrorKind =
  | "api"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_input"
  | "decode";

/** One invalid field, found by the SDK or by the API. */
export interface LegionEdgeErrorDetail {
  field: string;
  message: string;
}

/**
 * The error every failed call rejects with. Never holds the API key.
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
  toJSON(): {
    name: "LegionEdgeError";
    message: string;
    kind: LegionEdgeErrorKind;
    status: number | null;
    code: string | null;
    requestId: string | null;
    details: LegionEdgeErrorDetail[] | null;
  };
}
