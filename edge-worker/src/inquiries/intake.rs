//! The pure decisions about one submitted inquiry, in the order the handler asks them:
//! [`check_envelope`] (headers), [`parse`] (origin, JSON, facility, group, idempotency key),
//! [`screen`] (honeypot and fill time, validation, preferred meetings), then [`accept`]. Each
//! rejection is the error the visitor's browser gets, and nothing is stored before all of them
//! (and the platform checks in [`super::guard`]) have passed. No platform calls here, so every
//! rule is unit-tested natively.

use chrono::{DateTime, Days, Utc};
use tsunagu_contract::api::{INQUIRY_MAX_BYTES, MIN_FILL_MS};
use tsunagu_contract::inquiry::PREFERRED_HORIZON_DAYS;
use tsunagu_contract::schedule::tokyo;
use tsunagu_contract::{
    Directory, Facility, FacilityConfig, FieldError, Group, Inquiry, InquiryError, InquiryField,
    Invalid, PreferredSlot, ReceiptId, StoredInquiry, Submission,
};
use tsunagu_engine::schedule::Expand;

use super::idempotency::IdempotencyKey;
use crate::error::{Error, Result};

/// What arrived over HTTP.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrival<'a> {
    /// The `Origin` header, if any.
    pub(crate) origin: Option<&'a str>,
    /// The `Idempotency-Key` header, if any.
    pub(crate) idempotency_key: Option<&'a str>,
    /// The raw body.
    pub(crate) body: &'a [u8],
}

/// A submission addressed to a known facility and group, from an origin the facility allows.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    /// What the widget posted.
    pub(crate) submission: Submission,
    /// The facility's private settings.
    pub(crate) config: FacilityConfig,
    /// The facility's public entry.
    pub(crate) facility: Facility,
    /// The group asked about.
    pub(crate) group: Group,
    /// The client's idempotency key, when it sent one.
    pub(crate) key: Option<IdempotencyKey>,
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

/// Reads the body and finds whom it is for.
pub(crate) fn parse(
    arrival: Arrival<'_>,
    directory: &Directory,
    facilities: &[FacilityConfig],
) -> Result<Parsed> {
    // The origin is checked before the body is even parsed: a foreign page learns nothing.
    let origin = arrival.origin.ok_or(Error::OriginNotAllowed)?;
    if !facilities.iter().any(|f| f.allows_origin(origin)) {
        return Err(Error::OriginNotAllowed);
    }
    if arrival.body.len() > INQUIRY_MAX_BYTES {
        return Err(Error::PayloadTooLarge {
            max: INQUIRY_MAX_BYTES,
        });
    }
    let submission = Submission::from_json(arrival.body)?;
    let inquiry = &submission.inquiry;
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
    let key = IdempotencyKey::from_header(arrival.idempotency_key)?;
    Ok(Parsed {
        config: config.clone(),
        facility: facility.clone(),
        group: group.clone(),
        key,
        submission,
    })
}

/// Decides whether a person sent the inquiry and whether it is complete: the anti-spam signals
/// first (a robot learns nothing about the fields), then the contract's validation together with
/// the check that every preferred meeting is one of the group's coming meetings. Returns the
/// normalised inquiry.
pub(crate) fn screen(parsed: &Parsed, now: DateTime<Utc>) -> Result<Inquiry> {
    let submission = &parsed.submission;
    if !submission.website.trim().is_empty() || submission.fill_ms < MIN_FILL_MS {
        return Err(Error::SpamSuspected);
    }
    let inquiry = submission.inquiry.clone();
    let meetings = if inquiry.kind.takes_dates() {
        check_meetings(&parsed.group, &inquiry.preferred, now)
    } else {
        Ok(()) // validation drops the dates of other kinds
    };
    match (inquiry.validated(&parsed.config.form), meetings) {
        (Ok(inquiry), Ok(())) => Ok(inquiry),
        (result, Err(error)) => {
            let mut invalid = result.err().unwrap_or(Invalid { errors: Vec::new() });
            add_in_form_order(&mut invalid, InquiryField::Preferred, error);
            Err(Error::Invalid(invalid))
        }
        (Err(invalid), Ok(())) => Err(Error::Invalid(invalid)),
    }
}

/// Every preferred slot must be a meeting of the group that is not over, at most
/// [`PREFERRED_HORIZON_DAYS`] ahead, by the Tokyo calendar the schedule is written in.
fn check_meetings(
    group: &Group,
    preferred: &[PreferredSlot],
    now: DateTime<Utc>,
) -> Result<(), InquiryError> {
    if preferred.is_empty() {
        return Ok(());
    }
    let local = tokyo(now);
    let today = local.date();
    let horizon = u64::try_from(PREFERRED_HORIZON_DAYS).unwrap_or(0);
    let last = today.checked_add_days(Days::new(horizon)).unwrap_or(today);
    let coming: Vec<_> = group
        .schedule
        .between(today, last)
        .into_iter()
        .filter(|o| o.not_over_at(local))
        .collect();
    let is_meeting = |slot: &PreferredSlot| {
        coming
            .iter()
            .any(|o| o.date == slot.date && o.start == slot.start)
    };
    if preferred.iter().all(is_meeting) {
        Ok(())
    } else {
        Err(InquiryError::NotAMeeting)
    }
}

/// Adds a field's problem where the form shows it, unless the field already has one (the
/// contract's own check of the same field comes first).
fn add_in_form_order(invalid: &mut Invalid, field: InquiryField, error: InquiryError) {
    if invalid.for_field(field).is_some() {
        return;
    }
    let rank = |f: InquiryField| InquiryField::ALL.iter().position(|a| *a == f);
    let at = invalid
        .errors
        .iter()
        .position(|e| rank(e.field) > rank(field))
        .unwrap_or(invalid.errors.len());
    invalid.errors.insert(at, FieldError { field, error });
}

/// Builds the record to store once every check has passed.
pub(crate) fn accept(
    parsed: Parsed,
    inquiry: Inquiry,
    receipt_id: ReceiptId,
    now: DateTime<Utc>,
) -> Accepted {
    Accepted {
        stored: StoredInquiry {
            receipt_id,
            received_at: now,
            inquiry,
            status: tsunagu_contract::InquiryStatus::Open,
            handled_at: None,
        },
        config: parsed.config,
        facility: parsed.facility,
        group: parsed.group,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tsunagu_contract::{ErrorCode, InquiryKind, Lang};

    pub(crate) const ORIGIN: &str = "https://hidamari.example.jp";
    /// 2026-11-18 (a Wednesday) 20:06:40 in Tokyo: that morning's walk is over.
    pub(crate) const NOW: i64 = 1_795_000_000;

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
            id: tsunagu_contract::FacilityId::new(id).unwrap(),
            staff_emails: vec![
                format!("staff@{id}.example.jp"),
                format!("boss@{id}.example.jp"),
            ],
            sender: format!("tsunagu@{id}.example.jp"),
            allowed_origins: vec![origin.into()],
            mail_lang: Lang::Ja,
            group_staff: Default::default(),
            form: tsunagu_contract::FormSettings {
                kinds: InquiryKind::ALL.to_vec(),
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

    /// A submission as the widget posts it.
    pub(crate) fn body() -> serde_json::Value {
        serde_json::json!({"inquiry": {
            "facility": "hidamari", "group": "walk", "kind": "visit",
            "name": "さくら", "email": "sakura@example.jp",
            "message": "見学できますか？", "consent": true, "consent_version": "2026-04"
        }, "website": "", "fill_ms": 12000})
    }

    fn run(
        facilities: &[FacilityConfig],
        arrival: Arrival<'_>,
        now: DateTime<Utc>,
    ) -> Result<Accepted> {
        let parsed = parse(arrival, &directory(), facilities)?;
        let inquiry = screen(&parsed, now)?;
        Ok(accept(
            parsed,
            inquiry,
            ReceiptId::parse("7KQ2M9XD").unwrap(),
            now,
        ))
    }

    fn at(now: i64, body: &serde_json::Value) -> Result<Accepted> {
        let bytes = serde_json::to_vec(body).unwrap();
        let arrival = Arrival {
            origin: Some(ORIGIN),
            idempotency_key: None,
            body: &bytes,
        };
        run(
            &facilities(),
            arrival,
            DateTime::from_timestamp(now, 0).unwrap(),
        )
    }

    /// Runs every pure check on a body, at [`NOW`], without an idempotency key.
    pub(crate) fn submit(origin: Option<&str>, body: &serde_json::Value) -> Result<Accepted> {
        let bytes = serde_json::to_vec(body).unwrap();
        let arrival = Arrival {
            origin,
            idempotency_key: None,
            body: &bytes,
        };
        run(
            &facilities(),
            arrival,
            DateTime::from_timestamp(NOW, 0).unwrap(),
        )
    }

    fn code(result: Result<Accepted>) -> ErrorCode {
        result.unwrap_err().code()
    }

    fn invalid(result: Result<Accepted>) -> Invalid {
        match result {
            Err(Error::Invalid(invalid)) => invalid,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_good_inquiry_is_accepted_with_its_facility_and_group() {
        let accepted = submit(Some(ORIGIN), &body()).unwrap();
        assert_eq!(accepted.group.name, "ウォーキング");
        assert_eq!(accepted.stored.receipt_id.as_str(), "7KQ2M9XD");
        assert_eq!(accepted.config.staff_emails.len(), 2);
        assert_eq!(accepted.stored.inquiry.name, "さくら");
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
        let inquiry = |patch: serde_json::Value| {
            let mut b = body();
            for (k, v) in patch.as_object().unwrap() {
                b["inquiry"][k] = v.clone();
            }
            b
        };
        for bad in [
            serde_json::json!([]),
            serde_json::json!({"inquiry": {"facility": "hidamari"}}),
            // The shape before issue 5: the inquiry itself, not wrapped in a submission.
            body()["inquiry"].clone(),
            inquiry(serde_json::json!({"facility": "../../x"})),
            inquiry(serde_json::json!({"kind": "spam"})),
            inquiry(serde_json::json!({"consent": "yes"})),
            inquiry(serde_json::json!({"preferred": [{"date": "2026-13-01", "start": "10:00"}]})),
            serde_json::json!({"inquiry": body()["inquiry"], "fill_ms": -1}),
        ] {
            assert_eq!(
                code(submit(Some(ORIGIN), &bad)),
                ErrorCode::InvalidJson,
                "{bad}"
            );
        }
    }

    #[test]
    fn a_refused_body_is_named_by_place_and_never_echoed() {
        // serde's own messages quote the value: `invalid type: string "…", expected a boolean`.
        for (field, value, echo) in [
            ("consent", serde_json::json!("yes<script>"), "<script>"),
            ("kind", serde_json::json!("Bcc: evil@example.jp"), "evil@"),
            (
                "facility",
                serde_json::json!("../secret-place"),
                "secret-place",
            ),
            ("name", serde_json::json!(98_765), "98765"),
            (
                "preferred",
                serde_json::json!([{"date": "2026-12-01\r\nBcc: x", "start": "10:00"}]),
                "Bcc",
            ),
        ] {
            let mut b = body();
            b["inquiry"][field] = value;
            let error = submit(Some(ORIGIN), &b).unwrap_err();
            assert_eq!(error.code(), ErrorCode::InvalidJson, "{field}");
            let answer = serde_json::to_string(&error.to_api()).unwrap();
            assert!(!answer.contains(echo), "{answer}");
            assert!(answer.contains("at line 1 column"), "{answer}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_even_where_serde_would_skip_it() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let with_junk = |junk: &str| {
            let text = serde_json::to_string(&body()).unwrap();
            format!("{},\"junk\":{junk}}}", text.strip_suffix('}').unwrap())
        };
        let run = |text: &str| {
            let arrival = Arrival {
                origin: Some(ORIGIN),
                idempotency_key: None,
                body: text.as_bytes(),
            };
            parse(arrival, &directory(), &facilities()).map(drop)
        };
        // An unknown field is skipped, however deep: only the scan stops it.
        assert!(run(&with_junk(&deep(3))).is_ok());
        let refused = run(&with_junk(&deep(10_000))).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::InvalidJson);
        assert_eq!(
            run(&deep(10_000)).unwrap_err().code(),
            ErrorCode::InvalidJson
        );
        // Brackets in text are text, escaped quotes included.
        let mut b = body();
        b["inquiry"]["message"] = format!("\"{}", deep(50)).into();
        assert!(submit(Some(ORIGIN), &b).is_ok());
    }

    #[test]
    fn a_malformed_idempotency_key_is_refused_once_the_facility_is_known() {
        let bytes = serde_json::to_vec(&body()).unwrap();
        let arrival = |key| Arrival {
            origin: Some(ORIGIN),
            idempotency_key: key,
            body: &bytes,
        };
        let now = DateTime::from_timestamp(NOW, 0).unwrap();
        assert_eq!(
            code(run(&facilities(), arrival(Some("not a key")), now)),
            ErrorCode::InvalidIdempotencyKey
        );
        let parsed = parse(
            arrival(Some("0b6c4f3e-2a1d-4e5f-9a8b-7c6d5e4f3a2b")),
            &directory(),
            &facilities(),
        )
        .unwrap();
        assert!(parsed.key.is_some());
        let mut b = body();
        b["inquiry"]["facility"] = "nowhere".into();
        let bytes = serde_json::to_vec(&b).unwrap();
        let unknown = Arrival {
            origin: Some(ORIGIN),
            idempotency_key: Some("bad"),
            body: &bytes,
        };
        assert_eq!(
            code(run(&facilities(), unknown, now)),
            ErrorCode::UnknownFacility
        );
    }

    #[test]
    fn the_honeypot_and_a_hasty_sender_are_spam_before_any_field_is_checked() {
        let mut b = body();
        b["website"] = "https://spam.example".into();
        b["inquiry"]["consent"] = false.into();
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::SpamSuspected);
        let mut b = body();
        b["fill_ms"] = (MIN_FILL_MS - 1).into();
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::SpamSuspected);
        let mut b = body();
        b.as_object_mut().unwrap().remove("fill_ms");
        assert_eq!(code(submit(Some(ORIGIN), &b)), ErrorCode::SpamSuspected);
        let mut b = body();
        b["fill_ms"] = MIN_FILL_MS.into();
        b["website"] = " ".into();
        assert!(submit(Some(ORIGIN), &b).is_ok());
    }

    #[test]
    fn validation_errors_name_their_fields() {
        let mut b = body();
        b["inquiry"]["consent"] = false.into();
        b["inquiry"]["email"] = "sakura@".into();
        let invalid = invalid(submit(Some(ORIGIN), &b));
        assert_eq!(
            invalid.for_field(InquiryField::Consent),
            Some(&InquiryError::ConsentRequired)
        );
        assert_eq!(
            invalid.for_field(InquiryField::Email),
            Some(&InquiryError::EmailInvalid)
        );
    }

    #[test]
    fn validation_follows_the_facility_settings_and_normalises_the_phone() {
        let mut b = body();
        b["inquiry"]["contact"] = "phone".into();
        b["inquiry"]["phone"] = "０９０－１２３４－５６７８".into();
        let accepted = submit(Some(ORIGIN), &b).unwrap();
        assert_eq!(accepted.stored.inquiry.phone, "090-1234-5678");

        b["inquiry"]["phone"] = "".into();
        assert_eq!(
            invalid(submit(Some(ORIGIN), &b)).for_field(InquiryField::Phone),
            Some(&InquiryError::Required)
        );

        let mut configs = facilities();
        configs[0].form.kinds = vec![InquiryKind::Question];
        let bytes = serde_json::to_vec(&body()).unwrap();
        let arrival = Arrival {
            origin: Some(ORIGIN),
            idempotency_key: None,
            body: &bytes,
        };
        let now = DateTime::from_timestamp(NOW, 0).unwrap();
        assert_eq!(
            invalid(run(&configs, arrival, now)).for_field(InquiryField::Kind),
            Some(&InquiryError::NotOffered)
        );
    }

    fn with_slots(kind: &str, slots: &[(&str, &str)]) -> serde_json::Value {
        let mut b = body();
        b["inquiry"]["kind"] = kind.into();
        b["inquiry"]["preferred"] = slots
            .iter()
            .map(|(date, start)| serde_json::json!({"date": date, "start": start}))
            .collect();
        b
    }

    #[test]
    fn preferred_slots_must_be_coming_meetings_of_the_group() {
        let ok = with_slots("trial", &[("2026-11-25", "10:00"), ("2027-02-17", "10:00")]);
        let accepted = submit(Some(ORIGIN), &ok).unwrap();
        assert_eq!(accepted.stored.inquiry.preferred.len(), 2);
        for (date, start) in [
            ("2026-11-18", "10:00"), // this morning's, over
            ("2026-11-11", "10:00"), // last week's
            ("2026-11-25", "11:00"), // not its start
            ("2026-11-26", "10:00"), // a Thursday
            ("2027-02-24", "10:00"), // past the horizon
        ] {
            let b = with_slots("visit", &[("2026-11-25", "10:00"), (date, start)]);
            assert_eq!(
                invalid(submit(Some(ORIGIN), &b)).for_field(InquiryField::Preferred),
                Some(&InquiryError::NotAMeeting),
                "{date} {start}"
            );
        }
    }

    #[test]
    fn a_meeting_under_way_can_still_be_chosen() {
        // 2026-11-18 10:30 in Tokyo, during the walk.
        let b = with_slots("visit", &[("2026-11-18", "10:00")]);
        assert!(at(1_794_965_400, &b).is_ok());
        // 11:30, as it ends.
        assert!(at(1_794_965_400 + 3600, &b).is_err());
    }

    #[test]
    fn kinds_without_dates_drop_them_unchecked() {
        let b = with_slots("question", &[("1999-01-01", "10:00")]);
        let accepted = submit(Some(ORIGIN), &b).unwrap();
        assert!(accepted.stored.inquiry.preferred.is_empty());
    }

    #[test]
    fn the_meeting_check_joins_the_other_errors_in_form_order() {
        let mut b = with_slots("visit", &[("2026-11-26", "10:00")]);
        b["inquiry"]["consent"] = false.into();
        b["inquiry"]["name"] = "".into();
        let fields: Vec<_> = invalid(submit(Some(ORIGIN), &b))
            .errors
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                InquiryField::Name,
                InquiryField::Preferred,
                InquiryField::Consent
            ]
        );
        // Core's own complaint about the field wins over the meeting check.
        let b = with_slots("visit", &[("2026-11-26", "10:00"), ("2026-11-26", "10:00")]);
        assert_eq!(
            invalid(submit(Some(ORIGIN), &b)).for_field(InquiryField::Preferred),
            Some(&InquiryError::Duplicate)
        );
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
