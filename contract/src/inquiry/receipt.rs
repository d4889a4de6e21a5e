//! Receipt numbers (受付番号): what a visitor is told after sending an inquiry, and what staff
//! look an inquiry up by.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a receipt number was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a receipt number is {len} characters of 0-9 and A-Z without I, L, O and U", len = ReceiptId::LEN)]
pub struct ReceiptIdError;

/// A receipt number (受付番号): eight characters of Crockford's base 32, e.g. `7KQ2M9XD`.
///
/// The alphabet has no I, L, O or U, so a visitor reading it out on the phone cannot confuse
/// 1 with I or 0 with O.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptId(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl ReceiptId {
    /// Length in characters.
    pub const LEN: usize = 8;

    /// Makes a receipt number from 40 bits of randomness the caller draws from a secure source.
    pub fn from_random(bytes: [u8; 5]) -> ReceiptId {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut out = [0u8; Self::LEN];
        for slot in out.iter_mut().rev() {
            *slot = CROCKFORD[(bits & 31) as usize];
            bits >>= 5;
        }
        ReceiptId(out.iter().map(|b| char::from(*b)).collect())
    }

    /// Parses a receipt number.
    pub fn parse(text: &str) -> Result<ReceiptId, ReceiptIdError> {
        if text.len() == Self::LEN && text.bytes().all(|b| CROCKFORD.contains(&b)) {
            Ok(ReceiptId(text.to_owned()))
        } else {
            Err(ReceiptIdError)
        }
    }

    /// The receipt number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ReceiptId {
    type Error = ReceiptIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ReceiptId::parse(&value)
    }
}

impl From<ReceiptId> for String {
    fn from(id: ReceiptId) -> String {
        id.0
    }
}

impl fmt::Display for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_ids_round_trip_and_reject_look_alikes() {
        let id = ReceiptId::from_random([0xde, 0xad, 0xbe, 0xef, 0x01]);
        assert_eq!(id.as_str().len(), ReceiptId::LEN);
        assert_eq!(ReceiptId::parse(id.as_str()), Ok(id.clone()));
        assert_eq!(ReceiptId::from_random([0; 5]).as_str(), "00000000");
        assert_eq!(ReceiptId::from_random([0xff; 5]).as_str(), "ZZZZZZZZ");
        for bad in [
            "",
            "0000000",
            "000000000",
            "0000000I",
            "0000000o",
            "../../..",
            "0000000-",
        ] {
            assert!(ReceiptId::parse(bad).is_err(), "{bad:?}");
        }
    }
}
