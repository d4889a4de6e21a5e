//! Free-text search that ignores the differences Japanese input methods introduce.
//!
//! Visitors type 「ギャンブル」, 「ぎゃんぶる」, half-width 「ｷﾞｬﾝﾌﾞﾙ」 or full-width 「ＧＡ」 for the
//! same thing. Both the haystack and the query are folded the same way by a [`Folder`]: Unicode
//! NFKC (width, half-width katakana with their voicing marks, circled digits), then lower case,
//! then katakana to hiragana.
//!
//! The first two steps need Unicode tables: about 110 KB for NFKC and 12 KB for lower case.
//! Natively they come with the `nfkc` feature (on by default) as [`Folder::BUILT_IN`]; the widget
//! turns the feature off and hands the contract the browser's own
//! `text.normalize("NFKC").toLowerCase()` through [`Folder::new`], so visitors do not download a
//! second copy of tables their browser already has.

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
/// either is still empty (no narrowing) and a memo over the filter does not refilter for a
/// trailing space. The typed text is kept for a search box and a link to show
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
    /// [`Folder::fold`] that folded the query. A term of up to [`SHORT_LATIN`] Latin letters
    /// (「AA」, 「GA」, 「NA」) only counts where a word starts, never inside one: 「na」 is not
    /// found in 「kanagawa」. While a visitor types 「gam…」 the list still follows.
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|term| occurs(folded, term))
    }

    /// The folded terms, in the order typed.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// The longest Latin term that [`TextQuery::matches_folded`] matches at word starts only.
pub const SHORT_LATIN: usize = 3;

/// Marks the start of a word that the feed spelled in romaji from a reading (「~gyanburu」).
/// For [`occurs`] the mark belongs to the word, so a short Latin term, an abbreviation such as
/// 「NA」, is not found at the start of 「~naniwa」, while a longer term (「naniwa」) is. Folding
/// keeps it, and a query never needs it.
pub const ROMAJI_MARK: char = '~';

/// Whether the folded `term` occurs in `folded`, as [`TextQuery::matches_folded`] counts it: a
/// short Latin term only where a word starts. A word is a run of ASCII letters and digits,
/// with a leading [`ROMAJI_MARK`]: kana, kanji, spaces and other punctuation end it.
pub fn occurs(folded: &str, term: &str) -> bool {
    occurs_bounded(folded, term, false)
}

/// Whether the folded `term` occurs in `folded`, a short Latin term only as a whole word: for
/// lists of names and abbreviations, where 「na」 means NA and not the start of 「NABA」.
pub fn occurs_as_word(folded: &str, term: &str) -> bool {
    occurs_bounded(folded, term, true)
}

fn occurs_bounded(folded: &str, term: &str, whole: bool) -> bool {
    let short = term.len() <= SHORT_LATIN && term.bytes().all(|b| b.is_ascii_alphabetic());
    if !short {
        return folded.contains(term);
    }
    let not_word =
        |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != ROMAJI_MARK);
    folded.match_indices(term).any(|(at, _)| {
        not_word(folded[..at].chars().next_back())
            && (!whole || not_word(folded[at + term.len()..].chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(TextQuery::with_folder("  ", TEST_FOLDER).is_empty());
    }

    #[test]
    fn short_latin_terms_match_where_a_word_starts() {
        let q = |text: &str| TextQuery::with_folder(text, TEST_FOLDER);
        let haystack = TEST_FOLDER.fold("ＧＡミーティング\nkanagawa\ngaming\nal-anon");
        assert!(q("GA").matches_folded(&haystack), "before kana");
        assert!(q("ano").matches_folded("al-anon"), "after a hyphen");
        assert!(q("ALS").matches_folded("難病als患者"), "between kanji");
        assert!(q("gam").matches_folded(&haystack), "the start of gaming");
        assert!(!q("na").matches_folded(&haystack), "never inside kanagawa");
        assert!(
            !q("non").matches_folded(&haystack),
            "never the end of al-anon"
        );
        assert!(!q("aa").matches_folded("kanagawaaa"));
        // In a list of names, a short term is a whole word: NA, not the start of NABA.
        assert!(occurs_as_word("na\nnaba", "na"));
        assert!(!occurs_as_word("naba\nnar-anon", "na"));
        assert!(occurs_as_word("naba", "naba"));
        // A word spelled in romaji is found by longer terms only.
        let romaji = format!("難波 なにわ {ROMAJI_MARK}naniwa");
        assert!(!q("na").matches_folded(&romaji));
        assert!(q("nani").matches_folded(&romaji));
        // Four letters and more, digits and kana still match anywhere.
        assert!(q("agaw").matches_folded(&haystack));
        assert!(q("てぃん").matches_folded(&haystack));
        assert!(q("1").matches_folded("x12"));
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
    }
}
