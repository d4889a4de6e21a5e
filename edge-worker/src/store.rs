//! Reads and writes of Workers KV. Key formats come from [`tsunagu_engine::kv`], nowhere else.

pub(crate) mod staff;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use tsunagu_contract::feed::Feed;
use tsunagu_contract::{Directory, FacilityConfig, FacilityId, ReceiptId, StoredInquiry};
use tsunagu_engine::kv::{
    DIRECTORY_BINDING, DIRECTORY_KEY, FACILITIES_KEY, FEED_BUILT_KEY, INQUIRIES_BINDING,
    OUTBOX_PREFIX, auto_reply_key, inquiry_key, mail_record_key, outbox_key,
};
use worker::Env;

use crate::error::{Error, Result};
use crate::outbox::plan::{MailRecord, OutboxEntry};

async fn read_json<T: DeserializeOwned>(
    env: &Env,
    binding: &str,
    key: &str,
    what: &'static str,
) -> Result<T> {
    let text = env
        .kv(binding)?
        .get(key)
        .text()
        .await?
        .ok_or(Error::NotConfigured)?;
    decode(&text, what)
}

/// Reads one stored JSON record. A record that does not decode is reported by the kind and the
/// place of the fault only: serde's own message quotes the offending value, which may be a
/// visitor's or a staff member's data, and the error is logged.
pub(crate) fn decode<T: DeserializeOwned>(text: &str, what: &'static str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::CorruptStore {
        what,
        detail: e.into(),
    })
}

/// The public directory.
pub(crate) async fn directory(env: &Env) -> Result<Directory> {
    read_json(env, DIRECTORY_BINDING, DIRECTORY_KEY, "directory").await
}

/// A prebuilt feed's JSON text, as stored; `None` when there is none under `key`.
pub(crate) async fn feed_text(env: &Env, key: &str) -> Result<Option<String>> {
    Ok(env.kv(DIRECTORY_BINDING)?.get(key).text().await?)
}

/// When the stored feeds were built; `None` when none are stored.
pub(crate) async fn feeds_built(env: &Env) -> Result<Option<DateTime<Utc>>> {
    let Some(text) = env
        .kv(DIRECTORY_BINDING)?
        .get(FEED_BUILT_KEY)
        .text()
        .await?
    else {
        return Ok(None);
    };
    decode(&text, "feed build time").map(Some)
}

/// Stores every feed, then the moment they were built (last: a run cut short is done again by
/// the next one).
pub(crate) async fn put_feeds(
    env: &Env,
    feeds: &[(String, Feed)],
    built: DateTime<Utc>,
) -> Result<()> {
    let kv = env.kv(DIRECTORY_BINDING)?;
    for (key, feed) in feeds {
        let text = serde_json::to_string(feed).map_err(|source| Error::Encode {
            what: "feed",
            source,
        })?;
        kv.put(key, text)?.execute().await?;
    }
    let built = serde_json::to_string(&built).map_err(|source| Error::Encode {
        what: "feed build time",
        source,
    })?;
    kv.put(FEED_BUILT_KEY, built)?.execute().await?;
    Ok(())
}

/// Every facility's private configuration.
pub(crate) async fn facilities(env: &Env) -> Result<Vec<FacilityConfig>> {
    read_json(
        env,
        DIRECTORY_BINDING,
        FACILITIES_KEY,
        "facility configuration",
    )
    .await
}

/// Stores an accepted inquiry. Called before the visitor is told it was received. KV deletes it
/// at `expiration`, the end of the facility's retention; its metadata is its
/// [`tsunagu_contract::api::InquirySummary`], for the staff list.
pub(crate) async fn put_inquiry(env: &Env, stored: &StoredInquiry, expiration: u64) -> Result<()> {
    staff::write_inquiry(env, stored, expiration).await
}

/// One stored inquiry, if it still exists.
pub(crate) async fn get_inquiry(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<Option<StoredInquiry>> {
    read_optional(env, &inquiry_key(facility, receipt), "inquiry").await
}

/// Reads one JSON record of [`INQUIRIES_BINDING`], `None` when absent.
async fn read_optional<T: DeserializeOwned>(
    env: &Env,
    key: &str,
    what: &'static str,
) -> Result<Option<T>> {
    let Some(text) = env.kv(INQUIRIES_BINDING)?.get(key).text().await? else {
        return Ok(None);
    };
    decode(&text, what).map(Some)
}

/// The first answer given to an idempotency key (`key` from
/// [`crate::inquiries::idempotency::IdempotencyKey::record_key`]).
pub(crate) async fn idempotency_record(
    env: &Env,
    key: &str,
) -> Result<Option<crate::inquiries::idempotency::Record>> {
    read_optional(env, key, "idempotency record").await
}

/// Keeps the first answer given to an idempotency key until `expiration`.
pub(crate) async fn put_idempotency_record(
    env: &Env,
    key: &str,
    record: &crate::inquiries::idempotency::Record,
    expiration: u64,
) -> Result<()> {
    let text = serde_json::to_string(record).map_err(|e| Error::Platform(e.to_string()))?;
    env.kv(INQUIRIES_BINDING)?
        .put(key, text)?
        .expiration(expiration)
        .execute()
        .await?;
    Ok(())
}

/// Writes an inquiry's outbox entry (empty value, the entry as metadata). It expires with the
/// inquiry: once the inquiry is gone there is nothing left to mail.
pub(crate) async fn put_outbox(env: &Env, entry: &OutboxEntry, expiration: u64) -> Result<()> {
    env.kv(INQUIRIES_BINDING)?
        .put(&outbox_key(&entry.facility, &entry.receipt), "")?
        .expiration(expiration)
        .metadata(entry)?
        .execute()
        .await?;
    Ok(())
}

/// Removes an inquiry's outbox entry once everything is delivered.
pub(crate) async fn delete_outbox(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<()> {
    env.kv(INQUIRIES_BINDING)?
        .delete(&outbox_key(facility, receipt))
        .await?;
    Ok(())
}

/// An outbox key whose metadata does not decode, named for the log (keys hold facility and
/// receipt number only).
#[derive(Debug)]
pub(crate) struct UnreadableEntry {
    /// The KV key.
    pub(crate) key: String,
}

/// One page of outbox entries (listing reads metadata, not values). Entries whose metadata
/// does not decode come back as errors, for the log.
pub(crate) async fn list_outbox(
    env: &Env,
    cursor: Option<String>,
) -> Result<(Vec<Result<OutboxEntry, UnreadableEntry>>, Option<String>)> {
    let mut list = env
        .kv(INQUIRIES_BINDING)?
        .list()
        .prefix(OUTBOX_PREFIX.to_owned());
    if let Some(cursor) = cursor {
        list = list.cursor(cursor);
    }
    let page = list.execute().await?;
    let entries = page
        .keys
        .into_iter()
        .map(|key| {
            key.metadata
                .and_then(|m| serde_json::from_value(m).ok())
                .ok_or(UnreadableEntry { key: key.name })
        })
        .collect();
    let next = (!page.list_complete).then_some(page.cursor).flatten();
    Ok((entries, next))
}

/// What became of an inquiry's mail; the default (nothing delivered) when nothing is recorded.
pub(crate) async fn get_mail_record(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<MailRecord> {
    let key = mail_record_key(facility, receipt);
    Ok(read_optional(env, &key, "mail record")
        .await?
        .unwrap_or_default())
}

/// Records what became of an inquiry's mail; it expires with the inquiry.
pub(crate) async fn put_mail_record(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
    record: &MailRecord,
    expiration: u64,
) -> Result<()> {
    let text = serde_json::to_string(record).map_err(|e| Error::Platform(e.to_string()))?;
    env.kv(INQUIRIES_BINDING)?
        .put(&mail_record_key(facility, receipt), text)?
        .expiration(expiration)
        .execute()
        .await?;
    Ok(())
}

/// Claims the one auto-reply per address per facility per day for inquiry `receipt`: `true` if
/// no other inquiry holds an unexpired claim (and now this one does, until `expiration`),
/// `false` if another does. The key holds a hash of the address, never the address.
pub(crate) async fn claim_auto_reply(
    env: &Env,
    facility: &FacilityId,
    address_hash: &str,
    receipt: &ReceiptId,
    expiration: u64,
) -> Result<bool> {
    let kv = env.kv(INQUIRIES_BINDING)?;
    let key = auto_reply_key(facility, address_hash);
    // The claim holds the receipt number it was made for: the retry of a request cut short
    // after claiming (same receipt, from its idempotency key) finds its own claim and keeps
    // the auto-reply; any other inquiry to the address within the day gets none.
    if let Some(holder) = kv.get(&key).text().await? {
        return Ok(holder == receipt.as_str());
    }
    kv.put(&key, receipt.as_str())?
        .expiration(expiration)
        .execute()
        .await?;
    Ok(true)
}
