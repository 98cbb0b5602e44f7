//! TCP connections that a fault can drop or cut short.
//!
//! Once hyper has accepted a connection it owns the socket, and a handler
//! can only hand it a response: there is no way to say "close this
//! connection and send nothing". So [`crate::Server`] accepts through
//! [`Listener`], which wraps every socket in a [`Socket`] that shares a
//! [`Connection`] handle with the requests served on it (axum hands the
//! handle to each request as `ConnectInfo`). A fault tells the handle what
//! to do, and the socket does it to the bytes hyper writes next:
//!
//! - severed: every later write fails before a byte reaches the socket, so
//!   hyper gives up on the connection and closes it, none of the answer in
//!   hand sent;
//! - cut: the response head and then N body bytes go out, the next write
//!   fails, and hyper closes the connection.
//!
//! Both act on the next bytes hyper writes, which belong to the answer of
//! the request being served as long as the client waits for each answer
//! before sending its next request. Browsers do; a client that pipelines
//! could see an earlier answer cut instead.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::{self, IncomingStream};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Accepts TCP connections whose answers faults can tamper with.
#[derive(Debug)]
pub struct Listener(TcpListener);

impl Listener {
    pub fn new(listener: TcpListener) -> Self {
        Listener(listener)
    }
}

impl serve::Listener for Listener {
    type Io = Socket;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Socket, SocketAddr) {
        // axum's own accept loop, which rides out errors such as EMFILE.
        let (stream, address) = serve::Listener::accept(&mut self.0).await;
        // Small answers go out at once: with Nagle's algorithm on, each
        // waited out the client's delayed ACK, some 40 ms a file.
        let _ = stream.set_nodelay(true);
        let socket = Socket {
            stream,
            connection: Connection::default(),
        };
        (socket, address)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// The handle a request gets on the connection it arrived on.
#[derive(Clone, Debug, Default)]
pub struct Connection(Arc<Mutex<Plan>>);

impl Connection {
    /// Lets nothing more out: hyper closes the connection at its next write.
    pub fn sever(&self) {
        *self.plan() = Plan::Severed;
    }

    /// Lets the next response head and `body_bytes` bytes of its body out,
    /// and nothing after.
    pub fn cut_after(&self, body_bytes: usize) {
        *self.plan() = Plan::Cut {
            head: HeadEnd::default(),
            body_left: body_bytes,
        };
    }

    fn plan(&self) -> MutexGuard<'_, Plan> {
        // The plan is a plain value, whole after any panic.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Connected<IncomingStream<'_, Listener>> for Connection {
    fn connect_info(stream: IncomingStream<'_, Listener>) -> Self {
        stream.io().connection.clone()
    }
}

/// What the socket lets through.
#[derive(Debug, Default)]
enum Plan {
    #[default]
    Open,
    Severed,
    Cut {
        head: HeadEnd,
        body_left: usize,
    },
}

impl Plan {
    /// How many bytes at the start of `bytes` may go out.
    fn allowance(&self, bytes: &[u8]) -> usize {
        match self {
            Plan::Open => bytes.len(),
            Plan::Severed => 0,
            Plan::Cut { head, body_left } => {
                let head_bytes = head.bytes_before_end(bytes);
                head_bytes + (*body_left).min(bytes.len() - head_bytes)
            }
        }
    }

    /// Takes note that `written` went out.
    fn wrote(&mut self, written: &[u8]) {
        let Plan::Cut { head, body_left } = self else {
            return;
        };
        let head_bytes = head.advance(written);
        *body_left -= written.len() - head_bytes;
        // With the body's share gone, the next write is refused.
        if head.is_complete() && *body_left == 0 {
            *self = Plan::Severed;
        }
    }
}

/// Finds the blank line that ends a response head, across writes.
#[derive(Debug, Default)]
struct HeadEnd {
    /// How much of `\r\n\r\n` the bytes so far end with.
    matched: usize,
}

const BLANK_LINE: &[u8] = b"\r\n\r\n";

impl HeadEnd {
    fn is_complete(&self) -> bool {
        self.matched == BLANK_LINE.len()
    }

    /// How many of `bytes` still belong to the head.
    fn bytes_before_end(&self, bytes: &[u8]) -> usize {
        let mut probe = HeadEnd {
            matched: self.matched,
        };
        probe.advance(bytes)
    }

    /// Reads `bytes` up to the end of the head; returns how many it read.
    fn advance(&mut self, bytes: &[u8]) -> usize {
        for (read, &byte) in bytes.iter().enumerate() {
            if self.is_complete() {
                return read;
            }
            // Only a `\r` can restart the pattern, which has no other
            // overlap with itself.
            self.matched = if byte == BLANK_LINE[self.matched] {
                self.matched + 1
            } else if byte == b'\r' {
                1
            } else {
                0
            };
        }
        bytes.len()
    }
}

/// A TCP stream that writes only what its connection's plan allows.
#[derive(Debug)]
pub struct Socket {
    stream: TcpStream,
    connection: Connection,
}

impl AsyncRead for Socket {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Socket {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let allowance = this.connection.plan().allowance(bytes);
        if allowance == 0 && !bytes.is_empty() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection closed by an emulator fault",
            )));
        }

        // A TCP stream has no buffer of its own, so what it reports
        // written is with the kernel and goes out even if the connection
        // is closed right after.
        let result = Pin::new(&mut this.stream).poll_write(cx, &bytes[..allowance]);
        if let Poll::Ready(Ok(written)) = result {
            this.connection.plan().wrote(&bytes[..written]);
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `writes` through a plan as hyper would, one allowance at a
    /// time, and returns what went out.
    fn send(plan: &mut Plan, writes: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for write in writes {
            let mut rest = *write;
            while !rest.is_empty() {
                let allowance = plan.allowance(rest);
                if allowance == 0 {
                    return out;
                }
                plan.wrote(&rest[..allowance]);
                out.extend_from_slice(&rest[..allowance]);
                rest = &rest[allowance..];
            }
        }
        out
    }

    fn cut(body_bytes: usize) -> Plan {
        Plan::Cut {
            head: HeadEnd::default(),
            body_left: body_bytes,
        }
    }

    #[test]
    fn an_open_plan_lets_everything_out() {
        let mut plan = Plan::Open;
        assert_eq!(send(&mut plan, &[b"abc", b"def"]), b"abcdef");
    }

    #[test]
    fn a_severed_plan_lets_nothing_out() {
        assert_eq!(send(&mut Plan::Severed, &[b"HTTP/1.1 200 OK\r\n"]), b"");
    }

    #[test]
    fn a_cut_lets_the_head_and_n_body_bytes_out() {
        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\nhello, world";
        let mut plan = cut(5);
        assert_eq!(
            send(&mut plan, &[answer]),
            b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\nhello"
        );
        assert!(matches!(plan, Plan::Severed));
    }

    #[test]
    fn a_cut_finds_the_head_end_split_across_writes() {
        let writes: [&[u8]; 4] = [b"HTTP/1.1 200 OK\r\nx: \r\r\n", b"\r", b"\nhel", b"lo"];
        assert_eq!(
            send(&mut cut(2), &writes),
            b"HTTP/1.1 200 OK\r\nx: \r\r\n\r\nhe"
        );
    }

    #[test]
    fn a_cut_at_zero_sends_the_head_only() {
        let answer = b"HTTP/1.1 503 Service Unavailable\r\n\r\nbody";
        assert_eq!(
            send(&mut cut(0), &[answer]),
            b"HTTP/1.1 503 Service Unavailable\r\n\r\n"
        );
    }

    #[test]
    fn a_cut_longer_than_the_body_sends_it_whole() {
        let answer = b"HTTP/1.1 200 OK\r\n\r\nshort";
        let mut plan = cut(100);
        assert_eq!(send(&mut plan, &[answer]), answer);
        assert!(matches!(plan, Plan::Cut { body_left: 95, .. }));
    }
}
