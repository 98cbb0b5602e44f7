//! Hostile or broken input gets an answer, never a crash.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Emulator, ABC_USERS};

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_with_413() {
    let api = Emulator::new();
    let padding = "x".repeat(legionedge_emulator::BODY_LIMIT);
    let body = json!({ "email": "bob@example.com", "name": padding });

    let reply = api.post(ABC_USERS).json(&body).send().await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let reply = api
        .patch("/v2/users/user_abc123")
        .json(&json!({ "metadata": { "blob": "x".repeat(2 << 20) } }))
        .send()
        .await;
    reply.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert_eq!(api.abc_total().await, 42);
}

#[tokio::test]
async fn a_body_just_under_the_limit_is_read() {
    let padding = "x".repeat(legionedge_emulator::BODY_LIMIT - 100);
    let reply = Emulator::new()
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com", "padding": padding }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_validation_error() {
    let api = Emulator::new();
    api.post(ABC_USERS)
        .raw_body(&b"{\"email\":\"\xff\xfe@example.com\"}"[..])
        .send()
        .await
        .assert_invalid(&["body"]);
    api.patch("/v2/users/user_abc123")
        .raw_body(&b"\xc3\x28"[..])
        .send()
        .await
        .assert_invalid(&["body"]);
}

#[tokio::test]
async fn a_path_id_that_is_not_utf8_is_a_validation_error() {
    let api = Emulator::new();
    api.get("/v2/users/user_%FF")
        .send()
        .await
        .assert_invalid(&["userId"]);
    api.get("/v2/organizations/org_%C3/users")
        .send()
        .await
        .assert_invalid(&["organizationId"]);
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_answered() {
    let reply = Emulator::new()
        .get(&format!("{ABC_USERS}?search=%FF%FE&page=%C3"))
        .send()
        .await;
    reply.assert_invalid(&["page"]);
}

#[tokio::test]
async fn a_huge_page_number_is_an_empty_page() {
    let reply = Emulator::new()
        .get(&format!(
            "{ABC_USERS}?page=18446744073709551615&per_page=100"
        ))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["data"], json!([]));
    assert_eq!(reply.json()["pagination"]["hasMore"], false);
}

#[tokio::test]
async fn an_authorization_header_with_odd_bytes_is_unauthenticated() {
    let reply = Emulator::new()
        .get(ABC_USERS)
        .header("authorization", "Bearer sk_test_abc123é")
        .send()
        .await;
    reply.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn a_bad_idempotency_key_is_a_validation_error() {
    let reply = Emulator::new()
        .post(ABC_USERS)
        .header("idempotency-key", &"k".repeat(256))
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await;
    reply.assert_invalid(&["Idempotency-Key"]);
}

#[tokio::test]
async fn deeply_nested_json_is_refused_not_overflowed() {
    let nested = format!(
        "{{\"email\":\"bob@example.com\",\"name\":{}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    Emulator::new()
        .post(ABC_USERS)
        .raw_body(nested)
        .send()
        .await
        .assert_invalid(&["body"]);
}
