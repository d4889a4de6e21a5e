//! One group's iCalendar file as the worker serves it (`GET /v2/groups/{group}/calendar.ics`):
//! which group a path names, and the file with the headers that go with it. A visitor
//! subscribes to the URL (as `webcal://`) or downloads it (`?download=1`).

use chrono::{DateTime, Utc};
use tsunagu_contract::api::{GROUP_CALENDAR_PREFIX, GROUP_CALENDAR_SUFFIX};
use tsunagu_contract::directory::{Directory, GroupId};
use tsunagu_contract::schedule::tokyo;

use crate::ics::{IcsOptions, group_calendar};

/// The `Content-Type` of the file.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// No listed group has the identifier a calendar path names (or the path names no
/// identifier). Nothing from the path is kept, so no answer repeats it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no group with that identifier is listed")]
pub struct NoSuchGroup;

/// The path segment naming the group in a calendar path, unchecked: `Some("hidamari-walking")`
/// for `/v2/groups/hidamari-walking/calendar.ics`, `None` for a path of any other shape.
pub fn group_in_path(path: &str) -> Option<&str> {
    path.strip_prefix(GROUP_CALENDAR_PREFIX)?
        .strip_suffix(GROUP_CALENDAR_SUFFIX)
}

/// Whether the query asks for a download (`download=1`, the first `download` counting) rather
/// than a file to show or subscribe to.
pub fn wants_download<K: AsRef<str>, V: AsRef<str>>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> bool {
    pairs
        .into_iter()
        .find(|(key, _)| key.as_ref() == "download")
        .is_some_and(|(_, value)| value.as_ref() == "1")
}

/// A group's calendar, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCalendarFile {
    /// The iCalendar text (CRLF lines, folded at 75 octets).
    pub body: String,
    /// The `Content-Disposition`: `attachment` for a download, else `inline`, with the file
    /// name `{group}.ics` either way (identifiers need no quoting or escaping).
    pub disposition: String,
}

impl GroupCalendarFile {
    /// The calendar of the group `segment` names (the segment as [`group_in_path`] gives it),
    /// made at `now`: its rules start from the current Tokyo date.
    pub fn build(
        directory: &Directory,
        segment: &str,
        download: bool,
        now: DateTime<Utc>,
    ) -> Result<Self, NoSuchGroup> {
        let id = GroupId::new(segment).map_err(|_| NoSuchGroup)?;
        let group = directory.group(&id).ok_or(NoSuchGroup)?;
        let options = IcsOptions {
            stamp: now,
            from: tokyo(now).date(),
        };
        let kind = if download { "attachment" } else { "inline" };
        Ok(GroupCalendarFile {
            body: group_calendar(directory, group, &options),
            disposition: format!("{kind}; filename=\"{id}.ics\""),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use tsunagu_contract::directory::{Category, Facility, FacilityId, Group};

    use super::*;
    use crate::schedule::fixtures::second_and_fourth_wednesdays;

    fn directory() -> Directory {
        let f = FacilityId::new("f").unwrap();
        let mut group = Group::new(
            GroupId::new("suiyo").unwrap(),
            f.clone(),
            "水曜の会",
            Category::Hikikomori,
        );
        group.schedule = second_and_fourth_wednesdays();
        Directory {
            facilities: vec![Facility::new(f, "施設")],
            groups: vec![group],
        }
    }

    #[test]
    fn paths_name_one_segment() {
        assert_eq!(
            group_in_path("/v2/groups/suiyo/calendar.ics"),
            Some("suiyo")
        );
        assert_eq!(group_in_path("/v2/groups/a/b/calendar.ics"), Some("a/b"));
        assert_eq!(group_in_path("/v2/groups/suiyo/calendar.ics/"), None);
        assert_eq!(group_in_path("/v2/groups/suiyo"), None);
        assert_eq!(group_in_path("/v1/groups/suiyo/calendar.ics"), None);
    }

    #[test]
    fn downloads_only_when_asked_with_1() {
        assert!(wants_download([("download", "1")]));
        assert!(!wants_download([("download", "0")]));
        assert!(!wants_download([("download", "yes")]));
        assert!(!wants_download(Vec::<(&str, &str)>::new()));
        assert!(!wants_download([("download", "0"), ("download", "1")]));
    }

    #[test]
    fn the_file_starts_from_the_tokyo_date_and_names_itself() {
        // 15:30 UTC on Wednesday 9 December is already the 10th in Tokyo: the first meeting is
        // the 4th Wednesday, not the 2nd.
        let now = Utc.with_ymd_and_hms(2026, 12, 9, 15, 30, 0).unwrap();
        let file = GroupCalendarFile::build(&directory(), "suiyo", false, now).unwrap();
        assert!(file.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(
            file.body
                .contains("DTSTART;TZID=Asia/Tokyo:20261223T130000\r\n")
        );
        assert!(
            file.body
                .contains("RRULE:FREQ=MONTHLY;BYDAY=2WE,4WE;WKST=MO\r\n")
        );
        assert_eq!(file.disposition, "inline; filename=\"suiyo.ics\"");
        let download = GroupCalendarFile::build(&directory(), "suiyo", true, now).unwrap();
        assert_eq!(download.disposition, "attachment; filename=\"suiyo.ics\"");
    }

    #[test]
    fn unknown_and_malformed_ids_are_the_same_refusal() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap();
        for segment in ["nobody", "", "a/b", "..", "Suiyo", "%73uiyo", "suiyo.ics"] {
            assert_eq!(
                GroupCalendarFile::build(&directory(), segment, false, now),
                Err(NoSuchGroup),
                "{segment:?}"
            );
        }
        assert!(!NoSuchGroup.to_string().contains("nobody"));
    }
}
