//! The staff API under `/v1/staff/`: a facility's staff list, read, mark handled, delete and
//! export its inquiries with the facility's bearer token. See the route table on
//! [`tsunagu_contract::api::STAFF_PREFIX`] and `docs/staff-api.md`.
//!
//! Server to server (curl, a back office): no CORS grant whatever the `Origin`, and every
//! answer is `Cache-Control: no-store`, since it holds personal data. Handlers are thin: the
//! route, the token check, paging and the CSV are pure functions in the submodules.

mod auth;
mod csv;
mod page;
mod route;

use std::collections::HashMap;

use tsunagu_contract::api::StaffInquiry;
use tsunagu_contract::api::query::PageQuery;
use tsunagu_contract::{FacilityConfig, InquiryStatus};
use worker::{Env, Request, Response, console_log};

use crate::error::{Error, Result};
use crate::retention::Retention;
use crate::store::staff as kv;
use crate::{http, platform, store};
use route::{Action, Route};

/// Answers one staff request, errors included (with `WWW-Authenticate` on a 401).
pub(crate) async fn handle(
    req: Request,
    env: &Env,
    facilities: Result<Vec<FacilityConfig>>,
) -> worker::Result<Response> {
    let result = match facilities {
        Ok(facilities) => serve(&req, env, &facilities).await,
        Err(error) => Err(error),
    };
    let mut response = match result {
        Ok(response) => response,
        Err(error) => {
            let mut response = http::error_response(&error)?;
            if matches!(error, Error::Unauthorized) {
                response
                    .headers_mut()
                    .set("www-authenticate", "Bearer realm=\"tsunagu staff\"")?;
            }
            response
        }
    };
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

async fn serve(req: &Request, env: &Env, facilities: &[FacilityConfig]) -> Result<Response> {
    let Route { facility, action } = route::parse(&req.method(), &req.path())?;
    let config = facilities
        .iter()
        .find(|f| f.id == facility)
        .ok_or_else(|| Error::UnknownFacility(facility.clone()))?;
    auth::authorize(
        req.headers().get("authorization")?.as_deref(),
        config,
        facilities,
    )?;
    match action {
        Action::List => {
            let query = PageQuery::from_pairs(req.url()?.query_pairs())?;
            let all = kv::summaries(env, &facility).await?;
            http::json(&page::page(all, &query), 200)
        }
        Action::Csv => csv_export(env, config).await,
        Action::Read(receipt) => {
            let stored = kv::inquiry(env, &facility, &receipt)
                .await?
                .ok_or(Error::UnknownInquiry)?;
            let mail = kv::mail_status_of(env, &facility, &receipt).await?;
            http::json(&StaffInquiry { stored, mail }, 200)
        }
        Action::Handled(receipt) => {
            let mut stored = kv::inquiry(env, &facility, &receipt)
                .await?
                .ok_or(Error::UnknownInquiry)?;
            // Marking twice changes nothing and writes nothing (KV takes one write per second
            // per key): the first time it was handled stays the time it was handled.
            if stored.status != InquiryStatus::Handled {
                let now = platform::now();
                stored.status = InquiryStatus::Handled;
                stored.handled_at = Some(now);
                let retention = Retention::new(env, stored.received_at, config.retention_days);
                kv::write_inquiry(env, &stored, retention.expiration(now)).await?;
                console_log!("inquiry {receipt} of facility {facility} marked handled");
            }
            let mail = kv::mail_status_of(env, &facility, &receipt).await?;
            http::json(&StaffInquiry { stored, mail }, 200)
        }
        Action::Delete(receipt) => {
            kv::inquiry(env, &facility, &receipt)
                .await?
                .ok_or(Error::UnknownInquiry)?;
            kv::delete_inquiry(env, &facility, &receipt).await?;
            console_log!("inquiry {receipt} of facility {facility} deleted by staff");
            Ok(Response::empty()?.with_status(204))
        }
    }
}

/// Every inquiry of the facility, newest first, as a CSV download.
async fn csv_export(env: &Env, config: &FacilityConfig) -> Result<Response> {
    let facility = &config.id;
    let mut all = kv::summaries(env, facility).await?;
    page::newest_first(&mut all);
    let receipts: Vec<_> = all.into_iter().map(|s| s.receipt_id).collect();
    let mut stored = kv::inquiries(env, facility, &receipts).await?;
    let mut mail = kv::mail_statuses(env, facility, &receipts).await?;
    let rows: Vec<StaffInquiry> = stored
        .drain(..)
        .map(|stored| {
            let mail = mail.remove(&stored.receipt_id).unwrap_or_default();
            StaffInquiry { stored, mail }
        })
        .collect();
    // Group names make the sheet readable; a directory that fails to load only leaves them out.
    let directory = store::directory(env).await.ok();
    let names: HashMap<_, _> = directory
        .iter()
        .flat_map(|d| d.groups.iter())
        .filter(|g| &g.facility == facility)
        .map(|g| (g.id.clone(), g.name.as_str()))
        .collect();
    let body = csv::render(&rows, |id| names.get(id).copied());
    let filename = csv::filename(facility, platform::now());
    let mut response = Response::ok(body)?;
    let headers = response.headers_mut();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        &format!("attachment; filename=\"{filename}\""),
    )?;
    console_log!("facility {facility}: {} inquiries exported", rows.len());
    Ok(response)
}
