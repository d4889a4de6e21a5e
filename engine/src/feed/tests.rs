//! The feed as the finder reads it, and the finder's filter and counts over feeds built here:
//! the contract's index is only ever fed what this crate builds.

mod facets;
mod filter;
mod search;

use chrono::{Datelike, TimeZone, Utc, Weekday};
use tsunagu_contract::directory::{Category, Facility, FacilityId, Group, GroupId};
use tsunagu_contract::filter::{DirectoryIndex, GroupFilter};
use tsunagu_contract::schedule::{Schedule, TimeOfDay};

use super::*;
use crate::schedule::fixtures::{date, rule, second_and_fourth_wednesdays, t, weekly};
use crate::search::TEST_FOLDER;

/// The index of `directory` at `instant`, its feed built at the same moment with the folder the
/// tests share.
fn test_index(directory: Directory, instant: DateTime<Utc>) -> DirectoryIndex {
    DirectoryIndex::new(build(&directory, instant, TEST_FOLDER), instant)
}

/// One facility with a 第2・4水曜日 group that skips holidays, a weekly Monday group and a
/// group by appointment.
fn directory() -> Directory {
    let facility = FacilityId::new("kawasaki").unwrap();
    let group = |id: &str, name: &str| {
        Group::new(
            GroupId::new(id).unwrap(),
            facility.clone(),
            name,
            Category::Gambling,
        )
    };
    let mut second_fourth = group("wed", "水曜の会");
    second_fourth.schedule = second_and_fourth_wednesdays();
    let mut monday = group("mon", "月曜の会");
    monday.schedule = Schedule {
        rules: vec![rule(weekly(&[Weekday::Mon]), t(19, 0), Some(t(20, 30)))],
        ..Schedule::default()
    };
    let appointment = group("appt", "随時相談");
    Directory {
        facilities: vec![
            Facility::new(facility.clone(), "ひだまり"),
            Facility::new(FacilityId::new("sendai").unwrap(), "ここにいるよ。"),
        ],
        groups: vec![second_fourth, monday, appointment],
    }
}

/// Tuesday 2026-11-10 09:00 in Tokyo.
fn built_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap()
}

fn feed() -> Feed {
    build(&directory(), built_at(), TEST_FOLDER)
}

#[test]
fn the_rules_stay_behind_and_their_work_comes_along() {
    let feed = feed();
    let wire = serde_json::to_value(&feed).unwrap();
    assert_eq!(wire["built"], built_at().timestamp());
    let entries = wire["groups"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["group"]["id"], "wed");
    assert_eq!(entries[0]["prepared"]["ja"], feed.prepared[0].ja);
    for entry in entries {
        assert!(entry["group"].get("schedule").is_none(), "{entry}");
    }
    assert_eq!(wire["facilities"].as_array().unwrap().len(), 2);
    let read: Feed = serde_json::from_value(wire).unwrap();
    assert_eq!(read, feed);
    let wed = &feed.prepared[0];
    assert_eq!(wed.ja, "毎月第2・4水曜日 13:00〜15:00（祝日は休み）");
    assert!(wed.en.contains("Wednesday"), "{}", wed.en);
    assert!(wed.text.contains("水曜の会") && wed.text.contains("ひだまり"));
    assert_eq!(feed.prepared[2].meetings, []);
    assert_eq!(feed.prepared[2].slots, 0);
}

#[test]
fn second_and_fourth_wednesdays_only_and_a_holiday_cancels_one() {
    let dates: Vec<_> = feed().prepared[0].meetings.iter().map(|o| o.date).collect();
    // The next ten from 2026-11-10, every date a Wednesday in its month's 2nd or 4th week,
    // and no other.
    assert_eq!(
        dates,
        [
            date(2026, 11, 11),
            date(2026, 11, 25),
            date(2026, 12, 9),
            date(2026, 12, 23),
            date(2027, 1, 13),
            date(2027, 1, 27),
            date(2027, 2, 10),
            date(2027, 2, 24),
            date(2027, 3, 10),
            date(2027, 3, 24),
        ]
    );
    for d in &dates {
        assert_eq!(d.weekday(), Weekday::Wed);
        assert!([2, 4].contains(&((d.day() - 1) / 7 + 1)), "{d}");
    }
    // A holiday cancels a meeting of a rule that skips holidays: every Wednesday, but not
    // Wednesday 2027-05-05 (こどもの日).
    let mut dir = directory();
    dir.groups[0].schedule.rules[0].repeat = weekly(&[Weekday::Wed]);
    let feed = build(
        &dir,
        Utc.with_ymd_and_hms(2027, 4, 20, 0, 0, 0).unwrap(),
        TEST_FOLDER,
    );
    let dates: Vec<_> = feed.prepared[0].meetings.iter().map(|o| o.date).collect();
    assert!(dates.contains(&date(2027, 4, 28)) && dates.contains(&date(2027, 5, 12)));
    assert!(!dates.contains(&date(2027, 5, 5)), "{dates:?}");
}

#[test]
fn meetings_are_capped_and_slots_say_when() {
    let feed = feed();
    let monday = &feed.prepared[1];
    assert_eq!(monday.meetings.len(), FEED_MEETINGS);
    assert_eq!(monday.meetings[0].date, date(2026, 11, 16));
    let evening = slot_bit(Weekday::Mon, TimeOfDay::Evening);
    assert_eq!(monday.slots, evening);
}

#[test]
fn a_group_meeting_beyond_the_horizon_still_has_its_next_meeting() {
    let mut dir = directory();
    dir.groups[2].schedule.dates = vec![tsunagu_contract::schedule::Session {
        date: date(2027, 9, 1),
        start: t(10, 0),
        end: None,
    }];
    let feed = build(&dir, built_at(), TEST_FOLDER);
    assert_eq!(feed.prepared[2].meetings.len(), 1);
    assert_eq!(feed.prepared[2].meetings[0].date, date(2027, 9, 1));
    assert_eq!(feed.prepared[2].slots, 0);
}

#[test]
fn a_page_left_open_follows_the_clock() {
    let tokyo = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, d, h - 9, m, 0).unwrap();
    let mut index = DirectoryIndex::new(feed(), tokyo(11, 12, 59));
    let wed = |index: &DirectoryIndex| {
        let all = index.filter(&GroupFilter::default());
        let m = all
            .iter()
            .find(|m| m.group.id.as_str() == "wed")
            .copied()
            .unwrap();
        (m.next.map(|o| o.date), m.in_progress)
    };
    assert_eq!(wed(&index), (Some(date(2026, 11, 11)), false));
    assert!(!index.at(tokyo(11, 12, 59)), "nothing changed");
    assert!(index.at(tokyo(11, 13, 0)));
    assert_eq!(wed(&index), (Some(date(2026, 11, 11)), true));
    assert_eq!(
        index.all()[0].group.id.as_str(),
        "wed",
        "the meeting under way comes first"
    );
    index.at(tokyo(11, 14, 59));
    assert_eq!(wed(&index), (Some(date(2026, 11, 11)), true));
    index.at(tokyo(11, 15, 0));
    assert_eq!(wed(&index), (Some(date(2026, 11, 25)), false));
}

#[test]
fn feeds_are_stored_whole_and_per_facility_and_age() {
    let stored = stored_feeds(&directory(), built_at(), TEST_FOLDER);
    let keys: Vec<_> = stored.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "feed/v2/all",
            "feed/v2/facility/kawasaki",
            "feed/v2/facility/sendai"
        ]
    );
    assert_eq!(stored[0].1, feed());
    assert_eq!(stored[2].1.prepared, []);
    let hours = |h: i64| built_at() + chrono::Duration::hours(h);
    assert!(is_stale(None, built_at()));
    assert!(!is_stale(Some(built_at()), built_at()));
    assert!(!is_stale(Some(built_at()), hours(5)));
    assert!(is_stale(Some(built_at()), hours(6)));
    assert!(is_stale(Some(built_at()), hours(-1)));
}

#[test]
fn a_facility_s_feed_keeps_each_group_with_its_work() {
    let mut dir = directory();
    dir.groups[1].facility = FacilityId::new("sendai").unwrap();
    let feed = build(&dir, built_at(), TEST_FOLDER);
    let per_facility = feed.per_facility();
    assert_eq!(per_facility.len(), 2);
    let sendai = &per_facility[1];
    assert_eq!(sendai.directory.facilities.len(), 1);
    assert_eq!(sendai.directory.groups.len(), 1);
    assert_eq!(sendai.directory.groups[0].id.as_str(), "mon");
    assert_eq!(sendai.directory.facilities[0].id.as_str(), "sendai");
    assert_eq!(sendai.prepared, [feed.prepared[1].clone()]);
    assert_eq!(sendai.built, feed.built);
}
