//! Expansion of a [`Schedule`] into dated meetings.
//!
//! Day by day rather than by clever arithmetic: a day either matches a rule or not, which makes
//! month ends, missing fifth weekdays, leap days and year boundaries fall out with no special
//! cases, and is cheap enough (a few comparisons per day) for 10,000 groups at once.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use tsunagu_contract::order;
use tsunagu_contract::schedule::{Occurrence, Repeat, Rule, Schedule, tokyo};

use super::add_days;
use crate::holidays;

/// How far ahead [`Expand::next`] looks before concluding there is no next meeting, per month
/// of a rule's interval: far enough for 第5 weekdays after a run of holidays.
pub const SEARCH_HORIZON_DAYS: i64 = 800;

/// A schedule's meetings on real dates: its rules, dates and exceptions applied, and Japanese
/// public holidays where the schedule skips them.
pub trait Expand {
    /// How far ahead to look for a next meeting: [`SEARCH_HORIZON_DAYS`] times the longest
    /// monthly interval.
    fn horizon_days(&self) -> i64;

    /// Every meeting on the dates `from` to `to`, both included, in order.
    fn between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence>;

    /// The next `count` meetings that are not over at `instant`: one in progress comes first.
    /// Looks [`SEARCH_HORIZON_DAYS`] ahead at most.
    fn next(&self, instant: DateTime<Utc>, count: usize) -> Vec<Occurrence>;

    /// [`Expand::next`] from a Tokyo wall-clock time.
    fn next_from_local(&self, local: NaiveDateTime, count: usize) -> Vec<Occurrence>;

    /// The meeting under way at `instant`, if any.
    fn in_progress(&self, instant: DateTime<Utc>) -> Option<Occurrence>;
}

impl Expand for Schedule {
    fn horizon_days(&self) -> i64 {
        let months = self
            .rules
            .iter()
            .map(|r| match r.repeat {
                Repeat::MonthlyByWeekday { interval, .. }
                | Repeat::MonthlyByDay { interval, .. } => interval,
                Repeat::Weekly { .. } => 1,
            })
            .max()
            .unwrap_or(1);
        SEARCH_HORIZON_DAYS * i64::from(months.max(1))
    }

    fn between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        let mut out = Vec::new();
        scan(self, from, to, |o| {
            out.push(o);
            true
        });
        out
    }

    fn next(&self, instant: DateTime<Utc>, count: usize) -> Vec<Occurrence> {
        self.next_from_local(tokyo(instant), count)
    }

    fn next_from_local(&self, local: NaiveDateTime, count: usize) -> Vec<Occurrence> {
        let mut out = Vec::with_capacity(count.min(16));
        if count == 0 {
            return out;
        }
        let from = local.date();
        let to = add_days(from, self.horizon_days());
        scan(self, from, to, |o| {
            if o.not_over_at(local) {
                out.push(o);
            }
            out.len() < count
        });
        out
    }

    fn in_progress(&self, instant: DateTime<Utc>) -> Option<Occurrence> {
        let local = tokyo(instant);
        // A meeting never spans midnight (end is after start on the same day), so only today's
        // meetings can be under way.
        self.between(local.date(), local.date())
            .into_iter()
            .find(|o| o.in_progress_at(local))
    }
}

/// Calls `each` with every meeting of `schedule` from `from` to `to` (inclusive) in order,
/// until it returns `false`.
pub(crate) fn scan(
    schedule: &Schedule,
    from: NaiveDate,
    to: NaiveDate,
    mut each: impl FnMut(Occurrence) -> bool,
) {
    if from > to || schedule.is_empty() {
        return;
    }
    let mut day = from;
    let mut today = Vec::new();
    while day <= to {
        on_day(schedule, day, &mut today);
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

/// The meetings of `schedule` on one day, sorted by start time, without repeats.
fn on_day(schedule: &Schedule, day: NaiveDate, out: &mut Vec<Occurrence>) {
    if schedule.except.contains(&day) {
        return;
    }
    let in_range =
        schedule.starts.is_none_or(|s| s <= day) && schedule.until.is_none_or(|u| day <= u);
    if in_range {
        let mut holiday = None;
        for rule in &schedule.rules {
            if !matches(rule, day, schedule.starts) {
                continue;
            }
            // Checked only on matching days: most days match no rule.
            if schedule.skip_holidays && *holiday.get_or_insert_with(|| holidays::is_holiday(day)) {
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
        schedule
            .dates
            .iter()
            .filter(|s| s.date == day)
            .map(|s| Occurrence {
                date: day,
                start: s.start,
                end: s.end,
            }),
    );
    order::sort(out);
    out.dedup();
}

/// Whether `rule` has a meeting on `day`, ignoring holidays and the schedule's range.
pub(crate) fn matches(rule: &Rule, day: NaiveDate, starts: Option<NaiveDate>) -> bool {
    match &rule.repeat {
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
