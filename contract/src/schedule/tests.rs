//! Validation of every rule kind at its limits, and the wire forms of times and schedules.

use chrono::{NaiveDate, Weekday};

use super::fixtures::{date as d, nth, t};
use super::*;

fn rule(repeat: Repeat) -> Rule {
    fixtures::rule(repeat, t(13, 0), Some(t(15, 0)))
}

fn schedule(repeat: Repeat) -> Schedule {
    Schedule {
        rules: vec![rule(repeat)],
        ..Schedule::default()
    }
}

#[test]
fn validation_names_each_problem() {
    let cases: Vec<(Schedule, ScheduleError)> = vec![
        (
            schedule(nth(&[Weekday::Wed], &[6])),
            ScheduleError::NthOutOfRange { nth: 6 },
        ),
        (schedule(nth(&[], &[1])), ScheduleError::NoWeekday),
        (schedule(nth(&[Weekday::Wed], &[])), ScheduleError::NoNth),
        (
            schedule(Repeat::MonthlyByDay {
                days: vec![0],
                interval: 1,
            }),
            ScheduleError::DayOutOfRange { day: 0 },
        ),
        (
            schedule(Repeat::Weekly {
                weekdays: vec![Weekday::Mon],
                interval: 0,
            }),
            ScheduleError::ZeroInterval,
        ),
        (
            Schedule {
                rules: vec![Rule {
                    repeat: nth(&[Weekday::Wed], &[1]),
                    start: t(15, 0),
                    end: Some(t(13, 0)),
                }],
                ..Schedule::default()
            },
            ScheduleError::EndNotAfterStart {
                start: t(15, 0),
                end: t(13, 0),
            },
        ),
    ];
    let mut far = schedule(nth(&[Weekday::Wed], &[1]));
    far.starts = NaiveDate::from_ymd_opt(262_142, 12, 1);
    let mut every_nine_weeks = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Mon],
        interval: 9,
    });
    every_nine_weeks.starts = Some(d(2026, 1, 5));
    let more = vec![
        (
            far,
            ScheduleError::DateOutOfRange {
                date: NaiveDate::from_ymd_opt(262_142, 12, 1).unwrap(),
            },
        ),
        (
            every_nine_weeks,
            ScheduleError::IntervalTooLarge {
                interval: 9,
                max: MAX_WEEKLY_INTERVAL,
            },
        ),
    ];
    for (s, expected) in cases.into_iter().chain(more) {
        assert_eq!(s.validate(), Err(expected));
    }
}

#[test]
fn clock_times_read_and_print() {
    assert_eq!(ClockTime::parse("9:05").unwrap().to_string(), "9:05");
    assert_eq!(ClockTime::parse("１３：００").unwrap(), t(13, 0));
    for bad in ["24:00", "13:60", "13:5", "1300", "", "a:bc", "123:00"] {
        assert!(ClockTime::parse(bad).is_err(), "{bad:?} accepted");
    }
    assert_eq!(serde_json::to_string(&t(9, 30)).unwrap(), "\"9:30\"");
}

#[test]
fn schedule_json_is_readable() {
    let s: Schedule = serde_json::from_str(
        r#"{"rules":[{"repeat":{"freq":"monthly_by_weekday","weekdays":["Wed"],"nth":[2,4]},
            "start":"13:00","end":"21:00"}],"skip_holidays":true}"#,
    )
    .unwrap();
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"rules":[{"repeat":{"freq":"monthly_by_weekday","weekdays":["Wed"],"nth":[2,4]},"start":"13:00","end":"21:00"}],"skip_holidays":true}"#
    );
}
