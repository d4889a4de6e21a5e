//! Reads and writes of Workers KV. Key formats come from [`tsunagu_core::kv`], nowhere else.

pub(crate) mod staff;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tsunagu_core::kv::{
    DIRECTORY_BINDING, DIRECTORY_KEY, FACILITIES_KEY, INQUIRIES_BINDING, mail_record_key,
};
use tsunagu_core::{Directory, FacilityConfig, StoredInquiry};
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

/// Stores an accepted inquiry, with its summary as metadata and its retention as expiration.
/// Called before the visitor is told it was received.
pub(crate) async fn put_inquiry(
    env: &Env,
    stored: &StoredInquiry,
    retention_days: u32,
) -> Result<()> {
    staff::write_inquiry(env, stored, retention_days, stored.received_at).await
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
