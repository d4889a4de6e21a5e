//! Free-text search that ignores the differences Japanese input methods introduce.
//!
//! Visitors type 「ギャンブル」, 「ぎゃんぶる」 or full-width 「ＧＡ」 for the same thing. Both the
//! haystack and the query are folded the same way: full-width ASCII to ASCII, katakana to
//! hiragana, then lower case. (Half-width katakana needs Unicode normalisation and comes with the
//! full directory model.)

use crate::directory::{Directory, Group};
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

/// Folds text for matching: width, katakana to hiragana, case.
pub fn fold(text: &str) -> String {
    fold_width(text)
        .chars()
        .map(|c| match c {
            // ァ (U+30A1) … ヶ (U+30F6) sit exactly 0x60 above their hiragana forms.
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A query split into folded terms; a group matches when every term occurs in its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextQuery {
    terms: Vec<String>,
}

impl TextQuery {
    /// Parses what the visitor typed; blank input matches everything.
    pub fn new(input: &str) -> TextQuery {
        TextQuery {
            terms: fold(input).split_whitespace().map(str::to_owned).collect(),
        }
    }

    /// Whether the query has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every term occurs in the group's name, facility, schedule, summary or category
    /// labels (in every language, so 「gambling」 finds ギャンブル groups in a Japanese widget).
    pub fn matches(&self, directory: &Directory, group: &Group) -> bool {
        if self.terms.is_empty() {
            return true;
        }
        let haystack = fold(&searchable_text(directory, group));
        self.terms.iter().all(|term| haystack.contains(term))
    }

    /// The groups of the directory that match, in directory order.
    pub fn filter<'a>(&self, directory: &'a Directory) -> Vec<&'a Group> {
        directory
            .groups
            .iter()
            .filter(|g| self.matches(directory, g))
            .collect()
    }
}

fn searchable_text(directory: &Directory, group: &Group) -> String {
    let mut text = format!("{}\n{}\n", group.name, group.schedule);
    if let Some(summary) = &group.summary {
        text.push_str(summary);
        text.push('\n');
    }
    if let Some(facility) = directory.facility(&group.facility) {
        text.push_str(&facility.name);
        text.push('\n');
        if let Some(area) = &facility.area {
            text.push_str(area);
            text.push('\n');
        }
    }
    for lang in [Lang::Ja, Lang::En] {
        for category in &group.categories {
            text.push_str(lang.vocabulary().category(*category));
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Category, Facility, FacilityId, GroupId};

    fn directory() -> Directory {
        let facility = FacilityId::new("f").unwrap();
        let group = |id: &str, name: &str, category| Group {
            id: GroupId::new(id).unwrap(),
            facility: facility.clone(),
            name: name.into(),
            categories: vec![category],
            schedule: "毎週月曜日 19:00〜20:30".into(),
            summary: None,
        };
        Directory {
            facilities: vec![Facility {
                id: facility.clone(),
                name: "ひだまり登戸".into(),
                area: Some("神奈川県川崎市".into()),
                phone: None,
                phone_hours: None,
            }],
            groups: vec![
                group("ga", "GAミーティング", Category::Gambling),
                group("ibasho", "オンライン居場所", Category::Hikikomori),
            ],
        }
    }

    fn names(query: &str) -> Vec<String> {
        let dir = directory();
        TextQuery::new(query)
            .filter(&dir)
            .iter()
            .map(|g| g.id.to_string())
            .collect()
    }

    #[test]
    fn kana_and_width_variants_match_the_same_groups() {
        for q in ["ギャンブル", "ぎゃんぶる", "ｇａ", "ＧＡ", "Gambling"] {
            assert_eq!(names(q), ["ga"], "query {q:?}");
        }
        assert_eq!(names("おんらいん"), ["ibasho"]);
        assert_eq!(names("オンライン　居場所"), ["ibasho"]);
    }

    #[test]
    fn every_term_must_match() {
        assert_eq!(names("川崎 ga"), ["ga"]);
        assert!(names("川崎 薬物").is_empty());
        assert_eq!(names("  ").len(), 2);
    }

    #[test]
    fn fold_is_idempotent_on_its_output() {
        for s in ["ギャンブル ＡＢＣ", "ヴァ", "ゞ", "ｱ"] {
            assert_eq!(fold(&fold(s)), fold(s));
        }
    }
}
