//! What must hold for any directory CSV: the reader gives a directory or row errors, never a
//! panic; what it accepts writes back and reads again unchanged, and indexes and exports to
//! iCalendar without a panic (imported dates reach the schedule arithmetic). Shared by the
//! fuzz target and `engine/tests/fuzz_seeds.rs`.

use tsunagu_contract::Lang;
use tsunagu_contract::schedule;
use tsunagu_engine::exchange::{ImportOptions, csv};
use tsunagu_engine::feed;
use tsunagu_engine::ics::{self, IcsOptions};

/// Checks one input, with and without skipping bad rows; true when either imports.
pub(crate) fn check(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let mut accepted = false;
    for skip_bad_rows in [false, true] {
        let Ok(imported) = csv::read(text, &ImportOptions { skip_bad_rows }) else {
            continue;
        };
        accepted = true;
        let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        let _ = feed::index(&imported.directory, now).all().len();
        let options = IcsOptions {
            stamp: now,
            from: schedule::tokyo(now).date(),
        };
        let _ = ics::directory_calendar(&imported.directory, "fuzz", &options);
        let written = csv::write(&imported.directory, Lang::Ja);
        let again = csv::read(
            &written,
            &ImportOptions {
                skip_bad_rows: false,
            },
        );
        assert_eq!(again.map(|i| i.directory).ok(), Some(imported.directory));
    }
    accepted
}
