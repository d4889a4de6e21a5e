//! `POST /v1/inquiries`: the thin handler. It gathers what the platform knows (body, KV, clock,
//! randomness), lets [`intake`] decide, asks the platform checks in [`guard`], honours the
//! [`idempotency`] key, stores the inquiry and its outbox entry, then makes the first attempt at
//! the mail ([`crate::outbox`]).
//!
//! The checks run cheapest and most certain first, and nothing is written before all passed:
//! envelope (415, 413), origin (403), JSON (400), facility and group (404), idempotency key
//! format (400), replay of a seen key (the first 201, or 422), honeypot and fill time (400),
//! validation and preferred meetings (422), Turnstile (403), rate limit (429). A replay comes
//! before Turnstile and the rate limit: a retry carries a spent token and is not a new inquiry.

mod guard;
pub(crate) mod idempotency;
pub(crate) mod intake;

use futures_util::StreamExt;
use tsunagu_contract::api::{IDEMPOTENCY_HEADER, INQUIRY_MAX_BYTES};
use tsunagu_contract::{FacilityConfig, InquiryReceipt, ReceiptId};
use worker::{Env, Request, Response, console_error, console_log};

use crate::error::Result;
use crate::http::{self, Cors};
use crate::mail::compose::MailContext;
use crate::outbox::{self, plan::MailRecord};
use crate::{platform, store};
use idempotency::Claim;

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
    let key_header = req.headers().get(IDEMPOTENCY_HEADER)?;
    // Set by Cloudflare's edge (a client's own value is replaced there).
    let client = req.headers().get("cf-connecting-ip")?;
    let body = read_limited(&mut req).await?;
    let directory = store::directory(env).await?;
    let parsed = intake::parse(
        intake::Arrival {
            origin: cors.request_origin(),
            idempotency_key: key_header.as_deref(),
            body: &body,
        },
        &directory,
        facilities,
    )?;
    let facility_id = parsed.config.id.clone();
    let idempotent = match &parsed.key {
        Some(key) => {
            let record_key = key.record_key(&facility_id);
            let fingerprint = idempotency::fingerprint(&parsed.submission.inquiry)?;
            let record = store::idempotency_record(env, &record_key).await?;
            if let Some(receipt) = idempotency::replay(record.as_ref(), &fingerprint)? {
                console_log!("inquiry {receipt} replayed for its idempotency key");
                return receipt_response(receipt);
            }
            Some((key.receipt(&facility_id), record_key, fingerprint))
        }
        None => None,
    };
    let now = platform::now();
    let inquiry = intake::screen(&parsed, now)?;
    guard::turnstile(
        env,
        &parsed.config,
        parsed.submission.turnstile_token.as_deref(),
        client.as_deref(),
    )
    .await?;
    guard::rate_limit(env, &parsed.config, client.as_deref()).await?;
    let receipt_id = match &idempotent {
        Some((derived, _, _)) => {
            let existing = store::get_inquiry(env, &facility_id, derived).await?;
            match idempotency::claim(derived.clone(), existing.as_ref(), &inquiry) {
                Claim::Free(receipt) => receipt,
                Claim::AlreadyStored(receipt) => {
                    console_log!("inquiry {receipt} was already stored for its idempotency key");
                    return receipt_response(receipt);
                }
                Claim::Taken => ReceiptId::from_random(platform::random_bytes()?),
            }
        }
        None => ReceiptId::from_random(platform::random_bytes()?),
    };
    let accepted = intake::accept(parsed, inquiry, receipt_id, now);
    // The outbox entry first, then the inquiry: once the inquiry is stored its mail is owed,
    // so a request cut short between the two writes must leave an entry without an inquiry
    // (which the cron run drops) and never an inquiry without an entry (whose retry would find
    // it stored, answer 201, and leave its mail unsent).
    let stored = &accepted.stored;
    let ctx = MailContext::accepted(&accepted);
    let retention = outbox::retention(env, &ctx);
    let entry = outbox::enqueue(env, &ctx, now).await?;
    store::put_inquiry(env, stored, retention.expiration(now)).await?;
    console_log!(
        "inquiry {} stored for facility {}",
        stored.receipt_id,
        stored.inquiry.facility
    );
    if let Some((_, record_key, fingerprint)) = idempotent {
        // After the inquiry (a record must never name an inquiry that is not stored) but before
        // the mail: a retry arriving while this request still sends must find the record and
        // replay, not send the staff mail a second time. If this write fails, a retry still
        // finds the inquiry under its derived receipt.
        let record = idempotency::Record {
            inquiry_sha256: fingerprint,
            receipt_id: stored.receipt_id.clone(),
        };
        // A day at most, and never past the inquiry's retention: the record holds a hash of it.
        let until = retention.expiration_for(now, idempotency::RECORD_TTL_SECONDS);
        if let Err(error) = store::put_idempotency_record(env, &record_key, &record, until).await {
            console_error!(
                "inquiry {}: idempotency record not written: {error}",
                stored.receipt_id
            );
        }
    }
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
    receipt_response(stored.receipt_id.clone())
}

/// The 201 that tells the visitor their inquiry is stored.
fn receipt_response(receipt_id: ReceiptId) -> Result<Response> {
    http::json(&InquiryReceipt { receipt_id }, 201)
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
