//! The Unicode steps of the contract's search folding (NFKC, then lower case), done by the browser.
//!
//! Every browser the widget runs in has `String.prototype.normalize` and `toLowerCase`, so the
//! widget builds tsunagu-contract without its `nfkc` feature and spares visitors about 120 KB of
//! Unicode tables (NFKC's and the lower-case mapping's).

use tsunagu_contract::search::Folder;

/// Folds both the directory index and every query; the two must use the same folder or the
/// visitor's text stops matching.
pub(crate) const FOLDER: Folder = Folder::new(normalize);

/// Two crossings of the JS boundary per call; the index folds each group once when the
/// directory loads and a query once per keystroke, so this never runs in a hot loop.
fn normalize(text: &str) -> String {
    js_sys::JsString::from(text)
        .normalize("NFKC")
        .to_lower_case()
        .into()
}
