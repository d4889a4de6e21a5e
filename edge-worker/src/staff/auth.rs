//! Who may use a facility's staff API: whoever sends `Authorization: Bearer <token>` where the
//! SHA-256 of the token is the facility's `staff_token_sha256`.
//!
//! Only the hash is stored, so a leaked configuration does not leak a token. The comparison is
//! constant-time: it always looks at all 32 bytes and folds their differences together instead
//! of stopping at the first mismatch, and `black_box` keeps the optimiser from turning the fold
//! back into an early exit. (Timing could at most reveal bytes of a hash, not of the token, but
//! there is no reason to give even that away.) The token itself is never logged or echoed.

use std::hint::black_box;

use sha2::{Digest, Sha256};
use tsunagu_contract::FacilityConfig;

use crate::error::{Error, Result};

/// Longest token read from the header; minted ones are 72 characters (`tsunagu_` and 32 random
/// bytes in hex).
const TOKEN_MAX_LEN: usize = 512;

/// Checks the `Authorization` header against `facility`'s token.
///
/// - no token configured for the facility: [`Error::StaffApiDisabled`];
/// - header missing or not `Bearer <token>`, or an unknown token: [`Error::Unauthorized`];
/// - the token of another facility: [`Error::Forbidden`].
pub(crate) fn authorize(
    authorization: Option<&str>,
    facility: &FacilityConfig,
    facilities: &[FacilityConfig],
) -> Result<()> {
    let expected = facility
        .staff_token_sha256
        .as_deref()
        .ok_or_else(|| Error::StaffApiDisabled(facility.id.clone()))?;
    let token = authorization
        .and_then(bearer_token)
        .ok_or(Error::Unauthorized)?;
    let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    if matches_hash(&presented, expected) {
        return Ok(());
    }
    let elsewhere = facilities.iter().any(|other| {
        other.id != facility.id
            && other
                .staff_token_sha256
                .as_deref()
                .is_some_and(|hash| matches_hash(&presented, hash))
    });
    Err(if elsewhere {
        Error::Forbidden
    } else {
        Error::Unauthorized
    })
}

/// The token of `Bearer <token>` (scheme case-insensitive, RFC 6750's token characters).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim_start();
    let token_char =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/');
    let valid = scheme.eq_ignore_ascii_case("bearer")
        && !token.is_empty()
        && token.len() <= TOKEN_MAX_LEN
        && token.trim_end_matches('=').bytes().all(token_char);
    valid.then_some(token)
}

/// Whether `digest` equals the lower-case hex `hash`, in time independent of where they differ.
fn matches_hash(digest: &[u8; 32], hash: &str) -> bool {
    let Some(stored) = decode_hex(hash) else {
        return false;
    };
    let difference = digest
        .iter()
        .zip(stored.iter())
        .fold(0u8, |acc, (a, b)| black_box(acc | (a ^ b)));
    black_box(difference) == 0
}

fn decode_hex(hash: &str) -> Option<[u8; 32]> {
    let bytes = hash.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiries::intake::tests::facilities;
    use tsunagu_contract::ErrorCode;

    /// SHA-256 of `demo-hidamari-staff-token`, as in demo/data/facilities.json.
    const DEMO_HASH: &str = "5af0a66c077f62bd47d2423ae2c4fb17cd52a19aec5c5eb5be3807d5cb2250a2";

    fn configured() -> Vec<FacilityConfig> {
        let mut all = facilities();
        all[0].staff_token_sha256 = Some(DEMO_HASH.into());
        all[1].staff_token_sha256 = Some(format!(
            "{:x}",
            Sha256::digest(b"other-facility-token-0123456789")
        ));
        all
    }

    fn code(header: Option<&str>, which: usize) -> Option<ErrorCode> {
        let all = configured();
        authorize(header, &all[which], &all).err().map(|e| e.code())
    }

    #[test]
    fn the_facilitys_own_token_passes() {
        assert_eq!(code(Some("Bearer demo-hidamari-staff-token"), 0), None);
        assert_eq!(code(Some("bearer  demo-hidamari-staff-token "), 0), None);
        assert_eq!(
            code(Some("Bearer other-facility-token-0123456789"), 1),
            None
        );
    }

    #[test]
    fn missing_malformed_and_wrong_tokens_are_unauthorized() {
        for header in [
            None,
            Some(""),
            Some("Bearer"),
            Some("Bearer "),
            Some("Basic ZGVtbzp4"),
            Some("demo-hidamari-staff-token"),
            Some("Bearer demo-hidamari-staff-token\r\nX: y"),
            Some("Bearer demo-hidamari-staff-tokeN"),
            Some("Bearer 5af0a66c077f62bd47d2423ae2c4fb17cd52a19aec5c5eb5be3807d5cb2250a2"),
        ] {
            assert_eq!(code(header, 0), Some(ErrorCode::Unauthorized), "{header:?}");
        }
    }

    #[test]
    fn another_facilitys_token_is_forbidden() {
        assert_eq!(
            code(Some("Bearer other-facility-token-0123456789"), 0),
            Some(ErrorCode::Forbidden)
        );
        assert_eq!(
            code(Some("Bearer demo-hidamari-staff-token"), 1),
            Some(ErrorCode::Forbidden)
        );
    }

    #[test]
    fn no_configured_token_disables_the_api() {
        let all = facilities();
        let error = authorize(Some("Bearer demo-hidamari-staff-token"), &all[0], &all);
        assert_eq!(error.unwrap_err().code(), ErrorCode::StaffApiDisabled);
    }

    #[test]
    fn hashes_compare_by_value_only() {
        let digest: [u8; 32] = Sha256::digest(b"demo-hidamari-staff-token").into();
        assert!(matches_hash(&digest, DEMO_HASH));
        assert!(!matches_hash(&digest, &DEMO_HASH.to_uppercase()));
        assert!(!matches_hash(&digest, &DEMO_HASH[..62]));
        let mut last = DEMO_HASH.to_owned();
        last.replace_range(63.., "3");
        assert!(!matches_hash(&digest, &last));
    }
}
