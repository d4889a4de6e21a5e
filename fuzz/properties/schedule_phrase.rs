//! What must hold for any schedule phrase: the parser gives a schedule or an error, never a
//! panic; a schedule it accepts and that validates also expands and reads back in words.
//! Shared by the fuzz target and `engine/tests/fuzz_seeds.rs`.

use tsunagu_contract::Lang;
use tsunagu_engine::schedule::{Expand, parse};

/// Checks one input; true when it is a valid schedule.
pub(crate) fn check(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let Ok(schedule) = parse(text) else {
        return false;
    };
    if schedule.validate().is_err() {
        return false;
    }
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let _ = schedule.between(from, from + chrono::Duration::days(60));
    let words = tsunagu_engine::schedule::words::schedule(Lang::Ja, &schedule);
    assert_eq!(parse(&words).as_ref(), Ok(&schedule), "{words}");
    true
}
