//! The feed's wire form: each group beside its prepared work, so that gzip finds the group's
//! texts again in its folded search text; in memory the two stay in parallel lists, which is what
//! the index and the directory's own lookups want.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Feed, Prepared, SearchWords};
use crate::directory::{Directory, Facility, Group};

/// [`Feed`] as it travels.
#[derive(Serialize, Deserialize)]
pub(super) struct FeedWire {
    /// Seconds since the epoch: a number, so the widget needs no date-time parser.
    #[serde(with = "chrono::serde::ts_seconds")]
    built: DateTime<Utc>,
    facilities: Vec<Facility>,
    groups: Vec<Entry>,
    #[serde(default)]
    words: SearchWords,
}

/// One group and its work, the work first (its words and dates are short; the group's texts
/// then follow the folded copy they repeat).
#[derive(Serialize, Deserialize)]
struct Entry {
    prepared: Prepared,
    group: Group,
}

impl From<Feed> for FeedWire {
    fn from(feed: Feed) -> Self {
        FeedWire {
            built: feed.built,
            facilities: feed.directory.facilities,
            groups: feed
                .directory
                .groups
                .into_iter()
                .zip(feed.prepared)
                .map(|(group, prepared)| Entry { prepared, group })
                .collect(),
            words: feed.words,
        }
    }
}

impl From<FeedWire> for Feed {
    fn from(wire: FeedWire) -> Self {
        let mut groups = Vec::with_capacity(wire.groups.len());
        let mut prepared = Vec::with_capacity(wire.groups.len());
        for entry in wire.groups {
            groups.push(entry.group);
            prepared.push(entry.prepared);
        }
        Feed {
            built: wire.built,
            directory: Directory {
                facilities: wire.facilities,
                groups,
            },
            prepared,
            words: wire.words,
        }
    }
}
