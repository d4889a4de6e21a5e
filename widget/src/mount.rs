//! Attaching one instance to its placeholder: an open shadow root, the widget's own stylesheet,
//! and an inner wrapper that resets everything the host page's CSS would otherwise pass down by
//! inheritance (colour, font, line height… cross the shadow boundary).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::api;
use crate::app::{App, ConfigProblem};
use crate::config::WidgetConfig;
use crate::error::Result;

/// The widget's stylesheet, inlined so an instance needs no extra request.
const STYLE: &str = include_str!("../style/widget.css");

/// Mounts one instance; a placeholder that already has a shadow root is left alone.
pub(crate) fn mount(
    placeholder: HtmlElement,
    script_base: &str,
    early: Option<js_sys::Map>,
) -> Result<()> {
    if placeholder.shadow_root().is_some() {
        return Ok(());
    }
    // The instance's place among the page's placeholders names it in the URL when it has no
    // data-id; document order is stable across reloads.
    let ordinal = document_placeholders(&placeholder)
        .iter()
        .position(|p| p.is_same_node(Some(&placeholder)))
        .unwrap_or(0);
    let config = WidgetConfig::from_element(&placeholder, script_base, ordinal);
    let document = placeholder
        .owner_document()
        .ok_or_else(|| crate::Error::Dom("the placeholder is not in a document".into()))?;
    let shadow = placeholder.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    shadow.append_child(&style)?;
    let root: HtmlElement = document.create_element("div")?.unchecked_into();
    root.set_class_name("tsunagu");
    root.set_attribute("data-testid", "tsunagu-root")?;
    shadow.append_child(&root)?;

    match config {
        Ok(config) => {
            root.set_attribute("lang", config.lang.tag())?;
            let host = StoredValue::new_local(placeholder);
            let early = early.and_then(|early| take_early(&early, &api::feed_url(&config)));
            mount_to(
                root,
                move || view! { <App config=config host=host early=early /> },
            )
            .forget();
        }
        Err(error) => {
            // The webmaster reads the console; the visitor gets a sentence in Japanese.
            web_sys::console::error_1(&format!("tsunagu: {error}").into());
            mount_to(root, move || view! { <ConfigProblem error=error /> }).forget();
        }
    }
    Ok(())
}

/// The loader's pending download of `url`, removed from `early` so that a second instance with
/// the same address (a response body is read once) and a retry fetch anew.
fn take_early(early: &js_sys::Map, url: &str) -> Option<js_sys::Promise> {
    let key = JsValue::from_str(url);
    let pending = early.get(&key).dyn_into::<js_sys::Promise>().ok()?;
    early.delete(&key);
    Some(pending)
}

/// Every placeholder of the page, in document order.
fn document_placeholders(placeholder: &HtmlElement) -> Vec<web_sys::Element> {
    let Some(list) = placeholder
        .owner_document()
        .and_then(|d| d.query_selector_all("[data-tsunagu]").ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .collect()
}
