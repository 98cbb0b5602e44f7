//! The demo page at `/` and the npm package at `/pkg`.

use axum::http::{Method, StatusCode};
use legionedge_emulator::Config;

use crate::support::{Emulator, ScratchDir};

/// An emulator serving a small demo page and package; the directories go
/// away with the returned guards.
fn emulator_with_files() -> (Emulator, [ScratchDir; 2]) {
    let www = ScratchDir::new("www");
    let pkg = ScratchDir::new("pkg");
    let write = |dir: &ScratchDir, name: &str, contents: &[u8]| {
        std::fs::write(dir.path().join(name), contents).unwrap();
    };
    write(&www, "index.html", b"<!doctype html><title>demo</title>");
    write(&www, "demo.js", b"console.log('demo');");
    write(&pkg, "legionedge.js", b"export {};");
    write(&pkg, "legionedge_bg.wasm", b"\0asm\x01\0\0\0");
    let api = Emulator::with_config(Config {
        www: www.path().to_owned(),
        pkg: pkg.path().to_owned(),
        log_requests: false,
        ..Config::default()
    });
    (api, [www, pkg])
}

#[tokio::test]
async fn the_root_serves_the_demo_page() {
    let (api, _dirs) = emulator_with_files();
    let reply = api.call(Method::GET, "/").send().await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), "<!doctype html><title>demo</title>");
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn static_files_carry_their_content_types_and_no_store() {
    let (api, _dirs) = emulator_with_files();
    for (path, content_type) in [
        ("/demo.js", "text/javascript"),
        ("/pkg/legionedge.js", "text/javascript"),
        ("/pkg/legionedge_bg.wasm", "application/wasm"),
    ] {
        let reply = api.call(Method::GET, path).send().await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
    let wasm = api
        .call(Method::GET, "/pkg/legionedge_bg.wasm")
        .send()
        .await;
    assert_eq!(&wasm.body[..], b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn a_missing_file_is_a_plain_404() {
    let (api, _dirs) = emulator_with_files();
    for path in [
        "/nope.html",
        "/pkg/nope.js",
        "/../Cargo.toml",
        "/pkg/../index.html",
    ] {
        let reply = api.call(Method::GET, path).send().await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn missing_static_directories_do_not_break_the_api() {
    let api = Emulator::new();
    assert_eq!(
        api.call(Method::GET, "/").send().await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get("/v2/users/user_abc123").send().await.status,
        StatusCode::OK
    );
}
