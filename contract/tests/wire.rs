//! The wire forms of the tagged enums read without serde's buffering (the crate's `wire`
//! module): each reads what it writes, with the tag first or last, ignores what belongs to
//! another variant and names what is missing as serde would.
// The helpers run only inside these tests, where a failed unwrap is the test failing.
#![allow(clippy::unwrap_used)]

use chrono::Weekday;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use tsunagu_contract::directory::Cost;
use tsunagu_contract::inquiry::{FieldError, InquiryError, InquiryField};
use tsunagu_contract::schedule::Repeat;

/// Writes `value`, checks the wire form, and reads it back, with the tag first and last.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: T,
    wire: Value,
) {
    assert_eq!(serde_json::to_value(&value).unwrap(), wire);
    let text = wire.to_string();
    assert_eq!(serde_json::from_str::<T>(&text).unwrap(), value, "{text}");
    let mut fields: Vec<(String, Value)> = wire.as_object().unwrap().clone().into_iter().collect();
    fields.reverse();
    let reversed = format!(
        "{{{}}}",
        fields
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        serde_json::from_str::<T>(&reversed).unwrap(),
        value,
        "{reversed}"
    );
}

fn error<T: DeserializeOwned + std::fmt::Debug>(wire: Value) -> String {
    serde_json::from_value::<T>(wire).unwrap_err().to_string()
}

#[test]
fn every_variant_reads_what_it_writes() {
    round_trip(
        Repeat::Weekly {
            weekdays: vec![Weekday::Mon, Weekday::Thu],
            interval: 2,
        },
        json!({"freq": "weekly", "weekdays": ["Mon", "Thu"], "interval": 2}),
    );
    round_trip(
        Repeat::MonthlyByWeekday {
            weekdays: vec![Weekday::Wed],
            nth: vec![2, -1],
            interval: 1,
        },
        json!({"freq": "monthly_by_weekday", "weekdays": ["Wed"], "nth": [2, -1]}),
    );
    round_trip(
        Repeat::MonthlyByDay {
            days: vec![10, -1],
            interval: 3,
        },
        json!({"freq": "monthly_by_day", "days": [10, -1], "interval": 3}),
    );
    round_trip(Cost::Free, json!({"kind": "free"}));
    round_trip(Cost::Donation, json!({"kind": "donation"}));
    round_trip(
        Cost::Fee {
            yen: 500,
            note: Some("資料代".into()),
        },
        json!({"kind": "fee", "yen": 500, "note": "資料代"}),
    );
    round_trip(
        FieldError {
            field: InquiryField::Email,
            error: InquiryError::EmailInvalid,
        },
        json!({"field": "email", "code": "email_invalid"}),
    );
    round_trip(
        FieldError {
            field: InquiryField::Name,
            error: InquiryError::TooLong { max: 50 },
        },
        json!({"field": "name", "code": "too_long", "max": 50}),
    );
    round_trip(
        InquiryError::ConsentRequired,
        json!({"code": "consent_required"}),
    );
}

#[test]
fn fields_of_other_variants_and_unknown_fields_are_ignored() {
    let read: Repeat =
        serde_json::from_value(json!({"freq": "weekly", "weekdays": ["Sun"], "days": [1], "x": 1}))
            .unwrap();
    assert_eq!(
        read,
        Repeat::Weekly {
            weekdays: vec![Weekday::Sun],
            interval: 1
        }
    );
    let read: Cost = serde_json::from_value(json!({"kind": "free", "yen": 0})).unwrap();
    assert_eq!(read, Cost::Free);
    let read: Cost =
        serde_json::from_value(json!({"kind": "fee", "yen": 300, "note": null})).unwrap();
    assert_eq!(
        read,
        Cost::Fee {
            yen: 300,
            note: None
        }
    );
}

#[test]
fn missing_and_unknown_tags_and_fields_are_named_as_serde_names_them() {
    assert_eq!(error::<Cost>(json!({"kind": "fee"})), "missing field `yen`");
    assert_eq!(error::<Cost>(json!({"yen": 1})), "missing field `kind`");
    assert!(error::<Cost>(json!({"kind": "gift"})).starts_with("unknown variant `gift`"));
    assert_eq!(
        error::<Repeat>(json!({"freq": "monthly_by_weekday", "weekdays": ["Wed"]})),
        "missing field `nth`"
    );
    assert_eq!(
        error::<FieldError>(json!({"field": "name", "code": "too_long"})),
        "missing field `max`"
    );
    assert_eq!(
        error::<FieldError>(json!({"code": "required"})),
        "missing field `field`"
    );
}
