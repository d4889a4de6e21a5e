//! The CSV export of a facility's inquiries, for Excel: UTF-8 with a byte-order mark (without
//! it Excel reads UTF-8 as Shift_JIS), CRLF between records, RFC 4180 quoting, Japanese headers
//! and labels, times in Japan time.
//!
//! Cells are what visitors typed, and Excel runs a cell that starts with `=`, `+`, `-` or `@`
//! (or a tab or CR before one) as a formula: such cells get a leading `'`, which Excel shows
//! as text and does not evaluate (OWASP's advice against CSV injection).

use chrono::{DateTime, Utc};
use tsunagu_contract::api::{MailState, StaffInquiry};
use tsunagu_contract::i18n::{Ja, Vocabulary};
use tsunagu_contract::schedule::tokyo;
use tsunagu_contract::{FacilityId, GroupId, InquiryField, InquiryStatus};

/// The byte-order mark Excel needs to read the file as UTF-8.
const BOM: &str = "\u{FEFF}";

fn time(at: DateTime<Utc>) -> String {
    tokyo(at).format("%Y-%m-%d %H:%M").to_string()
}

/// The export's file name, dated by the Tokyo calendar staff work in: an export made at 08:00
/// in Japan is that day's, not the previous UTC day's.
pub(crate) fn filename(facility: &FacilityId, now: DateTime<Utc>) -> String {
    format!("inquiries-{facility}-{}.csv", tokyo(now).format("%Y%m%d"))
}

/// Writes the export. `group_name` gives a group's name where the directory still lists it.
pub(crate) fn render<'a>(
    rows: &[StaffInquiry],
    group_name: impl Fn(&GroupId) -> Option<&'a str>,
) -> String {
    let ja = &Ja;
    let header = [
        "受付番号",
        "受付日時",
        "対応状況",
        "対応日時",
        ja.field(InquiryField::Kind),
        "グループID",
        "グループ名",
        ja.field(InquiryField::Name),
        ja.field(InquiryField::Furigana),
        "ご相談者",
        "ご希望の連絡方法",
        ja.field(InquiryField::Email),
        ja.field(InquiryField::Phone),
        ja.field(InquiryField::PostalAddress),
        ja.field(InquiryField::Preferred),
        ja.field(InquiryField::Message),
        "同意",
        "同意文の版",
        "メール送信状況",
        "メール送信の失敗回数",
        "メール送信日時",
    ];
    let mut out = String::from(BOM);
    push_record(&mut out, header.iter().map(|h| (*h).to_owned()));
    for row in rows {
        let stored = &row.stored;
        let inquiry = &stored.inquiry;
        let preferred: Vec<String> = inquiry
            .preferred
            .iter()
            .map(|slot| format!("{} {}", slot.date.format("%Y-%m-%d"), slot.start))
            .collect();
        let cells = [
            stored.receipt_id.to_string(),
            time(stored.received_at),
            match stored.status {
                InquiryStatus::Open => "未対応",
                InquiryStatus::Handled => "対応済み",
            }
            .to_owned(),
            stored.handled_at.map(time).unwrap_or_default(),
            ja.inquiry_kind(inquiry.kind).to_owned(),
            inquiry.group.to_string(),
            group_name(&inquiry.group).unwrap_or_default().to_owned(),
            inquiry.name.clone(),
            inquiry.furigana.clone(),
            ja.asker(inquiry.asker).to_owned(),
            ja.contact(inquiry.contact).to_owned(),
            inquiry.email.clone(),
            inquiry.phone.clone(),
            inquiry.postal_address.clone(),
            preferred.join("\n"),
            inquiry.message.clone(),
            if inquiry.consent {
                "同意済み"
            } else {
                "未同意"
            }
            .to_owned(),
            inquiry.consent_version.clone(),
            match row.mail.state {
                MailState::Pending => "未送信",
                MailState::Delivered => "送信済み",
            }
            .to_owned(),
            row.mail.attempts.to_string(),
            row.mail.delivered_at.map(time).unwrap_or_default(),
        ];
        push_record(&mut out, cells.into_iter());
    }
    out
}

fn push_record(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell_text(&cell));
    }
    out.push_str("\r\n");
}

/// One cell: guarded against formulas, line breaks as Excel writes them (LF inside a cell),
/// quoted when it holds a comma, a quote or a line break.
fn cell_text(cell: &str) -> String {
    let cell = cell.replace("\r\n", "\n").replace('\r', "\n");
    let guarded = if cell.starts_with(['=', '+', '-', '@', '\t', '\n']) {
        format!("'{cell}")
    } else {
        cell
    };
    if guarded.contains([',', '"', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiries::intake::tests::{ORIGIN, body, submit};
    use tsunagu_contract::api::MailStatus;

    fn row(message: &str) -> StaffInquiry {
        let mut b = body();
        b["inquiry"]["message"] = message.into();
        b["inquiry"]["phone"] = "０９０－１２３４－５６７８".into();
        StaffInquiry {
            stored: submit(Some(ORIGIN), &b).unwrap().stored,
            mail: MailStatus::default(),
        }
    }

    #[test]
    fn the_file_is_named_by_the_tokyo_date() {
        let facility = FacilityId::new("hidamari-noborito").unwrap();
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        for (instant, name) in [
            (
                "2026-11-22T14:59:59Z",
                "inquiries-hidamari-noborito-20261122.csv",
            ),
            (
                "2026-11-22T15:00:00Z",
                "inquiries-hidamari-noborito-20261123.csv",
            ),
            (
                "2026-12-31T23:30:00Z",
                "inquiries-hidamari-noborito-20270101.csv",
            ),
        ] {
            assert_eq!(filename(&facility, at(instant)), name, "{instant}");
        }
    }

    #[test]
    fn excel_gets_a_bom_crlf_and_japanese_headers() {
        let csv = render(&[row("見学できますか？")], |_| Some("ウォーキング"));
        assert!(
            csv.starts_with("\u{FEFF}受付番号,受付日時,対応状況,"),
            "{csv}"
        );
        let records: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(records.len(), 3, "{csv:?}");
        assert_eq!(records[2], "");
        assert!(
            records[1].starts_with(
                "7KQ2M9XD,2026-11-18 20:06,未対応,,見学予約,walk,ウォーキング,さくら,"
            ),
            "{}",
            records[1]
        );
        assert!(records[1].contains(",090-1234-5678,"), "{}", records[1]);
        assert!(
            records[1].ends_with(",同意済み,2026-04,未送信,0,"),
            "{}",
            records[1]
        );
        assert_eq!(records[0].split(',').count(), records[1].split(',').count());
    }

    #[test]
    fn quotes_commas_and_line_breaks_are_quoted() {
        let csv = render(&[row("一行目\r\n「二行目」, \"引用\"")], |_| None);
        assert!(
            csv.contains(",\"一行目\n「二行目」, \"\"引用\"\"\","),
            "{csv:?}"
        );
    }

    #[test]
    fn formulas_are_defused() {
        for (cell, expected) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\n=1\""),
            ("a=1", "a=1"),
        ] {
            assert_eq!(cell_text(cell), expected, "{cell:?}");
        }
    }
}
