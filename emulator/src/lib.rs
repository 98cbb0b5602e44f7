//! A local emulator of the LegionEdge Users API v2.
//!
//! It is the demo's backend and the server the SDK's tests run against, so
//! it follows the contract in `users-api.md` to the letter: the six calls,
//! the error body, `X-Request-Id`, CORS and idempotent invites, on seeded
//! data that depends only on `--seed`. Besides the API it serves the demo
//! page and the built npm package, and offers test controls under
//! `/__emulator`: a reset back to the seed, faults armed on upcoming calls
//! (errors, delays, hangs, dropped connections, bodies cut short) and a
//! journal of the calls it saw, all documented in `src/faults.rs`.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let config = legionedge_emulator::Config { port: 0, ..Default::default() };
//! let server = legionedge_emulator::Server::bind(&config).await?;
//! println!("API at {}/v2", server.url());
//! server.run(std::future::pending()).await
//! # }
//! ```

#![deny(missing_docs)]

mod access_log;
mod auth;
mod bodies;
mod config;
mod connection;
mod control;
mod cors;
mod errors;
mod faults;
mod journal;
mod list;
mod random;
mod request_id;
mod routes;
mod seed;
mod static_files;
mod store;
mod time;
mod user;

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::Duration;

use axum::{middleware, Router};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

pub use auth::API_KEYS;
pub use config::{Command, Config, USAGE};
pub use routes::BODY_LIMIT;
pub use seed::{JANE_ID, ODD_USER_ID, ORG_ABC123, ORG_XYZ789};

use connection::{Connection, Listener};
use control::Controls;
use errors::ApiError;
use store::SharedStore;

/// How long open connections get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The whole emulator as one router: the API under `/v2`, the test
/// controls under `/__emulator`, and static files everywhere else.
///
/// Each call starts from freshly seeded data, no faults and an empty
/// journal; clones of the returned router share them. Faults that act on
/// the connection (`drop`, `cutAfterBytes`) need [`Server`] to serve it.
pub fn app(config: &Config) -> Router {
    let store = SharedStore::new(config.seed);
    let controls = Controls::default();

    // The layer added last runs first. The log wraps everything, so it sees
    // the final status and request id; the request id wraps the panic
    // catcher, so even a panic's 500 carries an id and a JSON body.
    let router = Router::new()
        .nest("/v2", routes::v2(store.clone(), controls.clone()))
        .nest("/__emulator", control::router(store, controls))
        .merge(static_files::router(&config.www, &config.pkg))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::internal(
                "The emulator failed while handling this request",
            ))
        }))
        .layer(middleware::from_fn(request_id::assign));
    if config.log_requests {
        router.layer(middleware::from_fn(access_log::record))
    } else {
        router
    }
}

/// A bound, not yet running, emulator. Binding first lets a caller learn
/// the real port (for `--port 0`) before serving.
pub struct Server {
    listener: Listener,
    router: Router,
    seed: u64,
}

impl Server {
    /// Listens on `config.host` and `config.port`.
    ///
    /// # Errors
    ///
    /// The host does not resolve, or the address cannot be bound.
    pub async fn bind(config: &Config) -> io::Result<Server> {
        let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
        Ok(Server {
            listener: Listener::new(listener),
            router: app(config),
            seed: config.seed,
        })
    }

    /// The address actually bound.
    ///
    /// # Errors
    ///
    /// The operating system cannot report it.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        axum::serve::Listener::local_addr(&self.listener)
    }

    /// The base URL, e.g. `http://127.0.0.1:8787`.
    pub fn url(&self) -> String {
        match self.local_addr() {
            Ok(address) => format!("http://{address}"),
            Err(_) => "http://(unknown address)".to_owned(),
        }
    }

    /// The startup line scripts wait for and take the URL from.
    pub fn banner(&self) -> String {
        format!(
            "legionedge-emulator listening on {} (seed {})",
            self.url(),
            self.seed
        )
    }

    /// Serves until `shutdown` completes, then lets open requests finish
    /// for a few seconds at most.
    ///
    /// # Errors
    ///
    /// Accepting connections failed for good.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        // The grace period starts when the signal arrives, so the signal
        // is shared between the server and the deadline.
        let (signalled, signal) = tokio::sync::oneshot::channel::<()>();
        let graceful = async move {
            shutdown.await;
            let _ = signalled.send(());
        };
        // Each request gets a handle on its connection, for the faults that
        // drop it or cut an answer short.
        let service = self
            .router
            .into_make_service_with_connect_info::<Connection>();
        let server = axum::serve(self.listener, service).with_graceful_shutdown(graceful);
        let deadline = async move {
            if signal.await.is_ok() {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };

        tokio::select! {
            result = server => result,
            () = deadline => Ok(()),
        }
    }
}

/// Binds, prints the startup line to stdout, and serves until `shutdown`.
///
/// # Errors
///
/// Binding failed, stdout is closed, or serving failed.
pub async fn serve(
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let server = Server::bind(config).await?;

    // Exactly one line, flushed now: a script may block on it before its
    // first request.
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{}", server.banner())?;
    stdout.flush()?;
    drop(stdout);

    server.run(shutdown).await
}
