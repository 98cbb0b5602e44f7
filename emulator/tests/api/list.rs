//! `GET /v2/organizations/{orgId}/users`: pagination, sorting, filters.

use std::cmp::Ordering;
use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{Emulator, ABC_USERS};

fn ids(users: &[Value]) -> Vec<&str> {
    users
        .iter()
        .map(|user| user["id"].as_str().unwrap())
        .collect()
}

fn text<'a>(user: &'a Value, field: &str) -> &'a str {
    user[field].as_str().unwrap()
}

#[tokio::test]
async fn forty_two_users_make_three_pages_of_twenty() {
    let api = Emulator::new();
    let mut seen = HashSet::new();

    for (page, items, has_more) in [(1, 20, true), (2, 20, true), (3, 2, false)] {
        let reply = api.get(&format!("{ABC_USERS}?page={page}")).send().await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        assert_eq!(body["data"].as_array().unwrap().len(), items);
        assert_eq!(
            body["pagination"],
            json!({ "total": 42, "page": page, "perPage": 20, "totalPages": 3, "hasMore": has_more })
        );
        seen.extend(
            ids(body["data"].as_array().unwrap())
                .into_iter()
                .map(str::to_owned),
        );
    }
    assert_eq!(seen.len(), 42, "the three pages hold every user once");
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_the_true_pagination() {
    let reply = Emulator::new()
        .get(&format!("{ABC_USERS}?page=4"))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!({
            "data": [],
            "pagination": { "total": 42, "page": 4, "perPage": 20, "totalPages": 3, "hasMore": false }
        })
    );
}

#[tokio::test]
async fn per_page_100_fits_everyone_on_one_page() {
    let body = Emulator::new()
        .get(&format!("{ABC_USERS}?per_page=100"))
        .send()
        .await
        .json();
    assert_eq!(body["data"].as_array().unwrap().len(), 42);
    assert_eq!(
        body["pagination"],
        json!({ "total": 42, "page": 1, "perPage": 100, "totalPages": 1, "hasMore": false })
    );
}

#[tokio::test]
async fn a_filter_matching_nothing_has_zero_pages() {
    let body = Emulator::new()
        .get(&format!("{ABC_USERS}?search=no-such-person-anywhere"))
        .send()
        .await
        .json();
    assert_eq!(
        body,
        json!({
            "data": [],
            "pagination": { "total": 0, "page": 1, "perPage": 20, "totalPages": 0, "hasMore": false }
        })
    );
}

#[tokio::test]
async fn pages_of_a_sorted_list_join_up_to_the_whole_list() {
    let api = Emulator::new();
    let whole = api.abc_users("sort=name&order=asc").await;
    let mut joined = Vec::new();
    for page in 1..=5 {
        let body = api
            .get(&format!(
                "{ABC_USERS}?sort=name&order=asc&per_page=9&page={page}"
            ))
            .send()
            .await
            .json();
        joined.extend(body["data"].as_array().unwrap().clone());
    }
    assert_eq!(joined, whole);
}

/// Asserts that `users` is ordered by `key` then id, in the given order.
fn assert_ordered(users: &[Value], ascending: bool, key: impl Fn(&Value) -> String) {
    assert!(users.len() > 1);
    for pair in users.windows(2) {
        let by_key = key(&pair[0])
            .cmp(&key(&pair[1]))
            .then_with(|| text(&pair[0], "id").cmp(text(&pair[1], "id")));
        let expected = if ascending {
            Ordering::Less
        } else {
            Ordering::Greater
        };
        assert_eq!(
            by_key,
            expected,
            "{} then {}",
            text(&pair[0], "id"),
            text(&pair[1], "id")
        );
    }
}

#[tokio::test]
async fn the_default_order_is_newest_first() {
    let api = Emulator::new();
    let users = api.abc_users("").await;
    assert_ordered(&users, false, |user| text(user, "createdAt").to_owned());
    assert_eq!(users, api.abc_users("sort=created_at&order=desc").await);
}

#[tokio::test]
async fn sorts_by_created_at_both_ways() {
    let api = Emulator::new();
    let ascending = api.abc_users("sort=created_at&order=asc").await;
    assert_ordered(&ascending, true, |user| text(user, "createdAt").to_owned());
    let descending = api.abc_users("sort=created_at&order=desc").await;
    assert_ordered(&descending, false, |user| {
        text(user, "createdAt").to_owned()
    });
}

#[tokio::test]
async fn sorts_by_name_both_ways_ignoring_case() {
    let api = Emulator::new();
    let key = |user: &Value| text(user, "name").to_lowercase();
    let ascending = api.abc_users("sort=name&order=asc").await;
    assert_ordered(&ascending, true, key);
    let descending = api.abc_users("sort=name&order=desc").await;
    assert_ordered(&descending, false, key);
    assert_eq!(text(&ascending[0], "name"), "Alice Andersen");
}

#[tokio::test]
async fn sorts_by_email_both_ways_ignoring_case() {
    let api = Emulator::new();
    let key = |user: &Value| text(user, "email").to_lowercase();
    let ascending = api.abc_users("sort=email&order=asc").await;
    assert_ordered(&ascending, true, key);
    let descending = api.abc_users("sort=email&order=desc").await;
    assert_ordered(&descending, false, key);
}

#[tokio::test]
async fn sorts_by_last_login_with_never_logged_in_last_both_ways() {
    let api = Emulator::new();
    for (order, ascending) in [("asc", true), ("desc", false)] {
        let users = api
            .abc_users(&format!("sort=last_login_at&order={order}"))
            .await;
        let logged_in = users
            .iter()
            .take_while(|user| !user["lastLoginAt"].is_null())
            .count();
        // The seed's 7 pending users have never logged in.
        assert_eq!(logged_in, 35, "order={order}");
        assert!(
            users[logged_in..]
                .iter()
                .all(|user| user["lastLoginAt"].is_null()),
            "nulls come last, order={order}"
        );
        assert_ordered(&users[..logged_in], ascending, |user| {
            text(user, "lastLoginAt").to_owned()
        });
        assert_ordered(&users[logged_in..], ascending, |_| String::new());
    }
}

#[tokio::test]
async fn equal_sort_keys_fall_back_to_id() {
    let api = Emulator::new();
    // Two invitees named alike tie on name; the id decides, both ways.
    for email in ["tie.one@example.com", "tie.two@example.com"] {
        let reply = api
            .post(ABC_USERS)
            .json(&json!({ "email": email, "name": "Same Name" }))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let tied = |users: Vec<Value>| -> Vec<String> {
        users
            .iter()
            .filter(|user| user["name"] == "Same Name")
            .map(|user| text(user, "id").to_owned())
            .collect()
    };
    let ascending = tied(api.abc_users("sort=name&order=asc&search=same").await);
    let descending = tied(api.abc_users("sort=name&order=desc&search=same").await);
    assert_eq!(ascending.len(), 2);
    assert!(ascending[0] < ascending[1]);
    assert_eq!(
        descending,
        ascending.iter().rev().cloned().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn status_filters_exactly() {
    let api = Emulator::new();
    let mut total = 0;
    for (status, count) in [("active", 28), ("suspended", 7), ("pending", 7)] {
        let users = api.abc_users(&format!("status={status}")).await;
        assert_eq!(users.len(), count, "status={status}");
        assert!(users.iter().all(|user| user["status"] == status));
        total += users.len();
    }
    assert_eq!(total, 42);
}

#[tokio::test]
async fn search_matches_names_ignoring_case() {
    let api = Emulator::new();
    let everyone = api.abc_users("").await;
    let someone = everyone
        .iter()
        .find(|user| user["id"] != "user_abc123")
        .unwrap();
    let last_name = text(someone, "name").split(' ').nth(1).unwrap();

    let needle = last_name.to_uppercase();
    let found = api.abc_users(&format!("search={needle}")).await;
    let expected: Vec<&Value> = everyone
        .iter()
        .filter(|user| {
            let needle = last_name.to_lowercase();
            text(user, "name").to_lowercase().contains(&needle)
                || text(user, "email").to_lowercase().contains(&needle)
        })
        .collect();
    assert!(!found.is_empty());
    assert_eq!(found.iter().collect::<Vec<_>>(), expected);
    assert!(found.iter().any(|user| user["id"] == someone["id"]));
}

#[tokio::test]
async fn search_matches_emails_ignoring_case() {
    let api = Emulator::new();
    let everyone = api.abc_users("").await;
    let found = api.abc_users("search=EXAMPLE.ORG").await;
    let expected: Vec<&Value> = everyone
        .iter()
        .filter(|user| text(user, "email").ends_with("@example.org"))
        .collect();
    assert!(!found.is_empty());
    assert_eq!(found.iter().collect::<Vec<_>>(), expected);
    assert!(found
        .iter()
        .all(|user| !text(user, "name").to_lowercase().contains("example")));
}

#[tokio::test]
async fn search_for_jane_finds_only_jane_as_the_reference_shows_her() {
    let reply = Emulator::new()
        .get(&format!(
            "{ABC_USERS}?status=active&search=jane&per_page=50"
        ))
        .send()
        .await;
    let body = reply.json();
    assert_eq!(
        body["pagination"],
        json!({ "total": 1, "page": 1, "perPage": 50, "totalPages": 1, "hasMore": false })
    );
    let jane = &body["data"][0];
    for (field, value) in [
        ("id", json!("user_abc123")),
        ("email", json!("jane@example.com")),
        ("name", json!("Jane Developer")),
        (
            "avatarUrl",
            json!("https://cdn.legionedge.com/avatars/user_abc123.png"),
        ),
        ("status", json!("active")),
        ("emailVerified", json!(true)),
        ("role", json!("owner")),
        ("createdAt", json!("2025-06-15T10:30:00Z")),
        ("updatedAt", json!("2026-03-01T14:20:00Z")),
        ("lastLoginAt", json!("2026-03-12T09:00:00Z")),
    ] {
        assert_eq!(jane[field], value, "{field}");
    }
    assert!(jane["teams"].is_array());
    assert!(jane["metadata"].is_object());
}

#[tokio::test]
async fn search_treats_a_raw_plus_as_a_space_and_percent_2b_as_a_plus() {
    let api = Emulator::new();
    let spaced = api.abc_users("search=Jane+Developer").await;
    assert_eq!(ids(&spaced), ["user_abc123"]);
    let plus = api.abc_users("search=Jane%2BDeveloper").await;
    assert!(plus.is_empty());
    let encoded_at = api.abc_users("search=jane%40example.com").await;
    assert_eq!(ids(&encoded_at), ["user_abc123"]);
}

#[tokio::test]
async fn an_empty_search_matches_everyone() {
    assert_eq!(Emulator::new().abc_users("search=").await.len(), 42);
}

#[tokio::test]
async fn per_page_outside_1_to_100_is_a_validation_error() {
    let api = Emulator::new();
    for bad in ["0", "101", "-1", "abc", "2.5", ""] {
        let reply = api.get(&format!("{ABC_USERS}?per_page={bad}")).send().await;
        reply.assert_invalid(&["per_page"]);
        assert_eq!(
            reply.details(),
            [(
                "per_page".to_owned(),
                "must be between 1 and 100".to_owned()
            )]
        );
    }
}

#[tokio::test]
async fn page_below_1_or_not_an_integer_is_a_validation_error() {
    let api = Emulator::new();
    for bad in ["0", "-3", "two", "1e3"] {
        api.get(&format!("{ABC_USERS}?page={bad}"))
            .send()
            .await
            .assert_invalid(&["page"]);
    }
}

#[tokio::test]
async fn unknown_status_sort_or_order_is_a_validation_error() {
    let api = Emulator::new();
    for (query, field) in [
        ("status=deleted", "status"),
        ("status=Active", "status"),
        ("sort=age", "sort"),
        ("sort=createdAt", "sort"),
        ("order=sideways", "order"),
        ("order=DESC", "order"),
    ] {
        api.get(&format!("{ABC_USERS}?{query}"))
            .send()
            .await
            .assert_invalid(&[field]);
    }
}

#[tokio::test]
async fn every_bad_parameter_gets_its_own_detail() {
    let reply = Emulator::new()
        .get(&format!(
            "{ABC_USERS}?page=0&per_page=500&status=x&sort=y&order=z"
        ))
        .send()
        .await;
    reply.assert_invalid(&["page", "per_page", "status", "sort", "order"]);
}

#[tokio::test]
async fn unknown_query_parameters_are_ignored() {
    let reply = Emulator::new()
        .get(&format!("{ABC_USERS}?perPage=abc&foo=bar&page=2"))
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["pagination"]["perPage"], 20);
    assert_eq!(reply.json()["pagination"]["page"], 2);
}
