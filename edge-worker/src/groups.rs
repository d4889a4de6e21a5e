//! `GET /v1/groups`: the public directory, whole or for one facility (`?facility=ID`).

use tsunagu_contract::api::query;
use worker::{Env, Request, Response};

use crate::error::{Error, Result};
use crate::{http, store};

/// Browsers and edges may reuse the directory briefly; it changes when an admin loads it.
const CACHE_CONTROL: &str = "public, max-age=60";

/// Serves the directory.
pub(crate) async fn get(req: &Request, env: &Env) -> Result<Response> {
    let facility = query::facility(req.url()?.query_pairs());
    // A missing directory answers before a malformed parameter, as it always has.
    let directory = store::directory(env).await?;
    let body = match facility? {
        None => directory,
        Some(id) => {
            if directory.facility(&id).is_none() {
                return Err(Error::UnknownFacility(id));
            }
            directory.for_facility(&id)
        }
    };
    let mut response = http::json(&body, 200)?;
    response.headers_mut().set("cache-control", CACHE_CONTROL)?;
    Ok(response)
}
