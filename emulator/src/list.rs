//! `list`: reading its query parameters, then filtering, sorting and slicing
//! an organization's users into one page.

use std::cmp::Ordering;

use serde::Serialize;

use crate::errors::{ApiError, Detail};
use crate::user::{Status, User};

const DEFAULT_PER_PAGE: u64 = 20;
const MAX_PER_PAGE: u64 = 100;

/// What to sort by, as the `sort` parameter spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortField {
    CreatedAt,
    Name,
    Email,
    LastLoginAt,
}

/// Which way to sort, as the `order` parameter spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

/// A validated `list` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListUsers {
    pub page: u64,
    pub per_page: u64,
    pub status: Option<Status>,
    pub search: Option<String>,
    pub sort: SortField,
    pub order: Order,
}

/// One page of users, the body of a `list` answer.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    pub data: Vec<User>,
    pub pagination: Pagination,
}

/// Where a page sits among all the matching users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub total_pages: u64,
    pub has_more: bool,
}

impl ListUsers {
    /// Reads the decoded query pairs. Unknown parameters are ignored; every
    /// bad known one is reported, each under its snake_case name.
    pub fn from_query(pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let mut details = Vec::new();
        let mut value = |name: &str| single_value(pairs, name, &mut details);

        let page = value("page");
        let per_page = value("per_page");
        let status = value("status");
        let search = value("search");
        let sort = value("sort");
        let order = value("order");

        let page = match page {
            None => Some(1),
            Some(text) => parse_at_least_one(text),
        };
        if page.is_none() {
            details.push(Detail::new("page", "must be an integer of 1 or more"));
        }

        let per_page = match per_page {
            None => Some(DEFAULT_PER_PAGE),
            Some(text) => parse_at_least_one(text).filter(|&n| n <= MAX_PER_PAGE),
        };
        if per_page.is_none() {
            details.push(Detail::new(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }

        let status = match status.map(Status::parse) {
            Some(None) => {
                details.push(Detail::new(
                    "status",
                    "must be one of active, suspended, pending",
                ));
                None
            }
            Some(parsed) => parsed,
            None => None,
        };

        let sort = match sort {
            None | Some("created_at") => Some(SortField::CreatedAt),
            Some("name") => Some(SortField::Name),
            Some("email") => Some(SortField::Email),
            Some("last_login_at") => Some(SortField::LastLoginAt),
            Some(_) => None,
        };
        if sort.is_none() {
            details.push(Detail::new(
                "sort",
                "must be one of created_at, name, email, last_login_at",
            ));
        }

        let order = match order {
            None | Some("desc") => Some(Order::Desc),
            Some("asc") => Some(Order::Asc),
            Some(_) => None,
        };
        if order.is_none() {
            details.push(Detail::new("order", "must be one of asc, desc"));
        }

        match (page, per_page, sort, order) {
            (Some(page), Some(per_page), Some(sort), Some(order)) if details.is_empty() => {
                Ok(ListUsers {
                    page,
                    per_page,
                    status,
                    // An empty search matches everyone, like no search.
                    search: search
                        .filter(|text| !text.is_empty())
                        .map(str::to_lowercase),
                    sort,
                    order,
                })
            }
            _ => Err(ApiError::validation(details)),
        }
    }

    /// The requested page of `users`, with pagination over all that match.
    pub fn page_of(&self, users: &[User]) -> Page {
        let mut matching: Vec<&User> = users.iter().filter(|user| self.matches(user)).collect();
        matching.sort_by(|a, b| self.compare(a, b));

        // A page past the end is empty but still reports the true totals;
        // the arithmetic saturates so an absurd page number cannot overflow.
        let total = matching.len() as u64;
        let total_pages = total.div_ceil(self.per_page);
        let skip = (self.page - 1).saturating_mul(self.per_page);
        let data = matching
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(self.per_page as usize)
            .cloned()
            .collect();

        Page {
            data,
            pagination: Pagination {
                total,
                page: self.page,
                per_page: self.per_page,
                total_pages,
                has_more: self.page < total_pages,
            },
        }
    }

    fn matches(&self, user: &User) -> bool {
        let status_matches = self.status.is_none_or(|status| user.status == status);
        let search_matches = self.search.as_deref().is_none_or(|search| {
            user.name.to_lowercase().contains(search) || user.email.to_lowercase().contains(search)
        });
        status_matches && search_matches
    }

    /// Orders by the sort field, then by id so that ties never depend on
    /// storage order; `desc` reverses both. Users who never logged in come
    /// last under `last_login_at` whichever the order, as in SQL's
    /// `NULLS LAST`.
    fn compare(&self, a: &User, b: &User) -> Ordering {
        if self.sort == SortField::LastLoginAt {
            let nulls_last = a.last_login_at.is_none().cmp(&b.last_login_at.is_none());
            if nulls_last != Ordering::Equal {
                return nulls_last;
            }
        }

        // Names and emails compare without regard to case, so "bob" (an
        // invitee named after their email) sorts among the B's.
        let by_field = match self.sort {
            SortField::CreatedAt => a.created_at.cmp(&b.created_at),
            SortField::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortField::Email => a.email.to_lowercase().cmp(&b.email.to_lowercase()),
            SortField::LastLoginAt => a.last_login_at.cmp(&b.last_login_at),
        };
        let ascending = by_field.then_with(|| a.id.cmp(&b.id));
        match self.order {
            Order::Asc => ascending,
            Order::Desc => ascending.reverse(),
        }
    }
}

/// The value of `name` if it appears once; a repeated parameter is reported
/// rather than silently picking one of its values.
fn single_value<'a>(
    pairs: &'a [(String, String)],
    name: &str,
    details: &mut Vec<Detail>,
) -> Option<&'a str> {
    let mut values = pairs
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str());
    let first = values.next();
    if values.next().is_some() {
        details.push(Detail::new(name, "must be given at most once"));
        return None;
    }
    first
}

fn parse_at_least_one(text: &str) -> Option<u64> {
    // Digits only: u64's parser would also take a leading '+'.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|&n| n >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    fn fields(error: ApiError) -> Vec<String> {
        error
            .details()
            .iter()
            .map(|detail| detail.field.clone())
            .collect()
    }

    #[test]
    fn defaults_match_the_reference_table() {
        let list = ListUsers::from_query(&[]).unwrap();
        assert_eq!(list.page, 1);
        assert_eq!(list.per_page, 20);
        assert_eq!(list.status, None);
        assert_eq!(list.search, None);
        assert_eq!(list.sort, SortField::CreatedAt);
        assert_eq!(list.order, Order::Desc);
    }

    #[test]
    fn reports_every_bad_parameter_once() {
        let error = ListUsers::from_query(&query(&[
            ("page", "0"),
            ("per_page", "101"),
            ("status", "gone"),
            ("sort", "age"),
            ("order", "up"),
        ]))
        .unwrap_err();
        assert_eq!(
            fields(error),
            ["page", "per_page", "status", "sort", "order"]
        );
    }

    #[test]
    fn rejects_non_integers_and_signs() {
        for bad in [
            "",
            "1.0",
            "+1",
            "-1",
            "one",
            " 1",
            "99999999999999999999999",
        ] {
            let error = ListUsers::from_query(&query(&[("page", bad)])).unwrap_err();
            assert_eq!(fields(error), ["page"], "page={bad:?}");
        }
    }

    #[test]
    fn rejects_a_repeated_parameter() {
        let error =
            ListUsers::from_query(&query(&[("per_page", "5"), ("per_page", "6")])).unwrap_err();
        assert_eq!(fields(error), ["per_page"]);
    }

    #[test]
    fn ignores_unknown_parameters() {
        assert!(ListUsers::from_query(&query(&[("perPage", "abc"), ("x", "")])).is_ok());
    }

    #[test]
    fn a_huge_page_is_empty_without_overflow() {
        let list = ListUsers::from_query(&query(&[
            ("page", "18446744073709551615"),
            ("per_page", "100"),
        ]))
        .unwrap();
        let page = list.page_of(&crate::seed::organizations(1)[0].users);
        assert!(page.data.is_empty());
        assert_eq!(page.pagination.total, 42);
        assert!(!page.pagination.has_more);
    }
}
