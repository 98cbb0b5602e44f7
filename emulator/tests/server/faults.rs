//! Faults on a real socket: what arrives, byte for byte, and when the
//! connection closes.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::wire::{read_answer, until_closed, Answer, Call, Emulator};

const JANE: &str = "/v2/users/user_abc123";
const ABC_USERS: &str = "/v2/organizations/org_abc123/users";

#[tokio::test]
async fn drop_before_closes_the_connection_with_no_byte_and_no_change() {
    let api = Emulator::start().await;
    let id = api
        .arm(json!({ "method": "DELETE", "path": JANE, "drop": "before" }))
        .await;

    let received = until_closed(&api.authority, &Call::new("DELETE", JANE)).await;
    assert!(
        received.bytes.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received.bytes)
    );

    // The handler never ran: Jane is still there.
    assert_eq!(api.get(JANE).await.status, 200);
    let journal = api.journal().await;
    assert_eq!(journal[0]["method"], "DELETE");
    assert_eq!(journal[0]["fault"], id.as_str());
    assert_eq!(journal[0]["status"], json!(null));
}

#[tokio::test]
async fn drop_after_runs_the_handler_then_closes_with_no_byte() {
    let api = Emulator::start().await;
    api.arm(json!({ "method": "POST", "path": ABC_USERS, "drop": "after" }))
        .await;

    let invite = Call::new("POST", ABC_USERS)
        .header("Idempotency-Key", "first-try")
        .json(&json!({ "email": "bob@example.com" }));
    let received = until_closed(&api.authority, &invite).await;
    assert!(received.bytes.is_empty());

    // The invitation was made; only its answer was lost.
    let found = api
        .get(&format!("{ABC_USERS}?search=bob%40example.com"))
        .await;
    let users = found.json()["data"].as_array().unwrap().clone();
    assert_eq!(users.len(), 1, "{}", found.text());
    assert_eq!(users[0]["status"], "pending");
    let journal = api.journal().await;
    assert_eq!(journal[0]["idempotencyKey"], "first-try");
    assert_eq!(journal[0]["status"], json!(null));
    assert_eq!(journal[1]["status"], 200);
}

#[tokio::test]
async fn a_drop_on_a_kept_alive_connection_loses_only_its_own_answer() {
    let api = Emulator::start().await;
    api.arm(json!({ "path": JANE, "drop": "before" })).await;

    let mut stream = TcpStream::connect(&api.authority).await.unwrap();
    let first = Call::new("GET", &format!("{ABC_USERS}?per_page=1"));
    stream
        .write_all(&first.bytes(&api.authority))
        .await
        .unwrap();
    assert_eq!(read_answer(&mut stream).await.status, 200);

    stream
        .write_all(&Call::new("GET", JANE).bytes(&api.authority))
        .await
        .unwrap();
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest))
        .await
        .expect("the server closed the connection in time")
        .unwrap();
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
}

#[tokio::test]
async fn cut_after_bytes_sends_the_full_length_then_fewer_bytes_and_closes() {
    let api = Emulator::start().await;
    let whole = api.get(JANE).await;
    api.arm(json!({ "path": JANE, "cutAfterBytes": 10 })).await;

    // Kept alive, so the close is the fault's doing.
    let received = until_closed(&api.authority, &Call::new("GET", JANE)).await;
    let cut = Answer::parse(&received.bytes);
    assert_eq!(cut.status, 200);
    assert_eq!(cut.content_length(), whole.body.len());
    assert_eq!(cut.body, whole.body[..10]);
    assert!(cut.header("x-request-id").is_some());
    assert_eq!(api.journal().await[1]["status"], 200);
}

#[tokio::test]
async fn cut_after_bytes_cuts_a_made_up_body_and_an_error_answer() {
    let api = Emulator::start().await;
    let page = "<html><h1>502 Bad Gateway</h1></html>";
    api.arm(json!({
        "path": JANE, "status": 502, "body": page, "contentType": "text/html",
        "cutAfterBytes": 6,
    }))
    .await;
    api.arm(json!({ "path": "/v2/users/user_nope", "cutAfterBytes": 0 }))
        .await;

    let received = until_closed(&api.authority, &Call::new("GET", JANE)).await;
    let cut = Answer::parse(&received.bytes);
    assert_eq!(cut.status, 502);
    assert_eq!(cut.header("content-type"), Some("text/html"));
    assert_eq!(cut.content_length(), page.len());
    assert_eq!(cut.body, b"<html>");

    // The API's own error body is written further out; the cut still
    // holds.
    let received = until_closed(&api.authority, &Call::new("GET", "/v2/users/user_nope")).await;
    let cut = Answer::parse(&received.bytes);
    assert_eq!(cut.status, 404);
    assert!(cut.content_length() > 0);
    assert!(cut.body.is_empty());
}

#[tokio::test]
async fn a_cut_longer_than_the_body_sends_it_whole_and_still_closes() {
    let api = Emulator::start().await;
    api.arm(json!({ "path": JANE, "status": 503, "body": "busy", "cutAfterBytes": 1000 }))
        .await;

    let received = until_closed(&api.authority, &Call::new("GET", JANE)).await;
    let answer = Answer::parse(&received.bytes);
    assert_eq!(answer.status, 503);
    assert_eq!(answer.body, b"busy");
    assert_eq!(answer.header("connection"), Some("close"));
}

#[tokio::test]
async fn hang_sends_nothing_while_the_server_serves_other_calls() {
    let api = Emulator::start().await;
    let id = api.arm(json!({ "path": JANE, "hang": true })).await;

    let mut hanging = TcpStream::connect(&api.authority).await.unwrap();
    hanging
        .write_all(&Call::new("GET", JANE).bytes(&api.authority))
        .await
        .unwrap();
    let mut byte = [0; 1];
    let read = tokio::time::timeout(Duration::from_secs(1), hanging.read(&mut byte)).await;
    assert!(read.is_err(), "something arrived: {read:?}");

    // Others are served while it hangs, Jane's path included.
    assert_eq!(api.get(ABC_USERS).await.status, 200);
    assert_eq!(api.get(JANE).await.status, 200);
    let journal = api.journal().await;
    assert_eq!(journal[0]["fault"], id.as_str());
    assert_eq!(journal[0]["status"], json!(null));
    assert_eq!(journal[1]["status"], 200);
}

#[tokio::test]
async fn delay_holds_the_real_answer_back() {
    let api = Emulator::start().await;
    api.arm(json!({ "path": JANE, "delayMs": 400 })).await;

    let started = Instant::now();
    let answer = api.get(JANE).await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["id"], "user_abc123");

    // Only once.
    let started = Instant::now();
    api.get(JANE).await;
    assert!(started.elapsed() < Duration::from_millis(400));
}

#[tokio::test]
async fn a_delayed_invite_is_made_even_when_the_client_gives_up() {
    let api = Emulator::start().await;
    api.arm(json!({ "method": "POST", "delayMs": 1000 })).await;
    let started = Instant::now();

    let invite = Call::new("POST", ABC_USERS).json(&json!({ "email": "bob@example.com" }));
    let mut impatient = TcpStream::connect(&api.authority).await.unwrap();
    impatient
        .write_all(&invite.bytes(&api.authority))
        .await
        .unwrap();

    // The user shows up while the answer is still held back...
    let search = format!("{ABC_USERS}?search=bob%40example.com");
    while api.get(&search).await.json()["pagination"]["total"] == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no invited user"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(impatient);

    // ...and once the client has left, no answer goes out at all.
    tokio::time::sleep(Duration::from_millis(1300).saturating_sub(started.elapsed())).await;
    let journal = api.journal().await;
    let invited = journal.iter().find(|entry| entry["method"] == "POST");
    assert_eq!(invited.unwrap()["status"], json!(null));
}

#[tokio::test]
async fn a_late_429_carries_its_headers_the_request_id_and_cors() {
    let api = Emulator::start().await;
    api.arm(json!({
        "path": JANE, "status": 429, "delayMs": 300,
        "headers": { "Retry-After": "2", "X-RateLimit-Remaining": "0" },
    }))
    .await;

    let started = Instant::now();
    let answer = api.get(JANE).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 429);
    assert!(answer.body.is_empty());
    assert_eq!(answer.header("retry-after"), Some("2"));
    assert_eq!(answer.header("x-ratelimit-remaining"), Some("0"));
    assert!(answer.header("x-request-id").unwrap().starts_with("req_"));
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert!(answer
        .header("access-control-expose-headers")
        .unwrap()
        .contains("Retry-After"));
}

#[tokio::test]
async fn a_generated_body_of_twenty_megabytes_arrives_whole() {
    let api = Emulator::start().await;
    api.arm(json!({ "path": JANE, "status": 200, "bodySize": 20_000_000 }))
        .await;

    let answer = api.get(JANE).await;
    assert_eq!(answer.content_length(), 20_000_000);
    assert_eq!(answer.body.len(), 20_000_000);
    assert!(answer.body.iter().all(|&byte| byte == b'x'));
}
