//! The one module that touches the network: it sends an [`ApiRequest`]
//! through `fetch` and reads the whole answer as an [`ApiResponse`].
//!
//! gloo-net calls the global `fetch`, which windows, workers and Node all
//! have. A caller may inject their own `fetch` instead (a test double, an
//! instrumented wrapper); it gets a standard `Request` and must return a
//! `Response`.

use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{Error, ErrorKind};
use crate::request::{ApiRequest, Method};
use crate::response::ApiResponse;

/// Sends `request` to `base_url` with the bearer `api_key`.
///
/// # Errors
///
/// A `network` error when no answer arrived (offline, DNS, TLS, CORS) or
/// when the injected `fetch` misbehaved. A non-2xx answer is not an error
/// here: it is returned for [`ApiResponse`] to map.
pub(crate) async fn send(
    request: &ApiRequest,
    base_url: &str,
    api_key: &str,
    fetch: Option<&js_sys::Function>,
) -> Result<ApiResponse, Error> {
    // Build a standard Request: the same object whichever fetch runs it.
    let url = request.url(base_url);
    let mut builder = RequestBuilder::new(&url).method(match request.method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    });
    for (name, value) in request.headers(api_key) {
        builder = builder.header(name, &value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    // Only a header the browser refuses can fail here; the key is never in
    // the message since we do not repeat the browser's text.
    let built = built.map_err(|_| {
        Error::new(
            ErrorKind::InvalidInput,
            "the browser refused to build the request; check baseUrl and apiKey for stray characters",
        )
    })?;

    // Send it, through the caller's fetch when there is one.
    let response = match fetch {
        None => built
            .send()
            .await
            .map_err(|error| unreachable(&url, &error.to_string()))?,
        Some(fetch) => {
            let raw: web_sys::Request = built.into();
            let returned = fetch
                .call1(&JsValue::UNDEFINED, &raw)
                .map_err(|thrown| unreachable(&url, &describe(&thrown)))?;
            let settled = JsFuture::from(js_sys::Promise::resolve(&returned))
                .await
                .map_err(|rejected| unreachable(&url, &describe(&rejected)))?;
            let raw: web_sys::Response = settled.dyn_into().map_err(|_| {
                Error::new(
                    ErrorKind::Network,
                    "the fetch option resolved to something that is not a Response",
                )
            })?;
            Response::from(raw)
        }
    };

    // Read the whole body: every answer is small JSON or small trouble.
    let status = response.status();
    let headers = response.headers();
    let body = response.text().await.map_err(|error| {
        Error::new(
            ErrorKind::Network,
            format!(
                "the connection broke while reading the answer to {} {}: {error}",
                request.method.as_str(),
                request.path
            ),
        )
        .with_status(status)
    })?;
    Ok(ApiResponse {
        status,
        request_id: headers.get("x-request-id"),
        content_type: headers.get("content-type"),
        body,
    })
}

/// The error for a request that got no answer. The URL names the host so a
/// person can see which server failed; it never holds the key.
fn unreachable(url: &str, reason: &str) -> Error {
    let origin: String = url.split('/').take(3).collect::<Vec<_>>().join("/");
    Error::new(
        ErrorKind::Network,
        format!(
            "could not reach {origin} ({reason}); check the network, the baseUrl, \
             and that the server allows this page's origin (CORS)"
        ),
    )
}

/// A thrown JavaScript value as text, whatever it is.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "the fetch option failed".to_owned())
}
