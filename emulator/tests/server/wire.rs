//! HTTP/1.1 written by hand over a `TcpStream`, so a test sees exactly what
//! arrives on the socket: every byte, and whether and when it closes.

use std::path::PathBuf;
use std::time::Duration;

use legionedge_emulator::{Config, Server};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// How long any read waits before the test gives up on the server.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The key of `org_abc123`.
pub const ABC_KEY: &str = "sk_test_abc123";

/// An answer split into status, header block and body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// Splits what a server sent; panics if it is not a whole head.
    pub fn parse(raw: &[u8]) -> Answer {
        let end = raw
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header block in {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8(raw[..end].to_vec()).unwrap();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        Answer {
            status,
            head,
            body: raw[end + 4..].to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub fn content_length(&self) -> usize {
        self.header("content-length")
            .expect("Content-Length")
            .parse()
            .unwrap()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }
}

/// A request written out by hand.
pub struct Call {
    method: &'static str,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Call {
    /// A call with the key of `org_abc123`.
    pub fn new(method: &'static str, target: &str) -> Call {
        Call {
            method,
            target: target.to_owned(),
            headers: vec![("Authorization".to_owned(), format!("Bearer {ABC_KEY}"))],
            body: String::new(),
        }
    }

    /// A call without a key, as the control routes take them.
    pub fn anonymous(method: &'static str, target: &str) -> Call {
        Call {
            headers: Vec::new(),
            ..Call::new(method, target)
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Call {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn json(mut self, body: &Value) -> Call {
        self.body = body.to_string();
        self.header("Content-Type", "application/json")
    }

    /// The bytes to send to `authority`. Without `Connection: close` the
    /// server may keep the connection open, so a close proves something.
    pub fn bytes(&self, authority: &str) -> Vec<u8> {
        let mut request = format!(
            "{} {} HTTP/1.1\r\nHost: {authority}\r\n",
            self.method, self.target
        );
        for (name, value) in &self.headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        request.push_str(&self.body);
        request.into_bytes()
    }
}

/// What came back on a connection until the server closed it.
pub struct Received {
    pub bytes: Vec<u8>,
}

/// Sends `call` on a fresh connection and reads until the server closes
/// it; panics if it stays open past [`PATIENCE`].
pub async fn until_closed(authority: &str, call: &Call) -> Received {
    let mut stream = TcpStream::connect(authority).await.unwrap();
    stream.write_all(&call.bytes(authority)).await.unwrap();
    let mut bytes = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut bytes))
        .await
        .expect("the server closed the connection in time")
        .expect("a clean close, not a reset");
    Received { bytes }
}

/// Sends `call` with `Connection: close` and reads the whole answer.
pub async fn exchange(authority: &str, call: Call) -> Answer {
    let received = until_closed(authority, &call.header("Connection", "close")).await;
    Answer::parse(&received.bytes)
}

/// Sends one GET with `key` and reads the whole answer.
pub async fn get(authority: &str, target: &str, key: &str) -> Answer {
    let call = Call::anonymous("GET", target).header("Authorization", &format!("Bearer {key}"));
    exchange(authority, call).await
}

/// Arms `fault` on the emulator at `authority`; returns its id.
pub async fn arm(authority: &str, fault: Value) -> String {
    let answer = exchange(
        authority,
        Call::anonymous("POST", "/__emulator/faults").json(&fault),
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    answer.json()["id"].as_str().unwrap().to_owned()
}

/// Reads one answer off an open connection, using its Content-Length.
pub async fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut raw = Vec::new();
    let mut chunk = [0; 4096];
    let read = async {
        loop {
            let read = stream.read(&mut chunk).await.unwrap();
            assert_ne!(read, 0, "the server closed mid-answer");
            raw.extend_from_slice(&chunk[..read]);
            if let Some(end) = raw.windows(4).position(|window| window == b"\r\n\r\n") {
                let answer = Answer::parse(&raw);
                if raw.len() >= end + 4 + answer.content_length() {
                    return answer;
                }
            }
        }
    };
    tokio::time::timeout(PATIENCE, read)
        .await
        .expect("an answer in time")
}

/// A [`Server`] on a free loopback port, stopped when dropped.
pub struct Emulator {
    pub authority: String,
    _stop: oneshot::Sender<()>,
}

impl Emulator {
    pub async fn start() -> Emulator {
        let config = Config {
            port: 0,
            www: PathBuf::from("/nonexistent/www"),
            pkg: PathBuf::from("/nonexistent/pkg"),
            log_requests: false,
            ..Config::default()
        };
        let server = Server::bind(&config).await.unwrap();
        let authority = server.local_addr().unwrap().to_string();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Emulator {
            authority,
            _stop: stop,
        }
    }

    /// Arms `fault`; returns its id.
    pub async fn arm(&self, fault: Value) -> String {
        arm(&self.authority, fault).await
    }

    /// The journal's entries.
    pub async fn journal(&self) -> Vec<Value> {
        let answer = exchange(
            &self.authority,
            Call::anonymous("GET", "/__emulator/requests"),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json().as_array().unwrap().clone()
    }

    /// A GET with the key of `org_abc123`.
    pub async fn get(&self, target: &str) -> Answer {
        exchange(&self.authority, Call::new("GET", target)).await
    }
}
