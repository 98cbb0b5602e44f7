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

#[wasm_bindgen(module = "/src/js/values.js")]
extern "C" {
    #[wasm_bindgen(js_name = wellFormed)]
    fn well_formed(text: &JsValue) -> bool;
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

/// A shallow copy of a caller's object, as plain data to take apart. It has
/// no prototype, so that an own `__proto__` key stays a key.
pub(crate) fn copy(value: &JsValue, path: &str) -> Result<Object, Error> {
    let copy = Object::create(JsValue::NULL.unchecked_ref());
    let keys = object_keys(value).map_err(|thrown| threw(path, &thrown))?;
    for key in keys.iter() {
        let Some(name) = text(&key, &At::Key(&At::Root, path), LONE_IN_KEY)? else {
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
    if !is_plain_object(value, &At::Root)? {
        return Err(Error::invalid_field(
            "params",
            format!("{call} takes an object like {example}"),
        ));
    }
    match to_data(value, &At::Root, 0)? {
        Data::Object(fields) => Ok(fields),
        _ => Err(Error::invalid_field("params", "must be a plain object")),
    }
}

/// A string argument such as a user id, without JavaScript's coercion:
/// `users.get(undefined)` must not fetch the user called "undefined".
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, Error> {
    text(value, &At::Key(&At::Root, field), LONE_IN_TEXT)?.ok_or_else(|| {
        Error::invalid_field(
            field,
            format!(
                "must be a string like \"user_abc123\" (got {})",
                js_type(value)
            ),
        )
    })
}

/// Where a value sits in the caller's parameters (`metadata.tags[2]`),
/// written out only for an error: a path string built for every value
/// cost memory that grew with the square of the nesting.
enum At<'a> {
    /// The parameters object itself.
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, u32),
}

impl At<'_> {
    fn path(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        if out.is_empty() {
            out.push_str("params");
        }
        out
    }

    fn write(&self, out: &mut String) {
        /// A key longer than this is cut in a path: the path names the
        /// field, it does not repeat the caller's data.
        const LONGEST_KEY: usize = 64;
        match self {
            At::Root => {}
            At::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                match key.char_indices().nth(LONGEST_KEY) {
                    Some((cut, _)) => {
                        out.push_str(key.get(..cut).unwrap_or_default());
                        out.push('…');
                    }
                    None => out.push_str(key),
                }
            }
            At::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                crate::data::write_whole(out, i64::from(*index));
                out.push(']');
            }
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::invalid_field(&self.path(), message)
    }

    fn threw(&self, thrown: &JsValue) -> Error {
        threw(&self.path(), thrown)
    }
}

/// A caller's string, or `None` for any other value. A string holding half
/// of a UTF-16 surrogate pair is refused with `lone` as the message: UTF-8
/// cannot carry one, and the conversion would quietly put U+FFFD in its
/// place, changing the caller's data (or, in a key, losing the value under
/// it).
fn text(value: &JsValue, at: &At<'_>, lone: &str) -> Result<Option<String>, Error> {
    let Some(text) = value.as_string() else {
        return Ok(None);
    };
    // Only a lone surrogate becomes U+FFFD, so only a string that has one
    // now is asked about.
    if has_replacement(&text) && !well_formed(value) {
        return Err(at.error(lone));
    }
    Ok(Some(text))
}

const LONE_IN_TEXT: &str =
    "holds half of a UTF-16 surrogate pair, which cannot be sent; check where the text was cut";

const LONE_IN_KEY: &str = "has a key holding half of a UTF-16 surrogate pair, which cannot be \
     sent; check where the key was cut";

/// Whether `text` holds U+FFFD, the character a lone surrogate becomes.
/// (`str::contains` with a character outside ASCII would bring `str`'s
/// two-way searcher into the module.)
fn has_replacement(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|bytes| bytes == "\u{fffd}".as_bytes())
}

/// One JavaScript value as plain data, or an error naming where it went
/// wrong.
fn to_data(value: &JsValue, at: &At<'_>, depth: usize) -> Result<Data, Error> {
    if depth > MAX_DEPTH {
        return Err(at.error("nests too deeply (is it a cyclic object?)"));
    }
    if value.is_null() {
        return Ok(Data::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Data::Bool(flag));
    }
    if let Some(text) = text(value, at, LONE_IN_TEXT)? {
        return Ok(Data::String(text));
    }
    if let Some(number) = value.as_f64() {
        if number.is_finite() {
            return Ok(Data::Number(number));
        }
        // Only NaN and the infinities fail; naming them spares the module
        // the whole float formatter.
        let got = if number.is_nan() {
            "NaN"
        } else if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        return Err(at.error(format!("must be a finite number (got {got})")));
    }
    if is_array(value).map_err(|thrown| at.threw(&thrown))? {
        let length = Reflect::get(value, &"length".into()).map_err(|thrown| at.threw(&thrown))?;
        let length = match length.as_f64() {
            Some(length) if length > 100_000.0 => {
                return Err(at.error("holds more than 100000 items"));
            }
            Some(length) if length >= 0.0 && length.fract() == 0.0 => length as u32,
            // Only a Proxy can say this of an array.
            _ => return Err(at.error("is an array whose length is not a count")),
        };
        let mut items = Vec::with_capacity(length as usize);
        for index in 0..length {
            let item_at = At::Index(at, index);
            let item = Reflect::get_u32(value, index).map_err(|thrown| item_at.threw(&thrown))?;
            if item.is_undefined() {
                return Err(item_at.error("is undefined; use null"));
            }
            items.push(to_data(&item, &item_at, depth + 1)?);
        }
        return Ok(Data::Array(items));
    }
    if is_plain_object(value, at)? {
        let mut fields = Vec::new();
        let keys = object_keys(value).map_err(|thrown| at.threw(&thrown))?;
        for key in keys.iter() {
            let Some(name) = text(&key, at, LONE_IN_KEY)? else {
                continue;
            };
            let item_at = At::Key(at, &name);
            let item = Reflect::get(value, &key).map_err(|thrown| item_at.threw(&thrown))?;
            // An undefined property is a missing one, as in JSON.stringify.
            if item.is_undefined() {
                continue;
            }
            let converted = to_data(&item, &item_at, depth + 1)?;
            fields.push((name, converted));
        }
        return Ok(Data::Object(fields));
    }
    Err(at.error(format!("must be plain JSON data (got {})", js_type(value))))
}

/// An object literal or `Object.create(null)`: not an array, function,
/// `Date`, `Map` or other class instance.
fn is_plain_object(value: &JsValue, at: &At<'_>) -> Result<bool, Error> {
    let fail = |thrown: JsValue| at.threw(&thrown);
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
