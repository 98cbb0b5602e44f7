//! `legionedge-emulator`: runs the emulator until SIGINT or SIGTERM.

use std::process::ExitCode;

use legionedge_emulator::{serve, Command, Config, USAGE};

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args_os().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("legionedge-emulator: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    warn_if_missing("--www", &config.www);
    warn_if_missing("--pkg", &config.pkg);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("legionedge-emulator: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };

    match runtime.block_on(serve(&config, shutdown_signal())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "legionedge-emulator: cannot serve on {}:{}: {error}",
                config.host, config.port
            );
            ExitCode::FAILURE
        }
    }
}

/// The API works without the static directories, but a demo would show
/// only 404s; say so once rather than on every request.
fn warn_if_missing(flag: &str, dir: &std::path::Path) {
    if !dir.is_dir() {
        eprintln!(
            "legionedge-emulator: {flag} {} is not a directory; its files will be 404",
            dir.display()
        );
    }
}

/// Completes on the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        // If the handler cannot be installed, wait for the other signal.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    eprintln!("legionedge-emulator: shutting down");
}
