//! The contract between the tsunagu widget (in the visitor's browser) and the edge worker.
//!
//! Everything that travels between the two sides is defined here, together with the rules both
//! sides apply to it: the support-group [`directory`], visitor [`inquiry`] validation, the
//! kana- and width-insensitive text [`search`], the wire shapes of the HTTP [`api`], the shared
//! vocabulary of the [`i18n`] catalogue, a facility's private [`config`], the [`kv`] layout
//! the worker and the loading tools agree on, and the `exchange` formats (CSV for Excel,
//! the Meeting Guide feed) a directory is imported from and exported to. So is what the
//! widget's finder works out: the [`filter`] over the groups with its counts, the months of its
//! [`calendar`] and the state a [`link`] to it carries. The crate has no platform dependencies
//! so that it compiles natively (for tests and tools) and to `wasm32-unknown-unknown` (for
//! both sides). One shared stable [`order::sort_by`] keeps a single copy of the sort in the
//! widget's wasm.
//!
//! Two default features serve the native side and the worker; the widget, which every visitor
//! downloads, turns both off: `exchange` (the `exchange` module and its CSV reader) and `nfkc`
//! (the Unicode tables behind [`search::Folder`]'s built-in NFKC and lower case, which a browser
//! already has).
//!
//! A third feature, `json`, is for the worker: [`Submission::from_json`] and the fault-only
//! [`json::DecodeError`] it shares with the worker's reading of stored records.

pub mod api;
pub mod calendar;
mod code;
pub mod config;
mod date;
pub mod directory;
#[cfg(feature = "exchange")]
pub mod exchange;
pub mod feed;
pub mod filter;
pub mod holidays;
pub mod i18n;
pub mod ics;
pub mod inquiry;
#[cfg(feature = "json")]
pub mod json;
pub mod kv;
pub mod link;
pub mod order;
pub mod schedule;
pub mod search;
mod wire;

pub use api::{ApiError, ErrorCode, InquiryReceipt, ReceiptId};
pub use config::{ConfigError, FacilityConfig, FormSettings, MailContent, MailProvider};
pub use directory::{Category, Directory, DirectoryError, Facility, FacilityId, Group, GroupId};
pub use i18n::Lang;
pub use inquiry::{
    Asker, ContactPreference, FieldError, Inquiry, InquiryError, InquiryField, InquiryKind,
    InquiryStatus, Invalid, PreferredSlot, StoredInquiry, Submission,
};
