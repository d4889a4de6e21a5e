//! The tsunagu schedule engine: the work on a directory that the worker and the CLI do and the
//! widget never does, over the types of [`tsunagu_contract`].
//!
//! It expands a group's rules into dated meetings ([`schedule::Expand`]) with Japan's public
//! [`holidays`], reads rules from Japanese words and says them in words ([`schedule`]), builds
//! the finder's [`feed`] and the month calendar ([`api::month`]), writes iCalendar files
//! ([`ics`], [`api::group_calendar`]), and knows the worker's [`kv`] layout. The `exchange`
//! feature (on by default, for the CLI) adds the CSV and Meeting Guide formats a directory is
//! imported from and exported to.
//!
//! It depends on the contract and never the other way round, so the widget, which links only
//! the contract, carries none of it.

pub mod api;
#[cfg(feature = "exchange")]
pub mod exchange;
pub mod feed;
pub mod holidays;
pub mod ics;
pub mod kv;
pub mod schedule;
pub mod search;
