//! What a group is found by: the text the feed folds for each group, so that a visitor's query
//! meets the group's names, category labels, place and rule in words; and the [`vocabulary`] of
//! names and spellings the feed carries once for every query.

pub mod romaji;
pub mod vocabulary;

use tsunagu_contract::directory::{Directory, Facility, Group};
use tsunagu_contract::i18n::Lang;
use tsunagu_contract::search::{Folder, TextQuery};

use crate::schedule::words;

/// Everything a visitor might type to find a group: its name and reading, its facility's (each
/// reading also in [`romaji`](romaji::marked), so 「gyanburu」 finds ギャンブル), summary,
/// description, diseases, category labels in every language (so 「gambling」 finds ギャンブル
/// groups in a Japanese widget), prefecture and city, and the schedule in Japanese words. Not
/// yet folded. `facility` is the group's facility, looked up once by the caller.
///
/// The first line holds the group's names (its name, reading and romaji): the finder's index lists a
/// group whose names hold the query first
/// ([`DirectoryIndex::filter`](tsunagu_contract::filter::DirectoryIndex::filter)).
pub fn searchable_text(group: &Group, facility: Option<&Facility>) -> String {
    let names = match &group.kana {
        Some(kana) => format!("{} {kana} {}", group.name, romaji::marked(kana)),
        None => group.name.clone(),
    };
    let mut parts: Vec<&str> = vec![names.as_str()];
    let optional = [&group.summary, &group.description, &group.schedule_note];
    parts.extend(optional.into_iter().flatten().map(String::as_str));
    parts.extend(group.diseases.iter().map(String::as_str));
    if let Some(facility) = facility {
        parts.push(&facility.name);
        parts.extend(facility.kana.as_deref());
    }
    let mut owned = Vec::new();
    if let Some(kana) = facility.and_then(|f| f.kana.as_deref()) {
        owned.push(romaji::marked(kana));
    }
    for lang in [Lang::Ja, Lang::En] {
        let vocabulary = lang.vocabulary();
        parts.extend(group.categories.iter().map(|c| vocabulary.category(*c)));
        parts.push(vocabulary.format(group.format));
    }
    if let Some(place) = group.place_or(facility) {
        parts.push(place.prefecture.name_ja());
        parts.push(place.prefecture.name_en());
        parts.extend(place.city.as_deref());
    }
    owned.push(words::schedule(Lang::Ja, &group.schedule));
    parts.extend(owned.iter().map(String::as_str));
    parts.join("\n")
}

/// Whether every term of `query` occurs in what [`searchable_text`] gathers about `group`,
/// folded by [`Folder::BUILT_IN`]. The vocabulary is not applied: the finder's index applies
/// it, from the feed ([`vocabulary::search_words`]).
pub fn matches(query: &TextQuery, directory: &Directory, group: &Group) -> bool {
    query.is_empty()
        || query.matches_folded(
            &Folder::BUILT_IN.fold(&searchable_text(group, directory.facility(&group.facility))),
        )
}

/// The caller-supplied path the widget takes, backed by the same tables as
/// [`Folder::BUILT_IN`](tsunagu_contract::search::Folder::BUILT_IN), as the contract's tests
/// fold.
#[cfg(test)]
pub(crate) const TEST_FOLDER: tsunagu_contract::search::Folder =
    tsunagu_contract::search::Folder::new(|text| {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().collect::<String>().to_lowercase()
    });

#[cfg(test)]
mod tests {
    use tsunagu_contract::directory::{Category, FacilityId, Format, GroupId, Place, Prefecture};
    use tsunagu_contract::search::Folder;

    use super::*;

    fn directory() -> Directory {
        let facility = FacilityId::new("f").unwrap();
        let mut f = Facility::new(facility.clone(), "ひだまり登戸");
        f.place = Some(Place {
            prefecture: Prefecture::parse("神奈川県").unwrap(),
            city: Some("川崎市".into()),
            address: None,
            access: None,
        });
        let group = |id: &str, name: &str, category| {
            let mut g = Group::new(GroupId::new(id).unwrap(), facility.clone(), name, category);
            g.format = Format::InPerson;
            g
        };
        Directory {
            facilities: vec![f],
            groups: vec![
                group("ga", "GAミーティング", Category::Gambling),
                group("ibasho", "オンライン居場所", Category::Hikikomori),
            ],
        }
    }

    fn names_by(folder: Folder, query: &str) -> Vec<String> {
        let dir = directory();
        let query = TextQuery::with_folder(query, folder);
        dir.groups
            .iter()
            .filter(|g| {
                query.matches_folded(&folder.fold(&searchable_text(g, dir.facility(&g.facility))))
            })
            .map(|g| g.id.to_string())
            .collect()
    }

    fn names(query: &str) -> Vec<String> {
        names_by(TEST_FOLDER, query)
    }

    #[test]
    fn kana_and_width_variants_match_the_same_groups() {
        for q in [
            "ギャンブル",
            "ぎゃんぶる",
            "ｷﾞｬﾝﾌﾞﾙ",
            "ｇａﾐｰﾃｨﾝｸﾞ",
            "ＧＡミーティング",
            "Gambling",
        ] {
            assert_eq!(names(q), ["ga"], "query {q:?}");
        }
        assert_eq!(names("おんらいん"), ["ibasho"]);
        assert_eq!(names("オンライン　居場所"), ["ibasho"]);
    }

    #[test]
    fn every_term_must_match() {
        assert_eq!(names("川崎 ぎゃんぶる"), ["ga"]);
        assert!(names("川崎 薬物").is_empty());
        assert_eq!(names("  ").len(), 2);
    }

    #[test]
    fn the_built_in_query_finds_what_a_caller_supplied_one_finds() {
        let dir = directory();
        for q in ["ｷﾞｬﾝﾌﾞﾙ", "川崎 ぎゃんぶる", "おんらいん"] {
            let query = TextQuery::new(q);
            let built_in: Vec<String> = dir
                .groups
                .iter()
                .filter(|g| matches(&query, &dir, g))
                .map(|g| g.id.to_string())
                .collect();
            assert_eq!(built_in, names(q), "query {q:?}");
        }
    }

    #[test]
    fn the_callers_normalize_is_the_one_used() {
        // Without NFKC, half-width katakana stays apart from its full-width form…
        let no_nfkc = Folder::new(str::to_lowercase);
        assert!(names_by(no_nfkc, "ｷﾞｬﾝﾌﾞﾙ").is_empty());
        assert_eq!(names_by(no_nfkc, "ギャンブル"), ["ga"]);
        // …and katakana to hiragana still follows whatever the caller's steps return.
        assert_eq!(Folder::new(|_| "ガA".to_owned()).fold("x"), "がA");
    }
}
