//! The public schedule data the widget draws: `GET /v2/month` (a month's holidays and
//! meetings) and `GET /v2/groups/{group}/calendar.ics` (one group's iCalendar file). Both are
//! worked out by the engine; any origin may read them.

use tsunagu_contract::api::month;
use tsunagu_contract::api::query;
use tsunagu_contract::schedule::tokyo;
use tsunagu_engine::api::group_calendar::{self, GroupCalendarFile};
use worker::{Env, Request, Response};

use crate::error::{Error, Result};
use crate::{http, platform, store};

/// Browsers and edges may reuse the answers for an hour: they change when an admin loads a
/// directory or when the date moves on, neither of which needs to show at once.
const CACHE_CONTROL: &str = "public, max-age=3600";

/// Serves one month's calendar data, for the whole directory or one facility.
pub(crate) async fn month(req: &Request, env: &Env) -> Result<Response> {
    let url = req.url()?;
    let facility = query::facility(url.query_pairs())?;
    let month = month::month_param(url.query_pairs(), tokyo(platform::now()).date())?;
    let directory = store::directory(env).await?;
    if let Some(id) = &facility
        && directory.facility(id).is_none()
    {
        return Err(Error::UnknownFacility(id.clone()));
    }
    let body = tsunagu_engine::api::month::build(&directory, facility.as_ref(), month);
    let mut response = http::json(&body, 200)?;
    response.headers_mut().set("cache-control", CACHE_CONTROL)?;
    Ok(response)
}

/// Serves the iCalendar file of the group `segment` (the path's unchecked segment) names.
pub(crate) async fn group_ics(req: &Request, env: &Env, segment: &str) -> Result<Response> {
    let download = group_calendar::wants_download(req.url()?.query_pairs());
    let directory = store::directory(env).await?;
    let file = GroupCalendarFile::build(&directory, segment, download, platform::now())?;
    let mut response = Response::ok(file.body)?;
    let headers = response.headers_mut();
    headers.set("content-type", group_calendar::CONTENT_TYPE)?;
    headers.set("content-disposition", &file.disposition)?;
    headers.set("cache-control", CACHE_CONTROL)?;
    Ok(response)
}
