//! Readings in romaji, so that a visitor who types 「gyanburu」 on a keyboard without a Japanese
//! input method finds ギャンブル. The feed carries the romaji beside each reading; the widget
//! converts nothing.

use tsunagu_contract::search::ROMAJI_MARK;
use wana_kana::ConvertJapanese;

/// The loanword spellings (外来語の表記: ティ, ファ, ウォ…) that `wana_kana` spells syllable by
/// syllable (ティ as 「tei」, ファ as 「fua」), with their Hepburn romaji. Each is replaced
/// before the conversion, which leaves Latin letters as they are. Katakana, because readings
/// are converted to katakana first (see [`romaji`]).
const LOANWORD_SOUNDS: &[(&str, &str)] = &[
    ("ティ", "ti"),
    ("ディ", "di"),
    ("トゥ", "tu"),
    ("ドゥ", "du"),
    ("テュ", "tyu"),
    ("デュ", "dyu"),
    ("ファ", "fa"),
    ("フィ", "fi"),
    ("フェ", "fe"),
    ("フォ", "fo"),
    ("フュ", "fyu"),
    ("ウィ", "wi"),
    ("ウェ", "we"),
    ("ウォ", "wo"),
    ("ヴァ", "va"),
    ("ヴィ", "vi"),
    ("ヴェ", "ve"),
    ("ヴォ", "vo"),
    ("ヴ", "vu"),
    ("ツァ", "tsa"),
    ("ツェ", "tse"),
    ("ツォ", "tso"),
    ("イェ", "ye"),
    ("クァ", "kwa"),
    ("グァ", "gwa"),
];

/// `reading` (hiragana or katakana, as in a group's `kana`) in lower-case Hepburn romaji as a
/// person types it on a plain keyboard: long vowels doubled (ミーティング → 「miitingu」), no
/// apostrophe after ん (かんい → 「kani」). Everything that is not kana stays as it is.
pub fn romaji(reading: &str) -> String {
    convert(reading, None)
}

/// [`romaji`] with each converted run of kana opened by [`ROMAJI_MARK`], as the feed's search
/// text holds it: short abbreviations (「NA」) are then not found at the start of a reading
/// (「~naniwa」), while the sound typed out (「naniwa」) is.
pub fn marked(reading: &str) -> String {
    convert(reading, Some(ROMAJI_MARK))
}

fn convert(reading: &str, mark: Option<char>) -> String {
    let mut out = String::with_capacity(reading.len());
    let mut rest = reading;
    while let Some(start) = rest.find(is_kana) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c| !is_kana(c)).unwrap_or(rest.len());
        out.extend(mark);
        out.push_str(&kana_run(&rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A run of kana in romaji. Only kana go through `wana_kana`: its katakana conversion would
/// also turn Latin words into kana.
fn kana_run(kana: &str) -> String {
    // In katakana, wana_kana doubles the vowel before ー; in hiragana it writes 「-」.
    let mut text = kana.to_katakana();
    for (kana, latin) in LOANWORD_SOUNDS {
        if text.contains(kana) {
            // A ー after Latin letters is no longer read as a long vowel: double it here.
            let vowel = &latin[latin.len() - 1..];
            text = text
                .replace(&format!("{kana}ー"), &format!("{latin}{vowel}"))
                .replace(kana, latin);
        }
    }
    text.to_romaji().replace('\'', "")
}

/// Hiragana, katakana and the long-vowel mark; not the middle dot 「・」, which separates words.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}')
}

#[cfg(test)]
mod tests {
    use super::{marked, romaji};

    #[test]
    fn readings_become_what_a_keyboard_types() {
        for (reading, typed) in [
            ("ぎゃんぶる", "gyanburu"),
            ("ひきこもりかぞくかい", "hikikomorikazokukai"),
            ("ふとうこうのおやのかい", "futoukounooyanokai"),
            (
                "しゅうろういこうしえんじぎょうしょ",
                "shuurouikoushienjigyousho",
            ),
            ("あるこーるじじょぐるーぷ", "arukoorujijoguruupu"),
            ("いっしょにらんち", "isshoniranchi"),
            ("かんい", "kani"),
            ("ぢ づ を", "ji zu wo"),
            ("ギャンブル", "gyanburu"),
        ] {
            assert_eq!(romaji(reading), typed, "{reading}");
        }
    }

    #[test]
    fn loanword_sounds_keep_their_consonant() {
        for (reading, typed) in [
            ("みーてぃんぐ", "miitingu"),
            ("でぃなー", "dinaa"),
            ("かふぇ", "kafe"),
            ("ふぁみりー", "famirii"),
            ("うぉーきんぐ", "wookingu"),
            ("ゔぃじょん", "vijon"),
            ("ゔ", "vu"),
            ("ツァー", "tsaa"),
        ] {
            assert_eq!(romaji(reading), typed, "{reading}");
        }
    }

    #[test]
    fn the_feed_marks_each_run_of_kana() {
        assert_eq!(
            marked("やすみば English・ぎゃんぶる"),
            "~yasumiba English・~gyanburu"
        );
    }

    #[test]
    fn latin_and_punctuation_pass_through() {
        assert_eq!(romaji("やすみば English"), "yasumiba English");
        assert_eq!(romaji("えーがた けんがくかい"), "eegata kengakukai");
    }
}
