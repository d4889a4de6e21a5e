//! The directory CSV reader: any bytes must give a directory or row errors, never a panic; what
//! it accepts must write back and read again unchanged, and index and export to iCalendar
//! without a panic (imported dates reach the schedule arithmetic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::Lang;
use tsunagu_core::exchange::{ImportOptions, csv};
use tsunagu_core::filter::DirectoryIndex;
use tsunagu_core::ics::{self, IcsOptions};
use tsunagu_core::schedule;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for skip_bad_rows in [false, true] {
        if let Ok(imported) = csv::read(text, &ImportOptions { skip_bad_rows }) {
            let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
            let _ = DirectoryIndex::new(imported.directory.clone(), now).all().len();
            let options = IcsOptions {
                stamp: now,
                from: schedule::tokyo(now).date(),
            };
            let _ = ics::directory_calendar(&imported.directory, "fuzz", &options);
            let written = csv::write(&imported.directory, Lang::Ja);
            let again = csv::read(&written, &ImportOptions { skip_bad_rows: false });
            assert_eq!(again.map(|i| i.directory).ok(), Some(imported.directory));
        }
    }
});
