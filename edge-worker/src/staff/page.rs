//! Paging the staff list newest first.
//!
//! KV lists keys in key order, and an inquiry's key ends in its random receipt number, so key
//! order says nothing about age. Each page therefore lists every key of the facility (1,000 per
//! KV list call, reading only the keys' metadata, which is each inquiry's
//! [`InquirySummary`]), sorts them newest first here, and cuts out the page after the cursor.
//! The cursor ([`Cursor`]) names the last inquiry shown, not a position, so inquiries arriving
//! or being deleted between two pages neither repeat nor skip one.
//!
//! The limit of this design: a page costs one KV list call per 1,000 stored inquiries of the
//! facility. With retention measured in months that is a handful of calls; a facility keeping
//! tens of thousands of inquiries would want a time-ordered key instead.

use std::cmp::Reverse;

use chrono::{DateTime, Utc};
use tsunagu_contract::ReceiptId;
use tsunagu_contract::api::query::{Cursor, PageQuery};
use tsunagu_contract::api::{InquiryPage, InquirySummary};

/// The sort key: newest first, ties by receipt number (descending) so the order is total.
fn sort_key(
    received_at: DateTime<Utc>,
    receipt: &ReceiptId,
) -> (Reverse<DateTime<Utc>>, Reverse<&ReceiptId>) {
    (Reverse(received_at), Reverse(receipt))
}

fn order(summary: &InquirySummary) -> (Reverse<DateTime<Utc>>, Reverse<&ReceiptId>) {
    sort_key(summary.received_at, &summary.receipt_id)
}

/// Sorts every summary newest first and cuts out the page `query` asks for.
pub(crate) fn page(mut all: Vec<InquirySummary>, query: &PageQuery) -> InquiryPage {
    newest_first(&mut all);
    let start = query.after.as_ref().map_or(0, |after| {
        let after = sort_key(after.received_at, &after.receipt);
        all.partition_point(|summary| order(summary) <= after)
    });
    let rest = all.len().saturating_sub(start);
    let inquiries: Vec<InquirySummary> = all.into_iter().skip(start).take(query.limit).collect();
    let cursor = (rest > query.limit)
        .then(|| inquiries.last().map(|last| Cursor::of(last).to_string()))
        .flatten();
    InquiryPage { inquiries, cursor }
}

/// Sorts summaries newest first (for the CSV export).
pub(crate) fn newest_first(all: &mut [InquirySummary]) {
    all.sort_by(|a, b| order(a).cmp(&order(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_contract::{GroupId, InquiryKind, InquiryStatus};

    fn summary(seconds: i64, receipt: &str) -> InquirySummary {
        InquirySummary {
            receipt_id: ReceiptId::parse(receipt).unwrap(),
            received_at: DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap(),
            kind: InquiryKind::Visit,
            group: GroupId::new("walk").unwrap(),
            status: InquiryStatus::Open,
        }
    }

    fn receipts(page: &InquiryPage) -> Vec<&str> {
        page.inquiries
            .iter()
            .map(|s| s.receipt_id.as_str())
            .collect()
    }

    fn all() -> Vec<InquirySummary> {
        // Key order (by receipt) is not age order; two share one instant.
        vec![
            summary(30, "AAAAAAAA"),
            summary(10, "BBBBBBBB"),
            summary(20, "CCCCCCCC"),
            summary(20, "DDDDDDDD"),
            summary(40, "00000000"),
        ]
    }

    fn query(pairs: &[(&str, &str)]) -> PageQuery {
        PageQuery::from_pairs(pairs.iter().copied()).unwrap()
    }

    #[test]
    fn pages_run_newest_first_and_end_without_a_cursor() {
        let first = page(all(), &query(&[("limit", "2")]));
        assert_eq!(receipts(&first), ["00000000", "AAAAAAAA"]);
        let cursor = first.cursor.clone().unwrap();
        let second = page(all(), &query(&[("limit", "2"), ("cursor", &cursor)]));
        assert_eq!(receipts(&second), ["DDDDDDDD", "CCCCCCCC"]);
        let cursor = second.cursor.clone().unwrap();
        let third = page(all(), &query(&[("limit", "2"), ("cursor", &cursor)]));
        assert_eq!(receipts(&third), ["BBBBBBBB"]);
        assert_eq!(third.cursor, None);
        // Exactly one page's worth: no cursor to an empty page.
        assert_eq!(page(all(), &query(&[("limit", "5")])).cursor, None);
        assert_eq!(receipts(&page(Vec::new(), &query(&[]))), Vec::<&str>::new());
    }

    #[test]
    fn a_deleted_cursor_inquiry_neither_repeats_nor_skips() {
        let first = page(all(), &query(&[("limit", "2")]));
        let cursor = first.cursor.unwrap();
        let without_last: Vec<_> = all()
            .into_iter()
            .filter(|s| s.receipt_id.as_str() != "AAAAAAAA")
            .collect();
        let second = page(without_last, &query(&[("limit", "2"), ("cursor", &cursor)]));
        assert_eq!(receipts(&second), ["DDDDDDDD", "CCCCCCCC"]);
    }
}
