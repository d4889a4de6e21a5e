//! The filter panel: every condition a visitor can narrow by, each choice with the number of
//! groups it would show, and 「条件をすべてクリア」.
//!
//! The choices are built once from the directory (within the webmaster's scope) so the checkbox
//! a visitor just ticked stays the same element and keeps the focus; only the counts and the
//! ticks follow the filter.

use leptos::prelude::*;
use tsunagu_contract::directory::{Audience, Category, Format, ParticipationOption, Prefecture};
use tsunagu_contract::filter::{AreaFilter, Facets, GroupFilter};
use tsunagu_contract::schedule::{TimeOfDay, WEEK};
use tsunagu_contract::search::TextQuery;

use crate::components::finder::Nav;
use crate::i18n::UiText;
use crate::instance::{config, directory, nav, text};
use crate::parts::{Part, Shown};
use crate::route::Entry;

/// A condition of the filter, as the empty state and 「クリア」 name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FilterField {
    Text,
    Categories,
    Area,
    Formats,
    Weekdays,
    Times,
    Audiences,
    Options,
    Free,
}

impl FilterField {
    /// Every field, in the panel's order.
    pub(crate) const ALL: [FilterField; 9] = [
        FilterField::Text,
        FilterField::Categories,
        FilterField::Area,
        FilterField::Formats,
        FilterField::Weekdays,
        FilterField::Times,
        FilterField::Audiences,
        FilterField::Options,
        FilterField::Free,
    ];

    /// Whether the visitor has set this field.
    pub(crate) fn is_set(self, filter: &GroupFilter) -> bool {
        match self {
            FilterField::Text => !filter.text.is_empty(),
            FilterField::Categories => !filter.categories.is_empty(),
            FilterField::Area => filter.area.is_some(),
            FilterField::Formats => !filter.formats.is_empty(),
            FilterField::Weekdays => !filter.weekdays.is_empty(),
            FilterField::Times => !filter.times.is_empty(),
            FilterField::Audiences => !filter.audiences.is_empty(),
            FilterField::Options => !filter.options.is_empty(),
            FilterField::Free => filter.free_only,
        }
    }

    /// Drops this field from the filter.
    pub(crate) fn clear(self, filter: &mut GroupFilter) {
        match self {
            FilterField::Text => filter.text = TextQuery::default(),
            FilterField::Categories => filter.categories.clear(),
            FilterField::Area => filter.area = None,
            FilterField::Formats => filter.formats.clear(),
            FilterField::Weekdays => filter.weekdays.clear(),
            FilterField::Times => filter.times.clear(),
            FilterField::Audiences => filter.audiences.clear(),
            FilterField::Options => filter.options.clear(),
            FilterField::Free => filter.free_only = false,
        }
    }
}

/// The conditions the visitor set, not counting the search box (it sits outside the panel).
fn panel_conditions(filter: &GroupFilter) -> usize {
    FilterField::ALL
        .into_iter()
        .filter(|f| *f != FilterField::Text && f.is_set(filter))
        .count()
}

/// One fieldset of checkboxes. Not generic over the value type, so the panel costs one copy of
/// the rendering code in the wasm, not one per field.
struct Choices {
    field: FilterField,
    labels: Vec<&'static str>,
    counts: CountFn,
    checked: CheckedFn,
    toggle: ToggleFn,
}

/// The count of each choice under the current facets.
type CountFn = Box<dyn Fn(&Facets) -> Vec<usize> + Send + Sync>;
/// Whether choice `i` is ticked in a filter.
type CheckedFn = Box<dyn Fn(&GroupFilter, usize) -> bool + Send + Sync>;
/// Ticks or unticks choice `i` in a filter.
type ToggleFn = Box<dyn Fn(&mut GroupFilter, usize) + Send + Sync>;

/// Checkboxes over `values` of a list field of the filter.
fn choices<T: Copy + PartialEq + Send + Sync + 'static>(
    field: FilterField,
    values: Vec<T>,
    label: impl Fn(T) -> &'static str,
    facet: fn(&Facets) -> &Vec<(T, usize)>,
    list: fn(&GroupFilter) -> &Vec<T>,
    list_mut: fn(&mut GroupFilter) -> &mut Vec<T>,
) -> Choices {
    let labels = values.iter().map(|v| label(*v)).collect();
    let counted = values.clone();
    let read = values.clone();
    Choices {
        field,
        labels,
        counts: Box::new(move |facets| {
            counted
                .iter()
                .map(|v| {
                    facet(facets)
                        .iter()
                        .find(|(f, _)| f == v)
                        .map_or(0, |(_, n)| *n)
                })
                .collect()
        }),
        checked: Box::new(move |filter, i| read.get(i).is_some_and(|v| list(filter).contains(v))),
        toggle: Box::new(move |filter, i| {
            let Some(v) = values.get(i) else { return };
            let list = list_mut(filter);
            match list.iter().position(|x| x == v) {
                Some(at) => {
                    list.remove(at);
                }
                None => list.push(*v),
            }
        }),
    }
}

/// The values a field offers: the scope's own list if the webmaster set one, else every value
/// some group in the scope has.
fn offered<T: Copy + PartialEq>(scope: &[T], facet: &[(T, usize)]) -> Vec<T> {
    if scope.is_empty() {
        facet.iter().map(|(v, _)| *v).collect()
    } else {
        scope.to_vec()
    }
}

/// The disclosure button, the conditions while it is open (a part fetched on first use, see
/// [`crate::parts`]) and 「条件をすべてクリア」.
#[component]
pub(crate) fn FilterPanel(
    /// The filter in force (the visitor's within the webmaster's scope).
    effective: Memo<GroupFilter>,
    /// Called after 「クリア」, whose button then disappears: the finder moves the focus.
    on_clear: Callback<()>,
) -> impl IntoView {
    let (nav, text) = (nav(), text());
    let state = nav.state;
    let set = Memo::new(move |_| state.with(|s| panel_conditions(&s.filter)));
    // Open from the start when the link already carries conditions.
    let open = RwSignal::new(set.get_untracked() > 0);
    // Made when first opened and kept after, so a checkbox keeps its focus across a close and
    // a panel never opened fetches and computes nothing.
    let opened = Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || open.get());
    view! {
        <div class="filters">
            <button
                type="button"
                class="button toggle"
                data-testid="filters-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="tsunagu-filters"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || text.filters_button(set.get())}
            </button>
            <div id="tsunagu-filters" class="filter-panel" hidden=move || !open.get() data-testid="filters">
                {move || opened.get().then(|| view! { <Part show=Shown::Filters { effective, open } /> })}
            </div>
            <Show when=move || { set.get() > 0 || state.with(|s| !s.filter.text.is_empty()) }>
                <button
                    type="button"
                    class="button"
                    data-testid="clear-all"
                    on:click=move |_| {
                        nav.change(Entry::Push, |s| s.filter = GroupFilter::default());
                        on_clear.run(());
                    }
                >
                    {text.clear_all()}
                </button>
            </Show>
        </div>
    }
}

/// Every condition, each choice with the number of groups it would show.
#[component]
pub(crate) fn Conditions(
    /// The filter in force (the visitor's within the webmaster's scope).
    effective: Memo<GroupFilter>,
    /// Whether the panel is open; the counts follow the filter only while it is.
    open: RwSignal<bool>,
) -> impl IntoView {
    let (directory, nav, text) = (directory(), nav(), text());
    let scope = config().with_value(|c| c.scope.clone());
    let state = nav.state;
    let facets = Memo::new(move |_| {
        open.get()
            .then(|| effective.with(|f| directory.with_value(|d| d.facets(f))))
    });
    let all = directory.with_value(|d| d.facets(&scope));
    let sets = vec![
        choices(
            FilterField::Categories,
            offered(&scope.categories, &all.categories),
            |c: Category| text.category(c),
            |f| &f.categories,
            |f| &f.categories,
            |f| &mut f.categories,
        ),
        choices(
            FilterField::Formats,
            offered(&scope.formats, &all.formats),
            |v: Format| text.format(v),
            |f| &f.formats,
            |f| &f.formats,
            |f| &mut f.formats,
        ),
        choices(
            FilterField::Weekdays,
            WEEK.to_vec(),
            |d| text.weekday_name(d),
            |f| &f.weekdays,
            |f| &f.weekdays,
            |f| &mut f.weekdays,
        ),
        choices(
            FilterField::Times,
            TimeOfDay::ALL.to_vec(),
            |t| text.time_of_day_hint(t),
            |f| &f.times,
            |f| &f.times,
            |f| &mut f.times,
        ),
        choices(
            FilterField::Audiences,
            [Audience::Person, Audience::Family, Audience::Supporter].to_vec(),
            |a| text.audience(a),
            |f| &f.audiences,
            |f| &f.audiences,
            |f| &mut f.audiences,
        ),
        choices(
            FilterField::Options,
            all.options.iter().map(|(o, _)| *o).collect(),
            |o: ParticipationOption| text.option(o),
            |f| &f.options,
            |f| &f.options,
            |f| &mut f.options,
        ),
    ];
    let (before_area, after_area) = {
        let mut sets = sets;
        let rest = sets.split_off(1);
        (sets, rest)
    };

    view! {
        {before_area.into_iter().map(|c| fieldset(c, nav, facets, text)).collect_view()}
        <AreaPicker facets=facets />
        {after_area.into_iter().map(|c| fieldset(c, nav, facets, text)).collect_view()}
        <fieldset class="choices" data-testid="filter-free">
            <legend>{text.filter_field(FilterField::Free)}</legend>
            <label class="choice">
                <input
                    type="checkbox"
                    prop:checked=move || state.with(|s| s.filter.free_only)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        nav.change(Entry::Push, |s| s.filter.free_only = on);
                    }
                />
                <span>{text.free_only()}</span>
                <span class="n">{move || facets.with(|f| f.as_ref().map(|f| text.count_in_parens(f.free)))}</span>
            </label>
        </fieldset>
    }
}

/// One fieldset of checkboxes with counts.
fn fieldset(
    choices: Choices,
    nav: Nav,
    facets: Memo<Option<Facets>>,
    text: &'static dyn UiText,
) -> AnyView {
    let Choices {
        field,
        labels,
        counts,
        checked,
        toggle,
    } = choices;
    let counts = Memo::new(move |_| facets.with(|f| f.as_ref().map(&counts)));
    let checked = StoredValue::new(checked);
    let toggle = StoredValue::new(toggle);
    let state = nav.state;
    view! {
        <fieldset class="choices" data-testid=format!("filter-{}", field_key(field))>
            <legend>{text.filter_field(field)}</legend>
            {labels
                .into_iter()
                .enumerate()
                .map(|(i, label)| {
                    view! {
                        <label class="choice">
                            <input
                                type="checkbox"
                                prop:checked=move || state.with(|s| checked.with_value(|c| c(&s.filter, i)))
                                on:change=move |_| {
                                    nav.change(Entry::Push, |s| toggle.with_value(|t| t(&mut s.filter, i)));
                                }
                            />
                            <span>{label}</span>
                            <span class="n">
                                {move || counts.with(|c| c.as_ref().and_then(|c| c.get(i).copied()).map(|n| text.count_in_parens(n)))}
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The stable name of a field in `data-testid`s.
fn field_key(field: FilterField) -> &'static str {
    match field {
        FilterField::Text => "text",
        FilterField::Categories => "category",
        FilterField::Area => "area",
        FilterField::Formats => "format",
        FilterField::Weekdays => "weekday",
        FilterField::Times => "time",
        FilterField::Audiences => "audience",
        FilterField::Options => "option",
        FilterField::Free => "free",
    }
}

/// Area: online, or a prefecture and then one of its cities.
#[component]
fn AreaPicker(
    /// The counts under the filter in force, while the panel is open (the panel's own).
    facets: Memo<Option<Facets>>,
) -> impl IntoView {
    let (nav, text) = (nav(), text());
    let scope = config().with_value(|c| c.scope.area.clone());
    // A scope of one city or of online leaves nothing to pick.
    let fixed_prefecture = match &scope {
        None => None,
        Some(AreaFilter::Prefecture { prefecture }) => Some(*prefecture),
        Some(_) => return ().into_any(),
    };
    let state = nav.state;
    let chosen_prefecture = Memo::new(move |_| {
        state.with(|s| match &s.filter.area {
            Some(AreaFilter::Prefecture { prefecture } | AreaFilter::City { prefecture, .. }) => {
                Some(*prefecture)
            }
            _ => fixed_prefecture,
        })
    });
    let area_value = move || {
        state.with(|s| match &s.filter.area {
            None => String::new(),
            Some(AreaFilter::Online) => "online".into(),
            Some(AreaFilter::Prefecture { prefecture } | AreaFilter::City { prefecture, .. }) => {
                prefecture.code().to_string()
            }
        })
    };
    let city_value = move || {
        state.with(|s| match &s.filter.area {
            Some(AreaFilter::City { city, .. }) => city.clone(),
            _ => String::new(),
        })
    };
    let top = move || {
        facets.with(|f| {
            let f = f.as_ref()?;
            Some((f.online, f.prefectures.clone()))
        })
    };
    let cities = move || {
        let prefecture = chosen_prefecture.get()?;
        facets.with(|f| {
            let f = f.as_ref()?;
            Some(
                f.cities
                    .iter()
                    .filter(|(p, _, _)| *p == prefecture)
                    .map(|(_, c, n)| (c.clone(), *n))
                    .collect::<Vec<_>>(),
            )
        })
    };
    let pick = move |value: String| {
        let area = match value.as_str() {
            "" => None,
            "online" => Some(AreaFilter::Online),
            code => code
                .parse::<u8>()
                .ok()
                .and_then(Prefecture::from_code)
                .map(|prefecture| AreaFilter::Prefecture { prefecture }),
        };
        nav.change(Entry::Push, |s| s.filter.area = area);
    };
    let pick_city = move |city: String| {
        let Some(prefecture) = chosen_prefecture.get_untracked() else {
            return;
        };
        let area = if city.is_empty() {
            (fixed_prefecture.is_none()).then_some(AreaFilter::Prefecture { prefecture })
        } else {
            Some(AreaFilter::City { prefecture, city })
        };
        nav.change(Entry::Push, |s| s.filter.area = area);
    };
    view! {
        <fieldset class="choices area" data-testid="filter-area">
            <legend>{text.filter_field(FilterField::Area)}</legend>
            {fixed_prefecture.is_none().then(|| view! {
                <label class="select">
                    <span>{text.area_label()}</span>
                    <select data-testid="area" prop:value=area_value on:change=move |ev| pick(event_target_value(&ev))>
                        <option value="" selected=move || area_value().is_empty()>{text.anywhere()}</option>
                        {move || top().map(|(online, prefectures)| view! {
                            <option value="online" selected=move || area_value() == "online">
                                {format!("{}{}", text.online_area(), text.count_in_parens(online))}
                            </option>
                            {prefectures
                                .into_iter()
                                .map(|(p, n)| {
                                    let code = p.code().to_string();
                                    let value = code.clone();
                                    view! {
                                        <option value=code selected=move || area_value() == value>
                                            {format!("{}{}", text.prefecture(p), text.count_in_parens(n))}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        })}
                    </select>
                </label>
            })}
            {move || cities().map(|cities| view! {
                <label class="select">
                    <span>{text.city_label()}</span>
                    <select data-testid="city" prop:value=city_value on:change=move |ev| pick_city(event_target_value(&ev))>
                        <option value="" selected=move || city_value().is_empty()>{text.all_cities()}</option>
                        {cities
                            .into_iter()
                            .map(|(city, n)| {
                                let label = format!("{city}{}", text.count_in_parens(n));
                                let value = city.clone();
                                view! {
                                    <option value=city selected=move || city_value() == value>{label}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            })}
        </fieldset>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clearing_a_field_unsets_it_and_only_it() {
        let mut filter = GroupFilter {
            // Only whether the text is set matters here; ASCII needs no NFKC, and the widget's
            // own folder calls the browser.
            text: TextQuery::with_folder(
                "GA",
                tsunagu_contract::search::Folder::new(str::to_owned),
            ),
            categories: vec![Category::Gambling],
            area: Some(AreaFilter::Online),
            formats: vec![Format::Online],
            weekdays: vec![chrono::Weekday::Wed],
            times: vec![TimeOfDay::Evening],
            audiences: vec![Audience::Family],
            options: vec![ParticipationOption::Anonymous],
            free_only: true,
            ..GroupFilter::default()
        };
        assert!(FilterField::ALL.iter().all(|f| f.is_set(&filter)));
        assert_eq!(panel_conditions(&filter), 8);
        for field in FilterField::ALL {
            let before = FilterField::ALL
                .iter()
                .filter(|f| f.is_set(&filter))
                .count();
            field.clear(&mut filter);
            assert!(!field.is_set(&filter), "{field:?}");
            let after = FilterField::ALL
                .iter()
                .filter(|f| f.is_set(&filter))
                .count();
            assert_eq!(after + 1, before, "{field:?} cleared something else too");
        }
        assert!(filter.is_empty());
    }
}
