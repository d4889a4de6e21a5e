//! Building the finder feed from a directory: the one place the finder's schedule work is
//! done, and the feeds the worker keeps ready.

#[cfg(test)]
mod tests;

use chrono::{DateTime, Datelike, Utc};
use tsunagu_contract::directory::{Directory, Group};
use tsunagu_contract::feed::{FEED_MEETINGS, Feed, LOOKAHEAD_DAYS, Prepared, slot_bit};
use tsunagu_contract::filter::DirectoryIndex;
use tsunagu_contract::i18n::Lang;
use tsunagu_contract::schedule::{Schedule, TimeOfDay, tokyo};
use tsunagu_contract::search::Folder;

use crate::schedule::{Expand, add_days, words};
use crate::search::{searchable_text, vocabulary};

/// The feed of `directory` as of `instant`, its search text folded by `folder` (the widget
/// folds queries with an equivalent one).
pub fn build(directory: &Directory, instant: DateTime<Utc>, folder: Folder) -> Feed {
    let now = tokyo(instant);
    let today = now.date();
    let slots_until = add_days(today, LOOKAHEAD_DAYS);
    let facilities = directory.facility_positions();
    let mut groups = Vec::with_capacity(directory.groups.len());
    let mut prepared = Vec::with_capacity(directory.groups.len());
    for group in &directory.groups {
        let facility = facilities
            .get(&group.facility)
            .and_then(|i| directory.facilities.get(*i));
        let slots = group
            .schedule
            .between(today, slots_until)
            .into_iter()
            .filter(|o| o.not_over_at(now))
            .fold(0, |m, o| {
                m | slot_bit(o.date.weekday(), TimeOfDay::of(o.start))
            });
        let meetings = group.schedule.next_from_local(now, FEED_MEETINGS);
        prepared.push(Prepared {
            ja: words::schedule(Lang::Ja, &group.schedule),
            en: words::schedule(Lang::En, &group.schedule),
            meetings,
            text: folder.fold(&searchable_text(group, facility)),
            slots,
        });
        groups.push(Group {
            schedule: Schedule::default(),
            ..group.clone()
        });
    }
    Feed {
        built: instant,
        directory: Directory {
            facilities: directory.facilities.clone(),
            groups,
        },
        prepared,
        words: vocabulary::search_words(folder),
    }
}

/// Builds the feed of `directory` as of `instant` with [`Folder::BUILT_IN`] and indexes it at
/// the same moment: what the worker and the widget do together, in one call for tests and
/// tools.
pub fn index(directory: &Directory, instant: DateTime<Utc>) -> DirectoryIndex {
    DirectoryIndex::new(build(directory, instant, Folder::BUILT_IN), instant)
}

/// Every feed the worker serves for `directory` as of `instant`, with its KV key
/// ([`crate::kv::feed_key`]): the whole directory's, then each facility's. Built once here so
/// that no request has to build or cut one.
pub fn stored_feeds(
    directory: &Directory,
    instant: DateTime<Utc>,
    folder: Folder,
) -> Vec<(String, Feed)> {
    let all = build(directory, instant, folder);
    let mut out = Vec::with_capacity(directory.facilities.len() + 1);
    for (facility, feed) in directory.facilities.iter().zip(all.per_facility()) {
        out.push((crate::kv::feed_key(Some(&facility.id)), feed));
    }
    out.insert(0, (crate::kv::feed_key(None), all));
    out
}

/// Whether feeds built at `built` (none: never) must be built again at `now`: once they are
/// [`crate::kv::FEED_REFRESH_SECONDS`] old, or when the clock reads earlier than their build
/// (a deployment whose clock was set back, or a test running the cron at an earlier time).
pub fn is_stale(built: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    built.is_none_or(|built| {
        now < built || (now - built).num_seconds() >= crate::kv::FEED_REFRESH_SECONDS
    })
}
