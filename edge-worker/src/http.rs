//! HTTP plumbing shared by the routes: JSON responses, error bodies and CORS.
//!
//! CORS answers only origins that some facility configured; a request from any other origin
//! gets no `Access-Control-Allow-Origin`, so browsers keep its response from the calling page.
//! Public data ([`Cors::public`]) is the exception: any page may read it, without credentials.

use serde::Serialize;
use tsunagu_core::FacilityConfig;
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
    if body.code == tsunagu_core::ErrorCode::Internal {
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

/// The CORS decision for one request.
#[derive(Debug, Clone)]
pub(crate) struct Cors {
    origin: Option<String>,
    allowed: bool,
    public: bool,
}

impl Cors {
    /// Decides for the request's `Origin` against every facility's allowed origins.
    pub(crate) fn new(origin: Option<&str>, facilities: &[FacilityConfig]) -> Cors {
        let allowed = origin.is_some_and(|o| facilities.iter().any(|f| f.allows_origin(o)));
        Cors {
            origin: origin.map(str::to_owned),
            allowed,
            public: false,
        }
    }

    /// The decision for public data: every origin may read it (`*`, so never with credentials).
    pub(crate) fn public() -> Cors {
        Cors {
            origin: None,
            allowed: true,
            public: true,
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
        if self.public {
            // A plain GET needs no preflight; this answers the ones browsers send anyway.
            headers.set("access-control-allow-methods", "GET, HEAD, OPTIONS")?;
            headers.set("access-control-max-age", PREFLIGHT_MAX_AGE)?;
            return Ok(Response::empty()?.with_status(204).with_headers(headers));
        }
        headers.set("access-control-allow-methods", "GET, POST, OPTIONS")?;
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
        if self.public {
            // The same answer for every origin: nothing to vary on.
            headers.set("access-control-allow-origin", "*")?;
            return Ok(response);
        }
        headers.append("vary", "Origin")?;
        if let (true, Some(origin)) = (self.allowed, &self.origin) {
            headers.set("access-control-allow-origin", origin)?;
        }
        Ok(response)
    }
}
