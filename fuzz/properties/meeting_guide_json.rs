//! What must hold for any Meeting Guide feed: the reader gives a directory or row errors, never
//! a panic, and what it accepts writes out again. Shared by the fuzz target and
//! `engine/tests/fuzz_seeds.rs`.

use tsunagu_contract::Category;
use tsunagu_engine::exchange::meeting_guide::{MeetingGuideOptions, read, write};

/// Checks one input, with and without skipping bad rows; true when it imports without
/// skipping any.
pub(crate) fn check(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let mut accepted = false;
    for skip_bad_rows in [false, true] {
        let options = MeetingGuideOptions {
            skip_bad_rows,
            category: Category::Alcohol,
        };
        if let Ok(imported) = read(text, &options) {
            accepted |= !skip_bad_rows;
            let _ = write(&imported.directory);
        }
    }
    accepted
}
