//! The codes links and the CSV write for the closed vocabularies are the ones the directory's
//! JSON has.

use serde::Serialize;
use tsunagu_contract::code::code;
use tsunagu_contract::directory::{Audience, Category, Format, ParticipationOption};
use tsunagu_contract::schedule::TimeOfDay;

fn json<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()?
        .as_str()
        .map(str::to_owned)
}

#[test]
fn every_code_is_the_one_json_writes() {
    fn check<T: Serialize>(all: &[T]) {
        for value in all {
            assert_eq!(code(value).map(str::to_owned), json(value));
        }
    }
    check(&Category::ALL);
    check(&Audience::ALL);
    check(&Format::ALL);
    check(&ParticipationOption::ALL);
    check(&TimeOfDay::ALL);
    assert_eq!(code(&Category::EatingDisorder), Some("eating_disorder"));
}

#[test]
fn anything_but_a_unit_variant_has_no_code() {
    assert_eq!(code(&"alcohol"), None);
    assert_eq!(code(&3u8), None);
    assert_eq!(code(&Some(Format::Online)), None);
    assert_eq!(code(&vec![Format::Online]), None);
}
