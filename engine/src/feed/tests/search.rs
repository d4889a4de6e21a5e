//! What visitors type, over the demo directory: for each query, exactly the groups it must find.

use std::sync::LazyLock;

use chrono::{TimeZone, Utc};
use tsunagu_contract::filter::{DirectoryIndex, GroupFilter};
use tsunagu_contract::search::TextQuery;

use crate::search::TEST_FOLDER;

static DEMO: LazyLock<DirectoryIndex> = LazyLock::new(|| {
    super::test_index(
        serde_json::from_str(include_str!("../../../../demo/data/directory.json")).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap(),
    )
});

/// The ids of the groups `query` finds, in the order the finder lists them.
fn found(query: &str) -> Vec<String> {
    let filter = GroupFilter {
        text: TextQuery::with_folder(query, TEST_FOLDER),
        ..GroupFilter::default()
    };
    DEMO.filter(&filter)
        .iter()
        .map(|m| m.group.id.to_string())
        .collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

const ALCOHOL: &[&str] = &[
    "naniwa-alcohol",
    "naniwa-open-en",
    "naniwa-women",
    "noborito-aa",
];

/// Each query, and every group it must find: any other group found is a failure too.
const TABLE: &[(&str, &[&str])] = &[
    // Fellowships lead to their meetings, not to their families' groups.
    ("AA", ALCOHOL),
    ("aa", ALCOHOL),
    ("Alcoholics Anonymous", ALCOHOL),
    ("アラノン", &["naniwa-alcohol-family"]),
    ("Al-Anon", &["naniwa-alcohol-family"]),
    // GA leads to the GA meetings; as a word start it also finds 「Gambling」 and 「Gaming」,
    // the English labels of the gambling and gaming groups.
    (
        "GA",
        &[
            "hakata-net-oyakai",
            "naniwa-gambling",
            "naniwa-gambling-family",
            "naniwa-women",
            "nishiyama-gaming",
            "noborito-ga-family",
        ],
    ),
    ("Gamblers Anonymous", &["naniwa-gambling", "naniwa-women"]),
    (
        "ギャマノン",
        &["naniwa-gambling-family", "noborito-ga-family"],
    ),
    ("NA", &["naniwa-drugs", "naniwa-open-en", "naniwa-women"]),
    ("ナラノン", &["naniwa-drugs-family"]),
    (
        "断酒会",
        &[
            "naniwa-alcohol",
            "naniwa-alcohol-family",
            "naniwa-open-en",
            "naniwa-women",
            "noborito-aa",
        ],
    ),
    ("NABA", &["hakata-eating", "hakata-eating-family"]),
    // A short abbreviation is found where a word starts, never inside one (「Kanagawa」).
    ("OB", &["hidamari-teichaku"]),
    ("SST", &["dekoboko-program"]),
    // 「ALS」, and a word that starts with it in an English text.
    ("ALS", &["maebashi-als", "michishirube-online"]),
];

#[test]
fn each_query_finds_exactly_its_groups() {
    for (query, expected) in TABLE {
        let expected: Vec<String> = expected.iter().map(|id| (*id).to_owned()).collect();
        assert_eq!(sorted(found(query)), sorted(expected), "query {query:?}");
    }
}

#[test]
fn every_spelling_of_a_word_finds_the_same_groups() {
    for spellings in [
        &["ひきこもり", "引きこもり", "引き籠もり"][..],
        &["障害", "障がい"],
        &["こども", "子ども", "子供"],
        &["ひきこもり 家族会", "引きこもり 家族会"],
    ] {
        let first = sorted(found(spellings[0]));
        assert!(!first.is_empty(), "{spellings:?} finds nothing");
        for other in &spellings[1..] {
            assert_eq!(
                sorted(found(other)),
                first,
                "{other:?} against {:?}",
                spellings[0]
            );
        }
    }
    assert_eq!(found("ひきこもり").len(), 24);
}

#[test]
fn a_name_match_comes_before_a_match_elsewhere() {
    let names = |id: &str| {
        let group = DEMO
            .directory()
            .groups
            .iter()
            .find(|g| g.id.as_str() == id)
            .unwrap();
        format!(
            "{} {}",
            group.name,
            group.kana.as_deref().unwrap_or_default()
        )
    };
    let ids = found("家族");
    let in_name: Vec<bool> = ids.iter().map(|id| names(id).contains("家族")).collect();
    let first_elsewhere = in_name
        .iter()
        .position(|n| !n)
        .expect("some match elsewhere");
    assert!(first_elsewhere > 0, "some match in a name");
    assert!(
        in_name[first_elsewhere..].iter().all(|n| !n),
        "a name match after a match elsewhere: {ids:?}"
    );
    // Without a query, the order is the soonest next meeting.
    let all = DEMO.all();
    assert!(all.windows(2).all(|w| match (w[0].next, w[1].next) {
        (Some(a), Some(b)) => a <= b,
        (None, Some(_)) => false,
        _ => true,
    }));
}

/// Romaji spells the names' readings: typed without a Japanese input method, a name is found
/// by its sound. Category labels in English are found as before (「hikikomori」).
#[test]
fn romaji_finds_the_names_it_spells() {
    for (query, expected) in [
        (
            "gyanburu",
            &[
                "naniwa-gambling",
                "naniwa-gambling-family",
                "noborito-ga-family",
            ][..],
        ),
        ("gyanburu izon", &["naniwa-gambling"]),
        (
            "arukooru",
            &["naniwa-alcohol", "naniwa-alcohol-family", "noborito-aa"],
        ),
        // The facility's reading: つむぎの森's groups.
        (
            "tsumugi",
            &[
                "tsumugi-family",
                "tsumugi-futoko",
                "tsumugi-ibasho",
                "tsumugi-kazoku-kyoshitsu",
                "tsumugi-shigoto",
            ],
        ),
        // A loanword sound: かふぇ is 「kafe」, as typed, not 「kafye」.
        (
            "kafe",
            &["hidamari-teichaku", "pokke-cafe", "tsumugi-ibasho"],
        ),
    ] {
        let expected: Vec<String> = expected.iter().map(|id| (*id).to_owned()).collect();
        assert_eq!(sorted(found(query)), sorted(expected), "query {query:?}");
    }
}
