//! The finder: search box, filters, the list or the month calendar, a group's detail and the
//! inquiry form opened from it. Its state lives in the page URL (see [`crate::route`]), so Back,
//! reload and shared links show what the visitor saw.

use std::time::Duration;

use leptos::html::H2;
use leptos::prelude::*;
use tsunagu_contract::GroupId;
use tsunagu_contract::filter::GroupFilter;
use tsunagu_contract::link::{FinderState, View};
use tsunagu_contract::search::TextQuery;

use crate::components::filters::FilterPanel;
use crate::components::inquiry_form::open_form_group;
use crate::components::results::{More, Results, page_of};
use crate::config::Mode;
use crate::events::{self, Detail};
use crate::instance::{config, directory, host, text};
use crate::nfkc::FOLDER;
use crate::parts::{self, Part, Shown};
use crate::route::{self, Entry};

/// How long typing pauses before the URL follows the search box: one history write per pause,
/// not per key (browsers throttle pages that rewrite the URL too often).
const URL_PAUSE: Duration = Duration::from_millis(400);

/// The finder's state and how it changes: every change goes through here so the URL follows.
#[derive(Clone, Copy)]
pub(crate) struct Nav {
    /// What the visitor chose.
    pub(crate) state: RwSignal<FinderState>,
    instance: StoredValue<String>,
    /// Set once the visitor has done something; focus moves only in answer to the visitor.
    acted: StoredValue<bool>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl Nav {
    fn new(state: FinderState, instance: String) -> Nav {
        Nav {
            state: RwSignal::new(state),
            instance: StoredValue::new(instance),
            acted: StoredValue::new(false),
            pending: StoredValue::new(None),
        }
    }

    /// Applies `change` and records it in the URL as `entry`.
    pub(crate) fn change(self, entry: Entry, change: impl FnOnce(&mut FinderState)) {
        self.acted.set_value(true);
        self.state.update(change);
        match entry {
            Entry::Push => {
                self.cancel_pending();
                self.write(Entry::Push);
            }
            Entry::Replace => {
                self.cancel_pending();
                let handle = set_timeout_with_handle(move || self.write(Entry::Replace), URL_PAUSE);
                self.pending.set_value(handle.ok());
            }
        }
    }

    fn cancel_pending(self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
            // What was typed before this change belongs to the entry being left.
            self.write(Entry::Replace);
        }
    }

    fn write(self, entry: Entry) {
        self.pending.set_value(None);
        self.instance
            .with_value(|i| self.state.with_untracked(|s| route::write(i, s, entry)));
    }

    /// The link to the state `change` makes of the current one.
    pub(crate) fn href(self, change: impl FnOnce(&mut FinderState)) -> String {
        let mut state = self.state.get_untracked();
        change(&mut state);
        self.instance.with_value(|i| route::href(i, &state))
    }

    /// Whether the visitor has acted since the finder opened.
    pub(crate) fn acted(self) -> bool {
        self.acted.get_value()
    }

    /// Opens a group's detail.
    pub(crate) fn open(self, group: GroupId) {
        self.change(Entry::Push, |s| s.group = Some(group));
    }

    /// A click on a link to a group's detail: a plain click opens it here; a modified one
    /// (new tab, new window) is left to the browser, which follows the link's `href`.
    pub(crate) fn follow(self, ev: &leptos::ev::MouseEvent, group: &GroupId) {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        self.open(group.clone());
    }
}

/// The visitor's filter kept within the webmaster's scope: a field the scope lists may only
/// narrow further, never widen.
pub(crate) fn within(scope: &GroupFilter, visitor: &GroupFilter) -> GroupFilter {
    fn narrow<T: PartialEq + Clone>(scope: &[T], visitor: &[T]) -> Vec<T> {
        let kept: Vec<T> = visitor
            .iter()
            .filter(|v| scope.is_empty() || scope.contains(v))
            .cloned()
            .collect();
        if kept.is_empty() {
            scope.to_vec()
        } else {
            kept
        }
    }
    use tsunagu_contract::filter::AreaFilter;
    let area = match (&scope.area, &visitor.area) {
        (None, visitor) => visitor.clone(),
        (
            Some(AreaFilter::Prefecture { prefecture }),
            Some(AreaFilter::City { prefecture: p, .. }),
        ) if p == prefecture => visitor.area.clone(),
        (scope, _) => scope.clone(),
    };
    GroupFilter {
        facility: scope.facility.clone(),
        categories: narrow(&scope.categories, &visitor.categories),
        formats: narrow(&scope.formats, &visitor.formats),
        area,
        ..visitor.clone()
    }
}

/// Search, filters, list or calendar, detail and form; provides its [`Nav`] to them.
#[component]
pub(crate) fn Finder() -> impl IntoView {
    let config = config();
    let directory = directory();
    let host = host();
    let text = text();
    let (initial, problems) = config.with_value(|c| route::read(&c.instance));
    for problem in problems {
        web_sys::console::warn_1(&format!("tsunagu: ignored in the address: {problem}").into());
    }
    let nav = Nav::new(initial, config.with_value(|c| c.instance.clone()));
    provide_context(nav);
    let state = nav.state;
    let can_inquire = config.with_value(|c| c.mode != Mode::Finder);
    // The form is not in the URL; a reload reopens it from the tab's note (with its draft) if
    // the URL still shows the same group.
    let reopened = config
        .with_value(|c| open_form_group(&c.instance))
        .and_then(|id| {
            nav.state
                .with_untracked(|s| s.group.clone())
                .filter(|g| g.as_str() == id)
        })
        .filter(|_| can_inquire);
    let inquiring = RwSignal::new(reopened);

    // Back and Forward: the URL is the truth; the form is not in it and closes.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        let (read, _) = config.with_value(|c| route::read(&c.instance));
        nav.acted.set_value(true);
        inquiring.set(None);
        if state.with_untracked(|s| *s != read) {
            state.set(read);
        }
    });
    on_cleanup(move || popstate.remove());

    let scope = config.with_value(|c| c.scope.clone());
    let effective = Memo::new(move |_| state.with(|s| within(&scope, &s.filter)));
    let more = RwSignal::new(More::default());
    let page = page_of(
        directory,
        effective,
        more,
        config.with_value(|c| c.page_size),
    );
    let open = Memo::new(move |_| state.with(|s| s.group.clone()));
    let view = Memo::new(move |_| state.with(|s| s.view));

    // Analytics: the filter without its text, and the count; never on the first render.
    Effect::new(move |previous: Option<()>| {
        let filter = state.with(|s| {
            let mut s = FinderState {
                filter: s.filter.clone(),
                ..FinderState::default()
            };
            s.filter.text = TextQuery::default();
            s
        });
        let results = page.with(|p| p.total);
        if previous.is_some() {
            config.with_value(|c| {
                let pairs = filter
                    .to_pairs()
                    .into_iter()
                    .fold(Detail::empty(), |pairs, (key, value)| {
                        pairs.text(key, &value)
                    });
                events::dispatch(
                    host,
                    "tsunagu:filter-change",
                    Detail::of(&c.instance)
                        .object("filter", pairs)
                        .number("results", results),
                );
            });
        }
    });

    let heading = NodeRef::<H2>::new();
    // Leaving a group (its back button, or Back in the browser) lands on the count heading, not
    // on the top of the page; the list was only hidden, so the visitor's place in it is kept.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.with(Option::is_some) || inquiring.with(Option::is_some);
        if was_open == Some(true) && !is_open && nav.acted() {
            focus_later(heading);
        }
        is_open
    });
    let detail = move || {
        if let Some(group) = inquiring.get() {
            let on_close = Some(Callback::new(move |()| inquiring.set(None)));
            return view! { <Part show=Shown::Form { group: Some(group), on_close } /> }.into_any();
        }
        match open.get() {
            Some(group) => {
                let on_inquire = Callback::new(move |id| inquiring.set(Some(id)));
                view! { <Part show=Shown::Detail { group, on_inquire } /> }.into_any()
            }
            None => ().into_any(),
        }
    };
    let body = move || match view.get() {
        View::List => view! {
            <Results effective=effective page=page more=more heading=heading />
        }
        .into_any(),
        View::Calendar => view! { <Part show=Shown::Calendar { effective } /> }.into_any(),
    };
    // Once the first list is on screen, fetch what the visitor may open next.
    Effect::new(move |_| parts::prefetch(can_inquire));
    view! {
        {detail}
        <div class="finder" hidden=move || open.with(Option::is_some) || inquiring.with(Option::is_some)>
            <div class="search" role="search">
                <label for="tsunagu-search">{text.search_label()}</label>
                <input
                    id="tsunagu-search"
                    type="search"
                    data-testid="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=text.search_placeholder()
                    prop:value=move || state.with(|s| s.filter.text.as_str().to_owned())
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        nav.change(Entry::Replace, |s| s.filter.text = TextQuery::with_folder(&typed, FOLDER));
                    }
                />
            </div>
            <FilterPanel effective=effective on_clear=Callback::new(move |()| focus_later(heading)) />
            <div class="views" role="group" aria-label=text.view_label()>
                <button
                    type="button"
                    class="button toggle"
                    data-testid="view-list"
                    aria-pressed=move || (view.get() == View::List).to_string()
                    on:click=move |_| nav.change(Entry::Push, |s| s.view = View::List)
                >
                    {text.view_list()}
                </button>
                <button
                    type="button"
                    class="button toggle"
                    data-testid="view-calendar"
                    aria-pressed=move || (view.get() == View::Calendar).to_string()
                    on:click=move |_| nav.change(Entry::Push, |s| s.view = View::Calendar)
                >
                    {text.view_calendar()}
                </button>
            </div>
            {body}
        </div>
    }
}

/// Focuses `target` once it is rendered and shown (after the current update).
pub(crate) fn focus_later<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    NodeRef<E>: Copy,
{
    request_animation_frame(move || {
        if let Some(el) = target.get_untracked() {
            use wasm_bindgen::JsCast;
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use tsunagu_contract::directory::{Category, Format, Prefecture};
    use tsunagu_contract::filter::AreaFilter;

    use super::*;

    fn kanagawa() -> Prefecture {
        Prefecture::from_code(14).expect("14 is Kanagawa")
    }

    #[test]
    fn the_scope_narrows_and_is_never_widened() {
        let scope = GroupFilter {
            categories: vec![Category::Alcohol, Category::Gambling],
            formats: vec![Format::Online],
            area: Some(AreaFilter::Prefecture {
                prefecture: kanagawa(),
            }),
            ..GroupFilter::default()
        };
        // Nothing chosen: the scope itself.
        assert_eq!(within(&scope, &GroupFilter::default()), scope);
        // A choice inside the scope narrows it.
        let visitor = GroupFilter {
            categories: vec![Category::Gambling],
            area: Some(AreaFilter::City {
                prefecture: kanagawa(),
                city: "川崎市多摩区".into(),
            }),
            free_only: true,
            ..GroupFilter::default()
        };
        let both = within(&scope, &visitor);
        assert_eq!(both.categories, vec![Category::Gambling]);
        assert_eq!(both.area, visitor.area);
        assert!(both.free_only);
        assert_eq!(both.formats, vec![Format::Online]);
        // A choice outside it (a hand-edited link) does not widen it.
        let outside = GroupFilter {
            categories: vec![Category::Drugs],
            area: Some(AreaFilter::Online),
            ..GroupFilter::default()
        };
        let kept = within(&scope, &outside);
        assert_eq!(kept.categories, scope.categories);
        assert_eq!(kept.area, scope.area);
    }
}
