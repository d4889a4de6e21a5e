//! A visitor's inquiry to a facility and the one validation both the widget and the worker apply.
//!
//! The widget calls [`Inquiry::validated`] to show errors next to each field before anything is
//! sent; the worker calls the same function on what arrives, so both always agree.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::ReceiptId;
use crate::directory::{FacilityId, GroupId};
use crate::search::fold_width;
use crate::wire::{MissingField, required};

/// Longest name or nickname, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// Longest email address, in bytes (RFC 5321's path limit).
pub const EMAIL_MAX_LEN: usize = 254;
/// Longest message, in characters.
pub const MESSAGE_MAX_CHARS: usize = 2000;

/// What the visitor is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryKind {
    /// 見学予約: a visit to see the place or the group.
    Visit,
    /// 体験利用: a trial participation.
    Trial,
    /// 資料請求: printed materials.
    Materials,
    /// 個別相談: an individual consultation.
    Consultation,
    /// その他の質問: any other question.
    Question,
}

impl InquiryKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [InquiryKind; 5] = [
        InquiryKind::Visit,
        InquiryKind::Trial,
        InquiryKind::Materials,
        InquiryKind::Consultation,
        InquiryKind::Question,
    ];
}

/// An inquiry as the visitor submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    /// The facility the inquiry goes to.
    pub facility: FacilityId,
    /// The group the visitor is asking about.
    pub group: GroupId,
    /// What the visitor asks for.
    pub kind: InquiryKind,
    /// Name or nickname; a real name is never required.
    pub name: String,
    /// Where staff can reply.
    pub email: String,
    /// The visitor's own words.
    pub message: String,
    /// Whether the visitor agreed to the facility's privacy policy (required under APPI).
    pub consent: bool,
}

/// An accepted inquiry as the worker stores it in KV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredInquiry {
    /// The receipt number given to the visitor.
    pub receipt_id: ReceiptId,
    /// When the worker accepted it.
    pub received_at: DateTime<Utc>,
    /// What the visitor sent, normalised by [`Inquiry::validated`].
    pub inquiry: Inquiry,
}

/// A field of the inquiry form, as named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryField {
    /// [`Inquiry::name`].
    Name,
    /// [`Inquiry::email`].
    Email,
    /// [`Inquiry::message`].
    Message,
    /// [`Inquiry::consent`].
    Consent,
}

impl fmt::Display for InquiryField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InquiryField::Name => "name",
            InquiryField::Email => "email",
            InquiryField::Message => "message",
            InquiryField::Consent => "consent",
        })
    }
}

/// What is wrong with one field. The `code` tag is part of the API and stays stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "InquiryErrorWire")]
pub enum InquiryError {
    /// The field is empty.
    #[error("this field is required")]
    Required,
    /// The field is longer than allowed.
    #[error("this field is longer than {max} characters")]
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// The field holds a line break or another control character where none may be.
    #[error("this field must not contain line breaks or control characters")]
    ControlCharacters,
    /// The email address is not of the form `name@example.jp`.
    #[error("this is not an email address of the form name@example.jp")]
    EmailInvalid,
    /// The visitor did not agree to the privacy policy.
    #[error("consent to the privacy policy is required")]
    ConsentRequired,
}

/// [`InquiryError`] as read; see [`crate::wire`].
#[derive(Deserialize)]
struct InquiryErrorWire {
    code: InquiryErrorCode,
    max: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum InquiryErrorCode {
    Required,
    TooLong,
    ControlCharacters,
    EmailInvalid,
    ConsentRequired,
}

impl TryFrom<InquiryErrorWire> for InquiryError {
    type Error = MissingField;

    fn try_from(wire: InquiryErrorWire) -> Result<InquiryError, MissingField> {
        Ok(match wire.code {
            InquiryErrorCode::Required => InquiryError::Required,
            InquiryErrorCode::TooLong => InquiryError::TooLong {
                max: required(wire.max, "max")?,
            },
            InquiryErrorCode::ControlCharacters => InquiryError::ControlCharacters,
            InquiryErrorCode::EmailInvalid => InquiryError::EmailInvalid,
            InquiryErrorCode::ConsentRequired => InquiryError::ConsentRequired,
        })
    }
}

/// One field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(try_from = "FieldErrorWire")]
#[error("{field}: {error}")]
pub struct FieldError {
    /// The field.
    pub field: InquiryField,
    /// The problem.
    #[serde(flatten)]
    pub error: InquiryError,
}

/// [`FieldError`] as read: the flattened [`InquiryError`] spelled out, see [`crate::wire`].
#[derive(Deserialize)]
struct FieldErrorWire {
    field: InquiryField,
    code: InquiryErrorCode,
    max: Option<usize>,
}

impl TryFrom<FieldErrorWire> for FieldError {
    type Error = MissingField;

    fn try_from(wire: FieldErrorWire) -> Result<FieldError, MissingField> {
        let error = InquiryErrorWire {
            code: wire.code,
            max: wire.max,
        };
        Ok(FieldError {
            field: wire.field,
            error: error.try_into()?,
        })
    }
}

/// Every problem found in one inquiry, in form order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the inquiry has {} invalid field(s): {}", .errors.len(), list(.errors))]
pub struct Invalid {
    /// The problems, at least one.
    pub errors: Vec<FieldError>,
}

fn list(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Invalid {
    /// The problem with one field, if any.
    pub fn for_field(&self, field: InquiryField) -> Option<&InquiryError> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| &e.error)
    }
}

impl Inquiry {
    /// Normalises the inquiry (trims, folds full-width ASCII in the address) and validates it.
    ///
    /// Returns the normalised inquiry, which is what gets stored and mailed, or every problem.
    pub fn validated(mut self) -> Result<Inquiry, Invalid> {
        self.name = self.name.trim().to_owned();
        self.email = fold_width(self.email.trim());
        self.message = self.message.trim().to_owned();

        let mut errors = Vec::new();
        let mut check = |field, result: Result<(), InquiryError>| {
            if let Err(error) = result {
                errors.push(FieldError { field, error });
            }
        };
        check(InquiryField::Name, check_name(&self.name));
        check(InquiryField::Email, check_email(&self.email));
        check(InquiryField::Message, check_message(&self.message));
        check(
            InquiryField::Consent,
            if self.consent {
                Ok(())
            } else {
                Err(InquiryError::ConsentRequired)
            },
        );
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Invalid { errors })
        }
    }
}

fn check_name(name: &str) -> Result<(), InquiryError> {
    if name.is_empty() {
        return Err(InquiryError::Required);
    }
    if name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err(InquiryError::ControlCharacters);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(InquiryError::TooLong {
            max: NAME_MAX_CHARS,
        });
    }
    Ok(())
}

/// Bidirectional overrides, zero-width characters and line/paragraph separators: invisible in a
/// name, and able to make one name look like another in staff mail.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

fn check_message(message: &str) -> Result<(), InquiryError> {
    if message.is_empty() {
        return Err(InquiryError::Required);
    }
    // Line breaks and tabs belong in a message; other control characters only hide content.
    if message
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InquiryError::ControlCharacters);
    }
    if message.chars().count() > MESSAGE_MAX_CHARS {
        return Err(InquiryError::TooLong {
            max: MESSAGE_MAX_CHARS,
        });
    }
    Ok(())
}

/// Whether `text` is a plain address that [`Inquiry::validated`] would accept as it is.
pub fn is_email_address(text: &str) -> bool {
    check_email(text).is_ok()
}

/// A practical address check: the dot-atom form of RFC 5322 without quoted local parts or
/// address literals. What passes can go into a mail header as it is: no space, no control
/// character, no `<`, `>`, `,`, `"` or `;`.
fn check_email(email: &str) -> Result<(), InquiryError> {
    if email.is_empty() {
        return Err(InquiryError::Required);
    }
    if email.chars().any(char::is_control) {
        return Err(InquiryError::ControlCharacters);
    }
    if email.len() > EMAIL_MAX_LEN {
        return Err(InquiryError::TooLong { max: EMAIL_MAX_LEN });
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(InquiryError::EmailInvalid);
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = !local.is_empty()
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
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(InquiryError::EmailInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inquiry() -> Inquiry {
        Inquiry {
            facility: FacilityId::new("hidamari").unwrap(),
            group: GroupId::new("kokoiru").unwrap(),
            kind: InquiryKind::Visit,
            name: "  さくら ".into(),
            email: " sakura@example.jp ".into(),
            message: "見学できますか？\n平日希望です。".into(),
            consent: true,
        }
    }

    #[test]
    fn a_good_inquiry_is_trimmed_and_accepted() {
        let ok = inquiry().validated().unwrap();
        assert_eq!(ok.name, "さくら");
        assert_eq!(ok.email, "sakura@example.jp");
        assert!(ok.message.contains('\n'));
    }

    #[test]
    fn full_width_addresses_typed_with_an_ime_are_folded() {
        let mut i = inquiry();
        i.email = "ｓａｋｕｒａ＠ｅｘａｍｐｌｅ．ｊｐ".into();
        assert_eq!(i.validated().unwrap().email, "sakura@example.jp");
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let mut i = inquiry();
        i.name = " ".into();
        i.email = "not-an-address".into();
        i.message = String::new();
        i.consent = false;
        let err = i.validated().unwrap_err();
        assert_eq!(
            err.for_field(InquiryField::Name),
            Some(&InquiryError::Required)
        );
        assert_eq!(
            err.for_field(InquiryField::Email),
            Some(&InquiryError::EmailInvalid)
        );
        assert_eq!(
            err.for_field(InquiryField::Message),
            Some(&InquiryError::Required)
        );
        assert_eq!(
            err.for_field(InquiryField::Consent),
            Some(&InquiryError::ConsentRequired)
        );
        assert!(err.to_string().contains("consent"), "{err}");
    }

    #[test]
    fn header_breaking_characters_never_pass() {
        for bad in [
            "a@b.jp\r\nBcc: x@y.jp",
            "a@b.jp\nx",
            "a b@c.jp",
            "\"a\"@b.jp",
            "<a@b.jp>",
            "a@b.jp,c@d.jp",
            "a@b.jp;",
            "a@@b.jp",
            "a@b",
            "a@-b.jp",
            "a..b@c.jp",
            ".a@b.jp",
            "a@b.j",
            "a@b.1p",
        ] {
            let mut i = inquiry();
            i.email = bad.into();
            let err = i.validated().unwrap_err();
            assert!(
                err.for_field(InquiryField::Email).is_some(),
                "{bad:?} accepted"
            );
        }
        for sneaky in ["さくら\u{202E}", "さ\u{200B}くら", "さ\u{2028}くら"] {
            let mut i = inquiry();
            i.name = sneaky.into();
            assert_eq!(
                i.validated().unwrap_err().for_field(InquiryField::Name),
                Some(&InquiryError::ControlCharacters),
                "{sneaky:?}"
            );
        }
        let mut i = inquiry();
        i.name = "さくら\r\nBcc: x@y.jp".into();
        assert_eq!(
            i.validated().unwrap_err().for_field(InquiryField::Name),
            Some(&InquiryError::ControlCharacters)
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let mut i = inquiry();
        i.name = "あ".repeat(NAME_MAX_CHARS);
        i.message = "あ".repeat(MESSAGE_MAX_CHARS);
        assert!(i.clone().validated().is_ok());
        i.name.push('あ');
        i.message.push('あ');
        let err = i.validated().unwrap_err();
        assert_eq!(
            err.for_field(InquiryField::Name),
            Some(&InquiryError::TooLong {
                max: NAME_MAX_CHARS
            })
        );
        assert_eq!(
            err.for_field(InquiryField::Message),
            Some(&InquiryError::TooLong {
                max: MESSAGE_MAX_CHARS
            })
        );
    }

    #[test]
    fn field_errors_have_a_stable_wire_form() {
        let e = FieldError {
            field: InquiryField::Name,
            error: InquiryError::TooLong { max: 50 },
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"field": "name", "code": "too_long", "max": 50})
        );
        let back: FieldError = serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
