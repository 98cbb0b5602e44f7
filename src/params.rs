//! What callers pass: list queries, invitations and changes, with the rules
//! that reject bad input before anything is sent.
//!
//! Field names in error messages are the JavaScript ones (`perPage`,
//! `organizationId`), since that is how most callers write them; Rust
//! callers find the same field in snake case.

use serde_json::{Map, Value};

use crate::data::{self, Data, Fields, JsonObject};
use crate::error::{Error, FieldError};
use crate::models::{Role, UserStatus};

/// The field `users.list` sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortField {
    /// `created_at`, the API's default.
    CreatedAt,
    /// `name`.
    Name,
    /// `email`.
    Email,
    /// `last_login_at`; users who never signed in come last.
    LastLoginAt,
}

impl SortField {
    /// The values the API accepts, as it spells them.
    pub const KNOWN: &'static [&'static str] = &["created_at", "name", "email", "last_login_at"];

    /// The value as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SortField::CreatedAt => "created_at",
            SortField::Name => "name",
            SortField::Email => "email",
            SortField::LastLoginAt => "last_login_at",
        }
    }

    /// Parses the API's spelling; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "created_at" => Some(SortField::CreatedAt),
            "name" => Some(SortField::Name),
            "email" => Some(SortField::Email),
            "last_login_at" => Some(SortField::LastLoginAt),
            _ => None,
        }
    }
}

/// The direction of a sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// `asc`: A before B, old before new.
    Asc,
    /// `desc`, the API's default.
    Desc,
}

impl SortOrder {
    /// The values the API accepts.
    pub const KNOWN: &'static [&'static str] = &["asc", "desc"];

    /// The value as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }

    /// Parses the API's spelling; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "asc" => Some(SortOrder::Asc),
            "desc" => Some(SortOrder::Desc),
            _ => None,
        }
    }
}

/// The query of `users.list`.
///
/// ```
/// use legionedge::{ListUsers, UserStatus};
///
/// let query = ListUsers::new("org_abc123")
///     .status(UserStatus::Active)
///     .search("jane")
///     .per_page(50);
/// assert_eq!(query.per_page, Some(50));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsers {
    /// The organization whose users to list (`organizationId`).
    pub organization_id: String,
    /// The page, from 1 (`page`; the API defaults to 1).
    pub page: Option<u32>,
    /// Users per page, 1 to 100 (`perPage`; the API defaults to 20).
    pub per_page: Option<u32>,
    /// Only users in this state (`status`); one of the known states.
    pub status: Option<UserStatus>,
    /// A case-insensitive substring of name or email (`search`).
    pub search: Option<String>,
    /// The sort field (`sort`; the API defaults to `created_at`).
    pub sort: Option<SortField>,
    /// The sort direction (`order`; the API defaults to `desc`).
    pub order: Option<SortOrder>,
}

impl ListUsers {
    /// A query for the first page of an organization's users.
    pub fn new(organization_id: impl Into<String>) -> Self {
        ListUsers {
            organization_id: organization_id.into(),
            ..ListUsers::default()
        }
    }

    /// Asks for page `page` (from 1).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Asks for `per_page` users per page (1 to 100).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// Keeps only users in `status`.
    pub fn status(mut self, status: UserStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Keeps only users whose name or email contains `text`, in any case.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Sorts by `field` in `order`.
    pub fn sort(mut self, field: SortField, order: SortOrder) -> Self {
        self.sort = Some(field);
        self.order = Some(order);
        self
    }

    /// Checks the query against the API's rules.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) error
    /// with one detail per bad field.
    pub fn validate(&self) -> Result<(), Error> {
        finish(self.problems())
    }

    fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        id_problem(&mut problems, "organizationId", &self.organization_id);
        if let Some(page) = self.page {
            page_problem(&mut problems, i64::from(page));
        }
        if let Some(per_page) = self.per_page {
            per_page_problem(&mut problems, i64::from(per_page));
        }
        if let Some(UserStatus::Other(text)) = &self.status {
            problems.push(one_of("status", text, UserStatus::KNOWN));
        }
        problems
    }

    /// Reads a JavaScript parameters object (`{ organizationId, perPage, … }`)
    /// and validates it.
    pub fn from_js_object(object: &Map<String, Value>) -> Result<Self, Error> {
        ListUsers::from_fields(&data::fields(object))
    }

    pub(crate) fn from_fields(object: &[(String, Data)]) -> Result<Self, Error> {
        let mut reader = Reader::new("users.list", object, LIST_KEYS);
        let organization_id = reader.required_string("organizationId");
        let page = reader.count("page", page_problem);
        let per_page = reader.count("perPage", per_page_problem);
        let status = reader
            .string("status")
            .map(|s| UserStatus::from(s.as_str()));
        let search = reader.string("search");
        let sort = reader.choice("sort", SortField::KNOWN, SortField::parse);
        let order = reader.choice("order", SortOrder::KNOWN, SortOrder::parse);

        let query = ListUsers {
            organization_id,
            page,
            per_page,
            status,
            search,
            sort,
            order,
        };
        reader.finish(query.problems()).map(|()| query)
    }
}

const LIST_KEYS: &[&str] = &[
    "organizationId",
    "page",
    "perPage",
    "status",
    "search",
    "sort",
    "order",
];

/// The body of `users.invite`.
///
/// ```
/// use legionedge::{InviteUser, Role};
///
/// let invite = InviteUser::new("org_abc123", "bob@example.com")
///     .name("Bob Engineer")
///     .role(Role::Member)
///     .teams(["team_frontend"]);
/// assert!(invite.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteUser {
    /// The organization to invite into (`organizationId`).
    pub organization_id: String,
    /// Where the invitation goes (`email`).
    pub email: String,
    /// The display name (`name`; the API uses the part of the email before
    /// `@` when it is left out).
    pub name: Option<String>,
    /// The role (`role`; the API defaults to `member`).
    pub role: Option<Role>,
    /// Team ids to join (`teams`; the API defaults to none).
    pub teams: Option<Vec<String>>,
}

impl InviteUser {
    /// An invitation of `email` into `organization_id`, with the API's
    /// defaults for everything else.
    pub fn new(organization_id: impl Into<String>, email: impl Into<String>) -> Self {
        InviteUser {
            organization_id: organization_id.into(),
            email: email.into(),
            ..InviteUser::default()
        }
    }

    /// Sets the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the role.
    pub fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }

    /// Sets the teams to join.
    pub fn teams<I, S>(mut self, teams: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.teams = Some(teams.into_iter().map(Into::into).collect());
        self
    }

    /// Checks the invitation against the API's rules.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) error
    /// with one detail per bad field.
    pub fn validate(&self) -> Result<(), Error> {
        finish(self.problems())
    }

    fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        id_problem(&mut problems, "organizationId", &self.organization_id);
        if let Some(message) = email_problem(&self.email) {
            problems.push(FieldError::new("email", message));
        }
        if let Some(name) = &self.name {
            text_problem(&mut problems, "name", name);
        }
        if let Some(role) = &self.role {
            text_problem(&mut problems, "role", role.as_str());
        }
        for (index, team) in self.teams.iter().flatten().enumerate() {
            if team.trim().is_empty() {
                problems.push(FieldError::new(
                    format!("teams[{index}]"),
                    "must be a non-empty team id like team_frontend",
                ));
            }
        }
        problems
    }

    /// The JSON body the API expects: only the fields that were given.
    pub(crate) fn body(&self) -> String {
        let mut body = JsonObject::new();
        body.string("email", &self.email);
        if let Some(name) = &self.name {
            body.string("name", name);
        }
        if let Some(role) = &self.role {
            body.string("role", role.as_str());
        }
        if let Some(teams) = &self.teams {
            let out = body.key("teams");
            out.push('[');
            for (index, team) in teams.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                data::write_string(out, team);
            }
            out.push(']');
        }
        body.finish()
    }

    /// Reads a JavaScript parameters object and validates it.
    pub fn from_js_object(object: &Map<String, Value>) -> Result<Self, Error> {
        InviteUser::from_fields(&data::fields(object))
    }

    pub(crate) fn from_fields(object: &[(String, Data)]) -> Result<Self, Error> {
        let mut reader = Reader::new("users.invite", object, INVITE_KEYS);
        let invite = InviteUser {
            organization_id: reader.required_string("organizationId"),
            email: reader.required_string("email"),
            name: reader.string("name"),
            role: reader.string("role").map(|s| Role::from(s.as_str())),
            teams: reader.strings("teams"),
        };
        reader.finish(invite.problems()).map(|()| invite)
    }
}

const INVITE_KEYS: &[&str] = &["organizationId", "email", "name", "role", "teams"];

/// The changes `users.update` applies; fields left `None` keep their value.
///
/// ```
/// use legionedge::UpdateUser;
/// use serde_json::json;
///
/// let changes = UpdateUser::new()
///     .name("Jane Senior Developer")
///     .metadata_entry("department", json!("Engineering"))
///     .metadata_entry("nickname", json!(null)); // removes the key
/// assert!(changes.validate().is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateUser {
    /// The new display name (`name`).
    pub name: Option<String>,
    /// The new role (`role`).
    pub role: Option<Role>,
    /// Metadata to merge key by key (`metadata`); a key whose value is
    /// `Value::Null` is removed.
    pub metadata: Option<Map<String, Value>>,
}

impl UpdateUser {
    /// No changes yet; sending it only touches `updatedAt`.
    pub fn new() -> Self {
        UpdateUser::default()
    }

    /// Changes the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Changes the role.
    pub fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }

    /// Sets one metadata key; `Value::Null` removes it.
    pub fn metadata_entry(mut self, key: impl Into<String>, value: Value) -> Self {
        self.metadata
            .get_or_insert_with(Map::new)
            .insert(key.into(), value);
        self
    }

    /// Checks the changes against the API's rules.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) error
    /// with one detail per bad field.
    pub fn validate(&self) -> Result<(), Error> {
        finish(self.problems())
    }

    fn problems(&self) -> Vec<FieldError> {
        change_problems(
            self.name.as_deref(),
            self.role.as_ref(),
            self.metadata.iter().flat_map(Map::keys),
        )
    }

    /// The JSON body the API expects: only the fields that were given.
    pub(crate) fn body(&self) -> String {
        // serde_json writes the values exactly as given, big integers too.
        let metadata = self
            .metadata
            .as_ref()
            .map(|map| Value::Object(map.clone()).to_string());
        update_body(
            self.name.as_deref(),
            self.role.as_ref(),
            metadata.as_deref(),
        )
    }

    /// Reads a JavaScript changes object and validates it.
    pub fn from_js_object(object: &Map<String, Value>) -> Result<Self, Error> {
        let changes = Changes::from_fields(&data::fields(object))?;
        Ok(UpdateUser {
            name: changes.name,
            role: changes.role,
            metadata: object.get("metadata").and_then(Value::as_object).cloned(),
        })
    }
}

/// `users.update`'s changes as JavaScript passes them: the metadata stays
/// plain data, written into the body as it came.
pub(crate) struct Changes {
    pub(crate) name: Option<String>,
    pub(crate) role: Option<Role>,
    pub(crate) metadata: Option<Fields>,
}

impl Changes {
    pub(crate) fn from_fields(object: &[(String, Data)]) -> Result<Self, Error> {
        let mut reader = Reader::new("users.update", object, UPDATE_KEYS);
        let changes = Changes {
            name: reader.string("name"),
            role: reader.string("role").map(|s| Role::from(s.as_str())),
            metadata: reader.object("metadata"),
        };
        let problems = change_problems(
            changes.name.as_deref(),
            changes.role.as_ref(),
            changes.metadata.iter().flatten().map(|(key, _)| key),
        );
        reader.finish(problems).map(|()| changes)
    }

    pub(crate) fn body(&self) -> String {
        let metadata = self.metadata.as_ref().map(|fields| {
            let mut text = String::new();
            data::write_object(&mut text, fields);
            text
        });
        update_body(
            self.name.as_deref(),
            self.role.as_ref(),
            metadata.as_deref(),
        )
    }
}

/// What is wrong with a set of changes: an empty name or role, an empty
/// metadata key.
fn change_problems<'a>(
    name: Option<&str>,
    role: Option<&Role>,
    metadata_keys: impl Iterator<Item = &'a String>,
) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if let Some(name) = name {
        text_problem(&mut problems, "name", name);
    }
    if let Some(role) = role {
        text_problem(&mut problems, "role", role.as_str());
    }
    for key in metadata_keys {
        if key.is_empty() {
            problems.push(FieldError::new(
                "metadata",
                "keys must be non-empty strings",
            ));
        }
    }
    problems
}

/// The body of `PATCH /v2/users/{userId}`, its members in the order
/// serde_json has always written them.
fn update_body(name: Option<&str>, role: Option<&Role>, metadata: Option<&str>) -> String {
    let mut body = JsonObject::new();
    if let Some(metadata) = metadata {
        body.key("metadata").push_str(metadata);
    }
    if let Some(name) = name {
        body.string("name", name);
    }
    if let Some(role) = role {
        body.string("role", role.as_str());
    }
    body.finish()
}

const UPDATE_KEYS: &[&str] = &["name", "role", "metadata"];

/// Checks a user or organization id: any text but empty, since ids are
/// opaque and may hold any character.
pub(crate) fn validate_id(field: &str, id: &str) -> Result<(), Error> {
    let mut problems = Vec::new();
    id_problem(&mut problems, field, id);
    finish(problems)
}

fn finish(problems: Vec<FieldError>) -> Result<(), Error> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(problems))
    }
}

fn id_problem(problems: &mut Vec<FieldError>, field: &str, id: &str) {
    // URL parsing would resolve these as path steps, to another route.
    if id == "." || id == ".." {
        problems.push(FieldError::new(
            field,
            "cannot be \".\" or \"..\", which name no resource",
        ));
        return;
    }
    if id.trim().is_empty() {
        let example = if field == "userId" {
            "user_abc123"
        } else {
            "org_abc123"
        };
        problems.push(FieldError::new(
            field,
            format!("must be a non-empty id like \"{example}\""),
        ));
    }
}

fn text_problem(problems: &mut Vec<FieldError>, field: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(FieldError::new(
            field,
            "must not be empty; leave it out to keep the default",
        ));
    }
}

fn page_problem(problems: &mut Vec<FieldError>, page: i64) {
    if page < 1 {
        problems.push(FieldError::new(
            "page",
            format!("must be 1 or more (got {page})"),
        ));
    }
}

fn per_page_problem(problems: &mut Vec<FieldError>, per_page: i64) {
    if !(1..=100).contains(&per_page) {
        problems.push(FieldError::new(
            "perPage",
            format!("must be between 1 and 100 (got {per_page})"),
        ));
    }
}

fn one_of(field: &str, got: &str, known: &[&str]) -> FieldError {
    FieldError::new(
        field,
        format!("must be one of {} (got \"{got}\")", quoted_list(known)),
    )
}

fn quoted_list(items: &[&str]) -> String {
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(item);
        out.push('"');
    }
    out
}

/// Why `email` is not an address the API would take, if it is not.
///
/// Deliberately loose, like the API: one `@`, a local part, a dotted domain,
/// no spaces or brackets. The message never repeats the address.
pub(crate) fn email_problem(email: &str) -> Option<&'static str> {
    const SHAPE: &str = "must be an email address like name@example.com";
    if email.is_empty() {
        return Some("is required: the address to send the invitation to");
    }
    if email.len() > 254 {
        return Some("must be at most 254 characters long");
    }
    if email.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '\\' | '"'
            )
    }) {
        return Some(SHAPE);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some(SHAPE);
    };
    let labels_ok = domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty());
    if local.is_empty() || local.len() > 64 || domain.contains('@') || !labels_ok {
        return Some(SHAPE);
    }
    None
}

/// Reads the fields of a caller's object one by one, collecting every
/// problem instead of stopping at the first, so that one error lists all of
/// them.
///
/// `null` and a missing key both mean "not given", as is usual in JavaScript.
struct Reader<'a> {
    object: &'a [(String, Data)],
    problems: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    fn new(call: &str, object: &'a [(String, Data)], known: &[&str]) -> Self {
        let mut problems = Vec::new();
        for (key, _) in object {
            if !known.contains(&key.as_str()) {
                problems.push(unknown_key(call, key, known));
            }
        }
        Reader { object, problems }
    }

    fn given(&self, key: &str) -> Option<&'a Data> {
        self.object
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
            .filter(|value| **value != Data::Null)
    }

    fn wrong_type(&mut self, key: &str, expected: &str, got: &Data) {
        self.problems.push(FieldError::new(
            key,
            format!("must be {expected} (got {})", got.type_name()),
        ));
    }

    fn string(&mut self, key: &str) -> Option<String> {
        match self.given(key)? {
            Data::String(text) => Some(text.clone()),
            other => {
                self.wrong_type(key, "a string", other);
                None
            }
        }
    }

    fn flag(&mut self, key: &str) -> bool {
        match self.given(key) {
            None => false,
            Some(Data::Bool(flag)) => *flag,
            Some(other) => {
                self.wrong_type(key, "true or false", other);
                false
            }
        }
    }

    fn required_string(&mut self, key: &str) -> String {
        if self.given(key).is_none() {
            self.problems
                .push(FieldError::new(key, "is required but was not given"));
            return String::new();
        }
        self.string(key).unwrap_or_default()
    }

    /// Ends the reading: every problem found here, then those of the typed
    /// rules for fields not already reported (a missing id is "required",
    /// not also "empty").
    fn finish(self, typed: Vec<FieldError>) -> Result<(), Error> {
        let mut problems = self.problems;
        let reported = problems.len();
        for problem in typed {
            if !problems[..reported]
                .iter()
                .any(|p| p.field == problem.field)
            {
                problems.push(problem);
            }
        }
        finish(problems)
    }

    /// A whole number that fits `u32`; one that does not is reported through
    /// `range`, the same rule the typed validation applies.
    fn count(&mut self, key: &str, range: fn(&mut Vec<FieldError>, i64)) -> Option<u32> {
        let value = self.given(key)?;
        let number = match value {
            Data::Number(number) => Some(*number),
            _ => None,
        };
        let whole = number
            .filter(|f| f.fract() == 0.0 && f.abs() < data::EXACT)
            .map(|f| f as i64);
        match whole {
            Some(n) => match u32::try_from(n) {
                Ok(n) => Some(n),
                Err(_) if n < 0 => {
                    range(&mut self.problems, n);
                    None
                }
                Err(_) => {
                    // The field's own range says it best (perPage: 1 to
                    // 100); a field without an upper bound gets this one.
                    let before = self.problems.len();
                    range(&mut self.problems, n);
                    if self.problems.len() == before {
                        self.problems.push(FieldError::new(
                            key,
                            format!("must be at most {}", u32::MAX),
                        ));
                    }
                    None
                }
            },
            None if number.is_some_and(|f| f.fract() == 0.0) => {
                self.problems.push(FieldError::new(key, "is far too large"));
                None
            }
            None => {
                self.wrong_type(key, "a whole number", value);
                None
            }
        }
    }

    fn choice<T>(&mut self, key: &str, known: &[&str], parse: fn(&str) -> Option<T>) -> Option<T> {
        let text = self.string(key)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.problems.push(one_of(key, &text, known));
        }
        parsed
    }

    fn strings(&mut self, key: &str) -> Option<Vec<String>> {
        let value = self.given(key)?;
        let items = match value {
            Data::Array(items) => Some(
                items
                    .iter()
                    .map(|item| match item {
                        Data::String(text) => Some(text.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>(),
            ),
            _ => None,
        };
        match items {
            Some(Some(items)) => Some(items),
            _ => {
                self.wrong_type(key, "an array of strings", value);
                None
            }
        }
    }

    fn object(&mut self, key: &str) -> Option<Fields> {
        match self.given(key)? {
            Data::Object(fields) => Some(fields.clone()),
            other => {
                self.wrong_type(key, "an object", other);
                None
            }
        }
    }
}

/// Names that callers coming from other APIs reach for, and the key they
/// mean here.
const ALIASES: &[(&str, &str)] = &[
    ("limit", "perPage"),
    ("pagesize", "perPage"),
    ("size", "perPage"),
    ("org", "organizationId"),
    ("orgid", "organizationId"),
    ("organization", "organizationId"),
    ("q", "search"),
    ("query", "search"),
    ("sortby", "sort"),
    ("orderby", "sort"),
    ("direction", "order"),
    ("dir", "order"),
];

fn unknown_key(call: &str, key: &str, known: &[&str]) -> FieldError {
    let folded = fold(key);
    let suggestion = known
        .iter()
        .copied()
        .find(|candidate| {
            // The same letters, or the same but for a plural "s".
            let right = fold(candidate);
            right == folded
                || right.strip_suffix('s') == Some(folded.as_str())
                || folded.strip_suffix('s') == Some(right.as_str())
        })
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, target)| *alias == folded && known.contains(target))
                .map(|(_, target)| *target)
        });
    let message = match suggestion {
        Some(right) => format!("is not a parameter of {call}; did you mean \"{right}\"?"),
        None => format!(
            "is not a parameter of {call}; it takes {}",
            quoted_list(known)
        ),
    };
    FieldError::new(key, message)
}

/// Lower case without separators, so that `per_page`, `PerPage` and
/// `per-page` all meet `perPage`.
fn fold(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The settings a `Client` is made from, as read from a caller's options.
// Only the wasm32 `Client` makes these; native builds test them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// `None` when a token provider supplies the bearer token instead.
    pub(crate) api_key: Option<String>,
    pub(crate) base_url: String,
    pub(crate) timeout_ms: u32,
    pub(crate) max_retries: u32,
}

/// The default time one attempt may take, reading the body included.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The longest `timeoutMs` allowed: ten minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl Settings {
    /// Checks a key (or that a token provider stands in for one) and a base
    /// URL. No error message repeats the key.
    pub(crate) fn new(
        api_key: Option<&str>,
        has_token_provider: bool,
        base_url: Option<&str>,
        allow_insecure_http: bool,
    ) -> Result<Self, Error> {
        let mut problems = Vec::new();
        match api_key {
            None | Some("") if has_token_provider => {}
            Some(key) if key.trim().is_empty() || has_token_provider => {
                if has_token_provider {
                    problems.push(FieldError::new(
                        "apiKey",
                        "must be left out when getToken is given; pass one or the other",
                    ));
                } else {
                    problems.push(missing_key());
                }
            }
            None => problems.push(missing_key()),
            Some(key) if key.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                problems.push(FieldError::new(
                    "apiKey",
                    "must not contain spaces or line breaks; check how the key was copied",
                ));
            }
            Some(_) => {}
        }
        let base_url = base_url.unwrap_or(crate::DEFAULT_BASE_URL);
        if let Some(message) = base_url_problem(base_url, allow_insecure_http) {
            problems.push(FieldError::new("baseUrl", message));
        }
        finish(problems)?;
        Ok(Settings {
            api_key: api_key.filter(|key| !key.is_empty()).map(str::to_owned),
            base_url: base_url.trim_end_matches('/').to_owned(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: crate::retry::DEFAULT_MAX_RETRIES,
        })
    }

    /// Reads the JavaScript options object (`{ apiKey, baseUrl, … }`). The
    /// functions (`fetch`, `getToken`) are taken out by the caller before,
    /// since they are not JSON; `has_token_provider` says whether `getToken`
    /// was there.
    pub(crate) fn from_fields(
        object: &[(String, Data)],
        has_token_provider: bool,
    ) -> Result<Self, Error> {
        let mut reader = Reader::new("new Client", object, OPTION_KEYS);
        let api_key = reader.string("apiKey");
        let base_url = reader.string("baseUrl");
        let allow_insecure_http = reader.flag("allowInsecureHttp");
        let limits = CallSettings::read(&mut reader);
        reader.finish(limits.problems())?;

        let mut settings = Settings::new(
            api_key.as_deref(),
            has_token_provider,
            base_url.as_deref(),
            allow_insecure_http,
        )?;
        settings.timeout_ms = limits.timeout_ms.unwrap_or(settings.timeout_ms);
        settings.max_retries = limits.max_retries.unwrap_or(settings.max_retries);
        Ok(settings)
    }
}

fn missing_key() -> FieldError {
    FieldError::new(
        "apiKey",
        "is required: pass your secret key, e.g. new Client({ apiKey: \"sk_test_…\" }), \
         or a getToken function",
    )
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const OPTION_KEYS: &[&str] = &[
    "apiKey",
    "baseUrl",
    "fetch",
    "getToken",
    "timeoutMs",
    "maxRetries",
    "allowInsecureHttp",
    "onRequest",
    "onResponse",
];

/// The per-call limits a caller may set: on the client for every call, or
/// in one call's options object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSettings {
    /// How long one attempt may take, in milliseconds (1 to 600 000).
    pub timeout_ms: Option<u32>,
    /// How many times a failed attempt is retried (0 to 10).
    pub max_retries: Option<u32>,
    /// `invite` only: the `Idempotency-Key` to send instead of a generated
    /// one.
    pub idempotency_key: Option<String>,
}

impl CallSettings {
    /// Checks the limits against their ranges.
    ///
    /// # Errors
    ///
    /// An `invalid_input` error naming each field out of range.
    pub fn validate(&self) -> Result<(), Error> {
        finish(self.problems())
    }

    fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if let Some(ms) = self.timeout_ms {
            timeout_problem(&mut problems, i64::from(ms));
        }
        if let Some(retries) = self.max_retries {
            retries_problem(&mut problems, i64::from(retries));
        }
        if let Some(key) = &self.idempotency_key {
            if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| (0x21..=0x7e).contains(&b))
            {
                problems.push(FieldError::new(
                    "idempotencyKey",
                    "must be 1 to 255 visible ASCII characters, like a UUID",
                ));
            }
        }
        problems
    }

    fn read(reader: &mut Reader<'_>) -> CallSettings {
        CallSettings {
            timeout_ms: reader.count("timeoutMs", timeout_problem),
            max_retries: reader.count("maxRetries", retries_problem),
            idempotency_key: reader.string("idempotencyKey"),
        }
    }

    /// Reads one call's options object (`{ timeoutMs, maxRetries }`, and
    /// `idempotencyKey` for `invite`); the `signal` is taken out by the
    /// caller before.
    pub fn from_js_object(
        call: &str,
        object: &Map<String, Value>,
        takes_idempotency_key: bool,
    ) -> Result<Self, Error> {
        CallSettings::from_fields(call, &data::fields(object), takes_idempotency_key)
    }

    pub(crate) fn from_fields(
        call: &str,
        object: &[(String, Data)],
        takes_idempotency_key: bool,
    ) -> Result<Self, Error> {
        let known: &[&str] = if takes_idempotency_key {
            &["signal", "timeoutMs", "maxRetries", "idempotencyKey"]
        } else {
            &["signal", "timeoutMs", "maxRetries"]
        };
        let mut reader = Reader::new(call, object, known);
        let settings = CallSettings::read(&mut reader);
        reader.finish(settings.problems()).map(|()| settings)
    }
}

fn timeout_problem(problems: &mut Vec<FieldError>, ms: i64) {
    if !(1..=i64::from(MAX_TIMEOUT_MS)).contains(&ms) {
        problems.push(FieldError::new(
            "timeoutMs",
            format!("must be between 1 and {MAX_TIMEOUT_MS} milliseconds (got {ms})"),
        ));
    }
}

fn retries_problem(problems: &mut Vec<FieldError>, retries: i64) {
    let limit = crate::retry::MAX_RETRIES_LIMIT;
    if !(0..=i64::from(limit)).contains(&retries) {
        problems.push(FieldError::new(
            "maxRetries",
            format!("must be between 0 and {limit} (got {retries})"),
        ));
    }
}

/// Why `url` cannot be a base URL, if it cannot. Plain `http://` would send
/// the key in clear, so it is only for loopback hosts unless the caller
/// opts in.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn base_url_problem(url: &str, allow_insecure_http: bool) -> Option<&'static str> {
    let (rest, secure) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        (None, None) => return Some("must start with https:// (or http:// for a local server)"),
    };
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.starts_with(':') {
        return Some("must name a host, like https://api.legionedge.com");
    }
    if url.contains(['?', '#', '@']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("must be a plain URL with no credentials, query, fragment or spaces");
    }
    if !secure && !allow_insecure_http && !is_loopback(authority) {
        return Some(
            "uses plain http:// to a host that is not this machine, which would send the key \
             in clear; use https://, or pass allowInsecureHttp: true if you really mean it",
        );
    }
    None
}

/// Whether `authority` (`host[:port]`) names this machine: `localhost`,
/// `127.0.0.0/8` or `[::1]`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        return bracketed.split(']').next() == Some("::1");
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(value: Value) -> Result<Settings, Error> {
        match value {
            Value::Object(map) => Settings::from_fields(&data::fields(&map), false),
            _ => unreachable!("tests pass objects"),
        }
    }

    fn base(url: &str) -> Result<Settings, Error> {
        Settings::new(Some("k"), false, Some(url), false)
    }

    #[test]
    fn settings_default_the_base_url_limits_and_trim_its_slash() {
        let settings = options(json!({ "apiKey": "sk_test_abc123" })).unwrap();
        assert_eq!(settings.base_url, crate::DEFAULT_BASE_URL);
        assert_eq!((settings.timeout_ms, settings.max_retries), (30_000, 2));
        assert_eq!(
            base("http://127.0.0.1:8787/").unwrap().base_url,
            "http://127.0.0.1:8787"
        );
        let tuned = options(json!({ "apiKey": "k", "timeoutMs": 5000, "maxRetries": 0 })).unwrap();
        assert_eq!((tuned.timeout_ms, tuned.max_retries), (5000, 0));
    }

    #[test]
    fn settings_refuse_a_missing_key_without_echoing_a_bad_one() {
        let error = options(json!({})).unwrap_err();
        assert_eq!(error.details()[0].field, "apiKey");
        let error = Settings::new(Some("sk_live\nsecret"), false, None, false).unwrap_err();
        assert!(!error.message().contains("secret"), "{error}");
    }

    #[test]
    fn a_token_provider_stands_in_for_the_key_but_not_beside_it() {
        let settings = Settings::new(None, true, None, false).unwrap();
        assert_eq!(settings.api_key, None);
        let error = Settings::new(Some("sk_live_x"), true, None, false).unwrap_err();
        assert!(error.message().contains("one or the other"), "{error}");
    }

    #[test]
    fn settings_refuse_base_urls_that_are_not_plain_http() {
        for bad in [
            "api.legionedge.com",
            "ftp://x.example",
            "https://",
            "https://:80",
            "https://x.example/?a=1",
            "https://x.example/#top",
            "https://x .example",
            "https://user:pw@x.example",
        ] {
            let error = base(bad).unwrap_err();
            assert_eq!(error.details()[0].field, "baseUrl", "{bad}");
        }
        assert!(base("https://proxy.example/legionedge").is_ok());
    }

    #[test]
    fn plain_http_is_only_for_loopback_unless_opted_in() {
        for local in [
            "http://127.0.0.1:8787",
            "http://127.1.2.3",
            "http://localhost:3000",
            "http://api.localhost",
            "http://[::1]:8787",
        ] {
            assert!(base(local).is_ok(), "{local}");
        }
        for remote in [
            "http://api.legionedge.com",
            "http://10.0.0.1",
            "http://127.0.0.1.example.com",
            "http://[::2]",
        ] {
            let error = base(remote).unwrap_err();
            assert!(
                error.message().contains("allowInsecureHttp"),
                "{remote}: {error}"
            );
            assert!(
                Settings::new(Some("k"), false, Some(remote), true).is_ok(),
                "{remote}"
            );
        }
    }

    #[test]
    fn settings_name_unknown_options_and_bad_limits() {
        let error = options(json!({ "apikey": "k" })).unwrap_err();
        assert!(
            error.message().contains("did you mean \"apiKey\""),
            "{error}"
        );
        let error = options(json!({ "apiKey": "k", "timeoutMs": 0 })).unwrap_err();
        assert_eq!(error.details()[0].field, "timeoutMs");
        let error = options(json!({ "apiKey": "k", "maxRetries": 11 })).unwrap_err();
        assert_eq!(error.details()[0].field, "maxRetries");
        let error = options(json!({ "apiKey": "k", "allowInsecureHttp": "yes" })).unwrap_err();
        assert_eq!(error.details()[0].field, "allowInsecureHttp");

        // Past u32, a field's own range is still what the message gives.
        let error = options(json!({ "apiKey": "k", "timeoutMs": 5e9 })).unwrap_err();
        assert_eq!(
            error.message(),
            "timeoutMs must be between 1 and 600000 milliseconds (got 5000000000)"
        );
    }

    #[test]
    fn call_options_take_an_idempotency_key_only_for_invite() {
        let object = |value: Value| match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let key = object(json!({ "idempotencyKey": "k-1" }));
        assert!(CallSettings::from_js_object("users.invite", &key, true).is_ok());
        let error = CallSettings::from_js_object("users.get", &key, false).unwrap_err();
        assert_eq!(error.details()[0].field, "idempotencyKey");
        let bad = object(json!({ "idempotencyKey": "has space" }));
        assert!(CallSettings::from_js_object("users.invite", &bad, true).is_err());
        let retries = object(json!({ "maxRetries": -1 }));
        let error = CallSettings::from_js_object("users.get", &retries, false).unwrap_err();
        assert_eq!(
            error.message(),
            "maxRetries must be between 0 and 10 (got -1)"
        );
    }
}
