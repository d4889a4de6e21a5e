//! `Idempotency-Key` on `POST /v1/inquiries`: a retried submission gets the first answer again
//! and never becomes a second inquiry.
//!
//! The first answer is kept under [`tsunagu_engine::kv::idempotency_key`] for a day (never past
//! the inquiry's retention: [`crate::retention`]), with the fingerprint of the inquiry it
//! answered. KV is eventually consistent, so two racing requests with one key can both miss
//! that record; the receipt number is therefore derived from the facility and the key, and both
//! races write the same inquiry key instead of two inquiries.
//!
//! SHA-256 comes from the `sha2` crate rather than WebCrypto: it is synchronous, so these
//! decisions stay pure functions that run (and are tested) natively.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tsunagu_contract::api::is_idempotency_key;
use tsunagu_contract::{FacilityId, Inquiry, ReceiptId, StoredInquiry};

use crate::error::{Error, Result};

/// How long the first answer to a key is kept, in seconds: a day covers every retry the widget
/// makes (it stops when the visitor leaves the page).
pub(crate) const RECORD_TTL_SECONDS: u64 = 24 * 60 * 60;

/// A client's idempotency key, checked against [`is_idempotency_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Reads the header. Without one there is no replay protection; a malformed one is refused
    /// rather than ignored, so a client bug cannot silently turn retries into duplicates.
    pub(crate) fn from_header(header: Option<&str>) -> Result<Option<IdempotencyKey>> {
        match header {
            None => Ok(None),
            Some(key) if is_idempotency_key(key) => Ok(Some(IdempotencyKey(key.to_owned()))),
            Some(_) => Err(Error::InvalidIdempotencyKey),
        }
    }

    /// The KV key of this key's first answer at one facility. The client's key is hashed, so
    /// the KV key has a fixed length and holds nothing the client chose verbatim.
    pub(crate) fn record_key(&self, facility: &FacilityId) -> String {
        tsunagu_engine::kv::idempotency_key(facility, &sha256_hex(self.0.as_bytes()))
    }

    /// The receipt number an inquiry sent with this key gets: the first 40 bits of
    /// SHA-256(`receipt`, facility, key), so every retry (and every race) names the same one.
    pub(crate) fn receipt(&self, facility: &FacilityId) -> ReceiptId {
        let digest = Sha256::new()
            .chain_update(b"tsunagu receipt\0")
            .chain_update(facility.as_str().as_bytes())
            .chain_update(b"\0")
            .chain_update(self.0.as_bytes())
            .finalize();
        let mut bytes = [0u8; 5];
        bytes.copy_from_slice(&digest[..5]);
        ReceiptId::from_random(bytes)
    }
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What "the same body" means: the inquiry as sent. The anti-spam signals beside it are left
/// out, because a retry may honestly carry a later fill time or a fresh Turnstile token (the
/// old one is spent).
pub(crate) fn fingerprint(inquiry: &Inquiry) -> Result<String> {
    let bytes = serde_json::to_vec(inquiry).map_err(|e| Error::Platform(e.to_string()))?;
    Ok(sha256_hex(&bytes))
}

/// The first answer given to a key, as kept in KV (always a 201: only stored inquiries are
/// recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Record {
    /// [`fingerprint`] of the inquiry that was answered.
    pub(crate) inquiry_sha256: String,
    /// The receipt number it was given.
    pub(crate) receipt_id: ReceiptId,
}

/// Decides on a request whose key was seen before: `Some(receipt)` to answer with the first
/// receipt again, `None` when the key is new, an error when it came with another inquiry.
pub(crate) fn replay(record: Option<&Record>, fingerprint: &str) -> Result<Option<ReceiptId>> {
    match record {
        None => Ok(None),
        Some(record) if record.inquiry_sha256 == fingerprint => Ok(Some(record.receipt_id.clone())),
        Some(_) => Err(Error::IdempotencyKeyReused),
    }
}

/// Which receipt number a keyed inquiry is stored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The derived number is free: store under it.
    Free(ReceiptId),
    /// The same inquiry is already stored under the derived number (a racing or retried request
    /// got there first, before its answer was recorded): answer with it, store nothing.
    AlreadyStored(ReceiptId),
    /// Another inquiry holds the derived number (a key crafted to collide, or 40 bits running
    /// out): store under a random number instead and never touch that inquiry.
    Taken,
}

/// Decides on the derived receipt number given what is stored under it.
pub(crate) fn claim(
    derived: ReceiptId,
    existing: Option<&StoredInquiry>,
    inquiry: &Inquiry,
) -> Claim {
    match existing {
        None => Claim::Free(derived),
        Some(stored) if stored.receipt_id == derived && stored.inquiry == *inquiry => {
            Claim::AlreadyStored(derived)
        }
        Some(_) => Claim::Taken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inquiries::intake::tests::body;
    use tsunagu_contract::ErrorCode;

    const KEY: &str = "6f1c2a4e-9b7d-4c1e-8f3a-2d5b7c9e1f00";

    fn key(text: &str) -> IdempotencyKey {
        IdempotencyKey::from_header(Some(text)).unwrap().unwrap()
    }

    fn facility(id: &str) -> FacilityId {
        FacilityId::new(id).unwrap()
    }

    fn inquiry() -> Inquiry {
        serde_json::from_value(body()["inquiry"].clone()).unwrap()
    }

    #[test]
    fn the_header_is_optional_but_never_malformed() {
        assert_eq!(IdempotencyKey::from_header(None).unwrap(), None);
        assert!(IdempotencyKey::from_header(Some(KEY)).unwrap().is_some());
        for bad in [
            "",
            "short",
            "has space in it 123456",
            "日本語のキーは使えませんよ日本語のキー",
            &"x".repeat(129),
        ] {
            assert_eq!(
                IdempotencyKey::from_header(Some(bad)).unwrap_err().code(),
                ErrorCode::InvalidIdempotencyKey,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn sha256_matches_the_standard_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn record_keys_hash_the_client_key_per_facility() {
        let k = key(KEY);
        let at = k.record_key(&facility("hidamari"));
        assert!(at.starts_with("idem/v1/hidamari/"), "{at}");
        assert!(!at.contains(KEY));
        assert_eq!(at.len(), "idem/v1/hidamari/".len() + 64);
        assert_ne!(at, k.record_key(&facility("other")));
    }

    #[test]
    fn receipts_are_derived_from_facility_and_key() {
        let k = key(KEY);
        let r = k.receipt(&facility("hidamari"));
        assert_eq!(r, key(KEY).receipt(&facility("hidamari")));
        assert_ne!(r, k.receipt(&facility("other")));
        assert_ne!(
            r,
            key(&KEY.replace('0', "1")).receipt(&facility("hidamari"))
        );
        assert_eq!(ReceiptId::parse(r.as_str()), Ok(r));
    }

    #[test]
    fn the_fingerprint_ignores_the_anti_spam_signals_but_not_the_inquiry() {
        let a = inquiry();
        let mut b = inquiry();
        b.message.push('！');
        assert_eq!(fingerprint(&a).unwrap(), fingerprint(&inquiry()).unwrap());
        assert_ne!(fingerprint(&a).unwrap(), fingerprint(&b).unwrap());
    }

    #[test]
    fn a_seen_key_replays_its_receipt_or_refuses_another_body() {
        let receipt = ReceiptId::parse("7KQ2M9XD").unwrap();
        let record = Record {
            inquiry_sha256: "aa".into(),
            receipt_id: receipt.clone(),
        };
        assert_eq!(replay(None, "aa").unwrap(), None);
        assert_eq!(replay(Some(&record), "aa").unwrap(), Some(receipt));
        assert_eq!(
            replay(Some(&record), "bb").unwrap_err().code(),
            ErrorCode::IdempotencyKeyReused
        );
    }

    #[test]
    fn a_derived_receipt_never_overwrites_another_inquiry() {
        let derived = ReceiptId::parse("7KQ2M9XD").unwrap();
        let stored = |inquiry: Inquiry| StoredInquiry {
            receipt_id: derived.clone(),
            received_at: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
            inquiry,
            status: tsunagu_contract::InquiryStatus::Open,
            handled_at: None,
        };
        assert_eq!(
            claim(derived.clone(), None, &inquiry()),
            Claim::Free(derived.clone())
        );
        assert_eq!(
            claim(derived.clone(), Some(&stored(inquiry())), &inquiry()),
            Claim::AlreadyStored(derived.clone())
        );
        let mut other = inquiry();
        other.name = "別の人".into();
        assert_eq!(
            claim(derived.clone(), Some(&stored(other)), &inquiry()),
            Claim::Taken
        );
    }
}
