//! Free-text search that ignores the differences Japanese input methods introduce.
//!
//! Visitors type 「ギャンブル」, 「ぎゃんぶる」, half-width 「ｷﾞｬﾝﾌﾞﾙ」 or full-width 「ＧＡ」 for the
//! same thing. Both the haystack and the query are folded the same way: Unicode NFKC (width,
//! half-width katakana with their voicing marks, circled digits), then lower case, then
//! katakana to hiragana.

use unicode_normalization::UnicodeNormalization;

use crate::directory::{Directory, Facility, Group};
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

/// Folds text for matching: NFKC, lower case, katakana to hiragana.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            // ァ (U+30A1) … ヶ (U+30F6) sit exactly 0x60 above their hiragana forms.
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

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
    /// Parses what the visitor typed; blank input matches everything.
    pub fn new(input: &str) -> TextQuery {
        TextQuery {
            raw: input.to_owned(),
            terms: fold(input).split_whitespace().map(str::to_owned).collect(),
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

    /// Whether every term occurs in `folded`, a haystack already passed through [`fold`].
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|term| folded.contains(term.as_str()))
    }

    /// Whether every term occurs in what [`searchable_text`] gathers about the group.
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
    owned.push(Lang::Ja.vocabulary().schedule(&group.schedule));
    parts.extend(owned.iter().map(String::as_str));
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Category, Facility, FacilityId, Format, GroupId, Place, Prefecture};

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

    fn names(query: &str) -> Vec<String> {
        let dir = directory();
        let query = TextQuery::new(query);
        dir.groups
            .iter()
            .filter(|g| query.matches(&dir, g))
            .map(|g| g.id.to_string())
            .collect()
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
    fn queries_keep_what_was_typed_and_compare_by_what_they_find() {
        let q = TextQuery::new(" ｷﾞｬﾝﾌﾞﾙ  川崎");
        assert_eq!(q.as_str(), " ｷﾞｬﾝﾌﾞﾙ  川崎");
        assert_eq!(q, TextQuery::new("ぎゃんぶる 川崎"));
        assert_ne!(q, TextQuery::new("ぎゃんぶる"));
        assert_eq!(TextQuery::new(" \u{3000}"), TextQuery::default());
        assert!(
            crate::filter::GroupFilter {
                text: TextQuery::new("  "),
                ..Default::default()
            }
            .is_empty()
        );
    }

    #[test]
    fn fold_is_idempotent_on_its_output() {
        for s in ["ギャンブル ＡＢＣ", "ヴァ", "ゞ", "ｱ", "ｷﾞｬﾝﾌﾞﾙ", "①㈱", "Ⅻ"]
        {
            assert_eq!(fold(&fold(s)), fold(s));
        }
    }
}
