//! Every validation rule, for the typed Rust parameters and for objects
//! written the JavaScript way, each rejected before a request exists.
#![cfg(not(target_arch = "wasm32"))]

use legionedge::{users, Error, ErrorKind, InviteUser, ListUsers, UpdateUser, UserStatus};
use serde_json::{json, Map, Value};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

fn fields(error: &Error) -> Vec<&str> {
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error}");
    error.details().iter().map(|d| d.field.as_str()).collect()
}

fn list_error(params: Value) -> Error {
    ListUsers::from_js_object(&object(params)).unwrap_err()
}

#[test]
fn empty_ids_are_rejected_by_every_call() {
    for error in [
        users::get("").unwrap_err(),
        users::get("   ").unwrap_err(),
        users::suspend("").unwrap_err(),
        users::delete("").unwrap_err(),
        users::update("", &UpdateUser::new()).unwrap_err(),
    ] {
        assert_eq!(fields(&error), ["userId"]);
        assert!(error.message().contains("non-empty id"), "{error}");
    }
    assert_eq!(
        fields(&users::list(&ListUsers::new("")).unwrap_err()),
        ["organizationId"]
    );
}

#[test]
fn per_page_outside_1_to_100_is_rejected() {
    for bad in [0, 101, 1000] {
        let error = users::list(&ListUsers::new("org_abc123").per_page(bad)).unwrap_err();
        assert_eq!(fields(&error), ["perPage"]);
        assert!(error.message().contains("between 1 and 100"), "{error}");
    }
    for good in [1, 20, 100] {
        assert!(users::list(&ListUsers::new("org_abc123").per_page(good)).is_ok());
    }
}

#[test]
fn page_below_1_is_rejected() {
    let error = users::list(&ListUsers::new("org_abc123").page(0)).unwrap_err();
    assert_eq!(fields(&error), ["page"]);
    let error = list_error(json!({ "organizationId": "org_abc123", "page": -2 }));
    assert_eq!(error.message(), "page must be 1 or more (got -2)");
}

#[test]
fn status_sort_and_order_outside_their_sets_are_rejected() {
    let error =
        users::list(&ListUsers::new("org_abc123").status(UserStatus::Other("deleted".into())))
            .unwrap_err();
    assert_eq!(fields(&error), ["status"]);

    let error = list_error(json!({
        "organizationId": "org_abc123",
        "status": "ACTIVE",
        "sort": "lastLoginAt",
        "order": "up",
    }));
    assert_eq!(fields(&error), ["sort", "order", "status"]);
    assert!(error.details()[0].message.contains("\"last_login_at\""));
    assert!(error.details()[1].message.contains("\"asc\", \"desc\""));
}

#[test]
fn unknown_keys_name_the_right_one() {
    let error = list_error(json!({ "organizationId": "org_abc123", "per_page": 50 }));
    assert_eq!(fields(&error), ["per_page"]);
    assert_eq!(
        error.message(),
        "per_page is not a parameter of users.list; did you mean \"perPage\"?"
    );

    let error = list_error(json!({ "organizationId": "org_abc123", "perpage": 50 }));
    assert!(
        error.message().contains("did you mean \"perPage\""),
        "{error}"
    );

    let error = list_error(json!({ "organization_id": "org_abc123" }));
    assert_eq!(fields(&error), ["organization_id", "organizationId"]);
    assert!(error.message().contains("did you mean \"organizationId\""));

    let error = list_error(json!({ "organizationId": "org_abc123", "limit": 5 }));
    assert!(
        error.message().contains("did you mean \"perPage\""),
        "{error}"
    );

    let error = list_error(json!({ "organizationId": "org_abc123", "colour": "red" }));
    assert!(
        error
            .message()
            .contains("it takes \"organizationId\", \"page\""),
        "{error}"
    );
}

#[test]
fn wrong_types_are_named() {
    let error = list_error(json!({ "organizationId": 7, "perPage": "50", "search": true }));
    assert_eq!(fields(&error), ["organizationId", "perPage", "search"]);
    assert_eq!(
        error.details()[1].message,
        "must be a whole number (got a string)"
    );

    let error = list_error(json!({ "organizationId": "org_abc123", "perPage": 2.5 }));
    assert_eq!(fields(&error), ["perPage"]);
}

#[test]
fn null_means_not_given_in_list_params() {
    let query = ListUsers::from_js_object(&object(json!({
        "organizationId": "org_abc123",
        "status": null,
        "perPage": null,
    })))
    .unwrap();
    assert_eq!(query, ListUsers::new("org_abc123"));
}

#[test]
fn missing_organization_id_is_required() {
    let error = list_error(json!({}));
    assert_eq!(fields(&error), ["organizationId"]);
    assert_eq!(
        error.message(),
        "organizationId is required but was not given"
    );
}

#[test]
fn malformed_emails_are_rejected() {
    for bad in [
        "",
        "bob",
        "bob@",
        "@example.com",
        "bob@example",
        "bob@@example.com",
        "bob@example..com",
        "bob smith@example.com",
        "Bob <bob@example.com>",
        "bob@example.com\n",
    ] {
        let error = users::invite(&InviteUser::new("org_abc123", bad)).unwrap_err();
        assert_eq!(fields(&error), ["email"], "{bad:?}");
        assert!(!error.message().contains("bob"), "echoes {bad:?}");
    }
    for good in [
        "bob@example.com",
        "a.b+tag@sub.example.co.uk",
        "é@exämple.org",
    ] {
        assert!(
            users::invite(&InviteUser::new("org_abc123", good)).is_ok(),
            "{good}"
        );
    }
}

#[test]
fn invite_rejects_unknown_keys_empty_names_and_bad_teams() {
    let error = InviteUser::from_js_object(&object(json!({
        "organizationId": "org_abc123",
        "email": "bob@example.com",
        "name": "",
        "teams": ["team_a", 3],
        "team": "x",
    })))
    .unwrap_err();
    assert_eq!(fields(&error), ["team", "teams", "name"]);
    assert!(error.details()[0]
        .message
        .contains("did you mean \"teams\""));

    let error =
        users::invite(&InviteUser::new("org_abc123", "bob@example.com").teams([" "])).unwrap_err();
    assert_eq!(fields(&error), ["teams[0]"]);
}

#[test]
fn update_rejects_empty_name_role_and_non_object_metadata() {
    let error = UpdateUser::from_js_object(&object(json!({
        "name": " ",
        "role": "",
        "metadata": ["a"],
    })))
    .unwrap_err();
    assert_eq!(fields(&error), ["metadata", "name", "role"]);

    let error = UpdateUser::from_js_object(&object(json!({ "displayName": "J" }))).unwrap_err();
    assert!(
        error
            .message()
            .contains("it takes \"name\", \"role\", \"metadata\""),
        "{error}"
    );
}

#[test]
fn update_accepts_null_metadata_values_as_deletes() {
    let changes = UpdateUser::from_js_object(&object(json!({
        "metadata": { "title": null, "department": "Engineering" }
    })))
    .unwrap();
    assert_eq!(changes.metadata.unwrap()["title"], Value::Null);
}

#[test]
fn every_problem_is_reported_at_once() {
    let error = list_error(json!({
        "organizationId": "",
        "page": 0,
        "perPage": 500,
        "status": "gone",
    }));
    assert_eq!(
        fields(&error),
        ["organizationId", "page", "perPage", "status"]
    );
    assert!(
        error.message().ends_with("(and 3 more problems)"),
        "{error}"
    );
}

#[test]
fn dot_ids_are_refused_since_urls_resolve_them_to_other_routes() {
    for id in [".", ".."] {
        assert_eq!(fields(&users::get(id).unwrap_err()), ["userId"]);
        assert_eq!(fields(&users::suspend(id).unwrap_err()), ["userId"]);
        assert_eq!(
            fields(&users::list(&ListUsers::new(id)).unwrap_err()),
            ["organizationId"]
        );
    }
    assert!(users::get("...").is_ok(), "three dots are just text");
}

#[test]
fn a_page_past_u32_is_refused_not_dropped() {
    let error = list_error(json!({ "organizationId": "org_abc123", "page": 4_294_967_296u64 }));
    assert_eq!(error.message(), "page must be at most 4294967295");
}
