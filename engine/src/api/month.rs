//! Building the month calendar the worker serves: the month's Japanese public holidays and
//! every meeting of every group in it, expanded from the groups' schedules.

use chrono::Datelike;
use tsunagu_contract::api::month::{HolidayDate, Meeting, MonthCalendar};
use tsunagu_contract::calendar::Month;
use tsunagu_contract::directory::{Directory, FacilityId};
use tsunagu_contract::order;

use crate::holidays;
use crate::schedule::Expand;

/// The calendar of `month` for the groups of `directory`, or only those of `facility`.
/// Whether the facility exists is the caller's question: an unknown one has no groups.
pub fn build(directory: &Directory, facility: Option<&FacilityId>, month: Month) -> MonthCalendar {
    let (first, last) = (month.first_day(), month.last_day());
    let holidays = first
        .iter_days()
        .take_while(|day| *day <= last)
        .filter_map(|date| {
            holidays::holiday(date).map(|holiday| HolidayDate {
                date,
                name_ja: holiday.name_ja().to_owned(),
                name_en: holiday.name_en().to_owned(),
            })
        })
        .collect();
    let mut meetings: Vec<Meeting> = directory
        .groups
        .iter()
        .filter(|group| facility.is_none_or(|id| &group.facility == id))
        .flat_map(|group| {
            group
                .schedule
                .between(first, last)
                .into_iter()
                .map(|o| Meeting {
                    group: group.id.clone(),
                    date: o.date,
                    start: o.start,
                    end: o.end,
                })
        })
        .collect();
    order::sort_by(&mut meetings, |a, b| {
        (a.date, a.start, &a.group, a.end).cmp(&(b.date, b.start, &b.group, b.end))
    });
    debug_assert!(meetings.iter().all(|m| m.date.month() == month.month()));
    MonthCalendar {
        month,
        holidays,
        meetings,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use chrono::Weekday;
    use tsunagu_contract::directory::{Category, Facility, Group, GroupId};
    use tsunagu_contract::schedule::{Repeat, Schedule, Session};

    use super::*;
    use crate::schedule::fixtures::{date, nth, rule, t, weekly};

    fn m(year: i32, month: u32) -> Month {
        Month::new(year, month).unwrap()
    }

    fn group(id: &str, facility: &str, repeat: Repeat, skip_holidays: bool) -> Group {
        let mut group = Group::new(
            GroupId::new(id).unwrap(),
            FacilityId::new(facility).unwrap(),
            id,
            Category::Hikikomori,
        );
        group.schedule = Schedule {
            rules: vec![rule(repeat, t(13, 0), Some(t(15, 0)))],
            skip_holidays,
            ..Schedule::default()
        };
        group
    }

    fn directory(groups: Vec<Group>) -> Directory {
        let mut facilities: Vec<Facility> = Vec::new();
        for g in &groups {
            if !facilities.iter().any(|f| f.id == g.facility) {
                facilities.push(Facility::new(g.facility.clone(), "施設"));
            }
        }
        Directory { facilities, groups }
    }

    fn dates(calendar: &MonthCalendar, id: &str) -> Vec<NaiveDate> {
        calendar
            .meetings
            .iter()
            .filter(|m| m.group.as_str() == id)
            .map(|m| m.date)
            .collect()
    }

    #[test]
    fn second_and_fourth_wednesdays_are_exactly_those() {
        let dir = directory(vec![group(
            "suiyo",
            "f",
            nth(&[Weekday::Wed], &[2, 4]),
            true,
        )]);
        // December 2026 has Wednesdays on the 2nd, 9th, 16th, 23rd and 30th.
        let calendar = build(&dir, None, m(2026, 12));
        assert_eq!(
            dates(&calendar, "suiyo"),
            [date(2026, 12, 9), date(2026, 12, 23)]
        );
        assert!(calendar.meetings.iter().all(|m| m.start == t(13, 0)));
        assert!(calendar.meetings.iter().all(|m| m.end == Some(t(15, 0))));
        // April 2027 starts on a Thursday: its Wednesdays are the 7th, 14th, 21st and 28th.
        let calendar = build(&dir, None, m(2027, 4));
        assert_eq!(
            dates(&calendar, "suiyo"),
            [date(2027, 4, 14), date(2027, 4, 28)]
        );
    }

    #[test]
    fn a_holiday_cancels_the_meetings_of_groups_that_skip_holidays_and_is_listed() {
        // November 2026: Mondays on the 2nd, 9th, 16th, 23rd (勤労感謝の日) and 30th.
        let dir = directory(vec![
            group("skips", "f", nth(&[Weekday::Mon], &[2, 4]), true),
            group("meets", "f", nth(&[Weekday::Mon], &[2, 4]), false),
        ]);
        let calendar = build(&dir, None, m(2026, 11));
        assert_eq!(dates(&calendar, "skips"), [date(2026, 11, 9)]);
        assert_eq!(
            dates(&calendar, "meets"),
            [date(2026, 11, 9), date(2026, 11, 23)]
        );
        assert_eq!(
            calendar.holidays,
            [
                HolidayDate {
                    date: date(2026, 11, 3),
                    name_ja: "文化の日".into(),
                    name_en: holidays::Holiday::Culture.name_en().into(),
                },
                HolidayDate {
                    date: date(2026, 11, 23),
                    name_ja: "勤労感謝の日".into(),
                    name_en: holidays::Holiday::LabourThanksgiving.name_en().into(),
                },
            ]
        );
    }

    #[test]
    fn only_the_month_s_own_dates() {
        let mut weekly_group = group("weekly", "f", weekly(&[Weekday::Wed]), false);
        weekly_group.schedule.dates = vec![
            Session {
                date: date(2026, 11, 30),
                start: t(10, 0),
                end: None,
            },
            Session {
                date: date(2026, 12, 31),
                start: t(10, 0),
                end: None,
            },
            Session {
                date: date(2027, 1, 1),
                start: t(10, 0),
                end: None,
            },
        ];
        let dir = directory(vec![weekly_group]);
        let calendar = build(&dir, None, m(2026, 12));
        // The wall calendar's grid shows 29 November to 2 January; the data holds December only.
        assert_eq!(
            dates(&calendar, "weekly"),
            [2, 9, 16, 23, 30, 31].map(|d| date(2026, 12, d))
        );
        // December 2026 has no public holiday (天皇誕生日 is in February since 2020).
        assert!(calendar.holidays.is_empty());
        let january = build(&dir, None, m(2027, 1));
        assert_eq!(
            january.meetings.first().map(|m| m.date),
            Some(date(2027, 1, 1))
        );
        assert_eq!(
            january.holidays.iter().map(|h| h.date).collect::<Vec<_>>(),
            [date(2027, 1, 1), date(2027, 1, 11)]
        );
    }

    #[test]
    fn a_facility_sees_only_its_own_groups_sorted_by_date_then_start() {
        // Named so that the order of the names is not that of the start times.
        let mut late = group("evening", "mine", weekly(&[Weekday::Wed]), false);
        late.schedule.rules[0].start = t(18, 0);
        late.schedule.rules[0].end = None;
        let dir = directory(vec![
            late,
            group("morning", "mine", weekly(&[Weekday::Wed]), false),
            group("theirs", "other", weekly(&[Weekday::Wed]), false),
        ]);
        let mine = FacilityId::new("mine").unwrap();
        let calendar = build(&dir, Some(&mine), m(2026, 12));
        let listed: Vec<(NaiveDate, &str)> = calendar
            .meetings
            .iter()
            .map(|m| (m.date, m.group.as_str()))
            .take(4)
            .collect();
        assert_eq!(
            listed,
            [
                (date(2026, 12, 2), "morning"),
                (date(2026, 12, 2), "evening"),
                (date(2026, 12, 9), "morning"),
                (date(2026, 12, 9), "evening"),
            ]
        );
        assert_eq!(calendar.meetings.len(), 10);
        let everyone = build(&dir, None, m(2026, 12));
        assert_eq!(dates(&everyone, "theirs").len(), 5);
        let nobody = FacilityId::new("nobody").unwrap();
        assert!(build(&dir, Some(&nobody), m(2026, 12)).meetings.is_empty());
    }

    #[test]
    fn the_wire_is_compact() {
        let dir = directory(vec![group("suiyo", "f", nth(&[Weekday::Wed], &[2]), false)]);
        let mut calendar = build(&dir, None, m(2026, 11));
        calendar.meetings[0].end = None;
        let json = serde_json::to_value(&calendar).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "month": "2026-11",
                "holidays": [
                    {"date": "2026-11-03", "name_ja": "文化の日", "name_en": "Culture Day"},
                    {"date": "2026-11-23", "name_ja": "勤労感謝の日", "name_en": "Labour Thanksgiving Day"},
                ],
                "meetings": [{"group": "suiyo", "date": "2026-11-11", "start": "13:00"}],
            })
        );
        let back: MonthCalendar = serde_json::from_value(json).unwrap();
        assert_eq!(back, calendar);
        assert_eq!(back.meetings[0].occurrence().date, date(2026, 11, 11));
    }
}
