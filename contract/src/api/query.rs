//! The query strings the worker reads, from pairs its URL parser has already percent-decoded:
//! the `facility` of the public endpoints and the staff list's `cursor` and `limit`. Pure, so
//! that the unit tests and the `query_string` fuzz target run exactly what the worker runs.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{InquirySummary, PAGE_MAX, ReceiptId};
use crate::directory::FacilityId;

/// A query parameter the worker cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The `facility` parameter is not a facility identifier.
    #[error("{0:?} is not a facility identifier")]
    Facility(String),
    /// A parameter of the staff list (`cursor` or `limit`) is malformed.
    #[error("query parameter {0} is malformed")]
    Malformed(&'static str),
}

/// The `facility` parameter of [`super::GROUPS_PATH`] and [`super::FORM_PATH`]; none when the
/// query has none. When it comes twice the first one counts; other keys are ignored.
pub fn facility<K: AsRef<str>, V: AsRef<str>>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Result<Option<FacilityId>, QueryError> {
    pairs
        .into_iter()
        .find(|(key, _)| key.as_ref() == "facility")
        .map(|(_, value)| {
            let value = value.as_ref();
            FacilityId::new(value).map_err(|_| QueryError::Facility(value.to_owned()))
        })
        .transpose()
}

/// What a request for the staff list asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    /// Start after this inquiry; none for the first page.
    pub after: Option<Cursor>,
    /// Most inquiries on the page, 1 to [`PAGE_MAX`].
    pub limit: usize,
}

impl Default for PageQuery {
    fn default() -> PageQuery {
        PageQuery {
            after: None,
            limit: PAGE_MAX,
        }
    }
}

impl PageQuery {
    /// Reads `cursor` and `limit`; other keys are ignored and a later value wins. A limit above
    /// [`PAGE_MAX`] is lowered to it; zero, a non-number or a malformed cursor is
    /// [`QueryError::Malformed`].
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<PageQuery, QueryError> {
        let mut query = PageQuery::default();
        for (key, value) in pairs {
            let value = value.as_ref();
            match key.as_ref() {
                "cursor" => {
                    query.after =
                        Some(Cursor::parse(value).ok_or(QueryError::Malformed("cursor"))?);
                }
                "limit" => {
                    let limit: usize = value.parse().map_err(|_| QueryError::Malformed("limit"))?;
                    if limit == 0 {
                        return Err(QueryError::Malformed("limit"));
                    }
                    query.limit = limit.min(PAGE_MAX);
                }
                _ => {}
            }
        }
        Ok(query)
    }
}

/// The last inquiry of the previous page, written `{received_at in ms}-{receipt}`. It names an
/// inquiry, not a position, so inquiries arriving or being deleted between two pages neither
/// repeat nor skip one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// When the inquiry was received.
    pub received_at: DateTime<Utc>,
    /// Its receipt number, which orders inquiries received in the same millisecond.
    pub receipt: ReceiptId,
}

impl Cursor {
    /// The cursor after this inquiry.
    pub fn of(summary: &InquirySummary) -> Cursor {
        Cursor {
            received_at: summary.received_at,
            receipt: summary.receipt_id.clone(),
        }
    }

    /// Reads a cursor as [`Cursor`]'s `Display` writes it.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (millis, receipt) = text.split_once('-')?;
        Some(Cursor {
            received_at: DateTime::from_timestamp_millis(millis.parse().ok()?)?,
            receipt: ReceiptId::parse(receipt).ok()?,
        })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.received_at.timestamp_millis(),
            self.receipt
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> PageQuery {
        PageQuery::from_pairs(pairs.iter().copied()).unwrap()
    }

    #[test]
    fn limits_default_to_and_stop_at_the_maximum() {
        assert_eq!(query(&[]), PageQuery::default());
        assert_eq!(query(&[]).limit, PAGE_MAX);
        assert_eq!(query(&[("limit", "100000")]).limit, PAGE_MAX);
        assert_eq!(query(&[("limit", "3"), ("other", "x")]).limit, 3);
        assert_eq!(query(&[("limit", "3"), ("limit", "4")]).limit, 4);
        for (key, value) in [
            ("limit", "0"),
            ("limit", "-1"),
            ("limit", "ten"),
            ("limit", ""),
            ("limit", "99999999999999999999999"),
            ("cursor", "x"),
            ("cursor", ""),
            ("cursor", "1800000000000-../../x"),
            ("cursor", "soon-AAAAAAAA"),
            ("cursor", "-1-AAAAAAAA"),
            ("cursor", "99999999999999999-AAAAAAAA"),
        ] {
            assert_eq!(
                PageQuery::from_pairs([(key, value)]),
                Err(QueryError::Malformed(if key == "limit" {
                    "limit"
                } else {
                    "cursor"
                })),
                "{key}={value:?}"
            );
        }
    }

    #[test]
    fn cursors_read_back() {
        let text = "1800000000123-7KQ2M9XD";
        let cursor = Cursor::parse(text).unwrap();
        assert_eq!(cursor.received_at.timestamp_millis(), 1_800_000_000_123);
        assert_eq!(cursor.receipt.as_str(), "7KQ2M9XD");
        assert_eq!(cursor.to_string(), text);
        assert_eq!(query(&[("cursor", text)]).after, Some(cursor));
    }

    #[test]
    fn the_first_facility_counts() {
        let id = |text: &str| Some(FacilityId::new(text).unwrap());
        assert_eq!(facility(Vec::<(&str, &str)>::new()), Ok(None));
        assert_eq!(facility([("q", "x")]), Ok(None));
        assert_eq!(
            facility([("facility", "hidamari"), ("facility", "../x")]),
            Ok(id("hidamari"))
        );
        for bad in ["", "../x", "Hidamari", "a b"] {
            assert_eq!(
                facility([("facility", bad)]),
                Err(QueryError::Facility(bad.to_owned()))
            );
        }
        assert_eq!(
            QueryError::Facility("../x".into()).to_string(),
            "\"../x\" is not a facility identifier"
        );
    }
}
