//! Composing the staff mail as raw RFC 5322 / MIME text for the `send_email` binding.
//!
//! Header safety is structural: visitor text reaches headers only as RFC 2047 encoded words
//! (base64, so no line break can survive), and addresses pass [`Header::address`], which refuses
//! anything with a line break or address syntax. The body is UTF-8 in base64.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::FixedOffset;
use tsunagu_core::InquiryField;

use super::intake::Accepted;
use super::mail_text;

/// Why a mail could not be composed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// A value would have broken out of its header.
    #[error("the {header} header would contain a line break or address syntax")]
    HeaderInjection {
        /// The header's name.
        header: &'static str,
    },
}

/// One message ready for the binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutgoingMail {
    /// Envelope sender; equals the `From` header's address.
    pub(crate) from: String,
    /// Envelope recipient; equals the `To` header.
    pub(crate) to: String,
    /// The whole message, CRLF line endings.
    pub(crate) raw: String,
}

/// Japan Standard Time; Japan has no daylight saving time.
fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// One message per staff address (the binding takes a single recipient per message).
pub(crate) fn staff_messages(accepted: &Accepted) -> Result<Vec<OutgoingMail>, MailError> {
    accepted
        .config
        .staff_emails
        .iter()
        .enumerate()
        .map(|(index, to)| compose(accepted, to, index))
        .collect()
}

fn compose(accepted: &Accepted, to: &str, index: usize) -> Result<OutgoingMail, MailError> {
    let text = mail_text::for_lang(accepted.config.mail_lang);
    let stored = &accepted.stored;
    let inquiry = &stored.inquiry;
    let sender = &accepted.config.sender;
    let domain = sender
        .rsplit_once('@')
        .map_or("tsunagu.invalid", |(_, d)| d);
    let received = stored.received_at.with_timezone(&jst());
    let subject = text.subject(
        text.inquiry_kind(inquiry.kind),
        &accepted.group.name,
        stored.receipt_id.as_str(),
    );

    let mut headers = vec![
        Header::address(
            "From",
            Some(&text.sender_name(&accepted.facility.name)),
            sender,
        )?,
        Header::address("To", None, to)?,
        Header::address("Reply-To", None, &inquiry.email)?,
        Header::text("Subject", &subject),
        Header::raw("Date", &received.to_rfc2822())?,
        Header::raw(
            "Message-ID",
            &format!(
                "<{}.{}.{index}@{domain}>",
                stored.receipt_id,
                stored.received_at.timestamp_millis()
            ),
        )?,
        Header::raw("MIME-Version", "1.0")?,
        Header::raw("Content-Type", "text/plain; charset=UTF-8")?,
        Header::raw("Content-Transfer-Encoding", "base64")?,
        Header::raw("X-Tsunagu-Receipt", stored.receipt_id.as_str())?,
    ];
    headers.push(Header::raw("Auto-Submitted", "auto-generated")?);

    let body = [
        text.intro(&accepted.group.name),
        String::new(),
        format!("{}: {}", text.receipt_label(), stored.receipt_id),
        format!("{}: {}", text.received_label(), text.datetime(received)),
        format!("{}: {}", text.kind_label(), text.inquiry_kind(inquiry.kind)),
        format!(
            "{}: {} ({})",
            text.group_label(),
            accepted.group.name,
            accepted.group.id
        ),
        format!("{}: {}", text.field(InquiryField::Name), inquiry.name),
        format!("{}: {}", text.field(InquiryField::Email), inquiry.email),
        String::new(),
        text.message_heading().to_owned(),
        inquiry.message.clone(),
        String::new(),
        "--".to_owned(),
        text.footer().to_owned(),
    ]
    .join("\n");

    let mut raw = String::new();
    for header in &headers {
        raw.push_str(&header.0);
        raw.push_str("\r\n");
    }
    raw.push_str("\r\n");
    raw.push_str(&base64_lines(&crlf(&body)));
    Ok(OutgoingMail {
        from: sender.clone(),
        to: to.to_owned(),
        raw,
    })
}

/// A finished header line, without its CRLF.
struct Header(String);

impl Header {
    /// A header whose value we produce ourselves; still refused if it holds a line break.
    fn raw(name: &'static str, value: &str) -> Result<Header, MailError> {
        if value.contains(['\r', '\n']) {
            return Err(MailError::HeaderInjection { header: name });
        }
        Ok(Header(format!("{name}: {value}")))
    }

    /// Free text (any language), as RFC 2047 encoded words.
    fn text(name: &'static str, value: &str) -> Header {
        Header(format!("{name}: {}", encode_words(value, name.len() + 2)))
    }

    /// An address with an optional display name.
    fn address(
        name: &'static str,
        display: Option<&str>,
        address: &str,
    ) -> Result<Header, MailError> {
        if address.is_empty()
            || address
                .contains(|c: char| c.is_control() || c.is_whitespace() || "<>,;\"()".contains(c))
        {
            return Err(MailError::HeaderInjection { header: name });
        }
        Ok(Header(match display {
            // The address goes on a line of its own, apart from the encoded words.
            Some(display) => format!(
                "{name}: {}\r\n <{address}>",
                encode_words(display, name.len() + 2)
            ),
            None => format!("{name}: {address}"),
        }))
    }
}

/// RFC 2047 "B" encoded words of at most 75 characters each, split on character boundaries and
/// folded onto continuation lines so that no line holding one passes 76 characters (RFC 2047
/// §2). `used` is how much of the first line the header name already takes.
fn encode_words(text: &str, used: usize) -> String {
    const LINE: usize = 76;
    const OVERHEAD: usize = "=?UTF-8?B??=".len();
    // 45 bytes of UTF-8 become 60 base64 characters: with the overhead that is 72 (limit 75).
    const MAX_BYTES: usize = 45;
    let budget = |used: usize| (LINE.saturating_sub(used + OVERHEAD) / 4 * 3).clamp(3, MAX_BYTES);
    let mut limit = budget(used);
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if !chunk.is_empty() && chunk.len() + c.len_utf8() > limit {
            words.push(std::mem::take(&mut chunk));
            limit = budget(1);
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", BASE64.encode(w)))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

fn base64_lines(text: &str) -> String {
    let encoded = BASE64.encode(text);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    for line in encoded.as_bytes().chunks(76) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiries::intake::tests::{ORIGIN, body, submit};

    fn decode_words(value: &str) -> String {
        value
            .split("\r\n ")
            .map(|word| {
                let b64 = word
                    .trim()
                    .strip_prefix("=?UTF-8?B?")
                    .and_then(|w| w.strip_suffix("?="))
                    .unwrap();
                String::from_utf8(BASE64.decode(b64).unwrap()).unwrap()
            })
            .collect()
    }

    fn header<'a>(raw: &'a str, name: &str) -> &'a str {
        let head = raw.split("\r\n\r\n").next().unwrap();
        let start = head
            .find(&format!("\r\n{name}: "))
            .map(|i| i + 2)
            .or_else(|| head.starts_with(&format!("{name}: ")).then_some(0));
        let rest = &head[start.unwrap() + name.len() + 2..];
        let mut end = 0;
        for (i, _) in rest.match_indices("\r\n") {
            end = i;
            if !rest[i + 2..].starts_with(' ') {
                break;
            }
        }
        if end == 0 && !rest.contains("\r\n") {
            end = rest.len();
        }
        &rest[..end]
    }

    #[test]
    fn one_message_per_staff_address_with_reply_to_the_visitor() {
        let accepted = submit(Some(ORIGIN), &body()).unwrap();
        let mails = staff_messages(&accepted).unwrap();
        assert_eq!(mails.len(), 2);
        assert_eq!(mails[0].to, "staff@hidamari.example.jp");
        assert_eq!(mails[1].to, "boss@hidamari.example.jp");
        let raw = &mails[0].raw;
        assert_eq!(header(raw, "To"), "staff@hidamari.example.jp");
        assert_eq!(header(raw, "Reply-To"), "sakura@example.jp");
        assert!(header(raw, "From").ends_with(" <tsunagu@hidamari.example.jp>"));
        assert_eq!(mails[0].from, "tsunagu@hidamari.example.jp");
        assert_ne!(
            header(raw, "Message-ID"),
            header(&mails[1].raw, "Message-ID")
        );
        assert!(
            header(raw, "Date").ends_with("+0900"),
            "{}",
            header(raw, "Date")
        );
    }

    #[test]
    fn the_japanese_subject_decodes_and_every_line_is_short() {
        let accepted = submit(Some(ORIGIN), &body()).unwrap();
        let raw = &staff_messages(&accepted).unwrap()[0].raw;
        assert_eq!(
            decode_words(header(raw, "Subject")),
            "【見学予約】ウォーキング 受付番号 7KQ2M9XD"
        );
        assert!(
            raw.lines()
                .filter(|l| l.contains("=?"))
                .all(|l| l.len() <= 76),
            "{raw}"
        );
        assert!(raw.lines().all(|l| l.len() <= 78), "{raw}");
        assert!(
            !raw.replace("\r\n", "").contains(['\r', '\n']),
            "bare CR or LF"
        );
    }

    #[test]
    fn the_body_carries_every_field_in_japanese() {
        let mut b = body();
        b["inquiry"]["message"] = "一行目\n二行目".into();
        let accepted = submit(Some(ORIGIN), &b).unwrap();
        let raw = &staff_messages(&accepted).unwrap()[0].raw;
        let encoded: String = raw
            .split("\r\n\r\n")
            .nth(1)
            .unwrap()
            .split("\r\n")
            .collect();
        let text = String::from_utf8(BASE64.decode(encoded).unwrap()).unwrap();
        for expected in [
            "受付番号: 7KQ2M9XD",
            "受付日時: 2026年11月18日(水)",
            "種別: 見学予約",
            "グループ: ウォーキング (walk)",
            "お名前（ニックネーム可）: さくら",
            "メールアドレス: sakura@example.jp",
            "一行目\r\n二行目",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from\n{text}");
        }
    }

    #[test]
    fn long_subjects_fold_into_several_encoded_words() {
        let long = "あ".repeat(100);
        let folded = encode_words(&long, "Subject: ".len());
        assert!(folded.split("\r\n ").count() >= 7);
        assert!(folded.split("\r\n ").all(|w| w.len() <= 75));
        let lines: Vec<_> = format!("Subject: {folded}")
            .split("\r\n")
            .map(str::len)
            .collect();
        assert!(lines.iter().all(|&n| n <= 76), "{lines:?}");
        assert_eq!(decode_words(&folded), long);
    }

    #[test]
    fn line_breaks_cannot_reach_a_header() {
        assert!(Header::address("Reply-To", None, "a@b.jp\r\nBcc: x@y.jp").is_err());
        assert!(Header::address("Reply-To", None, "a@b.jp>, x@y.jp").is_err());
        assert!(Header::raw("X-Test", "a\nb").is_err());
        let subject = Header::text("Subject", "件名\r\nBcc: x@y.jp");
        assert!(!subject.0.contains("Bcc"));
    }
}
