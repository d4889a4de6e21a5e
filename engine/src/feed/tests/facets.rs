//! The counts beside each choice of the finder, over built feeds: each count is what choosing
//! it would list.

use std::sync::LazyLock;

use chrono::{TimeZone, Utc, Weekday};
use proptest::prelude::*;
use tsunagu_contract::directory::{
    Audience, Category, Directory, FacilityId, Format, ParticipationOption, Prefecture,
};
use tsunagu_contract::filter::{AreaFilter, DirectoryIndex, Facets, GroupFilter};
use tsunagu_contract::schedule::{TimeOfDay, WEEK};
use tsunagu_contract::search::TextQuery;

use crate::search::TEST_FOLDER;

fn at_2026_11_22(directory: Directory) -> DirectoryIndex {
    super::test_index(
        directory,
        Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap(),
    )
}

static DEMO: LazyLock<DirectoryIndex> = LazyLock::new(|| {
    at_2026_11_22(
        serde_json::from_str(include_str!("../../../../demo/data/directory.json")).unwrap(),
    )
});

/// Every (prefecture, city) an in-person group meets in, in directory order.
fn places(index: &DirectoryIndex) -> Vec<(Prefecture, String)> {
    let dir = index.directory();
    let mut out: Vec<(Prefecture, String)> = Vec::new();
    let in_person = dir.groups.iter().filter(|g| g.format.is_in_person());
    for place in in_person.filter_map(|g| dir.place_of(g)) {
        if let Some(city) = &place.city
            && !out.iter().any(|(p, c)| *p == place.prefecture && c == city)
        {
            out.push((place.prefecture, city.clone()));
        }
    }
    out
}

/// The facets worked out the slow way: one `count` per value with the field replaced, and
/// a value listed when a filter of only the facility and that value finds a group.
fn oracle(index: &DirectoryIndex, filter: &GroupFilter) -> Facets {
    let base = GroupFilter {
        facility: filter.facility.clone(),
        ..GroupFilter::default()
    };
    // (count under `filter` with the edit, whether listed)
    let both = |edit: &dyn Fn(&mut GroupFilter)| {
        let mut f = filter.clone();
        edit(&mut f);
        let mut b = base.clone();
        edit(&mut b);
        (index.count(&f), index.count(&b) > 0)
    };
    fn listed<T>(values: impl IntoIterator<Item = (T, (usize, bool))>) -> Vec<(T, usize)> {
        values
            .into_iter()
            .filter(|(_, (_, offered))| *offered)
            .map(|(v, (n, _))| (v, n))
            .collect()
    }
    let mut cities: Vec<(Prefecture, String, usize)> = places(index)
        .into_iter()
        .filter_map(|(prefecture, city)| {
            let area = AreaFilter::City {
                prefecture,
                city: city.clone(),
            };
            let (n, offered) = both(&|f| f.area = Some(area.clone()));
            offered.then_some((prefecture, city, n))
        })
        .collect();
    tsunagu_contract::order::sort_by_key(&mut cities, |(p, _, _)| *p);
    Facets {
        categories: listed(Category::ALL.map(|c| (c, both(&|f| f.categories = vec![c])))),
        prefectures: listed(Prefecture::all().map(|prefecture| {
            let area = AreaFilter::Prefecture { prefecture };
            (prefecture, both(&|f| f.area = Some(area.clone())))
        })),
        cities,
        online: both(&|f| f.area = Some(AreaFilter::Online)).0,
        formats: listed(Format::ALL.map(|x| (x, both(&|f| f.formats = vec![x])))),
        weekdays: listed(WEEK.map(|d| (d, both(&|f| f.weekdays = vec![d])))),
        times: listed(TimeOfDay::ALL.map(|t| (t, both(&|f| f.times = vec![t])))),
        audiences: listed(Audience::ALL.map(|a| (a, both(&|f| f.audiences = vec![a])))),
        options: listed(ParticipationOption::ALL.map(|o| {
            let n = both(&|f| {
                if !f.options.contains(&o) {
                    f.options.push(o);
                }
            });
            (o, n)
        })),
        free: both(&|f| f.free_only = true).0,
    }
}

#[test]
fn counts_on_the_fixture() {
    let index = at_2026_11_22(super::filter::directory());
    let facets = index.facets(&GroupFilter {
        categories: vec![Category::Hikikomori],
        ..GroupFilter::default()
    });
    // 個別相談 and the ibasho are about hikikomori; the family group would show on its own.
    assert_eq!(
        facets.categories,
        [
            (Category::Gambling, 1),
            (Category::Family, 1),
            (Category::Hikikomori, 2)
        ]
    );
    // Both hikikomori groups are online; no in-person group is about hikikomori, but
    // Kanagawa is still listed, with 0.
    assert_eq!(facets.online, 2);
    assert_eq!(facets.prefectures.len(), 1);
    assert_eq!(facets.prefectures[0].1, 0);
    assert_eq!(
        facets
            .cities
            .iter()
            .map(|(_, c, n)| (c.as_str(), *n))
            .collect::<Vec<_>>(),
        [("川崎市多摩区", 0), ("川崎市中原区", 0)]
    );
    // Only the ibasho meets (Wednesday afternoons); the appointment group has no slots.
    assert_eq!(
        facets.weekdays,
        [(Weekday::Mon, 0), (Weekday::Wed, 1), (Weekday::Sat, 0)]
    );
    assert_eq!(
        facets.times,
        [
            (TimeOfDay::Morning, 0),
            (TimeOfDay::Afternoon, 1),
            (TimeOfDay::Evening, 0)
        ]
    );
    assert_eq!(facets.free, 1);
    assert_eq!(
        facets.options,
        [
            (ParticipationOption::Anonymous, 1),
            (ParticipationOption::CameraOff, 1)
        ]
    );
    let sendai = index.facets(&GroupFilter {
        facility: Some(FacilityId::new("sendai").unwrap()),
        ..GroupFilter::default()
    });
    assert_eq!(sendai.categories, [(Category::Hikikomori, 2)]);
    assert!(sendai.prefectures.is_empty() && sendai.cities.is_empty());
}

#[test]
fn demo_counts_agree_with_counting_each_choice() {
    let index = &*DEMO;
    let everything = index.facets(&GroupFilter::default());
    assert_eq!(everything, oracle(index, &GroupFilter::default()));
    assert_eq!(everything.categories.len(), Category::ALL.len());
    let cities: Vec<(Prefecture, String)> = index
        .areas()
        .into_iter()
        .flat_map(|(p, cities)| cities.into_iter().map(move |c| (p, c)))
        .collect();
    assert_eq!(
        everything
            .cities
            .iter()
            .map(|(p, c, _)| (*p, c.clone()))
            .collect::<Vec<_>>(),
        cities
    );
    let kanagawa = Prefecture::parse("神奈川県").unwrap();
    let filters = [
        GroupFilter {
            categories: vec![Category::Gambling, Category::Family],
            free_only: true,
            ..GroupFilter::default()
        },
        GroupFilter {
            area: Some(AreaFilter::Prefecture {
                prefecture: kanagawa,
            }),
            weekdays: vec![Weekday::Wed, Weekday::Sat],
            times: vec![TimeOfDay::Afternoon],
            ..GroupFilter::default()
        },
        GroupFilter {
            area: Some(AreaFilter::Online),
            options: vec![ParticipationOption::CameraOff],
            audiences: vec![Audience::Family],
            text: TextQuery::with_folder("会", TEST_FOLDER),
            ..GroupFilter::default()
        },
        GroupFilter {
            area: Some(AreaFilter::City {
                prefecture: kanagawa,
                city: "どこにもない町".into(),
            }),
            formats: vec![Format::Hybrid],
            ..GroupFilter::default()
        },
    ];
    for filter in filters {
        assert_eq!(index.facets(&filter), oracle(index, &filter), "{filter:?}");
    }
}

fn some_of<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
    most: usize,
) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(prop::sample::select(all), 0..=most)
}

fn arb_filter() -> impl Strategy<Value = GroupFilter> {
    let index = &*DEMO;
    let facilities: Vec<Option<FacilityId>> = std::iter::once(None)
        .chain(
            index
                .directory()
                .facilities
                .iter()
                .map(|f| Some(f.id.clone())),
        )
        .collect();
    let areas: Vec<Option<AreaFilter>> = [None, Some(AreaFilter::Online)]
        .into_iter()
        .chain(index.areas().into_iter().flat_map(|(prefecture, cities)| {
            std::iter::once(Some(AreaFilter::Prefecture { prefecture })).chain(
                cities
                    .into_iter()
                    .map(move |city| Some(AreaFilter::City { prefecture, city })),
            )
        }))
        .collect();
    let facility = prop_oneof![
        3 => Just(None),
        1 => prop::sample::select(facilities),
    ];
    (
        (
            facility,
            some_of(&Category::ALL, 3),
            prop::sample::select(areas),
            some_of(&Format::ALL, 2),
            some_of(&WEEK, 3),
            some_of(&TimeOfDay::ALL, 2),
        ),
        (
            some_of(&Audience::ALL, 2),
            some_of(&ParticipationOption::ALL, 2),
            any::<bool>(),
            some_of(&["en", "ja"], 1),
            prop::bool::weighted(0.2),
            prop::sample::select(&["", "", "会", "ギャンブル", "おんらいん", "川崎"][..]),
        ),
    )
        .prop_map(
            |(
                (facility, categories, area, formats, weekdays, times),
                (audiences, options, free_only, languages, drop_in, text),
            )| GroupFilter {
                facility,
                categories,
                area,
                formats,
                weekdays,
                times,
                languages: languages.into_iter().map(str::to_owned).collect(),
                drop_in,
                audiences,
                options,
                free_only,
                text: TextQuery::with_folder(text, TEST_FOLDER),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_filters_agree_with_counting_each_choice(filter in arb_filter()) {
        let index = &*DEMO;
        prop_assert_eq!(index.facets(&filter), oracle(index, &filter), "{:?}", filter);
    }
}
