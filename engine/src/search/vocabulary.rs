//! What visitors type that a group's own texts do not say: the names of the well-known
//! fellowships and their abbreviations, and the different ways Japanese welfare texts write one
//! word. It is data: a new name or spelling is a new row, and the tests check every row.

use tsunagu_contract::directory::Category;
use tsunagu_contract::feed::{FellowshipNames, SearchWords};
use tsunagu_contract::search::Folder;

/// A fellowship's names and abbreviations, and the groups they lead to: those with every
/// category of `categories` and none of `unless`.
#[derive(Debug, Clone, Copy)]
pub struct Fellowship {
    /// What visitors type for it: its abbreviation, its name in katakana and in English.
    pub names: &'static [&'static str],
    /// The categories a group has when it is such a meeting.
    pub categories: &'static [Category],
    /// Categories that make it another fellowship's meeting: a family group on alcohol is an
    /// Al-Anon kind of meeting, not AA.
    pub unless: &'static [Category],
}

impl Fellowship {
    /// Whether a group with `categories` is such a meeting.
    pub fn leads_to(&self, categories: &[Category]) -> bool {
        self.categories.iter().all(|c| categories.contains(c))
            && !self.unless.iter().any(|c| categories.contains(c))
    }
}

use Category::{Alcohol, Drugs, EatingDisorder, EmploymentConsultation, Family, Gambling};

/// The fellowships and services visitors name rather than describe.
pub const FELLOWSHIPS: &[Fellowship] = &[
    Fellowship {
        names: &["AA", "アルコホーリクス・アノニマス", "Alcoholics Anonymous"],
        categories: &[Alcohol],
        unless: &[Family],
    },
    Fellowship {
        names: &["断酒会", "だんしゅかい"],
        categories: &[Alcohol],
        unless: &[],
    },
    Fellowship {
        names: &["アラノン", "Al-Anon", "AlAnon", "アラティーン", "Alateen"],
        categories: &[Alcohol, Family],
        unless: &[],
    },
    Fellowship {
        names: &["GA", "ギャンブラーズ・アノニマス", "Gamblers Anonymous"],
        categories: &[Gambling],
        unless: &[Family],
    },
    Fellowship {
        names: &["ギャマノン", "Gam-Anon", "GamAnon"],
        categories: &[Gambling, Family],
        unless: &[],
    },
    Fellowship {
        names: &[
            "NA",
            "ナルコティクス・アノニマス",
            "Narcotics Anonymous",
            "ダルク",
            "DARC",
        ],
        categories: &[Drugs],
        unless: &[Family],
    },
    Fellowship {
        names: &["ナラノン", "Nar-Anon", "NarAnon"],
        categories: &[Drugs, Family],
        unless: &[],
    },
    Fellowship {
        names: &["NABA", "ナバ"],
        categories: &[EatingDisorder],
        unless: &[],
    },
    Fellowship {
        names: &[
            "OA",
            "オーバーイーターズ・アノニマス",
            "Overeaters Anonymous",
        ],
        categories: &[EatingDisorder],
        unless: &[Family],
    },
    Fellowship {
        names: &["サポステ", "地域若者サポートステーション"],
        categories: &[EmploymentConsultation],
        unless: &[],
    },
];

/// Spellings of one word: kanji or kana, and the okurigana and characters different texts
/// choose. A text with one of them is found by each of the others.
pub const SPELLINGS: &[&[&str]] = &[
    &[
        "ひきこもり",
        "引きこもり",
        "引き籠もり",
        "引籠もり",
        "引き籠り",
        "ひき籠もり",
    ],
    &["障害", "障がい", "障碍"],
    &["こども", "子ども", "子供"],
    &["居場所", "いばしょ"],
    &["集い", "つどい"],
    &["分かち合い", "分かちあい", "わかちあい", "分ち合い"],
    &["話し合い", "話合い", "はなしあい"],
    &["申し込み", "申込み"],
    &["ピアサポート", "ピア・サポート"],
    &["おしゃべり", "お喋り"],
    &["仲間", "なかま"],
];

/// The vocabulary as the feed carries it, folded by `folder` (the folder of the feed's text);
/// the finder's index applies it to each query.
pub fn search_words(folder: Folder) -> SearchWords {
    SearchWords {
        fellowships: FELLOWSHIPS
            .iter()
            .map(|f| FellowshipNames {
                names: folder.fold(&f.names.join("\n")),
                categories: f.categories.to_vec(),
                unless: f.unless.to_vec(),
            })
            .collect(),
        spellings: SPELLINGS
            .iter()
            .map(|set| set.iter().map(|s| folder.fold(s)).collect())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use tsunagu_contract::directory::{Directory, Facility, FacilityId, Group, GroupId};
    use tsunagu_contract::filter::{DirectoryIndex, GroupFilter};
    use tsunagu_contract::search::TextQuery;

    use super::*;
    use crate::search::TEST_FOLDER;

    fn group(name: &str, categories: &[Category]) -> Group {
        let mut group = Group::new(
            GroupId::new("g").unwrap(),
            FacilityId::new("f").unwrap(),
            name,
            categories[0],
        );
        group.categories = categories.to_vec();
        group
    }

    /// Whether the finder, given the feed of a directory holding `group` alone, finds it.
    fn finds(query: &str, group: &Group) -> bool {
        let directory = Directory {
            facilities: vec![Facility::new(FacilityId::new("f").unwrap(), "施設")],
            groups: vec![group.clone()],
        };
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let index = DirectoryIndex::new(crate::feed::build(&directory, at, TEST_FOLDER), at);
        index.count(&GroupFilter {
            text: TextQuery::with_folder(query, TEST_FOLDER),
            ..GroupFilter::default()
        }) == 1
    }
    #[test]
    fn each_fellowship_finds_its_meetings_and_no_other() {
        for fellowship in FELLOWSHIPS {
            let meeting = group("例会", fellowship.categories);
            let other = Category::ALL
                .into_iter()
                .find(|c| !fellowship.categories.contains(c) && !fellowship.unless.contains(c))
                .unwrap();
            for name in fellowship.names {
                assert!(finds(name, &meeting), "{name:?} finds its meeting");
                assert!(
                    !finds(name, &group("例会", &[other])),
                    "{name:?} finds {other:?}"
                );
                for unless in fellowship.unless {
                    let mut categories = fellowship.categories.to_vec();
                    categories.push(*unless);
                    assert!(
                        !fellowship.leads_to(&categories),
                        "{name:?} with {unless:?}"
                    );
                    // A short abbreviation may still start a word of the group's own labels
                    // (「GA」 and 「Gambling」); a longer name must not be found at all.
                    if name.chars().count() > 3 {
                        assert!(
                            !finds(name, &group("例会", &categories)),
                            "{name:?} with {unless:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn each_spelling_finds_a_text_written_with_any_other() {
        for spellings in SPELLINGS {
            for written in *spellings {
                let alone = group(written, &[Category::Hikikomori]);
                let compound = group(&format!("若者の{written}相談会"), &[Category::Hikikomori]);
                for typed in *spellings {
                    assert!(finds(typed, &alone), "{typed:?} finds {written:?}");
                    let phrase = format!("{typed}相談会");
                    assert!(
                        finds(&phrase, &compound),
                        "{phrase:?} finds 若者の{written}相談会"
                    );
                }
            }
        }
    }
}
