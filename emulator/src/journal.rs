//! The journal: every `/v2` call the emulator saw since the last reset, so
//! a test can check what the SDK really sent (how many retries, with which
//! idempotency key) after the SDK has already hidden it behind one result.
//!
//! It records whether a key was sent, never the key.

use std::collections::VecDeque;

use axum::extract::{OriginalUri, Request};
use axum::http::header;
use serde::Serialize;

use crate::auth;

/// Entries kept at most; the oldest go first. A test resets long before
/// this, and a demo left running for days stays small.
const CAPACITY: usize = 10_000;

/// One call as the journal lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub method: String,
    /// The path as sent, percent-encoding and all.
    pub path: String,
    /// The query string as sent, without the `?`; `None` without one.
    pub query: Option<String>,
    pub idempotency_key: Option<String>,
    /// Whether the call carried `Authorization: Bearer <something>`; the
    /// something is not kept.
    pub authorized: bool,
    /// The id of the fault that hit the call.
    pub fault: Option<String>,
    /// The status sent; `None` while the call is in progress and for good
    /// when no answer went out (a drop, a hang, a client that left).
    pub status: Option<u16>,
}

impl Entry {
    /// What the journal keeps of `request`, before it is answered.
    pub fn of(request: &Request) -> Self {
        // Inside the `/v2` router the URI has lost its prefix; the journal
        // shows what the client sent.
        let uri = request
            .extensions()
            .get::<OriginalUri>()
            .map_or(request.uri(), |OriginalUri(uri)| uri);
        let headers = request.headers();
        Entry {
            method: request.method().as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            idempotency_key: headers
                .get("idempotency-key")
                .map(|key| String::from_utf8_lossy(key.as_bytes()).into_owned()),
            authorized: auth::has_bearer_key(headers.get(header::AUTHORIZATION)),
            fault: None,
            status: None,
        }
    }
}

/// Where an entry is, to fill in its status once the answer is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

/// The entries, oldest first.
#[derive(Debug, Default)]
pub struct Journal {
    /// Entries with the number of each; numbers only grow, even across
    /// [`Journal::clear`], so a call that outlives a clear cannot settle
    /// somebody else's entry.
    entries: VecDeque<(u64, Entry)>,
    next: u64,
}

impl Journal {
    /// Adds `entry` at the end.
    pub fn record(&mut self, entry: Entry) -> Ticket {
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        let number = self.next;
        self.next += 1;
        self.entries.push_back((number, entry));
        Ticket(number)
    }

    /// Fills in the status of the entry `ticket` points at, if it is
    /// still there.
    pub fn settle(&mut self, Ticket(number): Ticket, status: Option<u16>) {
        // Numbers grow along the deque, so it is sorted by them.
        if let Ok(index) = self.entries.binary_search_by_key(&number, |(n, _)| *n) {
            self.entries[index].1.status = status;
        }
    }

    /// The entries whose path is exactly `path`, or all of them.
    pub fn entries(&self, path: Option<&str>) -> Vec<Entry> {
        self.entries
            .iter()
            .map(|(_, entry)| entry)
            .filter(|entry| path.is_none_or(|path| entry.path == path))
            .cloned()
            .collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            method: "GET".to_owned(),
            path: path.to_owned(),
            query: None,
            idempotency_key: None,
            authorized: true,
            fault: None,
            status: None,
        }
    }

    #[test]
    fn settles_the_entry_its_ticket_names() {
        let mut journal = Journal::default();
        let first = journal.record(entry("/v2/a"));
        let second = journal.record(entry("/v2/b"));
        journal.settle(second, Some(404));
        journal.settle(first, Some(200));
        let statuses: Vec<_> = journal.entries(None).iter().map(|e| e.status).collect();
        assert_eq!(statuses, [Some(200), Some(404)]);
    }

    #[test]
    fn a_ticket_from_before_a_clear_settles_nothing() {
        let mut journal = Journal::default();
        let stale = journal.record(entry("/v2/a"));
        journal.clear();
        journal.record(entry("/v2/b"));
        journal.settle(stale, Some(200));
        assert_eq!(journal.entries(None)[0].status, None);
    }

    #[test]
    fn filters_by_exact_path() {
        let mut journal = Journal::default();
        for path in ["/v2/users/a", "/v2/users/ab", "/v2/users/a"] {
            journal.record(entry(path));
        }
        assert_eq!(journal.entries(Some("/v2/users/a")).len(), 2);
        assert_eq!(journal.entries(None).len(), 3);
    }

    #[test]
    fn forgets_the_oldest_beyond_capacity() {
        let mut journal = Journal::default();
        for n in 0..=CAPACITY {
            journal.record(entry(&format!("/v2/{n}")));
        }
        let entries = journal.entries(None);
        assert_eq!(entries.len(), CAPACITY);
        assert_eq!(entries[0].path, "/v2/1");
    }
}
