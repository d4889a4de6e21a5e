//! `POST /v1/inquiries`: the thin handler. It gathers what the platform knows (body, KV, clock,
//! randomness), lets [`intake::accept`] decide, stores the inquiry, then mails staff.

pub(crate) mod intake;
pub(crate) mod mail;
mod mail_text;

use futures_util::StreamExt;
use tsunagu_core::api::INQUIRY_MAX_BYTES;
use tsunagu_core::{FacilityConfig, InquiryReceipt, ReceiptId};
use worker::email::EmailMessage;
use worker::{Env, Request, Response, console_error, console_log};

use crate::error::Result;
use crate::http::{self, Cors};
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
    // Stored first: from here on nothing the mail side does can lose the inquiry.
    store::put_inquiry(env, &accepted.stored, accepted.config.retention_days).await?;
    let receipt = accepted.stored.receipt_id.clone();
    match send_staff_mail(env, &accepted).await {
        Ok(messages) => {
            let record = store::MailRecord {
                sent_at: platform::now(),
                messages,
            };
            if let Err(error) = store::put_mail_record(env, &accepted.stored, &record).await {
                console_error!("receipt {receipt}: mail sent but not recorded: {error}");
            }
        }
        Err(error) => console_error!("receipt {receipt}: staff mail not sent: {error}"),
    }
    console_log!(
        "inquiry {receipt} stored for facility {}",
        accepted.stored.inquiry.facility
    );
    http::json(
        &InquiryReceipt {
            receipt_id: receipt,
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

async fn send_staff_mail(env: &Env, accepted: &intake::Accepted) -> Result<usize> {
    let binding = env.send_email(tsunagu_core::kv::STAFF_MAIL_BINDING)?;
    let messages = mail::staff_messages(accepted)?;
    for message in &messages {
        let email = EmailMessage::new(&message.from, &message.to, &message.raw)
            .map_err(|e| crate::Error::Platform(format!("EmailMessage: {e:?}")))?;
        binding
            .send(&email)
            .await
            .map_err(|e| crate::Error::Platform(format!("send_email: {e:?}")))?;
    }
    Ok(messages.len())
}
