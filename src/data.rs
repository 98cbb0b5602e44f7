//! Plain JSON data as a JavaScript caller passes it, and the JSON text of
//! request bodies.
//!
//! The JavaScript layer reads parameters into [`Data`] and writes bodies
//! with [`JsonObject`], so the package carries neither `serde_json`'s
//! `Value` nor its serializer: about 8 KB of the module. Objects keep the
//! caller's key order, as `JSON.stringify` does. The Rust API keeps
//! `serde_json` types in its public signatures and converts at the edge.

use serde_json::Value;

/// A JSON value read from a caller: numbers are finite, objects have unique
/// keys in the caller's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Data {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Data>),
    Object(Fields),
}

/// An object's members, in order.
pub(crate) type Fields = Vec<(String, Data)>;

/// The largest magnitude below which every whole `f64` is exact (2^53).
pub(crate) const EXACT: f64 = 9_007_199_254_740_992.0;

impl Data {
    /// How an error message names the value's type.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Data::Null => "null",
            Data::Bool(_) => "a boolean",
            Data::Number(_) => "a number",
            Data::String(_) => "a string",
            Data::Array(_) => "an array",
            Data::Object(_) => "an object",
        }
    }

    /// Appends the value as JSON text.
    pub(crate) fn write(&self, out: &mut String) {
        match self {
            Data::Null => out.push_str("null"),
            Data::Bool(true) => out.push_str("true"),
            Data::Bool(false) => out.push_str("false"),
            Data::Number(number) => write_number(out, *number),
            Data::String(text) => write_string(out, text),
            Data::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Data::Object(fields) => write_object(out, fields),
        }
    }
}

/// Appends an object's members as a JSON object.
pub(crate) fn write_object(out: &mut String, fields: &[(String, Data)]) {
    let mut object = JsonObject::new();
    for (key, value) in fields {
        value.write(object.key(key));
    }
    out.push_str(&object.finish());
}

impl From<&Value> for Data {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Data::Null,
            Value::Bool(flag) => Data::Bool(*flag),
            // Every JSON number serde_json holds is finite.
            Value::Number(number) => Data::Number(number.as_f64().unwrap_or(0.0)),
            Value::String(text) => Data::String(text.clone()),
            Value::Array(items) => Data::Array(items.iter().map(Data::from).collect()),
            Value::Object(map) => Data::Object(fields(map)),
        }
    }
}

/// A `serde_json` object's members as [`Fields`].
pub(crate) fn fields(map: &serde_json::Map<String, Value>) -> Fields {
    map.iter()
        .map(|(key, value)| (key.clone(), Data::from(value)))
        .collect()
}

/// A JSON object written member by member.
pub(crate) struct JsonObject(String);

impl JsonObject {
    pub(crate) fn new() -> Self {
        JsonObject(String::from("{"))
    }

    /// Starts the member `key`; its value is written to what this returns.
    pub(crate) fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        write_string(&mut self.0, key);
        self.0.push(':');
        &mut self.0
    }

    /// A member whose value is a string.
    pub(crate) fn string(&mut self, key: &str, value: &str) {
        write_string(self.key(key), value);
    }

    pub(crate) fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Appends `text` as a JSON string, escaped as `JSON.stringify` escapes
/// it: quotes, backslashes and control characters, nothing else.
pub(crate) fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let byte = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[byte >> 4]));
                out.push(char::from(HEX[byte & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a finite number: a whole one as digits, without the float
/// formatter; any other as the shortest text that reads back the same.
fn write_number(out: &mut String, number: f64) {
    if number.fract() == 0.0 && number.abs() < EXACT {
        write_whole(out, number as i64);
    } else {
        out.push_str(&fraction_text(number));
    }
}

/// Appends an integer in decimal.
pub(crate) fn write_whole(out: &mut String, number: i64) {
    if number < 0 {
        out.push('-');
    }
    let mut rest = number.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// A finite number that is not a small whole one, as JSON. In the browser
/// the engine's own number printing does it; natively, `serde_json`'s.
#[cfg(target_arch = "wasm32")]
fn fraction_text(number: f64) -> String {
    js_sys::JSON::stringify(&wasm_bindgen::JsValue::from_f64(number))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| String::from("null"))
}

#[cfg(not(target_arch = "wasm32"))]
fn fraction_text(number: f64) -> String {
    serde_json::Number::from_f64(number).map_or_else(|| String::from("null"), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: Value) -> String {
        let mut out = String::new();
        Data::from(&value).write(&mut out);
        out
    }

    #[test]
    fn writes_what_serde_json_reads_back_unchanged() {
        for value in [
            json!(null),
            json!(true),
            json!([
                1,
                -2,
                0,
                9_007_199_254_740_991_i64,
                -9_007_199_254_740_991_i64
            ]),
            json!([1.5, -0.25, 1e300, 5e-324, 12345678.125]),
            json!({ "a": "quote \" backslash \\ slash / tab \t nl \n nul \u{0} bell \u{7} del \u{7f}" }),
            json!({ "unicode": "é 漢字 😀 \u{2028}", "nested": { "x": [[], {}, [null]] } }),
        ] {
            let written = text(value.clone());
            let read: Value = serde_json::from_str(&written).expect(&written);
            assert_eq!(read, value, "{written}");
        }
    }

    #[test]
    fn writes_whole_numbers_without_a_fraction_and_keeps_key_order() {
        let data = Data::Object(vec![
            ("z".into(), Data::Number(50.0)),
            ("a".into(), Data::Number(-0.0)),
            ("m".into(), Data::Number(-12.0)),
            ("big".into(), Data::Number(1e21)),
        ]);
        let mut out = String::new();
        data.write(&mut out);
        assert_eq!(out, r#"{"z":50,"a":0,"m":-12,"big":1e+21}"#);
        let mut out = String::new();
        write_whole(&mut out, i64::MIN);
        assert_eq!(out, "-9223372036854775808");
    }

    #[test]
    fn escapes_control_characters_as_json_requires() {
        let mut out = String::new();
        write_string(&mut out, "\u{1}\u{1f}\u{8}\u{c}");
        assert_eq!(out, r#""\u0001\u001f\b\f""#);
    }
}
