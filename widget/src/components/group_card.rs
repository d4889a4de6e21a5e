//! One group in the result list.

use leptos::prelude::*;
use tsunagu_contract::schedule::Occurrence;

use crate::instance::{config, directory, nav, text};

/// A card with the group's name (a link to its detail), facility, categories, next meeting,
/// rule in words, format and participation options, each with a text label.
#[component]
pub(crate) fn GroupCard(
    /// Where the group is in the directory.
    position: usize,
    /// Its next meeting that is not over, if it has one.
    next: Option<Occurrence>,
    /// Whether that meeting is under way now.
    in_progress: bool,
) -> impl IntoView {
    let (nav, text) = (nav(), text());
    let lang = config().with_value(|c| c.lang);
    let Some((group, facility, words)) = directory().with_value(|d| {
        let group = d.directory().groups.get(position)?.clone();
        let facility = d
            .directory()
            .facility(&group.facility)
            .map(|f| f.name.clone());
        let words = d.prepared(position)?.words(lang).to_owned();
        Some((group, facility, words))
    }) else {
        return ().into_any();
    };
    let id = group.id.clone();
    let href = {
        let id = id.clone();
        nav.href(move |s| s.group = Some(id))
    };
    view! {
        <li class="card" data-testid="group-card" data-group=group.id.to_string()>
            <h3 class="card-title">
                <a
                    href=href
                    data-testid="open-group"
                    on:click=move |ev| nav.follow(&ev, &id)
                >
                    {group.name.clone()}
                </a>
            </h3>
            {facility.map(|name| view! { <p class="facility">{name}</p> })}
            <ul class="chips" aria-label=text.category_label()>
                {group
                    .categories
                    .iter()
                    .map(|c| view! { <li class="chip">{text.category(*c)}</li> })
                    .collect_view()}
            </ul>
            <p class="next" data-testid="next-meeting">
                <span class="label">{text.next_label()}</span>
                {match next {
                    Some(o) => view! { <span data-testid="next-date">{text.occurrence(&o)}</span> }.into_any(),
                    None => view! { <span>{text.no_next()}</span> }.into_any(),
                }}
                {in_progress.then(|| view! {
                    <span class="badge live" data-testid="in-progress">{text.in_progress()}</span>
                })}
            </p>
            <p class="schedule" data-testid="schedule">
                <span class="label">{text.schedule_label()}</span>
                {words}
            </p>
            <p class="format" data-testid="format">
                <span class="label">{text.format_label()}</span>
                {text.format(group.format)}
            </p>
            {(!group.options.is_empty()).then(|| view! {
                <ul class="chips options" data-testid="options" aria-label=text.options_label()>
                    {group
                        .options
                        .iter()
                        .map(|o| view! { <li class="chip option">{text.option(*o)}</li> })
                        .collect_view()}
                </ul>
            })}
            {group.summary.clone().map(|s| view! { <p class="summary">{s}</p> })}
        </li>
    }
    .into_any()
}
