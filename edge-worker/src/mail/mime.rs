//! Writing a message as raw RFC 5322 / MIME text, as the `send_email` binding takes it.
//!
//! Header safety is structural: free text reaches headers only as RFC 2047 encoded words
//! (base64, so no line break can survive), and addresses pass [`Header::address`], which refuses
//! anything with a line break, white space or address syntax; every other header value is
//! refused if it holds CR or LF. The body is UTF-8 in base64, so its lines are short and no
//! line of it can be read as a header or a MIME boundary.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::FixedOffset;

use super::{MailError, Outgoing};

/// Japan Standard Time; Japan has no daylight saving time.
pub(crate) fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The whole message, CRLF line endings, ready for the binding.
pub(crate) fn render(mail: &Outgoing) -> Result<String, MailError> {
    let mut headers = vec![
        Header::address("From", Some(&mail.from_name), &mail.from)?,
        Header::address("To", None, &mail.to)?,
    ];
    if let Some(reply_to) = &mail.reply_to {
        headers.push(Header::address("Reply-To", None, reply_to)?);
    }
    headers.extend([
        Header::text("Subject", &mail.subject),
        Header::raw("Date", &mail.date.with_timezone(&jst()).to_rfc2822())?,
        message_id(&mail.message_id)?,
        Header::raw("MIME-Version", "1.0")?,
        Header::raw("Content-Type", "text/plain; charset=UTF-8")?,
        Header::raw("Content-Transfer-Encoding", "base64")?,
        Header::raw("Auto-Submitted", mail.auto_submitted)?,
        Header::raw("X-Tsunagu-Receipt", &mail.receipt)?,
    ]);
    let mut raw = String::new();
    for header in &headers {
        raw.push_str(&header.0);
        raw.push_str("\r\n");
    }
    raw.push_str("\r\n");
    raw.push_str(&base64_lines(&crlf(&mail.text)));
    Ok(raw)
}

/// The checks [`render`] applies, for senders that hand the fields to an API instead of writing
/// MIME themselves: the API writes the headers, so what reaches it must be as safe.
pub(crate) fn check_headers(mail: &Outgoing) -> Result<(), MailError> {
    render(mail).map(drop)?;
    if mail.subject.contains(['\r', '\n']) || mail.from_name.contains(['\r', '\n']) {
        return Err(MailError::HeaderInjection { header: "Subject" });
    }
    Ok(())
}

/// `Message-ID: <id>`, the id being `local@domain` without brackets, space or line breaks.
fn message_id(id: &str) -> Result<Header, MailError> {
    let bad = |c: char| c.is_control() || c.is_whitespace() || "<>\"".contains(c);
    if id.contains(bad) || !id.contains('@') {
        return Err(MailError::HeaderInjection {
            header: "Message-ID",
        });
    }
    Header::raw("Message-ID", &format!("<{id}>"))
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
        // `=?` too: mail software that decodes an encoded word inside an address anyway would
        // read a line break or another address out of it (the contract's address check refuses
        // it too).
        if address.is_empty()
            || address.contains("=?")
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
pub(crate) mod tests {
    use super::*;
    use crate::mail::MessageKey;

    /// The RFC 2047 words of a header value, decoded.
    pub(crate) fn decode_words(value: &str) -> String {
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

    /// One header's value (continuation lines included), or `None`.
    pub(crate) fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
        let head = raw.split("\r\n\r\n").next().unwrap();
        let start = head
            .find(&format!("\r\n{name}: "))
            .map(|i| i + 2)
            .or_else(|| head.starts_with(&format!("{name}: ")).then_some(0))?;
        let rest = &head[start + name.len() + 2..];
        let mut end = rest.len();
        for (i, _) in rest.match_indices("\r\n") {
            if !rest[i + 2..].starts_with(' ') {
                end = i;
                break;
            }
        }
        Some(&rest[..end])
    }

    /// The decoded body.
    pub(crate) fn body(raw: &str) -> String {
        let encoded: String = raw
            .split("\r\n\r\n")
            .nth(1)
            .unwrap()
            .split("\r\n")
            .collect();
        String::from_utf8(BASE64.decode(encoded).unwrap()).unwrap()
    }

    pub(crate) fn outgoing() -> Outgoing {
        Outgoing {
            key: MessageKey::Staff("staff@hidamari.example.jp".into()),
            from: "tsunagu@hidamari.example.jp".into(),
            from_name: "ひだまり登戸 お問い合わせフォーム".into(),
            to: "staff@hidamari.example.jp".into(),
            reply_to: Some("sakura@example.jp".into()),
            subject: "【見学予約】ウォーキング 受付番号 7KQ2M9XD".into(),
            text: "一行目\n二行目".into(),
            date: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
            message_id: "7KQ2M9XD.0@hidamari.example.jp".into(),
            auto_submitted: "auto-generated",
            receipt: "7KQ2M9XD".into(),
        }
    }

    #[test]
    fn headers_are_encoded_and_every_line_is_short() {
        let raw = render(&outgoing()).unwrap();
        assert_eq!(
            decode_words(header(&raw, "Subject").unwrap()),
            "【見学予約】ウォーキング 受付番号 7KQ2M9XD"
        );
        assert_eq!(header(&raw, "To"), Some("staff@hidamari.example.jp"));
        assert_eq!(header(&raw, "Reply-To"), Some("sakura@example.jp"));
        assert!(
            header(&raw, "From")
                .unwrap()
                .ends_with(" <tsunagu@hidamari.example.jp>")
        );
        assert_eq!(
            header(&raw, "Message-ID"),
            Some("<7KQ2M9XD.0@hidamari.example.jp>")
        );
        assert!(header(&raw, "Date").unwrap().ends_with("+0900"));
        assert_eq!(body(&raw), "一行目\r\n二行目");
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
    fn no_reply_to_when_there_is_none() {
        let mut mail = outgoing();
        mail.reply_to = None;
        assert_eq!(header(&render(&mail).unwrap(), "Reply-To"), None);
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
        assert!(Header::address("To", None, "=?UTF-8?B?DQpCY2M6IHhAeS5qcA==?=@b.jp").is_err());
        assert!(Header::raw("X-Test", "a\nb").is_err());
        let subject = Header::text("Subject", "件名\r\nBcc: x@y.jp");
        assert!(!subject.0.contains("Bcc"));
        let mut mail = outgoing();
        mail.reply_to = Some("a@b.jp\nBcc: x@y.jp".into());
        assert_eq!(
            render(&mail),
            Err(MailError::HeaderInjection { header: "Reply-To" })
        );
        let mut mail = outgoing();
        mail.message_id = "x@y\r\nBcc: x@y.jp".into();
        assert!(render(&mail).is_err());
        let mut mail = outgoing();
        mail.subject = "件名\r\nBcc: x@y.jp".into();
        assert!(
            render(&mail).is_ok(),
            "encoded words carry the break safely"
        );
        assert!(check_headers(&mail).is_err(), "but an API is not handed it");
    }
}
