//! Expansion of a [`Schedule`] into dated meetings.
//!
//! Day by day rather than by clever arithmetic: a day either matches a rule or not, which makes
//! month ends, missing fifth weekdays, leap days and year boundaries fall out with no special
//! cases, and is cheap enough (a few comparisons per day) for 10,000 groups in the browser.

use chrono::{Datelike, Duration, NaiveDate};

use super::{Occurrence, Repeat, Rule, Schedule};
use crate::holidays;

impl Schedule {
    /// Calls `each` with every meeting from `from` to `to` (inclusive) in order, until it
    /// returns `false`.
    pub(crate) fn scan(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut each: impl FnMut(Occurrence) -> bool,
    ) {
        if from > to || self.is_empty() {
            return;
        }
        let mut day = from;
        let mut today = Vec::new();
        while day <= to {
            self.on_day(day, &mut today);
            for occurrence in today.drain(..) {
                if !each(occurrence) {
                    return;
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => return,
            }
        }
    }

    /// The meetings of one day, sorted by start time, without repeats.
    fn on_day(&self, day: NaiveDate, out: &mut Vec<Occurrence>) {
        if self.except.contains(&day) {
            return;
        }
        let in_range = self.starts.is_none_or(|s| s <= day) && self.until.is_none_or(|u| day <= u);
        if in_range {
            let mut holiday = None;
            for rule in &self.rules {
                if !rule.matches(day, self.starts) {
                    continue;
                }
                // Checked only on matching days: most days match no rule.
                if self.skip_holidays && *holiday.get_or_insert_with(|| holidays::is_holiday(day)) {
                    continue;
                }
                out.push(Occurrence {
                    date: day,
                    start: rule.start,
                    end: rule.end,
                });
            }
        }
        out.extend(
            self.dates
                .iter()
                .filter(|s| s.date == day)
                .map(|s| Occurrence {
                    date: day,
                    start: s.start,
                    end: s.end,
                }),
        );
        crate::order::sort(out);
        out.dedup();
    }
}

impl Rule {
    /// Whether the rule has a meeting on `day`, ignoring holidays and the schedule's range.
    pub(crate) fn matches(&self, day: NaiveDate, starts: Option<NaiveDate>) -> bool {
        match &self.repeat {
            Repeat::Weekly { weekdays, interval } => {
                weekdays.contains(&day.weekday()) && weeks_fit(day, starts, *interval)
            }
            Repeat::MonthlyByWeekday {
                weekdays,
                nth,
                interval,
            } => {
                if !weekdays.contains(&day.weekday()) || !months_fit(day, starts, *interval) {
                    return false;
                }
                let (from_start, from_end) = week_of_month(day);
                nth.iter().any(|&n| n == from_start || n == from_end)
            }
            Repeat::MonthlyByDay { days, interval } => {
                if !months_fit(day, starts, *interval) {
                    return false;
                }
                let d = i8::try_from(day.day()).unwrap_or(0);
                days.iter()
                    .any(|&n| n == d || (n == -1 && d == days_in_month(day)))
            }
        }
    }
}

/// Which occurrence of its weekday `day` is in its month, from the start (1 to 5) and from the
/// end (-1 to -5).
pub(crate) fn week_of_month(day: NaiveDate) -> (i8, i8) {
    let d = i8::try_from(day.day()).unwrap_or(1);
    let from_start = (d - 1) / 7 + 1;
    let from_end = -((days_in_month(day) - d) / 7 + 1);
    (from_start, from_end)
}

/// The number of days in the month of `day`.
pub(crate) fn days_in_month(day: NaiveDate) -> i8 {
    let first = day.with_day(1).unwrap_or(day);
    let next_first = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next_first
        .map(|n| (n - first).num_days())
        .and_then(|n| i8::try_from(n).ok())
        .unwrap_or(31)
}

/// Whether `day` falls in a week the interval selects, counting whole Monday-based weeks from
/// the week of `starts`. Validation guarantees `starts` for intervals above one.
fn weeks_fit(day: NaiveDate, starts: Option<NaiveDate>, interval: u8) -> bool {
    if interval <= 1 {
        return true;
    }
    let Some(starts) = starts else { return false };
    let monday = |d: NaiveDate| {
        d.checked_sub_signed(Duration::days(i64::from(
            d.weekday().num_days_from_monday(),
        )))
        .unwrap_or(d)
    };
    let weeks = (monday(day) - monday(starts)).num_days() / 7;
    weeks >= 0 && weeks % i64::from(interval) == 0
}

/// Whether `day` falls in a month the interval selects, counting from the month of `starts`.
fn months_fit(day: NaiveDate, starts: Option<NaiveDate>, interval: u8) -> bool {
    if interval <= 1 {
        return true;
    }
    let Some(starts) = starts else { return false };
    let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let months = index(day) - index(starts);
    months >= 0 && months % i64::from(interval) == 0
}
