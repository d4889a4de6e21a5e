//! When a group meets: recurrence rules in RFC 5545 terms, always in Asia/Tokyo, as they travel
//! between the two sides and are checked. Expanding them into dates is done on the worker's
//! side, outside this crate: the widget reads meetings already expanded.
//!
//! Japanese groups meet on rules like 「第2・4水曜日 13:00〜21:00（祝日は休み）」: a monthly rule,
//! not a weekly one, and a public holiday cancels the meeting. A [`Schedule`] holds any number of
//! [`Rule`]s (each with its own time of day), dated [`Session`]s (one-off events and extra
//! dates, RFC 5545's RDATE), exception dates (EXDATE), a first and last date (DTSTART, UNTIL)
//! and whether Japanese public holidays cancel the rules' meetings.
//!
//! Japan has had no daylight saving time since 1951, so Asia/Tokyo is a fixed UTC+9 and every
//! date and time here is Tokyo wall-clock time; instants come in as UTC and are shifted once.

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
pub mod words;

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::wire::{MissingField, required};

/// The days of the week from Monday, as weeks run here (RFC 5545's default WKST).
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Japan Standard Time, UTC+9, in seconds.
const TOKYO_OFFSET_SECONDS: i64 = 9 * 3600;

/// The Tokyo wall-clock date and time of an instant.
pub fn tokyo(instant: DateTime<Utc>) -> NaiveDateTime {
    instant
        .naive_utc()
        .checked_add_signed(Duration::seconds(TOKYO_OFFSET_SECONDS))
        .unwrap_or(NaiveDateTime::MAX)
}

/// The instant of a Tokyo wall-clock date and time.
pub fn from_tokyo(local: NaiveDateTime) -> DateTime<Utc> {
    local
        .checked_sub_signed(Duration::seconds(TOKYO_OFFSET_SECONDS))
        .unwrap_or(NaiveDateTime::MIN)
        .and_utc()
}

/// What can be wrong with a schedule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A clock time is not `H:MM` between 0:00 and 23:59.
    #[error("{value:?} is not a time of day (write it as 13:00)")]
    InvalidTime {
        /// The rejected text.
        value: String,
    },
    /// A meeting ends before or when it starts.
    #[error("a meeting that starts at {start} must end after it, not at {end}")]
    EndNotAfterStart {
        /// The start time.
        start: ClockTime,
        /// The end time.
        end: ClockTime,
    },
    /// A weekly or monthly-by-weekday rule names no weekday.
    #[error("a rule must name at least one weekday")]
    NoWeekday,
    /// A monthly-by-weekday rule names no week of the month.
    #[error("a monthly rule must name which weeks of the month (1 to 5, or -1 for the last)")]
    NoNth,
    /// A week of the month out of range.
    #[error("week of the month {nth} is out of range (1 to 5, or -1 to -5 counted from the end)")]
    NthOutOfRange {
        /// The rejected value.
        nth: i8,
    },
    /// A monthly-by-day rule names no day.
    #[error("a monthly rule by day must name at least one day of the month")]
    NoDay,
    /// A day of the month out of range.
    #[error("day of the month {day} is out of range (1 to 31, or -1 for the last day)")]
    DayOutOfRange {
        /// The rejected value.
        day: i8,
    },
    /// An interval of zero.
    #[error("the interval must be 1 (every) or more (2 for every other)")]
    ZeroInterval,
    /// An interval above one needs a first date to count from.
    #[error(
        "a rule that repeats every {interval} weeks or months needs the date of a first meeting to count from (starts; in words, add e.g. 「（2026年4月1日から）」)"
    )]
    IntervalWithoutStart {
        /// The interval.
        interval: u8,
    },
    /// A rule repeats less often than tsunagu can look ahead for.
    #[error(
        "an interval of {interval} is too long; at most {max} (weeks for 毎週, months for 毎月)"
    )]
    IntervalTooLarge {
        /// The rejected interval.
        interval: u8,
        /// The largest allowed for this kind of rule.
        max: u8,
    },
    /// A date outside the years 1900 to 9999.
    #[error("{date} is outside the years 1900 to 9999")]
    DateOutOfRange {
        /// The rejected date.
        date: NaiveDate,
    },
    /// The last date is before the first.
    #[error("the schedule ends ({until}) before it starts ({starts})")]
    UntilBeforeStart {
        /// The first date.
        starts: NaiveDate,
        /// The last date.
        until: NaiveDate,
    },
}

/// A Tokyo wall-clock time of day with minute precision, written `13:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClockTime(u16);

impl ClockTime {
    /// Midday, 12:00 (正午).
    pub const NOON: ClockTime = ClockTime(12 * 60);

    /// The time `hour:minute`, if it is a real time of day (0:00 to 23:59).
    pub fn new(hour: u8, minute: u8) -> Option<ClockTime> {
        (hour < 24 && minute < 60).then(|| ClockTime(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// Reads `H:MM` or `HH:MM` (full-width digits and colon too).
    pub fn parse(text: &str) -> Result<ClockTime, ScheduleError> {
        let folded = crate::text::fold_width(text.trim());
        let invalid = || ScheduleError::InvalidTime {
            value: text.to_owned(),
        };
        let (h, m) = folded.split_once(':').ok_or_else(invalid)?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        // Minutes need two digits: `13:5` is a typo, not 13:05.
        if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
            return Err(invalid());
        }
        match (h.parse::<u8>(), m.parse::<u8>()) {
            (Ok(h), Ok(m)) => ClockTime::new(h, m).ok_or_else(invalid),
            _ => Err(invalid()),
        }
    }

    /// The hour, 0 to 23.
    pub fn hour(self) -> u8 {
        u8::try_from(self.0 / 60).unwrap_or(0)
    }

    /// The minute, 0 to 59.
    pub fn minute(self) -> u8 {
        u8::try_from(self.0 % 60).unwrap_or(0)
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// As a chrono time.
    pub fn to_naive(self) -> chrono::NaiveTime {
        chrono::NaiveTime::from_hms_opt(u32::from(self.hour()), u32::from(self.minute()), 0)
            .unwrap_or_default()
    }
}

impl TryFrom<String> for ClockTime {
    type Error = ScheduleError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ClockTime::parse(&value)
    }
}

impl From<ClockTime> for String {
    fn from(t: ClockTime) -> String {
        t.to_string()
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:02}", self.hour(), self.minute())
    }
}

fn one() -> u8 {
    1
}

fn is_one(value: &u8) -> bool {
    *value == 1
}

/// How a rule repeats (RFC 5545 FREQ with BYDAY or BYMONTHDAY).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "freq", rename_all = "snake_case", try_from = "RepeatWire")]
pub enum Repeat {
    /// 毎週 / 隔週: on these weekdays every `interval` weeks (weeks start on Monday, as RFC
    /// 5545's default WKST), counted from the schedule's `starts`.
    Weekly {
        /// The weekdays, e.g. `["Mon", "Thu"]`.
        weekdays: Vec<Weekday>,
        /// 1 = every week, 2 = every other week (隔週) …
        #[serde(default = "one", skip_serializing_if = "is_one")]
        interval: u8,
    },
    /// 第2・4水曜日: on the nth weekdays of the month, every `interval` months.
    MonthlyByWeekday {
        /// The weekdays, e.g. `["Wed"]`.
        weekdays: Vec<Weekday>,
        /// Which of them in the month: 1 to 5, or -1 (最終) to -5 counted from the end. A
        /// month without a fifth such weekday has no meeting for `5`.
        nth: Vec<i8>,
        /// 1 = every month, 2 = every other month (隔月) …
        #[serde(default = "one", skip_serializing_if = "is_one")]
        interval: u8,
    },
    /// 毎月10日: on these days of the month, every `interval` months.
    MonthlyByDay {
        /// Days 1 to 31, or -1 for the last day (月末). A month without the day (31 in June)
        /// has no meeting for it, as in RFC 5545.
        days: Vec<i8>,
        /// 1 = every month, 2 = every other month (隔月) …
        #[serde(default = "one", skip_serializing_if = "is_one")]
        interval: u8,
    },
}

/// [`Repeat`] as read; see [`crate::wire`].
#[derive(Deserialize)]
struct RepeatWire {
    freq: Freq,
    weekdays: Option<Vec<Weekday>>,
    nth: Option<Vec<i8>>,
    days: Option<Vec<i8>>,
    #[serde(default = "one")]
    interval: u8,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Freq {
    Weekly,
    MonthlyByWeekday,
    MonthlyByDay,
}

impl TryFrom<RepeatWire> for Repeat {
    type Error = MissingField;

    fn try_from(wire: RepeatWire) -> Result<Repeat, MissingField> {
        let interval = wire.interval;
        Ok(match wire.freq {
            Freq::Weekly => Repeat::Weekly {
                weekdays: required(wire.weekdays, "weekdays")?,
                interval,
            },
            Freq::MonthlyByWeekday => Repeat::MonthlyByWeekday {
                weekdays: required(wire.weekdays, "weekdays")?,
                nth: required(wire.nth, "nth")?,
                interval,
            },
            Freq::MonthlyByDay => Repeat::MonthlyByDay {
                days: required(wire.days, "days")?,
                interval,
            },
        })
    }
}

/// One recurring pattern and the time of day its meetings take.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    /// How it repeats.
    pub repeat: Repeat,
    /// When each meeting starts.
    pub start: ClockTime,
    /// When each meeting ends, if known (「午後1時から」 has no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
}

/// A meeting on one date: a one-off event, or an extra date beside the rules (RDATE). Held even
/// on a public holiday, since someone chose that date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Session {
    /// The date.
    #[serde(deserialize_with = "crate::date::one")]
    pub date: NaiveDate,
    /// When it starts.
    pub start: ClockTime,
    /// When it ends, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
}

/// Everything about when a group meets. An empty schedule means "by appointment": it has no
/// occurrences and is described as such.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Schedule {
    /// The recurring patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Dated meetings beside (or instead of) the rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<Session>,
    /// Dates with no meeting (EXDATE), e.g. the year-end break. Cancels rules and dates alike.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::date::list"
    )]
    pub except: Vec<NaiveDate>,
    /// The first date the rules apply (DTSTART); also where 隔週 and 隔月 count from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::optional"
    )]
    pub starts: Option<NaiveDate>,
    /// The last date the rules apply (UNTIL), inclusive.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::optional"
    )]
    pub until: Option<NaiveDate>,
    /// 祝日は休み: a Japanese public holiday cancels the rules' meetings that day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip_holidays: bool,
}

/// One meeting: a date and its times, in Tokyo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Occurrence {
    /// The date.
    #[serde(deserialize_with = "crate::date::one")]
    pub date: NaiveDate,
    /// When it starts.
    pub start: ClockTime,
    /// When it ends, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
}

impl Occurrence {
    /// The weekday of the meeting.
    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }

    /// Start as a Tokyo wall-clock date and time.
    pub fn starts_at(&self) -> NaiveDateTime {
        self.date.and_time(self.start.to_naive())
    }

    /// End as a Tokyo wall-clock date and time, if known.
    pub fn ends_at(&self) -> Option<NaiveDateTime> {
        self.end.map(|end| self.date.and_time(end.to_naive()))
    }

    /// Whether the meeting is under way at this Tokyo time. Without a known end it never is:
    /// claiming 「開催中」 on a guess would send people to a closed door.
    pub fn in_progress_at(&self, local: NaiveDateTime) -> bool {
        self.ends_at()
            .is_some_and(|end| self.starts_at() <= local && local < end)
    }

    /// Whether the meeting has not finished at this Tokyo time (in progress or still to come).
    pub fn not_over_at(&self, local: NaiveDateTime) -> bool {
        match self.ends_at() {
            Some(end) => local < end,
            None => local <= self.starts_at(),
        }
    }
}

/// The largest interval a weekly rule may have (every 8 weeks).
pub const MAX_WEEKLY_INTERVAL: u8 = 8;

/// The largest interval a monthly rule may have (once a year).
pub const MAX_MONTHLY_INTERVAL: u8 = 12;

/// The first date a schedule may name.
pub const FIRST_DATE: (i32, u32, u32) = (1900, 1, 1);

/// The last date a schedule may name.
pub const LAST_DATE: (i32, u32, u32) = (9999, 12, 31);

impl Schedule {
    /// Checks every rule; see [`ScheduleError`].
    pub fn validate(&self) -> Result<(), ScheduleError> {
        let first = NaiveDate::from_ymd_opt(FIRST_DATE.0, FIRST_DATE.1, FIRST_DATE.2);
        let last = NaiveDate::from_ymd_opt(LAST_DATE.0, LAST_DATE.1, LAST_DATE.2);
        let dates = self
            .starts
            .iter()
            .chain(&self.until)
            .chain(&self.except)
            .chain(self.dates.iter().map(|s| &s.date));
        for date in dates {
            if first.is_some_and(|f| *date < f) || last.is_some_and(|l| *date > l) {
                return Err(ScheduleError::DateOutOfRange { date: *date });
            }
        }
        if let (Some(starts), Some(until)) = (self.starts, self.until)
            && until < starts
        {
            return Err(ScheduleError::UntilBeforeStart { starts, until });
        }
        for rule in &self.rules {
            check_times(rule.start, rule.end)?;
            let interval = match &rule.repeat {
                Repeat::Weekly { weekdays, interval } => {
                    if weekdays.is_empty() {
                        return Err(ScheduleError::NoWeekday);
                    }
                    *interval
                }
                Repeat::MonthlyByWeekday {
                    weekdays,
                    nth,
                    interval,
                } => {
                    if weekdays.is_empty() {
                        return Err(ScheduleError::NoWeekday);
                    }
                    if nth.is_empty() {
                        return Err(ScheduleError::NoNth);
                    }
                    if let Some(&bad) = nth.iter().find(|n| !matches!(n, 1..=5 | -5..=-1)) {
                        return Err(ScheduleError::NthOutOfRange { nth: bad });
                    }
                    *interval
                }
                Repeat::MonthlyByDay { days, interval } => {
                    if days.is_empty() {
                        return Err(ScheduleError::NoDay);
                    }
                    if let Some(&bad) = days.iter().find(|d| !matches!(d, 1..=31 | -1)) {
                        return Err(ScheduleError::DayOutOfRange { day: bad });
                    }
                    *interval
                }
            };
            if interval == 0 {
                return Err(ScheduleError::ZeroInterval);
            }
            let max = match rule.repeat {
                Repeat::Weekly { .. } => MAX_WEEKLY_INTERVAL,
                _ => MAX_MONTHLY_INTERVAL,
            };
            if interval > max {
                return Err(ScheduleError::IntervalTooLarge { interval, max });
            }
            if interval > 1 && self.starts.is_none() {
                return Err(ScheduleError::IntervalWithoutStart { interval });
            }
        }
        for session in &self.dates {
            check_times(session.start, session.end)?;
        }
        Ok(())
    }

    /// Whether nothing at all is set: no rules, dates, exceptions, bounds or holiday rule.
    pub fn is_unset(&self) -> bool {
        self == &Schedule::default()
    }

    /// Whether the schedule has no rules and no dates ("by appointment").
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.dates.is_empty()
    }
}

fn check_times(start: ClockTime, end: Option<ClockTime>) -> Result<(), ScheduleError> {
    match end {
        Some(end) if end <= start => Err(ScheduleError::EndNotAfterStart { start, end }),
        _ => Ok(()),
    }
}

/// Part of the day, for the time-of-day filter, by when a meeting starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeOfDay {
    /// 午前: starts before 12:00.
    Morning,
    /// 午後: starts from 12:00 to 16:59.
    Afternoon,
    /// 夜間: starts at 17:00 or later, after work or school.
    Evening,
}

impl TimeOfDay {
    /// Every part of the day, in order.
    pub const ALL: [TimeOfDay; 3] = [TimeOfDay::Morning, TimeOfDay::Afternoon, TimeOfDay::Evening];

    /// The part of the day a meeting starting at `start` belongs to.
    pub fn of(start: ClockTime) -> TimeOfDay {
        match start.hour() {
            0..=11 => TimeOfDay::Morning,
            12..=16 => TimeOfDay::Afternoon,
            _ => TimeOfDay::Evening,
        }
    }
}
