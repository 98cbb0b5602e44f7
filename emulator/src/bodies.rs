//! The JSON request bodies of `invite` and `update`, checked field by
//! field so a `validation_error` can name every bad one.

use serde_json::{Map, Value};

use crate::errors::{ApiError, Detail};

/// Parses a request body as JSON. `empty` is what an empty body means, or
/// `None` if a body is required.
pub fn json_body(bytes: &[u8], empty: Option<Value>) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        if let Some(value) = empty {
            return Ok(value);
        }
        return Err(ApiError::invalid("body", "is required: send a JSON object"));
    }
    // serde_json rejects invalid UTF-8 as well as bad syntax.
    serde_json::from_slice(bytes)
        .map_err(|error| ApiError::invalid("body", format!("must be valid JSON ({error})")))
}

/// A validated `invite` body with the contract's defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteRequest {
    pub email: String,
    pub name: String,
    pub role: String,
    pub teams: Vec<String>,
}

impl InviteRequest {
    /// Checks `{ email, name?, role?, teams? }`; unknown fields are ignored.
    pub fn from_json(body: &Value) -> Result<Self, ApiError> {
        let fields = object_body(body)?;
        let mut details = Vec::new();

        let email = match fields.get("email") {
            None => {
                details.push(Detail::new("email", "is required"));
                None
            }
            Some(Value::String(email)) if is_email(email) => Some(email.clone()),
            Some(Value::String(_)) => {
                details.push(Detail::new(
                    "email",
                    "must be an email address like name@example.com",
                ));
                None
            }
            Some(_) => {
                details.push(Detail::new("email", "must be a string"));
                None
            }
        };
        let name = optional_text(fields, "name", &mut details);
        let role = optional_text(fields, "role", &mut details);
        let teams = optional_teams(fields, &mut details);

        match email {
            Some(email) if details.is_empty() => Ok(InviteRequest {
                // The part before '@' is a readable stand-in until the user
                // signs up and picks a name.
                name: name.unwrap_or_else(|| email[..email.find('@').unwrap_or(0)].to_owned()),
                role: role.unwrap_or_else(|| "member".to_owned()),
                teams: teams.unwrap_or_default(),
                email,
            }),
            _ => Err(ApiError::validation(details)),
        }
    }
}

/// A validated `update` body: only the fields that were given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<String>,
    /// Keys to merge into the stored metadata; a `null` value removes.
    pub metadata: Option<Map<String, Value>>,
}

impl UserChanges {
    /// Checks `{ name?, role?, metadata? }`; unknown fields are ignored.
    pub fn from_json(body: &Value) -> Result<Self, ApiError> {
        let fields = object_body(body)?;
        let mut details = Vec::new();

        let name = optional_text(fields, "name", &mut details);
        let role = optional_text(fields, "role", &mut details);
        let metadata = match fields.get("metadata") {
            None => None,
            Some(Value::Object(metadata)) => Some(metadata.clone()),
            Some(_) => {
                details.push(Detail::new("metadata", "must be an object"));
                None
            }
        };

        if details.is_empty() {
            Ok(UserChanges {
                name,
                role,
                metadata,
            })
        } else {
            Err(ApiError::validation(details))
        }
    }
}

fn object_body(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::invalid("body", "must be a JSON object"))
}

/// A field that, when present, must be a string with something in it.
fn optional_text(
    fields: &Map<String, Value>,
    field: &str,
    details: &mut Vec<Detail>,
) -> Option<String> {
    match fields.get(field)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        _ => {
            details.push(Detail::new(field, "must be a non-empty string"));
            None
        }
    }
}

fn optional_teams(fields: &Map<String, Value>, details: &mut Vec<Detail>) -> Option<Vec<String>> {
    let teams = fields.get("teams")?;
    let teams: Option<Vec<String>> = teams.as_array().and_then(|teams| {
        teams
            .iter()
            .map(|team| match team {
                Value::String(team) if !team.trim().is_empty() => Some(team.clone()),
                _ => None,
            })
            .collect()
    });
    if teams.is_none() {
        details.push(Detail::new(
            "teams",
            "must be an array of non-empty strings",
        ));
    }
    teams
}

/// A deliberately plain check: one '@' with something on each side, a dot
/// in the domain, nothing blank or invisible, and no more than the 254
/// characters an address can have.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let well_formed_domain = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
    text.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && well_formed_domain
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_plain_addresses() {
        for email in [
            "bob@example.com",
            "a.b+tag@sub.example.co",
            "Ünï@example.de",
        ] {
            assert!(is_email(email), "{email}");
        }
    }

    #[test]
    fn rejects_malformed_addresses() {
        for email in [
            "",
            "bob",
            "@example.com",
            "bob@",
            "bob@localhost",
            "bob@@example.com",
            "bob@exa mple.com",
            " bob@example.com",
            "bob@example..com",
            "bob@.example.com",
        ] {
            assert!(!is_email(email), "{email:?}");
        }
    }

    #[test]
    fn invite_fills_in_defaults() {
        let invite = InviteRequest::from_json(&json!({ "email": "bob@example.com" })).unwrap();
        assert_eq!(invite.name, "bob");
        assert_eq!(invite.role, "member");
        assert!(invite.teams.is_empty());
    }

    #[test]
    fn invite_names_every_bad_field() {
        let error = InviteRequest::from_json(&json!({
            "email": 5, "name": "", "role": null, "teams": ["ok", 3]
        }))
        .unwrap_err();
        let fields: Vec<_> = error.details().iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["email", "name", "role", "teams"]);
    }

    #[test]
    fn update_rejects_blank_names_and_non_object_metadata() {
        let error = UserChanges::from_json(&json!({ "name": "  ", "metadata": [1] })).unwrap_err();
        let fields: Vec<_> = error.details().iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["name", "metadata"]);
    }

    #[test]
    fn an_empty_body_is_allowed_only_where_asked() {
        assert_eq!(json_body(b"  \n", Some(json!({}))).unwrap(), json!({}));
        assert_eq!(json_body(b"", None).unwrap_err().code(), "validation_error");
        assert_eq!(
            json_body(b"\xff", None).unwrap_err().code(),
            "validation_error"
        );
    }
}
