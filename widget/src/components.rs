//! The widget's components, one file each.

pub(crate) mod finder;
pub(crate) mod group_card;
pub(crate) mod inquiry_form;
