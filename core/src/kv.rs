//! The Workers KV layout: binding names and every key format, in one place.
//!
//! The worker reads and writes these keys; the loading tools write the directory and facility
//! configuration through them. Identifiers in keys are slugs or receipt numbers, so a key can
//! never be steered elsewhere by what a visitor sends.

use crate::api::ReceiptId;
use crate::directory::FacilityId;

/// KV binding holding the public directory and the facilities' private configuration.
pub const DIRECTORY_BINDING: &str = "DIRECTORY";
/// KV binding holding inquiries.
pub const INQUIRIES_BINDING: &str = "INQUIRIES";
/// `send_email` binding used to mail staff.
pub const STAFF_MAIL_BINDING: &str = "STAFF_MAIL";

/// Key of the whole public [`crate::Directory`] (JSON), in [`DIRECTORY_BINDING`].
pub const DIRECTORY_KEY: &str = "directory/v1";
/// Key of every facility's [`crate::FacilityConfig`] (a JSON array), in [`DIRECTORY_BINDING`].
///
/// One key for all of them: one read answers a CORS preflight, which must know every allowed
/// origin before it knows which facility the request is for.
pub const FACILITIES_KEY: &str = "facilities/v1";

/// Key of one stored inquiry, in [`INQUIRIES_BINDING`]: `inquiry/v1/{facility}/{receipt}`.
pub fn inquiry_key(facility: &FacilityId, receipt: &ReceiptId) -> String {
    format!("{}{receipt}", inquiry_prefix(facility))
}

/// Prefix of every inquiry key of one facility, for listing.
pub fn inquiry_prefix(facility: &FacilityId) -> String {
    format!("inquiry/v1/{facility}/")
}

/// Key of the delivery record of one inquiry's staff mail, in [`INQUIRIES_BINDING`]:
/// `mail/v1/{facility}/{receipt}`. A key of its own, so marking mail as sent never writes the
/// inquiry's key a second time (KV allows one write per second per key).
pub fn mail_record_key(facility: &FacilityId, receipt: &ReceiptId) -> String {
    format!("mail/v1/{facility}/{receipt}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inquiry_keys_nest_under_their_facility() {
        let f = FacilityId::new("hidamari").unwrap();
        let r = ReceiptId::parse("7KQ2M9XD").unwrap();
        assert_eq!(inquiry_key(&f, &r), "inquiry/v1/hidamari/7KQ2M9XD");
        assert!(inquiry_key(&f, &r).starts_with(&inquiry_prefix(&f)));
    }
}
