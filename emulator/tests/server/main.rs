//! The real thing: the binary and `Server` listening on loopback, reached by
//! a few lines of HTTP/1.1 written by hand over a `TcpStream`.

mod faults;
mod wire;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use legionedge_emulator::{Config, Server};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use wire::{arm, get, until_closed, Call, ABC_KEY};

const BINARY: &str = env!("CARGO_BIN_EXE_legionedge-emulator");

/// Waits for `child` to exit, killing it and failing after `limit`.
fn wait_for_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the emulator did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn the_binary_prints_its_real_url_serves_logs_and_stops_on_sigterm() {
    let mut child = Command::new(BINARY)
        .args(["--port", "0", "--seed", "7"])
        .args(["--www", "/nonexistent/www", "--pkg", "/nonexistent/pkg"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // The startup line names the port the system picked.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("legionedge-emulator listening on ")
        .and_then(|rest| rest.strip_suffix(" (seed 7)"))
        .unwrap_or_else(|| panic!("unexpected startup line {line:?}"))
        .to_owned();
    let authority = url.strip_prefix("http://127.0.0.1:").expect("loopback URL");
    let port: u16 = authority.parse().unwrap();
    assert_ne!(port, 0);

    let answer = get(
        &format!("127.0.0.1:{port}"),
        "/v2/organizations/org_abc123/users?search=jane%40example.com",
        "sk_test_abc123",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.head);
    assert!(answer.text().contains("\"id\":\"user_abc123\""));
    let request_id = answer.header("x-request-id").unwrap().to_owned();

    let unauthenticated = get(
        &format!("127.0.0.1:{port}"),
        "/v2/users/user_abc123",
        "nope",
    )
    .await;
    assert_eq!(unauthenticated.status, 401);

    // SIGTERM ends it cleanly.
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let status = wait_for_exit(&mut child, Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");

    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "stdout holds the startup line only");

    // One log line per request, without the key or the searched email.
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let line = log
        .lines()
        .find(|line| line.contains(&request_id))
        .unwrap_or_else(|| panic!("no log line for {request_id} in {log}"));
    assert!(
        line.starts_with("GET /v2/organizations/org_abc123/users?search=*** 200 "),
        "{line}"
    );
    assert!(line.contains("ms "), "{line}");
    assert!(log.contains("GET /v2/users/user_abc123 401 "), "{log}");
    assert!(!log.contains("sk_test_abc123"), "{log}");
    assert!(!log.contains("jane"), "{log}");
}

#[tokio::test]
async fn the_binary_logs_each_faulted_call_with_its_fault_id() {
    let mut child = Command::new(BINARY)
        .args(["--port", "0"])
        .args(["--www", "/nonexistent/www", "--pkg", "/nonexistent/pkg"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let authority = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("unexpected startup line {banner:?}"))
        .to_owned();

    // The log is read as it is written, to see when each line appears.
    let (lines, log) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let line_with = |words: &str| {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match log.recv_timeout(left) {
                Ok(line) if line.contains(words) => return line,
                Ok(_) => {}
                Err(_) => panic!("no {words:?} in the log within 5 s"),
            }
        }
    };

    const JANE: &str = "/v2/users/user_abc123";
    let suspend = format!("{JANE}/suspend");
    let answered = arm(
        &authority,
        json!({ "method": "GET", "path": JANE, "status": 503 }),
    )
    .await;
    let hung = arm(&authority, json!({ "path": suspend, "hang": true })).await;
    let dropped = arm(&authority, json!({ "method": "DELETE", "drop": "before" })).await;

    assert_eq!(get(&authority, JANE, ABC_KEY).await.status, 503);
    let line = line_with(&format!(" {answered}"));
    assert!(line.starts_with("GET /v2/users/user_abc123 503 "), "{line}");
    assert!(line.contains(" req_"), "{line}");

    // A hang ends as soon as its client leaves, and the line says so.
    let mut hanging = TcpStream::connect(&authority).await.unwrap();
    let call = Call::new("POST", &suspend).bytes(&authority);
    hanging.write_all(&call).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(hanging);
    let line = line_with(&format!(" {hung}"));
    assert!(
        line.starts_with("POST /v2/users/user_abc123/suspend - "),
        "{line}"
    );
    assert!(
        line.ends_with(&format!("ms - {hung} hang (client went away)")),
        "{line}"
    );

    let dropped_call = until_closed(&authority, &Call::new("DELETE", JANE)).await;
    assert!(dropped_call.bytes.is_empty());
    let line = line_with(&format!(" {dropped}"));
    assert!(
        line.starts_with("DELETE /v2/users/user_abc123 - "),
        "{line}"
    );
    assert!(
        line.ends_with(&format!("{dropped} dropped before the handler")),
        "{line}"
    );

    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_bad_flag_exits_with_status_2_and_says_why() {
    for args in [&["--port", "http"][..], &["--colour"], &["--seed"]] {
        let output = Command::new(BINARY).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(args[0]), "{stderr}");
        assert!(stderr.contains("Usage:"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_prints_the_usage_and_exits_0() {
    let output = Command::new(BINARY).arg("--help").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for flag in ["--host", "--port", "--seed", "--www", "--pkg", "--help"] {
        assert!(stdout.contains(flag), "{flag} missing from {stdout}");
    }
}

#[tokio::test]
async fn server_binds_port_0_and_stops_when_told() {
    let config = Config {
        port: 0,
        seed: 3,
        log_requests: false,
        ..Config::default()
    };
    let server = Server::bind(&config).await.unwrap();
    let address = server.local_addr().unwrap();
    assert!(address.ip().is_loopback());
    assert_ne!(address.port(), 0);
    assert_eq!(
        server.banner(),
        format!("legionedge-emulator listening on http://{address} (seed 3)")
    );

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let answer = get(
        &address.to_string(),
        "/v2/users/user_abc123",
        "sk_test_abc123",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(answer.text().contains("Jane Developer"));

    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("the server stopped within 10 s");
    assert!(result.unwrap().is_ok());
}
