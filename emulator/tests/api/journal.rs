//! `GET /__emulator/requests`: what the emulator saw.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{encode_segment, user_path, Emulator, ABC_USERS, XYZ_KEY};

const JANE: &str = "/v2/users/user_abc123";

#[tokio::test]
async fn the_journal_lists_each_v2_call_oldest_first_with_its_answer() {
    let api = Emulator::new();
    api.get(&format!("{ABC_USERS}?page=2&search=jane%40example.com"))
        .send()
        .await;
    api.get("/v2/users/user_nope").send().await;
    api.delete(JANE).anonymous().send().await;

    assert_eq!(
        api.journal("").await,
        [
            json!({
                "method": "GET", "path": ABC_USERS, "query": "page=2&search=jane%40example.com",
                "idempotencyKey": null, "authorized": true, "fault": null, "status": 200,
            }),
            json!({
                "method": "GET", "path": "/v2/users/user_nope", "query": null,
                "idempotencyKey": null, "authorized": true, "fault": null, "status": 404,
            }),
            json!({
                "method": "DELETE", "path": JANE, "query": null,
                "idempotencyKey": null, "authorized": false, "fault": null, "status": 401,
            }),
        ]
    );
}

#[tokio::test]
async fn the_journal_keeps_the_idempotency_key_and_never_the_api_key() {
    let api = Emulator::new();
    for key in ["sk_test_abc123", "sk_test_unknown"] {
        api.post(ABC_USERS)
            .key(key)
            .header("idempotency-key", "retry-me")
            .json(&json!({ "email": "bob@example.com" }))
            .send()
            .await;
    }

    let journal = api.journal("").await;
    let statuses: Vec<_> = journal
        .iter()
        .map(|entry| entry["status"].clone())
        .collect();
    assert_eq!(statuses, [201, 401]);
    for entry in &journal {
        assert_eq!(entry["idempotencyKey"], "retry-me");
        assert_eq!(entry["authorized"], true, "a key was sent, known or not");
    }
    let raw = api
        .call(Method::GET, "/__emulator/requests")
        .send()
        .await
        .text();
    assert!(!raw.contains("sk_test"), "{raw}");
}

#[tokio::test]
async fn the_journal_names_the_fault_that_hit_a_call() {
    let api = Emulator::new();
    let id = api.arm(&json!({ "path": JANE, "status": 503 })).await;
    api.get(JANE).send().await;
    api.get(JANE).send().await;

    let journal = api.journal("").await;
    assert_eq!(journal[0]["fault"], id.as_str());
    assert_eq!(journal[0]["status"], 503);
    assert_eq!(journal[1]["fault"], json!(null));
    assert_eq!(journal[1]["status"], 200);
}

#[tokio::test]
async fn the_journal_filters_by_exact_path_as_sent() {
    let api = Emulator::new();
    let odd = user_path(legionedge_emulator::ODD_USER_ID);
    api.get(&odd).key(XYZ_KEY).send().await;
    api.get(JANE).send().await;
    api.post(&format!("{JANE}/suspend")).send().await;
    api.get(JANE).send().await;

    let janes = api
        .journal(&format!("?path={}", encode_segment(JANE)))
        .await;
    assert_eq!(janes.len(), 2);
    assert!(janes.iter().all(|entry| entry["path"] == JANE));
    let odds = api
        .journal(&format!("?path={}", encode_segment(&odd)))
        .await;
    assert_eq!(odds.len(), 1);
    assert_eq!(odds[0]["path"], odd.as_str());
}

#[tokio::test]
async fn only_v2_calls_are_journaled() {
    let api = Emulator::new();
    api.call(Method::GET, "/__emulator/faults").send().await;
    api.call(Method::GET, "/index.html").send().await;
    api.call(Method::OPTIONS, JANE).send().await;
    assert!(api.journal("").await.is_empty());
}

#[tokio::test]
async fn deleting_the_journal_empties_it() {
    let api = Emulator::new();
    api.get(JANE).send().await;
    let reply = api
        .call(Method::DELETE, "/__emulator/requests")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(api.journal("").await.is_empty());
    api.get(JANE).send().await;
    assert_eq!(api.journal("").await.len(), 1);
}

#[tokio::test]
async fn an_unknown_filter_is_refused_by_name() {
    Emulator::new()
        .call(Method::GET, "/__emulator/requests?method=GET")
        .send()
        .await
        .assert_invalid(&["method"]);
}
