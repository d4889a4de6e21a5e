//! The support-group directory: the facilities (organisations) and the groups they run, with
//! everything a visitor filters on and everything the detail view shows.
//!
//! Split by concern: identifiers ([`id`]), the closed vocabularies ([`taxonomy`]), places
//! ([`place`]); when a group meets lives in [`crate::schedule`].

mod id;
mod place;
mod taxonomy;

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use id::{FacilityId, GroupId};
pub use place::{Place, Prefecture};
pub use taxonomy::{Audience, Category, Cost, Format, ParticipationOption};

use crate::schedule::{Schedule, ScheduleError};
use crate::text::is_web_url;

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
    /// A prefecture name that is none of the 47.
    #[error("{value:?} is not a Japanese prefecture (write it as 宮城県, 宮城 or Miyagi)")]
    UnknownPrefecture {
        /// The rejected text.
        value: String,
    },
    /// A group that meets in person has no place, neither its own nor its facility's.
    #[error("group {id} meets in person but neither it nor its facility has a place")]
    NoPlace {
        /// The group identifier.
        id: GroupId,
    },
    /// A facility's web address is not an absolute http(s) address. The widget links it, and a
    /// `javascript:` or `data:` address would run in the host page when clicked.
    #[error(
        "facility {id}: the web address {url:?} must start with http:// or https:// and contain no spaces or control characters"
    )]
    BadFacilityUrl {
        /// The facility identifier.
        id: FacilityId,
        /// The rejected address.
        url: String,
    },
    /// A group's web address is not an absolute http(s) address; see
    /// [`DirectoryError::BadFacilityUrl`].
    #[error(
        "group {id}: the web address {url:?} must start with http:// or https:// and contain no spaces or control characters"
    )]
    BadGroupUrl {
        /// The group identifier.
        id: GroupId,
        /// The rejected address.
        url: String,
    },
    /// A group's schedule is not valid.
    #[error("group {id}: {source}")]
    Schedule {
        /// The group identifier.
        id: GroupId,
        /// What is wrong with the schedule.
        source: ScheduleError,
    },
}

/// How to reach a facility or, where it differs, a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Contact {
    /// Public phone number for visitors who prefer to call, e.g. 「044-000-0000」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// When the phone is answered, in words, e.g. 「月〜土 9:00〜18:00」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_hours: Option<String>,
    /// A public email address. Absent means the facility does not show one and visitors write
    /// through the inquiry form instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The facility's or group's own web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Contact {
    /// Whether nothing is filled in.
    pub fn is_empty(&self) -> bool {
        self == &Contact::default()
    }

    /// The web address, when one is given and it is not [`is_web_url`].
    fn bad_url(&self) -> Option<&String> {
        self.url.as_ref().filter(|url| !is_web_url(url))
    }
}

/// How to take part in an online meeting. The meeting link itself is usually sent only after
/// sign-up (seed 002: 申込 → 招待メール → 登録), so the steps are words, not a link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OnlineJoin {
    /// The tool, e.g. 「Zoom」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// What to do, in order, e.g. 「申込フォームから登録」, 「招待メールのリンクから参加」.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
}

/// A facility (organisation) as the public sees it. Private settings such as staff addresses
/// live in the worker's facility configuration, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    /// Stable identifier.
    pub id: FacilityId,
    /// Display name, e.g. 「就労移行支援事業所 ひだまり登戸」.
    pub name: String,
    /// The reading of the name in kana, for search (「ひだまりのぼりと」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
    /// Where the facility is; groups meeting in person there need not repeat it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// How to reach the facility.
    #[serde(default, skip_serializing_if = "Contact::is_empty")]
    pub contact: Contact,
    /// When this entry was last checked by the facility.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::optional"
    )]
    pub updated: Option<NaiveDate>,
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
    /// The reading of the name in kana, for search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
    /// What the group is about; at least one.
    pub categories: Vec<Category>,
    /// For intractable-disease groups, which diseases, e.g. 「パーキンソン病」.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diseases: Vec<String>,
    /// Who the group is for. Empty means どなたでも (anyone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<Audience>,
    /// In person, online or both.
    #[serde(default)]
    pub format: Format,
    /// What a visitor may or must do to take part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ParticipationOption>,
    /// What it costs; absent when the facility has not said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    /// How many people can take part in one meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// How many days before a meeting to apply (0: the same day); absent when no application
    /// is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_days_before: Option<u16>,
    /// Where it meets, when not at its facility's place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// How to join online, for online and hybrid groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineJoin>,
    /// How to reach the group, when it differs from its facility.
    #[serde(default, skip_serializing_if = "Contact::is_empty")]
    pub contact: Contact,
    /// Languages spoken, as BCP 47 tags; empty means Japanese only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// When it meets. Left out of the wire when it says nothing, as in the finder's feed,
    /// which carries a group's meetings instead of its rules.
    #[serde(default, skip_serializing_if = "Schedule::is_unset")]
    pub schedule: Schedule,
    /// Anything about the schedule the rules cannot say, e.g. 「原則として」 or 「8月は休み」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_note: Option<String>,
    /// One or two sentences for the list card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The full description for the detail view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When this entry was last checked by the facility.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::optional"
    )]
    pub updated: Option<NaiveDate>,
}

impl Facility {
    /// A facility with a name and nothing else filled in.
    pub fn new(id: FacilityId, name: impl Into<String>) -> Facility {
        Facility {
            id,
            name: name.into(),
            kana: None,
            place: None,
            contact: Contact::default(),
            updated: None,
        }
    }
}

impl Group {
    /// An online group with a name and one category and nothing else filled in; importers and
    /// tests start from here.
    pub fn new(
        id: GroupId,
        facility: FacilityId,
        name: impl Into<String>,
        category: Category,
    ) -> Group {
        Group {
            id,
            facility,
            name: name.into(),
            kana: None,
            categories: vec![category],
            diseases: Vec::new(),
            audience: Vec::new(),
            format: Format::Online,
            options: Vec::new(),
            cost: None,
            capacity: None,
            apply_days_before: None,
            place: None,
            online: None,
            contact: Contact::default(),
            languages: Vec::new(),
            schedule: Schedule::default(),
            schedule_note: None,
            summary: None,
            description: None,
            updated: None,
        }
    }

    /// Where the group meets: its own place, else `facility`'s (its facility, already looked
    /// up).
    pub fn place_or<'a>(&'a self, facility: Option<&'a Facility>) -> Option<&'a Place> {
        self.place
            .as_ref()
            .or_else(|| facility.and_then(|f| f.place.as_ref()))
    }

    /// Whether the group welcomes this audience (a group for どなたでも welcomes everyone).
    pub fn welcomes(&self, audience: Audience) -> bool {
        self.audience.is_empty()
            || self.audience.contains(&audience)
            || self.audience.contains(&Audience::Anyone)
    }
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
    /// Every problem in the directory, in file order: duplicate identifiers, empty names,
    /// web addresses that are not http(s), missing facilities and categories, in-person groups
    /// without a place, invalid schedules.
    pub fn problems(&self) -> Vec<DirectoryError> {
        let mut problems = Vec::new();
        let mut facilities = HashSet::new();
        for facility in &self.facilities {
            if !facilities.insert(&facility.id) {
                problems.push(DirectoryError::DuplicateFacility {
                    id: facility.id.clone(),
                });
            }
            if facility.name.trim().is_empty() {
                problems.push(DirectoryError::EmptyName {
                    id: facility.id.to_string(),
                });
            }
            if let Some(url) = facility.contact.bad_url() {
                problems.push(DirectoryError::BadFacilityUrl {
                    id: facility.id.clone(),
                    url: url.clone(),
                });
            }
        }
        let mut groups = HashSet::new();
        for group in &self.groups {
            if !groups.insert(&group.id) {
                problems.push(DirectoryError::DuplicateGroup {
                    id: group.id.clone(),
                });
            }
            if group.name.trim().is_empty() {
                problems.push(DirectoryError::EmptyName {
                    id: group.id.to_string(),
                });
            }
            if group.categories.is_empty() {
                problems.push(DirectoryError::NoCategory {
                    id: group.id.clone(),
                });
            }
            if let Some(url) = group.contact.bad_url() {
                problems.push(DirectoryError::BadGroupUrl {
                    id: group.id.clone(),
                    url: url.clone(),
                });
            }
            match self.facility(&group.facility) {
                None => problems.push(DirectoryError::UnknownFacility {
                    group: group.id.clone(),
                    facility: group.facility.clone(),
                }),
                Some(facility) => {
                    if group.format.is_in_person()
                        && group.place.is_none()
                        && facility.place.is_none()
                    {
                        problems.push(DirectoryError::NoPlace {
                            id: group.id.clone(),
                        });
                    }
                }
            }
            if let Err(source) = group.schedule.validate() {
                problems.push(DirectoryError::Schedule {
                    id: group.id.clone(),
                    source,
                });
            }
        }
        problems
    }

    /// The first of [`Directory::problems`], if any.
    pub fn validate(&self) -> Result<(), DirectoryError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Where each facility is in [`Directory::facilities`], by identifier: for looking up many
    /// groups' facilities without a scan each.
    pub fn facility_positions(&self) -> std::collections::HashMap<&FacilityId, usize> {
        self.facilities
            .iter()
            .enumerate()
            .map(|(i, f)| (&f.id, i))
            .collect()
    }

    /// The facility with this identifier.
    pub fn facility(&self, id: &FacilityId) -> Option<&Facility> {
        self.facilities.iter().find(|f| &f.id == id)
    }

    /// The group with this identifier.
    pub fn group(&self, id: &GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| &g.id == id)
    }

    /// Where a group meets: its own place, else its facility's.
    pub fn place_of<'a>(&'a self, group: &'a Group) -> Option<&'a Place> {
        group.place_or(self.facility(&group.facility))
    }

    /// How to reach a group: its own contact details where given, else its facility's.
    pub fn contact_of(&self, group: &Group) -> Contact {
        let facility = self
            .facility(&group.facility)
            .map(|f| f.contact.clone())
            .unwrap_or_default();
        let own = &group.contact;
        Contact {
            phone: own.phone.clone().or(facility.phone),
            phone_hours: own.phone_hours.clone().or(facility.phone_hours),
            email: own.email.clone().or(facility.email),
            url: own.url.clone().or(facility.url),
        }
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
        Facility::new(FacilityId::new(id).unwrap(), format!("施設 {id}"))
    }

    fn group(id: &str, facility: &str) -> Group {
        Group::new(
            GroupId::new(id).unwrap(),
            FacilityId::new(facility).unwrap(),
            format!("グループ {id}"),
            Category::Hikikomori,
        )
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

        let mut placeless = ok.clone();
        placeless.groups[0].format = Format::Hybrid;
        assert!(matches!(
            placeless.validate(),
            Err(DirectoryError::NoPlace { .. })
        ));
        placeless.facilities[0].place = Some(Place {
            prefecture: Prefecture::parse("宮城県").unwrap(),
            city: None,
            address: None,
            access: None,
        });
        assert_eq!(placeless.validate(), Ok(()));

        let mut bad_schedule = ok.clone();
        bad_schedule.groups[0].schedule.until = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
        bad_schedule.groups[0].schedule.starts = chrono::NaiveDate::from_ymd_opt(2021, 1, 1);
        assert!(matches!(
            bad_schedule.validate(),
            Err(DirectoryError::Schedule { .. })
        ));

        let mut uncategorised = ok.clone();
        uncategorised.groups[0].categories.clear();
        assert!(matches!(
            uncategorised.validate(),
            Err(DirectoryError::NoCategory { .. })
        ));
    }

    #[test]
    fn problems_name_each_bad_web_address() {
        let mut dir = Directory {
            facilities: vec![facility("f")],
            groups: vec![group("g", "f"), group("h", "f")],
        };
        dir.facilities[0].contact.url = Some("JavaScript:alert(1)".into());
        dir.groups[0].contact.url = Some("https://f.example.jp/g".into());
        dir.groups[1].contact.url = Some(" javascript:alert(1)".into());
        let problems = dir.problems();
        assert_eq!(
            problems,
            [
                DirectoryError::BadFacilityUrl {
                    id: FacilityId::new("f").unwrap(),
                    url: "JavaScript:alert(1)".into(),
                },
                DirectoryError::BadGroupUrl {
                    id: GroupId::new("h").unwrap(),
                    url: " javascript:alert(1)".into(),
                },
            ]
        );
        assert_eq!(
            problems[1].to_string(),
            "group h: the web address \" javascript:alert(1)\" must start with http:// or \
             https:// and contain no spaces or control characters"
        );
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
        let text = include_str!("../../demo/data/directory.json");
        let dir: Directory = serde_json::from_str(text).unwrap();
        dir.validate().unwrap();

        // Nothing in the file is silently dropped: a misspelt field would vanish here.
        let written: serde_json::Value = serde_json::from_str(text).unwrap();
        for (kind, parsed) in [
            ("facilities", serde_json::to_value(&dir.facilities).unwrap()),
            ("groups", serde_json::to_value(&dir.groups).unwrap()),
        ] {
            for (read, back) in written[kind]
                .as_array()
                .unwrap()
                .iter()
                .zip(parsed.as_array().unwrap())
            {
                assert_eq!(
                    read, back,
                    "{kind}: {} does not survive a round trip",
                    read["id"]
                );
            }
        }

        assert!(
            dir.facilities.len() >= 12,
            "{} facilities",
            dir.facilities.len()
        );
        assert!(dir.groups.len() >= 64, "{} groups", dir.groups.len());
        let prefectures: HashSet<Prefecture> = dir
            .facilities
            .iter()
            .filter_map(|f| f.place.as_ref())
            .chain(dir.groups.iter().filter_map(|g| g.place.as_ref()))
            .map(|p| p.prefecture)
            .collect();
        assert!(prefectures.len() >= 5, "{prefectures:?}");
        let categories: HashSet<Category> = dir
            .groups
            .iter()
            .flat_map(|g| g.categories.clone())
            .collect();
        assert_eq!(categories.len(), Category::ALL.len(), "{categories:?}");

        // The few "by appointment" groups must say how to arrange a meeting instead (that the
        // others meet again needs their rules expanded, which is tested where that is done).
        let mut by_appointment = 0;
        for group in &dir.groups {
            if group.schedule.is_empty() {
                by_appointment += 1;
                assert!(
                    group.schedule_note.is_some(),
                    "{} has no schedule note",
                    group.id
                );
            }
            if group.format.is_online() {
                assert!(group.online.is_some(), "{} has no join steps", group.id);
            }
        }
        assert!(
            (1..=3).contains(&by_appointment),
            "{by_appointment} by appointment"
        );
    }
}
