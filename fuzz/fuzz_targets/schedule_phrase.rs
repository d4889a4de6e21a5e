//! The schedule phrase parser: any text must give a schedule or an error, never a panic; a
//! schedule it accepts and that validates must also expand and read back in words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::Lang;
use tsunagu_core::schedule::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(schedule) = parse(text)
        && schedule.validate().is_ok()
    {
        let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let _ = schedule.between(from, from + chrono::Duration::days(60));
        let words = Lang::Ja.vocabulary().schedule(&schedule);
        assert_eq!(parse(&words).as_ref(), Ok(&schedule), "{words}");
    }
});
