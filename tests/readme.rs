//! The README's JavaScript example is the one the browser tests run.
#![cfg(not(target_arch = "wasm32"))]

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn readme_example_is_the_block_the_browser_tests_run() {
    let surface = read("tests/js/surface.js");
    let begin = surface
        .find("// README:begin\n")
        .expect("README:begin marker")
        + 16;
    let end = surface
        .find("    // README:end")
        .expect("README:end marker");
    let tested: String = surface[begin..end]
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(tested.contains("client.users.delete(\"user_abc123\")"));

    let readme = read("README.md");
    let block = format!("```js\n{tested}\n```");
    assert!(
        readme.contains(&block),
        "README.md must contain the tested example verbatim:\n{block}"
    );
}
