//! The query strings the worker and the widget read; see `fuzz/properties/query_string.rs` for
//! what must hold.
#![no_main]

#[path = "../properties/query_string.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    property::check(data);
});
