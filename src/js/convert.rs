//! JavaScript values in, JavaScript values out.
//!
//! Parameters arrive as JavaScript objects and are read into JSON values
//! here, strictly: `NaN`, `Infinity`, functions, symbols, `BigInt`s, class
//! instances (a `Date`, a `Map`) and cycles are refused with the path of the
//! offending value, where `JSON.stringify` would silently turn them into
//! `null` or `{}`.

use js_sys::{Array, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Error;

/// How deep a parameter value may nest; far beyond any real metadata, and
/// the guard against cyclic objects.
const MAX_DEPTH: usize = 32;

/// Reads the parameters object of `call` (e.g. `users.list`).
pub(crate) fn params(
    value: &JsValue,
    call: &str,
    example: &str,
) -> Result<Map<String, Value>, Error> {
    if !is_plain_object(value) {
        return Err(Error::invalid_field(
            "params",
            format!("{call} takes an object like {example}"),
        ));
    }
    match to_json(value, "params", 0)? {
        Value::Object(map) => Ok(map),
        _ => Err(Error::invalid_field("params", "must be a plain object")),
    }
}

/// A string argument such as a user id, without JavaScript's coercion:
/// `users.get(undefined)` must not fetch the user called "undefined".
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, Error> {
    value.as_string().ok_or_else(|| {
        Error::invalid_field(
            field,
            format!(
                "must be a string like \"user_abc123\" (got {})",
                js_type(value)
            ),
        )
    })
}

/// One JavaScript value as JSON, or an error naming where it went wrong.
fn to_json(value: &JsValue, path: &str, depth: usize) -> Result<Value, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid_field(
            path,
            "nests too deeply (is it a cyclic object?)",
        ));
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    if let Some(number) = value.as_f64() {
        return number_to_json(number).ok_or_else(|| {
            // Only NaN and the infinities fail; naming them spares the
            // module the whole float formatter.
            let got = if number.is_nan() {
                "NaN"
            } else if number > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            };
            Error::invalid_field(path, format!("must be a finite number (got {got})"))
        });
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (index, item) in array.iter().enumerate() {
            let item_path = format!("{path}[{index}]");
            if item.is_undefined() {
                return Err(Error::invalid_field(&item_path, "is undefined; use null"));
            }
            items.push(to_json(&item, &item_path, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if is_plain_object(value) {
        let mut map = Map::new();
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
            // An undefined property is a missing one, as in JSON.stringify.
            if item.is_undefined() {
                continue;
            }
            let item_path = if depth == 0 {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let converted = to_json(&item, &item_path, depth + 1)?;
            map.insert(name, converted);
        }
        return Ok(Value::Object(map));
    }
    Err(Error::invalid_field(
        path,
        format!("must be plain JSON data (got {})", js_type(value)),
    ))
}

/// Whole numbers stay integers, so `perPage: 50` is sent as `50`, not `50.0`.
fn number_to_json(number: f64) -> Option<Value> {
    if !number.is_finite() {
        return None;
    }
    if number.fract() == 0.0 && number.abs() < 9.007_199_254_740_992e15 {
        return Some(Value::Number(Number::from(number as i64)));
    }
    Number::from_f64(number).map(Value::Number)
}

/// An object literal or `Object.create(null)`: not an array, function,
/// `Date`, `Map` or other class instance.
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || Array::is_array(value) {
        return false;
    }
    let prototype = Object::get_prototype_of(value);
    prototype.is_null() || Object::get_prototype_of(&prototype).is_null()
}

fn js_type(value: &JsValue) -> String {
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    if value.is_object() {
        let name = Reflect::get(value, &"constructor".into())
            .ok()
            .and_then(|c| Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "Object".into());
        return format!("a {name}");
    }
    value.js_typeof().as_string().unwrap_or_default()
}
