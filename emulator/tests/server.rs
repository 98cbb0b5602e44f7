//! The real thing: the binary and `Server` listening on loopback, reached by
//! a few lines of HTTP/1.1 written by hand over a `TcpStream`.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use legionedge_emulator::{Config, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BINARY: &str = env!("CARGO_BIN_EXE_legionedge-emulator");

/// An answer split into status, header block and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends one GET to `authority` (host:port) and reads until the server
/// closes, which `Connection: close` asks it to do.
async fn get(authority: &str, target: &str, key: &str) -> Answer {
    let exchange = async {
        let mut stream = TcpStream::connect(authority).await.unwrap();
        let request = format!(
            "GET {target} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        raw
    };
    let raw = tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .expect("the server answered within 10 s");

    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a header block");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

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
    assert!(answer.body.contains("\"id\":\"user_abc123\""));
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
    assert!(answer.body.contains("Jane Developer"));

    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("the server stopped within 10 s");
    assert!(result.unwrap().is_ok());
}
