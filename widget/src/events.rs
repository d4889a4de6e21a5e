//! CustomEvents for the host page's analytics, dispatched on the placeholder element:
//!
//! | event | `detail` |
//! | --- | --- |
//! | `tsunagu:ready` | `{ instance, groups }`: the directory loaded and shows `groups` groups |
//! | `tsunagu:filter-change` | `{ instance, filter, results }`: the link pairs of the filter (without the search text), and how many groups match |
//! | `tsunagu:inquiry-sent` | `{ instance, receipt, kind, group }` |
//!
//! They bubble, so `document.addEventListener("tsunagu:ready", …)` hears every instance. Never
//! any personal data: no names, addresses or messages, and not the search text either, which a
//! visitor may fill with their own story.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// The placeholder element, where the events are dispatched.
pub(crate) type Host = StoredValue<HtmlElement, LocalStorage>;

/// `tsunagu:ready`'s detail.
#[derive(Serialize)]
pub(crate) struct Ready<'a> {
    pub(crate) instance: &'a str,
    pub(crate) groups: usize,
}

/// `tsunagu:filter-change`'s detail.
#[derive(Serialize)]
pub(crate) struct FilterChange<'a> {
    pub(crate) instance: &'a str,
    pub(crate) filter: BTreeMap<&'static str, String>,
    pub(crate) results: usize,
}

/// `tsunagu:inquiry-sent`'s detail.
#[derive(Serialize)]
pub(crate) struct InquirySent<'a> {
    pub(crate) instance: &'a str,
    pub(crate) receipt: &'a str,
    pub(crate) kind: tsunagu_contract::InquiryKind,
    pub(crate) group: &'a str,
}

/// Dispatches `name` with `detail` on the host; a failure is logged, never shown to the visitor.
pub(crate) fn dispatch(host: Host, name: &str, detail: &impl Serialize) {
    let detail = detail
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    let sent = CustomEvent::new_with_event_init_dict(name, &init)
        .and_then(|event| host.with_value(|host| host.dispatch_event(&event)));
    if sent.is_err() {
        web_sys::console::warn_1(&format!("tsunagu: could not dispatch {name}").into());
    }
}
