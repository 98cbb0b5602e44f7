//! `update`, `suspend` and `delete`, and path ids that need encoding.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{encode_segment, user_path, Emulator, ABC_USERS, XYZ_KEY, XYZ_USERS};

const JANE: &str = "/v2/users/user_abc123";

/// Jane as `get` returns her now.
async fn jane(api: &Emulator) -> Value {
    api.get(JANE).send().await.json()
}

/// `user` without `updatedAt`, to compare everything else.
fn without_updated_at(user: &Value) -> Value {
    let mut user = user.clone();
    user.as_object_mut().unwrap().remove("updatedAt");
    user
}

#[tokio::test]
async fn update_changes_only_the_given_fields() {
    let api = Emulator::new();
    let before = jane(&api).await;

    let reply = api
        .patch(JANE)
        .json(&json!({ "name": "Jane Senior Developer" }))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let after = reply.json();

    let mut expected = without_updated_at(&before);
    expected["name"] = json!("Jane Senior Developer");
    assert_eq!(without_updated_at(&after), expected);
    assert_ne!(after["updatedAt"], before["updatedAt"]);
    assert_eq!(jane(&api).await, after, "get sees the update");
}

#[tokio::test]
async fn update_changes_the_role() {
    let api = Emulator::new();
    let after = api
        .patch(JANE)
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .json();
    assert_eq!(after["role"], "admin");
}

#[tokio::test]
async fn update_merges_metadata_and_null_removes_a_key() {
    let api = Emulator::new();
    assert_eq!(
        jane(&api).await["metadata"],
        json!({ "department": "Engineering" })
    );

    // The reference's example: both keys set, one of them overwritten.
    let after = api
        .patch(JANE)
        .json(&json!({
            "name": "Jane Senior Developer",
            "metadata": { "department": "Platform", "title": "Senior Developer" },
        }))
        .send()
        .await
        .json();
    assert_eq!(
        after["metadata"],
        json!({ "department": "Platform", "title": "Senior Developer" })
    );

    let after = api
        .patch(JANE)
        .json(&json!({ "metadata": { "department": null, "level": 3, "absent": null } }))
        .send()
        .await
        .json();
    assert_eq!(
        after["metadata"],
        json!({ "title": "Senior Developer", "level": 3 })
    );
    assert_eq!(after["name"], "Jane Senior Developer");
}

#[tokio::test]
async fn an_empty_update_changes_nothing_but_updated_at() {
    let api = Emulator::new();
    let before = jane(&api).await;
    for body in ["", "{}"] {
        let reply = api.patch(JANE).raw_body(body).send().await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "body {body:?}: {}",
            reply.text()
        );
        let after = reply.json();
        assert_eq!(without_updated_at(&after), without_updated_at(&before));
        assert_ne!(after["updatedAt"], before["updatedAt"]);
    }
}

#[tokio::test]
async fn a_bad_update_is_a_validation_error_and_changes_nothing() {
    let api = Emulator::new();
    let before = jane(&api).await;
    for (body, fields) in [
        (json!({ "name": "" }), vec!["name"]),
        (json!({ "name": null }), vec!["name"]),
        (json!({ "role": 5 }), vec!["role"]),
        (json!({ "metadata": "x" }), vec!["metadata"]),
        (json!({ "metadata": null }), vec!["metadata"]),
        (json!(["name"]), vec!["body"]),
        (
            json!({ "name": " ", "role": [], "metadata": 1 }),
            vec!["name", "role", "metadata"],
        ),
    ] {
        api.patch(JANE)
            .json(&body)
            .send()
            .await
            .assert_invalid(&fields);
    }
    api.patch(JANE)
        .raw_body("{\"name\":")
        .send()
        .await
        .assert_invalid(&["body"]);
    assert_eq!(jane(&api).await, before);
}

#[tokio::test]
async fn suspending_twice_succeeds_both_times() {
    let api = Emulator::new();
    let suspended_before = api.abc_users("status=suspended").await.len();
    for _ in 0..2 {
        let reply = api.post(&format!("{JANE}/suspend")).send().await;
        assert_eq!(reply.status, StatusCode::OK);
        let user = reply.json();
        assert_eq!(user["id"], "user_abc123");
        assert_eq!(user["status"], "suspended");
    }
    assert_eq!(jane(&api).await["status"], "suspended");
    assert_eq!(
        api.abc_users("status=suspended").await.len(),
        suspended_before + 1
    );
}

#[tokio::test]
async fn suspend_ignores_a_body() {
    let reply = Emulator::new()
        .post(&format!("{JANE}/suspend"))
        .raw_body("not json at all")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn delete_answers_204_and_the_user_is_gone() {
    let api = Emulator::new();
    let reply = api.delete(JANE).send().await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());

    api.get(JANE)
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(api.abc_total().await, 41);
    assert!(api.abc_users("search=jane").await.is_empty());

    api.delete(JANE)
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_odd_id_is_reachable_through_its_percent_encoded_path() {
    let api = Emulator::new();
    let odd = legionedge_emulator::ODD_USER_ID;
    assert_eq!(odd, "user_odd/?#&+= é%");
    let path = user_path(odd);
    assert_eq!(
        path, "/v2/users/user_odd%2F%3F%23%26%2B%3D%20%C3%A9%25",
        "every unsafe byte encoded once"
    );

    let listed = api.get(XYZ_USERS).key(XYZ_KEY).send().await.json();
    assert_eq!(listed["pagination"]["total"], 5);
    assert!(listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|user| user["id"] == odd));

    let got = api.get(&path).key(XYZ_KEY).send().await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text());
    assert_eq!(got.json()["id"], odd);

    let updated = api
        .patch(&path)
        .key(XYZ_KEY)
        .json(&json!({ "name": "Oona O." }))
        .send()
        .await;
    assert_eq!(updated.json()["name"], "Oona O.");

    let suspended = api
        .post(&format!("{path}/suspend"))
        .key(XYZ_KEY)
        .send()
        .await;
    assert_eq!(suspended.status, StatusCode::OK);
    assert_eq!(suspended.json()["status"], "suspended");

    let deleted = api.delete(&path).key(XYZ_KEY).send().await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    api.get(&path)
        .key(XYZ_KEY)
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn an_id_is_decoded_exactly_once() {
    let api = Emulator::new();
    // Encoding the encoded id names a different, missing, user.
    let twice = format!(
        "/v2/users/{}",
        encode_segment(&encode_segment("user_abc123/"))
    );
    api.get(&twice)
        .send()
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    // Unreserved characters may be encoded or not.
    let reply = api.get("/v2/users/user%5Fabc123").send().await;
    assert_eq!(reply.json()["id"], "user_abc123");
}

#[tokio::test]
async fn invited_users_can_be_updated_suspended_and_deleted() {
    let api = Emulator::new();
    let invitation = api
        .post(ABC_USERS)
        .json(&json!({ "email": "dev+ops@example.com" }))
        .send()
        .await
        .json();
    let path = user_path(invitation["userId"].as_str().unwrap());

    assert_eq!(
        api.patch(&path)
            .json(&json!({ "metadata": { "team": "ops" } }))
            .send()
            .await
            .json()["metadata"],
        json!({ "team": "ops" })
    );
    assert_eq!(
        api.post(&format!("{path}/suspend")).send().await.json()["status"],
        "suspended"
    );
    assert_eq!(
        api.delete(&path).send().await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.abc_total().await, 42);
}
