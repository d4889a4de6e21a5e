//! The Meeting Guide feed reader: any bytes must give a directory or row errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_core::Category;
use tsunagu_core::exchange::meeting_guide::{MeetingGuideOptions, read, write};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for skip_bad_rows in [false, true] {
        let options = MeetingGuideOptions {
            skip_bad_rows,
            category: Category::Alcohol,
        };
        if let Ok(imported) = read(text, &options) {
            let _ = write(&imported.directory);
        }
    }
});
