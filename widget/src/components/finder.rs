//! The finder: a kana- and width-insensitive search box over the directory and the matching
//! groups as cards.

use leptos::prelude::*;
use tsunagu_core::search::TextQuery;
use tsunagu_core::{GroupId, Lang};

use crate::app::SharedDirectory;
use crate::components::group_card::GroupCard;
use crate::i18n::ui;

/// Search box, result count and list.
#[component]
pub(crate) fn Finder(
    /// The directory to search.
    directory: SharedDirectory,
    /// The visitor's language.
    lang: Lang,
    /// The search text; owned by the parent so it survives a visit to the form.
    query: RwSignal<String>,
    /// Called with a group when the visitor wants to ask about it.
    on_inquire: impl Fn(GroupId) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let text = ui(lang);
    let matches = Memo::new(move |_| {
        let query = TextQuery::new(&query.get());
        directory.with_value(|d| {
            query
                .filter(d)
                .into_iter()
                .map(|g| g.id.clone())
                .collect::<Vec<_>>()
        })
    });

    view! {
        <div class="finder">
            <div class="search">
                <label for="tsunagu-search">{text.search_label()}</label>
                <input
                    id="tsunagu-search"
                    type="search"
                    data-testid="search"
                    autocomplete="off"
                    placeholder=text.search_placeholder()
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            <h2 class="count" aria-live="polite" data-testid="result-count">
                {move || text.result_count(matches.get().len())}
            </h2>
            <Show when=move || matches.with(Vec::is_empty)>
                <p class="empty" data-testid="no-results">{text.no_results()}</p>
            </Show>
            <ul class="groups" data-testid="group-list">
                <For
                    each=move || matches.get()
                    key=|id| id.clone()
                    children=move |id| {
                        let on_inquire = on_inquire.clone();
                        view! {
                            <GroupCard
                                directory=directory
                                group=id
                                lang=lang
                                on_inquire=on_inquire
                            />
                        }
                    }
                />
            </ul>
        </div>
    }
}
