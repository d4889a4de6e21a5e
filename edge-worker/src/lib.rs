//! The tsunagu edge worker: serves the support-group directory and accepts visitors' inquiries.
//!
//! Routes (see [`tsunagu_contract::api`] for the wire shapes):
//! - `GET /v2/feed[?facility=ID]`: the finder's feed, prebuilt (see [`feed`]).
//! - `GET /v1/groups[?facility=ID]`: the public directory, from KV.
//! - `GET /v1/form?facility=ID`: the facility's inquiry form settings (public).
//! - `POST /v1/inquiries`: validate with `tsunagu-contract`, store in KV with an outbox entry, mail
//!   the facility's staff (and, where it opts in, the visitor), answer 201 with the receipt
//!   number.
//! - The public reads (feed, directory, form settings, month, iCalendar; `GET`, `HEAD` and
//!   `OPTIONS`) answer every origin
//!   (`Access-Control-Allow-Origin: *`): a partner site embeds the shared directory with no
//!   configuration. Posting an inquiry is CORS-granted (and its preflight answered) for the
//!   facilities' configured origins only.
//! - `GET /v2/month?month=YYYY-MM[&facility=ID]`: a month's public holidays and meetings, for
//!   the widget's calendar (see [`calendar`]).
//! - `GET /v2/groups/{group}/calendar.ics[?download=1]`: one group's iCalendar file, to
//!   subscribe to (`webcal://`) or download.
//! - `/v1/staff/{facility}/…`: the staff API, with the facility's bearer token (see [`staff`]).
//!
//! The cron trigger (every minute) retries mail that is not delivered yet (see [`outbox`]) and
//! builds the feeds again when they are due (see [`feed`]).
//!
//! Every error is a JSON [`tsunagu_contract::ApiError`] with a stable code.

mod calendar;
mod error;
mod feed;
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

use tsunagu_contract::api::{
    FEED_PATH, FORM_PATH, GROUPS_PATH, INQUIRIES_PATH, MONTH_PATH, STAFF_PREFIX,
};
use tsunagu_engine::api::group_calendar::group_in_path;
use worker::{
    Context, Env, Method, Request, Response, ScheduleContext, ScheduledEvent, console_error, event,
};

pub use error::{Error, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    if is_public_read(&req.path()) {
        // Public data: no facility's settings are needed to decide who may read it.
        let result = public_read(&req, &env).await;
        let response = match result {
            Ok(response) => response,
            Err(error) => http::error_response(&error)?,
        };
        return http::public(response);
    }
    let origin = req.headers().get("origin").ok().flatten();
    let facilities = store::facilities(&env).await;
    if req.path().starts_with(STAFF_PREFIX) {
        // Server to server: no CORS grant for any origin.
        return staff::handle(req, &env, facilities).await;
    }
    let cors = http::Cors::new(origin.as_deref(), facilities.as_deref().unwrap_or_default());
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
    if let Err(error) = feed::refresh(&env, now).await {
        console_error!("feed refresh failed: {error}");
    }
}

/// The paths anyone may read: public data, answered with `Access-Control-Allow-Origin: *`.
fn is_public_read(path: &str) -> bool {
    matches!(path, FEED_PATH | GROUPS_PATH | FORM_PATH | MONTH_PATH)
        || group_in_path(path).is_some()
}

async fn public_read(req: &Request, env: &Env) -> Result<Response> {
    let path = req.path();
    match req.method() {
        // HEAD runs the GET: the runtime sends its headers and drops the body.
        Method::Get | Method::Head => match path.as_str() {
            FEED_PATH => feed::get(req, env).await,
            GROUPS_PATH => groups::get(req, env).await,
            FORM_PATH => form::get(req, &store::facilities(env).await?),
            MONTH_PATH => calendar::month(req, env).await,
            other => match group_in_path(other) {
                Some(group) => calendar::group_ics(req, env, group).await,
                None => Err(Error::NotFound),
            },
        },
        Method::Options => http::public_preflight(),
        _ => Err(Error::MethodNotAllowed {
            allow: "GET, HEAD, OPTIONS",
        }),
    }
}

async fn route(
    req: Request,
    env: &Env,
    facilities: &[tsunagu_contract::FacilityConfig],
    cors: &http::Cors,
) -> Result<Response> {
    let path = req.path();
    match (req.method(), path.as_str()) {
        (Method::Post, INQUIRIES_PATH) => inquiries::post(req, env, facilities, cors).await,
        (Method::Options, INQUIRIES_PATH) => cors.preflight(),
        (_, INQUIRIES_PATH) => Err(Error::MethodNotAllowed {
            allow: "POST, OPTIONS",
        }),
        _ => Err(Error::NotFound),
    }
}
