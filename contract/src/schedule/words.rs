//! Dates, weekdays and times in words, as a card or a form shows a meeting: 「11月26日(水)
//! 13:00〜21:00」 and "Wed 26 Nov, 13:00–21:00". Whole rules in words are written on the
//! worker's side, outside this crate, with these.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{ClockTime, Occurrence};

/// 月 … 日.
pub fn weekday_ja(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "月",
        Weekday::Tue => "火",
        Weekday::Wed => "水",
        Weekday::Thu => "木",
        Weekday::Fri => "金",
        Weekday::Sat => "土",
        Weekday::Sun => "日",
    }
}

/// Monday … Sunday.
pub fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_en(date: NaiveDate) -> &'static str {
    MONTHS_EN.get(date.month0() as usize).copied().unwrap_or("")
}

/// 「11月26日(水)」.
pub fn date_ja(date: NaiveDate) -> String {
    format!(
        "{}月{}日({})",
        date.month(),
        date.day(),
        weekday_ja(date.weekday())
    )
}

/// 「2026年11月26日(水)」.
pub fn full_date_ja(date: NaiveDate) -> String {
    format!("{}年{}", date.year(), date_ja(date))
}

/// "Wed 26 Nov".
pub fn date_en(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        &weekday_en(date.weekday())[..3],
        date.day(),
        month_en(date)
    )
}

/// "Wed 26 Nov 2026".
pub fn full_date_en(date: NaiveDate) -> String {
    format!("{} {}", date_en(date), date.year())
}

/// 「2026年11月26日」: a date without its weekday, as a rule's first or last date is written.
pub fn plain_date_ja(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// "26 Nov 2026": a date without its weekday.
pub fn plain_date_en(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_en(date), date.year())
}

/// 「13:00〜21:00」, or 「13:00〜」 without an end.
pub fn times_ja(start: ClockTime, end: Option<ClockTime>) -> String {
    match end {
        Some(end) => format!("{start}〜{end}"),
        None => format!("{start}〜"),
    }
}

/// "13:00–21:00", or "from 13:00" without an end.
pub fn times_en(start: ClockTime, end: Option<ClockTime>) -> String {
    match end {
        Some(end) => format!("{start}–{end}"),
        None => format!("from {start}"),
    }
}

/// 「11月26日(水) 13:00〜21:00」: how a card shows the next meeting.
pub fn occurrence_ja(o: &Occurrence) -> String {
    format!("{} {}", date_ja(o.date), times_ja(o.start, o.end))
}

/// "Wed 26 Nov, 13:00–21:00".
pub fn occurrence_en(o: &Occurrence) -> String {
    format!("{}, {}", date_en(o.date), times_en(o.start, o.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::fixtures::t;

    #[test]
    fn occurrences_read_like_a_card() {
        let o = Occurrence {
            date: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            start: t(13, 0),
            end: Some(t(21, 0)),
        };
        assert_eq!(occurrence_ja(&o), "11月26日(木) 13:00〜21:00");
        assert_eq!(occurrence_en(&o), "Thu 26 Nov, 13:00–21:00");
    }
}
