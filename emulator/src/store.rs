//! The emulator's in-memory state and the operations the API performs on it.
//!
//! Everything lives behind one mutex: the data set is small, no handler
//! awaits while holding the lock, and a single lock makes every request
//! atomic, which is what tests expect of a real server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::bodies::{InviteRequest, UserChanges};
use crate::errors::ApiError;
use crate::list::{ListUsers, Page};
use crate::random::SplitMix64;
use crate::seed;
use crate::time::Timestamp;
use crate::user::{Invitation, Status, User};

/// How long an invitation stays valid.
const INVITATION_DAYS: i64 = 7;

/// The store, shared between requests.
#[derive(Clone, Debug)]
pub struct SharedStore(Arc<Mutex<Store>>);

impl SharedStore {
    /// A store holding the seeded data for `seed`.
    pub fn new(seed: u64) -> Self {
        SharedStore(Arc::new(Mutex::new(Store::seeded(seed))))
    }

    /// Exclusive access for the length of one request.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic in some earlier request cannot leave the data half
        // written (every operation checks before it mutates), so a
        // poisoned lock is still safe to use.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// All organizations and what the API remembers about them.
#[derive(Debug)]
pub struct Store {
    seed: u64,
    organizations: Vec<Organization>,
    /// Draws ids for invited users and invitations. Reseeded on reset, so a
    /// test that resets sees the same ids each time.
    ids: SplitMix64,
}

#[derive(Debug)]
struct Organization {
    id: &'static str,
    users: Vec<User>,
    /// Invitations by `Idempotency-Key`, with the body that created them.
    idempotency_keys: HashMap<String, (Value, Invitation)>,
}

impl Store {
    fn seeded(seed: u64) -> Self {
        let organizations = seed::organizations(seed)
            .into_iter()
            .map(|organization| Organization {
                id: organization.id,
                users: organization.users,
                idempotency_keys: HashMap::new(),
            })
            .collect();
        Store {
            seed,
            organizations,
            // Keep this stream apart from the seed data's.
            ids: SplitMix64::new(seed ^ 0x1d5e_ed00_1d5e_ed00),
        }
    }

    /// Puts back the seeded data and forgets every idempotency key.
    pub fn reset(&mut self) {
        *self = Store::seeded(self.seed);
    }

    /// Checks that `organization_id` exists and that `caller` may use it.
    pub fn check_organization(
        &self,
        caller: &Caller,
        organization_id: &str,
    ) -> Result<(), ApiError> {
        self.position(caller, organization_id).map(|_| ())
    }

    /// `list`: one page of an organization's users.
    pub fn list(
        &self,
        caller: &Caller,
        organization_id: &str,
        query: &ListUsers,
    ) -> Result<Page, ApiError> {
        let index = self.position(caller, organization_id)?;
        Ok(query.page_of(&self.organizations[index].users))
    }

    /// `get`: a user of the caller's organization.
    pub fn user(&self, caller: &Caller, user_id: &str) -> Result<User, ApiError> {
        self.caller_organization(caller)
            .and_then(|organization| organization.users.iter().find(|user| user.id == user_id))
            .cloned()
            .ok_or_else(|| no_user(user_id))
    }

    /// `invite`: creates a pending user and the invitation for them.
    ///
    /// `body` is the parsed request body; with an idempotency key, a repeat
    /// of the same body returns the first invitation, so the key is looked
    /// up before the body is validated or checked for conflicts.
    pub fn invite(
        &mut self,
        caller: &Caller,
        organization_id: &str,
        idempotency_key: Option<&str>,
        body: Value,
    ) -> Result<Invitation, ApiError> {
        let index = self.position(caller, organization_id)?;

        if let Some(key) = idempotency_key {
            if let Some((first_body, invitation)) =
                self.organizations[index].idempotency_keys.get(key)
            {
                if *first_body == body {
                    return Ok(invitation.clone());
                }
                return Err(ApiError::idempotency_key_reused());
            }
        }

        let request = InviteRequest::from_json(&body)?;
        let organization = &self.organizations[index];
        let taken = organization
            .users
            .iter()
            .any(|user| user.email.to_lowercase() == request.email.to_lowercase());
        if taken {
            // The message leaves the address out: error messages end up in
            // logs.
            return Err(ApiError::conflict(format!(
                "A user with this email already exists in organization {}",
                organization.id
            )));
        }

        let now = Timestamp::now();
        let user_id = self.unused_id("user_");
        let invitation = Invitation {
            id: self.unused_id("inv_"),
            user_id: user_id.clone(),
            organization_id: organization_id.to_owned(),
            email: request.email.clone(),
            name: request.name.clone(),
            role: request.role.clone(),
            teams: request.teams.clone(),
            status: "pending",
            created_at: now,
            expires_at: now.plus_days(INVITATION_DAYS),
        };
        let user = User {
            id: user_id,
            email: request.email,
            name: request.name,
            avatar_url: None,
            status: Status::Pending,
            email_verified: false,
            role: request.role,
            teams: request.teams,
            metadata: Map::new(),
            created_at: now,
            updated_at: now,
            last_login_at: None,
        };

        let organization = &mut self.organizations[index];
        organization.users.push(user);
        if let Some(key) = idempotency_key {
            organization
                .idempotency_keys
                .insert(key.to_owned(), (body, invitation.clone()));
        }
        Ok(invitation)
    }

    /// `update`: applies only the given fields; metadata merges key by key
    /// and a `null` value removes its key.
    pub fn update(
        &mut self,
        caller: &Caller,
        user_id: &str,
        changes: UserChanges,
    ) -> Result<User, ApiError> {
        let user = self.user_mut(caller, user_id)?;
        if let Some(name) = changes.name {
            user.name = name;
        }
        if let Some(role) = changes.role {
            user.role = role;
        }
        for (key, value) in changes.metadata.unwrap_or_default() {
            if value.is_null() {
                user.metadata.remove(&key);
            } else {
                user.metadata.insert(key, value);
            }
        }
        user.updated_at = Timestamp::now();
        Ok(user.clone())
    }

    /// `suspend`: idempotent, a suspended user is suspended again.
    pub fn suspend(&mut self, caller: &Caller, user_id: &str) -> Result<User, ApiError> {
        let user = self.user_mut(caller, user_id)?;
        user.status = Status::Suspended;
        user.updated_at = Timestamp::now();
        Ok(user.clone())
    }

    /// `delete`: removes the user for good.
    pub fn delete(&mut self, caller: &Caller, user_id: &str) -> Result<(), ApiError> {
        let organization = self
            .caller_organization_mut(caller)
            .ok_or_else(|| no_user(user_id))?;
        let index = organization
            .users
            .iter()
            .position(|user| user.id == user_id)
            .ok_or_else(|| no_user(user_id))?;
        organization.users.remove(index);
        Ok(())
    }

    /// Finds an organization the caller may use: 404 if there is no such
    /// organization, 403 if it belongs to another key.
    fn position(&self, caller: &Caller, organization_id: &str) -> Result<usize, ApiError> {
        let index = self
            .organizations
            .iter()
            .position(|organization| organization.id == organization_id)
            .ok_or_else(|| {
                ApiError::not_found(format!("No organization with id {organization_id}"))
            })?;
        if organization_id != caller.organization_id {
            return Err(ApiError::forbidden(format!(
                "This API key does not belong to organization {organization_id}"
            )));
        }
        Ok(index)
    }

    fn caller_organization(&self, caller: &Caller) -> Option<&Organization> {
        self.organizations
            .iter()
            .find(|organization| organization.id == caller.organization_id)
    }

    fn caller_organization_mut(&mut self, caller: &Caller) -> Option<&mut Organization> {
        self.organizations
            .iter_mut()
            .find(|organization| organization.id == caller.organization_id)
    }

    /// A user of the caller's organization. Another organization's user is
    /// reported missing, exactly like one that does not exist, so ids
    /// cannot be probed across organizations.
    fn user_mut(&mut self, caller: &Caller, user_id: &str) -> Result<&mut User, ApiError> {
        self.caller_organization_mut(caller)
            .and_then(|organization| {
                organization
                    .users
                    .iter_mut()
                    .find(|user| user.id == user_id)
            })
            .ok_or_else(|| no_user(user_id))
    }

    /// `prefix` and 12 random characters, not yet used by any user or
    /// invitation in any organization.
    fn unused_id(&mut self, prefix: &str) -> String {
        loop {
            let id = format!("{prefix}{}", self.ids.alphanumerics(12));
            let used = self.organizations.iter().any(|organization| {
                organization.users.iter().any(|user| user.id == id)
                    || organization
                        .idempotency_keys
                        .values()
                        .any(|(_, invitation)| invitation.id == id)
            });
            if !used {
                return id;
            }
        }
    }
}

fn no_user(user_id: &str) -> ApiError {
    ApiError::not_found(format!("No user with id {user_id}"))
}
