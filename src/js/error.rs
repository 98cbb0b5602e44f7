//! [`Error`] to `LegionEdgeError`, the JavaScript class from `error.js`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    /// The class JavaScript callers catch and `instanceof`-check.
    #[wasm_bindgen(js_name = LegionEdgeError)]
    pub type LegionEdgeError;

    #[wasm_bindgen(constructor, js_class = "LegionEdgeError")]
    fn new(message: &str, fields: &Object, cause: JsValue) -> LegionEdgeError;
}

/// The `LegionEdgeError` for `error`: every field as data, `null` where the
/// error has none; `details` an array of `{ field, message }`, `rateLimit`
/// an object of `{ limit, remaining, reset }`; the platform's error, for a
/// network failure, as `cause`.
pub(crate) fn to_js(error: &Error) -> JsValue {
    let or_null = |value: Option<JsValue>| value.unwrap_or(JsValue::NULL);
    let fields = Object::new();
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&fields, &key.into(), &value);
    };

    set("kind", error.kind().as_str().into());
    set("status", or_null(error.status().map(JsValue::from)));
    set("code", or_null(error.code().map(JsValue::from)));
    set("requestId", or_null(error.request_id().map(JsValue::from)));
    set(
        "retryAfter",
        or_null(error.retry_after().map(JsValue::from)),
    );
    set(
        "bodyPreview",
        or_null(error.body_preview().map(JsValue::from)),
    );

    let details = (!error.details().is_empty()).then(|| {
        let list = Array::new();
        for detail in error.details() {
            list.push(&plain(&[
                ("field", detail.field.as_str().into()),
                ("message", detail.message.as_str().into()),
            ]));
        }
        JsValue::from(list)
    });
    set("details", or_null(details));

    let limits = error.rate_limit();
    let number = |n: Option<u64>| or_null(n.map(|n| JsValue::from(n as f64)));
    let rate_limit = (!limits.is_empty()).then(|| {
        plain(&[
            ("limit", number(limits.limit)),
            ("remaining", number(limits.remaining)),
            ("reset", number(limits.reset)),
        ])
        .into()
    });
    set("rateLimit", or_null(rate_limit));

    let cause = error
        .cause()
        .map_or(JsValue::UNDEFINED, |cause| cause.value.clone());
    LegionEdgeError::new(error.message(), &fields, cause).into()
}

fn plain(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}
