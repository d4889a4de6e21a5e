//! HTTP plumbing shared by the routes: JSON responses, error bodies and CORS.
//!
//! Public data (the feed, the directory, form settings, the month calendar and the groups'
//! iCalendar files) is answered to every origin
//! ([`public`]). Posting an inquiry is CORS-granted only to origins that some facility
//! configured; a request from any other origin gets no `Access-Control-Allow-Origin`, so
//! browsers keep its response from the calling page.

use serde::Serialize;
use tsunagu_contract::FacilityConfig;
use worker::{Headers, Response, console_error};

use crate::error::{Error, Result};

/// How long browsers may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// A JSON response with the given status.
pub(crate) fn json<T: Serialize>(value: &T, status: u16) -> Result<Response> {
    Ok(Response::from_json(value)?.with_status(status))
}

/// The JSON error response for an error; internal errors are logged here, once.
pub(crate) fn error_response(error: &Error) -> worker::Result<Response> {
    let body = error.to_api();
    if body.code == tsunagu_contract::ErrorCode::Internal {
        // Error texts never carry visitor data: validation happens before anything is logged.
        console_error!("internal error: {error}");
    }
    let mut response = Response::from_json(&body)?.with_status(body.code.status());
    match error {
        Error::MethodNotAllowed { allow } => response.headers_mut().set("allow", allow)?,
        Error::RateLimited { retry_after } => response
            .headers_mut()
            .set("retry-after", &retry_after.to_string())?,
        _ => {}
    }
    Ok(response)
}

/// Marks a response as public data that any page may read: no credentials are involved, and
/// the answer is the same for every origin.
pub(crate) fn public(mut response: Response) -> worker::Result<Response> {
    response
        .headers_mut()
        .set("access-control-allow-origin", "*")?;
    Ok(response)
}

/// The answer to a preflight for public data (a browser sends one only for a request with
/// headers beyond the simple ones).
pub(crate) fn public_preflight() -> Result<Response> {
    let headers = Headers::new();
    headers.set("access-control-allow-methods", "GET, HEAD, OPTIONS")?;
    headers.set("access-control-max-age", PREFLIGHT_MAX_AGE)?;
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}

/// The CORS decision for one request.
#[derive(Debug, Clone)]
pub(crate) struct Cors {
    origin: Option<String>,
    allowed: bool,
}

impl Cors {
    /// Decides for the request's `Origin` against every facility's allowed origins.
    pub(crate) fn new(origin: Option<&str>, facilities: &[FacilityConfig]) -> Cors {
        let allowed = origin.is_some_and(|o| facilities.iter().any(|f| f.allows_origin(o)));
        Cors {
            origin: origin.map(str::to_owned),
            allowed,
        }
    }

    /// The request's `Origin`, allowed or not.
    pub(crate) fn request_origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// The answer to an `OPTIONS` preflight.
    pub(crate) fn preflight(&self) -> Result<Response> {
        if !self.allowed {
            return Err(Error::OriginNotAllowed);
        }
        let headers = Headers::new();
        headers.set("access-control-allow-methods", "POST, OPTIONS")?;
        headers.set(
            "access-control-allow-headers",
            "content-type, idempotency-key",
        )?;
        headers.set("access-control-max-age", PREFLIGHT_MAX_AGE)?;
        Ok(Response::empty()?.with_status(204).with_headers(headers))
    }

    /// Adds the CORS headers to a response (only for an allowed origin).
    pub(crate) fn apply(&self, mut response: Response) -> worker::Result<Response> {
        let headers = response.headers_mut();
        headers.append("vary", "Origin")?;
        if let (true, Some(origin)) = (self.allowed, &self.origin) {
            headers.set("access-control-allow-origin", origin)?;
        }
        Ok(response)
    }
}
