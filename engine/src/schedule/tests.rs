//! Table tests for every rule kind at the edges (month ends, missing fifth weekdays, leap years,
//! holidays on the meeting day, year boundaries) and property tests that the three ways of
//! asking (next, between, in progress) agree.

use chrono::{DateTime, NaiveDateTime};
use chrono::{NaiveDate, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use tsunagu_contract::schedule::{
    Occurrence, Repeat, Rule, Schedule, ScheduleError, Session, from_tokyo,
};

use super::fixtures::{self, date as d, nth, t};
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

fn dates(s: &Schedule, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    s.between(from, to).iter().map(|o| o.date).collect()
}

#[test]
fn second_and_fourth_wednesday_is_monthly_not_weekly() {
    let s = schedule(nth(&[Weekday::Wed], &[2, 4]));
    assert_eq!(
        dates(&s, d(2026, 11, 1), d(2026, 12, 31)),
        [
            d(2026, 11, 11),
            d(2026, 11, 25),
            d(2026, 12, 9),
            d(2026, 12, 23)
        ]
    );
}

#[test]
fn fifth_weekday_exists_only_in_some_months() {
    let s = schedule(nth(&[Weekday::Thu], &[5]));
    // 2026: Thursdays fall five times in January, April, July, October and December.
    assert_eq!(
        dates(&s, d(2026, 1, 1), d(2026, 12, 31)),
        [
            d(2026, 1, 29),
            d(2026, 4, 30),
            d(2026, 7, 30),
            d(2026, 10, 29),
            d(2026, 12, 31)
        ]
    );
}

#[test]
fn last_weekday_counts_from_the_month_end() {
    let s = schedule(nth(&[Weekday::Sat], &[-1]));
    assert_eq!(
        dates(&s, d(2026, 1, 1), d(2026, 3, 31)),
        [d(2026, 1, 31), d(2026, 2, 28), d(2026, 3, 28)]
    );
    let first_and_last = schedule(nth(&[Weekday::Fri], &[1, -1]));
    assert_eq!(
        dates(&first_and_last, d(2026, 5, 1), d(2026, 5, 31)),
        [d(2026, 5, 1), d(2026, 5, 29)]
    );
}

#[test]
fn month_days_that_do_not_exist_are_skipped() {
    let s = schedule(Repeat::MonthlyByDay {
        days: vec![31],
        interval: 1,
    });
    assert_eq!(
        dates(&s, d(2026, 1, 1), d(2026, 6, 30)),
        [d(2026, 1, 31), d(2026, 3, 31), d(2026, 5, 31)]
    );
}

#[test]
fn month_end_and_leap_day() {
    let last = schedule(Repeat::MonthlyByDay {
        days: vec![-1],
        interval: 1,
    });
    assert_eq!(
        dates(&last, d(2028, 1, 15), d(2028, 3, 31)),
        [d(2028, 1, 31), d(2028, 2, 29), d(2028, 3, 31)]
    );
    assert_eq!(
        dates(&last, d(2027, 2, 1), d(2027, 2, 28)),
        [d(2027, 2, 28)]
    );
    let twenty_ninth = schedule(Repeat::MonthlyByDay {
        days: vec![29],
        interval: 1,
    });
    assert_eq!(dates(&twenty_ninth, d(2027, 2, 1), d(2027, 3, 1)), []);
    assert_eq!(
        dates(&twenty_ninth, d(2028, 2, 1), d(2028, 3, 1)),
        [d(2028, 2, 29)]
    );
}

#[test]
fn holidays_cancel_only_when_asked() {
    // 2026-11-23 (Mon) is 勤労感謝の日, the 4th Monday of November.
    let mut s = schedule(nth(&[Weekday::Mon], &[2, 4]));
    assert_eq!(
        dates(&s, d(2026, 11, 1), d(2026, 11, 30)),
        [d(2026, 11, 9), d(2026, 11, 23)]
    );
    s.skip_holidays = true;
    assert_eq!(dates(&s, d(2026, 11, 1), d(2026, 11, 30)), [d(2026, 11, 9)]);
    // A dated session is held even on a holiday.
    s.dates.push(Session {
        date: d(2026, 11, 23),
        start: t(10, 0),
        end: None,
    });
    assert_eq!(
        s.between(d(2026, 11, 23), d(2026, 11, 23)),
        [Occurrence {
            date: d(2026, 11, 23),
            start: t(10, 0),
            end: None
        }]
    );
}

#[test]
fn substitute_and_citizens_holidays_cancel_too() {
    let mut tuesdays = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Tue],
        interval: 1,
    });
    tuesdays.skip_holidays = true;
    // 2026-09-22 (Tue) is a 国民の休日 between 敬老の日 and 秋分の日.
    assert_eq!(
        dates(&tuesdays, d(2026, 9, 15), d(2026, 9, 29)),
        [d(2026, 9, 15), d(2026, 9, 29)]
    );
    let mut mondays = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Mon],
        interval: 1,
    });
    mondays.skip_holidays = true;
    // 2027-03-22 (Mon) is the 振替休日 for 春分の日 on Sunday 3/21.
    assert_eq!(
        dates(&mondays, d(2027, 3, 15), d(2027, 3, 29)),
        [d(2027, 3, 15), d(2027, 3, 29)]
    );
}

#[test]
fn year_boundary_and_exceptions() {
    let mut s = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Wed],
        interval: 1,
    });
    s.except = vec![d(2026, 12, 30)];
    assert_eq!(
        dates(&s, d(2026, 12, 20), d(2027, 1, 10)),
        [d(2026, 12, 23), d(2027, 1, 6)]
    );
    let first_sat = schedule(nth(&[Weekday::Sat], &[1]));
    assert_eq!(
        dates(&first_sat, d(2026, 12, 1), d(2027, 1, 31)),
        [d(2026, 12, 5), d(2027, 1, 2)]
    );
}

#[test]
fn biweekly_counts_from_the_first_date() {
    let mut s = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Wed],
        interval: 2,
    });
    assert_eq!(
        s.validate(),
        Err(ScheduleError::IntervalWithoutStart { interval: 2 })
    );
    s.starts = Some(d(2026, 12, 23));
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(
        dates(&s, d(2026, 12, 1), d(2027, 1, 31)),
        [d(2026, 12, 23), d(2027, 1, 6), d(2027, 1, 20)]
    );
}

#[test]
fn every_other_month() {
    let mut s = schedule(Repeat::MonthlyByWeekday {
        weekdays: vec![Weekday::Sat],
        nth: vec![3],
        interval: 2,
    });
    s.starts = Some(d(2026, 11, 1));
    assert_eq!(
        dates(&s, d(2026, 11, 1), d(2027, 3, 31)),
        [d(2026, 11, 21), d(2027, 1, 16), d(2027, 3, 20)]
    );
}

#[test]
fn starts_and_until_bound_the_rules() {
    let mut s = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Fri],
        interval: 1,
    });
    s.starts = Some(d(2026, 12, 1));
    s.until = Some(d(2026, 12, 18));
    assert_eq!(
        dates(&s, d(2026, 11, 1), d(2027, 1, 31)),
        [d(2026, 12, 4), d(2026, 12, 11), d(2026, 12, 18)]
    );
}

#[test]
fn several_rules_on_one_day_are_ordered_by_time() {
    let s = Schedule {
        rules: vec![
            Rule {
                repeat: nth(&[Weekday::Sat], &[1]),
                start: t(18, 0),
                end: Some(t(20, 0)),
            },
            Rule {
                repeat: Repeat::Weekly {
                    weekdays: vec![Weekday::Sat],
                    interval: 1,
                },
                start: t(10, 0),
                end: Some(t(12, 0)),
            },
        ],
        ..Schedule::default()
    };
    let day = s.between(d(2026, 12, 5), d(2026, 12, 5));
    assert_eq!(
        day.iter().map(|o| o.start).collect::<Vec<_>>(),
        [t(10, 0), t(18, 0)]
    );
}

#[test]
fn next_includes_the_meeting_in_progress_and_in_progress_finds_it() {
    let s = schedule(nth(&[Weekday::Wed], &[2, 3, 4]));
    // 2026-11-25 (Wed, 4th) 14:00 in Tokyo = 05:00 UTC.
    let during = Utc.with_ymd_and_hms(2026, 11, 25, 5, 0, 0).unwrap();
    let next = s.next(during, 2);
    assert_eq!(next[0].date, d(2026, 11, 25));
    assert_eq!(next[1].date, d(2026, 12, 9));
    assert_eq!(s.in_progress(during).map(|o| o.date), Some(d(2026, 11, 25)));
    // 15:00 Tokyo: over.
    let after = Utc.with_ymd_and_hms(2026, 11, 25, 6, 0, 0).unwrap();
    assert_eq!(s.in_progress(after), None);
    assert_eq!(s.next(after, 1)[0].date, d(2026, 12, 9));
    // 23:30 UTC on the 24th is 08:30 on the 25th in Tokyo: the date shifts.
    let early = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
    assert_eq!(s.next(early, 1)[0].date, d(2026, 11, 25));
    assert_eq!(s.in_progress(early), None);
}

#[test]
fn empty_schedule_has_no_meetings() {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
    assert!(Schedule::default().next(now, 5).is_empty());
    assert_eq!(Schedule::default().in_progress(now), None);
}

#[test]
fn the_ends_of_time_do_not_panic() {
    let s = schedule(Repeat::Weekly {
        weekdays: vec![Weekday::Wed],
        interval: 1,
    });
    assert!(s.next_from_local(NaiveDateTime::MAX, 3).len() <= 3);
    assert!(s.next(DateTime::<Utc>::MAX_UTC, 3).len() <= 3);
    assert!(s.next(DateTime::<Utc>::MIN_UTC, 1).len() <= 1);
    assert_eq!(s.in_progress(DateTime::<Utc>::MAX_UTC), None);
    assert!(
        !s.between(NaiveDate::MIN, add_days(NaiveDate::MIN, 10))
            .is_empty()
    );
}

/// An oracle independent of `expand.rs`: which of its weekday `date` is in the month, counted
/// by listing the month's days, from the start and from the end.
fn nth_by_listing(date: NaiveDate) -> (i8, i8) {
    use chrono::Datelike;
    let same: Vec<u32> = (1..=31)
        .filter_map(|day| date.with_day(day))
        .filter(|d| d.weekday() == date.weekday())
        .map(|d| d.day())
        .collect();
    let i = same.iter().position(|d| *d == date.day()).unwrap() as i8;
    (i + 1, i - same.len() as i8)
}

/// Whether a rule meets on `date` by the oracle above (intervals count whole weeks or months
/// from `starts`, as RFC 5545 counts from DTSTART).
fn rule_meets_by_listing(rule: &Rule, date: NaiveDate, starts: NaiveDate) -> bool {
    use chrono::Datelike;
    let months = (date.year() - starts.year()) * 12 + date.month() as i32 - starts.month() as i32;
    match &rule.repeat {
        Repeat::Weekly { weekdays, interval } => {
            let monday = |d: NaiveDate| d.week(Weekday::Mon).first_day();
            let weeks = (monday(date) - monday(starts)).num_days() / 7;
            weekdays.contains(&date.weekday()) && weeks % i64::from(*interval) == 0
        }
        Repeat::MonthlyByWeekday {
            weekdays,
            nth,
            interval,
        } => {
            let (first, last) = nth_by_listing(date);
            weekdays.contains(&date.weekday())
                && (nth.contains(&first) || nth.contains(&last))
                && months % i32::from(*interval) == 0
        }
        Repeat::MonthlyByDay { days, interval } => {
            let is_last = date.succ_opt().is_some_and(|n| n.month() != date.month());
            (days.contains(&(date.day() as i8)) || (is_last && days.contains(&-1)))
                && months % i32::from(*interval) == 0
        }
    }
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap())
}

fn repeat() -> impl Strategy<Value = Repeat> {
    prop_oneof![
        (prop::collection::vec(weekday(), 1..3), 1u8..4)
            .prop_map(|(weekdays, interval)| Repeat::Weekly { weekdays, interval }),
        (
            prop::collection::vec(weekday(), 1..3),
            prop::collection::vec(prop_oneof![1i8..=5, -5i8..=-1], 1..3),
            1u8..4
        )
            .prop_map(|(weekdays, nth, interval)| Repeat::MonthlyByWeekday {
                weekdays,
                nth,
                interval
            }),
        (
            prop::collection::vec(prop_oneof![1i8..=31, Just(-1i8)], 1..3),
            1u8..3
        )
            .prop_map(|(days, interval)| Repeat::MonthlyByDay { days, interval }),
    ]
}

fn arb_schedule() -> impl Strategy<Value = Schedule> {
    (
        prop::collection::vec((repeat(), 0u8..23, prop::option::of(1u8..60)), 0..3),
        0i64..2000,
        prop::option::of(0i64..600),
        any::<bool>(),
        prop::collection::vec(0i64..1500, 0..4),
        prop::collection::vec((0i64..2200, 6u8..20), 0..4),
    )
        .prop_map(
            |(rules, start_offset, length, skip_holidays, except, sessions)| {
                let base = d(2024, 1, 1);
                let starts = base + chrono::Duration::days(start_offset);
                Schedule {
                    rules: rules
                        .into_iter()
                        .map(|(repeat, hour, minutes)| Rule {
                            repeat,
                            start: t(hour, 0),
                            end: minutes.map(|m| t(hour, m)),
                        })
                        .collect(),
                    dates: sessions
                        .into_iter()
                        .map(|(offset, hour)| Session {
                            date: base + chrono::Duration::days(offset),
                            start: t(hour, 30),
                            end: Some(t(hour + 1, 0)),
                        })
                        .collect(),
                    except: except
                        .into_iter()
                        .map(|o| base + chrono::Duration::days(o))
                        .collect(),
                    starts: Some(starts),
                    until: length.map(|l| starts + chrono::Duration::days(l)),
                    skip_holidays,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn next_is_ordered_inside_the_rule_and_agrees_with_between(
        s in arb_schedule(),
        offset in 0i64..2200,
        minute in 0u32..1440,
        count in 1usize..12,
    ) {
        prop_assert_eq!(s.validate(), Ok(()));
        let day = d(2024, 1, 1) + chrono::Duration::days(offset);
        let local = day.and_hms_opt(minute / 60, minute % 60, 0).unwrap();
        let next = s.next_from_local(local, count);
        prop_assert!(next.len() <= count);
        prop_assert!(next.windows(2).all(|w| w[0] < w[1]), "not ordered: {:?}", next);
        for o in &next {
            prop_assert!(o.not_over_at(local));
            prop_assert!(!s.except.contains(&o.date));
            let from_session = s.dates.iter().any(|x| x.date == o.date && x.start == o.start && x.end == o.end);
            let starts = s.starts.unwrap();
            let from_rule = starts <= o.date
                && s.until.is_none_or(|u| o.date <= u)
                && !(s.skip_holidays && crate::holidays::is_holiday(o.date))
                && s.rules.iter().any(|r| r.start == o.start && r.end == o.end
                    && rule_meets_by_listing(r, o.date, starts));
            prop_assert!(from_session || from_rule, "{:?} is neither a session nor a rule's", o);
        }
        if let Some(last) = next.last() {
            let mut all: Vec<Occurrence> = s
                .between(local.date(), last.date)
                .into_iter()
                .filter(|o| o.not_over_at(local))
                .collect();
            // `between` may hold more meetings on the last day than `count` let through.
            all.truncate(next.len());
            prop_assert_eq!(&all, &next);
        }
        let instant = from_tokyo(local);
        let in_progress = s.in_progress(instant);
        prop_assert_eq!(in_progress.is_some(), next.first().is_some_and(|o| o.in_progress_at(local)));
        if let Some(o) = in_progress {
            prop_assert_eq!(Some(&o), next.first());
        }
    }

    #[test]
    fn between_is_ordered_and_splits_cleanly(s in arb_schedule(), a in 0i64..1500, len in 0i64..200, cut in 0i64..200) {
        let from = d(2024, 1, 1) + chrono::Duration::days(a);
        let to = from + chrono::Duration::days(len);
        let mid = from + chrono::Duration::days(cut.min(len));
        let whole = s.between(from, to);
        prop_assert!(whole.windows(2).all(|w| w[0] < w[1]));
        // Complete and sound by the independent oracle, day by day.
        let starts = s.starts.unwrap();
        let mut expected = Vec::new();
        let mut day = from;
        while day <= to {
            if !s.except.contains(&day) {
                let in_range = starts <= day && s.until.is_none_or(|u| day <= u);
                let holiday = s.skip_holidays && crate::holidays::is_holiday(day);
                for r in &s.rules {
                    if in_range && !holiday && rule_meets_by_listing(r, day, starts) {
                        expected.push(Occurrence { date: day, start: r.start, end: r.end });
                    }
                }
                for x in s.dates.iter().filter(|x| x.date == day) {
                    expected.push(Occurrence { date: day, start: x.start, end: x.end });
                }
            }
            day = day.succ_opt().unwrap();
        }
        expected.sort();
        expected.dedup();
        prop_assert_eq!(&whole, &expected);
        let mut split = s.between(from, mid);
        if let Some(next) = mid.succ_opt() {
            split.extend(s.between(next, to));
        }
        prop_assert_eq!(whole, split);
    }
}

#[test]
fn every_demo_schedule_reads_back_from_its_words() {
    let directory: tsunagu_contract::Directory =
        serde_json::from_str(include_str!("../../../demo/data/directory.json")).unwrap();
    for group in &directory.groups {
        let words = super::words::schedule(tsunagu_contract::Lang::Ja, &group.schedule);
        assert_eq!(
            parse(&words).as_ref(),
            Ok(&group.schedule),
            "{}: {words}",
            group.id
        );
    }
}

#[test]
fn every_demo_group_meets_again_after_the_data_was_written() {
    let dir: tsunagu_contract::Directory =
        serde_json::from_str(include_str!("../../../demo/data/directory.json")).unwrap();
    let from = d(2026, 11, 22).and_hms_opt(0, 0, 0).unwrap();
    for group in dir.groups.iter().filter(|g| !g.schedule.is_empty()) {
        assert!(
            !group.schedule.next_from_local(from, 1).is_empty(),
            "{} never meets after {from}",
            group.id
        );
    }
}
