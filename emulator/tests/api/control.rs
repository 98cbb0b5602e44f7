//! `POST /__emulator/reset`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{Emulator, ABC_USERS, XYZ_KEY, XYZ_USERS};

#[tokio::test]
async fn reset_restores_the_seeded_state() {
    let api = Emulator::new();
    let seeded_abc = api.abc_users("").await;
    let seeded_xyz = api.get(XYZ_USERS).key(XYZ_KEY).send().await.json();

    api.delete("/v2/users/user_abc123").send().await;
    let invited = api
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await
        .json();
    let someone = seeded_abc[5]["id"].as_str().unwrap().to_owned();
    api.post(&format!("/v2/users/{someone}/suspend"))
        .send()
        .await;
    api.patch(&format!("/v2/users/{someone}"))
        .json(&json!({ "name": "Renamed" }))
        .send()
        .await;
    assert_ne!(api.abc_users("").await, seeded_abc);

    let reply = api.call(Method::POST, "/__emulator/reset").send().await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());

    assert_eq!(api.abc_users("").await, seeded_abc);
    assert_eq!(
        api.get(XYZ_USERS).key(XYZ_KEY).send().await.json(),
        seeded_xyz
    );
    api.get(&format!(
        "/v2/users/{}",
        invited["userId"].as_str().unwrap()
    ))
    .send()
    .await
    .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn reset_forgets_idempotency_keys() {
    let api = Emulator::new();
    let invite = |email: &str| {
        api.post(ABC_USERS)
            .header("idempotency-key", "once")
            .json(&json!({ "email": email }))
            .send()
    };
    assert_eq!(invite("bob@example.com").await.status, StatusCode::CREATED);
    assert_eq!(
        invite("carol@example.com").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    api.call(Method::POST, "/__emulator/reset").send().await;
    assert_eq!(
        invite("carol@example.com").await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn reset_works_from_another_origin() {
    let reply = Emulator::new()
        .call(Method::POST, "/__emulator/reset")
        .header("origin", "http://127.0.0.1:9000")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn reset_disarms_faults_empties_the_journal_and_restarts_fault_ids() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 500, "times": 10 })).await;
    api.arm(&json!({})).await;
    api.get(ABC_USERS).send().await;

    api.call(Method::POST, "/__emulator/reset").send().await;
    assert!(api.faults().await.is_empty());
    assert!(api.journal("").await.is_empty());
    assert_eq!(api.get(ABC_USERS).send().await.status, StatusCode::OK);
    assert_eq!(api.arm(&json!({})).await, "fault_1");
}

#[tokio::test]
async fn every_control_route_answers_a_preflight_from_any_origin() {
    let api = Emulator::new();
    for path in [
        "/__emulator/reset",
        "/__emulator/faults",
        "/__emulator/requests",
    ] {
        let reply = api
            .call(Method::OPTIONS, path)
            .header("origin", "http://127.0.0.1:9000")
            .header("access-control-request-method", "DELETE")
            .header("access-control-request-headers", "content-type")
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        assert_eq!(
            reply.header("access-control-allow-methods"),
            Some("GET, POST, DELETE")
        );
        assert_eq!(
            reply.header("access-control-allow-headers"),
            Some("Content-Type")
        );
    }
}

#[tokio::test]
async fn control_answers_allow_any_origin() {
    let api = Emulator::new();
    let armed = api
        .call(Method::POST, "/__emulator/faults")
        .json(&json!({}))
        .send()
        .await;
    let refused = api
        .call(Method::POST, "/__emulator/faults")
        .json(&json!({ "times": 0 }))
        .send()
        .await;
    let listed = api.call(Method::GET, "/__emulator/requests").send().await;
    for reply in [armed, refused, listed] {
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    }
}
