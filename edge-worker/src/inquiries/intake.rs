//! The pure decision about one submitted inquiry: accepted (with everything needed to store and
//! mail it) or rejected with the error the visitor's browser gets. No platform calls here, so
//! every rule is unit-tested natively.

use chrono::{DateTime, Utc};
use tsunagu_core::api::INQUIRY_MAX_BYTES;
use tsunagu_core::{Directory, Facility, FacilityConfig, Group, Inquiry, ReceiptId, StoredInquiry};

use crate::error::{Error, Result};

/// What arrived over HTTP.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Submission<'a> {
    /// The `Origin` header, if any.
    pub(crate) origin: Option<&'a str>,
    /// The raw body.
    pub(crate) body: &'a [u8],
}

/// An inquiry that passed every check, with what mailing it needs.
#[derive(Debug, Clone)]
pub(crate) struct Accepted {
    /// The record to store.
    pub(crate) stored: StoredInquiry,
    /// The facility's private settings.
    pub(crate) config: FacilityConfig,
    /// The facility's public entry.
    pub(crate) facility: Facility,
    /// The group asked about.
    pub(crate) group: Group,
}

/// Rejects a request by its headers alone, before the body is read.
pub(crate) fn check_envelope(
    content_type: Option<&str>,
    content_length: Option<&str>,
) -> Result<()> {
    let is_json = content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Error::UnsupportedMediaType);
    }
    let declared = content_length.and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > INQUIRY_MAX_BYTES) {
        return Err(Error::PayloadTooLarge {
            max: INQUIRY_MAX_BYTES,
        });
    }
    Ok(())
}

/// Decides on a submission.
pub(crate) fn accept(
    submission: Submission<'_>,
    directory: &Directory,
    facilities: &[FacilityConfig],
    now: DateTime<Utc>,
    receipt_id: ReceiptId,
) -> Result<Accepted> {
    // The origin is checked before the body is even parsed: a foreign page learns nothing.
    let origin = submission.origin.ok_or(Error::OriginNotAllowed)?;
    if !facilities.iter().any(|f| f.allows_origin(origin)) {
        return Err(Error::OriginNotAllowed);
    }
    if submission.body.len() > INQUIRY_MAX_BYTES {
        return Err(Error::PayloadTooLarge {
            max: INQUIRY_MAX_BYTES,
        });
    }
    let submitted: tsunagu_core::Submission =
        serde_json::from_slice(submission.body).map_err(|e| Error::InvalidJson(e.to_string()))?;
    let inquiry: Inquiry = submitted.inquiry;
    let config = facilities
        .iter()
        .find(|f| f.id == inquiry.facility)
        .ok_or_else(|| Error::UnknownFacility(inquiry.facility.clone()))?;
    if !config.allows_origin(origin) {
        return Err(Error::OriginNotAllowed);
    }
    let facility = directory
        .facility(&inquiry.facility)
        .ok_or_else(|| Error::UnknownFacility(inquiry.facility.clone()))?;
    let group = directory
        .group(&inquiry.group)
        .filter(|g| g.facility == inquiry.facility)
        .ok_or_else(|| Error::UnknownGroup {
            facility: inquiry.facility.clone(),
            group: inquiry.group.clone(),
        })?;
    let inquiry = inquiry.validated(&config.form)?;
    Ok(Accepted {
        stored: StoredInquiry {
            receipt_id,
            received_at: now,
            inquiry,
            status: tsunagu_core::InquiryStatus::Open,
            handled_at: None,
        },
        config: config.clone(),
        facility: facility.clone(),
        group: group.clone(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tsunagu_core::{ErrorCode, InquiryField, Lang};

    pub(crate) const ORIGIN: &str = "https://hidamari.example.jp";

    pub(crate) fn directory() -> Directory {
        serde_json::from_value(serde_json::json!({
            "facilities": [
                {"id": "hidamari", "name": "ひだまり登戸"},
                {"id": "other", "name": "別の施設"}
            ],
            "groups": [
                {"id": "walk", "facility": "hidamari", "name": "ウォーキング",
                 "categories": ["employment_transition"], "format": "online",
                 "schedule": {"rules": [{"repeat": {"freq": "weekly", "weekdays": ["Wed"]},
                                         "start": "10:00", "end": "11:30"}]}},
                {"id": "elsewhere", "facility": "other", "name": "別のグループ",
                 "categories": ["family"], "format": "online"}
            ]
        }))
        .unwrap()
    }

    pub(crate) fn facilities() -> Vec<FacilityConfig> {
        let config = |id: &str, origin: &str| FacilityConfig {
            id: tsunagu_core::FacilityId::new(id).unwrap(),
            staff_emails: vec![
                format!("staff@{id}.example.jp"),
                format!("boss@{id}.example.jp"),
            ],
            sender: format!("tsunagu@{id}.example.jp"),
            allowed_origins: vec![origin.into()],
            mail_lang: Lang::Ja,
            group_staff: Default::default(),
            form: tsunagu_core::FormSettings {
                kinds: tsunagu_core::InquiryKind::ALL.to_vec(),
                anonymous_allowed: false,
                privacy_policy_url: format!("https://{id}.example.jp/privacy"),
                consent_text: "回答のためだけに使います。".into(),
                consent_version: "2026-04".into(),
                reply_promise: "3営業日以内にご連絡します".into(),
                turnstile_site_key: None,
            },
            retention_days: 30,
            mail_content: Default::default(),
            staff_link: None,
            auto_reply: false,
            mail_provider: Default::default(),
            staff_token_sha256: None,
        };
        vec![
            config("hidamari", ORIGIN),
            config("other", "https://other.example.jp"),
        ]
    }

    pub(crate) fn body() -> serde_json::Value {
        serde_json::json!({"inquiry": {
            "facility": "hidamari", "group": "walk", "kind": "visit",
            "name": "さくら", "email": "sakura@example.jp",
            "message": "見学できますか？", "consent": true, "consent_version": "2026-04"
        }, "fill_ms": 12000})
    }

    pub(crate) fn submit(origin: Option<&str>, body: &serde_json::Value) -> Result<Accepted> {
        let bytes = serde_json::to_vec(body).unwrap();
        accept(
            Submission {
                origin,
                body: &bytes,
            },
            &directory(),
            &facilities(),
            DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
            ReceiptId::parse("7KQ2M9XD").unwrap(),
        )
    }

    fn code(result: Result<Accepted>) -> ErrorCode {
        result.unwrap_err().code()
    }

    #[test]
    fn a_good_inquiry_is_accepted_with_its_facility_and_group() {
        let accepted = submit(Some(ORIGIN), &body()).unwrap();
        assert_eq!(accepted.group.name, "ウォーキング");
        assert_eq!(accepted.stored.receipt_id.as_str(), "7KQ2M9XD");
        assert_eq!(accepted.config.staff_emails.len(), 2);
    }

    #[test]
    fn origins_are_checked_per_facility() {
        assert_eq!(code(submit(None, &body())), ErrorCode::OriginNotAllowed);
        assert_eq!(
            code(submit(Some("https://evil.example"), &body())),
            ErrorCode::OriginNotAllowed
        );
        // Allowed for another facility is not allowed for this one.
        assert_eq!(
            code(submit(Some("https://other.example.jp"), &body())),
            ErrorCode::OriginNotAllowed
        );
    }

    #[test]
    fn unknown_facility_and_foreign_group_are_404s() {
        let mut b = body();
        b["inquiry"]["facility"] = "nowhere".into();
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::UnknownFacility);
        let mut b = body();
        b["inquiry"]["group"] = "elsewhere".into();
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::UnknownGroup);
    }

    #[test]
    fn malformed_bodies_are_invalid_json() {
        for bad in [
            serde_json::json!([]),
            serde_json::json!({"facility": "hidamari"}),
            serde_json::json!({"inquiry": {"facility": "../../x", "group": "walk", "kind": "visit",
                "name": "a", "email": "a@b.jp", "message": "m", "consent": true}}),
            serde_json::json!({"inquiry": {"facility": "hidamari", "group": "walk", "kind": "spam",
                "name": "a", "email": "a@b.jp", "message": "m", "consent": true}}),
            serde_json::json!({"inquiry": {"facility": "hidamari", "group": "walk", "kind": "visit",
                "name": "a", "email": "a@b.jp", "message": "m", "consent": "yes"}}),
        ] {
            assert_eq!(
                code(submit(Some(ORIGIN), &bad)),
                ErrorCode::InvalidJson,
                "{bad}"
            );
        }
    }

    #[test]
    fn validation_errors_name_their_fields() {
        let mut b = body();
        b["inquiry"]["consent"] = false.into();
        b["inquiry"]["email"] = "sakura@".into();
        match submit(Some(ORIGIN), &b) {
            Err(Error::Invalid(invalid)) => {
                assert!(invalid.for_field(InquiryField::Consent).is_some());
                assert!(invalid.for_field(InquiryField::Email).is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn envelope_checks_type_and_declared_size() {
        assert!(check_envelope(Some("application/json; charset=utf-8"), Some("10")).is_ok());
        assert!(check_envelope(Some("Application/JSON"), None).is_ok());
        for ct in [
            None,
            Some("text/plain"),
            Some("application/jsonx"),
            Some("multipart/form-data"),
        ] {
            assert_eq!(
                check_envelope(ct, None).unwrap_err().code(),
                ErrorCode::UnsupportedMediaType
            );
        }
        let too_big = (INQUIRY_MAX_BYTES + 1).to_string();
        assert_eq!(
            check_envelope(Some("application/json"), Some(&too_big))
                .unwrap_err()
                .code(),
            ErrorCode::PayloadTooLarge
        );
    }

    #[test]
    fn oversize_bodies_without_a_declared_length_are_refused() {
        let mut b = body();
        b["inquiry"]["message"] = "あ".repeat(INQUIRY_MAX_BYTES).into();
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::PayloadTooLarge);
    }
}
