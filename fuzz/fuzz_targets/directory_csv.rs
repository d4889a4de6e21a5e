//! The directory CSV reader; see `fuzz/properties/directory_csv.rs` for what must hold.
#![no_main]

#[path = "../properties/directory_csv.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    property::check(data);
});
