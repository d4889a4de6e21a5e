//! The support-group directory: the facilities (organisations) and the groups they run.
//!
//! This is the first, thin cut of the model; schedules are still free text here.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What can be wrong with a directory or an identifier in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// An identifier is not a slug.
    #[error(
        "identifier {value:?} must be 1 to 64 characters of lowercase a-z, digits and inner hyphens"
    )]
    InvalidId {
        /// The rejected identifier.
        value: String,
    },
    /// Two facilities share one identifier.
    #[error("facility {id} appears more than once")]
    DuplicateFacility {
        /// The repeated identifier.
        id: FacilityId,
    },
    /// Two groups share one identifier.
    #[error("group {id} appears more than once")]
    DuplicateGroup {
        /// The repeated identifier.
        id: GroupId,
    },
    /// A group names a facility the directory does not contain.
    #[error("group {group} belongs to facility {facility}, which is not in the directory")]
    UnknownFacility {
        /// The group that refers to the missing facility.
        group: GroupId,
        /// The facility it refers to.
        facility: FacilityId,
    },
    /// A facility or group has an empty name.
    #[error("{id} has an empty name")]
    EmptyName {
        /// The facility or group identifier.
        id: String,
    },
    /// A group has no category, so no category filter could ever find it.
    #[error("group {id} has no category")]
    NoCategory {
        /// The group identifier.
        id: GroupId,
    },
}

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

/// What a group is about. The first cut of the taxonomy; each value has a label in every
/// language of the [`crate::i18n`] catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Alcohol dependence (AA and similar).
    Alcohol,
    /// Drug dependence (NA and similar).
    Drugs,
    /// Gambling (GA and similar).
    Gambling,
    /// Gaming and internet dependence.
    Gaming,
    /// Groups for family members and friends (Al-Anon and similar).
    Family,
    /// Hikikomori support and ibasho (居場所) spaces.
    Hikikomori,
    /// Peer support for people with an intractable disease (難病).
    IntractableDisease,
    /// Mental health in general.
    MentalHealth,
    /// Eating disorders (NABA and similar).
    EatingDisorder,
    /// Crime victims and bereaved families.
    CrimeVictims,
    /// School refusal (不登校).
    SchoolRefusal,
    /// Employment support (就労支援).
    Employment,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 12] = [
        Category::Alcohol,
        Category::Drugs,
        Category::Gambling,
        Category::Gaming,
        Category::Family,
        Category::Hikikomori,
        Category::IntractableDisease,
        Category::MentalHealth,
        Category::EatingDisorder,
        Category::CrimeVictims,
        Category::SchoolRefusal,
        Category::Employment,
    ];
}

/// A facility (organisation) as the public sees it. Private settings such as staff addresses
/// live in the worker's facility configuration, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    /// Stable identifier.
    pub id: FacilityId,
    /// Display name, e.g. 「就労移行支援事業所 ひだまり登戸」.
    pub name: String,
    /// Area in words, e.g. 「神奈川県川崎市」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Public phone number for visitors who prefer to call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the phone is answered, in words, e.g. 「月〜土 9:00〜17:00」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_hours: Option<String>,
}

/// One group or program a visitor can join or ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable identifier, unique across the directory.
    pub id: GroupId,
    /// The facility that runs the group.
    pub facility: FacilityId,
    /// Display name, e.g. 「オンライン居場所 ここにいるよ。」.
    pub name: String,
    /// What the group is about; at least one.
    pub categories: Vec<Category>,
    /// When it meets, in words, e.g. 「第2・3・4水曜日 13:00〜21:00」.
    pub schedule: String,
    /// One or two sentences for the list card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The whole directory one deployment serves: facilities and their groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Every facility.
    pub facilities: Vec<Facility>,
    /// Every group, each belonging to one of [`Directory::facilities`].
    pub groups: Vec<Group>,
}

impl Directory {
    /// Checks that identifiers are unique, names are present and every group's facility exists.
    pub fn validate(&self) -> Result<(), DirectoryError> {
        let mut facilities = HashSet::new();
        for facility in &self.facilities {
            if !facilities.insert(&facility.id) {
                return Err(DirectoryError::DuplicateFacility {
                    id: facility.id.clone(),
                });
            }
            if facility.name.trim().is_empty() {
                return Err(DirectoryError::EmptyName {
                    id: facility.id.to_string(),
                });
            }
        }
        let mut groups = HashSet::new();
        for group in &self.groups {
            if !groups.insert(&group.id) {
                return Err(DirectoryError::DuplicateGroup {
                    id: group.id.clone(),
                });
            }
            if group.name.trim().is_empty() {
                return Err(DirectoryError::EmptyName {
                    id: group.id.to_string(),
                });
            }
            if group.categories.is_empty() {
                return Err(DirectoryError::NoCategory {
                    id: group.id.clone(),
                });
            }
            if !facilities.contains(&group.facility) {
                return Err(DirectoryError::UnknownFacility {
                    group: group.id.clone(),
                    facility: group.facility.clone(),
                });
            }
        }
        Ok(())
    }

    /// The facility with this identifier.
    pub fn facility(&self, id: &FacilityId) -> Option<&Facility> {
        self.facilities.iter().find(|f| &f.id == id)
    }

    /// The group with this identifier.
    pub fn group(&self, id: &GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| &g.id == id)
    }

    /// The part of the directory that belongs to one facility (for a facility's own widget).
    pub fn for_facility(&self, id: &FacilityId) -> Directory {
        Directory {
            facilities: self
                .facilities
                .iter()
                .filter(|f| &f.id == id)
                .cloned()
                .collect(),
            groups: self
                .groups
                .iter()
                .filter(|g| &g.facility == id)
                .cloned()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facility(id: &str) -> Facility {
        Facility {
            id: FacilityId::new(id).unwrap(),
            name: format!("施設 {id}"),
            area: None,
            phone: None,
            phone_hours: None,
        }
    }

    fn group(id: &str, facility: &str) -> Group {
        Group {
            id: GroupId::new(id).unwrap(),
            facility: FacilityId::new(facility).unwrap(),
            name: format!("グループ {id}"),
            categories: vec![Category::Hikikomori],
            schedule: "第2・4水曜日 13:00〜15:00".into(),
            summary: None,
        }
    }

    #[test]
    fn slugs_reject_separators_and_case() {
        for bad in [
            "",
            "A",
            "a/b",
            "../x",
            "a.b",
            "-a",
            "a-",
            "a b",
            "あ",
            &"a".repeat(65),
        ] {
            assert!(FacilityId::new(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["a", "kokoiru-2", "0", &"a".repeat(64)] {
            assert!(GroupId::new(good).is_ok(), "{good:?} rejected");
        }
    }

    #[test]
    fn ids_deserialize_through_validation() {
        let err = serde_json::from_str::<GroupId>("\"../../etc\"").unwrap_err();
        assert!(err.to_string().contains("lowercase"), "{err}");
    }

    #[test]
    fn validate_finds_each_problem() {
        let ok = Directory {
            facilities: vec![facility("f")],
            groups: vec![group("g", "f")],
        };
        assert_eq!(ok.validate(), Ok(()));

        let mut dup = ok.clone();
        dup.groups.push(group("g", "f"));
        assert!(matches!(
            dup.validate(),
            Err(DirectoryError::DuplicateGroup { .. })
        ));

        let mut orphan = ok.clone();
        orphan.groups.push(group("h", "nowhere"));
        assert!(matches!(
            orphan.validate(),
            Err(DirectoryError::UnknownFacility { .. })
        ));

        let mut uncategorised = ok.clone();
        uncategorised.groups[0].categories.clear();
        assert!(matches!(
            uncategorised.validate(),
            Err(DirectoryError::NoCategory { .. })
        ));
    }

    #[test]
    fn for_facility_keeps_only_its_groups() {
        let dir = Directory {
            facilities: vec![facility("a"), facility("b")],
            groups: vec![group("a1", "a"), group("b1", "b"), group("a2", "a")],
        };
        let only_a = dir.for_facility(&FacilityId::new("a").unwrap());
        assert_eq!(only_a.facilities.len(), 1);
        assert_eq!(
            only_a
                .groups
                .iter()
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>(),
            ["a1", "a2"]
        );
    }

    #[test]
    fn demo_directory_is_valid() {
        let dir: Directory =
            serde_json::from_str(include_str!("../../demo/data/directory.json")).unwrap();
        dir.validate().unwrap();
        assert!(dir.groups.len() >= 6);
    }
}
