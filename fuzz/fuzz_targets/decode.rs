//! Any answer, decoded every way the SDK decodes one, never panics, and the
//! error it gives keeps the contract of `ErrorKind`.
//!
//! Input layout (see `scripts/fuzz` for seeds written this way):
//!
//! | bytes | meaning |
//! | --- | --- |
//! | 2 | status, big-endian |
//! | 1 (+ text) | `Content-Type`: 0 none, 1..=8 from `CONTENT_TYPES`, else a length byte and that many bytes |
//! | 1 (+ text) | `Retry-After`, the same way from `RETRY_AFTERS` |
//! | 1 + 8 | the clock (`received_at_ms`): even selector, a real time; odd, any f64 |
//! | 1 | which request was sent (`users::get`, `list`, `invite`, `update`, `suspend`, `delete`) |
//! | 1 (+ text) | `X-Request-Id`: 0 none, else a length byte and text |
//! | the rest | the body, as lossy UTF-8 |
#![no_main]

mod common;

use common::Bytes;
use legionedge::{
    users, ApiRequest, ApiResponse, Error, ErrorKind, Invitation, InviteUser, ListUsers, Page,
    UpdateUser, User,
};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "text/html; charset=utf-8",
    "text/plain",
    "Application/JSON",
    "application/problem+json",
    "",
    "application/octet-stream",
];

const RETRY_AFTERS: &[&str] = &[
    "0",
    "120",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "18446744073709551616",
    " 5 ",
];

/// The most characters a `body_preview` may hold.
const PREVIEW_CHARS: usize = 200;

fn request(select: u8) -> ApiRequest {
    match select % 6 {
        0 => users::get("user_abc123"),
        1 => users::list(&ListUsers::new("org_abc123").per_page(50)),
        2 => users::invite(&InviteUser::new("org_abc123", "bob@example.com")),
        3 => users::update("user_abc123", &UpdateUser::new().name("Jane")),
        4 => users::suspend("user_abc123"),
        _ => users::delete("user_abc123"),
    }
    .expect("the fixed requests are valid")
}

fn is_json_label(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|kind| kind.to_ascii_lowercase().contains("json"))
}

/// What every error of `decode` and `expect_empty` must be, whatever the
/// answer was.
fn check_error(response: &ApiResponse, error: &Error) {
    let status = response.status;
    if response.is_success() {
        assert_ne!(
            error.kind(),
            ErrorKind::Api,
            "a {status} gave an api error: {error:?}"
        );
    } else {
        assert_eq!(
            error.kind(),
            ErrorKind::Api,
            "a {status} gave a non-api error: {error:?}"
        );
    }
    assert_eq!(error.status(), Some(status), "{error:?}");

    if let Some(preview) = error.body_preview() {
        let chars = preview.chars().count();
        assert!(
            chars <= PREVIEW_CHARS,
            "body_preview holds {chars} characters"
        );
        assert!(
            response.body.starts_with(preview),
            "body_preview is not the start of the body"
        );
    }

    if let Some(seconds) = error.retry_after() {
        assert!(
            seconds.is_finite() && seconds >= 0.0 && seconds.fract() == 0.0,
            "retry_after {seconds} is not a whole number of seconds"
        );
        assert!(
            response.retry_after.is_some(),
            "retry_after without a Retry-After header"
        );
    }

    // The message is for a log line: it never carries a long foreign body.
    // (What the headers say is echoed, so a header holding the body would
    // be a false alarm.)
    let body = &response.body;
    let echoed_header =
        |header: &Option<String>| header.as_deref().is_some_and(|h| h.contains(body.as_str()));
    if body.chars().count() > 300
        && serde_json::from_str::<serde_json::Value>(body).is_err()
        && !echoed_header(&response.content_type)
        && !echoed_header(&response.request_id)
    {
        assert!(
            !error.message().contains(body.as_str()),
            "the message holds the whole {}-byte body",
            body.len()
        );
    }
}

fn check_decode<T: serde::de::DeserializeOwned>(
    response: &ApiResponse,
    request: &ApiRequest,
) -> Option<Error> {
    match response.decode::<T>(request) {
        Ok(_) => {
            assert!(response.is_success(), "a {} decoded", response.status);
            assert!(
                is_json_label(response.content_type.as_deref()),
                "a body labelled {:?} decoded as JSON",
                response.content_type
            );
            assert!(
                serde_json::from_str::<serde_json::Value>(&response.body).is_ok(),
                "a body that is not JSON decoded"
            );
            None
        }
        Err(error) => {
            check_error(response, &error);
            if response.is_success() {
                assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
            }
            Some(error)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let status = input.u16();
    let content_type = input.pick_or_text(CONTENT_TYPES);
    let retry_after = input.pick_or_text(RETRY_AFTERS);
    let received_at_ms = input.clock_ms();
    let request = request(input.u8());
    let request_id = match input.u8() {
        0 => None,
        _ => Some(input.short_text()),
    };
    let body = input.rest_text();

    let response = ApiResponse {
        status,
        request_id,
        content_type,
        retry_after,
        received_at_ms,
        body,
        ..ApiResponse::default()
    };

    let as_user = check_decode::<User>(&response, &request);
    let as_page = check_decode::<Page<User>>(&response, &request);
    let as_invitation = check_decode::<Invitation>(&response, &request);
    let as_empty = response.expect_empty(&request);

    match &as_empty {
        Ok(()) => assert!(response.is_success(), "expect_empty took a {status}"),
        Err(error) => check_error(&response, error),
    }
    if response.is_success() {
        assert!(as_empty.is_ok(), "a {status} failed expect_empty");
    } else {
        // A non-2xx is the same error whatever the call hoped to decode.
        let empty = as_empty.as_ref().err();
        assert_eq!(as_user.as_ref(), empty, "User and expect_empty disagree");
        assert_eq!(as_page.as_ref(), empty, "Page and expect_empty disagree");
        assert_eq!(
            as_invitation.as_ref(),
            empty,
            "Invitation and expect_empty disagree"
        );
    }
});
