//! `Retry-After` parsing and the retry decision never panic, never wait
//! longer than the policy allows, stop when they must, and read back every
//! HTTP-date this target writes itself.
//!
//! Input layout (see `scripts/fuzz` for seeds written this way):
//!
//! | bytes | meaning |
//! | --- | --- |
//! | 1 + 8 | the clock `now_ms`: even selector, a real time; odd, any f64 |
//! | 4 | attempt, big-endian: below 2^31 taken modulo 16, else as is |
//! | 1 | outcome: 0 network, 1 timeout, 2 final, else a status |
//! | 2 | that status, big-endian |
//! | 1 | flags: 1 repeatable, 2 the status carries the text as `Retry-After`, 4 use the policy below instead of the default, 8 take the random number's bits as any f64 |
//! | 8 | the random number: by default 53 bits scaled into [0, 1) |
//! | 4 + 8 + 8 + 8 | a policy: max_retries, base_delay_ms, max_delay_ms, max_retry_after_ms |
//! | 8 | a Unix time, folded into years 1 to 9999, to format and read back |
//! | the rest | the text, as lossy UTF-8 |
#![no_main]

mod common;

use common::Bytes;
use legionedge::retry::{
    http_date_unix_seconds, is_retryable_status, retry_after_ms, Decision, Outcome, RetryPolicy,
};
use libfuzzer_sys::fuzz_target;

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range HTTP-dates
/// with a four-digit year can name.
const MIN_UNIX: i64 = -62_135_596_800;
const MAX_UNIX: i64 = 253_402_300_799;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A Unix time as (year, month 1-12, day, hour, minute, second, weekday
/// with 0 for Sunday), by Howard Hinnant's `civil_from_days`.
fn civil(unix: i64) -> (i64, usize, i64, i64, i64, i64, usize) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // 1970-01-01 was a Thursday.
    let weekday = (days + 4).rem_euclid(7) as usize;
    (
        year,
        month as usize,
        day,
        secs / 3_600,
        secs / 60 % 60,
        secs % 60,
        weekday,
    )
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(unix: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = civil(unix);
    format!(
        "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
        WEEKDAYS[wd],
        MONTHS[mo - 1]
    )
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`, for the years a two-digit year can
/// mean (1970 to 2069).
fn rfc850(unix: i64) -> Option<String> {
    let (y, mo, d, h, mi, s, wd) = civil(unix);
    (1970..=2069).contains(&y).then(|| {
        format!(
            "{}, {d:02}-{}-{:02} {h:02}:{mi:02}:{s:02} GMT",
            LONG_WEEKDAYS[wd],
            MONTHS[mo - 1],
            y % 100
        )
    })
}

/// `Sun Nov  6 08:49:37 1994`
fn asctime(unix: i64) -> String {
    let (y, mo, d, h, mi, s, wd) = civil(unix);
    format!(
        "{} {} {d:>2} {h:02}:{mi:02}:{s:02} {y:04}",
        WEEKDAYS[wd],
        MONTHS[mo - 1]
    )
}

/// What `retry_after_ms` must say for delta-seconds, worked out apart.
fn delta_seconds_ms(digits: &str) -> u64 {
    let significant = digits.trim_start_matches('0');
    if significant.len() > 20 {
        return u64::MAX;
    }
    let seconds: u128 = if significant.is_empty() {
        0
    } else {
        significant.parse().unwrap()
    };
    u64::try_from(seconds.saturating_mul(1000)).unwrap_or(u64::MAX)
}

fn check_round_trip(unix: i64, now_ms: f64) {
    let imf = imf_fixdate(unix);
    assert_eq!(http_date_unix_seconds(&imf), Some(unix), "{imf:?}");
    let asc = asctime(unix);
    assert_eq!(http_date_unix_seconds(&asc), Some(unix), "{asc:?}");
    if let Some(old) = rfc850(unix) {
        assert_eq!(http_date_unix_seconds(&old), Some(unix), "{old:?}");
    }

    // Against a real clock (whole milliseconds, exact in f64) the wait is
    // exact, and a date in the past means "no usable Retry-After".
    if now_ms.fract() == 0.0 && now_ms.abs() < 9.0e15 {
        let wait = i128::from(unix) * 1000 - now_ms as i128;
        let expected = u64::try_from(wait).ok();
        assert_eq!(
            retry_after_ms(&imf, now_ms),
            expected,
            "{imf:?} at {now_ms}"
        );
    }
}

fn check_text(text: &str, now_ms: f64) {
    let parsed = http_date_unix_seconds(text);
    if let Some(unix) = parsed {
        // A leap second on 31 Dec 9999 once read as year 10000 (found by
        // this target, fixed in src/retry.rs).
        assert!(
            (MIN_UNIX..=MAX_UNIX).contains(&unix),
            "{text:?} read as {unix}, outside years 1-9999"
        );
        // Whatever was accepted means a time that reads back the same when
        // written in the preferred form.
        let imf = imf_fixdate(unix);
        assert_eq!(
            http_date_unix_seconds(&imf),
            Some(unix),
            "{text:?} read as {unix}, but {imf:?} does not"
        );
    }

    check_wait(text, now_ms);
}

fn check_wait(text: &str, now_ms: f64) {
    let wait = retry_after_ms(text, now_ms);
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        assert_eq!(wait, Some(delta_seconds_ms(trimmed)), "{text:?}");
    } else if wait.is_some() {
        assert!(
            http_date_unix_seconds(trimmed).is_some(),
            "{text:?} gave a wait of {wait:?} without being a date or seconds"
        );
    }
}


fn check_decision(
    policy: &RetryPolicy,
    attempt: u32,
    outcome: Outcome<'_>,
    repeatable: bool,
    now_ms: f64,
    random: f64,
) {
    let decision = policy.decide(attempt, outcome, repeatable, now_ms, random);
    let may_retry = repeatable
        && attempt < policy.max_retries
        && match outcome {
            Outcome::Network | Outcome::Timeout => true,
            Outcome::Final => false,
            Outcome::Status(status, _) => is_retryable_status(status),
        };
    let wait = match decision {
        Decision::Stop => {
            assert!(
                !may_retry,
                "stopped a retryable {outcome:?} at attempt {attempt} of {policy:?}"
            );
            return;
        }
        Decision::RetryAfter(wait) => wait,
    };
    assert!(
        may_retry,
        "retries {outcome:?} (repeatable: {repeatable}) at attempt {attempt} of {policy:?}"
    );

    let cap = policy.max_delay_ms.max(policy.max_retry_after_ms);
    assert!(
        wait <= cap,
        "waits {wait} ms, more than {cap}, after {outcome:?} at attempt {attempt} of {policy:?} \
         (random {random})"
    );

    let header = match outcome {
        Outcome::Status(_, header) => header.and_then(|value| retry_after_ms(value, now_ms)),
        _ => None,
    };
    match header {
        Some(asked) => assert_eq!(wait, asked.min(policy.max_retry_after_ms), "{outcome:?}"),
        None => {
            let doubled = policy
                .base_delay_ms
                .saturating_mul(1u64.checked_shl(attempt).unwrap_or(u64::MAX).max(1));
            let ceiling = doubled.min(policy.max_delay_ms);
            assert!(
                wait <= ceiling,
                "backs off {wait} ms, more than {ceiling}, at attempt {attempt} of {policy:?} \
                 (random {random})"
            );
            assert_eq!(wait, policy.backoff_ms(attempt, random));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let now_ms = input.clock_ms();
    let attempt = match input.u32() {
        small if small < 1 << 31 => small % 16,
        large => large,
    };
    let outcome_kind = input.u8();
    let status = input.u16();
    let flags = input.u8();
    let random_bits = input.u64();
    let custom = RetryPolicy {
        max_retries: input.u32(),
        base_delay_ms: input.u64(),
        max_delay_ms: input.u64(),
        max_retry_after_ms: input.u64(),
    };
    let unix = MIN_UNIX + (input.u64() % (MAX_UNIX - MIN_UNIX + 1) as u64) as i64;
    let text = input.rest_text();

    let random = if flags & 8 != 0 {
        f64::from_bits(random_bits)
    } else {
        (random_bits >> 11) as f64 / (1u64 << 53) as f64
    };
    let header = (flags & 2 != 0).then_some(text.as_str());
    let outcome = match outcome_kind {
        0 => Outcome::Network,
        1 => Outcome::Timeout,
        2 => Outcome::Final,
        _ => Outcome::Status(status, header),
    };
    let repeatable = flags & 1 != 0;

    check_text(&text, now_ms);
    check_round_trip(unix, now_ms);
    check_decision(
        &RetryPolicy::default(),
        attempt,
        outcome,
        repeatable,
        now_ms,
        random,
    );
    if flags & 4 != 0 {
        check_decision(&custom, attempt, outcome, repeatable, now_ms, random);
    }
});
