//! The outbox's decisions, free of the platform: what an entry and a mail record hold, which
//! entries are due, which messages are still to send, how long to wait after a failure.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use tsunagu_contract::api::{MailState, MailStatus};
use tsunagu_contract::{FacilityId, ReceiptId};

use crate::mail::Outgoing;

/// Wait after the first failed attempt. Never shorter than KV's propagation (up to 60 s), so
/// the next attempt reads the mail record the last one wrote.
pub(crate) const FIRST_BACKOFF: Duration = Duration::minutes(2);
/// Longest wait between attempts.
pub(crate) const MAX_BACKOFF: Duration = Duration::hours(6);

/// The metadata of an outbox entry: everything the cron run needs to decide from the listing
/// alone, without reading the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OutboxEntry {
    /// The inquiry's facility.
    pub(crate) facility: FacilityId,
    /// The inquiry's receipt number.
    pub(crate) receipt: ReceiptId,
    /// Failed attempts by the cron run so far.
    pub(crate) attempts: u32,
    /// When the cron run may next try.
    pub(crate) next_at: DateTime<Utc>,
    /// Whether an auto-reply is owed: decided once, when the inquiry arrived, because that is
    /// when the per-address limit was claimed.
    #[serde(default)]
    pub(crate) auto_reply: bool,
}

impl OutboxEntry {
    /// A new entry, due `delay` after `now`: the head start of the inline attempt.
    pub(crate) fn new(
        facility: FacilityId,
        receipt: ReceiptId,
        now: DateTime<Utc>,
        delay: Duration,
        auto_reply: bool,
    ) -> OutboxEntry {
        OutboxEntry {
            facility,
            receipt,
            attempts: 0,
            next_at: now + delay,
            auto_reply,
        }
    }

    /// Whether the cron run at `now` should try this entry.
    pub(crate) fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.next_at <= now
    }

    /// The entry after one more failed attempt at `now`.
    pub(crate) fn after_failure(&self, now: DateTime<Utc>) -> OutboxEntry {
        let attempts = self.attempts.saturating_add(1);
        OutboxEntry {
            attempts,
            next_at: now + backoff(attempts),
            ..self.clone()
        }
    }
}

/// How long to wait after the `attempts`-th failure: 2, 4, 8 … minutes, at most 6 hours.
pub(crate) fn backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    (FIRST_BACKOFF * 2_i32.pow(doublings)).min(MAX_BACKOFF)
}

/// What became of an inquiry's mail (the value under `kv::mail_record_key`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MailRecord {
    /// The messages delivered, by [`crate::mail::MessageKey::as_record`].
    #[serde(default)]
    pub(crate) delivered: BTreeSet<String>,
    /// Failed attempts so far (the inline one included).
    #[serde(default)]
    pub(crate) attempts: u32,
    /// When the last message was delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) delivered_at: Option<DateTime<Utc>>,
    /// Whether every message is delivered.
    #[serde(default)]
    pub(crate) complete: bool,
}

impl MailRecord {
    /// The messages of `wanted` not delivered yet.
    pub(crate) fn pending<'a>(&self, wanted: &'a [Outgoing]) -> Vec<&'a Outgoing> {
        wanted
            .iter()
            .filter(|m| !self.delivered.contains(&m.key.as_record()))
            .collect()
    }

    /// The record after an attempt that delivered `delivered` and left `failed` undelivered.
    pub(crate) fn after_attempt(
        &self,
        delivered: impl IntoIterator<Item = String>,
        failed: usize,
        now: DateTime<Utc>,
    ) -> MailRecord {
        let mut next = self.clone();
        let before = next.delivered.len();
        next.delivered.extend(delivered);
        if next.delivered.len() > before {
            next.delivered_at = Some(now);
        }
        if failed > 0 {
            next.attempts = next.attempts.saturating_add(1);
        }
        next.complete = failed == 0;
        next
    }

    /// The record as the staff API reports it.
    pub(crate) fn status(&self) -> MailStatus {
        MailStatus {
            state: if self.complete {
                MailState::Delivered
            } else {
                MailState::Pending
            },
            attempts: self.attempts,
            delivered_at: self.delivered_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::MessageKey;
    use crate::mail::mime::tests::outgoing;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    fn entry() -> OutboxEntry {
        OutboxEntry::new(
            FacilityId::new("hidamari").unwrap(),
            ReceiptId::parse("7KQ2M9XD").unwrap(),
            at(0),
            Duration::minutes(2),
            true,
        )
    }

    #[test]
    fn a_new_entry_leaves_the_inline_attempt_a_head_start() {
        let e = entry();
        assert!(!e.is_due(at(0)));
        assert!(!e.is_due(at(1)));
        assert!(e.is_due(at(2)));
        assert_eq!(e.attempts, 0);
    }

    #[test]
    fn backoff_doubles_from_two_minutes_up_to_six_hours() {
        let minutes: Vec<_> = (1..=10).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [2, 4, 8, 16, 32, 64, 128, 256, 360, 360]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
        let failed = entry().after_failure(at(5));
        assert_eq!(failed.attempts, 1);
        assert_eq!(failed.next_at, at(7));
        assert!(failed.auto_reply);
        let again = failed.after_failure(at(7));
        assert_eq!((again.attempts, again.next_at), (2, at(11)));
    }

    #[test]
    fn entries_round_trip_as_small_metadata() {
        let json = serde_json::to_string(&entry()).unwrap();
        assert!(json.len() < 1024, "KV metadata is at most 1024 bytes");
        assert_eq!(serde_json::from_str::<OutboxEntry>(&json).unwrap(), entry());
    }

    #[test]
    fn delivered_messages_are_never_pending_again() {
        let staff = outgoing();
        let mut reply = outgoing();
        reply.key = MessageKey::AutoReply;
        let wanted = [staff.clone(), reply.clone()];
        let record = MailRecord::default();
        assert_eq!(record.pending(&wanted).len(), 2);

        // The staff mail went out, the auto-reply failed.
        let record = record.after_attempt([staff.key.as_record()], 1, at(0));
        assert_eq!(record.pending(&wanted), [&reply]);
        assert!(!record.complete);
        assert_eq!(record.attempts, 1);
        assert_eq!(record.delivered_at, Some(at(0)));
        assert_eq!(record.status().state, MailState::Pending);

        // The retry sends only the auto-reply.
        let record = record.after_attempt([reply.key.as_record()], 0, at(2));
        assert!(record.pending(&wanted).is_empty());
        assert!(record.complete);
        assert_eq!(
            record.status(),
            MailStatus {
                state: MailState::Delivered,
                attempts: 1,
                delivered_at: Some(at(2))
            }
        );
    }

    #[test]
    fn a_record_from_another_version_still_reads() {
        let record: MailRecord = serde_json::from_str("{}").unwrap();
        assert_eq!(record, MailRecord::default());
    }
}
