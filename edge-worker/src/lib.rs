//! The tsunagu edge worker: serves the support-group directory and accepts visitors' inquiries.
//!
//! Routes (see [`tsunagu_core::api`] for the wire shapes):
//! - `GET /v1/groups[?facility=ID]`: the public directory, from KV.
//! - `GET /v1/form?facility=ID`: the facility's inquiry form settings (public).
//! - `POST /v1/inquiries`: validate with `tsunagu-core`, store in KV with an outbox entry, mail
//!   the facility's staff (and, where it opts in, the visitor), answer 201 with the receipt
//!   number.
//! - `OPTIONS` on both: CORS preflight, for the facilities' configured origins only.
//! - `/v1/staff/{facility}/…`: the staff API, with the facility's bearer token (see [`staff`]).
//! - `GET /v2/month?month=YYYY-MM[&facility=ID]`: a month's public holidays and meetings, for
//!   the widget's calendar (see [`calendar`]).
//! - `GET /v2/groups/{group}/calendar.ics[?download=1]`: one group's iCalendar file, to
//!   subscribe to (`webcal://`) or download.
//! - `HEAD` and `OPTIONS` on both `/v2` calendar routes too; they are public data, so every
//!   origin gets `Access-Control-Allow-Origin: *`.
//!
//! The cron trigger (every minute) retries mail that is not delivered yet: see [`outbox`].
//!
//! Every error is a JSON [`tsunagu_core::ApiError`] with a stable code.

mod calendar;
mod error;
mod form;
mod groups;
mod http;
mod inquiries;
mod mail;
mod outbox;
mod platform;
mod retention;
mod staff;
mod store;

use tsunagu_core::api::group_calendar::group_in_path;
use tsunagu_core::api::{FORM_PATH, GROUPS_PATH, INQUIRIES_PATH, MONTH_PATH, STAFF_PREFIX};
use worker::{
    Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent, console_error, event,
};

pub use error::{Error, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let origin = req.headers().get("origin").ok().flatten();
    let facilities = store::facilities(&env).await;
    if req.path().starts_with(STAFF_PREFIX) {
        // Server to server: no CORS grant for any origin.
        return staff::handle(req, &env, facilities).await;
    }
    let cors = if is_public(&req.path()) {
        http::Cors::public()
    } else {
        http::Cors::new(origin.as_deref(), facilities.as_deref().unwrap_or_default())
    };
    let result = match facilities {
        Ok(facilities) => route(req, &env, &facilities, &cors).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(response) => cors.apply(response),
        Err(error) => cors.apply(http::error_response(&error)?),
    }
}

#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    // The run's scheduled time is its "now": what is due is decided against the minute the run
    // stands for, which also lets tests run the cron "later".
    let now = chrono::DateTime::from_timestamp_millis(event.schedule() as i64)
        .unwrap_or_else(platform::now);
    if let Err(error) = outbox::run(&env, now).await {
        console_error!("outbox run failed: {error}");
    }
}

async fn route(
    req: Request,
    env: &Env,
    facilities: &[tsunagu_core::FacilityConfig],
    cors: &http::Cors,
) -> Result<Response> {
    let path = req.path();
    match (req.method(), path.as_str()) {
        (Method::Get, GROUPS_PATH) => groups::get(&req, env).await,
        (Method::Get, FORM_PATH) => form::get(&req, facilities),
        (Method::Post, INQUIRIES_PATH) => inquiries::post(req, env, facilities, cors).await,
        (Method::Options, GROUPS_PATH | FORM_PATH | INQUIRIES_PATH) => cors.preflight(),
        (_, GROUPS_PATH | FORM_PATH) => Err(Error::MethodNotAllowed {
            allow: "GET, OPTIONS",
        }),
        (_, INQUIRIES_PATH) => Err(Error::MethodNotAllowed {
            allow: "POST, OPTIONS",
        }),
        // HEAD runs the GET: the runtime sends its headers and drops the body.
        (Method::Get | Method::Head, MONTH_PATH) => calendar::month(&req, env).await,
        (Method::Get | Method::Head, p) if let Some(group) = group_in_path(p) => {
            calendar::group_ics(&req, env, group).await
        }
        (Method::Options, p) if is_public(p) => cors.preflight(),
        (_, p) if is_public(p) => Err(Error::MethodNotAllowed {
            allow: "GET, HEAD, OPTIONS",
        }),
        _ => Err(Error::NotFound),
    }
}

/// Whether `path` serves public data that every origin may read.
fn is_public(path: &str) -> bool {
    path == MONTH_PATH || group_in_path(path).is_some()
}
