//! The tsunagu widget: a support-group finder and inquiry form that a webmaster embeds with one
//! `<script>` tag.
//!
//! The loader script (`loader.js`) loads this module and calls [`mount`] for each placeholder
//! element (`<div data-tsunagu>`). Each instance lives in its own open Shadow DOM, so the host
//! page's CSS cannot reach it and its CSS cannot leak out; configuration comes from the
//! placeholder's `data-*` attributes (see [`config`]).

// `#[component]` expands to `pub` props structs inside private modules.
#![allow(unreachable_pub)]

mod api;
mod app;
mod components;
pub mod config;
mod error;
mod events;
mod i18n;
mod instance;
mod mount;
mod nfkc;
mod parts;
mod route;

use wasm_bindgen::prelude::*;

pub use error::{Error, Result};

/// Mounts one widget instance into `placeholder`. `script_base` is the URL of the folder the
/// loader was served from; it is the default API origin. `early` maps directory addresses to the
/// loader's pending `fetch` of them, started before the wasm arrived; the instance takes (and
/// removes) the one for its own address, if any. Mounting the same element twice is a no-op.
#[wasm_bindgen]
pub fn mount(
    placeholder: web_sys::HtmlElement,
    script_base: &str,
    early: Option<js_sys::Map>,
) -> std::result::Result<(), JsValue> {
    mount::mount(placeholder, script_base, early).map_err(|e| JsValue::from_str(&e.to_string()))
}
