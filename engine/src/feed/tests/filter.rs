//! The finder's filter over a built feed: each field narrows, weekday and time are checked per
//! meeting, and the month calendar's meetings follow the filter.

use chrono::{Datelike, NaiveDate, TimeZone, Utc, Weekday};
use tsunagu_contract::directory::{
    Audience, Category, Cost, Directory, Facility, FacilityId, Format, Group, GroupId,
    ParticipationOption, Place, Prefecture,
};
use tsunagu_contract::filter::{AreaFilter, GroupFilter};
use tsunagu_contract::schedule::{Schedule, TimeOfDay};
use tsunagu_contract::search::TextQuery;

use crate::schedule::fixtures::{self, rule, t};
use crate::search::TEST_FOLDER;

fn place(prefecture: &str, city: &str) -> Place {
    Place {
        prefecture: Prefecture::parse(prefecture).unwrap(),
        city: Some(city.into()),
        address: None,
        access: None,
    }
}

fn weekly(day: Weekday, hour: u8) -> Schedule {
    Schedule {
        rules: vec![rule(
            fixtures::weekly(&[day]),
            t(hour, 0),
            Some(t(hour + 1, 30)),
        )],
        ..Schedule::default()
    }
}

/// Four groups that differ in one field each, around Sunday 2026-11-22.
pub(super) fn directory() -> Directory {
    let kawasaki = FacilityId::new("kawasaki").unwrap();
    let sendai = FacilityId::new("sendai").unwrap();
    let mut f1 = Facility::new(kawasaki.clone(), "ひだまり登戸");
    f1.place = Some(place("神奈川県", "川崎市多摩区"));
    let f2 = Facility::new(sendai.clone(), "ここにいるよ。");
    let group = |id: &str, facility: &FacilityId, name: &str, category| {
        Group::new(GroupId::new(id).unwrap(), facility.clone(), name, category)
    };
    let mut ga = group("ga", &kawasaki, "GAミーティング", Category::Gambling);
    ga.format = Format::InPerson;
    ga.schedule = weekly(Weekday::Mon, 19);
    ga.audience = vec![Audience::Person];
    ga.cost = Some(Cost::Donation);
    let mut family = group("family", &kawasaki, "家族の会", Category::Family);
    family.format = Format::Hybrid;
    family.place = Some(place("神奈川県", "川崎市中原区"));
    family.schedule = weekly(Weekday::Sat, 10);
    family.audience = vec![Audience::Family];
    family.cost = Some(Cost::Fee {
        yen: 500,
        note: None,
    });
    let mut ibasho = group("ibasho", &sendai, "オンライン居場所", Category::Hikikomori);
    ibasho.schedule = weekly(Weekday::Wed, 13);
    ibasho.options = vec![
        ParticipationOption::Anonymous,
        ParticipationOption::CameraOff,
    ];
    ibasho.cost = Some(Cost::Free);
    let appointment = group("soudan", &sendai, "個別相談", Category::Hikikomori);
    Directory {
        facilities: vec![f1, f2],
        groups: vec![appointment, ga, family, ibasho],
    }
}

/// The ids `filter` lets through in `dir` on Sunday 2026-11-22 09:00 in Tokyo, checking that
/// `count` agrees.
fn ids_in(dir: Directory, filter: &GroupFilter) -> Vec<String> {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
    let index = super::test_index(dir, now);
    assert_eq!(index.count(filter), index.filter(filter).len());
    index
        .filter(filter)
        .iter()
        .map(|e| e.group.id.to_string())
        .collect()
}

fn ids(filter: &GroupFilter) -> Vec<String> {
    ids_in(directory(), filter)
}

#[test]
fn empty_filter_lists_everything_soonest_first() {
    // Mon 23rd 19:00, Wed 25th 13:00, Sat 28th 10:00, then the group with no dates.
    assert_eq!(
        ids(&GroupFilter::default()),
        ["ga", "ibasho", "family", "soudan"]
    );
}

#[test]
fn each_field_narrows() {
    let f = |edit: fn(&mut GroupFilter)| {
        let mut filter = GroupFilter::default();
        edit(&mut filter);
        ids(&filter)
    };
    assert_eq!(
        f(|x| x.categories = vec![Category::Family, Category::Gambling]),
        ["ga", "family"]
    );
    assert_eq!(
        f(|x| x.formats = vec![Format::Online]),
        ["ibasho", "family", "soudan"]
    );
    assert_eq!(f(|x| x.formats = vec![Format::InPerson]), ["ga", "family"]);
    assert_eq!(
        f(|x| x.weekdays = vec![Weekday::Wed, Weekday::Sat]),
        ["ibasho", "family"]
    );
    assert_eq!(f(|x| x.times = vec![TimeOfDay::Evening]), ["ga"]);
    assert_eq!(f(|x| x.times = vec![TimeOfDay::Morning]), ["family"]);
    // Empty audience means anyone, so 個別相談 and the ibasho welcome family too.
    assert_eq!(
        f(|x| x.audiences = vec![Audience::Family]),
        ["ibasho", "family", "soudan"]
    );
    assert_eq!(
        f(|x| x.options = vec![
            ParticipationOption::Anonymous,
            ParticipationOption::CameraOff
        ]),
        ["ibasho"]
    );
    assert_eq!(f(|x| x.free_only = true), ["ga", "ibasho"]);
    assert_eq!(
        f(|x| x.area = Some(AreaFilter::Online)),
        ["ibasho", "family", "soudan"]
    );
    assert_eq!(
        f(|x| x.area = Some(AreaFilter::Prefecture {
            prefecture: Prefecture::parse("神奈川県").unwrap()
        })),
        ["ga", "family"]
    );
    assert_eq!(
        f(|x| x.area = Some(AreaFilter::City {
            prefecture: Prefecture::parse("神奈川県").unwrap(),
            city: "川崎市中原区".into()
        })),
        ["family"]
    );
    assert_eq!(
        f(|x| x.text = TextQuery::with_folder("ｷﾞｬﾝﾌﾞﾙ", TEST_FOLDER)),
        ["ga"]
    );
    assert_eq!(
        f(|x| x.text = TextQuery::with_folder("ここにいるよ", TEST_FOLDER)),
        ["ibasho", "soudan"]
    );
    assert_eq!(
        f(|x| x.facility = Some(FacilityId::new("sendai").unwrap())),
        ["ibasho", "soudan"]
    );
}

#[test]
fn weekday_and_time_are_checked_per_meeting() {
    let mut dir = directory();
    // 家族の会 also meets on Wednesday evenings; the ibasho meets Wednesday afternoons.
    dir.groups[2]
        .schedule
        .rules
        .push(weekly(Weekday::Wed, 19).rules.remove(0));
    let ids = |filter: GroupFilter| ids_in(dir.clone(), &filter);
    let wednesday_evening = GroupFilter {
        weekdays: vec![Weekday::Wed],
        times: vec![TimeOfDay::Evening],
        ..GroupFilter::default()
    };
    assert_eq!(ids(wednesday_evening), ["family"]);
    // GA meets Monday evenings, not Saturday ones: no group meets Saturday evenings.
    let saturday_evening = GroupFilter {
        weekdays: vec![Weekday::Sat],
        times: vec![TimeOfDay::Evening],
        ..GroupFilter::default()
    };
    assert!(ids(saturday_evening).is_empty());
}

#[test]
fn languages_and_drop_in() {
    let mut dir = directory();
    dir.groups[3].languages = vec!["ja".into(), "en-US".into()];
    dir.groups[1].apply_days_before = Some(1);
    dir.groups[2].options = vec![ParticipationOption::ReservationRequired];
    let ids = |filter: GroupFilter| ids_in(dir.clone(), &filter);
    let english = GroupFilter {
        languages: vec!["en".into()],
        ..GroupFilter::default()
    };
    assert_eq!(ids(english), ["ibasho"]);
    let japanese = GroupFilter {
        languages: vec!["ja".into()],
        ..GroupFilter::default()
    };
    assert_eq!(ids(japanese).len(), 4);
    let drop_in = GroupFilter {
        drop_in: true,
        ..GroupFilter::default()
    };
    assert_eq!(ids(drop_in), ["ibasho", "soudan"]);
}

#[test]
fn fields_combine() {
    let filter = GroupFilter {
        formats: vec![Format::Online],
        free_only: true,
        ..GroupFilter::default()
    };
    assert_eq!(ids(&filter), ["ibasho"]);
}

#[test]
fn in_progress_meeting_is_first_and_marked() {
    // Wednesday 2026-11-25 13:30 Tokyo: the ibasho is under way.
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 4, 30, 0).unwrap();
    let index = super::test_index(directory(), now);
    let first = &index.all()[0];
    assert_eq!(first.group.id.as_str(), "ibasho");
    assert!(first.in_progress);
    assert_eq!(
        first.next.map(|o| o.date),
        NaiveDate::from_ymd_opt(2026, 11, 25)
    );
    assert!(!index.all()[1].in_progress);
}

#[test]
fn month_meetings_keep_the_filter_s_groups_and_check_weekday_and_time_per_meeting() {
    use tsunagu_contract::calendar::Month;
    let mut dir = directory();
    // 家族の会 also meets on Wednesdays at 13:00, as the ibasho does.
    dir.groups[2]
        .schedule
        .rules
        .push(weekly(Weekday::Wed, 13).rules.remove(0));
    let month = crate::api::month::build(&dir, None, Month::new(2026, 11).unwrap());
    let index = super::test_index(dir, Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap());
    let listed = |filter: &GroupFilter, from: u32, to: u32| {
        index
            .month_meetings(filter, &month.meetings)
            .iter()
            .filter(|(o, _)| (from..=to).contains(&o.date.day()))
            .map(|(o, g)| format!("{} {} {}", o.date.day(), o.start, g.id))
            .collect::<Vec<_>>()
    };
    let online = GroupFilter {
        formats: vec![Format::Online],
        ..GroupFilter::default()
    };
    // 家族の会 is hybrid, so online too.
    assert_eq!(
        listed(&online, 23, 29),
        ["25 13:00 family", "25 13:00 ibasho", "28 10:00 family"]
    );
    let in_person = GroupFilter {
        formats: vec![Format::InPerson],
        ..GroupFilter::default()
    };
    assert_eq!(
        listed(&in_person, 23, 29),
        ["23 19:00 ga", "25 13:00 family", "28 10:00 family"]
    );
    let wednesday = GroupFilter {
        weekdays: vec![Weekday::Wed],
        times: vec![TimeOfDay::Afternoon],
        ..GroupFilter::default()
    };
    assert_eq!(
        listed(&wednesday, 23, 29),
        ["25 13:00 family", "25 13:00 ibasho"]
    );
    assert_eq!(
        listed(&GroupFilter::default(), 1, 30).len(),
        month.meetings.len()
    );
}

#[test]
fn areas_list_prefectures_and_cities() {
    let index = super::test_index(
        directory(),
        Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap(),
    );
    let areas = index.areas();
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0].0.name_ja(), "神奈川県");
    assert_eq!(areas[0].1, ["川崎市多摩区", "川崎市中原区"]);
}
