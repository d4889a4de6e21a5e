//! Builders for the schedules that tests need, shared by the tests of every module that reads,
//! writes or expands schedules.

use chrono::{NaiveDate, Weekday};
use tsunagu_contract::schedule::{ClockTime, Repeat, Rule, Schedule};

/// `h:m`.
pub(crate) fn t(h: u8, m: u8) -> ClockTime {
    ClockTime::new(h, m).unwrap()
}

/// The date `y-m-d`.
pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every week on these weekdays.
pub(crate) fn weekly(weekdays: &[Weekday]) -> Repeat {
    Repeat::Weekly {
        weekdays: weekdays.to_vec(),
        interval: 1,
    }
}

/// Every month on these weeks (第n) of these weekdays.
pub(crate) fn nth(weekdays: &[Weekday], nth: &[i8]) -> Repeat {
    Repeat::MonthlyByWeekday {
        weekdays: weekdays.to_vec(),
        nth: nth.to_vec(),
        interval: 1,
    }
}

/// 第2・4水曜日 13:00〜15:00（祝日は休み）: the field's typical rule, which a holiday can cancel.
pub(crate) fn second_and_fourth_wednesdays() -> Schedule {
    Schedule {
        rules: vec![rule(
            nth(&[Weekday::Wed], &[2, 4]),
            t(13, 0),
            Some(t(15, 0)),
        )],
        skip_holidays: true,
        ..Schedule::default()
    }
}

/// A rule from its repetition and times.
pub(crate) fn rule(repeat: Repeat, start: ClockTime, end: Option<ClockTime>) -> Rule {
    Rule { repeat, start, end }
}
