//! The feed and the finder natively: building the feed of 1,000 and 10,000 groups (the worker's
//! CPU per build), then over 10,000 groups building the index (once per load), a keystroke in
//! the search box, a typical combination of filters, and the counts beside the finder's choices
//! for those. `scripts/bench` prints these figures.
// criterion_group! generates an undocumented public function; the fixture is built from
// constants, so an unwrap here can only fail on a bug in the fixture itself.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{TimeZone, Utc, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use tsunagu_contract::Directory;
use tsunagu_contract::directory::{
    Audience, Category, Cost, Facility, FacilityId, Format, Group, GroupId, ParticipationOption,
    Place, Prefecture,
};
use tsunagu_contract::filter::{AreaFilter, DirectoryIndex, GroupFilter};
use tsunagu_contract::schedule::{ClockTime, Repeat, Rule, Schedule, TimeOfDay, WEEK};
use tsunagu_contract::search::{Folder, TextQuery};
use tsunagu_engine::feed;

const GROUPS: usize = 10_000;
const NAMES: [&str; 8] = [
    "ギャンブル依存症 家族の会",
    "オンライン居場所 ここにいるよ。",
    "断酒会 例会",
    "パーキンソン病 ピアサポート",
    "就労移行支援 見学会",
    "不登校の親の会",
    "摂食障害 自助グループ",
    "ひきこもり 家族教室",
];

/// A deterministic directory of `groups` groups over 100 facilities in ten prefectures, with
/// every kind of rule.
fn directory(groups: usize) -> Directory {
    let facilities: Vec<Facility> = (0..100)
        .map(|i| {
            let mut f = Facility::new(
                FacilityId::new(format!("f{i}")).unwrap(),
                format!("施設{i}"),
            );
            f.place = Some(Place {
                prefecture: Prefecture::from_code(1 + (i % 10) as u8 * 4).unwrap(),
                city: Some(format!("市{}", i % 7)),
                address: None,
                access: None,
            });
            f
        })
        .collect();
    let weekdays = WEEK;
    let groups = (0..groups)
        .map(|i| {
            let mut g = Group::new(
                GroupId::new(format!("g{i}")).unwrap(),
                facilities[i % 100].id.clone(),
                format!("{} {i}", NAMES[i % NAMES.len()]),
                Category::ALL[i % Category::ALL.len()],
            );
            g.format = Format::ALL[i % 3];
            g.audience = vec![Audience::ALL[i % 4]];
            g.options = vec![ParticipationOption::ALL[i % 9]];
            g.cost = Some(if i % 2 == 0 {
                Cost::Free
            } else {
                Cost::Donation
            });
            let repeat = match i % 3 {
                0 => Repeat::Weekly {
                    weekdays: vec![weekdays[i % 7]],
                    interval: 1,
                },
                1 => Repeat::MonthlyByWeekday {
                    weekdays: vec![weekdays[i % 7]],
                    nth: vec![2, 4],
                    interval: 1,
                },
                _ => Repeat::MonthlyByDay {
                    days: vec![(1 + i % 28) as i8],
                    interval: 1,
                },
            };
            g.schedule = Schedule {
                rules: vec![Rule {
                    repeat,
                    start: ClockTime::new(9 + (i % 12) as u8, 0).unwrap(),
                    end: ClockTime::new(10 + (i % 12) as u8, 30),
                }],
                skip_holidays: i % 2 == 0,
                ..Schedule::default()
            };
            g
        })
        .collect();
    Directory { facilities, groups }
}

fn bench(c: &mut Criterion) {
    let thousand = directory(1_000);
    let directory = directory(GROUPS);
    directory.validate().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    // What the worker does ahead of requests (at load time and from the cron, never for one),
    // and what the widget does once per feed.
    c.bench_function("build the feed of 1k groups", |b| {
        b.iter(|| feed::build(black_box(&thousand), now, Folder::BUILT_IN))
    });
    c.bench_function("build the feed of 10k groups", |b| {
        b.iter(|| feed::build(black_box(&directory), now, Folder::BUILT_IN))
    });
    let feed = feed::build(&directory, now, Folder::BUILT_IN);
    c.bench_function("index 10k groups", |b| {
        b.iter(|| DirectoryIndex::new(black_box(feed.clone()), now))
    });
    let index = DirectoryIndex::new(feed, now);
    c.bench_function("keystroke: text ｷﾞｬﾝﾌﾞﾙ over 10k", |b| {
        b.iter(|| {
            let filter = GroupFilter {
                text: TextQuery::new(black_box("ｷﾞｬﾝﾌﾞﾙ")),
                ..GroupFilter::default()
            };
            index.filter(&filter).len()
        })
    });
    let combined = GroupFilter {
        categories: vec![Category::Gambling, Category::Family, Category::Hikikomori],
        area: Some(AreaFilter::Prefecture {
            prefecture: Prefecture::parse("宮城県").unwrap(),
        }),
        weekdays: vec![Weekday::Wed, Weekday::Sat],
        times: vec![TimeOfDay::Afternoon],
        audiences: vec![Audience::Family],
        free_only: true,
        text: TextQuery::new("会"),
        ..GroupFilter::default()
    };
    c.bench_function("combined filters over 10k", |b| {
        b.iter(|| index.filter(black_box(&combined)).len())
    });
    // Facets run beside the list on every keystroke: one pass for every count of the finder.
    c.bench_function("facets: combined filters over 10k", |b| {
        b.iter(|| index.facets(black_box(&combined)))
    });
    c.bench_function("facets: keystroke ｷﾞｬﾝﾌﾞﾙ over 10k", |b| {
        b.iter(|| {
            let filter = GroupFilter {
                text: TextQuery::new(black_box("ｷﾞｬﾝﾌﾞﾙ")),
                ..GroupFilter::default()
            };
            index.facets(&filter)
        })
    });
    c.bench_function("facets: empty filter over 10k", |b| {
        b.iter(|| index.facets(black_box(&GroupFilter::default())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
