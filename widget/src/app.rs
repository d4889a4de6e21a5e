//! The root component of one instance: loads the directory (with a skeleton meanwhile, and a
//! retry and the facility's phone when it fails), then shows the finder or the form alone.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use tsunagu_contract::Lang;
use tsunagu_contract::feed::Feed;
use tsunagu_contract::filter::DirectoryIndex;

use crate::api;
use crate::components::finder::Finder;
use crate::config::{Mode, WidgetConfig};
use crate::error::{Error, Result};
use crate::events::{self, Detail, Host};
use crate::i18n::ui;
use crate::instance::{self, text};
use crate::parts::{Part, Shown};

/// One widget instance: provides its per-instance context (see [`crate::instance`]).
#[component]
pub(crate) fn App(
    /// Settings read from the placeholder.
    config: WidgetConfig,
    /// The placeholder, for the host page's events.
    host: Host,
    /// The loader's download of this instance's directory, started before the wasm arrived;
    /// used by the first attempt only.
    early: Option<js_sys::Promise>,
) -> impl IntoView {
    instance::provide(config, host);
    let config = instance::config();
    let text = text();
    let early = StoredValue::new_local(early);
    // The feed once its download settled, until the view below takes it (it is indexed once,
    // not copied); `loading` says whether a download is under way.
    let arrived = RwSignal::new_local(None::<Result<Feed>>);
    let loading = RwSignal::new(true);
    let load = move || {
        loading.set(true);
        let config = config.get_value();
        let early = early.try_update_value(Option::take).flatten();
        leptos::task::spawn_local(async move {
            let feed = api::fetch_feed(&config, early).await;
            // Gone if the instance was removed meanwhile.
            let _ = arrived.try_set(Some(feed));
            let _ = loading.try_set(false);
        });
    };
    load();

    view! {
        <section
            class="widget"
            aria-label=text.widget_label()
            aria-busy=move || loading.get().to_string()
        >
            {move || {
                arrived.track();
                match arrived.try_update_untracked(Option::take).flatten() {
                    None => view! { <Skeleton /> }.into_any(),
                    Some(Err(error)) => view! {
                        <LoadFailed
                            error=error
                            on_retry=Callback::new(move |()| {
                                arrived.set(None);
                                load();
                            })
                        />
                    }
                    .into_any(),
                    Some(Ok(feed)) => {
                        let index = DirectoryIndex::new(feed, utc_now());
                        let groups = config.with_value(|c| {
                            index.count(&c.scope)
                        });
                        let directory: SharedDirectory = StoredValue::new(index);
                        // Provided on this branch's owner, which the views below hang from; a retry
                        // that loads again provides the new one the same way.
                        provide_context(directory);
                        provide_context(follow_the_clock(directory));
                        config.with_value(|c| {
                            events::dispatch(host, "tsunagu:ready", Detail::of(&c.instance).number("groups", groups));
                        });
                        match config.with_value(|c| c.mode) {
                            Mode::Form => view! {
                                <Part show=Shown::Form { group: None, on_close: None } />
                            }
                            .into_any(),
                            Mode::Both | Mode::Finder => view! {
                                <Finder />
                            }
                            .into_any(),
                        }
                    }
                }
            }}
        </section>
    }
}

/// Placeholder cards while the directory loads, so the page does not jump when it arrives.
#[component]
fn Skeleton() -> impl IntoView {
    let text = text();
    view! {
        <div class="skeleton" data-testid="loading">
            <p class="status" role="status">{text.loading()}</p>
            {(0..3).map(|_| view! {
                <div class="card ghost" aria-hidden="true">
                    <div class="bar wide"></div>
                    <div class="bar"></div>
                    <div class="bar short"></div>
                </div>
            }).collect_view()}
        </div>
    }
}

/// Something could not be loaded: say so, offer a retry and the phone.
#[component]
pub(crate) fn LoadFailed(
    /// What went wrong.
    error: Error,
    /// Called when the visitor asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    web_sys::console::warn_1(&format!("tsunagu: {error}").into());
    let text = text();
    view! {
        <div class="status error" role="alert" data-testid="load-error">
            <p>{text.error(&error)}</p>
            <PhoneFallback />
            <button type="button" class="button" on:click=move |_| on_retry.run(())>{text.retry()}</button>
        </div>
    }
}

/// The facility's phone from the placeholder, if the webmaster gave one.
#[component]
pub(crate) fn PhoneFallback() -> impl IntoView {
    let text = text();
    instance::config().with_value(|c| {
        c.phone.as_ref().map(|phone| {
            let hours = c.phone_hours.as_deref().unwrap_or_default();
            view! { <p class="phone" data-testid="phone-fallback">{text.call_instead(phone, hours)}</p> }
        })
    })
}

/// The placeholder is misconfigured; nothing else can be shown.
#[component]
pub(crate) fn ConfigProblem(
    /// The configuration error (already logged for the webmaster).
    error: Error,
) -> impl IntoView {
    let text = ui(Lang::from_tag(&document_lang()));
    view! {
        <p class="status error" role="alert" data-testid="config-error">{text.error(&error)}</p>
    }
}

fn document_lang() -> String {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default()
}

/// The directory, indexed once when it loads, shared by the components without cloning it.
pub(crate) type SharedDirectory = StoredValue<DirectoryIndex>;

/// Changes whenever the clock moved a group's next meeting or its 「開催中」; what shows either
/// reads it (see [`follow_the_clock`]).
#[derive(Clone, Copy)]
pub(crate) struct Clock(pub(crate) RwSignal<u32>);

/// How often a page left open looks at the clock. The feed lists each group's coming meetings,
/// so this is only arithmetic on them; a meeting is shown as 開催中 at most this late.
const CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Moves `directory` along with the visitor's clock for as long as the instance is shown, and
/// returns the [`Clock`] that changes when that changed anything.
fn follow_the_clock(directory: SharedDirectory) -> Clock {
    let clock = Clock(RwSignal::new(0));
    let interval = set_interval_with_handle(
        move || {
            if directory
                .try_update_value(|index| index.at(utc_now()))
                .unwrap_or(false)
            {
                clock.0.update(|n| *n = n.wrapping_add(1));
            }
        },
        CLOCK_EVERY,
    );
    if let Ok(interval) = interval {
        on_cleanup(move || interval.clear());
    }
    clock
}

/// The visitor's clock. Next meetings are computed in Tokyo time from this instant, whatever the
/// visitor's own time zone.
pub(crate) fn utc_now() -> DateTime<Utc> {
    // f64 milliseconds since the epoch; whole milliseconds fit an i64 exactly.
    #[allow(clippy::cast_possible_truncation)]
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}
