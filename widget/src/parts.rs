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

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use send_wrapper::SendWrapper;
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

/// Shows a part once it has arrived: meanwhile a status line, and when it cannot be fetched
/// the reason, a retry and the facility's phone.
#[component]
pub(crate) fn Part<F, Fut>(
    /// Fetches the part if it is not here yet, then renders it.
    show: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView>> + 'static,
{
    let text = text();
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! {
            <p class="status" role="status" data-testid="part-loading">{text.opening()}</p>
        }>
            {move || {
                // Read here, not in the future: a retry must make a new one.
                attempt.track();
                let show = show.clone();
                // The future holds the wasm loader's handles, which are not `Send`; the
                // widget runs on the browser's one thread.
                Suspend::new(SendWrapper::new(async move {
                    match show().await {
                        Ok(view) => view,
                        Err(error) => view! {
                            <LoadFailed error=error on_retry=move || attempt.update(|n| *n += 1) />
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}
