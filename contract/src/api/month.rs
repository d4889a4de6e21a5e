//! The month calendar's data as the worker serves it ([`super::MONTH_PATH`]): the month's
//! Japanese public holidays and every meeting of every group in it, expanded from the groups'
//! schedules so that the widget only has to draw them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::directory::{Directory, FacilityId, GroupId};
use crate::holidays;
use crate::schedule::{ClockTime, Occurrence};

/// How many months before the current one a calendar may be asked for.
pub const MONTHS_BACK: i32 = 12;

/// How many months after the current one a calendar may be asked for. Expansion is day by day,
/// so the window keeps anyone from making the worker expand a far year.
pub const MONTHS_AHEAD: i32 = 24;

/// Why the `month` parameter was refused. The text sent is never kept, so no answer repeats it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    /// The query has no `month`.
    #[error("the month parameter is required, written as 2026-12")]
    Missing,
    /// The `month` is not a year and a month.
    #[error("the month parameter is not a month; write it as 2026-12")]
    NotAMonth,
    /// The month lies outside the window around the current one.
    #[error("only the months {first} to {last} are served")]
    OutOfRange {
        /// The first month served.
        first: Month,
        /// The last month served.
        last: Month,
    },
}

/// The months served while `today` (in Tokyo) is the current date: [`MONTHS_BACK`] before its
/// month to [`MONTHS_AHEAD`] after it.
pub fn window(today: NaiveDate) -> (Month, Month) {
    let current = Month::of(today);
    (shift(current, -MONTHS_BACK), shift(current, MONTHS_AHEAD))
}

/// `month` moved by `by` months, held within the years a [`Month`] may be in.
fn shift(month: Month, by: i32) -> Month {
    let index = month.year() * 12 + (month.month() as i32 - 1) + by;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let first = NaiveDate::from_ymd_opt(year, month0 as u32 + 1, 1);
    // Out of chrono's range only for years no month reaches; `Month::of` clamps the rest.
    first.map_or(month, Month::of)
}

/// Reads the `month` parameter (the first one counts; other keys are ignored) and checks that
/// it lies in the [`window`] around `today`.
pub fn month_param<K: AsRef<str>, V: AsRef<str>>(
    pairs: impl IntoIterator<Item = (K, V)>,
    today: NaiveDate,
) -> Result<Month, MonthError> {
    let (_, value) = pairs
        .into_iter()
        .find(|(key, _)| key.as_ref() == "month")
        .ok_or(MonthError::Missing)?;
    let month: Month = value.as_ref().parse().map_err(|_| MonthError::NotAMonth)?;
    let (first, last) = window(today);
    if month < first || month > last {
        return Err(MonthError::OutOfRange { first, last });
    }
    Ok(month)
}

/// A Japanese public holiday in the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayDate {
    /// The date.
    #[serde(deserialize_with = "crate::date::one")]
    pub date: NaiveDate,
    /// Its Japanese name, e.g. 「勤労感謝の日」.
    pub name_ja: String,
    /// Its English name, e.g. "Labour Thanksgiving Day".
    pub name_en: String,
}

/// One meeting of one group: [`Occurrence`]'s fields with the group's identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// The group that meets.
    pub group: GroupId,
    /// The date.
    #[serde(deserialize_with = "crate::date::one")]
    pub date: NaiveDate,
    /// When it starts.
    pub start: ClockTime,
    /// When it ends, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<ClockTime>,
}

impl Meeting {
    /// The meeting as an [`Occurrence`].
    pub fn occurrence(&self) -> Occurrence {
        Occurrence {
            date: self.date,
            start: self.start,
            end: self.end,
        }
    }
}

/// What the month calendar shows: the answer of [`super::MONTH_PATH`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCalendar {
    /// The month, written `2026-12`.
    pub month: Month,
    /// The public holidays in the month, by date.
    pub holidays: Vec<HolidayDate>,
    /// Every meeting in the month, by date, then start, then group (then end). Each group's
    /// exceptions and holidays apply, as in [`crate::schedule::Schedule::between`].
    pub meetings: Vec<Meeting>,
}

impl MonthCalendar {
    /// The calendar of `month` for the groups of `directory`, or only those of `facility`.
    /// Whether the facility exists is the caller's question: an unknown one has no groups.
    pub fn build(directory: &Directory, facility: Option<&FacilityId>, month: Month) -> Self {
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
        crate::order::sort_by(&mut meetings, |a, b| {
            (a.date, a.start, &a.group, a.end).cmp(&(b.date, b.start, &b.group, b.end))
        });
        debug_assert!(meetings.iter().all(|m| m.date.month() == month.month()));
        MonthCalendar {
            month,
            holidays,
            meetings,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::directory::{Category, Facility, Group};
    use crate::schedule::fixtures::{date, nth, rule, t, weekly};
    use crate::schedule::{Repeat, Schedule, Session};

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
        let calendar = MonthCalendar::build(&dir, None, m(2026, 12));
        assert_eq!(
            dates(&calendar, "suiyo"),
            [date(2026, 12, 9), date(2026, 12, 23)]
        );
        assert!(calendar.meetings.iter().all(|m| m.start == t(13, 0)));
        assert!(calendar.meetings.iter().all(|m| m.end == Some(t(15, 0))));
        // April 2027 starts on a Thursday: its Wednesdays are the 7th, 14th, 21st and 28th.
        let calendar = MonthCalendar::build(&dir, None, m(2027, 4));
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
        let calendar = MonthCalendar::build(&dir, None, m(2026, 11));
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
        let calendar = MonthCalendar::build(&dir, None, m(2026, 12));
        // The wall calendar's grid shows 29 November to 2 January; the data holds December only.
        assert_eq!(
            dates(&calendar, "weekly"),
            [2, 9, 16, 23, 30, 31].map(|d| date(2026, 12, d))
        );
        // December 2026 has no public holiday (天皇誕生日 is in February since 2020).
        assert!(calendar.holidays.is_empty());
        let january = MonthCalendar::build(&dir, None, m(2027, 1));
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
        let calendar = MonthCalendar::build(&dir, Some(&mine), m(2026, 12));
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
        let everyone = MonthCalendar::build(&dir, None, m(2026, 12));
        assert_eq!(dates(&everyone, "theirs").len(), 5);
        let nobody = FacilityId::new("nobody").unwrap();
        assert!(
            MonthCalendar::build(&dir, Some(&nobody), m(2026, 12))
                .meetings
                .is_empty()
        );
    }

    #[test]
    fn the_wire_is_compact() {
        let dir = directory(vec![group("suiyo", "f", nth(&[Weekday::Wed], &[2]), false)]);
        let mut calendar = MonthCalendar::build(&dir, None, m(2026, 11));
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

    #[test]
    fn months_are_read_within_the_window_and_never_repeated() {
        let today = date(2026, 12, 2);
        let read = |value: &str| month_param([("facility", "x"), ("month", value)], today);
        assert_eq!(read("2026-12"), Ok(m(2026, 12)));
        assert_eq!(read("2025-12"), Ok(m(2025, 12)));
        assert_eq!(read("2028-12"), Ok(m(2028, 12)));
        assert_eq!(read("２０２７－０１"), Ok(m(2027, 1)));
        let out = MonthError::OutOfRange {
            first: m(2025, 12),
            last: m(2028, 12),
        };
        assert_eq!(read("2025-11"), Err(out.clone()));
        assert_eq!(read("2029-01"), Err(out.clone()));
        assert_eq!(read("9999-12"), Err(out));
        for bad in [
            "2026-13", "2026-00", "abc", "", "2026/12", "1899-12", "<script>",
        ] {
            let error = read(bad).unwrap_err();
            assert_eq!(error, MonthError::NotAMonth, "{bad:?}");
            assert!(
                bad.is_empty() || !error.to_string().contains(bad),
                "{bad:?}"
            );
        }
        assert_eq!(
            month_param(Vec::<(&str, &str)>::new(), today),
            Err(MonthError::Missing)
        );
        let code = super::super::ErrorCode::InvalidMonth;
        assert_eq!(code.status(), 400);
        assert_eq!(serde_json::to_value(code).unwrap(), "invalid_month");
        assert_eq!(
            month_param([("month", "2027-01"), ("month", "abc")], today),
            Ok(m(2027, 1))
        );
    }

    #[test]
    fn the_window_crosses_years_and_stops_at_the_ends() {
        assert_eq!(window(date(2026, 1, 31)), (m(2025, 1), m(2028, 1)));
        assert_eq!(window(date(2026, 12, 31)), (m(2025, 12), m(2028, 12)));
        assert_eq!(window(date(1900, 3, 1)), (m(1900, 1), m(1902, 3)));
        assert_eq!(window(date(9999, 3, 1)), (m(9998, 3), m(9999, 12)));
    }
}
