//! Small checks and foldings of plain text that several parts of the contract share: the
//! width folding of what an IME types, and which characters, addresses and links are safe to
//! keep. Nothing here knows about groups, inquiries or schedules.

/// Maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Bidirectional overrides, zero-width characters and line/paragraph separators: invisible in a
/// name, and able to make one name look like another in staff mail.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Longest email address, in bytes (RFC 5321's path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// Whether `text` is a plain address an inquiry accepts as it is: the dot-atom form of RFC 5322
/// without quoted local parts or address literals, at most [`EMAIL_MAX_LEN`] bytes. What passes
/// can go into a mail header as it is: no space, no control character, no `<`, `>`, `,`, `"` or
/// `;`, and no `=?` (an RFC 2047 encoded word such as `=?UTF-8?B?DQpCY2M6IHhAeS5qcA==?=@example.jp`
/// is a legal local part, but mail software that decodes it anyway reads a line break and a
/// `Bcc:`, or another address, out of it).
pub fn is_email_address(text: &str) -> bool {
    if text.is_empty() || text.chars().any(char::is_control) || text.len() > EMAIL_MAX_LEN {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = !local.is_empty()
        && !local.contains("=?")
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Whether `url` is an absolute web address that may become a link: `http://` or `https://`
/// in any letter case, then a host. Whitespace and control characters are refused anywhere (a
/// browser would strip some of them and read a different address than staff checked), and so
/// are `<`, `>` and `"`, which are never part of an address but can break out of markup, and
/// the invisible characters that can make one address look like another.
pub fn is_web_url(url: &str) -> bool {
    let rest = ["https://", "http://"].into_iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|start| start.eq_ignore_ascii_case(scheme))
            .and_then(|_| url.get(scheme.len()..))
    });
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with(['/', '\\'])
            && !url.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '<' | '>' | '"')
                    || is_invisible_format(c)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_pass() {
        for good in [
            "https://hidamari.example.jp/",
            "http://x.jp",
            "HTTPS://X.JP/a?b=1#c",
            "hTTp://x.jp:8080/",
            "https://例え.jp/ページ",
        ] {
            assert!(is_web_url(good), "{good:?} refused");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "/groups/walk",
            "groups/walk",
            "//x.jp",
            "x.jp",
            "https://",
            "https:///x",
            "https:\\\\x.jp",
            " https://x.jp",
            "https://x.jp ",
            "https://x.jp/a b",
            "https://x.jp/\nBcc: y",
            "https://x.jp/\t",
            "https://x.jp/\u{0}",
            "https://x.jp/\u{202e}gpj.exe",
            "https://x.jp/\u{200b}",
            "https://x.jp/\"onclick=\"",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad:?} accepted");
        }
    }
}
