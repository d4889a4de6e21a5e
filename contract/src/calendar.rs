//! Months for the finder's calendar view: which month is shown, how to step to the next and
//! previous one, how it is written in a link (`2026-12`), and the weeks of its wall calendar.
//!
//! Japanese wall calendars start their weeks on Sunday, unlike [`crate::schedule::WEEK`], which
//! follows RFC 5545 and starts on Monday; the grid here is for display only, so it follows the
//! visitor's habit rather than the recurrence rules'.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The first year a month may be in, as for schedule dates ([`crate::schedule::FIRST_DATE`]).
pub const FIRST_YEAR: i32 = 1900;

/// The last year a month may be in, as for schedule dates ([`crate::schedule::LAST_DATE`]).
pub const LAST_YEAR: i32 = 9999;

/// What can be wrong with a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A year outside [`FIRST_YEAR`] to [`LAST_YEAR`].
    #[error("the year {year} is outside {FIRST_YEAR} to {LAST_YEAR}")]
    YearOutOfRange {
        /// The rejected year.
        year: i32,
    },
    /// A month number outside 1 to 12.
    #[error("{month} is not a month (1 to 12)")]
    MonthOutOfRange {
        /// The rejected month number.
        month: u32,
    },
    /// Text that is not written as a year and a month.
    #[error("{value:?} is not a month; write it as 2026-12")]
    NotAMonth {
        /// The rejected text.
        value: String,
    },
}

/// A calendar month, e.g. 2026-12; on the wire the text `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1 to 12) of `year` ([`FIRST_YEAR`] to [`LAST_YEAR`]).
    pub fn new(year: i32, month: u32) -> Result<Month, CalendarError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(CalendarError::YearOutOfRange { year });
        }
        if !(1..=12).contains(&month) {
            return Err(CalendarError::MonthOutOfRange { month });
        }
        Ok(Month { year, month })
    }

    /// The month `date` falls in, moved into [`FIRST_YEAR`] to [`LAST_YEAR`] when it lies
    /// outside, so that a clock gone wrong still shows a calendar.
    pub fn of(date: NaiveDate) -> Month {
        match date.year() {
            y if y < FIRST_YEAR => Month {
                year: FIRST_YEAR,
                month: 1,
            },
            y if y > LAST_YEAR => Month {
                year: LAST_YEAR,
                month: 12,
            },
            year => Month {
                year,
                month: date.month(),
            },
        }
    }

    /// The year, e.g. 2026.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        // Always a real date: `new` and `of` keep year and month in range.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or_default()
    }

    /// The month after, if it is still before the end of [`LAST_YEAR`].
    pub fn next(self) -> Option<Month> {
        if self.month == 12 {
            Month::new(self.year + 1, 1).ok()
        } else {
            Month::new(self.year, self.month + 1).ok()
        }
    }

    /// The month before, if it is not before the start of [`FIRST_YEAR`].
    pub fn previous(self) -> Option<Month> {
        if self.month == 1 {
            Month::new(self.year - 1, 12).ok()
        } else {
            Month::new(self.year, self.month - 1).ok()
        }
    }

    /// Whether `date` is in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        date.year() == self.year && date.month() == self.month
    }

    /// The weeks of a wall calendar, Sunday first as Japanese calendars are: 4–6 rows of 7
    /// dates, including the days of the neighbouring months that fill the first and last rows.
    pub fn weeks(self) -> Vec<[NaiveDate; 7]> {
        let first = self.first_day();
        let last = self.last_day();
        let lead = u64::from(first.weekday().num_days_from_sunday());
        // Chrono's range reaches far beyond the years a month may be in, so stepping a few days
        // outside the month always succeeds; the fallback only keeps the code free of panics.
        let step = |date: NaiveDate, days: u64| date.checked_add_days(Days::new(days));
        let mut sunday = first.checked_sub_days(Days::new(lead)).unwrap_or(first);
        let mut weeks = Vec::with_capacity(6);
        while sunday <= last {
            let week: [NaiveDate; 7] =
                std::array::from_fn(|i| step(sunday, i as u64).unwrap_or(sunday));
            weeks.push(week);
            match step(sunday, 7) {
                Some(next) => sunday = next,
                None => break,
            }
        }
        weeks
    }
}

impl FromStr for Month {
    type Err = CalendarError;

    /// Reads `2026-12` or `2026-1` (full-width digits and hyphen too, as a hand-typed link may
    /// carry them).
    fn from_str(text: &str) -> Result<Month, CalendarError> {
        let folded = crate::text::fold_width(text.trim());
        let not_a_month = || CalendarError::NotAMonth {
            value: text.to_owned(),
        };
        let (year, month) = folded.split_once('-').ok_or_else(not_a_month)?;
        let digits = |s: &str, max: usize| {
            (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        // Four-digit years only: `26-12` is more likely a typo for 2026 than the year 26.
        if year.len() != 4 || !digits(year, 4) || !digits(month, 2) {
            return Err(not_a_month());
        }
        match (year.parse(), month.parse()) {
            (Ok(year), Ok(month)) => Month::new(year, month),
            _ => Err(not_a_month()),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Month {
    type Error = CalendarError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use proptest::prelude::*;

    use super::*;
    use crate::schedule::fixtures::date;

    fn m(year: i32, month: u32) -> Month {
        Month::new(year, month).unwrap()
    }

    #[test]
    fn months_are_checked() {
        assert_eq!(m(2026, 12).year(), 2026);
        assert_eq!(m(2026, 12).month(), 12);
        assert_eq!(
            Month::new(2026, 13),
            Err(CalendarError::MonthOutOfRange { month: 13 })
        );
        assert!(Month::new(2026, 0).is_err());
        assert_eq!(
            Month::new(1899, 12),
            Err(CalendarError::YearOutOfRange { year: 1899 })
        );
        assert!(Month::new(10000, 1).is_err());
        assert_eq!(Month::of(date(2026, 2, 14)), m(2026, 2));
        assert_eq!(Month::of(date(1800, 5, 1)), m(1900, 1));
        assert_eq!(Month::of(NaiveDate::MAX), m(9999, 12));
    }

    #[test]
    fn first_and_last_days() {
        assert_eq!(m(2026, 12).first_day(), date(2026, 12, 1));
        assert_eq!(m(2026, 12).last_day(), date(2026, 12, 31));
        assert_eq!(m(2028, 2).last_day(), date(2028, 2, 29));
        assert_eq!(m(2100, 2).last_day(), date(2100, 2, 28));
        assert_eq!(m(2026, 4).last_day(), date(2026, 4, 30));
        assert_eq!(m(9999, 12).last_day(), date(9999, 12, 31));
        assert!(m(2026, 4).contains(date(2026, 4, 30)));
        assert!(!m(2026, 4).contains(date(2026, 5, 1)));
    }

    #[test]
    fn stepping_stops_at_the_ends() {
        assert_eq!(m(2026, 12).next(), Some(m(2027, 1)));
        assert_eq!(m(2027, 1).previous(), Some(m(2026, 12)));
        assert_eq!(m(2026, 5).next(), Some(m(2026, 6)));
        assert_eq!(m(9999, 12).next(), None);
        assert_eq!(m(1900, 1).previous(), None);
        assert!(m(2026, 12) < m(2027, 1));
    }

    #[test]
    fn reads_and_writes_year_dash_month() {
        assert_eq!("2026-12".parse(), Ok(m(2026, 12)));
        assert_eq!("2026-1".parse(), Ok(m(2026, 1)));
        assert_eq!(" 2026-01 ".parse(), Ok(m(2026, 1)));
        assert_eq!("２０２６－１２".parse(), Ok(m(2026, 12)));
        assert_eq!(m(2026, 1).to_string(), "2026-01");
        for bad in [
            "", "2026", "2026-", "-12", "26-12", "2026-123", "2026-1x", "2026/12",
        ] {
            assert_eq!(
                bad.parse::<Month>(),
                Err(CalendarError::NotAMonth {
                    value: bad.to_owned()
                }),
                "{bad:?}"
            );
        }
        assert_eq!(
            "2026-13".parse::<Month>(),
            Err(CalendarError::MonthOutOfRange { month: 13 })
        );
        let message = "2026/12".parse::<Month>().unwrap_err().to_string();
        assert!(message.contains("2026-12"), "{message}");
    }

    #[test]
    fn weeks_start_on_sunday() {
        // 2026-12-01 is a Tuesday: the first row starts on Sunday 29 November.
        let weeks = m(2026, 12).weeks();
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], date(2026, 11, 29));
        assert_eq!(weeks[0][2], date(2026, 12, 1));
        assert_eq!(weeks[4][6], date(2027, 1, 2));
        // February 2026 starts on a Sunday and has 28 days: exactly four rows.
        let weeks = m(2026, 2).weeks();
        assert_eq!(weeks.len(), 4);
        assert_eq!(weeks[0][0], date(2026, 2, 1));
        assert_eq!(weeks[3][6], date(2026, 2, 28));
        // August 2026 starts on a Saturday and has 31 days: six rows.
        assert_eq!(m(2026, 8).weeks().len(), 6);
        // The ends of the range still have their neighbouring days.
        assert_eq!(m(1900, 1).weeks()[0][0], date(1899, 12, 31));
        assert_eq!(m(9999, 12).weeks().last().unwrap()[6], date(10000, 1, 1));
    }

    proptest! {
        #[test]
        fn weeks_cover_the_month_in_order(year in FIRST_YEAR..=LAST_YEAR, month in 1u32..=12) {
            let month = m(year, month);
            let weeks = month.weeks();
            prop_assert!((4..=6).contains(&weeks.len()));
            let days: Vec<NaiveDate> = weeks.iter().flatten().copied().collect();
            prop_assert!(days.windows(2).all(|w| w[0].succ_opt() == Some(w[1])));
            prop_assert!(weeks.iter().all(|w| w[0].weekday() == Weekday::Sun));
            prop_assert!(weeks.iter().all(|w| w.iter().any(|d| month.contains(*d))));
            let inside = days.iter().filter(|d| month.contains(**d)).count();
            prop_assert_eq!(inside as i64, (month.last_day() - month.first_day()).num_days() + 1);
            prop_assert_eq!(month.to_string().parse::<Month>(), Ok(month));
            prop_assert_eq!(Month::of(month.first_day()), month);
            prop_assert_eq!(Month::of(month.last_day()), month);
            if let Some(next) = month.next() {
                prop_assert_eq!(next.previous(), Some(month));
                prop_assert_eq!(month.last_day().succ_opt(), Some(next.first_day()));
            }
        }
    }
}
