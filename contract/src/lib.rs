//! The contract between the tsunagu widget (in the visitor's browser) and the edge worker.
//!
//! Everything that travels between the two sides is defined here, together with the rules both
//! sides apply to it: the support-group [`directory`] and the [`schedule`] rules its groups
//! meet by, visitor [`inquiry`] validation, the kana- and width-insensitive text [`search`], the
//! wire shapes of the HTTP [`api`], the [`feed`] the finder reads, the shared vocabulary of the
//! [`i18n`] catalogue and a facility's private [`config`]. So is what the widget's finder works
//! out: the [`filter`] over the groups with its counts, the months of its [`calendar`] and the
//! state a [`link`] to it carries. The crate has no platform dependencies so that it compiles
//! natively (for tests and tools) and to `wasm32-unknown-unknown` (for both sides). One shared
//! stable [`order::sort_by`] keeps a single copy of the sort in the widget's wasm.
//!
//! The schedule work the widget never does (expanding rules into dates, holidays, reading rules
//! from words, iCalendar, the feed's build, the import and export formats, the KV layout) is
//! not here: it lives on the worker's side in a crate that depends on this one, so none of it
//! reaches the widget's wasm.
//!
//! Modules depend one way: the leaf helpers ([`text`], [`order`], `date`, `wire`, [`code`]) and
//! the text [`search`] first, then [`schedule`], [`calendar`], [`directory`], [`inquiry`],
//! [`i18n`], [`feed`], [`config`], [`api`], [`filter`] and last [`link`]; each uses only those
//! before it.
//!
//! One default feature serves the native side and the worker; the widget, which every visitor
//! downloads, turns it off: `nfkc` (the Unicode tables behind [`search::Folder`]'s built-in NFKC
//! and lower case, which a browser already has).
//!
//! A second feature, `json`, is for the worker: [`Submission::from_json`] and the fault-only
//! [`json::DecodeError`] it shares with the worker's reading of stored records.

pub mod api;
pub mod calendar;
pub mod code;
pub mod config;
mod date;
pub mod directory;
pub mod feed;
pub mod filter;
pub mod i18n;
pub mod inquiry;
#[cfg(feature = "json")]
pub mod json;
pub mod link;
pub mod order;
pub mod schedule;
pub mod search;
pub mod text;
mod wire;

pub use api::{ApiError, ErrorCode, InquiryReceipt};
pub use config::{ConfigError, FacilityConfig, MailContent, MailProvider};
pub use directory::{Category, Directory, DirectoryError, Facility, FacilityId, Group, GroupId};
pub use i18n::Lang;
pub use inquiry::{
    Asker, ContactPreference, FieldError, FormSettings, Inquiry, InquiryError, InquiryField,
    InquiryKind, InquiryStatus, Invalid, PreferredSlot, ReceiptId, StoredInquiry, Submission,
};
