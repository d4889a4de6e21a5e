//! Configuration of one widget instance, read from its placeholder's `data-*` attributes.
//!
//! | attribute | meaning | default |
//! | --- | --- | --- |
//! | `data-tsunagu` | marks the placeholder | (required) |
//! | `data-api` | origin of the tsunagu worker | the origin the loader script came from |
//! | `data-facility` | show only this facility's groups | the whole directory |
//! | `data-lang` | `ja` or `en` | the nearest `lang` attribute, else `ja` |
//! | `data-phone` | phone number shown when the worker cannot be reached | none |
//! | `data-phone-hours` | when that phone is answered, e.g. 「月〜土 9:00〜17:00」 | none |
//!
//! Light-DOM content of the placeholder stays visible until the widget mounts, so a webmaster
//! can put a phone number there as the no-JavaScript fallback.

use tsunagu_core::{FacilityId, Lang};
use web_sys::HtmlElement;

use crate::error::{Error, Result};

/// One instance's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Origin of the worker, without a trailing slash, e.g. `https://tsunagu.example.workers.dev`.
    pub api_base: String,
    /// Only this facility's groups, if set.
    pub facility: Option<FacilityId>,
    /// The visitor's language.
    pub lang: Lang,
    /// The facility's phone, offered when the worker cannot be reached.
    pub phone: Option<String>,
    /// When that phone is answered.
    pub phone_hours: Option<String>,
}

impl WidgetConfig {
    /// Reads the placeholder's attributes; `script_base` is where the loader came from.
    pub fn from_element(element: &HtmlElement, script_base: &str) -> Result<WidgetConfig> {
        let lang = element
            .get_attribute("data-lang")
            .or_else(|| {
                element
                    .closest("[lang]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.get_attribute("lang"))
            })
            .map(|tag| Lang::from_tag(&tag))
            .unwrap_or_default();
        let api = element.get_attribute("data-api");
        let api_base =
            origin_of(api.as_deref().unwrap_or(script_base)).ok_or_else(|| Error::Config {
                attribute: "data-api",
                value: api.clone().unwrap_or_else(|| script_base.to_owned()),
                reason: "not an absolute http(s) URL".into(),
            })?;
        let facility = element
            .get_attribute("data-facility")
            .filter(|f| !f.trim().is_empty())
            .map(|raw| {
                FacilityId::new(raw.trim()).map_err(|e| Error::Config {
                    attribute: "data-facility",
                    value: raw.clone(),
                    reason: e.to_string(),
                })
            })
            .transpose()?;
        let text = |name| {
            element
                .get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Ok(WidgetConfig {
            api_base,
            facility,
            lang,
            phone: text("data-phone"),
            phone_hours: text("data-phone-hours"),
        })
    }
}

/// The origin (`scheme://host:port`) of an absolute http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let parsed = web_sys::Url::new(url).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.origin())
}
