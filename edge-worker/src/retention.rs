//! How long what the worker keeps about an inquiry lives: the inquiry until its facility's
//! `retention_days` have passed since it arrived, and everything else kept about it (outbox
//! entry, mail record, idempotency record, auto-reply claim) no longer than the inquiry. The
//! arithmetic is the engine's ([`tsunagu_engine::kv::inquiry_expiration`],
//! [`tsunagu_engine::kv::expiration_within`]); this module adds the length of a day, which a
//! worker variable can shorten for local tests.

use chrono::{DateTime, Utc};
use tsunagu_engine::kv::{DAY_SECONDS, expiration_within, inquiry_expiration};
use worker::Env;

use crate::platform;

/// Worker variable: the length of a retention day in seconds, 1 to 86,400. Never set in
/// production (a day is [`DAY_SECONDS`]); local tests shorten it to see KV drop an expired
/// inquiry within minutes. Any other value is ignored.
pub(crate) const RETENTION_DAY_VAR: &str = "RETENTION_DAY_SECONDS";

/// One inquiry's retention deadline, from which every write about it takes its expiration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Retention {
    deadline: u64,
}

impl Retention {
    /// The retention of an inquiry received at `received_at` by a facility that keeps
    /// inquiries `retention_days` days.
    pub(crate) fn new(env: &Env, received_at: DateTime<Utc>, retention_days: u32) -> Retention {
        let day = day_seconds(platform::var_u64(env, RETENTION_DAY_VAR));
        Retention::with_day(received_at, retention_days, day)
    }

    fn with_day(received_at: DateTime<Utc>, retention_days: u32, day: u64) -> Retention {
        Retention {
            deadline: inquiry_expiration(received_at, retention_days, day),
        }
    }

    /// The expiration of a write at `now` of the inquiry, its outbox entry or its mail record:
    /// the deadline (or KV's minimum, in the inquiry's last minute).
    pub(crate) fn expiration(self, now: DateTime<Utc>) -> u64 {
        expiration_within(self.deadline, now, None)
    }

    /// The expiration of a write at `now` of a record needed for `ttl_seconds` at most (the
    /// idempotency record, the auto-reply claim): that long, but never past the deadline.
    pub(crate) fn expiration_for(self, now: DateTime<Utc>, ttl_seconds: u64) -> u64 {
        expiration_within(self.deadline, now, Some(ttl_seconds))
    }
}

/// The day length [`RETENTION_DAY_VAR`] asks for, if it is one.
fn day_seconds(var: Option<u64>) -> u64 {
    var.filter(|s| (1..=DAY_SECONDS).contains(s))
        .unwrap_or(DAY_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_engine::kv::EXPIRATION_MIN_AHEAD_SECONDS;

    #[test]
    fn a_day_is_a_day_unless_a_test_shortens_it() {
        assert_eq!(day_seconds(None), DAY_SECONDS);
        assert_eq!(day_seconds(Some(70)), 70);
        // Zero or longer than a day is a mistake, not a setting.
        assert_eq!(day_seconds(Some(0)), DAY_SECONDS);
        assert_eq!(day_seconds(Some(DAY_SECONDS * 2)), DAY_SECONDS);
    }

    #[test]
    fn records_about_an_inquiry_end_with_it() {
        let received = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let retention = Retention::with_day(received, 1, 90);
        assert_eq!(retention.expiration(received), 1_800_000_090);
        // The day-long idempotency record of an inquiry kept one (short) day.
        assert_eq!(
            retention.expiration_for(received, DAY_SECONDS),
            1_800_000_090
        );
        let handled_late = received + chrono::Duration::seconds(80);
        assert_eq!(
            retention.expiration(handled_late),
            1_800_000_080 + EXPIRATION_MIN_AHEAD_SECONDS
        );
    }
}
