//! `GET /v1/form?facility=ID`: what one facility's inquiry form offers and says (kinds,
//! anonymity, privacy policy and consent text with its version, reply promise). Public: the
//! widget shows it before the visitor writes anything.

use tsunagu_contract::FacilityConfig;
use tsunagu_contract::api::query;
use worker::{Request, Response};

use crate::error::{Error, Result};
use crate::http;

/// Browsers may reuse the settings briefly; a changed consent text is caught on submit
/// (`consent_outdated`) in any case.
const CACHE_CONTROL: &str = "public, max-age=60";

/// Serves one facility's form settings.
pub(crate) fn get(req: &Request, facilities: &[FacilityConfig]) -> Result<Response> {
    let id = query::facility(req.url()?.query_pairs())?.ok_or(Error::InvalidFacilityParam)?;
    let config = facilities
        .iter()
        .find(|f| f.id == id)
        .ok_or(Error::UnknownFacility(id))?;
    let mut response = http::json(&config.form, 200)?;
    response.headers_mut().set("cache-control", CACHE_CONTROL)?;
    Ok(response)
}
