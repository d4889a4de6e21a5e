//! The inquiry body the worker decodes and validates; see `fuzz/properties/inquiry_json.rs`
//! for what must hold.
#![no_main]

#[path = "../properties/inquiry_json.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    property::check(data);
});
