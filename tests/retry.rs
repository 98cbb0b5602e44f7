//! The retry policy and `Retry-After` parsing on a virtual clock: every wait
//! is computed, none is slept.
#![cfg(not(target_arch = "wasm32"))]

use legionedge::retry::{
    http_date_unix_seconds, is_retryable_status, retry_after_ms, Decision, Outcome, RetryPolicy,
};

/// 2026-03-12T09:00:00Z in Unix milliseconds.
const NOW: f64 = 1_773_306_000_000.0;

fn policy() -> RetryPolicy {
    RetryPolicy::default()
}

#[test]
fn retryable_statuses_are_exactly_the_transient_ones() {
    let retryable: Vec<u16> = (100..600).filter(|s| is_retryable_status(*s)).collect();
    assert_eq!(retryable, [408, 429, 500, 502, 503, 504]);
}

#[test]
fn other_4xx_and_2xx_are_never_retried() {
    for status in [200, 201, 204, 400, 401, 403, 404, 409, 422, 501] {
        assert_eq!(
            policy().decide(0, Outcome::Status(status, None), true, NOW, 0.5),
            Decision::Stop,
            "{status}"
        );
    }
}

#[test]
fn network_failures_and_timeouts_are_retried_up_to_max_retries() {
    let p = policy();
    for outcome in [
        Outcome::Network,
        Outcome::Timeout,
        Outcome::Status(503, None),
    ] {
        assert!(matches!(
            p.decide(0, outcome, true, NOW, 0.5),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            p.decide(1, outcome, true, NOW, 0.5),
            Decision::RetryAfter(_)
        ));
        assert_eq!(p.decide(2, outcome, true, NOW, 0.5), Decision::Stop);
    }
    let off = RetryPolicy {
        max_retries: 0,
        ..p
    };
    assert_eq!(
        off.decide(0, Outcome::Network, true, NOW, 0.5),
        Decision::Stop
    );
}

#[test]
fn a_request_that_is_not_repeatable_is_never_retried() {
    assert_eq!(
        policy().decide(0, Outcome::Status(503, Some("1")), false, NOW, 0.5),
        Decision::Stop
    );
    assert_eq!(
        policy().decide(0, Outcome::Network, false, NOW, 0.5),
        Decision::Stop
    );
}

#[test]
fn backoff_is_exponential_with_full_jitter_and_a_cap() {
    let p = policy();
    // The ceiling doubles: 500, 1000, 2000, 4000, 8000, then stays capped.
    let ceilings: Vec<u64> = (0..7).map(|attempt| p.backoff_ms(attempt, 1.0)).collect();
    assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    // Full jitter: anywhere from zero to the ceiling.
    assert_eq!(p.backoff_ms(3, 0.0), 0);
    assert_eq!(p.backoff_ms(3, 0.25), 1000);
    // Garbage randomness cannot make it negative or unbounded.
    assert_eq!(p.backoff_ms(3, f64::NAN), 0);
    assert_eq!(p.backoff_ms(3, 7.0), 4000);
    assert_eq!(p.backoff_ms(u32::MAX, 1.0), 8000);
}

#[test]
fn retry_after_delta_seconds_is_honoured_and_capped() {
    let p = policy();
    assert_eq!(
        p.decide(0, Outcome::Status(429, Some("2")), true, NOW, 0.9),
        Decision::RetryAfter(2000)
    );
    assert_eq!(
        p.decide(0, Outcome::Status(503, Some(" 0 ")), true, NOW, 0.9),
        Decision::RetryAfter(0)
    );
    assert_eq!(
        p.decide(0, Outcome::Status(429, Some("3600")), true, NOW, 0.9),
        Decision::RetryAfter(60_000),
        "capped"
    );
    assert_eq!(
        p.decide(
            0,
            Outcome::Status(429, Some("99999999999999999999999")),
            true,
            NOW,
            0.9
        ),
        Decision::RetryAfter(60_000)
    );
}

#[test]
fn retry_after_http_date_is_honoured_relative_to_the_clock() {
    let p = policy();
    let in_five_seconds = Some("Thu, 12 Mar 2026 09:00:05 GMT");
    assert_eq!(
        p.decide(0, Outcome::Status(503, in_five_seconds), true, NOW, 0.9),
        Decision::RetryAfter(5000)
    );
    // The same header a little later on the virtual clock waits less.
    assert_eq!(
        p.decide(
            0,
            Outcome::Status(503, in_five_seconds),
            true,
            NOW + 1500.0,
            0.9
        ),
        Decision::RetryAfter(3500)
    );
    assert_eq!(
        retry_after_ms("Thursday, 12-Mar-26 09:00:05 GMT", NOW),
        Some(5000)
    );
    assert_eq!(retry_after_ms("Thu Mar 12 09:00:05 2026", NOW), Some(5000));
}

#[test]
fn malformed_or_past_retry_after_falls_back_to_the_backoff() {
    let p = policy();
    let backoff = Decision::RetryAfter(p.backoff_ms(0, 0.5));
    for header in [
        "-1",
        "1.5",
        "soon",
        "",
        "Thu, 12 Mar 2026 08:59:59 GMT",
        "Thu, 32 Mar 2026 09:00:00 GMT",
        "Thu, 12 Mar 2026 25:00:00 GMT",
        "Thu, 12 Foo 2026 09:00:00 GMT",
        "Thu, 12 Mar 2026 09:00:00 PST",
        "12 Mar 2026 09:00:00 GMT",
    ] {
        assert_eq!(
            p.decide(0, Outcome::Status(503, Some(header)), true, NOW, 0.5),
            backoff,
            "{header:?}"
        );
    }
}

#[test]
fn http_dates_convert_to_unix_seconds() {
    assert_eq!(
        http_date_unix_seconds("Thu, 01 Jan 1970 00:00:00 GMT"),
        Some(0)
    );
    assert_eq!(
        http_date_unix_seconds("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        http_date_unix_seconds("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        http_date_unix_seconds("Sun Nov  6 08:49:37 1994"),
        Some(784_111_777)
    );
    assert_eq!(
        http_date_unix_seconds("Tue, 29 Feb 2028 12:00:00 GMT"),
        Some(1_835_438_400)
    );
    assert_eq!(
        http_date_unix_seconds("Thu, 29 Feb 2029 12:00:00 GMT"),
        None
    );
}

#[test]
fn invite_is_repeatable_only_with_an_idempotency_key() {
    use legionedge::{users, InviteUser, ListUsers, UpdateUser};
    let mut invite = users::invite(&InviteUser::new("org_abc123", "bob@example.com")).unwrap();
    assert!(!invite.is_repeatable());
    assert_eq!(
        policy().decide(0, Outcome::Network, invite.is_repeatable(), NOW, 0.5),
        Decision::Stop
    );
    assert!(!invite
        .headers("k")
        .iter()
        .any(|(name, _)| *name == "Idempotency-Key"));

    invite.set_idempotency_key("key-1");
    assert!(invite.is_repeatable());
    assert!(invite
        .headers("k")
        .contains(&("Idempotency-Key", "key-1".to_owned())));
    assert!(matches!(
        policy().decide(0, Outcome::Network, invite.is_repeatable(), NOW, 0.5),
        Decision::RetryAfter(_)
    ));

    // Every other call is safe to repeat by the contract.
    for request in [
        users::list(&ListUsers::new("org_abc123")).unwrap(),
        users::get("u").unwrap(),
        users::update("u", &UpdateUser::new()).unwrap(),
        users::suspend("u").unwrap(),
        users::delete("u").unwrap(),
    ] {
        assert!(request.is_repeatable(), "{request:?}");
        assert_eq!(request.idempotency_key(), None);
    }
}

#[test]
fn backoff_never_exceeds_its_ceiling_even_for_huge_ones() {
    // Found by fuzzing: 2^60 - 1 rounds up to 2^60 as a float.
    let huge = RetryPolicy {
        max_retries: 3,
        base_delay_ms: (1 << 60) - 1,
        max_delay_ms: (1 << 60) - 1,
        max_retry_after_ms: 60_000,
    };
    assert_eq!(
        huge.decide(0, Outcome::Network, true, NOW, 1.0),
        Decision::RetryAfter((1 << 60) - 1)
    );
}

#[test]
fn a_leap_second_past_year_9999_is_refused() {
    // Found by fuzzing: it read as 10000-01-01.
    assert_eq!(
        http_date_unix_seconds("Fri, 31 Dec 9999 23:59:60 GMT"),
        None
    );
    assert_eq!(
        http_date_unix_seconds("Fri, 31 Dec 9999 23:59:59 GMT"),
        Some(253_402_300_799)
    );
}
