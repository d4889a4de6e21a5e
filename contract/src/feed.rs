//! The finder feed: the directory as the widget reads it, with the schedule work already done.
//!
//! The worker turns each group's rules into what the finder shows — the rule in words, the
//! coming meetings, the folded search text and the weekday × part-of-day slots it meets in — so
//! that the widget filters, counts and renders without expanding a schedule or carrying a holiday
//! table. The rules themselves stay behind: a group in the feed has an empty
//! [`crate::schedule::Schedule`]. The feed is built ahead of requests (when a directory is
//! loaded, and again by the worker's cron before its meetings run out) by [`Feed::build`].

mod build;
mod wire;

pub use build::stored_feeds;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::directory::Directory;
use crate::i18n::Lang;
use crate::schedule::Occurrence;

/// The version in the feed's path; a change of [`Feed`]'s wire form that an older widget cannot
/// read takes the next one.
pub const FEED_VERSION: u32 = 2;

/// Most coming meetings the feed lists per group: the next one (or the one under way), the
/// detail's next five, and the inquiry form's choices, with room for a page left open to drop
/// the ones that pass.
pub const FEED_MEETINGS: usize = 10;

/// The directory prepared for the finder at one moment; see the module documentation.
///
/// On the wire each group travels beside its [`Prepared`] work (`{"built", "facilities",
/// "groups": [{"prepared", "group"}]}`): the folded search text repeats the group's own texts,
/// and next to them gzip finds the repeats (a sixth smaller than two separate lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::FeedWire", into = "wire::FeedWire")]
pub struct Feed {
    /// When the worker built it. Meetings over by then are not listed.
    pub built: DateTime<Utc>,
    /// The facilities and groups, each group's schedule left empty: see [`Feed::prepared`].
    pub directory: Directory,
    /// What the finder needs of each group's schedule, one per group of
    /// [`Feed::directory`], in the same order.
    pub prepared: Vec<Prepared>,
}

/// One group's schedule work, done by the worker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prepared {
    /// The rule in Japanese words, e.g. 「毎月第2・第4水曜日 19:00〜20:30」.
    pub ja: String,
    /// The rule in English words.
    pub en: String,
    /// The next [`FEED_MEETINGS`] meetings not over when the feed was built, soonest first, however
    /// far ahead (a monthly group's detail still lists five); the inquiry form offers those
    /// within [`crate::inquiry::PREFERRED_HORIZON_DAYS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<Occurrence>,
    /// Everything a visitor might type to find the group, folded
    /// ([`crate::search::searchable_text`], [`crate::search::Folder`]).
    pub text: String,
    /// The (weekday, part of day) pairs the group meets in within
    /// [`crate::filter::LOOKAHEAD_DAYS`], one bit each: bit `weekday × 3 + part`, Monday and
    /// morning 0.
    #[serde(default)]
    pub slots: u32,
}

impl Prepared {
    /// The rule in words in `lang`.
    pub fn words(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// The listed meetings not over at the Tokyo time `now`, soonest first: the one under way
    /// comes first. A page left open keeps asking, so a meeting drops off once it ends.
    pub fn coming(&self, now: NaiveDateTime) -> impl Iterator<Item = &Occurrence> {
        self.meetings.iter().filter(move |o| o.not_over_at(now))
    }
}

/// Whether feeds built at `built` (none: never) must be built again at `now`: once they are
/// [`crate::kv::FEED_REFRESH_SECONDS`] old, or when the clock reads earlier than their build
/// (a deployment whose clock was set back, or a test running the cron at an earlier time).
pub fn is_stale(built: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    built.is_none_or(|built| {
        now < built || (now - built).num_seconds() >= crate::kv::FEED_REFRESH_SECONDS
    })
}

impl Feed {
    /// The feed of each facility, in the order of [`Directory::facilities`]: its entry and its
    /// groups only, each with its work, in the directory's order. One pass over the groups,
    /// however many facilities there are.
    pub fn per_facility(&self) -> Vec<Feed> {
        let mut out: Vec<Feed> = self
            .directory
            .facilities
            .iter()
            .map(|facility| Feed {
                built: self.built,
                directory: Directory {
                    facilities: vec![facility.clone()],
                    groups: Vec::new(),
                },
                prepared: Vec::new(),
            })
            .collect();
        let positions = self.directory.facility_positions();
        for (group, work) in self.directory.groups.iter().zip(&self.prepared) {
            if let Some(feed) = positions.get(&group.facility).and_then(|&i| out.get_mut(i)) {
                feed.directory.groups.push(group.clone());
                feed.prepared.push(work.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, TimeZone, Utc, Weekday};

    use super::*;
    use crate::directory::{Category, Facility, FacilityId, Group, GroupId};
    use crate::filter::{DirectoryIndex, GroupFilter};
    use crate::schedule::fixtures::{date, rule, second_and_fourth_wednesdays, t, weekly};
    use crate::schedule::{Schedule, TimeOfDay};
    use crate::search::TEST_FOLDER;

    /// One facility with a 第2・4水曜日 group that skips holidays, a weekly Monday group and a
    /// group by appointment.
    fn directory() -> Directory {
        let facility = FacilityId::new("kawasaki").unwrap();
        let group = |id: &str, name: &str| {
            Group::new(
                GroupId::new(id).unwrap(),
                facility.clone(),
                name,
                Category::Gambling,
            )
        };
        let mut second_fourth = group("wed", "水曜の会");
        second_fourth.schedule = second_and_fourth_wednesdays();
        let mut monday = group("mon", "月曜の会");
        monday.schedule = Schedule {
            rules: vec![rule(weekly(&[Weekday::Mon]), t(19, 0), Some(t(20, 30)))],
            ..Schedule::default()
        };
        let appointment = group("appt", "随時相談");
        Directory {
            facilities: vec![
                Facility::new(facility.clone(), "ひだまり"),
                Facility::new(FacilityId::new("sendai").unwrap(), "ここにいるよ。"),
            ],
            groups: vec![second_fourth, monday, appointment],
        }
    }

    /// Tuesday 2026-11-10 09:00 in Tokyo.
    fn built_at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap()
    }

    fn feed() -> Feed {
        Feed::build(&directory(), built_at(), TEST_FOLDER)
    }

    #[test]
    fn the_rules_stay_behind_and_their_work_comes_along() {
        let feed = feed();
        let wire = serde_json::to_value(&feed).unwrap();
        assert_eq!(wire["built"], built_at().timestamp());
        let entries = wire["groups"].as_array().unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0]["group"]["id"], "wed");
        assert_eq!(entries[0]["prepared"]["ja"], feed.prepared[0].ja);
        for entry in entries {
            assert!(entry["group"].get("schedule").is_none(), "{entry}");
        }
        assert_eq!(wire["facilities"].as_array().unwrap().len(), 2);
        let read: Feed = serde_json::from_value(wire).unwrap();
        assert_eq!(read, feed);
        let wed = &feed.prepared[0];
        assert_eq!(wed.ja, "毎月第2・4水曜日 13:00〜15:00（祝日は休み）");
        assert!(wed.en.contains("Wednesday"), "{}", wed.en);
        assert!(wed.text.contains("水曜の会") && wed.text.contains("ひだまり"));
        assert_eq!(feed.prepared[2].meetings, []);
        assert_eq!(feed.prepared[2].slots, 0);
    }

    #[test]
    fn second_and_fourth_wednesdays_only_and_a_holiday_cancels_one() {
        let dates: Vec<_> = feed().prepared[0].meetings.iter().map(|o| o.date).collect();
        // The next ten from 2026-11-10, every date a Wednesday in its month's 2nd or 4th week,
        // and no other.
        assert_eq!(
            dates,
            [
                date(2026, 11, 11),
                date(2026, 11, 25),
                date(2026, 12, 9),
                date(2026, 12, 23),
                date(2027, 1, 13),
                date(2027, 1, 27),
                date(2027, 2, 10),
                date(2027, 2, 24),
                date(2027, 3, 10),
                date(2027, 3, 24),
            ]
        );
        for d in &dates {
            assert_eq!(d.weekday(), Weekday::Wed);
            assert!([2, 4].contains(&((d.day() - 1) / 7 + 1)), "{d}");
        }
        // A holiday cancels a meeting of a rule that skips holidays: every Wednesday, but not
        // Wednesday 2027-05-05 (こどもの日).
        let mut dir = directory();
        dir.groups[0].schedule.rules[0].repeat = weekly(&[Weekday::Wed]);
        let feed = Feed::build(
            &dir,
            Utc.with_ymd_and_hms(2027, 4, 20, 0, 0, 0).unwrap(),
            TEST_FOLDER,
        );
        let dates: Vec<_> = feed.prepared[0].meetings.iter().map(|o| o.date).collect();
        assert!(dates.contains(&date(2027, 4, 28)) && dates.contains(&date(2027, 5, 12)));
        assert!(!dates.contains(&date(2027, 5, 5)), "{dates:?}");
    }

    #[test]
    fn meetings_are_capped_and_slots_say_when() {
        let feed = feed();
        let monday = &feed.prepared[1];
        assert_eq!(monday.meetings.len(), FEED_MEETINGS);
        assert_eq!(monday.meetings[0].date, date(2026, 11, 16));
        let evening = crate::filter::slot_bit(Weekday::Mon, TimeOfDay::Evening);
        assert_eq!(monday.slots, evening);
    }

    #[test]
    fn a_group_meeting_beyond_the_horizon_still_has_its_next_meeting() {
        let mut dir = directory();
        dir.groups[2].schedule.dates = vec![crate::schedule::Session {
            date: date(2027, 9, 1),
            start: t(10, 0),
            end: None,
        }];
        let feed = Feed::build(&dir, built_at(), TEST_FOLDER);
        assert_eq!(feed.prepared[2].meetings.len(), 1);
        assert_eq!(feed.prepared[2].meetings[0].date, date(2027, 9, 1));
        assert_eq!(feed.prepared[2].slots, 0);
    }

    #[test]
    fn a_page_left_open_follows_the_clock() {
        let tokyo =
            |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, d, h - 9, m, 0).unwrap();
        let mut index = DirectoryIndex::new(feed(), tokyo(11, 12, 59));
        let wed = |index: &DirectoryIndex| {
            let all = index.filter(&GroupFilter::default());
            let m = all
                .iter()
                .find(|m| m.group.id.as_str() == "wed")
                .copied()
                .unwrap();
            (m.next.map(|o| o.date), m.in_progress)
        };
        assert_eq!(wed(&index), (Some(date(2026, 11, 11)), false));
        assert!(!index.at(tokyo(11, 12, 59)), "nothing changed");
        assert!(index.at(tokyo(11, 13, 0)));
        assert_eq!(wed(&index), (Some(date(2026, 11, 11)), true));
        assert_eq!(
            index.all()[0].group.id.as_str(),
            "wed",
            "the meeting under way comes first"
        );
        index.at(tokyo(11, 14, 59));
        assert_eq!(wed(&index), (Some(date(2026, 11, 11)), true));
        index.at(tokyo(11, 15, 0));
        assert_eq!(wed(&index), (Some(date(2026, 11, 25)), false));
    }

    #[test]
    fn feeds_are_stored_whole_and_per_facility_and_age() {
        let stored = stored_feeds(&directory(), built_at(), TEST_FOLDER);
        let keys: Vec<_> = stored.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "feed/v2/all",
                "feed/v2/facility/kawasaki",
                "feed/v2/facility/sendai"
            ]
        );
        assert_eq!(stored[0].1, feed());
        assert_eq!(stored[2].1.prepared, []);
        let hours = |h: i64| built_at() + chrono::Duration::hours(h);
        assert!(is_stale(None, built_at()));
        assert!(!is_stale(Some(built_at()), built_at()));
        assert!(!is_stale(Some(built_at()), hours(5)));
        assert!(is_stale(Some(built_at()), hours(6)));
        assert!(is_stale(Some(built_at()), hours(-1)));
    }

    #[test]
    fn a_facility_s_feed_keeps_each_group_with_its_work() {
        let mut dir = directory();
        dir.groups[1].facility = FacilityId::new("sendai").unwrap();
        let feed = Feed::build(&dir, built_at(), TEST_FOLDER);
        let per_facility = feed.per_facility();
        assert_eq!(per_facility.len(), 2);
        let sendai = &per_facility[1];
        assert_eq!(sendai.directory.facilities.len(), 1);
        assert_eq!(sendai.directory.groups.len(), 1);
        assert_eq!(sendai.directory.groups[0].id.as_str(), "mon");
        assert_eq!(sendai.directory.facilities[0].id.as_str(), "sendai");
        assert_eq!(sendai.prepared, [feed.prepared[1].clone()]);
        assert_eq!(sendai.built, feed.built);
    }
}
