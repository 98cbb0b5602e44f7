//! The seeded data, seen through the API.

use std::collections::HashSet;

use serde_json::Value;

use crate::support::{Emulator, XYZ_KEY, XYZ_USERS};

fn field<'a>(user: &'a Value, name: &str) -> &'a str {
    user[name].as_str().unwrap()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_users() {
    for seed in [1, 7] {
        let first = Emulator::with_seed(seed).abc_users("").await;
        let second = Emulator::with_seed(seed).abc_users("").await;
        assert_eq!(first, second, "seed {seed}");
    }
}

#[tokio::test]
async fn another_seed_gives_other_users_but_the_same_jane() {
    let one = Emulator::with_seed(1).abc_users("").await;
    let two = Emulator::with_seed(2).abc_users("").await;
    assert_ne!(one, two);

    let jane = |users: &[Value]| users.iter().find(|u| u["id"] == "user_abc123").cloned();
    assert!(jane(&one).is_some());
    assert_eq!(jane(&one), jane(&two));
}

#[tokio::test]
async fn jane_and_the_odd_id_user_exist_for_any_seed() {
    for seed in [0, 1, 2, 99, 12_345, u64::MAX] {
        let api = Emulator::with_seed(seed);
        let janes = api.abc_users("search=jane").await;
        assert_eq!(janes.len(), 1, "seed {seed}");
        assert_eq!(janes[0]["id"], "user_abc123");
        assert_eq!(janes[0]["name"], "Jane Developer");

        let odd = api
            .get("/v2/users/user_odd%2F%3F%23%26%2B%3D%20%C3%A9%25")
            .key(XYZ_KEY)
            .send()
            .await;
        assert_eq!(odd.json()["id"], "user_odd/?#&+= é%", "seed {seed}");
    }
}

#[tokio::test]
async fn the_seed_has_the_promised_shape_for_any_seed() {
    for seed in [0, 1, 3, 1_000_003] {
        let api = Emulator::with_seed(seed);
        let users = api.abc_users("").await;
        assert_eq!(users.len(), 42);

        let count = |status: &str| users.iter().filter(|u| u["status"] == status).count();
        assert_eq!(
            (count("active"), count("suspended"), count("pending")),
            (28, 7, 7)
        );

        let emails: HashSet<String> = users
            .iter()
            .map(|u| field(u, "email").to_lowercase())
            .collect();
        let ids: HashSet<&str> = users.iter().map(|u| field(u, "id")).collect();
        let created: HashSet<&str> = users.iter().map(|u| field(u, "createdAt")).collect();
        assert_eq!((emails.len(), ids.len(), created.len()), (42, 42, 42));
        assert!(!emails.contains("bob@example.com"));

        for user in &users {
            if user["status"] == "pending" {
                assert!(user["lastLoginAt"].is_null());
                assert_eq!(user["emailVerified"], false);
            }
            if user["id"] != "user_abc123" {
                let id = field(user, "id").strip_prefix("user_").unwrap();
                assert_eq!(id.len(), 12);
                assert!(id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
            assert!(user["metadata"].is_object());
            assert!(user["teams"].is_array());
        }
        let roles: HashSet<&str> = users.iter().map(|u| field(u, "role")).collect();
        assert_eq!(roles, HashSet::from(["owner", "admin", "member"]));
        assert!(users
            .iter()
            .any(|u| u["status"] == "active" && u["avatarUrl"].is_null()));

        let xyz = api.get(XYZ_USERS).key(XYZ_KEY).send().await.json();
        assert_eq!(xyz["pagination"]["total"], 5);
    }
}
