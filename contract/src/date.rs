//! Reading the wire's dates (`2026-11-22`) for serde, without chrono's general parser.
//!
//! chrono's `Deserialize` for `NaiveDate` goes through its format-item parser, which brings 13 KB
//! of wasm to the widget for one fixed layout. [`parse`] reads exactly what chrono's `FromStr`
//! accepts (a test compares the two), so the directory reads the same everywhere; dates are
//! still written by chrono's `Serialize`.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// The date in `text`, as chrono's `NaiveDate::from_str` would read it: a year (up to four
/// digits, or any number of them after a sign), a month and a day of one or two digits, joined
/// by `-`, with white space allowed around each part.
pub(crate) fn parse(text: &str) -> Option<NaiveDate> {
    let text = text.trim_start();
    let (year, rest) = match text.as_bytes().first() {
        Some(b'-') => {
            let (year, rest) = number(text.get(1..)?, usize::MAX)?;
            (year.checked_neg()?, rest)
        }
        Some(b'+') => number(text.get(1..)?, usize::MAX)?,
        _ => number(text, 4)?,
    };
    let rest = rest.trim_start().strip_prefix('-')?;
    let (month, rest) = number(rest.trim_start(), 2)?;
    let rest = rest.trim_start().strip_prefix('-')?;
    let (day, rest) = number(rest.trim_start(), 2)?;
    if !rest.trim_start().is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// At least one and at most `max` ASCII digits from the start of `text`, and what follows them.
fn number(text: &str, max: usize) -> Option<(i64, &str)> {
    let digits = text
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let (number, rest) = text.split_at(digits);
    let value = number.bytes().try_fold(0i64, |n, digit| {
        n.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
    })?;
    Some((value, rest))
}

/// A date read by [`parse`], for the `deserialize_with` functions below.
struct Date(NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2026-11-22")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        parse(text).map(Date).ok_or_else(|| {
            E::custom(format_args!(
                "{text:?} is not a date (write it as 2026-11-22)"
            ))
        })
    }
}

/// `deserialize_with` for a `NaiveDate` field.
pub(crate) fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    Date::deserialize(deserializer).map(|d| d.0)
}

/// `deserialize_with` for an `Option<NaiveDate>` field.
pub(crate) fn optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Date>::deserialize(deserializer).map(|d| d.map(|d| d.0))
}

/// `deserialize_with` for a `Vec<NaiveDate>` field.
pub(crate) fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
    Vec::<Date>::deserialize(deserializer).map(|dates| dates.into_iter().map(|d| d.0).collect())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn chrono(text: &str) -> Option<NaiveDate> {
        text.parse().ok()
    }

    #[test]
    fn reads_what_chrono_reads() {
        for text in [
            "2026-11-22",
            "2026-1-2",
            " 2026 - 11 - 22 ",
            "+2026-11-22",
            "-0001-01-01",
            "+002026-11-22",
            "20261-11-22",
            "2026-011-22",
            "2026-02-29",
            "2028-02-29",
            "2026-13-01",
            "2026-11-22x",
            "2026/11/22",
            "２０２６-11-22",
            "\u{3000}2026-11-22\u{3000}",
            "-",
            "+",
            "",
            "9999999999999999999-01-01",
            "262143-01-01",
            "+262142-12-31",
        ] {
            assert_eq!(parse(text), chrono(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_chrono_on_date_like_text(text in "[ +\\-]{0,2}[0-9]{0,7}[ ]?[\\-/]?[ ]?[0-9]{0,3}[\\-]?[0-9]{0,3}[ x]?") {
            prop_assert_eq!(parse(&text), chrono(&text), "{:?}", text);
        }

        #[test]
        fn agrees_with_chrono_on_any_text(text in "\\PC{0,16}") {
            prop_assert_eq!(parse(&text), chrono(&text), "{:?}", text);
        }
    }

    #[test]
    fn fields_read_dates_and_name_the_bad_ones() {
        #[derive(Debug, Deserialize)]
        struct Fields {
            #[serde(deserialize_with = "one")]
            one: NaiveDate,
            #[serde(default, deserialize_with = "optional")]
            optional: Option<NaiveDate>,
            #[serde(default, deserialize_with = "list")]
            list: Vec<NaiveDate>,
        }
        let read: Fields =
            serde_json::from_str(r#"{"one": "2026-11-22", "list": ["2026-12-29", "2027-1-3"]}"#)
                .unwrap();
        assert_eq!(read.one, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(read.optional, None);
        assert_eq!(read.list.len(), 2);
        let read: Fields =
            serde_json::from_str(r#"{"one": "2026-11-22", "optional": null}"#).unwrap();
        assert_eq!(read.optional, None);
        let err = serde_json::from_str::<Fields>(r#"{"one": "2026-11-31"}"#).unwrap_err();
        assert!(
            err.to_string().contains("\"2026-11-31\" is not a date"),
            "{err}"
        );
    }
}
