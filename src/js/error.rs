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
    fn new(
        message: &str,
        kind: &str,
        status: JsValue,
        code: JsValue,
        request_id: JsValue,
        details: JsValue,
    ) -> LegionEdgeError;
}

/// The `LegionEdgeError` for `error`: every field as data, `null` where the
/// error has none, `details` an array of `{ field, message }` or `null`.
pub(crate) fn to_js(error: &Error) -> JsValue {
    let status = error.status().map_or(JsValue::NULL, JsValue::from);
    let code = error.code().map_or(JsValue::NULL, JsValue::from);
    let request_id = error.request_id().map_or(JsValue::NULL, JsValue::from);
    let details = if error.details().is_empty() {
        JsValue::NULL
    } else {
        let list = Array::new();
        for detail in error.details() {
            let entry = Object::new();
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&entry, &"field".into(), &detail.field.as_str().into());
            let _ = Reflect::set(&entry, &"message".into(), &detail.message.as_str().into());
            list.push(&entry);
        }
        list.into()
    };
    LegionEdgeError::new(
        error.message(),
        error.kind().as_str(),
        status,
        code,
        request_id,
        details,
    )
    .into()
}
