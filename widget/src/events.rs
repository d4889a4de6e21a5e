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

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// The placeholder element, where the events are dispatched.
pub(crate) type Host = StoredValue<HtmlElement, LocalStorage>;

/// An event's `detail`: a plain object, built property by property. (serde's serializer would do
/// the same and weighs more than the three events together.)
pub(crate) struct Detail(js_sys::Object);

impl Detail {
    /// A detail naming the instance, as every event's does.
    pub(crate) fn of(instance: &str) -> Detail {
        Detail(js_sys::Object::new()).text("instance", instance)
    }

    /// An object with no property yet.
    pub(crate) fn empty() -> Detail {
        Detail(js_sys::Object::new())
    }

    /// Adds a string property.
    pub(crate) fn text(self, key: &str, value: &str) -> Detail {
        self.value(key, &JsValue::from_str(value))
    }

    /// Adds a number property.
    pub(crate) fn number(self, key: &str, value: usize) -> Detail {
        // Counts of groups: far below 2^53, exact as a JS number.
        #[allow(clippy::cast_precision_loss)]
        self.value(key, &JsValue::from_f64(value as f64))
    }

    /// Adds an object property.
    pub(crate) fn object(self, key: &str, value: Detail) -> Detail {
        self.value(key, &value.0)
    }

    fn value(self, key: &str, value: &JsValue) -> Detail {
        // Setting a property of a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }
}

/// Dispatches `name` with `detail` on the host; a failure is logged, never shown to the visitor.
pub(crate) fn dispatch(host: Host, name: &str, detail: Detail) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail.0);
    let sent = CustomEvent::new_with_event_init_dict(name, &init)
        .and_then(|event| host.with_value(|host| host.dispatch_event(&event)));
    if sent.is_err() {
        web_sys::console::warn_1(&format!("tsunagu: could not dispatch {name}").into());
    }
}
