//! The result list: how many groups match (announced to screen readers), one page of cards at a
//! time with 「もっと見る」, and an empty state that says which condition to loosen.

use leptos::html::H2;
use leptos::prelude::*;
use tsunagu_contract::filter::GroupFilter;
use tsunagu_contract::schedule::Occurrence;

use crate::app::SharedDirectory;
use crate::components::filters::FilterField;
use crate::components::finder::within;
use crate::components::group_card::GroupCard;
use crate::instance::{config, directory, nav, text};
use crate::route::Entry;

/// One row of the list. The list is drawn again whenever the page changes (a new filter, more
/// cards, or the clock moving a next meeting): a page is at most 100 cards, and without a keyed
/// diff the first module carries no key hashing or move planning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    /// Where the group is in the directory.
    position: usize,
    next: Option<Occurrence>,
    in_progress: bool,
}

/// What the list shows for a filter: how many match, and the first `limit` of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// How many groups match.
    pub(crate) total: usize,
    shown: Vec<Listed>,
}

/// How many pages beyond the first the visitor asked for, and under which filter: a new filter
/// starts again at the first page without a second pass over the groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct More {
    filter: GroupFilter,
    pages: usize,
}

/// The page of results for the filter in force, worked out in one pass per change (the count
/// heading, the host page's event and the cards all read it).
pub(crate) fn page_of(
    directory: SharedDirectory,
    effective: Memo<GroupFilter>,
    more: RwSignal<More>,
    page_size: usize,
) -> Memo<Page> {
    let clock = crate::instance::clock();
    Memo::new(move |_| {
        clock.0.track();
        effective.with(|filter| {
            let extra = more.with(|m| if m.filter == *filter { m.pages } else { 0 });
            let limit = page_size.saturating_mul(extra + 1);
            directory.with_value(|index| {
                let matches = index.filter(filter);
                Page {
                    total: matches.len(),
                    shown: matches
                        .iter()
                        .take(limit)
                        .map(|m| Listed {
                            position: m.position,
                            next: m.next,
                            in_progress: m.in_progress,
                        })
                        .collect(),
                }
            })
        })
    })
}

/// Count heading, cards and paging.
#[component]
pub(crate) fn Results(
    /// The filter in force.
    effective: Memo<GroupFilter>,
    /// The matches, a page at a time (see [`page_of`]).
    page: Memo<Page>,
    /// Pages shown beyond the first; 「さらに表示」 adds one.
    more: RwSignal<More>,
    /// The count heading, which the finder focuses when the visitor comes back to the list.
    heading: NodeRef<H2>,
) -> impl IntoView {
    let page_size = config().with_value(|c| c.page_size);
    let text = text();
    let more = move || {
        page.with(|p| {
            let left = p.total.saturating_sub(p.shown.len());
            (left > 0).then(|| {
                view! {
                    <button
                        type="button"
                        class="button more"
                        data-testid="more"
                        on:click=move |_| {
                            let shown = page.with_untracked(|p| p.shown.len());
                            more.set(More {
                                filter: effective.get_untracked(),
                                pages: shown / page_size.max(1),
                            });
                        }
                    >
                        {text.show_more(left.min(page_size), left)}
                    </button>
                }
            })
        })
    };

    view! {
        <div class="results">
            <h2 class="count" tabindex="-1" node_ref=heading aria-live="polite" data-testid="result-count">
                {move || text.result_count(page.with(|p| p.total))}
            </h2>
            <Show when=move || page.with(|p| p.total == 0)>
                <EmptyState />
            </Show>
            <ul class="groups" data-testid="group-list">
                {move || page.with(|p| {
                    p.shown
                        .iter()
                        .map(|listed| view! {
                            <GroupCard
                                position=listed.position
                                next=listed.next
                                in_progress=listed.in_progress
                            />
                        })
                        .collect_view()
                })}
            </ul>
            {more}
        </div>
    }
}

/// Nothing matches: say so, and offer to drop each condition that would bring groups back.
#[component]
fn EmptyState() -> impl IntoView {
    let (config, directory, nav, text) = (config(), directory(), nav(), text());
    let suggestions = move || {
        let visitor = nav.state.with(|s| s.filter.clone());
        config.with_value(|c| {
            directory.with_value(|index| {
                FilterField::ALL
                    .into_iter()
                    .filter(|field| field.is_set(&visitor))
                    .filter_map(|field| {
                        let mut looser = visitor.clone();
                        field.clear(&mut looser);
                        let count = index.count(&within(&c.scope, &looser));
                        (count > 0).then_some((field, count))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <div class="empty" data-testid="no-results">
            <p>{text.no_results()}</p>
            <ul class="loosen">
                {move || {
                    suggestions()
                        .into_iter()
                        .map(|(field, count)| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="loosen"
                                        on:click=move |_| nav.change(Entry::Push, |s| field.clear(&mut s.filter))
                                    >
                                        {text.loosen(text.filter_field(field), count)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
