//! What the worker takes from its platform: the clock, secure randomness and its variables.

use chrono::{DateTime, Utc};
use wasm_bindgen::JsCast;

use crate::error::{Error, Result};

/// The current time, from the platform clock (`Date.now()`).
pub(crate) fn now() -> DateTime<Utc> {
    let millis = worker::Date::now().as_millis();
    i64::try_from(millis)
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or_default()
}

/// Bytes from the platform's CSPRNG (`crypto.getRandomValues`).
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .map_err(|_| Error::Platform("globalThis.crypto is missing".into()))?
        .unchecked_into::<web_sys::Crypto>();
    let mut bytes = [0u8; N];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| Error::Platform("crypto.getRandomValues failed".into()))?;
    Ok(bytes)
}

/// A worker variable holding a whole number of at least 0; `None` when unset or not a number.
pub(crate) fn var_u64(env: &worker::Env, name: &str) -> Option<u64> {
    env.var(name)
        .ok()
        .and_then(|v| v.to_string().trim().parse().ok())
}
