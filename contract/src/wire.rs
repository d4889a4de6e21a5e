//! Reading serde's internally tagged enums (`{"kind": "fee", "yen": 500}`) without serde's
//! buffering.
//!
//! A derived internally tagged enum, or a `#[serde(flatten)]` field, first reads the whole
//! object into a generic `Content` tree, because the tag may come last. That machinery cost
//! the widget about 10 KB (gzip) for the schedule's `Repeat`, the directory's `Cost` and the
//! inquiry's `FieldError`. Each of them is instead read with `#[serde(try_from)]` from a
//! plain struct holding the tag and every variant's fields as options, then built from the tag.
//! The wire form and the values read are the same; the difference is that a field belonging
//! to another variant must now have the right type although it is ignored.

use std::fmt;

/// A field the tag's variant needs is absent; worded as serde's own message for it.
#[derive(Debug)]
pub(crate) struct MissingField(&'static str);

impl fmt::Display for MissingField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "missing field `{}`", self.0)
    }
}

/// `value`, which the variant read needs as `field`.
pub(crate) fn required<T>(value: Option<T>, field: &'static str) -> Result<T, MissingField> {
    value.ok_or(MissingField(field))
}
