//! What the targets share: a reader that turns the fuzzer's bytes into
//! values in a fixed, documented order (so that `scripts/fuzz` can write
//! seed inputs by hand), and the checks on built requests.
#![allow(dead_code)]

use legionedge::ApiRequest;

/// Reads the fuzzer's bytes front to back. Past the end every read gives
/// zeros or empty text, so any input is a valid one.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        head
    }

    pub fn u8(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    fn be<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let head = self.take(N);
        out[..head.len()].copy_from_slice(head);
        out
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.be())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.be())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.be())
    }

    /// One length byte, then that many bytes as (lossy) UTF-8.
    pub fn short_text(&mut self) -> String {
        let len = usize::from(self.u8());
        String::from_utf8_lossy(self.take(len)).into_owned()
    }

    /// Everything left, as (lossy) UTF-8.
    pub fn rest_text(&mut self) -> String {
        let rest = self.take(self.data.len());
        String::from_utf8_lossy(rest).into_owned()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// A selector byte: 0 is `None`, 1..=table.len() picks from `table`,
    /// anything else reads a length-prefixed string.
    pub fn pick_or_text(&mut self, table: &[&str]) -> Option<String> {
        match usize::from(self.u8()) {
            0 => None,
            n if n <= table.len() => Some(table[n - 1].to_owned()),
            _ => Some(self.short_text()),
        }
    }

    /// A clock in Unix milliseconds: one selector byte, then 8 bytes. An
    /// even selector gives a whole-millisecond time between 1970 and 9999,
    /// as a real clock would; an odd one any `f64` (NaN, infinities,
    /// negatives, fractions).
    pub fn clock_ms(&mut self) -> f64 {
        let select = self.u8();
        let raw = self.u64();
        if select.is_multiple_of(2) {
            (raw % 253_402_300_800_000) as f64
        } else {
            f64::from_bits(raw)
        }
    }
}

/// Whether `c` is one of RFC 3986's unreserved characters.
pub fn unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

/// Undoes percent-encoding, checking on the way that the text holds only
/// unreserved characters, `%XX` triplets and the bytes in `also`.
pub fn percent_decode(text: &str, also: &[u8]) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .ok_or_else(|| format!("a bare % at {i} in {text:?}"))?;
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else if unreserved(b) || also.contains(&b) {
            out.push(b);
            i += 1;
        } else {
            return Err(format!("raw byte {b:#04x} at {i} in {text:?}"));
        }
    }
    String::from_utf8(out).map_err(|e| format!("not UTF-8 once decoded: {e} in {text:?}"))
}

pub const BASE_URL: &str = "https://api.legionedge.com";

/// The checks every built request passes: a `/v2/` path with no raw space,
/// `?` or `#` (only unreserved characters, `/` and `%XX`), and a URL whose
/// query holds only unreserved characters, `%XX`, `=` and `&`, and decodes
/// back to the request's own parameters.
pub fn check_request(request: &ApiRequest) {
    let path = request.path();
    assert!(path.starts_with("/v2/"), "path {path:?} is not under /v2/");
    assert!(
        !path.contains([' ', '?', '#']),
        "path {path:?} has a raw space, ? or #"
    );
    if let Err(problem) = percent_decode(path, b"/") {
        panic!("path is not percent-encoded: {problem}");
    }

    let url = request.url(BASE_URL);
    let (before, query) = match url.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (url.as_str(), None),
    };
    assert_eq!(before, format!("{BASE_URL}{path}"), "url {url:?}");
    assert!(!url.contains('#'), "url {url:?} has a fragment");
    match query {
        None => assert!(request.query().is_empty(), "url {url:?} lost its query"),
        Some(query) => {
            if let Err(problem) = percent_decode(query, b"=&") {
                panic!("query is not percent-encoded: {problem}");
            }
            let pairs: Vec<(String, String)> = query
                .split('&')
                .map(|pair| {
                    let (name, value) = pair
                        .split_once('=')
                        .unwrap_or_else(|| panic!("query pair {pair:?} has no '=' in {url:?}"));
                    assert!(!value.contains('='), "query pair {pair:?} has a raw '='");
                    (
                        percent_decode(name, b"").unwrap(),
                        percent_decode(value, b"").unwrap(),
                    )
                })
                .collect();
            let expected: Vec<(String, String)> = request
                .query()
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect();
            assert_eq!(pairs, expected, "the query of {url:?} does not decode back");
        }
    }
}

/// The one path segment after `prefix`, decoded, for ids.
pub fn id_segment(path: &str, prefix: &str, suffix: &str) -> String {
    let segment = path
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("path {path:?} is not {prefix}…{suffix}"));
    assert!(
        !segment.contains('/'),
        "the id in {path:?} spans more than one segment"
    );
    percent_decode(segment, b"").unwrap()
}
