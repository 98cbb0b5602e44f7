//! `POST /v2/organizations/{orgId}/users`: invitations, defaults,
//! conflicts and idempotency keys.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{unix_seconds, user_path, Emulator, ABC_USERS, XYZ_KEY, XYZ_USERS};

fn bob() -> Value {
    json!({
        "email": "bob@example.com",
        "name": "Bob Engineer",
        "role": "member",
        "teams": ["team_frontend"],
    })
}

#[tokio::test]
async fn invite_returns_a_pending_invitation_for_the_reference_example() {
    let api = Emulator::new();
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;

    let reply = api.post(ABC_USERS).json(&bob()).send().await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let invitation = reply.json();

    assert!(invitation["id"].as_str().unwrap().starts_with("inv_"));
    assert!(invitation["userId"].as_str().unwrap().starts_with("user_"));
    assert_eq!(invitation["organizationId"], "org_abc123");
    assert_eq!(invitation["email"], "bob@example.com");
    assert_eq!(invitation["name"], "Bob Engineer");
    assert_eq!(invitation["role"], "member");
    assert_eq!(invitation["teams"], json!(["team_frontend"]));
    assert_eq!(invitation["status"], "pending");

    let created = unix_seconds(invitation["createdAt"].as_str().unwrap());
    let expires = unix_seconds(invitation["expiresAt"].as_str().unwrap());
    assert!(created >= before && created <= before + 60);
    assert_eq!(expires - created, 7 * 86_400);
}

#[tokio::test]
async fn invite_creates_a_pending_user_that_get_and_list_see() {
    let api = Emulator::new();
    let invitation = api.post(ABC_USERS).json(&bob()).send().await.json();

    let user = api
        .get(&user_path(invitation["userId"].as_str().unwrap()))
        .send()
        .await
        .json();
    assert_eq!(
        user,
        json!({
            "id": invitation["userId"],
            "email": "bob@example.com",
            "name": "Bob Engineer",
            "avatarUrl": null,
            "status": "pending",
            "emailVerified": false,
            "role": "member",
            "teams": ["team_frontend"],
            "metadata": {},
            "createdAt": invitation["createdAt"],
            "updatedAt": invitation["createdAt"],
            "lastLoginAt": null,
        })
    );
    assert_eq!(api.abc_total().await, 43);
    let newest = &api.abc_users("").await[0];
    assert_eq!(newest["id"], invitation["userId"]);
}

#[tokio::test]
async fn invite_defaults_name_role_and_teams() {
    let reply = Emulator::new()
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let invitation = reply.json();
    assert_eq!(invitation["name"], "bob");
    assert_eq!(invitation["role"], "member");
    assert_eq!(invitation["teams"], json!([]));
}

#[tokio::test]
async fn inviting_an_existing_email_is_a_conflict_whatever_its_case() {
    let api = Emulator::new();
    for email in ["jane@example.com", "JANE@Example.COM"] {
        let reply = api
            .post(ABC_USERS)
            .json(&json!({ "email": email }))
            .send()
            .await;
        reply.assert_error(StatusCode::CONFLICT, "conflict");
        assert!(!reply.text().contains("jane@"), "no email in the message");
    }

    assert_eq!(
        api.post(ABC_USERS).json(&bob()).send().await.status,
        StatusCode::CREATED
    );
    api.post(ABC_USERS)
        .json(&bob())
        .send()
        .await
        .assert_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(api.abc_total().await, 43);
}

#[tokio::test]
async fn the_same_email_may_join_another_organization() {
    let reply = Emulator::new()
        .post(XYZ_USERS)
        .key(XYZ_KEY)
        .json(&json!({ "email": "jane@example.com" }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json()["organizationId"], "org_xyz789");
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_return_the_first_invitation() {
    let api = Emulator::new();
    let send = || {
        api.post(ABC_USERS)
            .header("idempotency-key", "invite-bob-1")
            .json(&bob())
            .send()
    };
    let first = send().await;
    let second = send().await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(
        second.status,
        StatusCode::CREATED,
        "not 409: {}",
        second.text()
    );
    assert_eq!(first.json(), second.json());
    assert_ne!(first.header("x-request-id"), second.header("x-request-id"));
    assert_eq!(api.abc_total().await, 43, "only one user was created");
}

#[tokio::test]
async fn idempotency_compares_parsed_bodies_not_bytes() {
    let api = Emulator::new();
    let first = api
        .post(ABC_USERS)
        .header("idempotency-key", "k")
        .raw_body(r#"{"email":"bob@example.com","role":"admin"}"#)
        .send()
        .await;
    let reordered = api
        .post(ABC_USERS)
        .header("idempotency-key", "k")
        .raw_body("{ \"role\": \"admin\",\n  \"email\": \"bob@example.com\" }")
        .send()
        .await;
    assert_eq!(reordered.status, StatusCode::CREATED);
    assert_eq!(first.json()["id"], reordered.json()["id"]);
}

#[tokio::test]
async fn the_same_idempotency_key_with_another_body_is_refused() {
    let api = Emulator::new();
    let first = api
        .post(ABC_USERS)
        .header("idempotency-key", "invite-1")
        .json(&bob())
        .send()
        .await;
    assert_eq!(first.status, StatusCode::CREATED);

    let reply = api
        .post(ABC_USERS)
        .header("idempotency-key", "invite-1")
        .json(&json!({ "email": "carol@example.com" }))
        .send()
        .await;
    reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
    assert_eq!(api.abc_total().await, 43);
}

#[tokio::test]
async fn idempotency_keys_belong_to_one_organization() {
    let api = Emulator::new();
    let abc = api
        .post(ABC_USERS)
        .header("idempotency-key", "shared")
        .json(&bob())
        .send()
        .await;
    let xyz = api
        .post(XYZ_USERS)
        .key(XYZ_KEY)
        .header("idempotency-key", "shared")
        .json(&json!({ "email": "carol@example.com" }))
        .send()
        .await;
    assert_eq!(abc.status, StatusCode::CREATED);
    assert_eq!(xyz.status, StatusCode::CREATED);
    assert_ne!(abc.json()["id"], xyz.json()["id"]);
}

#[tokio::test]
async fn a_failed_invite_does_not_use_up_its_idempotency_key() {
    let api = Emulator::new();
    let invalid = api
        .post(ABC_USERS)
        .header("idempotency-key", "retry-me")
        .json(&json!({ "email": "not-an-email" }))
        .send()
        .await;
    invalid.assert_invalid(&["email"]);
    let fixed = api
        .post(ABC_USERS)
        .header("idempotency-key", "retry-me")
        .json(&bob())
        .send()
        .await;
    assert_eq!(fixed.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_missing_or_malformed_email_is_a_validation_error() {
    let api = Emulator::new();
    for body in [
        json!({}),
        json!({ "name": "No Email" }),
        json!({ "email": "" }),
        json!({ "email": "bob" }),
        json!({ "email": "bob@" }),
        json!({ "email": "@example.com" }),
        json!({ "email": "bob @example.com" }),
        json!({ "email": 42 }),
        json!({ "email": null }),
    ] {
        let reply = api.post(ABC_USERS).json(&body).send().await;
        reply.assert_invalid(&["email"]);
    }
    assert_eq!(api.abc_total().await, 42);
}

#[tokio::test]
async fn wrong_field_types_are_named_as_in_the_body() {
    let reply = Emulator::new()
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com", "name": 7, "role": "", "teams": "team_a" }))
        .send()
        .await;
    reply.assert_invalid(&["name", "role", "teams"]);
}

#[tokio::test]
async fn invalid_json_or_a_non_object_body_is_a_validation_error() {
    let api = Emulator::new();
    for body in [
        "{\"email\":",
        "not json",
        "[]",
        "\"bob@example.com\"",
        "null",
        "",
    ] {
        let reply = api.post(ABC_USERS).raw_body(body).send().await;
        reply.assert_invalid(&["body"]);
    }
}

#[tokio::test]
async fn unknown_body_fields_are_ignored() {
    let reply = Emulator::new()
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com", "nickname": "bobby" }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}
