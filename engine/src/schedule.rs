//! The schedule work the widget never does: expanding a
//! [`Schedule`](tsunagu_contract::schedule::Schedule) into dated meetings
//! ([`Expand`]), reading a rule from Japanese words ([`parse()`]) and saying a whole rule in
//! words ([`words`]).
//!
//! The rules themselves, their checks and the dates and times in words are the contract's
//! ([`tsunagu_contract::schedule`]); the widget reads meetings the worker has already expanded.

mod expand;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod parse;
#[cfg(test)]
mod tests;
pub mod words;

pub use expand::{Expand, SEARCH_HORIZON_DAYS};
pub(crate) use expand::{matches, scan};
pub use parse::{ParseError, parse};

use chrono::{Duration, NaiveDate};

/// `date` plus `days`, stopping at chrono's last date instead of overflowing.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(Duration::days(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Weeks of the month split as they are written: those counted from the start (第1・3), then
/// those from the end (最終), each in the given order. The words and the parser share this
/// order, so a rule reads back exactly from its own words.
pub(crate) fn split_weeks(nth: &[i8]) -> (Vec<i8>, Vec<i8>) {
    nth.iter().partition(|n| **n > 0)
}
