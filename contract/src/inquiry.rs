//! A visitor's inquiry to a facility and the one validation both the widget and the worker apply.
//!
//! The widget calls [`Inquiry::validated`] to show errors next to each field before anything is
//! sent; the worker calls the same function on what arrives, so both always agree.

mod form;
mod receipt;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::directory::{FacilityId, GroupId};
use crate::schedule::ClockTime;
use crate::text::{EMAIL_MAX_LEN, fold_width, is_email_address, is_invisible_format};
use crate::wire::{MissingField, required};

pub use form::FormSettings;
pub use receipt::{ReceiptId, ReceiptIdError};

/// Longest name or nickname, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// Longest message, in characters.
pub const MESSAGE_MAX_CHARS: usize = 2000;
/// Longest postal address, in characters.
pub const POSTAL_ADDRESS_MAX_CHARS: usize = 200;
/// Most preferred meetings a visitor may name.
pub const PREFERRED_MAX: usize = 3;
/// How far ahead a preferred meeting may be, in days from today in Tokyo. The widget offers
/// meetings only within it, and the worker refuses others as [`InquiryError::NotAMeeting`].
pub const PREFERRED_HORIZON_DAYS: i64 = 92;

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

/// Who is writing, as the form asks it (ご相談者).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Asker {
    /// 本人: the person concerned.
    #[default]
    Person,
    /// 家族: a family member or friend.
    Family,
    /// 支援者: a professional or volunteer supporting someone.
    Supporter,
    /// その他.
    Other,
}

impl Asker {
    /// Every choice, in the order the form offers them.
    pub const ALL: [Asker; 4] = [Asker::Person, Asker::Family, Asker::Supporter, Asker::Other];
}

/// How the visitor wants to be answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    /// By email: the address is required.
    #[default]
    Email,
    /// By phone: the number is required.
    Phone,
    /// Either way: at least one of the two is required.
    Either,
}

impl ContactPreference {
    /// Every choice, in the order the form offers them.
    pub const ALL: [ContactPreference; 3] = [
        ContactPreference::Email,
        ContactPreference::Phone,
        ContactPreference::Either,
    ];
}

/// One preferred date and time for a visit or a trial: one of the group's meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PreferredSlot {
    /// The meeting's date.
    #[serde(deserialize_with = "crate::date::one")]
    pub date: NaiveDate,
    /// When the meeting starts.
    pub start: ClockTime,
}

/// An inquiry as the visitor submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    /// The facility the inquiry goes to.
    pub facility: FacilityId,
    /// The group the visitor is asking about.
    pub group: GroupId,
    /// What the visitor asks for; one of the facility's [`FormSettings::kinds`].
    pub kind: InquiryKind,
    /// Name or nickname; may be empty where [`FormSettings::anonymous_allowed`].
    #[serde(default)]
    pub name: String,
    /// The name's reading in kana (ふりがな), optional.
    #[serde(default)]
    pub furigana: String,
    /// Who is writing.
    #[serde(default)]
    pub asker: Asker,
    /// How the visitor wants to be answered; decides which of email and phone is required.
    #[serde(default)]
    pub contact: ContactPreference,
    /// Where staff can reply by email; empty when not given.
    #[serde(default)]
    pub email: String,
    /// Where staff can call back, normalised to ASCII digits and hyphens; empty when not given.
    #[serde(default)]
    pub phone: String,
    /// Where to post materials; required for [`InquiryKind::Materials`], dropped otherwise.
    #[serde(default)]
    pub postal_address: String,
    /// Up to [`PREFERRED_MAX`] meetings the visitor could come to, for visits and trials only.
    #[serde(default)]
    pub preferred: Vec<PreferredSlot>,
    /// The visitor's own words; optional for visits, trials and materials.
    #[serde(default)]
    pub message: String,
    /// Whether the visitor agreed to the facility's privacy policy (required under APPI).
    pub consent: bool,
    /// The version of the consent text the visitor agreed to ([`FormSettings::consent_version`]).
    #[serde(default)]
    pub consent_version: String,
}

/// What the widget posts to the inquiry endpoint (`POST /v1/inquiries`): the inquiry and the form's
/// anti-spam signals, which are checked and then dropped (never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The inquiry.
    pub inquiry: Inquiry,
    /// The honeypot: a field hidden from people, so anything in it was typed by a robot.
    #[serde(default)]
    pub website: String,
    /// How long the form was open before it was sent, in milliseconds.
    #[serde(default)]
    pub fill_ms: u64,
    /// The Cloudflare Turnstile token, for facilities that turned Turnstile on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnstile_token: Option<String>,
}

/// Where an inquiry stands with staff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryStatus {
    /// Not yet marked as handled.
    #[default]
    Open,
    /// Staff marked it as handled.
    Handled,
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
    /// Open or handled.
    #[serde(default)]
    pub status: InquiryStatus,
    /// When staff marked it as handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_at: Option<DateTime<Utc>>,
}

/// A field of the inquiry form, as named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InquiryField {
    /// [`Inquiry::kind`].
    Kind,
    /// [`Inquiry::name`].
    Name,
    /// [`Inquiry::furigana`].
    Furigana,
    /// [`Inquiry::email`].
    Email,
    /// [`Inquiry::phone`].
    Phone,
    /// [`Inquiry::postal_address`].
    PostalAddress,
    /// [`Inquiry::preferred`].
    Preferred,
    /// [`Inquiry::message`].
    Message,
    /// [`Inquiry::consent`] and [`Inquiry::consent_version`].
    Consent,
}

impl InquiryField {
    /// Every field, in form order (the order errors are reported in).
    pub const ALL: [InquiryField; 9] = [
        InquiryField::Kind,
        InquiryField::Name,
        InquiryField::Furigana,
        InquiryField::Email,
        InquiryField::Phone,
        InquiryField::PostalAddress,
        InquiryField::Preferred,
        InquiryField::Message,
        InquiryField::Consent,
    ];
}

impl fmt::Display for InquiryField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::code::code(self).unwrap_or_default())
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
    /// The phone number is not a Japanese number such as 090-1234-5678 or 03-1234-5678.
    #[error("this is not a Japanese phone number such as 090-1234-5678 or 03-1234-5678")]
    PhoneInvalid,
    /// The contact preference is "either", and neither an address nor a number was given.
    #[error("an email address or a phone number is required")]
    ContactRequired,
    /// The reading is not written in kana.
    #[error("the reading must be written in hiragana or katakana")]
    NotKana,
    /// The facility does not take this kind of inquiry.
    #[error("the facility does not take this kind of inquiry")]
    NotOffered,
    /// More items than allowed.
    #[error("at most {max} may be chosen")]
    TooMany {
        /// The limit.
        max: usize,
    },
    /// The same item was chosen twice.
    #[error("the same date was chosen twice")]
    Duplicate,
    /// A preferred date is not one of the group's coming meetings.
    #[error("a chosen date is not one of the group's coming meetings")]
    NotAMeeting,
    /// The visitor did not agree to the privacy policy.
    #[error("consent to the privacy policy is required")]
    ConsentRequired,
    /// The consent text changed after the form was loaded; the visitor must read it again.
    #[error("the privacy policy text has changed; please read it again and agree")]
    ConsentOutdated,
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
    PhoneInvalid,
    ContactRequired,
    NotKana,
    NotOffered,
    TooMany,
    Duplicate,
    NotAMeeting,
    ConsentRequired,
    ConsentOutdated,
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
            InquiryErrorCode::PhoneInvalid => InquiryError::PhoneInvalid,
            InquiryErrorCode::ContactRequired => InquiryError::ContactRequired,
            InquiryErrorCode::NotKana => InquiryError::NotKana,
            InquiryErrorCode::NotOffered => InquiryError::NotOffered,
            InquiryErrorCode::TooMany => InquiryError::TooMany {
                max: required(wire.max, "max")?,
            },
            InquiryErrorCode::Duplicate => InquiryError::Duplicate,
            InquiryErrorCode::NotAMeeting => InquiryError::NotAMeeting,
            InquiryErrorCode::ConsentRequired => InquiryError::ConsentRequired,
            InquiryErrorCode::ConsentOutdated => InquiryError::ConsentOutdated,
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

impl InquiryKind {
    /// Whether the form asks for preferred meetings (visits and trials).
    pub fn takes_dates(self) -> bool {
        matches!(self, InquiryKind::Visit | InquiryKind::Trial)
    }

    /// Whether the inquiry needs a postal address (materials go by post).
    pub fn needs_postal_address(self) -> bool {
        self == InquiryKind::Materials
    }

    /// Whether the message is required: a consultation or a question is nothing without it.
    pub fn needs_message(self) -> bool {
        matches!(self, InquiryKind::Consultation | InquiryKind::Question)
    }
}

impl Inquiry {
    /// Normalises the inquiry and validates it against the facility's form settings.
    ///
    /// Normalising trims every text, folds full-width ASCII in the address, writes the phone
    /// number in ASCII digits and hyphens, and drops what the kind does not use (preferred
    /// meetings unless a visit or trial, the postal address unless materials). Returns the
    /// normalised inquiry, which is what gets stored and mailed, or every problem in form order.
    pub fn validated(mut self, form: &FormSettings) -> Result<Inquiry, Invalid> {
        self.name = self.name.trim().to_owned();
        self.furigana = self.furigana.trim().to_owned();
        self.email = fold_width(self.email.trim());
        self.phone = self.phone.trim().to_owned();
        self.postal_address = self.postal_address.trim().to_owned();
        self.message = self.message.trim().to_owned();
        if !self.kind.takes_dates() {
            self.preferred.clear();
        }
        if !self.kind.needs_postal_address() {
            self.postal_address.clear();
        }
        let phone = (!self.phone.is_empty()).then(|| normalize_phone(&self.phone));
        if let Some(Ok(normalized)) = &phone {
            self.phone.clone_from(normalized);
        }

        let mut errors = Vec::new();
        let mut check = |field, result: Result<(), InquiryError>| {
            if let Err(error) = result {
                errors.push(FieldError { field, error });
            }
        };
        check(
            InquiryField::Kind,
            if form.kinds.contains(&self.kind) {
                Ok(())
            } else {
                Err(InquiryError::NotOffered)
            },
        );
        check(
            InquiryField::Name,
            if self.name.is_empty() && form.anonymous_allowed {
                Ok(())
            } else {
                check_line(&self.name, NAME_MAX_CHARS)
            },
        );
        check(InquiryField::Furigana, check_furigana(&self.furigana));
        let (email_needed, phone_needed) = match self.contact {
            ContactPreference::Email => (true, false),
            ContactPreference::Phone => (false, true),
            ContactPreference::Either => (false, false),
        };
        let neither = self.email.is_empty() && self.phone.is_empty();
        check(
            InquiryField::Email,
            if self.contact == ContactPreference::Either && neither {
                Err(InquiryError::ContactRequired)
            } else if self.email.is_empty() && !email_needed {
                Ok(())
            } else {
                check_email(&self.email)
            },
        );
        check(
            InquiryField::Phone,
            match phone {
                None if phone_needed => Err(InquiryError::Required),
                None => Ok(()),
                Some(result) => result.map(drop),
            },
        );
        check(
            InquiryField::PostalAddress,
            if self.kind.needs_postal_address() {
                check_text(&self.postal_address, POSTAL_ADDRESS_MAX_CHARS)
            } else {
                Ok(())
            },
        );
        check(InquiryField::Preferred, check_preferred(&self.preferred));
        check(
            InquiryField::Message,
            if self.message.is_empty() && !self.kind.needs_message() {
                Ok(())
            } else {
                check_text(&self.message, MESSAGE_MAX_CHARS)
            },
        );
        check(
            InquiryField::Consent,
            if !self.consent {
                Err(InquiryError::ConsentRequired)
            } else if self.consent_version != form.consent_version {
                Err(InquiryError::ConsentOutdated)
            } else {
                Ok(())
            },
        );
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(Invalid { errors })
        }
    }
}

/// A required one-line text (a name): no control or invisible format characters.
fn check_line(text: &str, max: usize) -> Result<(), InquiryError> {
    if text.is_empty() {
        return Err(InquiryError::Required);
    }
    if text
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        return Err(InquiryError::ControlCharacters);
    }
    if text.chars().count() > max {
        return Err(InquiryError::TooLong { max });
    }
    Ok(())
}

/// The reading is optional; when given it is a line of kana.
fn check_furigana(text: &str) -> Result<(), InquiryError> {
    if text.is_empty() {
        return Ok(());
    }
    check_line(text, NAME_MAX_CHARS)?;
    if text.chars().all(is_kana_or_space) {
        Ok(())
    } else {
        Err(InquiryError::NotKana)
    }
}

fn is_kana_or_space(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' // hiragana
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FF}' // katakana, ・ and ー
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | ' ' | '\u{3000}')
}

/// A required text of several lines (a message, a postal address).
fn check_text(text: &str, max: usize) -> Result<(), InquiryError> {
    if text.is_empty() {
        return Err(InquiryError::Required);
    }
    // Line breaks and tabs belong in a message; other control characters only hide content,
    // and bidirectional overrides make text read backwards in staff mail.
    if text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        return Err(InquiryError::ControlCharacters);
    }
    if text.chars().count() > max {
        return Err(InquiryError::TooLong { max });
    }
    Ok(())
}

fn check_preferred(slots: &[PreferredSlot]) -> Result<(), InquiryError> {
    if slots.len() > PREFERRED_MAX {
        return Err(InquiryError::TooMany { max: PREFERRED_MAX });
    }
    let mut seen = std::collections::BTreeSet::new();
    if slots.iter().all(|slot| seen.insert(slot)) {
        Ok(())
    } else {
        Err(InquiryError::Duplicate)
    }
}

/// Writes a Japanese phone number in ASCII digits and hyphens.
///
/// Visitors type numbers with an IME: full-width digits, and for the hyphen whichever dash the
/// IME offers (－, ー, ‐, −…). Parentheses (`03(1234)5678`) count as separators, `+81` as the
/// leading 0. What remains must be 11 digits starting 050, 060, 070, 080, 090 or 0800 (mobile,
/// IP phones, free dial), or else 10 digits starting 0 and then not 0 (landlines, 0120, 0570).
pub fn normalize_phone(text: &str) -> Result<String, InquiryError> {
    let mut out = String::new();
    for c in fold_width(text).chars() {
        match c {
            '0'..='9' => out.push(c),
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' | '(' | ')' => {
                if !out.is_empty() && !out.ends_with('-') && !out.ends_with('+') {
                    out.push('-');
                }
            }
            ' ' => {}
            '+' if out.is_empty() => out.push('+'),
            _ => return Err(InquiryError::PhoneInvalid),
        }
    }
    if let Some(rest) = out.strip_prefix("+81") {
        let rest = rest.trim_start_matches('-');
        // The trunk 0 some write after the country code: +81-(0)3-…
        let rest = rest
            .strip_prefix('0')
            .unwrap_or(rest)
            .trim_start_matches('-');
        out = format!("0{rest}");
    }
    let out = out.trim_end_matches('-').to_owned();
    let digits: String = out.chars().filter(char::is_ascii_digit).collect();
    const ELEVEN: [&str; 6] = ["050", "060", "070", "080", "090", "0800"];
    let eleven = ELEVEN.iter().any(|prefix| digits.starts_with(prefix));
    let valid = out.starts_with('0')
        && match digits.len() {
            10 => !digits[1..].starts_with('0') && !eleven,
            11 => eleven,
            _ => false,
        };
    if valid {
        Ok(out)
    } else {
        Err(InquiryError::PhoneInvalid)
    }
}

/// An address [`crate::text::is_email_address`] accepts, with the reason for one it does not.
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
    if is_email_address(email) {
        Ok(())
    } else {
        Err(InquiryError::EmailInvalid)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn form() -> FormSettings {
        FormSettings {
            kinds: InquiryKind::ALL.to_vec(),
            anonymous_allowed: false,
            privacy_policy_url: "https://hidamari.example.jp/privacy".into(),
            consent_text: "ご記入の内容は、お問い合わせへの回答にのみ使います。".into(),
            consent_version: "2026-04".into(),
            reply_promise: "3営業日以内にご連絡します".into(),
            turnstile_site_key: None,
        }
    }

    fn inquiry() -> Inquiry {
        Inquiry {
            facility: FacilityId::new("hidamari").unwrap(),
            group: GroupId::new("kokoiru").unwrap(),
            kind: InquiryKind::Question,
            name: "  さくら ".into(),
            furigana: String::new(),
            asker: Asker::Person,
            contact: ContactPreference::Email,
            email: " sakura@example.jp ".into(),
            phone: String::new(),
            postal_address: String::new(),
            preferred: Vec::new(),
            message: "見学できますか？\n平日希望です。".into(),
            consent: true,
            consent_version: "2026-04".into(),
        }
    }

    fn field_error(i: Inquiry, field: InquiryField) -> Option<InquiryError> {
        i.validated(&form())
            .err()
            .and_then(|e| e.for_field(field).cloned())
    }

    #[test]
    fn a_good_inquiry_is_trimmed_and_accepted() {
        let ok = inquiry().validated(&form()).unwrap();
        assert_eq!(ok.name, "さくら");
        assert_eq!(ok.email, "sakura@example.jp");
        assert!(ok.message.contains('\n'));
    }

    #[test]
    fn full_width_addresses_typed_with_an_ime_are_folded() {
        let mut i = inquiry();
        i.email = "ｓａｋｕｒａ＠ｅｘａｍｐｌｅ．ｊｐ".into();
        assert_eq!(i.validated(&form()).unwrap().email, "sakura@example.jp");
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let mut i = inquiry();
        i.name = " ".into();
        i.email = "not-an-address".into();
        i.message = String::new();
        i.consent = false;
        let err = i.validated(&form()).unwrap_err();
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
            // Encoded words: "\r\nBcc: evil@attacker.example", and "evil@attacker.example>".
            "=?UTF-8?B?DQpCY2M6IGV2aWxAYXR0YWNrZXIuZXhhbXBsZQ==?=@example.jp",
            "=?utf-8?q?evil=40attacker.example=3e?=@example.jp",
        ] {
            let mut i = inquiry();
            i.email = bad.into();
            let err = i.validated(&form()).unwrap_err();
            assert!(
                err.for_field(InquiryField::Email).is_some(),
                "{bad:?} accepted"
            );
        }
        for sneaky in ["さくら\u{202E}", "さ\u{200B}くら", "さ\u{2028}くら"] {
            let mut i = inquiry();
            i.name = sneaky.into();
            assert_eq!(
                i.validated(&form())
                    .unwrap_err()
                    .for_field(InquiryField::Name),
                Some(&InquiryError::ControlCharacters),
                "{sneaky:?}"
            );
        }
        let mut i = inquiry();
        i.name = "さくら\r\nBcc: x@y.jp".into();
        assert_eq!(
            i.validated(&form())
                .unwrap_err()
                .for_field(InquiryField::Name),
            Some(&InquiryError::ControlCharacters)
        );
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let mut i = inquiry();
        i.name = "あ".repeat(NAME_MAX_CHARS);
        i.message = "あ".repeat(MESSAGE_MAX_CHARS);
        assert!(i.clone().validated(&form()).is_ok());
        i.name.push('あ');
        i.message.push('あ');
        let err = i.validated(&form()).unwrap_err();
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

    #[test]
    fn phone_numbers_typed_with_an_ime_are_normalised() {
        for (typed, normal) in [
            ("090-1234-5678", "090-1234-5678"),
            ("０９０－１２３４－５６７８", "090-1234-5678"),
            ("090ー1234ー5678", "090-1234-5678"),
            ("090‐1234−5678", "090-1234-5678"),
            ("03(1234)5678", "03-1234-5678"),
            ("(03) 1234-5678", "03-1234-5678"),
            ("09012345678", "09012345678"),
            ("+81 90-1234-5678", "090-1234-5678"),
            ("+81-(0)3-1234-5678", "03-1234-5678"),
            ("0120-123-456", "0120-123-456"),
            ("0800-123-4567", "0800-123-4567"),
            ("050-1234-5678", "050-1234-5678"),
        ] {
            assert_eq!(normalize_phone(typed).as_deref(), Ok(normal), "{typed}");
        }
        for bad in [
            "1234-5678",
            "090-1234-567",
            "090-1234-56789",
            "00-1234-5678",
            "03-1234-5678\r\nBcc: x@y.jp",
            "03-1234-5678 内線12",
            "+1 212 555 0100",
            "",
        ] {
            assert_eq!(
                normalize_phone(bad),
                Err(InquiryError::PhoneInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_contact_preference_decides_what_is_required() {
        let mut i = inquiry();
        i.contact = ContactPreference::Phone;
        assert_eq!(
            field_error(i.clone(), InquiryField::Phone),
            Some(InquiryError::Required)
        );
        i.email.clear();
        i.phone = "０３－１２３４－５６７８".into();
        assert_eq!(i.clone().validated(&form()).unwrap().phone, "03-1234-5678");
        i.contact = ContactPreference::Either;
        i.phone.clear();
        assert_eq!(
            field_error(i.clone(), InquiryField::Email),
            Some(InquiryError::ContactRequired)
        );
        i.phone = "090-1234-5678".into();
        assert!(i.clone().validated(&form()).is_ok());
        // A number given although not required must still be a number.
        let mut i = inquiry();
        i.phone = "not a number".into();
        assert_eq!(
            field_error(i, InquiryField::Phone),
            Some(InquiryError::PhoneInvalid)
        );
    }

    #[test]
    fn the_facility_decides_kinds_and_anonymity() {
        let mut limited = form();
        limited.kinds = vec![InquiryKind::Question];
        let mut i = inquiry();
        i.kind = InquiryKind::Trial;
        assert_eq!(
            i.clone()
                .validated(&limited)
                .unwrap_err()
                .for_field(InquiryField::Kind),
            Some(&InquiryError::NotOffered)
        );
        i.name.clear();
        assert_eq!(
            field_error(i.clone(), InquiryField::Name),
            Some(InquiryError::Required)
        );
        let mut open = form();
        open.anonymous_allowed = true;
        assert!(i.validated(&open).is_ok());
    }

    #[test]
    fn each_kind_keeps_only_what_it_uses() {
        let slot = |day| PreferredSlot {
            date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            start: ClockTime::new(13, 0).unwrap(),
        };
        let mut i = inquiry();
        i.kind = InquiryKind::Visit;
        i.message.clear();
        i.preferred = vec![slot(2), slot(9)];
        i.postal_address = "〒214-0014 川崎市多摩区".into();
        let ok = i.clone().validated(&form()).unwrap();
        assert_eq!(ok.preferred.len(), 2);
        assert!(ok.postal_address.is_empty());
        i.preferred = vec![slot(2), slot(2)];
        assert_eq!(
            field_error(i.clone(), InquiryField::Preferred),
            Some(InquiryError::Duplicate)
        );
        i.preferred = vec![slot(2), slot(9), slot(16), slot(23)];
        assert_eq!(
            field_error(i.clone(), InquiryField::Preferred),
            Some(InquiryError::TooMany { max: PREFERRED_MAX })
        );
        i.kind = InquiryKind::Materials;
        let ok = i.clone().validated(&form()).unwrap();
        assert!(ok.preferred.is_empty());
        i.postal_address.clear();
        assert_eq!(
            field_error(i.clone(), InquiryField::PostalAddress),
            Some(InquiryError::Required)
        );
        i.kind = InquiryKind::Consultation;
        assert_eq!(
            field_error(i, InquiryField::Message),
            Some(InquiryError::Required)
        );
    }

    #[test]
    fn furigana_is_kana_and_consent_is_to_the_current_text() {
        let mut i = inquiry();
        i.furigana = "さくら サクラ ｻｸﾗ".into();
        assert!(i.clone().validated(&form()).is_ok());
        i.furigana = "桜".into();
        assert_eq!(
            field_error(i.clone(), InquiryField::Furigana),
            Some(InquiryError::NotKana)
        );
        let mut i = inquiry();
        i.consent_version = "2025-01".into();
        assert_eq!(
            field_error(i, InquiryField::Consent),
            Some(InquiryError::ConsentOutdated)
        );
    }

    #[test]
    fn a_bidi_override_cannot_hide_in_a_message() {
        let mut i = inquiry();
        i.message = "見学\u{202E}できますか".into();
        assert_eq!(
            field_error(i, InquiryField::Message),
            Some(InquiryError::ControlCharacters)
        );
    }

    #[test]
    fn every_field_error_code_round_trips() {
        for error in [
            InquiryError::PhoneInvalid,
            InquiryError::ContactRequired,
            InquiryError::NotKana,
            InquiryError::NotOffered,
            InquiryError::TooMany { max: 3 },
            InquiryError::Duplicate,
            InquiryError::NotAMeeting,
            InquiryError::ConsentOutdated,
        ] {
            let e = FieldError {
                field: InquiryField::Preferred,
                error,
            };
            let back: FieldError =
                serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
            assert_eq!(back, e);
        }
        assert_eq!(InquiryField::PostalAddress.to_string(), "postal_address");
    }
}
