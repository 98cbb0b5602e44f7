//! Request shaping for every call: method, path, query, body and headers,
//! built natively with no network.
#![cfg(not(target_arch = "wasm32"))]

use legionedge::UserStatus;
use legionedge::{users, InviteUser, ListUsers, Method, Role, SortField, SortOrder, UpdateUser};
use serde_json::{json, Value};

const BASE: &str = "https://api.legionedge.com";

fn body(request: &legionedge::ApiRequest) -> Value {
    serde_json::from_str(request.body().expect("a body")).expect("JSON body")
}

#[test]
fn list_sends_only_given_parameters() {
    let request = users::list(&ListUsers::new("org_abc123")).unwrap();
    assert_eq!(request.method(), Method::Get);
    assert_eq!(request.path(), "/v2/organizations/org_abc123/users");
    assert_eq!(
        request.url(BASE),
        "https://api.legionedge.com/v2/organizations/org_abc123/users"
    );
    assert_eq!(request.body(), None);
}

#[test]
fn list_uses_the_references_snake_case_query_names() {
    let query = ListUsers::new("org_abc123")
        .page(2)
        .per_page(50)
        .status(UserStatus::Active)
        .search("jane")
        .sort(SortField::LastLoginAt, SortOrder::Asc);
    let request = users::list(&query).unwrap();
    assert_eq!(
        request.url(BASE),
        "https://api.legionedge.com/v2/organizations/org_abc123/users\
         ?page=2&per_page=50&status=active&search=jane&sort=last_login_at&order=asc"
    );
}

#[test]
fn list_encodes_plus_ampersand_equals_hash_space_and_unicode_in_search() {
    let request = users::list(&ListUsers::new("org_abc123").search("a+b&c=d#e f/é")).unwrap();
    assert!(
        request
            .url(BASE)
            .ends_with("?search=a%2Bb%26c%3Dd%23e%20f%2F%C3%A9"),
        "{}",
        request.url(BASE)
    );
    // The description keeps the raw value; only the URL is encoded.
    assert_eq!(request.query(), [("search", "a+b&c=d#e f/é".to_owned())]);
}

#[test]
fn list_encodes_the_organization_id_as_one_segment() {
    let request = users::list(&ListUsers::new("org/../x?y")).unwrap();
    assert_eq!(request.path(), "/v2/organizations/org%2F..%2Fx%3Fy/users");
}

#[test]
fn get_encodes_the_user_id_exactly_once() {
    let request = users::get("user_odd/?#&+= é%").unwrap();
    assert_eq!(request.method(), Method::Get);
    assert_eq!(
        request.path(),
        "/v2/users/user_odd%2F%3F%23%26%2B%3D%20%C3%A9%25"
    );

    // An id that looks encoded already is still just text to encode.
    let request = users::get("user_%2F").unwrap();
    assert_eq!(request.path(), "/v2/users/user_%252F");
}

#[test]
fn invite_posts_only_the_given_fields() {
    let request = users::invite(&InviteUser::new("org_abc123", "bob@example.com")).unwrap();
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.path(), "/v2/organizations/org_abc123/users");
    assert_eq!(body(&request), json!({ "email": "bob@example.com" }));
}

#[test]
fn invite_posts_the_references_body() {
    let invite = InviteUser::new("org_abc123", "bob@example.com")
        .name("Bob Engineer")
        .role(Role::Member)
        .teams(["team_frontend"]);
    let request = users::invite(&invite).unwrap();
    assert_eq!(
        body(&request),
        json!({ "email": "bob@example.com", "name": "Bob Engineer", "role": "member", "teams": ["team_frontend"] })
    );
}

#[test]
fn update_patches_only_the_given_fields_and_keeps_null_deletes() {
    let changes = UpdateUser::new()
        .name("Jane Senior Developer")
        .metadata_entry("department", json!("Engineering"))
        .metadata_entry("nickname", Value::Null);
    let request = users::update("user_abc123", &changes).unwrap();
    assert_eq!(request.method(), Method::Patch);
    assert_eq!(request.path(), "/v2/users/user_abc123");
    assert_eq!(
        body(&request),
        json!({ "name": "Jane Senior Developer", "metadata": { "department": "Engineering", "nickname": null } })
    );
}

#[test]
fn update_with_no_changes_sends_an_empty_object() {
    let request = users::update("user_abc123", &UpdateUser::new()).unwrap();
    assert_eq!(body(&request), json!({}));
}

#[test]
fn suspend_posts_with_no_body() {
    let request = users::suspend("user_abc123").unwrap();
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.path(), "/v2/users/user_abc123/suspend");
    assert_eq!(request.body(), None);
}

#[test]
fn delete_sends_delete_with_no_body() {
    let request = users::delete("user abc").unwrap();
    assert_eq!(request.method(), Method::Delete);
    assert_eq!(request.path(), "/v2/users/user%20abc");
    assert_eq!(request.body(), None);
}

#[test]
fn headers_carry_the_bearer_key_and_json_content_type_only_with_a_body() {
    let get = users::get("user_abc123").unwrap();
    assert_eq!(
        get.headers("sk_test_abc123"),
        vec![
            ("Accept", "application/json".to_owned()),
            ("Authorization", "Bearer sk_test_abc123".to_owned()),
        ]
    );
    let invite = users::invite(&InviteUser::new("org_abc123", "bob@example.com")).unwrap();
    assert!(invite
        .headers("sk_test_abc123")
        .contains(&("Content-Type", "application/json".to_owned())));
}

#[test]
fn url_respects_a_base_url_with_a_path_prefix() {
    let request = users::get("user_abc123").unwrap();
    assert_eq!(
        request.url("http://127.0.0.1:8787/proxy/"),
        "http://127.0.0.1:8787/proxy/v2/users/user_abc123"
    );
}

#[test]
fn next_page_walks_forward_and_stops_at_the_last_or_an_empty_page() {
    use legionedge::Pagination;
    let query = ListUsers::new("org_abc123").per_page(20).search("a");
    let at = |page, total_pages, has_more| Pagination {
        total: 42,
        page,
        per_page: 20,
        total_pages,
        has_more,
    };
    let second = users::next_page(&query, &at(1, 3, true)).unwrap();
    assert_eq!(second.page, Some(2));
    assert_eq!(
        second.search.as_deref(),
        Some("a"),
        "the rest of the query is kept"
    );
    let third = users::next_page(&second, &at(2, 3, true)).unwrap();
    assert_eq!(third.page, Some(3));
    assert_eq!(users::next_page(&third, &at(3, 3, false)), None);
    assert_eq!(users::next_page(&query, &at(1, 0, false)), None);
    // A server that claims more but is past the end, or answers another
    // page than the one asked for, does not loop the walk forever.
    assert_eq!(
        users::next_page(&query.clone().page(9), &at(9, 3, true)),
        None
    );
    assert_eq!(
        users::next_page(&second, &at(1, 3, true)),
        None,
        "stuck on page 1"
    );
    assert_eq!(users::next_page(&query, &at(0, 3, true)), None);
}
