//! The schedule phrase parser; see `fuzz/properties/schedule_phrase.rs` for what must hold.
#![no_main]

#[path = "../properties/schedule_phrase.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    property::check(data);
});
