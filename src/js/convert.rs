//! JavaScript values in, JavaScript values out.
//!
//! Parameters arrive as JavaScript objects and are read into plain data
//! ([`Data`]) here, strictly: `NaN`, `Infinity`, functions, symbols, `BigInt`s, class
//! instances (a `Date`, a `Map`) and cycles are refused with the path of the
//! offending value, where `JSON.stringify` would silently turn them into
//! `null` or `{}`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;

use crate::data::{Data, Fields};
use crate::error::Error;
use crate::transport::thrown_message;

// Every JavaScript operation on a caller's value can throw: a getter, a
// Proxy trap, a revoked Proxy. These bindings catch, so that a throw becomes
// an `invalid_input` error instead of unwinding through the module.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// The error for a caller's value that threw while being read.
pub(crate) fn threw(path: &str, thrown: &JsValue) -> Error {
    let reason = thrown_message(thrown).unwrap_or_else(|| "no reason given".to_owned());
    Error::invalid_field(path, format!("threw when read ({reason}); pass plain data"))
}

/// `value[key]`, or an error naming `path` when reading it throws.
pub(crate) fn get(value: &JsValue, key: &str, path: &str) -> Result<JsValue, Error> {
    Reflect::get(value, &key.into()).map_err(|thrown| threw(path, &thrown))
}

/// A shallow copy of a caller's object, as plain data to take apart.
pub(crate) fn copy(value: &JsValue, path: &str) -> Result<Object, Error> {
    let copy = Object::new();
    let keys = object_keys(value).map_err(|thrown| threw(path, &thrown))?;
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let item = get(value, &name, &name)?;
        let _ = Reflect::set(&copy, &key, &item);
    }
    Ok(copy)
}

/// How deep a parameter value may nest; far beyond any real metadata, and
/// the guard against cyclic objects.
const MAX_DEPTH: usize = 32;

/// Reads the parameters object of `call` (e.g. `users.list`).
pub(crate) fn params(value: &JsValue, call: &str, example: &str) -> Result<Fields, Error> {
    if !is_plain_object(value, "params")? {
        return Err(Error::invalid_field(
            "params",
            format!("{call} takes an object like {example}"),
        ));
    }
    match to_data(value, "params", 0)? {
        Data::Object(fields) => Ok(fields),
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

/// One JavaScript value as plain data, or an error naming where it went
/// wrong.
fn to_data(value: &JsValue, path: &str, depth: usize) -> Result<Data, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid_field(
            path,
            "nests too deeply (is it a cyclic object?)",
        ));
    }
    if value.is_null() {
        return Ok(Data::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Data::Bool(flag));
    }
    if let Some(text) = value.as_string() {
        return Ok(Data::String(text));
    }
    if let Some(number) = value.as_f64() {
        if number.is_finite() {
            return Ok(Data::Number(number));
        }
        return Err({
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
    if is_array(value).map_err(|thrown| threw(path, &thrown))? {
        let length = get(value, "length", path)?.as_f64().unwrap_or(0.0);
        if length > 100_000.0 {
            return Err(Error::invalid_field(path, "holds more than 100000 items"));
        }
        let mut items = Vec::with_capacity(length as usize);
        for index in 0..length as u32 {
            let item_path = format!("{path}[{index}]");
            let item =
                Reflect::get_u32(value, index).map_err(|thrown| threw(&item_path, &thrown))?;
            if item.is_undefined() {
                return Err(Error::invalid_field(&item_path, "is undefined; use null"));
            }
            items.push(to_data(&item, &item_path, depth + 1)?);
        }
        return Ok(Data::Array(items));
    }
    if is_plain_object(value, path)? {
        let mut fields = Vec::new();
        let keys = object_keys(value).map_err(|thrown| threw(path, &thrown))?;
        for key in keys.iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item_path = if depth == 0 {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let item = get(value, &name, &item_path)?;
            // An undefined property is a missing one, as in JSON.stringify.
            if item.is_undefined() {
                continue;
            }
            let converted = to_data(&item, &item_path, depth + 1)?;
            fields.push((name, converted));
        }
        return Ok(Data::Object(fields));
    }
    Err(Error::invalid_field(
        path,
        format!("must be plain JSON data (got {})", js_type(value)),
    ))
}

/// An object literal or `Object.create(null)`: not an array, function,
/// `Date`, `Map` or other class instance.
fn is_plain_object(value: &JsValue, path: &str) -> Result<bool, Error> {
    let fail = |thrown: JsValue| threw(path, &thrown);
    if !value.is_object() || is_array(value).map_err(fail)? {
        return Ok(false);
    }
    let prototype = prototype_of(value).map_err(fail)?;
    Ok(prototype.is_null() || prototype_of(&prototype).map_err(fail)?.is_null())
}

fn js_type(value: &JsValue) -> String {
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_null() {
        return "null".into();
    }
    if is_array(value).unwrap_or(false) {
        return "an array".into();
    }
    if value.is_object() {
        let name = Reflect::get(value, &"constructor".into())
            .ok()
            .and_then(|c| Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "Object".into());
        return crate::response::a_or_an(&name);
    }
    value.js_typeof().as_string().unwrap_or_default()
}
