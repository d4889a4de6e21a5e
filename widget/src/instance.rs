//! What the components of one instance share, as Leptos context rather than props: the
//! settings, the catalogue and the placeholder ([`App`](crate::app::App) provides them), the
//! directory once it has loaded (provided by `App` too), and the finder's state (provided by
//! [`Finder`](crate::components::finder::Finder)).
//!
//! Context hangs on the reactive owner tree, and each `mount_to` starts a tree of its own, so
//! two instances on one page never see each other's values. The accessors look the value up
//! from the current owner through its parents: call them while a component renders and capture
//! the result. An `on:` handler runs under its element's owner, but a spawned task, a timer or a
//! window listener runs under none, and a lookup there would panic.

use leptos::prelude::*;

use crate::app::{Clock, SharedDirectory};
use crate::components::finder::Nav;
use crate::config::WidgetConfig;
use crate::events::Host;
use crate::i18n::{UiText, ui};

/// The values known when the instance mounts, provided together: one context entry (and one
/// copy of the lookup code in the wasm) for all three.
#[derive(Clone, Copy)]
struct Instance {
    config: StoredValue<WidgetConfig>,
    text: &'static dyn UiText,
    host: Host,
}

/// Provides the instance's settings, its catalogue (in the settings' language) and its
/// placeholder to every component below the current owner.
pub(crate) fn provide(config: WidgetConfig, host: Host) {
    let text = ui(config.lang);
    provide_context(Instance {
        config: StoredValue::new(config),
        text,
        host,
    });
}

fn instance() -> Instance {
    expect_context::<Instance>()
}

/// Settings of this instance, read from its placeholder.
pub(crate) fn config() -> StoredValue<WidgetConfig> {
    instance().config
}

/// The catalogue in the instance's language.
pub(crate) fn text() -> &'static dyn UiText {
    instance().text
}

/// The placeholder, where the host page's events are dispatched.
pub(crate) fn host() -> Host {
    instance().host
}

/// The directory, indexed; present once it has loaded, which is before any component that
/// shows groups is made.
pub(crate) fn directory() -> SharedDirectory {
    expect_context::<SharedDirectory>()
}

/// Changes when the visitor's clock moved a group's next meeting; read it where those show.
pub(crate) fn clock() -> Clock {
    expect_context::<Clock>()
}

/// The finder's state; present inside the finder only.
pub(crate) fn nav() -> Nav {
    expect_context::<Nav>()
}
