//! The NFKC step of core's search folding, done by the browser.
//!
//! Every browser the widget runs in has `String.prototype.normalize`, so the widget builds
//! tsunagu-core without its `nfkc` feature and spares visitors about 110 KB of Unicode tables.

use tsunagu_core::search::Folder;

/// Folds both the directory index and every query; the two must use the same folder or the
/// visitor's text stops matching.
pub(crate) const FOLDER: Folder = Folder::new(nfkc);

/// Two crossings of the JS boundary per call; the index folds each group once when the
/// directory loads and a query once per keystroke, so this never runs in a hot loop.
fn nfkc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFKC").into()
}
