//! The visitor's draft of one inquiry: every field as typed, kept in `sessionStorage` so a reload
//! loses nothing, with the idempotency key that makes a resend the same inquiry.
//!
//! sessionStorage, never localStorage: the draft holds personal data, and it must not outlive the
//! tab (a shared computer at a library or a support centre). The key names the instance, the
//! facility and the group, so two forms on one page never share a draft.
//!
//! The idempotency key is made when the visitor first reaches the confirm screen. The first
//! attempt to send freezes the fill time too, so every retry (automatic, by the button, or after
//! a reload) sends byte for byte the same body under the same key, which the worker answers with
//! its first response. Changing a field after an attempt starts a new inquiry with a new key.

use serde::{Deserialize, Serialize};
use tsunagu_contract::{
    Asker, ContactPreference, FacilityId, FormSettings, GroupId, Inquiry, InquiryKind,
    PreferredSlot, Submission,
};

/// Every field of the form, and what makes resending safe.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Draft {
    /// The chosen kind; `None` until the visitor picks one (the facility's first is shown).
    pub(crate) kind: Option<InquiryKind>,
    pub(crate) name: String,
    pub(crate) furigana: String,
    pub(crate) asker: Asker,
    pub(crate) contact: ContactPreference,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) postal_address: String,
    /// The ticked meetings, in date order.
    pub(crate) preferred: Vec<PreferredSlot>,
    pub(crate) message: String,
    pub(crate) consent: bool,
    /// The honeypot, as a robot filled it.
    pub(crate) website: String,
    /// When the form first rendered for this draft (ms since the epoch), for the fill time.
    pub(crate) opened_ms: f64,
    /// The idempotency key, made when the visitor first reaches the confirm screen.
    pub(crate) key: Option<String>,
    /// The fill time of the first attempt to send with [`Draft::key`].
    pub(crate) sent_fill_ms: Option<u64>,
}

impl Draft {
    /// An empty draft of a form that rendered at `now_ms`.
    pub(crate) fn new(now_ms: f64) -> Draft {
        Draft {
            opened_ms: now_ms,
            ..Draft::default()
        }
    }

    /// The kind the form shows as chosen: the visitor's, if the facility offers it, else the
    /// facility's first.
    pub(crate) fn kind(&self, form: &FormSettings) -> InquiryKind {
        self.kind
            .filter(|k| form.kinds.contains(k))
            .or_else(|| form.kinds.first().copied())
            .unwrap_or(InquiryKind::Question)
    }

    /// Records that the visitor changed a field. After an attempt to send, the draft is another
    /// inquiry now, so it gets a new key on the next confirm screen.
    pub(crate) fn edited(&mut self) {
        if self.sent_fill_ms.is_some() {
            self.key = None;
            self.sent_fill_ms = None;
        }
    }

    /// Ticks or unticks one meeting, keeping date order.
    pub(crate) fn toggle(&mut self, slot: PreferredSlot, on: bool) {
        self.preferred.retain(|s| *s != slot);
        if on {
            self.preferred.push(slot);
            self.preferred.sort();
        }
        self.edited();
    }

    /// The inquiry as typed, to be validated by core; the consent is to the text shown.
    pub(crate) fn inquiry(
        &self,
        facility: FacilityId,
        group: GroupId,
        form: &FormSettings,
    ) -> Inquiry {
        Inquiry {
            facility,
            group,
            kind: self.kind(form),
            name: self.name.clone(),
            furigana: self.furigana.clone(),
            asker: self.asker,
            contact: self.contact,
            email: self.email.clone(),
            phone: self.phone.clone(),
            postal_address: self.postal_address.clone(),
            preferred: self.preferred.clone(),
            message: self.message.clone(),
            consent: self.consent,
            consent_version: form.consent_version.clone(),
        }
    }

    /// The visitor reached the confirm screen: the draft gets its idempotency key, once.
    pub(crate) fn confirmed(&mut self, new_key: impl FnOnce() -> String) {
        if self.key.is_none() {
            self.key = Some(new_key());
            self.sent_fill_ms = None;
        }
    }

    /// Forgets the key, e.g. when the worker says it was used for another body.
    pub(crate) fn forget_key(&mut self) {
        self.key = None;
        self.sent_fill_ms = None;
    }

    /// An attempt to send `inquiry` (validated) at `now_ms`: the key and the body to send. The
    /// first attempt with a key freezes the fill time, so later attempts send the same body.
    pub(crate) fn attempt(
        &mut self,
        inquiry: Inquiry,
        now_ms: f64,
        new_key: impl FnOnce() -> String,
    ) -> (String, Submission) {
        let key = self.key.get_or_insert_with(new_key).clone();
        let fill_ms = *self
            .sent_fill_ms
            .get_or_insert_with(|| elapsed_ms(self.opened_ms, now_ms));
        let submission = Submission {
            inquiry,
            website: self.website.clone(),
            fill_ms,
            turnstile_token: None,
        };
        (key, submission)
    }
}

/// Whole milliseconds from `from` to `to`, never negative (a clock set back gives 0).
fn elapsed_ms(from: f64, to: f64) -> u64 {
    let ms = (to - from).max(0.0).round();
    // A float within u64's range; the cast saturates and cannot wrap.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = ms as u64;
    ms
}

/// The sessionStorage key of the draft of `group` at `facility` in `instance`.
pub(crate) fn storage_key(instance: &str, facility: &FacilityId, group: &GroupId) -> String {
    format!("tsunagu-draft/{instance}/{facility}/{group}")
}

/// The sessionStorage key of the group last chosen in a form-only instance.
pub(crate) fn group_key(instance: &str) -> String {
    format!("tsunagu-form-group/{instance}")
}

/// The sessionStorage key of the group whose form is open in a finder instance.
fn open_key(instance: &str) -> String {
    format!("tsunagu-form-open/{instance}")
}

/// Notes that the form for `group` is open in `instance`, so a reload can reopen it.
pub(crate) fn open_form(instance: &str, group: &GroupId) {
    write(&open_key(instance), group.as_str());
}

/// Notes that no form is open in `instance` any more.
pub(crate) fn forget_open_form(instance: &str) {
    remove(&open_key(instance));
}

/// The group whose form was open in `instance` before a reload, if any.
pub(crate) fn open_form_group(instance: &str) -> Option<String> {
    read(&open_key(instance))
}

fn session() -> Option<web_sys::Storage> {
    // Storage can be switched off (private modes, blocked cookies): then there is no draft.
    web_sys::window()?.session_storage().ok().flatten()
}

/// The text stored under `key`, if any.
pub(crate) fn read(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; a full or disabled storage only costs the draft.
pub(crate) fn write(key: &str, value: &str) {
    if let Some(storage) = session()
        && storage.set_item(key, value).is_err()
    {
        web_sys::console::warn_1(&"tsunagu: the draft could not be kept".into());
    }
}

/// Removes what is stored under `key`.
pub(crate) fn remove(key: &str) {
    if let Some(storage) = session() {
        let _ = storage.remove_item(key);
    }
}

/// The draft stored under `key`, if any and readable.
pub(crate) fn load(key: &str) -> Option<Draft> {
    let text = read(key)?;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Stores the draft under `key`.
pub(crate) fn save(key: &str, draft: &Draft) {
    let value = draft.serialize(&serde_wasm_bindgen::Serializer::json_compatible());
    if let Some(text) = value
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
    {
        write(key, &text);
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tsunagu_contract::schedule::ClockTime;

    use super::*;

    fn form(kinds: &[InquiryKind]) -> FormSettings {
        FormSettings {
            kinds: kinds.to_vec(),
            anonymous_allowed: false,
            privacy_policy_url: "https://example.jp/privacy".into(),
            consent_text: "回答のためだけに使います。".into(),
            consent_version: "2026-04".into(),
            reply_promise: "3営業日以内にご連絡します".into(),
            turnstile_site_key: None,
        }
    }

    fn slot(day: u32) -> PreferredSlot {
        PreferredSlot {
            date: NaiveDate::from_ymd_opt(2026, 12, day).expect("a date"),
            start: ClockTime::new(13, 0).expect("a time"),
        }
    }

    #[test]
    fn the_kind_is_one_the_facility_offers() {
        let limited = form(&[InquiryKind::Visit, InquiryKind::Question]);
        let mut draft = Draft::new(0.0);
        assert_eq!(draft.kind(&limited), InquiryKind::Visit);
        draft.kind = Some(InquiryKind::Trial);
        assert_eq!(draft.kind(&limited), InquiryKind::Visit);
        draft.kind = Some(InquiryKind::Question);
        assert_eq!(draft.kind(&limited), InquiryKind::Question);
    }

    #[test]
    fn meetings_stay_in_date_order_and_untick() {
        let mut draft = Draft::new(0.0);
        draft.toggle(slot(16), true);
        draft.toggle(slot(2), true);
        draft.toggle(slot(9), true);
        assert_eq!(draft.preferred, vec![slot(2), slot(9), slot(16)]);
        draft.toggle(slot(9), false);
        assert_eq!(draft.preferred, vec![slot(2), slot(16)]);
    }

    #[test]
    fn every_attempt_with_one_key_sends_the_same_body() {
        let form = form(&InquiryKind::ALL);
        let facility = FacilityId::new("hidamari").expect("an id");
        let group = GroupId::new("walk").expect("an id");
        let mut draft = Draft::new(1_000.0);
        draft.name = "さくら".into();
        draft.confirmed(|| "key-one-0000000000".into());
        draft.confirmed(|| "never-made-00000000".into());
        let inquiry = draft.inquiry(facility.clone(), group.clone(), &form);
        let (key, first) = draft.attempt(inquiry.clone(), 9_000.4, || "unused".into());
        assert_eq!(key, "key-one-0000000000");
        assert_eq!(first.fill_ms, 8_000);
        // A retry later, even after a reload (the draft round-trips), is the same request.
        let mut reloaded = draft.clone();
        let (again, second) = reloaded.attempt(inquiry.clone(), 60_000.0, || "unused".into());
        assert_eq!((again, &second), (key.clone(), &first));
        // An edit after an attempt is another inquiry: a new key on the next confirm screen.
        reloaded.message = "やっぱり体験にします".into();
        reloaded.edited();
        assert_eq!(reloaded.key, None);
        reloaded.confirmed(|| "key-two-0000000000".into());
        let (other, third) = reloaded.attempt(inquiry, 70_000.0, || "unused".into());
        assert_eq!(other, "key-two-0000000000");
        assert_eq!(third.fill_ms, 69_000);
    }

    #[test]
    fn an_edit_before_any_attempt_keeps_the_key() {
        let mut draft = Draft::new(0.0);
        draft.confirmed(|| "key-one-0000000000".into());
        draft.edited();
        assert_eq!(draft.key.as_deref(), Some("key-one-0000000000"));
    }

    #[test]
    fn the_fill_time_is_never_negative() {
        assert_eq!(elapsed_ms(5_000.0, 1_000.0), 0);
        assert_eq!(elapsed_ms(0.0, 3_000.0), 3_000);
    }

    #[test]
    fn keys_name_instance_facility_and_group() {
        let facility = FacilityId::new("hidamari").expect("an id");
        let group = GroupId::new("walk").expect("an id");
        assert_eq!(
            storage_key("tsunagu", &facility, &group),
            "tsunagu-draft/tsunagu/hidamari/walk"
        );
    }
}
