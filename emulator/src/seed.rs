//! The organizations and users the emulator starts with.
//!
//! Everything here is a pure function of the seed: the same `--seed` gives
//! the same users, byte for byte, so tests can rely on the data and a demo
//! looks the same every time. Two users are fixed whatever the seed: the
//! reference's Jane, and a user of the second organization whose id is full
//! of characters that must be percent-encoded in a path.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::random::SplitMix64;
use crate::time::Timestamp;
use crate::user::{Status, User};

/// The organization of the reference's examples.
pub const ORG_ABC123: &str = "org_abc123";
/// A second organization, to prove one key cannot reach another's users.
pub const ORG_XYZ789: &str = "org_xyz789";
/// Jane Developer, exactly as in the reference's list example.
pub const JANE_ID: &str = "user_abc123";
/// The user of [`ORG_XYZ789`] whose id needs percent-encoding.
pub const ODD_USER_ID: &str = "user_odd/?#&+= é%";

/// A seeded organization and its users.
#[derive(Clone, Debug)]
pub struct SeedOrganization {
    pub id: &'static str,
    pub users: Vec<User>,
}

// Name pools. None of these contain "jane" in any case, and no first name is
// Bob, so a search for Jane finds only her and the README may invite
// bob@example.com.
const FIRST_NAMES: &[&str] = &[
    "Alice", "Amara", "Arjun", "Beatriz", "Bruno", "Carlos", "Chen", "Chloe", "Diego", "Dmitri",
    "Elena", "Emeka", "Farah", "Freya", "Gabriel", "Goran", "Hana", "Hiro", "Ines", "Isla",
    "Jonas", "Kenji", "Kofi", "Leila", "Lucia", "Marek", "Mateo", "Nadia", "Nia", "Omar", "Oskar",
    "Paulo", "Priya", "Quentin", "Ravi", "Rosa", "Sofia", "Sven", "Tariq", "Tomas", "Uma",
    "Valeria", "Victor", "Wen", "Wiktor", "Ximena", "Yara", "Yusuf", "Zeynep", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Ali",
    "Andersen",
    "Berg",
    "Costa",
    "Dubois",
    "Fischer",
    "Gupta",
    "Haddad",
    "Herrera",
    "Hoffmann",
    "Ivanova",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lindqvist",
    "Mensah",
    "Moreau",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Osei",
    "Park",
    "Petrov",
    "Romero",
    "Rossi",
    "Schmidt",
    "Silva",
    "Suzuki",
    "Tanaka",
];
const EMAIL_DOMAINS: &[&str] = &["example.com", "example.com", "example.org", "example.net"];
const TEAMS: &[&str] = &[
    "team_frontend",
    "team_backend",
    "team_platform",
    "team_design",
    "team_data",
];
const DEPARTMENTS: &[&str] = &["Engineering", "Design", "Sales", "Support", "Finance"];
const TITLES: &[&str] = &["Engineer", "Senior Engineer", "Manager", "Analyst", "Lead"];

// Generated dates fall inside this window so they read as plausible history
// before the reference's March 2026 examples. The generator keeps creation
// times unique, Jane's and the odd-id user's included.
const EARLIEST_CREATED: Timestamp = Timestamp::utc(2024, 1, 1, 0, 0, 0);
const LATEST_CREATED: Timestamp = Timestamp::utc(2026, 2, 1, 0, 0, 0);
const LATEST_UPDATED: Timestamp = Timestamp::utc(2026, 3, 10, 0, 0, 0);
const LATEST_LOGIN: Timestamp = Timestamp::utc(2026, 3, 14, 0, 0, 0);

/// The organizations for `seed`, each with its users in creation order.
pub fn organizations(seed: u64) -> Vec<SeedOrganization> {
    let mut generator = Generator::new(seed);

    // org_abc123: Jane plus 41 others, 42 in all as in the reference's
    // pagination example; 28 active, 7 suspended, 7 pending.
    let mut abc = vec![jane()];
    abc.extend(generator.users(
        &[
            (Status::Active, 27),
            (Status::Suspended, 7),
            (Status::Pending, 7),
        ],
        &[("admin", 6), ("member", 35)],
    ));

    // org_xyz789: the odd-id user plus 4 others.
    let mut xyz = vec![odd_user()];
    xyz.extend(generator.users(
        &[
            (Status::Active, 2),
            (Status::Suspended, 1),
            (Status::Pending, 1),
        ],
        &[("owner", 1), ("admin", 1), ("member", 2)],
    ));

    vec![
        SeedOrganization {
            id: ORG_ABC123,
            users: by_creation(abc),
        },
        SeedOrganization {
            id: ORG_XYZ789,
            users: by_creation(xyz),
        },
    ]
}

fn by_creation(mut users: Vec<User>) -> Vec<User> {
    users.sort_by_key(|user| user.created_at);
    users
}

fn jane() -> User {
    User {
        id: JANE_ID.to_owned(),
        email: "jane@example.com".to_owned(),
        name: "Jane Developer".to_owned(),
        avatar_url: Some(avatar_url(JANE_ID)),
        status: Status::Active,
        email_verified: true,
        role: "owner".to_owned(),
        teams: vec!["team_frontend".to_owned()],
        metadata: object(json!({ "department": "Engineering" })),
        created_at: Timestamp::utc(2025, 6, 15, 10, 30, 0),
        updated_at: Timestamp::utc(2026, 3, 1, 14, 20, 0),
        last_login_at: Some(Timestamp::utc(2026, 3, 12, 9, 0, 0)),
    }
}

fn odd_user() -> User {
    User {
        id: ODD_USER_ID.to_owned(),
        email: "oona.oddie@example.net".to_owned(),
        name: "Oona Oddie".to_owned(),
        avatar_url: None,
        status: Status::Active,
        email_verified: true,
        role: "member".to_owned(),
        teams: vec!["team_platform".to_owned()],
        metadata: Map::new(),
        created_at: Timestamp::utc(2025, 9, 1, 8, 0, 0),
        updated_at: Timestamp::utc(2025, 9, 1, 8, 0, 0),
        last_login_at: Some(Timestamp::utc(2026, 2, 20, 16, 45, 0)),
    }
}

/// The avatar address the API uses for `user_id`.
fn avatar_url(user_id: &str) -> String {
    format!("https://cdn.legionedge.com/avatars/{user_id}.png")
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Draws users from one random stream, remembering what it handed out so
/// ids, names, emails and creation times are unique across organizations.
struct Generator {
    random: SplitMix64,
    ids: HashSet<String>,
    names: HashSet<(usize, usize)>,
    created: HashSet<Timestamp>,
}

impl Generator {
    fn new(seed: u64) -> Self {
        let fixed = [jane(), odd_user()];
        Generator {
            random: SplitMix64::new(seed),
            ids: fixed.iter().map(|user| user.id.clone()).collect(),
            names: HashSet::new(),
            created: fixed.iter().map(|user| user.created_at).collect(),
        }
    }

    /// As many users as the status counts add up to; `roles` must add up to
    /// the same number. Both are dealt out in a random order.
    fn users(&mut self, statuses: &[(Status, usize)], roles: &[(&str, usize)]) -> Vec<User> {
        let mut statuses = repeat_each(statuses);
        let mut roles = repeat_each(roles);
        debug_assert_eq!(statuses.len(), roles.len());
        self.random.shuffle(&mut statuses);
        self.random.shuffle(&mut roles);

        statuses
            .into_iter()
            .zip(roles)
            .map(|(status, role)| self.user(status, role))
            .collect()
    }

    fn user(&mut self, status: Status, role: &str) -> User {
        let id = self.unique_id();
        let (first, last) = self.unique_name();
        let domain = EMAIL_DOMAINS[self.random.index(EMAIL_DOMAINS.len())];
        let created_at = self.unique_creation_time();
        let updated_at = self.between(created_at, LATEST_UPDATED);

        // Pending users were invited and never signed in: no login, no
        // verified email, no avatar. About a quarter of active users never
        // uploaded an avatar.
        let signed_in = status != Status::Pending;
        let last_login_at = signed_in.then(|| self.between(created_at, LATEST_LOGIN));
        let has_avatar = match status {
            Status::Active => !self.random.chance(1, 4),
            Status::Suspended => true,
            Status::Pending => false,
        };

        User {
            avatar_url: has_avatar.then(|| avatar_url(&id)),
            email: format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()),
            name: format!("{first} {last}"),
            status,
            email_verified: signed_in,
            role: role.to_owned(),
            teams: self.teams(),
            metadata: self.metadata(),
            created_at,
            updated_at,
            last_login_at,
            id,
        }
    }

    fn unique_id(&mut self) -> String {
        loop {
            let id = format!("user_{}", self.random.alphanumerics(12));
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn unique_name(&mut self) -> (&'static str, &'static str) {
        loop {
            let pick = (
                self.random.index(FIRST_NAMES.len()),
                self.random.index(LAST_NAMES.len()),
            );
            if self.names.insert(pick) {
                return (FIRST_NAMES[pick.0], LAST_NAMES[pick.1]);
            }
        }
    }

    fn unique_creation_time(&mut self) -> Timestamp {
        loop {
            let at = self.between(EARLIEST_CREATED, LATEST_CREATED);
            if self.created.insert(at) {
                return at;
            }
        }
    }

    /// A second in `from..=until`, or `from` if the window is empty.
    fn between(&mut self, from: Timestamp, until: Timestamp) -> Timestamp {
        let span = until.unix_seconds() - from.unix_seconds();
        if span <= 0 {
            return from;
        }
        from.plus_seconds(self.random.below(span as u64 + 1) as i64)
    }

    fn teams(&mut self) -> Vec<String> {
        let mut pool: Vec<&str> = TEAMS.to_vec();
        self.random.shuffle(&mut pool);
        let count = self.random.index(3);
        pool[..count]
            .iter()
            .map(|team| (*team).to_owned())
            .collect()
    }

    fn metadata(&mut self) -> Map<String, Value> {
        let mut metadata = Map::new();
        if self.random.chance(1, 2) {
            let department = DEPARTMENTS[self.random.index(DEPARTMENTS.len())];
            metadata.insert("department".to_owned(), json!(department));
            if self.random.chance(1, 2) {
                let title = TITLES[self.random.index(TITLES.len())];
                metadata.insert("title".to_owned(), json!(title));
            }
        }
        metadata
    }
}

fn repeat_each<T: Copy>(counts: &[(T, usize)]) -> Vec<T> {
    counts
        .iter()
        .flat_map(|&(item, count)| std::iter::repeat_n(item, count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_users(seed: u64) -> Vec<User> {
        organizations(seed)
            .into_iter()
            .flat_map(|organization| organization.users)
            .collect()
    }

    #[test]
    fn no_generated_user_mentions_jane_or_bob() {
        for seed in 0..50 {
            for user in all_users(seed).iter().filter(|user| user.id != JANE_ID) {
                assert!(!user.name.to_lowercase().contains("jane"), "{}", user.name);
                assert!(
                    !user.email.to_lowercase().contains("jane"),
                    "{}",
                    user.email
                );
                assert_ne!(user.email, "bob@example.com");
            }
        }
    }

    #[test]
    fn ids_emails_and_creation_times_are_unique() {
        for seed in 0..50 {
            let users = all_users(seed);
            let ids: HashSet<_> = users.iter().map(|user| &user.id).collect();
            let emails: HashSet<_> = users.iter().map(|user| user.email.to_lowercase()).collect();
            let created: HashSet<_> = users.iter().map(|user| user.created_at).collect();
            assert_eq!(ids.len(), users.len());
            assert_eq!(emails.len(), users.len());
            assert_eq!(created.len(), users.len());
        }
    }

    #[test]
    fn generated_ids_are_user_and_twelve_lowercase_alphanumerics() {
        for user in all_users(3) {
            if user.id == JANE_ID || user.id == ODD_USER_ID {
                continue;
            }
            let suffix = user.id.strip_prefix("user_").expect("user_ prefix");
            assert_eq!(suffix.len(), 12);
            assert!(suffix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        }
    }

    #[test]
    fn updates_and_logins_come_after_creation() {
        for user in all_users(5) {
            assert!(user.updated_at >= user.created_at, "{}", user.id);
            if let Some(login) = user.last_login_at {
                assert!(login >= user.created_at, "{}", user.id);
            }
        }
    }
}
