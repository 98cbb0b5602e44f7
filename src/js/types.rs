//! The TypeScript the package ships, and the typed handles the exported
//! functions take and return so that the generated `.d.ts` has no `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A user's state; the API may add states later, so other strings can arrive. */
export type UserStatus = "active" | "suspended" | "pending";
/** A user's role; the API may add roles later, so other strings can arrive. */
export type UserRole = "owner" | "admin" | "member";
/** What `users.list` can sort by. */
export type UserSortField = "created_at" | "name" | "email" | "last_login_at";
/** Any JSON value, as metadata holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A user of an organization. Fields the API adds later are kept too. */
export interface User {
  /** `user_…`; opaque, may hold any character. */
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  status: UserStatus | (string & {});
  emailVerified: boolean;
  role: UserRole | (string & {});
  /** Team ids. */
  teams: string[];
  /** Free-form data; `{}` when unset. */
  metadata: { [key: string]: JsonValue };
  /** RFC 3339, UTC. */
  createdAt: string;
  /** RFC 3339, UTC. */
  updatedAt: string;
  /** RFC 3339, UTC; `null` until the first sign-in. */
  lastLoginAt: string | null;
}

/** The invitation `users.invite` creates, along with a pending user. */
export interface Invitation {
  /** `inv_…` */
  id: string;
  /** The pending user the invitation created. */
  userId: string;
  organizationId: string;
  email: string;
  name: string;
  role: UserRole | (string & {});
  teams: string[];
  status: "pending" | "accepted" | "expired" | "revoked" | (string & {});
  /** RFC 3339, UTC. */
  createdAt: string;
  /** RFC 3339, UTC. */
  expiresAt: string;
}

/** Where a page sits in the whole result. */
export interface Pagination {
  total: number;
  page: number;
  perPage: number;
  /** `ceil(total / perPage)`; 0 when nothing matches. */
  totalPages: number;
  hasMore: boolean;
}

/** One page of a list. */
export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

/** The query of `users.list`. Left-out fields take the API's defaults. */
export interface ListUsersParams {
  organizationId: string;
  /** From 1; default 1. */
  page?: number;
  /** 1 to 100; default 20. */
  perPage?: number;
  status?: UserStatus;
  /** Case-insensitive substring of name or email. */
  search?: string;
  /** Default `"created_at"`. */
  sort?: UserSortField;
  /** Default `"desc"`. */
  order?: "asc" | "desc";
}

/** The invitation `users.invite` sends. */
export interface InviteUserParams {
  organizationId: string;
  email: string;
  /** Default: the part of the email before `@`. */
  name?: string;
  /** Default `"member"`. */
  role?: UserRole | (string & {});
  /** Team ids; default none. */
  teams?: string[];
}

/** What `users.update` changes; left-out fields keep their value. */
export interface UpdateUserChanges {
  name?: string;
  role?: UserRole | (string & {});
  /** Merged key by key; a key set to `null` is removed. */
  metadata?: { [key: string]: JsonValue };
}

/** How a `Client` reaches the API: with `apiKey` or with `getToken`. */
export type ClientOptions = ClientOptionsBase &
  (
    | {
        /** Your secret key (`sk_…`). Sent as `Authorization: Bearer`, never logged. */
        apiKey: string;
        getToken?: undefined;
      }
    | {
        apiKey?: undefined;
        /** Called before every request, and once more after a 401, for the bearer token. */
        getToken: () => string | Promise<string>;
      }
  );

/** What every `ClientOptions` may hold besides the credentials. */
export interface ClientOptionsBase {
  /** Default `"https://api.legionedge.com"`. Plain `http://` only to this machine. */
  baseUrl?: string;
  /** Allow a plain `http://` `baseUrl` to another machine, sending the key in clear. */
  allowInsecureHttp?: boolean;
  /** How long one attempt may take, reading the body included; default 30000. */
  timeoutMs?: number;
  /** Retries of a network failure or a 408/429/5xx answer; default 2, at most 10. */
  maxRetries?: number;
  /** A `fetch` to send requests with instead of the global one. */
  fetch?: (request: Request) => Promise<Response>;
  /** Called as each attempt starts (`status` and `durationMs` are `null`); what it throws is ignored. Nothing is logged unless a hook does it. */
  onRequest?: (event: RequestEvent) => void;
  /** Called as each attempt ends, answered or not; what it throws is ignored. */
  onResponse?: (event: RequestEvent) => void;
}

/** What `users.listAll` returns: every matching user, fetched page by page. Consumed once. */
export interface UserWalk extends AsyncIterable<User> {
  /** The same walk, a page at a time. */
  pages(): AsyncIterable<Page<User>>;
  /** Collects up to `limit` users (required, so a huge organization cannot fill memory by accident). */
  toArray(options: { limit: number }): Promise<User[]>;
}

/** What a hook sees of one attempt: never the key, a token, the query or a body. */
export interface RequestEvent {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The URL path, percent-encoded, without the query. */
  path: string;
  /** 1 for the first attempt of a call, 2 for its first retry, … */
  attempt: number;
  /** The answer's status; `null` in `onRequest`, or when no answer came. */
  status: number | null;
  /** How long the attempt took; `null` in `onRequest`. */
  durationMs: number | null;
  /** The answer's `X-Request-Id`. */
  requestId: string | null;
  /** Why no answer came. */
  error: "network" | "timeout" | "aborted" | "decode" | "invalid_input" | null;
}

/** Options of one call, overriding the client's. */
export interface CallOptions {
  /** Aborting it cancels the request or the wait before a retry: the call rejects with kind `"aborted"`. */
  signal?: AbortSignal;
  /** How long one attempt may take, in milliseconds. */
  timeoutMs?: number;
  /** How many times to retry a transient failure. */
  maxRetries?: number;
}

/** Options of `users.invite`. */
export interface InviteOptions extends CallOptions {
  /** Sent as `Idempotency-Key`; the SDK generates one per call otherwise, the same on every retry. */
  idempotencyKey?: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `new Client(options)`'s argument.
    #[wasm_bindgen(typescript_type = "ClientOptions")]
    pub type ClientOptionsArg;

    /// The options object every call takes last.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptionsArg;

    /// The options object of `users.invite`.
    #[wasm_bindgen(typescript_type = "InviteOptions")]
    pub type InviteOptionsArg;

    /// `users.list(params)`'s argument.
    #[wasm_bindgen(typescript_type = "ListUsersParams")]
    pub type ListUsersArg;

    /// `users.invite(params)`'s argument.
    #[wasm_bindgen(typescript_type = "InviteUserParams")]
    pub type InviteUserArg;

    /// `users.update(userId, changes)`'s second argument.
    #[wasm_bindgen(typescript_type = "UpdateUserChanges")]
    pub type UpdateUserArg;

    /// A user id, checked to be a string rather than coerced into one.
    #[wasm_bindgen(typescript_type = "string")]
    pub type UserIdArg;

    /// What `users.list` returns.
    #[wasm_bindgen(typescript_type = "Promise<Page<User>>")]
    pub type PagePromise;

    /// What `users.get`, `update` and `suspend` return.
    #[wasm_bindgen(typescript_type = "Promise<User>")]
    pub type UserPromise;

    /// What `UserPager.nextPage` returns.
    #[wasm_bindgen(typescript_type = "Promise<Page<User> | null>")]
    pub type PageOrNullPromise;

    /// What `users.listAll` returns.
    #[wasm_bindgen(typescript_type = "UserWalk")]
    pub type UserWalkObject;

    /// What `users.invite` returns.
    #[wasm_bindgen(typescript_type = "Promise<Invitation>")]
    pub type InvitationPromise;

    /// What `users.delete` returns: a Promise of `undefined`.
    #[wasm_bindgen(typescript_type = "Promise<void>")]
    pub type VoidPromise;

    /// `client.users`: the client's `Users` handle.
    #[wasm_bindgen(typescript_type = "Users")]
    pub type UsersObject;
}
