//! What the browser test binaries share: the emulator's URL and the
//! declaration of tests written in JavaScript.

use wasm_bindgen::JsValue;

/// The emulator the test command started, passed at build time.
pub const BASE: &str = match option_env!("LEGIONEDGE_TEST_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// Fails the test with a JavaScript error's message.
pub fn fail(error: JsValue) -> ! {
    let message = js_sys::Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    panic!("{message}");
}

/// Declares each named export of the JavaScript test module `$module` and a
/// `#[wasm_bindgen_test]` in `mod $tests` that runs it with `$client()` and
/// the emulator's URL.
#[macro_export]
macro_rules! js_tests {
    ($module:literal, $tests:ident, $client:path, [$($name:ident),+ $(,)?]) => {
        #[wasm_bindgen::prelude::wasm_bindgen(module = $module)]
        extern "C" {
            $(
                #[wasm_bindgen(catch)]
                async fn $name(
                    client: legionedge::JsClient,
                    base_url: &str,
                ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
            )+
        }

        mod $tests {
            $(
                #[wasm_bindgen_test::wasm_bindgen_test]
                async fn $name() {
                    let client = legionedge::JsClient::from_client($client());
                    if let Err(error) = super::$name(client, $crate::common::BASE).await {
                        $crate::common::fail(error);
                    }
                }
            )+
        }
    };
}
