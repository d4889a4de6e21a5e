//! Attaching one instance to its placeholder: an open shadow root, the widget's own stylesheet,
//! and an inner wrapper that resets everything the host page's CSS would otherwise pass down by
//! inheritance (colour, font, line height… cross the shadow boundary).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::app::{App, ConfigProblem};
use crate::config::WidgetConfig;
use crate::error::Result;

/// The widget's stylesheet, inlined so an instance needs no extra request.
const STYLE: &str = include_str!("../style/widget.css");

/// Mounts one instance; a placeholder that already has a shadow root is left alone.
pub(crate) fn mount(placeholder: HtmlElement, script_base: &str) -> Result<()> {
    if placeholder.shadow_root().is_some() {
        return Ok(());
    }
    let config = WidgetConfig::from_element(&placeholder, script_base);
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
            mount_to(root, move || view! { <App config=config /> }).forget();
        }
        Err(error) => {
            // The webmaster reads the console; the visitor gets a sentence in Japanese.
            web_sys::console::error_1(&format!("tsunagu: {error}").into());
            mount_to(root, move || view! { <ConfigProblem error=error /> }).forget();
        }
    }
    Ok(())
}
