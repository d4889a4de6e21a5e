//! The wire shapes of the worker's HTTP API: paths, error bodies with stable codes, receipts,
//! and how its query strings are read ([`query`]).

pub mod month;
pub mod query;

use serde::{Deserialize, Serialize};

use crate::inquiry::{FieldError, ReceiptId};

/// Path of the directory endpoint (`GET`, optional `?facility=ID`).
pub const GROUPS_PATH: &str = "/v1/groups";
/// Path of the finder's feed (`GET`, optional `?facility=ID`, answer [`crate::feed::Feed`]): the
/// directory with each group's schedule work done. Public, like the directory: any origin may
/// read it. The number is [`crate::feed::FEED_VERSION`].
pub const FEED_PATH: &str = "/v2/feed";
/// Path of the inquiry endpoint (`POST`, JSON body [`crate::Inquiry`]).
pub const INQUIRIES_PATH: &str = "/v1/inquiries";
/// Path of a facility's form settings (`GET ?facility=ID`, answer [`crate::FormSettings`]).
pub const FORM_PATH: &str = "/v1/form";
/// Prefix of the staff API, authenticated by the facility's bearer token:
///
/// | method and path | answer |
/// | --- | --- |
/// | `GET /v1/staff/{facility}/inquiries[?cursor=C&limit=N]` | [`InquiryPage`] |
/// | `GET /v1/staff/{facility}/inquiries.csv` | every inquiry as CSV (UTF-8 with BOM) |
/// | `GET /v1/staff/{facility}/inquiries/{receipt}` | [`StaffInquiry`] |
/// | `POST /v1/staff/{facility}/inquiries/{receipt}/handled` | [`StaffInquiry`] |
/// | `DELETE /v1/staff/{facility}/inquiries/{receipt}` | 204 |
pub const STAFF_PREFIX: &str = "/v1/staff/";
/// Path of the month calendar's data (`GET ?month=YYYY-MM[&facility=ID]`, answer
/// [`month::MonthCalendar`]). Public data: any origin may read it.
pub const MONTH_PATH: &str = "/v2/month";
/// Start of the path of a group's iCalendar file, `GET /v2/groups/{group}/calendar.ics`
/// (`?download=1` to download it), written by the worker. Public data: any origin may read it.
pub const GROUP_CALENDAR_PREFIX: &str = "/v2/groups/";
/// End of the path of a group's iCalendar file, after the group's identifier.
pub const GROUP_CALENDAR_SUFFIX: &str = "/calendar.ics";
/// The path of `group`'s iCalendar file: [`GROUP_CALENDAR_PREFIX`], the id,
/// [`GROUP_CALENDAR_SUFFIX`].
pub fn group_calendar_path(group: &crate::GroupId) -> String {
    format!("{GROUP_CALENDAR_PREFIX}{group}{GROUP_CALENDAR_SUFFIX}")
}
/// Largest inquiry body the worker reads, in bytes.
pub const INQUIRY_MAX_BYTES: usize = 32 * 1024;
/// Header carrying the client's idempotency key on `POST /v1/inquiries`.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// An idempotency key is 16 to 128 characters of `A-Z a-z 0-9 - _`; the widget sends a UUID.
pub fn is_idempotency_key(key: &str) -> bool {
    (16..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
/// Fewest milliseconds a person takes to fill in the form; faster submissions are robots.
pub const MIN_FILL_MS: u64 = 3_000;
/// Most inquiries on one page of [`InquiryPage`], and the default.
pub const PAGE_MAX: usize = 100;

/// A stable, machine-readable error code. Clients branch on these; they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not the JSON the endpoint expects.
    InvalidJson,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// The request's `Origin` is not one the facility allows.
    OriginNotAllowed,
    /// No facility with that identifier is configured.
    UnknownFacility,
    /// No group with that identifier belongs to the facility.
    UnknownGroup,
    /// One or more fields are invalid; see the error's `fields`.
    ValidationFailed,
    /// No such endpoint.
    NotFound,
    /// The endpoint exists but not for this method.
    MethodNotAllowed,
    /// The deployment has no directory loaded yet.
    NotConfigured,
    /// The `Idempotency-Key` header is not 16–128 characters of `A-Z a-z 0-9 - _`.
    InvalidIdempotencyKey,
    /// The idempotency key was used before with a different body.
    IdempotencyKeyReused,
    /// The honeypot was filled in, or the form was sent faster than a person can fill it.
    SpamSuspected,
    /// The Turnstile token is missing or was not accepted.
    TurnstileFailed,
    /// Too many inquiries from this client to this facility; try again later.
    RateLimited,
    /// The staff API needs `Authorization: Bearer <token>` with the facility's token.
    Unauthorized,
    /// The token is valid, but for another facility.
    Forbidden,
    /// No inquiry with that receipt number (it may have been deleted or expired).
    UnknownInquiry,
    /// The staff API is not set up for this facility (no token configured).
    StaffApiDisabled,
    /// A query parameter is malformed (the staff list's `cursor` or `limit`).
    InvalidQuery,
    /// The `month` parameter is missing, not written as `2026-12`, or outside the months
    /// served (see [`month::window`]).
    InvalidMonth,
    /// Something failed inside the worker; details are in its log, not here.
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidJson
            | ErrorCode::InvalidIdempotencyKey
            | ErrorCode::SpamSuspected
            | ErrorCode::InvalidQuery
            | ErrorCode::InvalidMonth => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::OriginNotAllowed | ErrorCode::TurnstileFailed | ErrorCode::Forbidden => 403,
            ErrorCode::UnknownFacility
            | ErrorCode::UnknownGroup
            | ErrorCode::UnknownInquiry
            | ErrorCode::StaffApiDisabled
            | ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ValidationFailed | ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::NotConfigured => 503,
        }
    }
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// A sentence for developers; visitors see the widget's own translated text instead.
    pub message: String,
    /// Per-field problems, for [`ErrorCode::ValidationFailed`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// What the worker answers (201) once an inquiry is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryReceipt {
    /// The receipt number (受付番号) the visitor can quote.
    pub receipt_id: ReceiptId,
}

/// Where an inquiry's mail stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Not yet delivered; the cron run retries it.
    #[default]
    Pending,
    /// Every message was handed to the mail provider.
    Delivered,
}

/// An inquiry's mail, as the staff API reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailStatus {
    /// Pending or delivered.
    pub state: MailState,
    /// Failed attempts so far.
    pub attempts: u32,
    /// When the last message was delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One line of the staff API's list: no personal data, only what staff need to pick one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquirySummary {
    /// The receipt number.
    pub receipt_id: ReceiptId,
    /// When it was received.
    pub received_at: chrono::DateTime<chrono::Utc>,
    /// What was asked for.
    pub kind: crate::InquiryKind,
    /// The group asked about.
    pub group: crate::GroupId,
    /// Open or handled.
    pub status: crate::InquiryStatus,
}

/// One page of the staff API's list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryPage {
    /// The inquiries on this page.
    pub inquiries: Vec<InquirySummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One inquiry as the staff API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInquiry {
    /// The stored inquiry.
    #[serde(flatten)]
    pub stored: crate::StoredInquiry,
    /// Its mail.
    pub mail: MailStatus,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiry::{InquiryError, InquiryField};

    #[test]
    fn error_bodies_have_the_documented_shape() {
        let body = ApiError {
            code: ErrorCode::ValidationFailed,
            message: "the inquiry has 1 invalid field(s)".into(),
            fields: vec![FieldError {
                field: InquiryField::Consent,
                error: InquiryError::ConsentRequired,
            }],
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({
                "code": "validation_failed",
                "message": "the inquiry has 1 invalid field(s)",
                "fields": [{"field": "consent", "code": "consent_required"}]
            })
        );
        assert_eq!(ErrorCode::ValidationFailed.status(), 422);
    }
}
