//! Any parameters object, read by each `from_js_object` and sent through
//! the request builders, never panics; what is accepted builds a request
//! whose path and query are encoded as the API expects, and what is refused
//! is an `invalid_input` error that names at least one field.
//!
//! Input: bytes that parse as a JSON object are taken as that object (so
//! the fixtures and hand-written objects seed it). Anything else is read as
//! a tree: per entry a key (mostly the parameters' own names) and a value
//! of any JSON type, nested a few levels. The same bytes then also fill the
//! typed structs directly (`ListUsers { .. }` and friends) for `validate()`
//! and the builders.
#![no_main]

mod common;

use common::{check_request, id_segment, Bytes};
use legionedge::{
    users, CallSettings, Error, ErrorKind, InviteUser, ListUsers, Method, Role, SortField,
    SortOrder, UpdateUser, UserStatus,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Number, Value};

const LIST_KEYS: &[&str] = &[
    "organizationId",
    "page",
    "perPage",
    "status",
    "search",
    "sort",
    "order",
];
const INVITE_KEYS: &[&str] = &["organizationId", "email", "name", "role", "teams"];
const UPDATE_KEYS: &[&str] = &["name", "role", "metadata"];
const CALL_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries"];
const INVITE_CALL_KEYS: &[&str] = &["signal", "timeoutMs", "maxRetries", "idempotencyKey"];

/// Keys the generator favours: every parameter, and the near misses that
/// get a "did you mean".
const KEYS: &[&str] = &[
    "organizationId",
    "page",
    "perPage",
    "status",
    "search",
    "sort",
    "order",
    "email",
    "name",
    "role",
    "teams",
    "metadata",
    "timeoutMs",
    "maxRetries",
    "idempotencyKey",
    "signal",
    "per_page",
    "limit",
    "orgId",
    "Teams",
    "",
];

/// Strings the generator favours: valid values, near misses, and text that
/// needs encoding.
const TEXTS: &[&str] = &[
    "org_abc123",
    "user_abc123",
    "active",
    "suspended",
    "pending",
    "deactivated",
    "created_at",
    "name",
    "email",
    "last_login_at",
    "asc",
    "desc",
    "DESC",
    "owner",
    "admin",
    "member",
    "bob@example.com",
    "a@b.c",
    "not an email",
    "",
    " ",
    "\u{3000}",
    "team_frontend",
    "jane doe",
    "a/b?c#d&e=f+g%2Fh",
    "é 💥",
    "k-1",
    "00000000-0000-4000-8000-000000000000",
];

fn text(input: &mut Bytes<'_>) -> String {
    let select = usize::from(input.u8());
    match TEXTS.get(select) {
        Some(known) => (*known).to_owned(),
        None => input.short_text(),
    }
}

fn key(input: &mut Bytes<'_>) -> String {
    let select = usize::from(input.u8());
    match KEYS.get(select % 64) {
        Some(known) => (*known).to_owned(),
        None => input.short_text(),
    }
}

fn value(input: &mut Bytes<'_>, depth: u32) -> Value {
    match input.u8() % 10 {
        0 => Value::Null,
        1 => Value::Bool(input.u8() % 2 == 1),
        // Small numbers, where the ranges' edges are.
        2 => Value::from(i64::from(input.u8() as i8) * i64::from(input.u8())),
        3 => Value::from(input.u64() as i64),
        4 => Value::from(input.u64()),
        5 => Number::from_f64(f64::from_bits(input.u64()))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        6 | 7 => Value::String(text(input)),
        8 if depth < 4 => {
            let len = input.u8() % 6;
            Value::Array((0..len).map(|_| value(input, depth + 1)).collect())
        }
        9 if depth < 4 => Value::Object(object(input, depth + 1)),
        _ => Value::String(text(input)),
    }
}

fn object(input: &mut Bytes<'_>, depth: u32) -> Map<String, Value> {
    let len = input.u8() % 9;
    let mut map = Map::new();
    for _ in 0..len {
        let key = key(input);
        let value = value(input, depth);
        map.insert(key, value);
    }
    map
}

/// The rules every refusal keeps.
fn check_refusal(what: &str, error: &Error) {
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{what}: {error:?}");
    let details = error.details();
    assert!(
        !details.is_empty(),
        "{what}: refused with no detail: {error:?}"
    );
    assert!(
        error.message().starts_with(&details[0].field),
        "{what}: the message does not lead with the first field: {error:?}"
    );
    assert_eq!(error.status(), None, "{what}: {error:?}");
}

fn has_unknown_key(object: &Map<String, Value>, known: &[&str]) -> bool {
    object.keys().any(|key| !known.contains(&key.as_str()))
}

fn check_user_calls(user_id: &str) {
    let valid = !user_id.trim().is_empty();
    for (call, suffix, method) in [
        (users::get as fn(&str) -> _, "", Method::Get),
        (users::suspend, "/suspend", Method::Post),
        (users::delete, "", Method::Delete),
    ] {
        match call(user_id) {
            Ok(request) => {
                assert!(valid, "took the id {user_id:?}");
                assert_eq!(request.method(), method);
                check_request(&request);
                assert_eq!(id_segment(request.path(), "/v2/users/", suffix), user_id);
                assert!(request.is_repeatable());
                assert_eq!(request.body(), None);
            }
            Err(error) => {
                assert!(!valid, "refused the id {user_id:?}: {error:?}");
                check_refusal("userId", &error);
            }
        }
    }
}

fn check_list(query: &ListUsers) {
    let valid = query.validate();
    match users::list(query) {
        Ok(request) => {
            assert!(valid.is_ok(), "list built what validate refuses");
            assert_eq!(request.method(), Method::Get);
            check_request(&request);
            assert_eq!(
                id_segment(request.path(), "/v2/organizations/", "/users"),
                query.organization_id
            );
            let names: Vec<&str> = request.query().iter().map(|(name, _)| *name).collect();
            for name in &names {
                assert!(
                    ["page", "per_page", "status", "search", "sort", "order"].contains(name),
                    "an unexpected query parameter {name:?}"
                );
            }
            assert_eq!(names.contains(&"page"), query.page.is_some());
            assert_eq!(names.contains(&"per_page"), query.per_page.is_some());
            assert_eq!(names.contains(&"search"), query.search.is_some());
        }
        Err(error) => {
            assert_eq!(
                valid.as_ref().err(),
                Some(&error),
                "list and validate disagree"
            );
            check_refusal("users.list", &error);
        }
    }
}

fn check_invite(invite: &InviteUser) {
    let valid = invite.validate();
    match users::invite(invite) {
        Ok(request) => {
            assert!(valid.is_ok(), "invite built what validate refuses");
            assert_eq!(request.method(), Method::Post);
            check_request(&request);
            assert_eq!(
                id_segment(request.path(), "/v2/organizations/", "/users"),
                invite.organization_id
            );
            assert!(!request.is_repeatable(), "an invite without a key repeats");
            let body: Value = serde_json::from_str(request.body().expect("a body")).unwrap();
            assert_eq!(body["email"], Value::from(invite.email.as_str()));
            assert_eq!(
                body.get("name").and_then(Value::as_str),
                invite.name.as_deref()
            );
        }
        Err(error) => {
            assert_eq!(
                valid.as_ref().err(),
                Some(&error),
                "invite and validate disagree"
            );
            check_refusal("users.invite", &error);
        }
    }
}

fn check_update(user_id: &str, changes: &UpdateUser) {
    match users::update(user_id, changes) {
        Ok(request) => {
            assert!(!user_id.trim().is_empty(), "update took the id {user_id:?}");
            assert!(
                changes.validate().is_ok(),
                "update built what validate refuses"
            );
            assert_eq!(request.method(), Method::Patch);
            check_request(&request);
            assert_eq!(id_segment(request.path(), "/v2/users/", ""), user_id);
            let body: Value = serde_json::from_str(request.body().expect("a body")).unwrap();
            let body = body.as_object().expect("an object body");
            assert_eq!(
                body.get("name").and_then(Value::as_str),
                changes.name.as_deref()
            );
            assert_eq!(
                body.get("metadata")
                    .and_then(Value::as_object)
                    .map(|m| m.keys().collect::<Vec<_>>()),
                changes
                    .metadata
                    .as_ref()
                    .map(|m| m.keys().collect::<Vec<_>>())
            );
        }
        Err(error) => {
            assert!(
                user_id.trim().is_empty() || changes.validate().is_err(),
                "update refused what validates: {error:?}"
            );
            check_refusal("users.update", &error);
        }
    }
}

fn check_js(object: &Map<String, Value>, user_id: &str, flags: u8) {
    match ListUsers::from_js_object(object) {
        Ok(query) => {
            assert!(
                !has_unknown_key(object, LIST_KEYS),
                "list took an unknown key"
            );
            assert!(
                query.validate().is_ok(),
                "from_js_object took what validate refuses"
            );
            assert_eq!(
                object.get("organizationId").and_then(Value::as_str),
                Some(query.organization_id.as_str())
            );
            check_list(&query);
        }
        Err(error) => check_refusal("ListUsers::from_js_object", &error),
    }

    match InviteUser::from_js_object(object) {
        Ok(invite) => {
            assert!(
                !has_unknown_key(object, INVITE_KEYS),
                "invite took an unknown key"
            );
            assert!(
                invite.validate().is_ok(),
                "from_js_object took what validate refuses"
            );
            assert_eq!(
                object.get("email").and_then(Value::as_str),
                Some(invite.email.as_str())
            );
            check_invite(&invite);
        }
        Err(error) => check_refusal("InviteUser::from_js_object", &error),
    }

    match UpdateUser::from_js_object(object) {
        Ok(changes) => {
            assert!(
                !has_unknown_key(object, UPDATE_KEYS),
                "update took an unknown key"
            );
            assert!(
                changes.validate().is_ok(),
                "from_js_object took what validate refuses"
            );
            check_update(user_id, &changes);
        }
        Err(error) => check_refusal("UpdateUser::from_js_object", &error),
    }

    let takes_key = flags & 1 != 0;
    let call = if takes_key {
        "users.invite"
    } else {
        "users.get"
    };
    match CallSettings::from_js_object(call, object, takes_key) {
        Ok(settings) => {
            let known = if takes_key {
                INVITE_CALL_KEYS
            } else {
                CALL_KEYS
            };
            assert!(
                !has_unknown_key(object, known),
                "call options took an unknown key"
            );
            assert!(
                settings.validate().is_ok(),
                "from_js_object took what validate refuses"
            );
            if let Some(ms) = settings.timeout_ms {
                assert!((1..=600_000).contains(&ms), "timeoutMs {ms}");
            }
            if let Some(retries) = settings.max_retries {
                assert!(retries <= 10, "maxRetries {retries}");
            }
            if let Some(key) = &settings.idempotency_key {
                assert!(takes_key, "an idempotency key for {call}");
                assert!(
                    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()),
                    "idempotencyKey {key:?}"
                );
            }
        }
        Err(error) => check_refusal("CallSettings::from_js_object", &error),
    }
}

fn maybe<T>(input: &mut Bytes<'_>, make: impl FnOnce(&mut Bytes<'_>) -> T) -> Option<T> {
    (input.u8() % 2 == 1).then(|| make(input))
}

/// The typed structs filled field by field, bypassing `from_js_object`.
fn check_typed(input: &mut Bytes<'_>) {
    let query = ListUsers {
        organization_id: text(input),
        page: maybe(input, |i| i.u32() % 200),
        per_page: maybe(input, |i| i.u32() % 200),
        status: maybe(input, |i| UserStatus::from(text(i).as_str())),
        search: maybe(input, text),
        sort: maybe(input, |i| {
            [
                SortField::CreatedAt,
                SortField::Name,
                SortField::Email,
                SortField::LastLoginAt,
            ][usize::from(i.u8() % 4)]
        }),
        order: maybe(input, |i| {
            [SortOrder::Asc, SortOrder::Desc][usize::from(i.u8() % 2)]
        }),
    };
    check_list(&query);

    let invite = InviteUser {
        organization_id: text(input),
        email: text(input),
        name: maybe(input, text),
        role: maybe(input, |i| Role::from(text(i).as_str())),
        teams: maybe(input, |i| {
            let len = i.u8() % 4;
            (0..len).map(|_| text(i)).collect()
        }),
    };
    check_invite(&invite);

    let user_id = text(input);
    check_user_calls(&user_id);
    let changes = UpdateUser {
        name: maybe(input, text),
        role: maybe(input, |i| Role::from(text(i).as_str())),
        metadata: maybe(input, |i| object(i, 2)),
    };
    check_update(&user_id, &changes);

    let settings = CallSettings {
        timeout_ms: maybe(input, |i| i.u32()),
        max_retries: maybe(input, |i| i.u32() % 16),
        idempotency_key: maybe(input, text),
    };
    let _ = settings
        .validate()
        .map_err(|e| check_refusal("CallSettings", &e));
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let (object, user_id, flags) = match serde_json::from_slice::<Value>(data) {
        Ok(Value::Object(object)) => {
            let user_id = object
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("user_abc123")
                .to_owned();
            (object, user_id, data.len() as u8)
        }
        _ => {
            let flags = input.u8();
            let user_id = text(&mut input);
            (object(&mut input, 0), user_id, flags)
        }
    };
    check_user_calls(&user_id);
    check_js(&object, &user_id, flags);

    // The typed layer, from the same bytes read again from the start.
    check_typed(&mut Bytes::new(data));
});
