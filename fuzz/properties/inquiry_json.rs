//! What must hold for any inquiry body the worker receives (`POST /v1/inquiries` decodes it
//! with [`Submission::from_json`] and validates its inquiry against the facility's form):
//! decoding gives a submission or an error placed inside the body, never a panic; what decodes
//! writes back and decodes to the same; validation against each of the demo facilities' forms
//! gives an inquiry or every problem in form order, and an inquiry it accepts is normalised for
//! good (validating it again changes nothing) and survives the JSON it is stored as. Shared by
//! the fuzz target and `engine/tests/fuzz_seeds.rs`.

use std::sync::LazyLock;

use tsunagu_contract::json::{DecodeError, MAX_JSON_DEPTH};
use tsunagu_contract::{
    ApiError, ErrorCode, FacilityConfig, FormSettings, InquiryField, Submission,
};

/// Every distinct form of the demo facilities: with and without anonymity, all kinds or some.
static FORMS: LazyLock<Vec<FormSettings>> = LazyLock::new(|| {
    let configs: Vec<FacilityConfig> =
        serde_json::from_str(include_str!("../../demo/data/facilities.json"))
            .expect("the demo facilities decode");
    let mut forms: Vec<FormSettings> = Vec::new();
    for config in configs {
        if !forms.contains(&config.form) {
            forms.push(config.form);
        }
    }
    forms
});

/// Checks one body; true when some demo form accepts its inquiry.
pub(crate) fn check(data: &[u8]) -> bool {
    let submission = match Submission::from_json(data) {
        Ok(submission) => submission,
        Err(DecodeError::TooDeep { max }) => {
            assert_eq!(max, MAX_JSON_DEPTH);
            return false;
        }
        Err(DecodeError::Malformed { line, column, .. }) => {
            assert!(line >= 1 && column <= data.len(), "{line}:{column}");
            return false;
        }
    };
    assert_eq!(round_trip(&submission), submission);
    let rank = |field: InquiryField| InquiryField::ALL.iter().position(|f| *f == field);
    let mut accepted = false;
    for form in FORMS.iter() {
        match submission.inquiry.clone().validated(form) {
            Ok(inquiry) => {
                accepted = true;
                assert_eq!(inquiry.clone().validated(form).as_ref(), Ok(&inquiry));
                assert_eq!(round_trip(&inquiry), inquiry);
            }
            Err(invalid) => {
                assert!(!invalid.errors.is_empty());
                let in_form_order = invalid
                    .errors
                    .windows(2)
                    .all(|pair| rank(pair[0].field) < rank(pair[1].field));
                assert!(in_form_order, "{invalid:?}");
                // The error body the widget reads the problems from.
                let body = ApiError {
                    code: ErrorCode::ValidationFailed,
                    message: invalid.to_string(),
                    fields: invalid.errors,
                };
                assert_eq!(round_trip(&body), body);
            }
        }
    }
    accepted
}

/// The value written as JSON and read back.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    let json = serde_json::to_vec(value).expect("it serialises");
    serde_json::from_slice(&json).expect("what was written reads back")
}
