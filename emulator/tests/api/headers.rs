//! `X-Request-Id` and CORS on every `/v2` answer.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{Emulator, Reply, ABC_USERS, XYZ_USERS};

const EXPOSED: &str =
    "X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";

/// One answer of every kind the API gives, on one emulator.
async fn one_of_each(api: &Emulator) -> Vec<Reply> {
    let invite = |key: &str| {
        api.post(ABC_USERS)
            .header("idempotency-key", key)
            .json(&json!({ "email": "bob@example.com" }))
            .send()
    };
    vec![
        api.get(ABC_USERS).send().await,
        api.get("/v2/users/user_abc123").send().await,
        invite("a").await,
        invite("b").await,
        api.post(ABC_USERS)
            .header("idempotency-key", "a")
            .json(&json!({ "email": "carol@example.com" }))
            .send()
            .await,
        api.patch("/v2/users/user_abc123").send().await,
        api.post("/v2/users/user_abc123/suspend").send().await,
        api.get(&format!("{ABC_USERS}?per_page=0")).send().await,
        api.get(ABC_USERS).anonymous().send().await,
        api.get(XYZ_USERS).send().await,
        api.get("/v2/users/user_x").send().await,
        api.get("/v2/nothing/here").send().await,
        api.call(Method::OPTIONS, "/v2/users/user_abc123")
            .send()
            .await,
        api.delete("/v2/users/user_abc123").send().await,
    ]
}

#[tokio::test]
async fn every_v2_answer_carries_a_fresh_request_id() {
    let api = Emulator::new();
    let replies = one_of_each(&api).await;
    let statuses: Vec<u16> = replies.iter().map(|reply| reply.status.as_u16()).collect();
    assert_eq!(
        statuses,
        [200, 200, 201, 409, 422, 200, 200, 400, 401, 403, 404, 404, 204, 204]
    );

    let mut ids = HashSet::new();
    for reply in &replies {
        let id = reply.header("x-request-id").expect("X-Request-Id");
        let opaque = id.strip_prefix("req_").expect("req_ prefix");
        assert!(!opaque.is_empty());
        assert!(opaque.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        assert!(ids.insert(id.to_owned()), "{id} repeated");
    }
}

#[tokio::test]
async fn error_bodies_repeat_the_request_id() {
    let api = Emulator::new();
    for reply in one_of_each(&api).await {
        if !reply.status.is_success() {
            // error_code() checks error.requestId against the header.
            reply.error_code();
        }
    }
}

#[tokio::test]
async fn every_v2_answer_allows_any_origin_and_exposes_the_headers() {
    let api = Emulator::new();
    for reply in one_of_each(&api).await {
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("*"),
            "status {}",
            reply.status
        );
        assert_eq!(reply.header("access-control-expose-headers"), Some(EXPOSED));
    }
}

#[tokio::test]
async fn a_preflight_needs_no_key_on_any_v2_path() {
    let api = Emulator::new();
    for path in [ABC_USERS, "/v2/users/user_abc123/suspend", "/v2/unknown"] {
        let reply = api
            .call(Method::OPTIONS, path)
            .header("origin", "http://localhost:3000")
            .header("access-control-request-method", "PATCH")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert!(reply.body.is_empty());
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            reply.header("access-control-allow-methods"),
            Some("GET, POST, PATCH, DELETE")
        );
        assert_eq!(
            reply.header("access-control-allow-headers"),
            Some("Authorization, Content-Type, Idempotency-Key")
        );
        assert_eq!(reply.header("access-control-max-age"), Some("600"));
        assert_eq!(reply.header("access-control-expose-headers"), Some(EXPOSED));
        assert!(reply.header("x-request-id").is_some());
    }
}

#[tokio::test]
async fn json_answers_say_so() {
    let api = Emulator::new();
    let ok = api.get(ABC_USERS).send().await;
    let error = api.get("/v2/users/user_x").send().await;
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert_eq!(error.header("content-type"), Some("application/json"));
}
