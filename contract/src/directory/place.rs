//! Where a group meets: the 47 prefectures (JIS X 0401 order and codes) and a [`Place`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::DirectoryError;

/// (Japanese name, English name) by JIS X 0401 code − 1.
const PREFECTURES: [(&str, &str); 47] = [
    ("北海道", "Hokkaido"),
    ("青森県", "Aomori"),
    ("岩手県", "Iwate"),
    ("宮城県", "Miyagi"),
    ("秋田県", "Akita"),
    ("山形県", "Yamagata"),
    ("福島県", "Fukushima"),
    ("茨城県", "Ibaraki"),
    ("栃木県", "Tochigi"),
    ("群馬県", "Gunma"),
    ("埼玉県", "Saitama"),
    ("千葉県", "Chiba"),
    ("東京都", "Tokyo"),
    ("神奈川県", "Kanagawa"),
    ("新潟県", "Niigata"),
    ("富山県", "Toyama"),
    ("石川県", "Ishikawa"),
    ("福井県", "Fukui"),
    ("山梨県", "Yamanashi"),
    ("長野県", "Nagano"),
    ("岐阜県", "Gifu"),
    ("静岡県", "Shizuoka"),
    ("愛知県", "Aichi"),
    ("三重県", "Mie"),
    ("滋賀県", "Shiga"),
    ("京都府", "Kyoto"),
    ("大阪府", "Osaka"),
    ("兵庫県", "Hyogo"),
    ("奈良県", "Nara"),
    ("和歌山県", "Wakayama"),
    ("鳥取県", "Tottori"),
    ("島根県", "Shimane"),
    ("岡山県", "Okayama"),
    ("広島県", "Hiroshima"),
    ("山口県", "Yamaguchi"),
    ("徳島県", "Tokushima"),
    ("香川県", "Kagawa"),
    ("愛媛県", "Ehime"),
    ("高知県", "Kochi"),
    ("福岡県", "Fukuoka"),
    ("佐賀県", "Saga"),
    ("長崎県", "Nagasaki"),
    ("熊本県", "Kumamoto"),
    ("大分県", "Oita"),
    ("宮崎県", "Miyazaki"),
    ("鹿児島県", "Kagoshima"),
    ("沖縄県", "Okinawa"),
];

/// One of Japan's 47 prefectures. Written in JSON and CSV by its Japanese name (「宮城県」); read
/// from the Japanese name with or without 都/府/県, from the English name, or from the two-digit
/// JIS code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Prefecture(u8);

impl Prefecture {
    /// Every prefecture, north to south (JIS order).
    pub fn all() -> impl Iterator<Item = Prefecture> {
        (1..=47).map(Prefecture)
    }

    /// The prefecture with this JIS X 0401 code (1 = 北海道 … 47 = 沖縄県).
    pub fn from_code(code: u8) -> Option<Prefecture> {
        (1..=47).contains(&code).then_some(Prefecture(code))
    }

    /// Reads a prefecture name in any of the accepted forms; see [`Prefecture`].
    pub fn parse(text: &str) -> Result<Prefecture, DirectoryError> {
        let text = text.trim();
        if let Ok(code) = text.parse::<u8>()
            && let Some(p) = Prefecture::from_code(code)
        {
            return Ok(p);
        }
        let english = text
            .strip_suffix(" Prefecture")
            .or_else(|| text.strip_suffix("-ken"))
            .unwrap_or(text);
        PREFECTURES
            .iter()
            .position(|(ja, en)| {
                *ja == text
                    || (ja.chars().count() > 2 && ja.strip_suffix(['都', '府', '県']) == Some(text))
                    || en.eq_ignore_ascii_case(english)
            })
            .and_then(|i| u8::try_from(i + 1).ok())
            .map(Prefecture)
            .ok_or_else(|| DirectoryError::UnknownPrefecture {
                value: text.to_owned(),
            })
    }

    /// The JIS X 0401 code.
    pub fn code(self) -> u8 {
        self.0
    }

    fn entry(self) -> (&'static str, &'static str) {
        PREFECTURES
            .get(usize::from(self.0).saturating_sub(1))
            .copied()
            .unwrap_or(("", ""))
    }

    /// The Japanese name, e.g. 「宮城県」.
    pub fn name_ja(self) -> &'static str {
        self.entry().0
    }

    /// The English name, e.g. "Miyagi".
    pub fn name_en(self) -> &'static str {
        self.entry().1
    }
}

impl TryFrom<String> for Prefecture {
    type Error = DirectoryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Prefecture::parse(&value)
    }
}

impl From<Prefecture> for String {
    fn from(p: Prefecture) -> String {
        p.name_ja().to_owned()
    }
}

impl fmt::Display for Prefecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_ja())
    }
}

/// Where a group meets in person, or where a facility is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The prefecture; the area filter's first level.
    pub prefecture: Prefecture,
    /// City, ward or town, e.g. 「川崎市多摩区」; the area filter's second level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The rest of the address, e.g. 「登戸1-2-3 ひだまりビル2階」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// How to get there, e.g. 「小田急線 登戸駅から徒歩5分」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
}

impl Place {
    /// Prefecture, city and address in one line, as Japanese addresses are written.
    pub fn one_line(&self) -> String {
        let mut line = self.prefecture.name_ja().to_owned();
        for part in [&self.city, &self.address].into_iter().flatten() {
            line.push_str(part);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefectures_read_in_every_form() {
        for text in [
            "宮城県",
            "宮城",
            "Miyagi",
            "miyagi",
            "Miyagi Prefecture",
            "04",
            "4",
        ] {
            assert_eq!(
                Prefecture::parse(text).unwrap().name_ja(),
                "宮城県",
                "{text}"
            );
        }
        assert_eq!(Prefecture::parse("東京").unwrap().name_en(), "Tokyo");
        assert_eq!(Prefecture::parse("北海道").unwrap().code(), 1);
        assert_eq!(Prefecture::parse("沖縄県").unwrap().code(), 47);
        for bad in ["", "48", "0", "宮", "京", "Atlantis"] {
            assert!(Prefecture::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(Prefecture::all().count(), 47);
    }

    #[test]
    fn prefecture_serialises_as_its_japanese_name() {
        let p = Prefecture::parse("Kanagawa").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"神奈川県\"");
        let back: Prefecture = serde_json::from_str("\"神奈川県\"").unwrap();
        assert_eq!(back, p);
    }
}
