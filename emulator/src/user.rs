//! The objects the API returns: `User` and `Invitation`, serialized exactly as
//! the contract spells their fields.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::time::Timestamp;

/// Where a user's account stands. The contract calls this an open set; the
/// emulator only ever produces today's three values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Signed up and allowed in.
    Active,
    /// Locked out by an administrator.
    Suspended,
    /// Invited, has not accepted yet.
    Pending,
}

impl Status {
    /// Every status, in the order error messages list them.
    pub const ALL: [Status; 3] = [Status::Active, Status::Suspended, Status::Pending];

    /// The wire spelling, as used in the `status` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Pending => "pending",
        }
    }

    /// The status spelled `text` on the wire, if there is one.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// A user account in one organization.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub avatar_url: Option<String>,
    pub status: Status,
    pub email_verified: bool,
    pub role: String,
    pub teams: Vec<String>,
    pub metadata: Map<String, Value>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_login_at: Option<Timestamp>,
}

/// What `invite` returns: the invitation that created a pending user.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub user_id: String,
    pub organization_id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub teams: Vec<String>,
    pub status: &'static str,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}
