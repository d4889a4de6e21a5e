//! The outbox: every inquiry's mail is delivered exactly once, however often sending fails.
//!
//! `POST /v1/inquiries` writes an outbox entry (`kv::outbox_key`) and then the inquiry before it
//! answers 201 (in that order: an entry without its inquiry is dropped by the cron run, an
//! inquiry without its entry would never be mailed), then tries to send at once. What was delivered is written to the inquiry's
//! mail record (`kv::mail_record_key`), per message: each staff address and the auto-reply
//! separately, so a failed auto-reply never sends the staff mail again. Once everything is
//! delivered the entry is deleted. The cron run (every minute) lists the entries, and for each
//! one that is due reads the mail record first, sends only what is missing, and either deletes
//! the entry or leaves it rewritten with one more attempt and a longer wait ([`plan::backoff`]):
//! the run writes that retry as a lease before it sends, so a run that overlaps (a slow provider
//! can hold one past the next minute) finds the entry not due and sends nothing.
//!
//! Workers KV allows one write per second per key and is eventually consistent (a write can
//! take up to 60 s to be seen elsewhere). The keys are laid out for that:
//! - The inquiry's key is written once here; its mail status lives under its own key, so
//!   delivery never rewrites the inquiry.
//! - A new entry is due only `OUTBOX_DELAY_SECONDS` (default 120) after it was written: the
//!   inline attempt has that head start, so the cron run and the request never work on one
//!   inquiry at the same time, and by the time the cron run reads the mail record, the inline
//!   attempt's write has propagated. A failed inline attempt does not rewrite the entry; the
//!   entry already says when the cron run takes over. A fast success deletes the entry within
//!   the second it was written; should KV refuse that delete, the cron run finds the record
//!   complete and deletes it then, sending nothing.
//! - Retries wait at least two minutes, longer than KV's propagation, for the same reason.
//! - Everything the cron run decides on is in the entry's metadata, so one list call (no
//!   reads) tells it what is due.
//!
//! "Exactly once" is as strong as the providers allow: a message the provider accepted but
//! whose answer was lost is sent again on retry, with the same Message-ID (and, for the HTTP
//! API, the same idempotency key), so receivers and the provider can drop the duplicate.

pub(crate) mod plan;

use chrono::{DateTime, Duration, Utc};
use tsunagu_contract::config::RETENTION_DAYS_MAX;
use tsunagu_contract::{Directory, FacilityConfig};
use tsunagu_engine::kv::DAY_SECONDS;
use worker::{Env, console_error, console_log};

use crate::error::Result;
use crate::inquiries::idempotency::sha256_hex;
use crate::mail::compose::{self, MailContext};
use crate::mail::sender::{self, MailSender};
use crate::retention::Retention;
use crate::{platform, store};
use plan::{MailRecord, OutboxEntry};

/// Worker variable: seconds between an inquiry's arrival and the cron run's first attempt.
pub(crate) const OUTBOX_DELAY_VAR: &str = "OUTBOX_DELAY_SECONDS";
/// The head start of the inline attempt when [`OUTBOX_DELAY_VAR`] is not set.
const DEFAULT_DELAY_SECONDS: i64 = 120;
/// Most inquiries one cron run works on: each costs a few KV calls and one subrequest per
/// message, and a run has a subrequest budget. The rest wait for the next minute.
const MAX_PER_RUN: usize = 20;
/// How long an auto-reply blocks the next one to the same address (and never longer than the
/// inquiry that claimed it is kept: the claim holds a hash of the address).
const AUTO_REPLY_WINDOW_SECONDS: u64 = DAY_SECONDS;

fn delay(env: &Env) -> Duration {
    let seconds = platform::var_u64(env, OUTBOX_DELAY_VAR)
        .and_then(|s| i64::try_from(s).ok())
        .unwrap_or(DEFAULT_DELAY_SECONDS);
    Duration::seconds(seconds)
}

/// The retention of the inquiry being mailed: the inquiry, its outbox entry and its mail record
/// expire with it.
pub(crate) fn retention(env: &Env, ctx: &MailContext<'_>) -> Retention {
    Retention::new(env, ctx.stored.received_at, ctx.config.retention_days)
}

/// Lower-case hex SHA-256 of the lower-cased address.
fn address_hash(address: &str) -> String {
    sha256_hex(address.to_lowercase().as_bytes())
}

/// Writes the outbox entry of a just-stored inquiry, before the visitor's 201. Decides here
/// whether an auto-reply is owed, claiming the address's daily one; if KV cannot say, no
/// auto-reply (the form must not become a way to mail an address over and over).
pub(crate) async fn enqueue(
    env: &Env,
    ctx: &MailContext<'_>,
    now: DateTime<Utc>,
) -> Result<OutboxEntry> {
    let stored = ctx.stored;
    let retention = retention(env, ctx);
    let auto_reply = if compose::auto_reply(ctx).is_some() {
        let hash = address_hash(&stored.inquiry.email);
        let until = retention.expiration_for(now, AUTO_REPLY_WINDOW_SECONDS);
        store::claim_auto_reply(
            env,
            &stored.inquiry.facility,
            &hash,
            &stored.receipt_id,
            until,
        )
        .await
        .unwrap_or_else(|error| {
            console_error!(
                "receipt {}: auto-reply limit unreadable, none sent: {error}",
                stored.receipt_id
            );
            false
        })
    } else {
        false
    };
    let entry = OutboxEntry::new(
        stored.inquiry.facility.clone(),
        stored.receipt_id.clone(),
        now,
        delay(env),
        auto_reply,
    );
    store::put_outbox(env, &entry, retention.expiration(now)).await?;
    Ok(entry)
}

/// Who is attempting: the request (whose entry is fresh and must not be rewritten) or the
/// cron run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt {
    /// Right after the inquiry was stored.
    Inline,
    /// A cron run.
    Cron,
}

/// Sends what is missing of one inquiry's mail and records it. Returns whether everything is
/// now delivered. Failures of single messages are logged (without addresses), not returned.
pub(crate) async fn deliver(
    env: &Env,
    ctx: &MailContext<'_>,
    entry: &OutboxEntry,
    record: MailRecord,
    now: DateTime<Utc>,
    attempt: Attempt,
) -> Result<bool> {
    let receipt = &ctx.stored.receipt_id;
    let facility = &ctx.stored.inquiry.facility;
    let mut wanted = compose::staff_messages(ctx);
    if entry.auto_reply {
        wanted.extend(compose::auto_reply(ctx));
    }
    let pending = record.pending(&wanted);
    let mut delivered = Vec::new();
    let mut failed = 0;
    if !pending.is_empty() {
        match sender::for_provider(env, ctx.config.mail_provider) {
            Ok(sender) => {
                for mail in &pending {
                    match sender.send(mail).await {
                        Ok(()) => delivered.push(mail.key.as_record()),
                        Err(error) => {
                            failed += 1;
                            console_error!(
                                "receipt {receipt}: {} not delivered: {error}",
                                mail.key.log_label()
                            );
                        }
                    }
                }
            }
            Err(error) => {
                failed = pending.len();
                console_error!("receipt {receipt}: no mail sender: {error}");
            }
        }
    }
    let next = record.after_attempt(delivered, failed, platform::now());
    let expires = retention(env, ctx).expiration(now);
    if next != record {
        store::put_mail_record(env, facility, receipt, &next, expires).await?;
    }
    if next.complete {
        // Harmless if it fails (the cron run finds the record complete and retries the delete).
        if let Err(error) = store::delete_outbox(env, facility, receipt).await {
            console_error!("receipt {receipt}: outbox entry not deleted: {error}");
        }
        console_log!("receipt {receipt}: mail delivered");
    } else if attempt == Attempt::Cron {
        // The run leased the entry as this failure before sending (see run_one).
        let retry = entry.after_failure(now);
        console_log!(
            "receipt {receipt}: mail pending, attempt {} failed, next at {}",
            retry.attempts,
            retry.next_at
        );
    }
    Ok(next.complete)
}

/// The cron run: delivers what is due in the outbox at `now` (the run's scheduled time).
pub(crate) async fn run(env: &Env, now: DateTime<Utc>) -> Result<()> {
    let mut due = Vec::new();
    let mut cursor = None;
    loop {
        let (entries, next) = store::list_outbox(env, cursor).await?;
        for entry in entries {
            match entry {
                Ok(entry) if entry.is_due(now) => due.push(entry),
                Ok(_) => {}
                Err(bad) => console_error!("outbox entry {} has unreadable metadata", bad.key),
            }
        }
        match next {
            Some(next) if due.len() < MAX_PER_RUN => cursor = Some(next),
            _ => break,
        }
    }
    if due.is_empty() {
        return Ok(());
    }
    // Oldest first, so a backlog drains in order.
    due.sort_by_key(|e| e.next_at);
    let facilities = store::facilities(env).await?;
    let directory = store::directory(env).await?;
    for entry in due.iter().take(MAX_PER_RUN) {
        if let Err(error) = run_one(env, entry, now, &facilities, &directory).await {
            console_error!("receipt {}: outbox run failed: {error}", entry.receipt);
        }
    }
    Ok(())
}

async fn run_one(
    env: &Env,
    entry: &OutboxEntry,
    now: DateTime<Utc>,
    facilities: &[FacilityConfig],
    directory: &Directory,
) -> Result<()> {
    let Some(stored) = store::get_inquiry(env, &entry.facility, &entry.receipt).await? else {
        // Deleted by staff or expired: nothing left to mail.
        console_log!(
            "receipt {}: inquiry gone, outbox entry dropped",
            entry.receipt
        );
        return store::delete_outbox(env, &entry.facility, &entry.receipt).await;
    };
    let Some(config) = facilities.iter().find(|f| f.id == entry.facility) else {
        // Kept (the configuration may come back), but not tried every minute.
        console_error!(
            "receipt {}: facility {} is no longer configured; mail kept pending",
            entry.receipt,
            entry.facility
        );
        let expires = Retention::new(env, stored.received_at, RETENTION_DAYS_MAX).expiration(now);
        return store::put_outbox(env, &entry.after_failure(now), expires).await;
    };
    // Read first: a message delivered earlier is never sent again.
    let record = store::get_mail_record(env, &entry.facility, &entry.receipt).await?;
    if record.complete {
        // Delivered, but the entry's delete did not go through then: nothing to send.
        return store::delete_outbox(env, &entry.facility, &entry.receipt).await;
    }
    let ctx = MailContext::new(&stored, config, directory);
    // Leased before sending: the entry is rewritten as if this attempt had already failed, so a
    // cron run that overlaps this one (a slow mail provider can hold a run past the next
    // minute) finds it not due and sends nothing. Success deletes it; failure leaves the lease
    // as the next attempt, without a second write.
    store::put_outbox(
        env,
        &entry.after_failure(now),
        retention(env, &ctx).expiration(now),
    )
    .await?;
    deliver(env, &ctx, entry, record, now, Attempt::Cron).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_hashes_ignore_case_and_hold_no_address() {
        let hash = address_hash("Sakura@Example.JP");
        assert_eq!(hash, address_hash("sakura@example.jp"));
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            address_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
