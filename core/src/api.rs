//! The wire shapes of the worker's HTTP API: paths, error bodies with stable codes, receipts.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::inquiry::FieldError;

/// Path of the directory endpoint (`GET`, optional `?facility=ID`).
pub const GROUPS_PATH: &str = "/v1/groups";
/// Path of the inquiry endpoint (`POST`, JSON body [`crate::Inquiry`]).
pub const INQUIRIES_PATH: &str = "/v1/inquiries";
/// Largest inquiry body the worker reads, in bytes.
pub const INQUIRY_MAX_BYTES: usize = 32 * 1024;

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
    /// Something failed inside the worker; details are in its log, not here.
    Internal,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidJson => 400,
            ErrorCode::OriginNotAllowed => 403,
            ErrorCode::UnknownFacility | ErrorCode::UnknownGroup | ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ValidationFailed => 422,
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

/// Why a receipt number was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a receipt number is {len} characters of 0-9 and A-Z without I, L, O and U", len = ReceiptId::LEN)]
pub struct ReceiptIdError;

/// A receipt number (受付番号): eight characters of Crockford's base 32, e.g. `7KQ2M9XD`.
///
/// The alphabet has no I, L, O or U, so a visitor reading it out on the phone cannot confuse
/// 1 with I or 0 with O.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptId(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl ReceiptId {
    /// Length in characters.
    pub const LEN: usize = 8;

    /// Makes a receipt number from 40 bits of randomness the caller draws from a secure source.
    pub fn from_random(bytes: [u8; 5]) -> ReceiptId {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut out = [0u8; Self::LEN];
        for slot in out.iter_mut().rev() {
            *slot = CROCKFORD[(bits & 31) as usize];
            bits >>= 5;
        }
        ReceiptId(out.iter().map(|b| char::from(*b)).collect())
    }

    /// Parses a receipt number.
    pub fn parse(text: &str) -> Result<ReceiptId, ReceiptIdError> {
        if text.len() == Self::LEN && text.bytes().all(|b| CROCKFORD.contains(&b)) {
            Ok(ReceiptId(text.to_owned()))
        } else {
            Err(ReceiptIdError)
        }
    }

    /// The receipt number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ReceiptId {
    type Error = ReceiptIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ReceiptId::parse(&value)
    }
}

impl From<ReceiptId> for String {
    fn from(id: ReceiptId) -> String {
        id.0
    }
}

impl fmt::Display for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiry::{InquiryError, InquiryField};

    #[test]
    fn receipt_ids_round_trip_and_reject_look_alikes() {
        let id = ReceiptId::from_random([0xde, 0xad, 0xbe, 0xef, 0x01]);
        assert_eq!(id.as_str().len(), ReceiptId::LEN);
        assert_eq!(ReceiptId::parse(id.as_str()), Ok(id.clone()));
        assert_eq!(ReceiptId::from_random([0; 5]).as_str(), "00000000");
        assert_eq!(ReceiptId::from_random([0xff; 5]).as_str(), "ZZZZZZZZ");
        for bad in [
            "",
            "0000000",
            "000000000",
            "0000000I",
            "0000000o",
            "../../..",
            "0000000-",
        ] {
            assert!(ReceiptId::parse(bad).is_err(), "{bad:?}");
        }
    }

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
