//! Builders for the schedules that tests need, shared by the tests of every module that reads
//! or writes schedules.

use chrono::{NaiveDate, Weekday};

use super::{ClockTime, Repeat, Rule};

/// `h:m`.
pub(crate) fn t(h: u8, m: u8) -> ClockTime {
    ClockTime::new(h, m).unwrap()
}

/// The date `y-m-d`.
pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every month on these weeks (第n) of these weekdays.
pub(crate) fn nth(weekdays: &[Weekday], nth: &[i8]) -> Repeat {
    Repeat::MonthlyByWeekday {
        weekdays: weekdays.to_vec(),
        nth: nth.to_vec(),
        interval: 1,
    }
}

/// A rule from its repetition and times.
pub(crate) fn rule(repeat: Repeat, start: ClockTime, end: Option<ClockTime>) -> Rule {
    Rule { repeat, start, end }
}
