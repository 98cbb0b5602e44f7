//! When to try a request again, and how long to wait first: pure functions
//! of the attempt, the answer and the clock, so that the policy is tested on
//! a virtual clock with no sleeping.
//!
//! Network failures and 408, 429, 500, 502, 503 and 504 are retried, up to
//! `max_retries` times. The wait is exponential backoff with full jitter
//! (a uniformly random time between zero and `min(cap, base × 2^attempt)`),
//! unless the answer carried a usable `Retry-After`, which is honoured up to
//! a cap.

/// How a client retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The backoff before the first retry, before jitter.
    pub base_delay_ms: u64,
    /// The most any backoff waits.
    pub max_delay_ms: u64,
    /// The most a `Retry-After` is honoured for; a longer one is cut to this.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
        }
    }
}

/// Retries a client makes unless told otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The most `maxRetries` may be: beyond this a caller is better served by
/// their own loop.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// How one attempt ended, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// No answer: the connection failed or broke.
    Network,
    /// The attempt ran out of time.
    Timeout,
    /// An answer with this status and, maybe, a `Retry-After` header.
    Status(u16, Option<&'a str>),
    /// A failure that another attempt cannot mend (an answer too big to
    /// read, a request the platform refused to build).
    Final,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this many milliseconds, then try again.
    RetryAfter(u64),
    /// Stop: the outcome is final.
    Stop,
}

/// Whether a status may succeed if the same request is sent again.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// What to do after attempt number `attempt` (0 for the first) ended in
    /// `outcome`. `repeatable` says whether the request is safe to send again
    /// (every call but an `invite` without an idempotency key), `now_ms` is
    /// the wall clock in Unix milliseconds (for an HTTP-date `Retry-After`),
    /// and `random` is uniform in `[0, 1)` (the jitter).
    pub fn decide(
        &self,
        attempt: u32,
        outcome: Outcome<'_>,
        repeatable: bool,
        now_ms: f64,
        random: f64,
    ) -> Decision {
        if !repeatable || attempt >= self.max_retries {
            return Decision::Stop;
        }
        let retry_after = match outcome {
            Outcome::Final => return Decision::Stop,
            Outcome::Network | Outcome::Timeout => None,
            Outcome::Status(status, _) if !is_retryable_status(status) => return Decision::Stop,
            Outcome::Status(_, header) => header.and_then(|value| retry_after_ms(value, now_ms)),
        };
        match retry_after {
            Some(wait) => Decision::RetryAfter(wait.min(self.max_retry_after_ms)),
            None => Decision::RetryAfter(self.backoff_ms(attempt, random)),
        }
    }

    /// Full jitter: uniform in `[0, min(cap, base × 2^attempt)]`.
    pub fn backoff_ms(&self, attempt: u32, random: f64) -> u64 {
        let ceiling = self
            .base_delay_ms
            .saturating_mul(1u64 << attempt.min(32))
            .min(self.max_delay_ms);
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        // The float product can round above the ceiling for huge ones.
        ((ceiling as f64 * random) as u64).min(ceiling)
    }
}

/// A `Retry-After` value as milliseconds to wait from `now_ms`, or `None`
/// when it is malformed or in the past (the caller then backs off instead).
///
/// Both forms of RFC 9110 are understood: delta-seconds (`"120"`) and an
/// HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, and the two obsolete date
/// formats).
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A huge number of seconds saturates; the policy caps it anyway.
        let seconds: u64 = value.parse().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at = http_date_unix_seconds(value)?;
    let wait = at as f64 * 1000.0 - now_ms;
    if wait.is_finite() && wait >= 0.0 {
        Some(wait.min(u64::MAX as f64) as u64)
    } else {
        None
    }
}

/// The `Retry-After` value in seconds, for the error a caller sees, or
/// `None` when it is malformed or past.
pub fn retry_after_seconds(value: &str, now_ms: f64) -> Option<f64> {
    retry_after_ms(value, now_ms).map(|ms| (ms as f64 / 1000.0).ceil())
}

/// Parses an HTTP-date into Unix seconds: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime
/// (`Sun Nov  6 08:49:37 1994`).
pub fn http_date_unix_seconds(value: &str) -> Option<i64> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let (day, month, year, time) = match words.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') => {
            (*day, *month, year.parse::<i64>().ok()?, *time)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || year.len() != 2 {
                return None;
            }
            let short: i64 = year.parse().ok()?;
            // RFC 9110: a two-digit year more than 50 years ahead is past.
            (
                day,
                month,
                if short < 70 {
                    2000 + short
                } else {
                    1900 + short
                },
                *time,
            )
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [_weekday, month, day, time, year] => (*day, *month, year.parse::<i64>().ok()?, *time),
        _ => return None,
    };

    let day: i64 = parse_digits(day, 1, 2)?;
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut clock = time.split(':');
    let hour: i64 = parse_digits(clock.next()?, 2, 2)?;
    let minute: i64 = parse_digits(clock.next()?, 2, 2)?;
    let second: i64 = parse_digits(clock.next()?, 2, 2)?;
    if clock.next().is_some()
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
        || !(1..=9999).contains(&year)
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    // A leap second on the last day of 9999 would land in year 10000.
    (seconds <= LAST_SECOND_OF_9999).then_some(seconds)
}

/// 9999-12-31T23:59:59Z, the last moment an HTTP-date can name here.
const LAST_SECOND_OF_9999: i64 = 253_402_300_799;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn parse_digits(text: &str, min_len: usize, max_len: usize) -> Option<i64> {
    if text.len() < min_len || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
