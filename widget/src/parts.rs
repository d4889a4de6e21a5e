//! The parts of the widget that are not in its first download: the filter panel's conditions, a
//! group's detail, the month calendar and the inquiry form. Each is a wasm module of its own, fetched the first time it
//! is shown, and ahead of that once the first list is on screen and the browser is idle; all
//! instances on a page share what was fetched.
//!
//! Each `#[wasm_split]` function below marks where the build cuts the wasm in two
//! (`scripts/lib.sh`, `build_widget`): it becomes an `async fn` that fetches its part, then
//! runs. Only code reached through such a function alone leaves the first module, so nothing in
//! the finder may name a part's component directly; it goes through [`Part`].
//!
//! `fallible` turns a failed download into an `Err`, which [`Part`] shows with a retry and the
//! facility's phone. Without it the download would `expect` success, and under the release
//! build's `panic=immediate-abort` one failed fetch would stop every instance on the page.

// The split macro declares each part's entry point as an `unsafe extern "C"` import in the first
// module and a `#[unsafe(no_mangle)]` export in the part; the splitter links the two. Nothing
// else here is unsafe.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use tsunagu_contract::GroupId;
use tsunagu_contract::filter::GroupFilter;

use crate::app::LoadFailed;
use crate::components::calendar::MonthCalendar;
use crate::components::filters::Conditions;
use crate::components::group_detail::GroupDetail;
use crate::components::inquiry_form::InquiryForm;
use crate::error::{Error, Result};
use crate::instance::text;

impl From<SplitLoaderError> for Error {
    fn from(_: SplitLoaderError) -> Self {
        // The loader has already written the cause (status, URL) to the console.
        Error::PartMissing
    }
}

/// The detail of `group`; `on_inquire` opens the form for it.
#[wasm_split(detail, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_detail))]
pub(crate) fn detail(group: GroupId, on_inquire: Callback<GroupId>) -> Result<AnyView> {
    Ok(view! { <GroupDetail group=group on_inquire=move |id| on_inquire.run(id) /> }.into_any())
}

/// The filter panel's conditions; their counts follow `effective` while `open`.
#[wasm_split(filters, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_filters))]
pub(crate) fn filters(effective: Memo<GroupFilter>, open: RwSignal<bool>) -> Result<AnyView> {
    Ok(view! { <Conditions effective=effective open=open /> }.into_any())
}

/// The month calendar of the groups `effective` lets through.
#[wasm_split(calendar, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_calendar))]
pub(crate) fn calendar(effective: Memo<GroupFilter>) -> Result<AnyView> {
    Ok(view! { <MonthCalendar effective=effective /> }.into_any())
}

/// The inquiry form about `group` (or, alone on the page, with a group picker); `on_close` leads
/// back to the finder when there is one.
#[wasm_split(form, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_form))]
pub(crate) fn form(group: Option<GroupId>, on_close: Option<Callback<()>>) -> Result<AnyView> {
    Ok(view! { <InquiryForm group=group on_close=on_close /> }.into_any())
}

/// Fetches every part the instance may show, one after another, so that opening one rarely
/// waits. Called once the first list is on screen; it waits for the browser to be idle, and a
/// part that fails here is fetched again when it is opened.
pub(crate) fn prefetch(form: bool) {
    let fetch_all = move || {
        leptos::task::spawn_local(async move {
            // One at a time: the visitor's own requests (a filter, a card) come first.
            if preload_filters().await.is_err() || preload_detail().await.is_err() {
                return;
            }
            if preload_calendar().await.is_err() {
                return;
            }
            if form {
                let _ = preload_form().await;
            }
        });
    };
    let idle = wasm_bindgen::closure::Closure::once_into_js(fetch_all);
    if window()
        .request_idle_callback(wasm_bindgen::JsCast::unchecked_ref(&idle))
        .is_err()
    {
        // No idle callback (Safari before 18): a moment after the first render instead.
        set_timeout(fetch_all, std::time::Duration::from_millis(500));
    }
}

/// A part to show, with what it needs: one type for every part, so that [`Part`] and its
/// loading, failure and retry exist once in the first module.
#[derive(Clone)]
pub(crate) enum Shown {
    /// The filter panel's conditions (see [`filters`]).
    Filters {
        /// The filter in force.
        effective: Memo<GroupFilter>,
        /// Whether the panel is open.
        open: RwSignal<bool>,
    },
    /// A group's detail (see [`detail`]).
    Detail {
        /// The group shown.
        group: GroupId,
        /// Opens the form for it.
        on_inquire: Callback<GroupId>,
    },
    /// The month calendar (see [`calendar`]).
    Calendar {
        /// The filter in force.
        effective: Memo<GroupFilter>,
    },
    /// The inquiry form (see [`form`]).
    Form {
        /// The group asked about; `None` offers a choice.
        group: Option<GroupId>,
        /// Leads back to the finder, if there is one.
        on_close: Option<Callback<()>>,
    },
}

impl Shown {
    /// Fetches the part if it is not here yet, then renders it.
    async fn load(self) -> Result<AnyView> {
        match self {
            Shown::Filters { effective, open } => filters(effective, open).await,
            Shown::Detail { group, on_inquire } => detail(group, on_inquire).await,
            Shown::Calendar { effective } => calendar(effective).await,
            Shown::Form { group, on_close } => form(group, on_close).await,
        }
    }
}

/// Shows a part once it has arrived: meanwhile a status line, and when it cannot be fetched
/// the reason, a retry and the facility's phone.
#[component]
pub(crate) fn Part(
    /// Which part, with what it needs.
    show: Shown,
) -> impl IntoView {
    let text = text();
    // The part's view once its download settled. A view is placed once: the closure below
    // takes it out when it places it.
    let arrived = RwSignal::new_local(None::<Result<AnyView>>);
    let load = move || {
        let show = show.clone();
        // The part's components look up the instance's context while the future runs, so it
        // runs under this component's owner; a bare spawned task has none.
        leptos::task::spawn_local(ScopedFuture::new_untracked(async move {
            let view = show.load().await;
            // Gone if the visitor left before the part arrived.
            let _ = arrived.try_set(Some(view));
        }));
    };
    load();
    let retry = Callback::new(move |()| {
        arrived.set(None);
        load();
    });
    move || {
        arrived.track();
        match arrived.try_update_untracked(Option::take).flatten() {
            None => view! {
                <p class="status" role="status" data-testid="part-loading">{text.opening()}</p>
            }
            .into_any(),
            Some(Ok(view)) => view,
            Some(Err(error)) => view! { <LoadFailed error=error on_retry=retry /> }.into_any(),
        }
    }
}
