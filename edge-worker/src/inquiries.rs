//! `POST /v1/inquiries`: the thin handler. It gathers what the platform knows (body, KV, clock,
//! randomness), lets [`intake::accept`] decide, stores the inquiry and its outbox entry, then
//! makes the first attempt at the mail ([`crate::outbox`]).

pub(crate) mod intake;

use futures_util::StreamExt;
use tsunagu_core::api::INQUIRY_MAX_BYTES;
use tsunagu_core::{FacilityConfig, InquiryReceipt, ReceiptId};
use worker::{Env, Request, Response, console_error, console_log};

use crate::error::Result;
use crate::http::{self, Cors};
use crate::mail::compose::MailContext;
use crate::outbox::{self, plan::MailRecord};
use crate::{platform, store};

/// Accepts one inquiry.
pub(crate) async fn post(
    mut req: Request,
    env: &Env,
    facilities: &[FacilityConfig],
    cors: &Cors,
) -> Result<Response> {
    intake::check_envelope(
        req.headers().get("content-type")?.as_deref(),
        req.headers().get("content-length")?.as_deref(),
    )?;
    let body = read_limited(&mut req).await?;
    let directory = store::directory(env).await?;
    let accepted = intake::accept(
        intake::Submission {
            origin: cors.request_origin(),
            body: &body,
        },
        &directory,
        facilities,
        platform::now(),
        ReceiptId::from_random(platform::random_bytes()?),
    )?;
    // Stored first, with its outbox entry: from here on nothing the mail side does can lose the
    // inquiry or its mail.
    let now = platform::now();
    let stored = &accepted.stored;
    store::put_inquiry(env, stored, accepted.config.retention_days).await?;
    let ctx = MailContext::accepted(&accepted);
    let entry = outbox::enqueue(env, &ctx, now).await?;
    // The first attempt, inline; whatever fails here the cron run retries.
    if let Err(error) = outbox::deliver(
        env,
        &ctx,
        &entry,
        MailRecord::default(),
        now,
        outbox::Attempt::Inline,
    )
    .await
    {
        console_error!("receipt {}: mail not recorded: {error}", stored.receipt_id);
    }
    console_log!(
        "inquiry {} stored for facility {}",
        stored.receipt_id,
        stored.inquiry.facility
    );
    http::json(
        &InquiryReceipt {
            receipt_id: stored.receipt_id.clone(),
        },
        201,
    )
}

/// Reads the body but never more than one byte past the limit: a chunked upload without a
/// Content-Length must not fill the worker's memory before it is refused.
async fn read_limited(req: &mut Request) -> Result<Vec<u8>> {
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new()); // no body at all: decoding reports it
    };
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk?);
        if body.len() > INQUIRY_MAX_BYTES {
            return Err(crate::Error::PayloadTooLarge {
                max: INQUIRY_MAX_BYTES,
            });
        }
    }
    Ok(body)
}
