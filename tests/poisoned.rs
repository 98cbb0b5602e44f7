//! After a panic, the module refuses every later call with a clear error
//! instead of failing mysteriously. Its own test binary, since the panic
//! poisons the module for good. Needs the `test-support` feature, which
//! exports a function that panics on purpose.
#![cfg(all(target_arch = "wasm32", feature = "test-support"))]

use legionedge::{Client, ClientOptions, ErrorKind, JsClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function survive(trap) {
  try { trap(); } catch (error) { return String(error); }
  return 'no trap';
}
export async function later(client) {
  try { await client.users.get('user_abc123'); } catch (error) { return [error.name, error.kind, error.message]; }
  return ['resolved'];
}
")]
extern "C" {
    fn survive(trap: &js_sys::Function) -> String;
    async fn later(client: JsClient) -> JsValue;
}

#[wasm_bindgen_test]
async fn calls_after_a_panic_reject_with_kind_internal() {
    let client = Client::new(ClientOptions::new("sk_test_abc123").base_url("http://127.0.0.1:9"))
        .expect("a valid client");

    // A panic outside the SDK's own code is the application's business.
    let theirs = Closure::<dyn Fn()>::new(|| panic!("the application's own panic"));
    assert!(survive(theirs.as_ref().unchecked_ref()).contains("unreachable"));
    let error = client.users().get("").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error}");

    let trap = Closure::<dyn Fn()>::new(legionedge::panic_for_tests);
    let thrown = survive(trap.as_ref().unchecked_ref());
    assert!(thrown.contains("unreachable"), "{thrown}");

    let error = client.users().get("user_abc123").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Internal);
    assert!(error.message().contains("deliberate panic"), "{error}");
    assert!(error.message().contains("reload the page"), "{error}");

    let seen: Vec<String> = js_sys::Array::from(&later(JsClient::from_client(client)).await)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(seen[..2], ["LegionEdgeError", "internal"], "{seen:?}");
}
