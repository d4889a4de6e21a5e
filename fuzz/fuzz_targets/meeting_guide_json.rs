//! The Meeting Guide feed reader; see `fuzz/properties/meeting_guide_json.rs` for what must
//! hold.
#![no_main]

#[path = "../properties/meeting_guide_json.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    property::check(data);
});
