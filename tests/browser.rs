//! The SDK in a real browser against the emulator: the Rust API here, the
//! JavaScript surface through `tests/js/surface.js`.
//!
//! The test command starts the emulator and passes its URL at build time in
//! `LEGIONEDGE_TEST_URL`; run `wasm-pack test --headless --chrome` by hand
//! with an emulator on port 8787 otherwise.
#![cfg(target_arch = "wasm32")]

use legionedge::{
    Client, ClientOptions, ErrorKind, InviteUser, JsClient, ListUsers, Role, SortField, SortOrder,
    UpdateUser, UserStatus,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::BASE;
const KEY: &str = "sk_test_abc123";
const ORG: &str = "org_abc123";

fn client() -> Client {
    Client::new(ClientOptions::new(KEY).base_url(BASE)).expect("a valid client")
}

#[wasm_bindgen(inline_js = "
export async function reset(base) {
  const response = await fetch(`${base}/__emulator/reset`, { method: 'POST' });
  return response.status;
}
")]
extern "C" {
    #[wasm_bindgen(js_name = reset)]
    async fn reset_emulator(base: &str) -> JsValue;
}

async fn reset() {
    assert_eq!(
        reset_emulator(BASE).await.as_f64(),
        Some(204.0),
        "the emulator is running"
    );
}

js_tests!(
    "/tests/js/surface.js",
    js_surface,
    super::client,
    [
        readme_example,
        list_returns_plain_objects_with_true_pagination,
        list_search_sort_and_encoding,
        get_and_odd_ids,
        unauthenticated_is_401_and_never_shows_the_key,
        invite_conflict_and_idempotent_defaults,
        server_validation_errors_carry_details,
        bad_input_rejects_before_sending,
        constructor_rejects_bad_options,
        update_merges_metadata_and_suspend_delete,
        fifty_concurrent_mixed_calls_all_settle,
        network_failure_is_kind_network,
        errors_share_one_class,
        list_all_walks_every_user_and_resumes,
        hooks_see_each_attempt_and_nothing_secret,
        sent_headers_are_the_documented_ones,
        sent_bodies_are_the_json_of_what_was_passed,
        the_key_never_rides_in_a_cause,
    ]
);

#[wasm_bindgen_test]
async fn rust_list_filters_searches_and_sorts() {
    reset().await;
    let client = client();
    let users = client.users();
    let page = users
        .list(
            &ListUsers::new(ORG)
                .status(UserStatus::Active)
                .search("jane")
                .per_page(50),
        )
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].name, "Jane Developer");
    assert_eq!(page.data[0].role, Role::Owner);

    let by_email = users
        .list(
            &ListUsers::new(ORG)
                .sort(SortField::Email, SortOrder::Asc)
                .per_page(100),
        )
        .await
        .unwrap();
    let emails: Vec<_> = by_email.data.iter().map(|u| u.email.clone()).collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted);
    assert_eq!(by_email.pagination.total, 42);
}

#[wasm_bindgen_test]
async fn rust_invite_update_suspend_delete_round_trip() {
    reset().await;
    let client = client();
    let users = client.users();
    let invitation = users
        .invite(
            &InviteUser::new(ORG, "dana@example.com")
                .name("Dana")
                .teams(["team_a"]),
        )
        .await
        .unwrap();
    assert_eq!(invitation.teams, ["team_a"]);

    let conflict = users
        .invite(&InviteUser::new(ORG, "dana@example.com"))
        .await
        .unwrap_err();
    assert_eq!(conflict.kind(), ErrorKind::Api);
    assert_eq!(
        (conflict.status(), conflict.code()),
        (Some(409), Some("conflict"))
    );

    let updated = users
        .update(
            &invitation.user_id,
            &UpdateUser::new()
                .role(Role::Admin)
                .metadata_entry("desk", "4F".into()),
        )
        .await
        .unwrap();
    assert_eq!(updated.role, Role::Admin);
    assert_eq!(updated.metadata["desk"], "4F");

    let suspended = users.suspend(&invitation.user_id).await.unwrap();
    assert_eq!(suspended.status, UserStatus::Suspended);

    users.delete(&invitation.user_id).await.unwrap();
    let gone = users.get(&invitation.user_id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert!(gone.request_id().is_some_and(|id| id.starts_with("req_")));
}

#[wasm_bindgen_test]
async fn rust_bad_input_is_refused_without_sending() {
    // A fetch that fails loudly if anything reaches it.
    let tripwire = js_sys::Function::new_no_args("throw new Error('a request was sent')");
    let client = Client::new(ClientOptions::new(KEY).base_url(BASE).fetch(tripwire)).unwrap();
    let error = client
        .users()
        .list(&ListUsers::new(ORG).per_page(0))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.details()[0].field, "perPage");
    let error = client.users().get("").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
}

#[wasm_bindgen_test]
fn rust_client_refuses_a_bad_base_url_without_echoing_the_key() {
    let error =
        Client::new(ClientOptions::new("sk_live_hush").base_url("localhost:8787")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.details()[0].field, "baseUrl");
    assert!(!format!("{error:?}").contains("sk_live_hush"));
}

/// Polls a stream to its next item, with no stream-combinator crate.
async fn next<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

#[wasm_bindgen_test]
async fn rust_list_all_streams_every_user_and_every_page() {
    reset().await;
    let client = client();
    let query = ListUsers::new(ORG).per_page(10);
    let mut users = client.users().list_all(&query);
    let mut ids = Vec::new();
    while let Some(user) = next(&mut users).await {
        ids.push(user.unwrap().id);
    }
    assert_eq!(ids.len(), 42);

    let mut pages = client.users().list_all(&query.clone().page(4)).pages();
    let mut sizes = Vec::new();
    while let Some(page) = next(&mut pages).await {
        sizes.push(page.unwrap().data.len());
    }
    assert_eq!(sizes, [10, 2], "resumed at page 4");

    let mut bad = client.users().list_all(&ListUsers::new(ORG).per_page(0));
    let error = next(&mut bad).await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(
        next(&mut bad).await.is_none(),
        "the walk ends after an error"
    );
}

#[wasm_bindgen_test]
async fn rust_hooks_see_attempts_without_secrets() {
    use std::cell::RefCell;
    use std::rc::Rc;

    let seen: Rc<RefCell<Vec<legionedge::Exchange>>> = Rc::default();
    let (before, after) = (seen.clone(), seen.clone());
    let client = Client::new(
        ClientOptions::new(KEY)
            .base_url(BASE)
            .on_request(move |e| before.borrow_mut().push(e.clone()))
            .on_response(move |e| after.borrow_mut().push(e.clone())),
    )
    .unwrap();
    client.users().get("user_abc123").await.unwrap();
    let seen = seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].method, seen[0].attempt, seen[0].status),
        ("GET", 1, None)
    );
    assert_eq!(seen[1].status, Some(200));
    assert!(seen[1].duration_ms.is_some() && seen[1].request_id.is_some());
    assert!(!format!("{seen:?}").contains(KEY));
}

#[wasm_bindgen(module = "/tests/js/surface.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn shapes_agree_with_the_rust_models(
        client: JsClient,
        fixtures: JsValue,
        rust_verdicts: JsValue,
    ) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen_test]
async fn js_shape_checks_agree_with_the_rust_models_on_fixtures() {
    use legionedge::{users, ApiResponse, Invitation, Page, User};

    let fixtures: &[(&str, &str, &str)] = &[
        ("user", "get", include_str!("fixtures/user.json")),
        (
            "user_from_the_future",
            "get",
            include_str!("fixtures/user_from_the_future.json"),
        ),
        (
            "user_reference_example",
            "get",
            include_str!("fixtures/user_reference_example.json"),
        ),
        ("page", "list", include_str!("fixtures/page.json")),
        (
            "page_past_the_end",
            "list",
            include_str!("fixtures/page_past_the_end.json"),
        ),
        (
            "invitation",
            "invite",
            include_str!("fixtures/invitation.json"),
        ),
        (
            "user_without_email",
            "get",
            r#"{"id":"u","name":"n","status":"active","emailVerified":true,"createdAt":"t","updatedAt":"t"}"#,
        ),
        (
            "user_with_null_teams",
            "get",
            r#"{"id":"u","email":"e","name":"n","status":"active","emailVerified":true,"teams":null,"createdAt":"t","updatedAt":"t"}"#,
        ),
        (
            "user_verified_as_text",
            "get",
            r#"{"id":"u","email":"e","name":"n","status":"active","emailVerified":"yes","createdAt":"t","updatedAt":"t"}"#,
        ),
        (
            "page_with_negative_total",
            "list",
            r#"{"data":[],"pagination":{"total":-1,"page":1,"perPage":20,"totalPages":0,"hasMore":false}}"#,
        ),
        (
            "page_without_data",
            "list",
            r#"{"pagination":{"total":0,"page":1,"perPage":20,"totalPages":0,"hasMore":false}}"#,
        ),
        (
            "invitation_without_role",
            "invite",
            r#"{"id":"i","userId":"u","organizationId":"o","email":"e","name":"n","status":"pending","createdAt":"t","expiresAt":"t"}"#,
        ),
    ];
    let given = js_sys::Object::new();
    let expected = js_sys::Object::new();
    for (name, call, body) in fixtures {
        let response = ApiResponse {
            status: 200,
            content_type: Some("application/json".into()),
            body: (*body).to_owned(),
            ..ApiResponse::default()
        };
        let request = users::get("user_abc123").unwrap();
        let decoded = match *call {
            "get" => response.decode::<User>(&request).map(drop),
            "list" => response.decode::<Page<User>>(&request).map(drop),
            _ => response.decode::<Invitation>(&request).map(drop),
        };
        let verdict = match decoded {
            Ok(()) => "ok".to_owned(),
            Err(error) => error.kind().as_str().to_owned(),
        };
        let entry = js_sys::Object::new();
        js_sys::Reflect::set(&entry, &"call".into(), &(*call).into()).unwrap();
        js_sys::Reflect::set(&entry, &"body".into(), &(*body).into()).unwrap();
        js_sys::Reflect::set(&given, &(*name).into(), &entry).unwrap();
        js_sys::Reflect::set(&expected, &(*name).into(), &verdict.into()).unwrap();
    }
    let client = JsClient::from_client(client());
    if let Err(error) =
        shapes_agree_with_the_rust_models(client, given.into(), expected.into()).await
    {
        common::fail(error);
    }
}
