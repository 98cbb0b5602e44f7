//! A request described as data: method, path, query and body, with no I/O.
//!
//! Every call is first turned into an [`ApiRequest`]; the transport only
//! sends what this module built, so the shape of every request can be tested
//! natively with `cargo test`.

/// The HTTP methods the Users API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    // The discriminants are the indexes of `METHODS` in src/js/attempt.js.
    /// `GET`
    Get = 0,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One API request, ready to send to any base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<String>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) repeatable: bool,
}

impl ApiRequest {
    pub(crate) fn new(method: Method, path: String) -> Self {
        ApiRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
            idempotency_key: None,
            // Every call of the contract is safe to repeat but `invite`,
            // which becomes so with an idempotency key.
            repeatable: true,
        }
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path, already percent-encoded (`/v2/users/user_abc123`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters in the order they are sent, not yet encoded.
    pub fn query(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// The JSON body, if the call has one.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The `Idempotency-Key` sent with the request, if any.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// Sends `key` as the `Idempotency-Key`, which makes the request safe to
    /// repeat: the API answers a repeat with the first answer.
    pub fn set_idempotency_key(&mut self, key: impl Into<String>) {
        self.idempotency_key = Some(key.into());
        self.repeatable = true;
    }

    /// Whether sending the request twice has the effect of sending it once,
    /// so that a failed attempt may be retried.
    pub fn is_repeatable(&self) -> bool {
        self.repeatable
    }

    /// The call as error messages name it: the method and the path, a path
    /// longer than a person reads cut short.
    pub(crate) fn call(&self) -> String {
        const SHOWN: usize = 120;
        let mut call = format!("{} ", self.method.as_str());
        // The path is percent-encoded ASCII: any byte is a boundary.
        match self.path.get(..SHOWN) {
            Some(shown) if self.path.len() > SHOWN => {
                call.push_str(shown);
                call.push('…');
            }
            _ => call.push_str(&self.path),
        }
        call
    }

    /// The full URL under `base_url` (`https://api.legionedge.com`, or a
    /// prefix such as `https://proxy.example/legionedge`), with the query
    /// percent-encoded.
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + self.path.len() + 64);
        url.push_str(base_url.trim_end_matches('/'));
        url.push_str(&self.path);
        for (index, (name, value)) in self.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            encode_into(&mut url, value);
        }
        url
    }

    /// The headers to send with the request, given the bearer `api_key`.
    pub fn headers(&self, api_key: &str) -> Vec<(&'static str, String)> {
        let mut headers = vec![
            ("Accept", "application/json".to_owned()),
            ("Authorization", format!("Bearer {api_key}")),
        ];
        if self.body.is_some() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        if let Some(key) = &self.idempotency_key {
            headers.push(("Idempotency-Key", key.clone()));
        }
        headers
    }
}

/// Percent-encodes `text` as one path segment or query value: every byte
/// outside the unreserved set (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`, so `/`,
/// `?`, `#`, `&`, `=`, `+`, `%`, spaces and non-ASCII text all arrive as
/// written.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

pub(crate) fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex_digit(byte >> 4));
            out.push(hex_digit(byte));
        }
    }
}

/// The upper-case hex digit of the low four bits of `nibble`, without the
/// formatting machinery `{:02X}` brings into the wasm.
pub(crate) fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(nibble & 0x0f)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_leaves_unreserved_bytes_alone() {
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn encode_escapes_everything_else_once() {
        assert_eq!(
            encode("a b+c&d=e#f/g?h%i"),
            "a%20b%2Bc%26d%3De%23f%2Fg%3Fh%25i"
        );
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("%2F"), "%252F");
    }

    #[test]
    fn url_joins_base_without_doubling_slashes() {
        let request = ApiRequest::new(Method::Get, "/v2/users/u".into());
        assert_eq!(
            request.url("http://127.0.0.1:8787/"),
            "http://127.0.0.1:8787/v2/users/u"
        );
        assert_eq!(
            request.url("https://proxy.example/le"),
            "https://proxy.example/le/v2/users/u"
        );
    }
}
