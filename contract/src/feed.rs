//! The finder feed: the directory as the widget reads it, with the schedule work already done.
//!
//! The worker turns each group's rules into what the finder shows — the rule in words, the
//! coming meetings, the folded search text and the weekday × part-of-day slots it meets in — so
//! that the widget filters, counts and renders without expanding a schedule or carrying a holiday
//! table. The rules themselves stay behind: a group in the feed has an empty
//! [`crate::schedule::Schedule`]. The feed is built ahead of requests (when a directory is
//! loaded, and again by the worker's cron before its meetings run out), outside this crate;
//! this module is what both sides agree it looks like.

mod wire;

use chrono::{DateTime, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::directory::{Category, Directory};
use crate::i18n::Lang;
use crate::schedule::{Occurrence, TimeOfDay};

/// The version in the feed's path; a change of [`Feed`]'s wire form that an older widget cannot
/// read takes the next one.
pub const FEED_VERSION: u32 = 2;

/// Most coming meetings the feed lists per group: the next one (or the one under way), the
/// detail's next five, and the inquiry form's choices, with room for a page left open to drop
/// the ones that pass.
pub const FEED_MEETINGS: usize = 10;

/// How many days ahead [`Prepared::slots`] looks, and so the weekday and time-of-day filters: a
/// monthly rule shows all its weekdays within two months, and a group that meets only later is
/// not "on Wednesdays" now.
pub const LOOKAHEAD_DAYS: i64 = 62;

/// The bit of [`Prepared::slots`] for meeting on `day` in the part of the day `time`: bit
/// `weekday × 3 + part`, Monday and morning 0.
pub fn slot_bit(day: Weekday, time: TimeOfDay) -> u32 {
    let time = match time {
        TimeOfDay::Morning => 0,
        TimeOfDay::Afternoon => 1,
        TimeOfDay::Evening => 2,
    };
    1 << (day.num_days_from_monday() * 3 + time)
}

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
    /// What visitors type that the groups' texts do not say, applied to each query.
    pub words: SearchWords,
}

/// Words visitors type that the groups' own texts do not hold: the names of fellowships and
/// the other spellings of a word, folded like the search text. They travel once per feed, and
/// the index applies them to each query ([`crate::filter::DirectoryIndex::filter`]), rather than
/// being repeated in every group's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchWords {
    /// Names that lead to the groups of a kind of meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fellowships: Vec<FellowshipNames>,
    /// Sets of spellings of one word: a query that holds one also finds the others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<Vec<String>>,
}

/// A fellowship's names and abbreviations, folded, and the groups they lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FellowshipNames {
    /// The names, one a line.
    pub names: String,
    /// A group it leads to has every one of these categories…
    pub categories: Vec<Category>,
    /// …and none of these (a family group on alcohol is an Al-Anon kind of meeting, not AA).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<Category>,
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
    /// Everything a visitor might type to find the group (its names, texts, category labels,
    /// place and rule in words), folded by a [`crate::search::Folder`]. The first line holds the
    /// group's name and reading: a query found there ranks first.
    pub text: String,
    /// The (weekday, part of day) pairs the group meets in within [`LOOKAHEAD_DAYS`], one bit
    /// each ([`slot_bit`]).
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
                words: self.words.clone(),
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
