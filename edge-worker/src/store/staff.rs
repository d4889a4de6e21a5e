//! The staff API's reads and writes of the inquiries namespace: listing summaries, reading an
//! inquiry with its mail status, rewriting it as handled, deleting it with everything kept
//! about it. Key formats come from [`tsunagu_engine::kv`].

use std::collections::HashMap;

use serde_json::Value;
use tsunagu_contract::api::{InquirySummary, MailState, MailStatus};
use tsunagu_contract::{FacilityId, ReceiptId, StoredInquiry};
use tsunagu_engine::kv::{
    INQUIRIES_BINDING, inquiry_key, inquiry_prefix, mail_record_key, outbox_key, outbox_prefix,
};
use worker::Env;
use worker::kv::KvStore;

use super::decode;
use crate::error::{Error, Result};
use crate::outbox::plan::{MailRecord, OutboxEntry};

/// Most keys one bulk read of KV takes.
const BULK_MAX: usize = 100;

fn kv(env: &Env) -> Result<KvStore> {
    Ok(env.kv(INQUIRIES_BINDING)?)
}

/// The list line of a stored inquiry, which is also its KV metadata.
pub(crate) fn summary(stored: &StoredInquiry) -> InquirySummary {
    InquirySummary {
        receipt_id: stored.receipt_id.clone(),
        received_at: stored.received_at,
        kind: stored.inquiry.kind,
        group: stored.inquiry.group.clone(),
        status: stored.status,
    }
}

/// Writes an inquiry with its summary as metadata and its absolute `expiration` (from
/// [`crate::retention::Retention::expiration`]).
pub(crate) async fn write_inquiry(
    env: &Env,
    stored: &StoredInquiry,
    expiration: u64,
) -> Result<()> {
    let key = inquiry_key(&stored.inquiry.facility, &stored.receipt_id);
    let text = serde_json::to_string(stored).map_err(|e| Error::Platform(e.to_string()))?;
    kv(env)?
        .put(&key, text)?
        .metadata(summary(stored))?
        .expiration(expiration)
        .execute()
        .await?;
    Ok(())
}

/// Every inquiry summary of a facility, in key order, from the keys' metadata alone. A key
/// without readable metadata (written before metadata was kept) is read in full instead.
pub(crate) async fn summaries(env: &Env, facility: &FacilityId) -> Result<Vec<InquirySummary>> {
    let store = kv(env)?;
    let prefix = inquiry_prefix(facility);
    let mut out = Vec::new();
    let mut missing = Vec::new();
    let mut cursor = None;
    loop {
        let mut list = store.list().prefix(prefix.clone());
        if let Some(cursor) = cursor.take() {
            list = list.cursor(cursor);
        }
        let page = list.execute().await?;
        for key in page.keys {
            let meta = key
                .metadata
                .and_then(|m| serde_json::from_value::<InquirySummary>(m).ok());
            match meta {
                Some(summary) => out.push(summary),
                None => missing.push(key.name),
            }
        }
        match page.cursor {
            Some(next) if !page.list_complete => cursor = Some(next),
            _ => break,
        }
    }
    for chunk in missing.chunks(BULK_MAX) {
        for text in store.get_bulk(chunk).text().await?.into_values().flatten() {
            out.push(summary(&decode::<StoredInquiry>(&text, "inquiry")?));
        }
    }
    Ok(out)
}

/// One stored inquiry, if it exists.
pub(crate) async fn inquiry(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<Option<StoredInquiry>> {
    let text = kv(env)?.get(&inquiry_key(facility, receipt)).text().await?;
    text.map(|t| decode(&t, "inquiry")).transpose()
}

/// Many stored inquiries, read 100 keys at a time; those gone meanwhile are left out.
pub(crate) async fn inquiries(
    env: &Env,
    facility: &FacilityId,
    receipts: &[ReceiptId],
) -> Result<Vec<StoredInquiry>> {
    let store = kv(env)?;
    let mut out = Vec::with_capacity(receipts.len());
    for chunk in receipts.chunks(BULK_MAX) {
        let keys: Vec<String> = chunk.iter().map(|r| inquiry_key(facility, r)).collect();
        let mut found = store.get_bulk(&keys).text().await?;
        for key in &keys {
            if let Some(text) = found.remove(key).flatten() {
                out.push(decode(&text, "inquiry")?);
            }
        }
    }
    Ok(out)
}

/// The mail status of each of `receipts`, from their mail records (read 100 at a time) and
/// the facility's outbox. The outbox holds only mail still pending, normally next to nothing, so
/// the facility's part of it is listed (its keys' metadata counts the attempts) rather than read
/// key by key.
pub(crate) async fn mail_statuses(
    env: &Env,
    facility: &FacilityId,
    receipts: &[ReceiptId],
) -> Result<HashMap<ReceiptId, MailStatus>> {
    let store = kv(env)?;
    let mut pending: HashMap<String, Value> = HashMap::new();
    let mut cursor = None;
    loop {
        let mut list = store.list().prefix(outbox_prefix(facility));
        if let Some(cursor) = cursor.take() {
            list = list.cursor(cursor);
        }
        let page = list.execute().await?;
        for key in page.keys {
            pending.insert(key.name, key.metadata.unwrap_or(Value::Null));
        }
        match page.cursor {
            Some(next) if !page.list_complete => cursor = Some(next),
            _ => break,
        }
    }
    let mut out = HashMap::with_capacity(receipts.len());
    for chunk in receipts.chunks(BULK_MAX) {
        let records: Vec<String> = chunk.iter().map(|r| mail_record_key(facility, r)).collect();
        let mut found = store.get_bulk(&records).text().await?;
        for (receipt, record) in chunk.iter().zip(&records) {
            let record = found.remove(record).flatten();
            let outbox = pending.get(&outbox_key(facility, receipt));
            out.insert(receipt.clone(), mail_status(record.as_deref(), outbox));
        }
    }
    Ok(out)
}

/// One inquiry's mail status.
pub(crate) async fn mail_status_of(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<MailStatus> {
    let mut all = mail_statuses(env, facility, std::slice::from_ref(receipt)).await?;
    Ok(all.remove(receipt).unwrap_or_default())
}

/// Where an inquiry's mail stands, from what the outbox keeps: the mail record under
/// [`mail_record_key`] (which messages are delivered, failed attempts, complete or not) and the
/// outbox entry under [`outbox_key`] (present while delivery is pending; `outbox` is its
/// metadata, which counts the cron run's attempts). A record that does not decode counts as
/// nothing delivered, so the status never claims a delivery it cannot show.
pub(crate) fn mail_status(record: Option<&str>, outbox: Option<&Value>) -> MailStatus {
    let record: MailRecord = record
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let mut status = record.status();
    if let Some(entry) = outbox {
        status.state = MailState::Pending;
        let queued = serde_json::from_value::<OutboxEntry>(entry.clone()).map_or(0, |e| e.attempts);
        status.attempts = status.attempts.max(queued);
    }
    status
}

/// Deletes an inquiry, its outbox entry and its mail record (a data-subject request).
pub(crate) async fn delete_inquiry(
    env: &Env,
    facility: &FacilityId,
    receipt: &ReceiptId,
) -> Result<()> {
    let store = kv(env)?;
    // The outbox first: were the inquiry deleted first and the call to fail half-way, the cron
    // run could find an entry whose inquiry is gone.
    store.delete(&outbox_key(facility, receipt)).await?;
    store.delete(&inquiry_key(facility, receipt)).await?;
    store.delete(&mail_record_key(facility, receipt)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_complete_delivery_record_without_outbox_entry_is_delivered() {
        let status = mail_status(
            Some(
                r#"{"delivered":["staff:a@b.jp"],"complete":true,"delivered_at":"2026-11-18T11:06:40Z"}"#,
            ),
            None,
        );
        assert_eq!(status.state, MailState::Delivered);
        assert_eq!(
            status.delivered_at,
            chrono::DateTime::parse_from_rfc3339("2026-11-18T11:06:40Z")
                .ok()
                .map(|t| t.to_utc())
        );
        assert_eq!(status.attempts, 0);
    }

    #[test]
    fn an_outbox_entry_is_pending_with_its_attempts() {
        let meta = json!({"facility": "hidamari", "receipt": "7KQ2M9XD", "attempts": 3,
                          "next_at": "2026-11-18T11:10:00Z"});
        let status = mail_status(None, Some(&meta));
        assert_eq!(status.state, MailState::Pending);
        assert_eq!(status.attempts, 3);
        // The staff mail delivered, the auto-reply not yet: still pending.
        let status = mail_status(
            Some(r#"{"delivered":["staff:a@b.jp"],"attempts":1,"complete":false}"#),
            Some(&meta),
        );
        assert_eq!(status.state, MailState::Pending);
        assert_eq!(status.attempts, 3);
        // Nothing recorded at all: not delivered.
        assert_eq!(mail_status(None, None).state, MailState::Pending);
    }
}
