//! The directory CSV reader: any bytes must give a directory or row errors, never a panic; what
//! it accepts must write back and read again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::Lang;
use tsunagu_core::exchange::{ImportOptions, csv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for skip_bad_rows in [false, true] {
        if let Ok(imported) = csv::read(text, &ImportOptions { skip_bad_rows }) {
            let written = csv::write(&imported.directory, Lang::Ja);
            let again = csv::read(&written, &ImportOptions { skip_bad_rows: false });
            assert_eq!(again.map(|i| i.directory).ok(), Some(imported.directory));
        }
    }
});
