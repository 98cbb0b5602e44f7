//! Authentication, permission and not-found answers, and the error body.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{user_path, Emulator, ABC_USERS, XYZ_KEY, XYZ_USERS};

/// One request for each of the six calls, all on real resources.
fn every_call() -> Vec<(Method, String)> {
    vec![
        (Method::GET, ABC_USERS.to_owned()),
        (Method::POST, ABC_USERS.to_owned()),
        (Method::GET, "/v2/users/user_abc123".to_owned()),
        (Method::PATCH, "/v2/users/user_abc123".to_owned()),
        (Method::POST, "/v2/users/user_abc123/suspend".to_owned()),
        (Method::DELETE, "/v2/users/user_abc123".to_owned()),
    ]
}

#[tokio::test]
async fn every_call_without_a_key_is_unauthenticated() {
    let api = Emulator::new();
    for (method, path) in every_call() {
        let reply = api
            .call(method.clone(), &path)
            .json(&json!({ "email": "bob@example.com" }))
            .send()
            .await;
        reply.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    // Nothing was changed by the rejected calls.
    assert_eq!(api.abc_total().await, 42);
}

#[tokio::test]
async fn an_unknown_or_malformed_key_is_unauthenticated() {
    let api = Emulator::new();
    for authorization in [
        "Bearer sk_test_nope",
        "Bearer sk_test_abc1234",
        "Bearer  sk_test_abc123",
        "Bearer ",
        "Bearer",
        "Basic c2tfdGVzdF9hYmMxMjM6",
        "sk_test_abc123",
    ] {
        let reply = api
            .get(ABC_USERS)
            .header("authorization", authorization)
            .send()
            .await;
        reply.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
        assert!(
            !reply.text().contains("sk_test"),
            "the key is never echoed: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let reply = Emulator::new()
        .get(ABC_USERS)
        .header("authorization", "bearer sk_test_abc123")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn the_key_is_checked_before_the_route() {
    let api = Emulator::new();
    api.call(Method::GET, "/v2/no/such/route")
        .send()
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    api.call(Method::GET, "/v2/organizations/org_nope/users")
        .send()
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn another_organizations_users_are_forbidden() {
    let api = Emulator::new();
    let reply = api.get(XYZ_USERS).send().await;
    reply.assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert!(reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("org_xyz789"));

    api.post(XYZ_USERS)
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    api.get(ABC_USERS)
        .key(XYZ_KEY)
        .send()
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn an_unknown_organization_is_not_found() {
    let api = Emulator::new();
    let reply = api.get("/v2/organizations/org_nope/users").send().await;
    reply.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        reply.json()["error"]["message"],
        "No organization with id org_nope"
    );
    api.post("/v2/organizations/org_nope/users")
        .json(&json!({ "email": "bob@example.com" }))
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn an_unknown_user_is_not_found_by_every_call() {
    let api = Emulator::new();
    let path = "/v2/users/user_x";
    for reply in [
        api.get(path).send().await,
        api.patch(path).json(&json!({ "name": "X" })).send().await,
        api.post(&format!("{path}/suspend")).send().await,
        api.delete(path).send().await,
    ] {
        reply.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(reply.json()["error"]["message"], "No user with id user_x");
    }
}

#[tokio::test]
async fn another_organizations_user_is_not_found_and_untouched() {
    let api = Emulator::new();
    let odd = user_path(legionedge_emulator::ODD_USER_ID);
    for reply in [
        api.get(&odd).send().await,
        api.patch(&odd).json(&json!({ "name": "X" })).send().await,
        api.post(&format!("{odd}/suspend")).send().await,
        api.delete(&odd).send().await,
    ] {
        reply.assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    api.get("/v2/users/user_abc123")
        .key(XYZ_KEY)
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");

    let untouched = api.get(&odd).key(XYZ_KEY).send().await.json();
    assert_eq!(untouched["name"], "Oona Oddie");
    assert_eq!(untouched["status"], "active");
}

#[tokio::test]
async fn unknown_routes_and_methods_under_v2_get_the_api_404() {
    let api = Emulator::new();
    for reply in [
        api.get("/v2/projects").send().await,
        api.get("/v2").send().await,
        api.get("/v2/users").send().await,
        api.get("/v2/users/user_abc123/suspend").send().await,
        api.call(Method::PUT, "/v2/users/user_abc123")
            .key(crate::support::ABC_KEY)
            .send()
            .await,
    ] {
        reply.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn error_bodies_have_exactly_the_contract_fields() {
    let api = Emulator::new();
    let not_found = api.get("/v2/users/user_x").send().await.json();
    let mut fields: Vec<&String> = not_found["error"].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, ["code", "message", "requestId"]);
    assert_eq!(not_found.as_object().unwrap().len(), 1);

    let invalid = api
        .get(&format!("{ABC_USERS}?per_page=0"))
        .send()
        .await
        .json();
    let mut fields: Vec<&String> = invalid["error"].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, ["code", "details", "message", "requestId"]);
    assert_eq!(
        invalid["error"]["details"],
        json!([{ "field": "per_page", "message": "must be between 1 and 100" }])
    );
}

#[tokio::test]
async fn error_bodies_list_fields_in_the_contract_order() {
    let api = Emulator::new();
    let reply = api.get("/v2/users/user_x").send().await;
    let id = reply.header("x-request-id").unwrap();
    assert_eq!(
        reply.text(),
        format!(
            r#"{{"error":{{"code":"not_found","message":"No user with id user_x","requestId":"{id}"}}}}"#
        )
    );

    let reply = api.get(&format!("{ABC_USERS}?per_page=0")).send().await;
    let id = reply.header("x-request-id").unwrap();
    assert_eq!(
        reply.text(),
        format!(
            concat!(
                r#"{{"error":{{"code":"validation_error","#,
                r#""message":"Invalid request: per_page must be between 1 and 100","#,
                r#""requestId":"{id}","#,
                r#""details":[{{"field":"per_page","message":"must be between 1 and 100"}}]}}}}"#
            ),
            id = id
        )
    );
}
