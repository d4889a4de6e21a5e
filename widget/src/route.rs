//! Deep links: each instance keeps its finder state in the host page's URL, as query
//! parameters named `<instance>.<key>` (the keys are [`tsunagu_contract::link`]'s), so a visitor
//! can bookmark or share a search or a group, reload, and go Back.
//!
//! Only the instance's own parameters are touched: the host page's other parameters are kept
//! byte for byte, and its path and `#fragment` too, so a host router keeps working. Several
//! instances on one page each own their prefix.

use tsunagu_contract::link::{FinderState, LinkError};
use wasm_bindgen::JsValue;

use crate::nfkc::FOLDER;

/// How a new state enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A new history entry: Back returns to the previous state.
    Push,
    /// The current entry changes (typing in the search box: one entry per search, not per key).
    Replace,
}

/// The instance's state in the current URL, and what in it could not be read.
pub(crate) fn read(instance: &str) -> (FinderState, Vec<LinkError>) {
    let search = address().map(|a| a.search).unwrap_or_default();
    state_of(&own_pairs(&search, instance))
}

/// The finder state `(key, value)` pairs describe (the keys without the instance's prefix), and
/// what in them could not be read. The placeholder's scope attributes are read this way too.
pub(crate) fn state_of(pairs: &[(String, String)]) -> (FinderState, Vec<LinkError>) {
    FinderState::from_pairs_with(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), FOLDER)
}

/// Puts `state` into the URL, unless it is there already.
pub(crate) fn write(instance: &str, state: &FinderState, entry: Entry) {
    let Some(current) = address() else {
        return;
    };
    let new_search = with_state(&current.search, instance, state);
    if new_search == current.search {
        return;
    }
    let url = format!("{}{new_search}{}", current.path, current.hash);
    let Some(Ok(history)) = web_sys::window().map(|w| w.history()) else {
        return;
    };
    // The host router's own state object is carried over untouched.
    let kept = history.state().unwrap_or(JsValue::NULL);
    let result = match entry {
        Entry::Push => history.push_state_with_url(&kept, "", Some(&url)),
        Entry::Replace => history.replace_state_with_url(&kept, "", Some(&url)),
    };
    if result.is_err() {
        web_sys::console::warn_1(&"tsunagu: could not update the address".into());
    }
}

/// The instance's own `(key, value)` pairs in a `?query`, prefix removed and decoded.
fn own_pairs(search: &str, instance: &str) -> Vec<(String, String)> {
    let prefix = format!("{instance}.");
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|segment| {
            let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
            let key = decode(key);
            let key = key.strip_prefix(&prefix)?.to_owned();
            Some((key, decode(value)))
        })
        .collect()
}

/// `search` with the instance's parameters replaced by `state`'s.
fn with_state(search: &str, instance: &str, state: &FinderState) -> String {
    let prefix = format!("{instance}.");
    let mut segments: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|segment| {
            let key = segment.split_once('=').map_or(*segment, |(k, _)| k);
            !segment.is_empty() && !decode(key).starts_with(&prefix)
        })
        .map(str::to_owned)
        .collect();
    segments.extend(
        state
            .to_pairs()
            .into_iter()
            .map(|(key, value)| format!("{prefix}{key}={}", encode(&value))),
    );
    if segments.is_empty() {
        String::new()
    } else {
        format!("?{}", segments.join("&"))
    }
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn decode(text: &str) -> String {
    let text = text.replace('+', " ");
    js_sys::decode_uri_component(&text).map_or(text, String::from)
}

/// The address of the current page with the instance showing `state`: the `href` of links
/// inside the finder, so they open in a new tab or are copied like any link.
pub(crate) fn href(instance: &str, state: &FinderState) -> String {
    address().map_or_else(String::new, |a| {
        format!(
            "{}{}{}",
            a.path,
            with_state(&a.search, instance, state),
            a.hash
        )
    })
}

/// The parts of the page's address an instance reads and rewrites.
struct Address {
    path: String,
    search: String,
    hash: String,
}

/// The current page's address, or `None` outside a browser window.
fn address() -> Option<Address> {
    let location = web_sys::window()?.location();
    Some(Address {
        path: location.pathname().ok()?,
        search: location.search().ok()?,
        hash: location.hash().ok()?,
    })
}
