//! Identifiers of facilities and groups: slugs, checked on the way in, because they become parts
//! of KV keys, URLs and file names and must never carry separators or anything needing escapes.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::DirectoryError;

/// Checks the slug form shared by every identifier: it becomes part of KV keys and URLs, so it
/// must never carry separators, dots or anything that needs escaping.
fn check_slug(value: &str) -> Result<(), DirectoryError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(DirectoryError::InvalidId {
            value: value.to_owned(),
        })
    }
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses an identifier, accepting only the slug form.
            pub fn new(value: impl Into<String>) -> Result<Self, DirectoryError> {
                let value = value.into();
                check_slug(&value)?;
                Ok(Self(value))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = DirectoryError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// Identifier of a facility, e.g. `lumiere-noborito`.
    FacilityId
);
slug_id!(
    /// Identifier of a group, unique across the whole directory, e.g. `kokoiru-wed`.
    GroupId
);
