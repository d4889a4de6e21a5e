//! One group in the result list.

use leptos::prelude::*;
use tsunagu_core::schedule::Occurrence;
use tsunagu_core::{GroupId, Lang};

use crate::app::SharedDirectory;
use crate::i18n::ui;

/// A card with the group's name, facility, categories, next meeting, rule in words, format,
/// participation options and an inquiry button.
#[component]
pub(crate) fn GroupCard(
    /// The directory the group is in.
    directory: SharedDirectory,
    /// The group to show.
    group: GroupId,
    /// Its next meeting that is not over, if it has one.
    next: Option<Occurrence>,
    /// Whether that meeting is under way now.
    in_progress: bool,
    /// The visitor's language.
    lang: Lang,
    /// Called with the group when the visitor wants to ask about it.
    on_inquire: impl Fn(GroupId) + 'static,
) -> impl IntoView {
    let text = ui(lang);
    let Some((group, facility)) = directory.with_value(|d| {
        let group = d.directory().group(&group)?.clone();
        let facility = d
            .directory()
            .facility(&group.facility)
            .map(|f| f.name.clone());
        Some((group, facility))
    }) else {
        return ().into_any();
    };
    let id = group.id.clone();
    let inquire_label = text.inquire(&group.name);
    view! {
        <li class="card" data-testid="group-card" data-group=group.id.to_string()>
            <h3 class="card-title">{group.name.clone()}</h3>
            {facility.map(|name| view! { <p class="facility">{name}</p> })}
            <ul class="chips">
                {group
                    .categories
                    .iter()
                    .map(|c| view! { <li class="chip">{text.category(*c)}</li> })
                    .collect_view()}
            </ul>
            {next.map(|o| view! {
                <p class="next" data-testid="next-meeting">
                    <span class="label">{text.next_label()}</span>
                    <span data-testid="next-date">{text.occurrence(&o)}</span>
                    {in_progress.then(|| view! {
                        <span class="badge live" data-testid="in-progress">{text.in_progress()}</span>
                    })}
                </p>
            })}
            <p class="schedule" data-testid="schedule">
                <span class="label">{text.schedule_label()}</span>
                {text.schedule(&group.schedule)}
            </p>
            <p class="format">
                <span class="label">{text.format_label()}</span>
                {text.format(group.format)}
            </p>
            {(!group.options.is_empty()).then(|| view! {
                <ul class="chips options" data-testid="options">
                    {group
                        .options
                        .iter()
                        .map(|o| view! { <li class="chip option">{text.option(*o)}</li> })
                        .collect_view()}
                </ul>
            })}
            {group.summary.clone().map(|s| view! { <p class="summary">{s}</p> })}
            <button
                type="button"
                class="button primary"
                data-testid="inquire"
                on:click=move |_| on_inquire(id.clone())
            >
                {inquire_label}
            </button>
        </li>
    }
    .into_any()
}
