//! The Workers KV layout: binding names and every key format, in one place.
//!
//! The worker reads and writes these keys; the loading tools write the directory and facility
//! configuration through them. Identifiers in keys are slugs or receipt numbers, so a key can
//! never be steered elsewhere by what a visitor sends.

use chrono::{DateTime, Utc};
use tsunagu_contract::ReceiptId;
use tsunagu_contract::directory::FacilityId;

/// KV binding holding the public directory and the facilities' private configuration.
pub const DIRECTORY_BINDING: &str = "DIRECTORY";
/// KV binding holding inquiries.
pub const INQUIRIES_BINDING: &str = "INQUIRIES";
/// `send_email` binding used to mail staff and, where a facility opts in, to auto-reply.
pub const STAFF_MAIL_BINDING: &str = "STAFF_MAIL";
/// Workers rate limiting binding for `POST /v1/inquiries`, keyed by [`rate_limit_key`].
pub const RATE_LIMIT_BINDING: &str = "INQUIRY_RATE_LIMIT";

/// Key of the whole public [`tsunagu_contract::Directory`] (JSON), in [`DIRECTORY_BINDING`].
pub const DIRECTORY_KEY: &str = "directory/v1";
/// Key of every facility's [`tsunagu_contract::FacilityConfig`] (a JSON array), in
/// [`DIRECTORY_BINDING`].
///
/// One key for all of them: one read answers a CORS preflight, which must know every allowed
/// origin before it knows which facility the request is for.
pub const FACILITIES_KEY: &str = "facilities/v1";

/// Key of a prebuilt [`tsunagu_contract::feed::Feed`] (JSON), in [`DIRECTORY_BINDING`]: the whole
/// directory's (`feed/v2/all`) or one facility's (`feed/v2/facility/{id}`). Written whenever
/// the directory is loaded and again by the worker's cron, so a request only reads one.
pub fn feed_key(facility: Option<&FacilityId>) -> String {
    match facility {
        None => "feed/v2/all".to_owned(),
        Some(id) => format!("feed/v2/facility/{id}"),
    }
}

/// Key of the moment the stored feeds were built (a JSON string, RFC 3339), in [`DIRECTORY_BINDING`]: the
/// cron reads this small key to decide whether to build them again.
pub const FEED_BUILT_KEY: &str = "feed/v2/built";

/// How long a built feed serves before the cron builds it again, in seconds. Its meetings
/// reach [`tsunagu_contract::feed::FEED_MEETINGS`] ahead, so a few hours keep every next
/// meeting listed and the weekday filter true to the coming weeks.
pub const FEED_REFRESH_SECONDS: i64 = 6 * 60 * 60;

/// Key of one stored inquiry, in [`INQUIRIES_BINDING`]: `inquiry/v1/{facility}/{receipt}`.
pub fn inquiry_key(facility: &FacilityId, receipt: &ReceiptId) -> String {
    format!("{}{receipt}", inquiry_prefix(facility))
}

/// Seconds in a day of retention. Only local tests shorten it (the worker's
/// `RETENTION_DAY_SECONDS` variable), to watch KV drop an expired inquiry within minutes.
pub const DAY_SECONDS: u64 = 24 * 60 * 60;

/// KV refuses an expiration less than 60 s ahead (Cloudflare's minimum, which Miniflare
/// enforces too); two seconds more cover the time between computing an expiration and the
/// write reaching KV.
pub const EXPIRATION_MIN_AHEAD_SECONDS: u64 = 62;

/// When KV deletes an inquiry: `retention_days` days of `day_seconds` (normally
/// [`DAY_SECONDS`]) after it was received, as the absolute `expiration` (seconds since the
/// epoch) of every write of [`inquiry_key`]. Absolute, so that rewriting the record (marking it
/// handled) keeps the original deadline.
pub fn inquiry_expiration(
    received_at: DateTime<Utc>,
    retention_days: u32,
    day_seconds: u64,
) -> u64 {
    let received = u64::try_from(received_at.timestamp()).unwrap_or(0);
    received.saturating_add(u64::from(retention_days).saturating_mul(day_seconds))
}

/// The absolute expiration of a write at `now` of anything kept about an inquiry whose
/// [`inquiry_expiration`] is `deadline`: the inquiry itself, its outbox entry and mail record
/// (`ttl_seconds` `None`), or a record needed only for a while, such as its idempotency record
/// and auto-reply claim (`Some(ttl)`: `ttl` seconds from now at most). Never after the deadline,
/// so nothing kept about an inquiry outlives it; the one exception is KV's minimum, so a write
/// in the inquiry's last minute expires [`EXPIRATION_MIN_AHEAD_SECONDS`] from now.
pub fn expiration_within(deadline: u64, now: DateTime<Utc>, ttl_seconds: Option<u64>) -> u64 {
    let now = u64::try_from(now.timestamp()).unwrap_or(0);
    let wanted = ttl_seconds.map_or(deadline, |ttl| deadline.min(now.saturating_add(ttl)));
    wanted.max(now + EXPIRATION_MIN_AHEAD_SECONDS)
}

/// Prefix of every inquiry key of one facility, for listing. Each inquiry's KV metadata is its
/// [`tsunagu_contract::api::InquirySummary`] (JSON), so one list call gives the staff API a
/// page without reading any inquiry.
pub fn inquiry_prefix(facility: &FacilityId) -> String {
    format!("inquiry/v1/{facility}/")
}

/// Key of the delivery record of one inquiry's staff mail, in [`INQUIRIES_BINDING`]:
/// `mail/v1/{facility}/{receipt}`. A key of its own, so marking mail as sent never writes the
/// inquiry's key a second time (KV allows one write per second per key).
pub fn mail_record_key(facility: &FacilityId, receipt: &ReceiptId) -> String {
    format!("mail/v1/{facility}/{receipt}")
}

/// Key of the outbox entry of one inquiry, in [`INQUIRIES_BINDING`]:
/// `outbox/v1/{facility}/{receipt}`. Written with the inquiry, before the visitor's 201, and
/// deleted once every message is delivered; the cron run retries whatever it lists under
/// [`OUTBOX_PREFIX`]. The entry's metadata holds the attempts and the next attempt's time, so
/// listing alone tells the cron run what is due.
pub fn outbox_key(facility: &FacilityId, receipt: &ReceiptId) -> String {
    format!("{}{receipt}", outbox_prefix(facility))
}

/// Prefix of every outbox entry.
pub const OUTBOX_PREFIX: &str = "outbox/v1/";

/// Prefix of one facility's outbox entries, so the staff API lists its own facility's pending
/// mail and nothing of another's.
pub fn outbox_prefix(facility: &FacilityId) -> String {
    format!("{OUTBOX_PREFIX}{facility}/")
}

/// Key of the first answer given to an idempotency key, in [`INQUIRIES_BINDING`]:
/// `idem/v1/{facility}/{key_hash}`, where `key_hash` is the hex SHA-256 of the client's key
/// (keys are up to 128 characters; the hash keeps every key the same short length).
pub fn idempotency_key(facility: &FacilityId, key_hash: &str) -> String {
    format!("idem/v1/{facility}/{key_hash}")
}

/// Key counting auto-replies to one visitor address, in [`INQUIRIES_BINDING`]:
/// `autoreply/v1/{facility}/{address_hash}` (hex SHA-256 of the lower-cased address, so the
/// key holds no address). It expires after a day; while it exists no second auto-reply goes to
/// that address.
pub fn auto_reply_key(facility: &FacilityId, address_hash: &str) -> String {
    format!("autoreply/v1/{facility}/{address_hash}")
}

/// What the rate limiter counts: one facility and one client address.
pub fn rate_limit_key(facility: &FacilityId, client: &str) -> String {
    format!("{facility}/{client}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inquiry_keys_nest_under_their_facility() {
        let f = FacilityId::new("hidamari").unwrap();
        let r = ReceiptId::parse("7KQ2M9XD").unwrap();
        assert_eq!(inquiry_key(&f, &r), "inquiry/v1/hidamari/7KQ2M9XD");
        assert!(inquiry_key(&f, &r).starts_with(&inquiry_prefix(&f)));
    }

    #[test]
    fn a_facility_lists_only_its_own_outbox() {
        let f = FacilityId::new("hidamari").unwrap();
        let longer = FacilityId::new("hidamari-noborito").unwrap();
        let r = ReceiptId::parse("7KQ2M9XD").unwrap();
        assert!(outbox_key(&f, &r).starts_with(&outbox_prefix(&f)));
        assert!(!outbox_key(&longer, &r).starts_with(&outbox_prefix(&f)));
    }

    #[test]
    fn inquiries_expire_their_retention_after_receipt() {
        let received = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(inquiry_expiration(received, 1, DAY_SECONDS), 1_800_086_400);
        assert_eq!(inquiry_expiration(received, 30, 70), 1_800_002_100);
        assert_eq!(inquiry_expiration(received, u32::MAX, u64::MAX), u64::MAX);
    }

    #[test]
    fn nothing_kept_about_an_inquiry_outlives_it_but_kv_gets_its_minute() {
        let received = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let deadline = inquiry_expiration(received, 1, DAY_SECONDS);
        // The inquiry, its outbox entry and mail record: the deadline.
        assert_eq!(expiration_within(deadline, received, None), deadline);
        // A day-long record written later than the inquiry stops at the inquiry's deadline.
        let later = received + chrono::Duration::hours(1);
        assert_eq!(
            expiration_within(deadline, later, Some(DAY_SECONDS)),
            deadline
        );
        // A shorter one keeps its own time.
        assert_eq!(
            expiration_within(deadline, later, Some(600)),
            1_800_003_600 + 600
        );
        // In the inquiry's last minute (or past it), as soon as KV takes.
        let last = DateTime::from_timestamp(i64::try_from(deadline).unwrap() - 10, 0).unwrap();
        assert_eq!(
            expiration_within(deadline, last, None),
            deadline - 10 + EXPIRATION_MIN_AHEAD_SECONDS
        );
        // A short test day: still never before KV's minimum.
        let short = inquiry_expiration(received, 1, 30);
        assert_eq!(
            expiration_within(short, received, None),
            1_800_000_000 + EXPIRATION_MIN_AHEAD_SECONDS
        );
    }
}
