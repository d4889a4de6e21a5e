//! The worker's one error type and how each error is shown to a client.
//!
//! Client mistakes carry a stable [`ErrorCode`] and a sentence; internal failures are logged
//! (without personal data) and reach the client only as `internal`.

use tsunagu_contract::api::month::MonthError;
use tsunagu_contract::api::query::QueryError;
use tsunagu_contract::json::DecodeError;
use tsunagu_contract::{ErrorCode, FacilityId, GroupId, Invalid};
use tsunagu_engine::api::group_calendar::NoSuchGroup;

/// Everything that can go wrong while handling a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The body is not JSON.
    #[error("the request body must be application/json")]
    UnsupportedMediaType,
    /// The body is over the limit.
    #[error("the request body is larger than {max} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        max: usize,
    },
    /// The body does not decode as a submission; the contract's reason names no value from it.
    #[error("the request body is not a valid inquiry: {0}")]
    InvalidJson(#[from] DecodeError),
    /// The `facility` query parameter or path segment is not an identifier. What was sent is
    /// not repeated: it can be anything, of any length.
    #[error(
        "the facility named is not a facility identifier (lowercase a-z, digits and inner hyphens)"
    )]
    InvalidFacilityParam,
    /// The `Origin` may not call this endpoint.
    #[error("this origin may not send inquiries to this facility")]
    OriginNotAllowed,
    /// No such facility.
    #[error("no facility {0} is configured")]
    UnknownFacility(FacilityId),
    /// No such group in the facility.
    #[error("facility {facility} has no group {group}")]
    UnknownGroup {
        /// The facility asked for.
        facility: FacilityId,
        /// The group asked for.
        group: GroupId,
    },
    /// The inquiry failed validation.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The `Idempotency-Key` header is malformed.
    #[error("the Idempotency-Key header must be 16 to 128 characters of A-Z a-z 0-9 - _")]
    InvalidIdempotencyKey,
    /// The idempotency key came before with another inquiry.
    #[error("this Idempotency-Key was already used with a different inquiry")]
    IdempotencyKeyReused,
    /// The honeypot was filled in or the form was sent too fast.
    #[error("the inquiry looks automated and was not accepted")]
    SpamSuspected,
    /// The Turnstile token is missing or was not accepted (details are logged, not sent).
    #[error("the Turnstile check failed; reload the form and try again")]
    TurnstileFailed,
    /// The client sent too many inquiries to this facility.
    #[error("too many inquiries; try again in {retry_after} seconds")]
    RateLimited {
        /// Seconds to wait, for the `Retry-After` header.
        retry_after: u32,
    },
    /// No such route.
    #[error("no such endpoint")]
    NotFound,
    /// The route exists for other methods.
    #[error("this endpoint accepts only {allow}")]
    MethodNotAllowed {
        /// The methods it accepts, for the `Allow` header.
        allow: &'static str,
    },
    /// The directory or facility configuration has not been loaded into KV.
    #[error("this deployment has no directory loaded")]
    NotConfigured,
    /// Stored data does not decode: a loading tool or a migration went wrong.
    #[error("stored {what} does not decode: {detail}")]
    CorruptStore {
        /// Which record.
        what: &'static str,
        /// The fault's kind and place (never the stored value).
        detail: DecodeError,
    },
    /// A record could not be written as JSON (a bug: every stored type serializes).
    #[error("{what} could not be written as JSON: {source}")]
    Encode {
        /// Which record.
        what: &'static str,
        /// serde's reason.
        source: serde_json::Error,
    },
    /// Mail could not be composed.
    #[error("mail could not be composed: {0}")]
    Mail(#[from] crate::mail::MailError),
    /// The staff API needs the facility's bearer token, and none (or a wrong one) was sent.
    #[error("send Authorization: Bearer <token> with this facility's staff token")]
    Unauthorized,
    /// The bearer token belongs to another facility.
    #[error("this token belongs to another facility")]
    Forbidden,
    /// The facility has no staff token configured.
    #[error("facility {0} has no staff API (no staff token is configured)")]
    StaffApiDisabled(FacilityId),
    /// No inquiry with that receipt number (or the path's receipt number is malformed).
    #[error("no inquiry with that receipt number")]
    UnknownInquiry,
    /// A query parameter is malformed.
    #[error("query parameter {0} is malformed")]
    InvalidQuery(&'static str),
    /// The `month` parameter is missing, malformed or outside the months served.
    #[error(transparent)]
    InvalidMonth(#[from] MonthError),
    /// A calendar path names no listed group.
    #[error(transparent)]
    NoSuchGroup(#[from] NoSuchGroup),
    /// A platform call (KV, mail binding, crypto) failed.
    #[error("platform call failed: {0}")]
    Platform(String),
}

impl From<worker::Error> for Error {
    fn from(error: worker::Error) -> Self {
        Error::Platform(error.to_string())
    }
}

impl From<worker::kv::KvError> for Error {
    fn from(error: worker::kv::KvError) -> Self {
        Error::Platform(format!("KV: {error}"))
    }
}

impl From<QueryError> for Error {
    fn from(error: QueryError) -> Self {
        match error {
            // What was sent is not kept: the answer never repeats it.
            QueryError::Facility(_) => Error::InvalidFacilityParam,
            QueryError::Malformed(parameter) => Error::InvalidQuery(parameter),
        }
    }
}

/// The worker's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code a client sees.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Error::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Error::InvalidJson(_) => ErrorCode::InvalidJson,
            Error::OriginNotAllowed => ErrorCode::OriginNotAllowed,
            Error::UnknownFacility(_) | Error::InvalidFacilityParam => ErrorCode::UnknownFacility,
            Error::UnknownGroup { .. } => ErrorCode::UnknownGroup,
            Error::Invalid(_) => ErrorCode::ValidationFailed,
            Error::InvalidIdempotencyKey => ErrorCode::InvalidIdempotencyKey,
            Error::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            Error::SpamSuspected => ErrorCode::SpamSuspected,
            Error::TurnstileFailed => ErrorCode::TurnstileFailed,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::NotFound => ErrorCode::NotFound,
            Error::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            Error::NotConfigured => ErrorCode::NotConfigured,
            Error::Unauthorized => ErrorCode::Unauthorized,
            Error::Forbidden => ErrorCode::Forbidden,
            Error::StaffApiDisabled(_) => ErrorCode::StaffApiDisabled,
            Error::UnknownInquiry => ErrorCode::UnknownInquiry,
            Error::InvalidQuery(_) => ErrorCode::InvalidQuery,
            Error::InvalidMonth(_) => ErrorCode::InvalidMonth,
            Error::NoSuchGroup(_) => ErrorCode::UnknownGroup,
            Error::CorruptStore { .. }
            | Error::Encode { .. }
            | Error::Mail(_)
            | Error::Platform(_) => ErrorCode::Internal,
        }
    }

    /// The error body for the client: internal details are replaced by a generic sentence.
    pub fn to_api(&self) -> tsunagu_contract::ApiError {
        let code = self.code();
        let message = if code == ErrorCode::Internal {
            "the worker failed; the facility has been notified in its logs".to_owned()
        } else {
            self.to_string()
        };
        let fields = match self {
            Error::Invalid(invalid) => invalid.errors.clone(),
            _ => Vec::new(),
        };
        tsunagu_contract::ApiError {
            code,
            message,
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_details_never_reach_the_client() {
        let error = Error::Platform("KV: binding INQUIRIES missing; key inquiry/v1/x".into());
        let body = error.to_api();
        assert_eq!(body.code, ErrorCode::Internal);
        assert!(!body.message.contains("inquiry/v1"), "{}", body.message);
    }

    #[test]
    fn client_errors_keep_their_sentence() {
        let body = Error::PayloadTooLarge { max: 10 }.to_api();
        assert_eq!(body.code, ErrorCode::PayloadTooLarge);
        assert!(body.message.contains("10 bytes"));
    }

    #[test]
    fn unreadable_queries_answer_their_documented_codes() {
        for (error, code, message) in [
            (
                QueryError::Facility("../x".into()),
                ErrorCode::UnknownFacility,
                "the facility named is not a facility identifier (lowercase a-z, digits and inner hyphens)",
            ),
            (
                QueryError::Malformed("limit"),
                ErrorCode::InvalidQuery,
                "query parameter limit is malformed",
            ),
        ] {
            let body = Error::from(error).to_api();
            assert_eq!((body.code, body.message.as_str()), (code, message));
        }
    }

    #[test]
    fn calendar_refusals_answer_their_codes_without_the_value() {
        let body = Error::from(MonthError::NotAMonth).to_api();
        assert_eq!(
            (body.code, body.code.status()),
            (ErrorCode::InvalidMonth, 400)
        );
        let body = Error::from(NoSuchGroup).to_api();
        assert_eq!(
            (body.code, body.code.status()),
            (ErrorCode::UnknownGroup, 404)
        );
        assert_eq!(body.message, "no group with that identifier is listed");
    }

    #[test]
    fn the_intake_refusals_answer_their_documented_statuses() {
        for (error, status) in [
            (Error::InvalidIdempotencyKey, 400),
            (Error::SpamSuspected, 400),
            (Error::TurnstileFailed, 403),
            (Error::IdempotencyKeyReused, 422),
            (Error::RateLimited { retry_after: 60 }, 429),
        ] {
            let body = error.to_api();
            assert_eq!(body.code.status(), status, "{error}");
            assert_eq!(body.message, error.to_string());
        }
    }
}
