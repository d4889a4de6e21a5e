//! Free-text search that ignores the differences Japanese input methods introduce.
//!
//! Visitors type 「ギャンブル」, 「ぎゃんぶる」, half-width 「ｷﾞｬﾝﾌﾞﾙ」 or full-width 「ＧＡ」 for the
//! same thing. Both the haystack and the query are folded the same way by a [`Folder`]: Unicode
//! NFKC (width, half-width katakana with their voicing marks, circled digits), then lower case,
//! then katakana to hiragana.
//!
//! The first two steps need Unicode tables: about 110 KB for NFKC and 12 KB for lower case.
//! Natively they come with the `nfkc` feature (on by default) as [`Folder::BUILT_IN`]; the widget
//! turns the feature off and hands core the browser's own
//! `text.normalize("NFKC").toLowerCase()` through [`Folder::new`], so visitors do not download a
//! second copy of tables their browser already has.

#[cfg(feature = "nfkc")]
use crate::directory::Directory;
use crate::directory::{Facility, Group};
use crate::i18n::Lang;

/// Maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The Unicode steps of [`Folder::fold`] on a whole string: NFKC, then lower case as Unicode's
/// default case conversion defines it (what both [`str::to_lowercase`] and JavaScript's
/// `toLowerCase` do).
///
/// A plain function pointer rather than a generic parameter, so that every type that folds
/// (queries, the index) stays one concrete type whichever normaliser the program chose.
pub type Normalize = fn(&str) -> String;

/// Folds text for matching: NFKC, then lower case, then katakana to hiragana. A query and the
/// text it is matched against must be folded by folders with equivalent [`Normalize`] steps.
#[derive(Debug, Clone, Copy)]
pub struct Folder {
    normalize: Normalize,
}

impl Folder {
    /// NFKC from the `unicode-normalization` tables compiled into this crate, then
    /// [`str::to_lowercase`].
    #[cfg(feature = "nfkc")]
    pub const BUILT_IN: Folder = Folder {
        normalize: built_in_normalize,
    };

    /// A folder whose Unicode steps are `normalize`, for a program built without the `nfkc`
    /// feature that has tables of its own, e.g. `text.normalize("NFKC").toLowerCase()` in a
    /// browser. The function must implement both steps exactly, or queries and haystacks folded
    /// elsewhere stop agreeing.
    pub const fn new(normalize: Normalize) -> Folder {
        Folder { normalize }
    }

    /// Folds `text` for matching.
    pub fn fold(&self, text: &str) -> String {
        (self.normalize)(text)
            .chars()
            .map(|c| match c {
                // ァ (U+30A1) … ヶ (U+30F6) sit exactly 0x60 above their hiragana forms.
                '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
                _ => c,
            })
            .collect()
    }
}

#[cfg(feature = "nfkc")]
fn built_in_normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
}

/// Folds text for matching with [`Folder::BUILT_IN`]: NFKC, lower case, katakana to hiragana.
#[cfg(feature = "nfkc")]
pub fn fold(text: &str) -> String {
    Folder::BUILT_IN.fold(text)
}

/// The caller-supplied path the widget takes, backed by the same tables as [`Folder::BUILT_IN`]
/// so that the tests run with and without the `nfkc` feature.
#[cfg(test)]
pub(crate) const TEST_FOLDER: Folder = Folder::new(|text| {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect::<String>().to_lowercase()
});

/// A query split into folded terms; a group matches when every term occurs in its text.
///
/// Two queries are equal when their terms are, that is when they find the same groups:
/// 「ｷﾞｬﾝﾌﾞﾙ」 equals 「ぎゃんぶる」 and blank input equals no query, so a filter holding
/// either is still [`crate::filter::GroupFilter::is_empty`] and a memo over the filter does not
/// refilter for a trailing space. The typed text is kept for a search box and a link to show
/// back ([`TextQuery::as_str`]).
#[derive(Debug, Clone, Default)]
pub struct TextQuery {
    raw: String,
    terms: Vec<String>,
}

impl PartialEq for TextQuery {
    fn eq(&self, other: &TextQuery) -> bool {
        self.terms == other.terms
    }
}

impl Eq for TextQuery {}

impl TextQuery {
    /// Parses what the visitor typed, folded by [`Folder::BUILT_IN`]; blank input matches
    /// everything.
    #[cfg(feature = "nfkc")]
    pub fn new(input: &str) -> TextQuery {
        TextQuery::with_folder(input, Folder::BUILT_IN)
    }

    /// Parses what the visitor typed, folded by `folder`; blank input matches everything.
    pub fn with_folder(input: &str, folder: Folder) -> TextQuery {
        TextQuery {
            raw: input.to_owned(),
            terms: folder
                .fold(input)
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// The text exactly as the visitor typed it, unfolded.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether the query has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every term occurs in `folded`, a haystack already passed through the
    /// [`Folder::fold`] that folded the query.
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|term| folded.contains(term.as_str()))
    }

    /// Whether every term occurs in what [`searchable_text`] gathers about the group, folded by
    /// [`Folder::BUILT_IN`].
    #[cfg(feature = "nfkc")]
    pub fn matches(&self, directory: &Directory, group: &Group) -> bool {
        self.terms.is_empty()
            || self.matches_folded(&fold(&searchable_text(
                group,
                directory.facility(&group.facility),
            )))
    }
}

/// Everything a visitor might type to find a group: its name and reading, its facility's,
/// summary, description, diseases, category labels in every language (so 「gambling」 finds
/// ギャンブル groups in a Japanese widget), prefecture and city, and the schedule in Japanese
/// words. Not yet folded. `facility` is the group's facility, looked up once by the caller.
pub fn searchable_text(group: &Group, facility: Option<&Facility>) -> String {
    let mut parts: Vec<&str> = vec![group.name.as_str()];
    let optional = [
        &group.kana,
        &group.summary,
        &group.description,
        &group.schedule_note,
    ];
    parts.extend(optional.into_iter().flatten().map(String::as_str));
    parts.extend(group.diseases.iter().map(String::as_str));
    if let Some(facility) = facility {
        parts.push(&facility.name);
        parts.extend(facility.kana.as_deref());
    }
    let mut owned = Vec::new();
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
    owned.push(crate::schedule::words::schedule(Lang::Ja, &group.schedule));
    parts.extend(owned.iter().map(String::as_str));
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{
        Category, Directory, Facility, FacilityId, Format, GroupId, Place, Prefecture,
    };

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

    const SAMPLES: [&str; 10] = [
        "ギャンブル ＡＢＣ",
        "ヴァ",
        "ゞ",
        "ｱ",
        "ｷﾞｬﾝﾌﾞﾙ",
        "①㈱",
        "Ⅻ",
        "ｳｫｰｷﾝｸﾞ",
        "ＧＡＭＢＬＩＮＧ",
        "Ǆ ﬁ ㍻ ΟΔΟΣ",
    ];

    #[test]
    fn queries_keep_what_was_typed_and_compare_by_what_they_find() {
        let q = TextQuery::with_folder(" ｷﾞｬﾝﾌﾞﾙ  川崎", TEST_FOLDER);
        assert_eq!(q.as_str(), " ｷﾞｬﾝﾌﾞﾙ  川崎");
        assert_eq!(q, TextQuery::with_folder("ぎゃんぶる 川崎", TEST_FOLDER));
        assert_ne!(q, TextQuery::with_folder("ぎゃんぶる", TEST_FOLDER));
        assert_eq!(
            TextQuery::with_folder(" \u{3000}", TEST_FOLDER),
            TextQuery::default()
        );
        assert!(
            crate::filter::GroupFilter {
                text: TextQuery::with_folder("  ", TEST_FOLDER),
                ..Default::default()
            }
            .is_empty()
        );
    }

    #[test]
    fn fold_is_idempotent_on_its_output() {
        for s in SAMPLES {
            let once = TEST_FOLDER.fold(s);
            assert_eq!(TEST_FOLDER.fold(&once), once);
        }
    }

    #[cfg(feature = "nfkc")]
    #[test]
    fn the_built_in_folder_and_a_caller_supplied_normalize_agree() {
        for s in SAMPLES {
            assert_eq!(Folder::BUILT_IN.fold(s), TEST_FOLDER.fold(s), "{s:?}");
            assert_eq!(fold(s), TEST_FOLDER.fold(s), "{s:?}");
        }
        let dir = directory();
        for q in ["ｷﾞｬﾝﾌﾞﾙ", "川崎 ぎゃんぶる", "おんらいん"] {
            let query = TextQuery::new(q);
            let built_in: Vec<String> = dir
                .groups
                .iter()
                .filter(|g| query.matches(&dir, g))
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
