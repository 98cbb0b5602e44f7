//! The SDK against a misbehaving emulator, in a real browser: retries,
//! timeouts, cancellation and hostile answers, through the JavaScript
//! surface (`tests/js/faults.js`). The test command passes the emulator's
//! URL in `LEGIONEDGE_TEST_URL` at build time.
#![cfg(target_arch = "wasm32")]

use legionedge::{Client, ClientOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::BASE;

fn client() -> Client {
    Client::new(ClientOptions::new("sk_test_abc123").base_url(BASE)).expect("a valid client")
}

js_tests!(
    "/tests/js/faults.js",
    faults,
    super::client,
    [
        a_503_then_200_resolves_after_one_retry,
        persistent_503_fails_after_max_retries,
        other_4xx_are_never_retried,
        proxy_html_502_is_described_with_a_preview,
        empty_503_and_truncated_and_misshapen_200s_fail_cleanly,
        a_huge_body_is_refused_unread,
        a_body_cut_short_is_a_network_error_and_is_retried,
        a_dropped_connection_is_retried_and_keeps_the_browser_cause,
        an_invite_retried_after_a_drop_creates_exactly_one_user,
        a_429_honours_retry_after_and_exposes_rate_limits,
        a_slow_or_hung_answer_times_out,
        abort_cancels_the_fetch_and_the_backoff,
        no_timer_or_listener_outlives_a_call,
        two_hundred_concurrent_calls_with_faults_all_settle,
        get_token_is_asked_per_request_and_again_after_a_401,
        plain_http_to_another_host_needs_an_opt_in,
        values_that_throw_when_read_reject_cleanly,
        a_fetch_that_ignores_the_signal_still_times_out_and_aborts,
        a_key_echoed_into_any_field_is_scrubbed,
        a_delete_whose_answer_was_lost_resolves_when_the_retry_finds_it_gone,
        a_walk_stops_when_the_server_repeats_a_page,
        a_get_token_that_never_settles_ends_with_the_signal,
        a_very_long_search_fails_as_an_api_error,
        an_async_hook_that_rejects_is_ignored,
        a_fetch_that_answers_synchronously_works,
    ]
);
