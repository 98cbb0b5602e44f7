//! The objects the API answers with.
//!
//! Fields the contract does not name are ignored here; the JavaScript layer
//! hands callers the parsed JSON itself, so they keep them there. `status`
//! and `role` are open sets: a value this crate does not know yet decodes as
//! `Other` and keeps its text.
//!
//! Timestamps stay RFC 3339 strings (`2025-06-15T10:30:00Z`), as the API
//! sends them, so that no date crate is needed; parse them with the one your
//! application already uses.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Declares an open set of string values: the known ones as variants, and
/// `Other` keeping any value added to the API later.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }

            /// The values this version knows, as the API spells them.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok($name::from(text.as_ref()))
            }
        }
    };
}

open_enum! {
    /// A user's state in the organization.
    UserStatus {
        /// Can sign in.
        Active => "active",
        /// Sessions and keys revoked by `suspend`.
        Suspended => "suspended",
        /// Invited, has not accepted yet.
        Pending => "pending",
    }
}

open_enum! {
    /// A user's role in the organization.
    Role {
        /// Full control, billing included.
        Owner => "owner",
        /// Manages users and settings.
        Admin => "admin",
        /// The default for invited users.
        Member => "member",
    }
}

impl Default for Role {
    /// `member`, the role the API gives an invited user when none is named.
    fn default() -> Self {
        Role::Member
    }
}

open_enum! {
    /// Where an invitation stands.
    InvitationStatus {
        /// Sent, not yet accepted.
        Pending => "pending",
        /// The user accepted it.
        Accepted => "accepted",
        /// It ran out before being accepted.
        Expired => "expired",
        /// An admin withdrew it.
        Revoked => "revoked",
    }
}

/// A user of an organization.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// `user_…`; opaque, and may hold any character.
    pub id: String,
    /// The user's email address.
    pub email: String,
    /// The display name.
    pub name: String,
    /// A picture URL, or `None`.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// Active, suspended, pending, or a state added later.
    pub status: UserStatus,
    /// Whether the user confirmed the email address.
    pub email_verified: bool,
    /// Owner, admin, member, or a role added later. `member` when the API
    /// omits it, as the reference's own example does.
    #[serde(default)]
    pub role: Role,
    /// Team ids.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Free-form data: string keys, JSON values; empty when unset.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// When the user was created (RFC 3339, UTC).
    pub created_at: String,
    /// When the user last changed (RFC 3339, UTC).
    pub updated_at: String,
    /// When the user last signed in, or `None` before the first sign-in.
    #[serde(default)]
    pub last_login_at: Option<String>,
}

/// The invitation `invite` creates, along with a pending user.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    /// `inv_…`.
    pub id: String,
    /// The pending user the invitation created.
    pub user_id: String,
    /// The organization the user was invited to.
    pub organization_id: String,
    /// The invited address.
    pub email: String,
    /// The invited user's name.
    pub name: String,
    /// The role the user will have.
    pub role: Role,
    /// The teams the user will join.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Pending until accepted, expired or revoked.
    pub status: InvitationStatus,
    /// When the invitation was sent (RFC 3339, UTC).
    pub created_at: String,
    /// When it stops being valid (RFC 3339, UTC).
    pub expires_at: String,
}

/// Where a page sits in the whole result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// How many items match the query in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// The page size asked for.
    pub per_page: u64,
    /// `ceil(total / per_page)`; 0 when nothing matches.
    pub total_pages: u64,
    /// Whether a later page exists.
    pub has_more: bool,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page<T> {
    /// The items on this page; empty past the last page.
    pub data: Vec<T>,
    /// The page's position in the whole result.
    pub pagination: Pagination,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_enum_keeps_unknown_values() {
        let status: UserStatus = serde_json::from_str("\"deactivated\"").unwrap();
        assert_eq!(status, UserStatus::Other("deactivated".into()));
        assert_eq!(status.as_str(), "deactivated");
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            "\"deactivated\"".to_owned()
        );
    }

    #[test]
    fn open_enum_knows_the_contract_values() {
        assert_eq!(UserStatus::KNOWN, ["active", "suspended", "pending"]);
        assert_eq!(Role::from("admin"), Role::Admin);
        assert_eq!(InvitationStatus::from("revoked"), InvitationStatus::Revoked);
    }
}
