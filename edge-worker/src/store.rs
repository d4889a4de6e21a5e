//! Reads and writes of Workers KV. Key formats come from [`tsunagu_core::kv`], nowhere else.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tsunagu_core::kv::{
    DIRECTORY_BINDING, DIRECTORY_KEY, FACILITIES_KEY, INQUIRIES_BINDING, inquiry_key,
    mail_record_key,
};
use tsunagu_core::{Directory, FacilityConfig, FacilityId, ReceiptId, StoredInquiry};
use worker::Env;

use crate::error::{Error, Result};

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
    serde_json::from_str(&text).map_err(|e| Error::CorruptStore {
        what,
        detail: e.to_string(),
    })
}

async fn write_json<T: Serialize>(env: &Env, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).map_err(|e| Error::Platform(e.to_string()))?;
    env.kv(INQUIRIES_BINDING)?.put(key, text)?.execute().await?;
    Ok(())
}

/// The public directory.
pub(crate) async fn directory(env: &Env) -> Result<Directory> {
    read_json(env, DIRECTORY_BINDING, DIRECTORY_KEY, "directory").await
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

/// Stores an accepted inquiry. Called before the visitor is told it was received.
pub(crate) async fn put_inquiry(env: &Env, stored: &StoredInquiry) -> Result<()> {
    let key = inquiry_key(&stored.inquiry.facility, &stored.receipt_id);
    write_json(env, &key, stored).await
}

/// What became of an inquiry's staff mail.
#[derive(Debug, Serialize)]
pub(crate) struct MailRecord {
    /// When the last message was handed to the mail binding.
    pub(crate) sent_at: chrono::DateTime<chrono::Utc>,
    /// How many staff messages were sent.
    pub(crate) messages: usize,
}

/// Records that an inquiry's staff mail went out.
pub(crate) async fn put_mail_record(
    env: &Env,
    stored: &StoredInquiry,
    record: &MailRecord,
) -> Result<()> {
    let key = mail_record_key(&stored.inquiry.facility, &stored.receipt_id);
    write_json(env, &key, record).await
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
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::CorruptStore {
            what,
            detail: e.to_string(),
        })
}

/// The inquiry stored under a receipt number, if any.
pub(crate) async fn inquiry_at(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<Option<StoredInquiry>> {
    read_optional(env, &inquiry_key(facility, receipt), "inquiry").await
}

/// The first answer given to an idempotency key (`key` from
/// [`crate::inquiries::idempotency::IdempotencyKey::record_key`]).
pub(crate) async fn idempotency_record(
    env: &Env,
    key: &str,
) -> Result<Option<crate::inquiries::idempotency::Record>> {
    read_optional(env, key, "idempotency record").await
}

/// Keeps the first answer given to an idempotency key for `ttl_seconds`.
pub(crate) async fn put_idempotency_record(
    env: &Env,
    key: &str,
    record: &crate::inquiries::idempotency::Record,
    ttl_seconds: u64,
) -> Result<()> {
    let text = serde_json::to_string(record).map_err(|e| Error::Platform(e.to_string()))?;
    env.kv(INQUIRIES_BINDING)?
        .put(key, text)?
        .expiration_ttl(ttl_seconds)
        .execute()
        .await?;
    Ok(())
}
