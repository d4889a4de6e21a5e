//! The month calendar's data as the worker serves it ([`super::MONTH_PATH`]): the month's
//! Japanese public holidays and every meeting of every group in it, expanded from the groups'
//! schedules on the worker's side so that the widget only has to draw them; and which months
//! are served.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::directory::GroupId;
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
    /// exceptions and holidays apply, as in every expansion of a schedule.
    pub meetings: Vec<Meeting>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::fixtures::date;

    fn m(year: i32, month: u32) -> Month {
        Month::new(year, month).unwrap()
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
