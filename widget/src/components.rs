//! The widget's components, one per file.

pub(crate) mod calendar;
pub(crate) mod filters;
pub(crate) mod finder;
pub(crate) mod group_card;
pub(crate) mod group_detail;
pub(crate) mod inquiry_form;
pub(crate) mod results;
