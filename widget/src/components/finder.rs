//! The finder: a kana- and width-insensitive search box over the directory and the matching
//! groups as cards.

use leptos::prelude::*;
use tsunagu_core::filter::GroupFilter;
use tsunagu_core::schedule::Occurrence;
use tsunagu_core::search::TextQuery;
use tsunagu_core::{GroupId, Lang};

use crate::app::SharedDirectory;
use crate::components::group_card::GroupCard;
use crate::i18n::ui;
use crate::nfkc::FOLDER;

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
        let filter = GroupFilter {
            text: TextQuery::with_folder(&query.get(), FOLDER),
            ..GroupFilter::default()
        };
        directory.with_value(|index| {
            index
                .filter(&filter)
                .into_iter()
                .map(|m| Listed {
                    id: m.group.id.clone(),
                    next: m.next,
                    in_progress: m.in_progress,
                })
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
                    key=|listed| listed.clone()
                    children=move |listed| {
                        let on_inquire = on_inquire.clone();
                        view! {
                            <GroupCard
                                directory=directory
                                group=listed.id
                                next=listed.next
                                in_progress=listed.in_progress
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

/// One row of the result list; keyed on all of it so a card re-renders when its next meeting
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Listed {
    id: GroupId,
    next: Option<Occurrence>,
    in_progress: bool,
}
