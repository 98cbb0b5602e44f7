//! The SDK against a misbehaving emulator, in a real browser: retries,
//! timeouts, cancellation and hostile answers, through the JavaScript
//! surface (`tests/js/faults.js`). The test command passes the emulator's
//! URL in `LEGIONEDGE_TEST_URL` at build time.
#![cfg(target_arch = "wasm32")]

use legionedge::{Client, ClientOptions, JsClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BASE: &str = match option_env!("LEGIONEDGE_TEST_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

fn client() -> JsClient {
    JsClient::from_client(
        Client::new(ClientOptions::new("sk_test_abc123").base_url(BASE)).expect("a valid client"),
    )
}

/// Declares each test of `faults.js` and a `#[wasm_bindgen_test]` running
/// it, failing with the JavaScript error's message.
macro_rules! js_tests {
    ($($name:ident),+ $(,)?) => {
        #[wasm_bindgen(module = "/tests/js/faults.js")]
        extern "C" {
            $(
                #[wasm_bindgen(catch)]
                async fn $name(client: JsClient, base_url: &str) -> Result<JsValue, JsValue>;
            )+
        }

        mod faults {
            use super::*;
            $(
                #[wasm_bindgen_test]
                async fn $name() {
                    if let Err(error) = super::$name(client(), BASE).await {
                        let message = js_sys::Reflect::get(&error, &"message".into())
                            .ok()
                            .and_then(|m| m.as_string())
                            .unwrap_or_else(|| format!("{error:?}"));
                        panic!("{message}");
                    }
                }
            )+
        }
    };
}

js_tests!(
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
);
