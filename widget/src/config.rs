//! Configuration of one widget instance, read from its placeholder's `data-*` attributes.
//!
//! | attribute | meaning | default |
//! | --- | --- | --- |
//! | `data-tsunagu` | marks the placeholder | (required) |
//! | `data-api` | origin of the tsunagu worker | the origin the loader script came from |
//! | `data-facility` | show only this facility's groups | the whole directory |
//! | `data-view` | `both` (finder, detail and inquiry form), `finder` (no form) or `form` (the form alone) | `both` |
//! | `data-category` | only these categories, e.g. `alcohol,gambling` | all |
//! | `data-area` | only this area: `online`, a prefecture (`14`, `神奈川県`) or a city (`14:川崎市多摩区`) | everywhere |
//! | `data-format` | only these formats: `in_person`, `online`, `hybrid` | all |
//! | `data-page-size` | cards shown before 「もっと見る」, 1–100 | 20 |
//! | `data-lang` | `ja` or `en` | the nearest `lang` attribute, else `ja` |
//! | `data-id` | this instance's name in the page URL (`a`–`z`, `0`–`9`, `-`; up to 20) | `tsunagu`, then `tsunagu2`… in page order |
//! | `data-phone` | phone number shown when the worker cannot be reached | none |
//! | `data-phone-hours` | when that phone is answered, e.g. 「月〜土 9:00〜17:00」 | none |
//!
//! The preset filters (`data-category`, `data-area`, `data-format`) are a scope, not a
//! starting point: a partner site that embeds the shared directory for one area shows only that
//! area, and the visitor narrows within it.
//!
//! The theme is set with CSS custom properties on the placeholder (they cross the shadow
//! boundary; nothing else of the host page's CSS does): `--tsunagu-accent`,
//! `--tsunagu-accent-text`, `--tsunagu-text`, `--tsunagu-muted`, `--tsunagu-background`,
//! `--tsunagu-surface`, `--tsunagu-border`, `--tsunagu-focus`, `--tsunagu-radius` and
//! `--tsunagu-font`. Pick colours that keep a 4.5:1 contrast.
//!
//! Light-DOM content of the placeholder stays visible until the widget mounts, so a webmaster
//! can put a phone number there as the no-JavaScript fallback.

use tsunagu_contract::filter::GroupFilter;
use tsunagu_contract::{FacilityId, Lang};
use web_sys::HtmlElement;

use crate::error::{Error, Result};

/// Cards shown before the visitor asks for more.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page size a webmaster may choose: more cards at once would stall a phone.
pub const MAX_PAGE_SIZE: usize = 100;
/// The URL name of the first instance without a `data-id`.
pub const DEFAULT_INSTANCE: &str = "tsunagu";

/// What an instance shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// The finder, a group's detail, and the inquiry form opened from it.
    #[default]
    Both,
    /// The finder and the detail, without the inquiry form.
    Finder,
    /// Only the inquiry form, with a choice of the facility's groups.
    Form,
}

/// One instance's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// Origin of the worker, without a trailing slash, e.g. `https://tsunagu.example.workers.dev`.
    pub api_base: String,
    /// Only this facility's groups, if set.
    pub facility: Option<FacilityId>,
    /// What the instance shows.
    pub mode: Mode,
    /// The webmaster's scope: categories, area and formats every list stays within.
    pub scope: GroupFilter,
    /// Cards per page.
    pub page_size: usize,
    /// The visitor's language.
    pub lang: Lang,
    /// The instance's name in the URL; its parameters are `<instance>.<key>`.
    pub instance: String,
    /// The facility's phone, offered when the worker cannot be reached.
    pub phone: Option<String>,
    /// When that phone is answered.
    pub phone_hours: Option<String>,
}

impl WidgetConfig {
    /// Reads the placeholder's attributes; `script_base` is where the loader came from and
    /// `ordinal` is the instance's place among the page's instances (0 for the first).
    pub fn from_element(
        element: &HtmlElement,
        script_base: &str,
        ordinal: usize,
    ) -> Result<WidgetConfig> {
        let attr = |name: &str| {
            element
                .get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let invalid = |attribute: &'static str, value: &str, reason: String| Error::Config {
            attribute,
            value: value.to_owned(),
            reason,
        };
        let lang = attr("data-lang")
            .or_else(|| {
                element
                    .closest("[lang]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.get_attribute("lang"))
            })
            .map(|tag| Lang::from_tag(&tag))
            .unwrap_or_default();
        let api = attr("data-api");
        let api_source = api.as_deref().unwrap_or(script_base);
        let api_base = origin_of(api_source)
            .ok_or_else(|| invalid("data-api", api_source, "not an absolute http(s) URL".into()))?;
        let facility = attr("data-facility")
            .map(|raw| {
                FacilityId::new(&raw).map_err(|e| invalid("data-facility", &raw, e.to_string()))
            })
            .transpose()?;
        let mode = match attr("data-view").as_deref() {
            None | Some("both") => Mode::Both,
            Some("finder") => Mode::Finder,
            Some("form") => Mode::Form,
            Some(other) => {
                return Err(invalid(
                    "data-view",
                    other,
                    "expected both, finder or form".into(),
                ));
            }
        };
        let mut scope = GroupFilter::default();
        for (attribute, key) in [
            ("data-category", "cat"),
            ("data-area", "area"),
            ("data-format", "fmt"),
        ] {
            let Some(value) = attr(attribute) else {
                continue;
            };
            // The scope is written the way the finder's own links write these fields.
            let (state, problems) = crate::route::state_of(&[(key.to_owned(), value.clone())]);
            if let Some(problem) = problems.first() {
                return Err(invalid(attribute, &value, problem.to_string()));
            }
            scope.categories.extend(state.filter.categories);
            scope.formats.extend(state.filter.formats);
            if state.filter.area.is_some() {
                scope.area = state.filter.area;
            }
        }
        scope.facility = facility.clone();
        let page_size = match attr("data-page-size") {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| {
                    invalid(
                        "data-page-size",
                        &raw,
                        format!("expected a number from 1 to {MAX_PAGE_SIZE}"),
                    )
                })?,
        };
        let instance = match attr("data-id") {
            Some(id) if is_instance_name(&id) => id,
            Some(id) => {
                return Err(invalid(
                    "data-id",
                    &id,
                    "use up to 20 of a-z, 0-9 and -".into(),
                ));
            }
            None if ordinal == 0 => DEFAULT_INSTANCE.to_owned(),
            None => format!("{DEFAULT_INSTANCE}{}", ordinal + 1),
        };
        Ok(WidgetConfig {
            api_base,
            facility,
            mode,
            scope,
            page_size,
            lang,
            instance,
            phone: attr("data-phone"),
            phone_hours: attr("data-phone-hours"),
        })
    }
}

/// Whether `name` can name an instance in the URL.
fn is_instance_name(name: &str) -> bool {
    (1..=20).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The origin (`scheme://host:port`) of an absolute http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let parsed = web_sys::Url::new(url).ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_are_url_safe() {
        assert!(is_instance_name("kawasaki-2"));
        assert!(!is_instance_name(""));
        assert!(!is_instance_name("Kawasaki"));
        assert!(!is_instance_name("a.b"));
        assert!(!is_instance_name(&"a".repeat(21)));
    }
}
