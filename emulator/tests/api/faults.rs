//! Arming faults, which calls they hit, and the answers they make. What a
//! fault does to the connection itself is proven on a real socket in
//! `tests/server/faults.rs`.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{user_path, Emulator, ABC_USERS, XYZ_KEY};

const JANE: &str = "/v2/users/user_abc123";

/// Arms `fault` and expects a 400 naming `fields`.
async fn refused(api: &Emulator, fault: Value, fields: &[&str]) {
    api.call(Method::POST, "/__emulator/faults")
        .json(&fault)
        .send()
        .await
        .assert_invalid(fields);
}

#[tokio::test]
async fn arming_answers_201_with_ids_in_order() {
    let api = Emulator::new();
    let reply = api
        .call(Method::POST, "/__emulator/faults")
        .json(&json!({ "status": 503 }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json(), json!({ "id": "fault_1" }));
    assert_eq!(api.arm(&json!({})).await, "fault_2");
}

#[tokio::test]
async fn a_status_fault_answers_instead_of_the_handler() {
    let api = Emulator::new();
    let page = "<html><body>502 Bad Gateway</body></html>";
    api.arm(&json!({
        "method": "DELETE", "path": JANE,
        "status": 502, "body": page, "contentType": "text/html",
    }))
    .await;

    let reply = api.delete(JANE).send().await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.text(), page);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    // The handler never ran.
    assert_eq!(api.get(JANE).send().await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_bare_status_has_an_empty_body_and_no_content_type() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 503 })).await;
    let reply = api.get(JANE).send().await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header("content-type"), None);
}

#[tokio::test]
async fn a_generated_body_is_that_many_x_bytes() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 200, "bodySize": 1000, "contentType": "application/json" }))
        .await;
    let reply = api.get(JANE).send().await;
    assert_eq!(reply.body, "x".repeat(1000));
}

#[tokio::test]
async fn a_fault_hits_only_its_method() {
    let api = Emulator::new();
    api.arm(&json!({ "method": "patch", "status": 500 })).await;
    assert_eq!(api.get(JANE).send().await.status, StatusCode::OK);
    assert_eq!(
        api.patch(JANE).send().await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn a_fault_hits_its_exact_path_as_sent() {
    let api = Emulator::new();
    let odd = user_path(legionedge_emulator::ODD_USER_ID);
    api.arm(&json!({ "path": odd, "status": 500 })).await;
    api.arm(&json!({ "path": JANE, "status": 500 })).await;

    // The same user spelled another way, or a longer path, is not hit.
    let jane_encoded = "/v2/users/user_abc%3123";
    assert_eq!(api.get(jane_encoded).send().await.status, StatusCode::OK);
    let suspend = format!("{JANE}/suspend");
    assert_eq!(api.post(&suspend).send().await.status, StatusCode::OK);
    assert_eq!(
        api.get(&odd).key(XYZ_KEY).send().await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        api.get(JANE).send().await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn a_prefix_fault_hits_every_path_that_starts_with_it() {
    let api = Emulator::new();
    api.arm(&json!({ "pathPrefix": "/v2/organizations/", "times": 2, "status": 503 }))
        .await;
    assert_eq!(api.get(JANE).send().await.status, StatusCode::OK);
    for path in [ABC_USERS, "/v2/organizations/org_nope/users"] {
        assert_eq!(
            api.get(path).send().await.status,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}

#[tokio::test]
async fn a_fault_without_a_path_hits_any_v2_call_and_no_control_route() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 500 })).await;
    assert_eq!(api.faults().await.len(), 1);
    assert_eq!(
        api.call(Method::POST, "/__emulator/reset")
            .send()
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    api.arm(&json!({ "status": 500 })).await;
    let reply = api.get("/v2/no/such/route").send().await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn faults_hit_in_the_order_armed_each_for_its_times() {
    let api = Emulator::new();
    api.arm(&json!({ "times": 2, "status": 503 })).await;
    api.arm(&json!({ "status": 500 })).await;

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api.get(JANE).send().await.status.as_u16());
    }
    assert_eq!(statuses, [503, 503, 500, 200]);
}

#[tokio::test]
async fn the_first_matching_fault_with_hits_left_takes_the_call() {
    let api = Emulator::new();
    api.arm(&json!({ "path": JANE, "status": 502 })).await;
    api.arm(&json!({ "status": 500 })).await;

    let others = api.get(ABC_USERS).send().await;
    assert_eq!(others.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.get(JANE).send().await.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.get(JANE).send().await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_listing_shows_settings_remaining_and_hits_spent_ones_too() {
    let api = Emulator::new();
    let retry = json!({ "Retry-After": "2" });
    api.arm(&json!({ "method": "get", "path": JANE, "times": 3, "status": 429, "headers": retry }))
        .await;
    api.arm(&json!({ "drop": "before", "pathPrefix": "/v2/organizations/" }))
        .await;
    api.get(JANE).send().await;

    let listing = api.faults().await;
    assert_eq!(
        listing[0],
        json!({
            "id": "fault_1", "method": "GET", "path": JANE, "times": 3, "status": 429,
            "headers": retry, "remaining": 2, "hits": 1,
        })
    );
    assert_eq!(
        listing[1],
        json!({
            "id": "fault_2", "drop": "before", "pathPrefix": "/v2/organizations/",
            "times": 1, "remaining": 1, "hits": 0,
        })
    );

    api.get(JANE).send().await;
    api.get(JANE).send().await;
    let spent = &api.faults().await[0];
    assert_eq!(
        (&spent["remaining"], &spent["hits"]),
        (&json!(0), &json!(3))
    );
}

#[tokio::test]
async fn disarming_lets_every_call_through() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 500, "times": 5 })).await;
    let reply = api.call(Method::DELETE, "/__emulator/faults").send().await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(api.faults().await.is_empty());
    assert_eq!(api.get(JANE).send().await.status, StatusCode::OK);
    // Ids go on, since the journal may still name the old ones.
    assert_eq!(api.arm(&json!({})).await, "fault_2");
}

#[tokio::test]
async fn headers_go_on_the_real_answer_too() {
    let api = Emulator::new();
    api.arm(&json!({ "headers": {
        "X-RateLimit-Remaining": "0", "Content-Type": "text/html",
    } }))
    .await;
    let reply = api.get(JANE).send().await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert_eq!(reply.json()["id"], "user_abc123");
}

#[tokio::test]
async fn a_faulty_answer_carries_a_request_id_and_cors_even_without_a_key() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 429, "headers": { "Retry-After": "2" } }))
        .await;
    let reply = api
        .get(JANE)
        .anonymous()
        .header("origin", "http://127.0.0.1:9000")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.header("retry-after"), Some("2"));
    assert!(reply.header("x-request-id").unwrap().starts_with("req_"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset")
    );
}

#[tokio::test]
async fn preflights_are_never_faulted_or_journaled() {
    let api = Emulator::new();
    api.arm(&json!({ "status": 500 })).await;
    let reply = api
        .call(Method::OPTIONS, JANE)
        .header("origin", "http://127.0.0.1:9000")
        .header("access-control-request-method", "DELETE")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.header("access-control-allow-methods").is_some());
    assert_eq!(api.faults().await[0]["remaining"], 1);
    assert!(api.journal("").await.is_empty());
}

#[tokio::test]
async fn connection_faults_without_a_server_say_what_they_need() {
    let api = Emulator::new();
    api.arm(&json!({ "method": "POST", "drop": "after" })).await;
    api.arm(&json!({ "path": JANE, "cutAfterBytes": 3 })).await;

    let cut = api.get(JANE).send().await;
    cut.assert_error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error");
    let dropped = api
        .post(ABC_USERS)
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await;
    dropped.assert_error(StatusCode::INTERNAL_SERVER_ERROR, "internal_error");
    assert!(dropped.text().contains("legionedge_emulator::Server"));
    // It ran the handler all the same.
    assert_eq!(api.abc_total().await, 43);
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_refused() {
    let api = Emulator::new();
    for body in ["", "{", "[1]", "\"503\""] {
        let reply = api
            .call(Method::POST, "/__emulator/faults")
            .raw_body(body)
            .send()
            .await;
        reply.assert_invalid(&["body"]);
    }
}

#[tokio::test]
async fn a_bad_setting_is_refused_by_name() {
    let api = Emulator::new();
    let cases = [
        (json!({ "method": "OPTIONS" }), "method"),
        (json!({ "method": 7 }), "method"),
        (json!({ "path": "/users/user_abc123" }), "path"),
        (json!({ "path": "/v2/users?x=1" }), "path"),
        (json!({ "pathPrefix": "/v1/" }), "pathPrefix"),
        (json!({ "times": 0 }), "times"),
        (json!({ "times": "2" }), "times"),
        (json!({ "status": 103 }), "status"),
        (json!({ "status": 600 }), "status"),
        (
            json!({ "status": 200, "bodySize": 64 * 1024 * 1024 + 1 }),
            "bodySize",
        ),
        (json!({ "status": 200, "body": 5 }), "body"),
        (
            json!({ "status": 200, "contentType": "text/\nhtml" }),
            "contentType",
        ),
        (json!({ "headers": ["Retry-After", "2"] }), "headers"),
        (json!({ "headers": { "Content-Length": "5" } }), "headers"),
        (json!({ "delayMs": -1 }), "delayMs"),
        (json!({ "hang": 1 }), "hang"),
        (json!({ "cutAfterBytes": 1.5 }), "cutAfterBytes"),
        (json!({ "drop": true }), "drop"),
        (json!({ "delay": 100 }), "delay"),
    ];
    for (fault, field) in cases {
        refused(&api, fault, &[field]).await;
    }
    assert!(api.faults().await.is_empty());
}

#[tokio::test]
async fn settings_at_odds_are_refused_by_name() {
    let api = Emulator::new();
    refused(&api, json!({ "body": "oops" }), &["body"]).await;
    refused(
        &api,
        json!({ "hang": true, "status": 503, "headers": { "X-A": "b" } }),
        &["status", "headers"],
    )
    .await;
    refused(
        &api,
        json!({ "drop": "before", "cutAfterBytes": 0 }),
        &["cutAfterBytes"],
    )
    .await;
    refused(
        &api,
        json!({ "path": JANE, "pathPrefix": "/v2/" }),
        &["pathPrefix"],
    )
    .await;

    let reply = api
        .call(Method::POST, "/__emulator/faults")
        .json(&json!({ "status": 204, "body": "x" }))
        .send()
        .await;
    reply.assert_invalid(&["body"]);
    assert_eq!(
        reply.json()["error"]["message"],
        "Invalid request: body must be absent: a 204 No Content has no body"
    );
}
