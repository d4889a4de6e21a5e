//! The shared vocabulary: labels for the contract's enums and messages for validation errors,
//! Japanese first and English second.
//!
//! Each language is a type implementing [`Vocabulary`]; every method matches exhaustively, so a
//! new category, kind or error without a label in every language does not compile. The widget
//! layers its own UI catalogue on top of this one; the worker uses [`Ja`] for staff mail.

use serde::{Deserialize, Serialize};

use chrono::{NaiveDate, Weekday};

use crate::calendar::Month;
use crate::directory::{Audience, Category, Cost, Format, ParticipationOption, Prefecture};
use crate::inquiry::{Asker, ContactPreference, InquiryError, InquiryField, InquiryKind};
use crate::schedule::{Occurrence, TimeOfDay, words};

/// A language tsunagu speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 日本語, the default.
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Picks a language from a BCP 47 tag such as `ja-JP` or `en`; anything else is Japanese.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The vocabulary of this language.
    pub fn vocabulary(self) -> &'static dyn Vocabulary {
        match self {
            Lang::Ja => &Ja,
            Lang::En => &En,
        }
    }
}

/// Labels and messages for everything the contract names.
pub trait Vocabulary {
    /// A category's label, e.g. 「ひきこもり・居場所」.
    fn category(&self, category: Category) -> &'static str;
    /// An inquiry kind's label, e.g. 「見学予約」.
    fn inquiry_kind(&self, kind: InquiryKind) -> &'static str;
    /// Who is writing.
    fn asker(&self, asker: Asker) -> &'static str;
    /// How the visitor wants to be answered.
    fn contact(&self, contact: ContactPreference) -> &'static str;
    /// A form field's label, e.g. 「お名前（ニックネーム可）」.
    fn field(&self, field: InquiryField) -> &'static str;
    /// A validation problem in words for the visitor.
    fn field_error(&self, error: &InquiryError) -> String;
    /// An audience's label, e.g. 「家族」.
    fn audience(&self, audience: Audience) -> &'static str;
    /// A format's label, e.g. 「オンライン」.
    fn format(&self, format: Format) -> &'static str;
    /// A participation option's label, e.g. 「カメラオフOK」.
    fn option(&self, option: ParticipationOption) -> &'static str;
    /// A cost in words, e.g. 「無料」 or 「500円（資料代）」.
    fn cost(&self, cost: &Cost) -> String;
    /// A time of day's label, e.g. 「午後」.
    fn time_of_day(&self, time: TimeOfDay) -> &'static str;
    /// A weekday's short label, e.g. 「水」.
    fn weekday(&self, day: Weekday) -> &'static str;
    /// A prefecture's name, e.g. 「宮城県」.
    fn prefecture(&self, prefecture: Prefecture) -> &'static str;
    /// One meeting as a card shows it, e.g. 「11月26日(水) 13:00〜21:00」.
    fn occurrence(&self, occurrence: &Occurrence) -> String;
    /// A month as a calendar's heading shows it, e.g. 「2026年12月」.
    fn month(&self, month: Month) -> String;
    /// A date with its weekday, as a calendar day's heading or label shows it, e.g.
    /// 「12月5日(土)」.
    fn day_of_month(&self, date: NaiveDate) -> String;
}

/// January … December.
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// 日本語.
#[derive(Debug, Clone, Copy)]
pub struct Ja;

/// English.
#[derive(Debug, Clone, Copy)]
pub struct En;

impl Vocabulary for Ja {
    fn category(&self, category: Category) -> &'static str {
        match category {
            Category::Alcohol => "アルコール",
            Category::Drugs => "薬物",
            Category::Gambling => "ギャンブル",
            Category::Gaming => "ゲーム・ネット",
            Category::Family => "家族・友人",
            Category::Hikikomori => "ひきこもり・居場所",
            Category::IntractableDisease => "難病",
            Category::MentalHealth => "こころの健康",
            Category::Developmental => "発達障害",
            Category::EatingDisorder => "摂食障害",
            Category::CrimeVictims => "犯罪被害",
            Category::Bereavement => "死別・自死遺族",
            Category::SchoolRefusal => "不登校",
            Category::EmploymentTransition => "就労移行支援",
            Category::EmploymentTypeA => "就労継続支援A型",
            Category::EmploymentTypeB => "就労継続支援B型",
            Category::EmploymentRetention => "就労定着支援",
            Category::EmploymentConsultation => "就労相談",
        }
    }

    fn inquiry_kind(&self, kind: InquiryKind) -> &'static str {
        match kind {
            InquiryKind::Visit => "見学予約",
            InquiryKind::Trial => "体験利用",
            InquiryKind::Materials => "資料請求",
            InquiryKind::Consultation => "個別相談",
            InquiryKind::Question => "その他の質問",
        }
    }

    fn asker(&self, asker: Asker) -> &'static str {
        match asker {
            Asker::Person => "本人",
            Asker::Family => "家族",
            Asker::Supporter => "支援者",
            Asker::Other => "その他",
        }
    }

    fn contact(&self, contact: ContactPreference) -> &'static str {
        match contact {
            ContactPreference::Email => "メール",
            ContactPreference::Phone => "電話",
            ContactPreference::Either => "どちらでも",
        }
    }

    fn field(&self, field: InquiryField) -> &'static str {
        match field {
            InquiryField::Kind => "お問い合わせの種類",
            InquiryField::Name => "お名前（ニックネーム可）",
            InquiryField::Furigana => "ふりがな",
            InquiryField::Email => "メールアドレス",
            InquiryField::Phone => "電話番号",
            InquiryField::PostalAddress => "資料の送付先（郵便番号・住所）",
            InquiryField::Preferred => "ご希望の日時",
            InquiryField::Message => "お問い合わせ内容",
            InquiryField::Consent => "個人情報の取り扱いへの同意",
        }
    }

    fn field_error(&self, error: &InquiryError) -> String {
        match error {
            InquiryError::Required => "入力してください。".to_owned(),
            InquiryError::TooLong { max } => format!("{max}文字以内で入力してください。"),
            InquiryError::ControlCharacters => "改行や制御文字は使えません。".to_owned(),
            InquiryError::EmailInvalid => {
                "メールアドレスの形式が正しくありません（例: name@example.jp）。".to_owned()
            }
            InquiryError::PhoneInvalid => {
                "電話番号の形式が正しくありません（例: 090-1234-5678、03-1234-5678）。".to_owned()
            }
            InquiryError::ContactRequired => {
                "メールアドレスか電話番号のどちらかを入力してください。".to_owned()
            }
            InquiryError::NotKana => "ひらがなかカタカナで入力してください。".to_owned(),
            InquiryError::NotOffered => {
                "この施設ではこの種類のお問い合わせを受け付けていません。".to_owned()
            }
            InquiryError::TooMany { max } => format!("{max}つまで選べます。"),
            InquiryError::Duplicate => "同じ日時が重複しています。".to_owned(),
            InquiryError::NotAMeeting => {
                "選んだ日時は、このグループの今後の開催日ではありません。".to_owned()
            }
            InquiryError::ConsentRequired => {
                "送信するには個人情報の取り扱いに同意してください。".to_owned()
            }
            InquiryError::ConsentOutdated => {
                "個人情報の取り扱いの文面が更新されました。お読みのうえ、あらためて同意してください。"
                    .to_owned()
            }
        }
    }

    fn audience(&self, audience: Audience) -> &'static str {
        match audience {
            Audience::Person => "本人",
            Audience::Family => "家族",
            Audience::Supporter => "支援者",
            Audience::Anyone => "どなたでも",
        }
    }

    fn format(&self, format: Format) -> &'static str {
        match format {
            Format::InPerson => "対面",
            Format::Online => "オンライン",
            Format::Hybrid => "対面・オンライン併用",
        }
    }

    fn option(&self, option: ParticipationOption) -> &'static str {
        match option {
            ParticipationOption::Anonymous => "匿名参加OK",
            ParticipationOption::CameraOff => "カメラオフOK",
            ParticipationOption::ListenOnly => "聞くだけ参加OK",
            ParticipationOption::FirstTimersWelcome => "初めての方歓迎",
            ParticipationOption::ComeAndGo => "途中参加・退出OK",
            ParticipationOption::ReservationRequired => "要予約",
            ParticipationOption::WheelchairAccessible => "車いす可",
            ParticipationOption::WomenOnly => "女性限定",
            ParticipationOption::Childcare => "託児あり",
        }
    }

    fn cost(&self, cost: &Cost) -> String {
        match cost {
            Cost::Free => "無料".to_owned(),
            Cost::Donation => "任意の献金・カンパ".to_owned(),
            Cost::Fee { yen, note: None } => format!("{yen}円"),
            Cost::Fee {
                yen,
                note: Some(note),
            } => format!("{yen}円（{note}）"),
        }
    }

    fn time_of_day(&self, time: TimeOfDay) -> &'static str {
        match time {
            TimeOfDay::Morning => "午前",
            TimeOfDay::Afternoon => "午後",
            TimeOfDay::Evening => "夜間",
        }
    }

    fn weekday(&self, day: Weekday) -> &'static str {
        words::weekday_ja(day)
    }

    fn prefecture(&self, prefecture: Prefecture) -> &'static str {
        prefecture.name_ja()
    }

    fn occurrence(&self, occurrence: &Occurrence) -> String {
        words::occurrence_ja(occurrence)
    }

    fn month(&self, month: Month) -> String {
        format!("{}年{}月", month.year(), month.month())
    }

    fn day_of_month(&self, date: NaiveDate) -> String {
        words::date_ja(date)
    }
}

impl Vocabulary for En {
    fn category(&self, category: Category) -> &'static str {
        match category {
            Category::Alcohol => "Alcohol",
            Category::Drugs => "Drugs",
            Category::Gambling => "Gambling",
            Category::Gaming => "Gaming and internet",
            Category::Family => "Family and friends",
            Category::Hikikomori => "Hikikomori and ibasho",
            Category::IntractableDisease => "Intractable disease",
            Category::MentalHealth => "Mental health",
            Category::Developmental => "Developmental disabilities",
            Category::EatingDisorder => "Eating disorders",
            Category::CrimeVictims => "Crime victims",
            Category::Bereavement => "Bereavement",
            Category::SchoolRefusal => "School refusal",
            Category::EmploymentTransition => "Transition to employment",
            Category::EmploymentTypeA => "Supported employment (type A)",
            Category::EmploymentTypeB => "Sheltered work (type B)",
            Category::EmploymentRetention => "Job retention support",
            Category::EmploymentConsultation => "Employment consultation",
        }
    }

    fn inquiry_kind(&self, kind: InquiryKind) -> &'static str {
        match kind {
            InquiryKind::Visit => "Book a visit",
            InquiryKind::Trial => "Try a session",
            InquiryKind::Materials => "Request materials",
            InquiryKind::Consultation => "Consultation",
            InquiryKind::Question => "Other question",
        }
    }

    fn asker(&self, asker: Asker) -> &'static str {
        match asker {
            Asker::Person => "The person concerned",
            Asker::Family => "Family member",
            Asker::Supporter => "Supporter",
            Asker::Other => "Other",
        }
    }

    fn contact(&self, contact: ContactPreference) -> &'static str {
        match contact {
            ContactPreference::Email => "Email",
            ContactPreference::Phone => "Phone",
            ContactPreference::Either => "Either",
        }
    }

    fn field(&self, field: InquiryField) -> &'static str {
        match field {
            InquiryField::Kind => "Type of inquiry",
            InquiryField::Name => "Name (a nickname is fine)",
            InquiryField::Furigana => "Reading of your name (kana)",
            InquiryField::Email => "Email address",
            InquiryField::Phone => "Phone number",
            InquiryField::PostalAddress => "Postal address for the materials",
            InquiryField::Preferred => "Preferred dates",
            InquiryField::Message => "Your message",
            InquiryField::Consent => "Consent to the privacy policy",
        }
    }

    fn field_error(&self, error: &InquiryError) -> String {
        match error {
            InquiryError::Required => "Please fill this in.".to_owned(),
            InquiryError::TooLong { max } => format!("Please use at most {max} characters."),
            InquiryError::ControlCharacters => {
                "Line breaks and control characters are not allowed here.".to_owned()
            }
            InquiryError::EmailInvalid => {
                "This does not look like an email address (e.g. name@example.jp).".to_owned()
            }
            InquiryError::PhoneInvalid => {
                "This does not look like a Japanese phone number (e.g. 090-1234-5678).".to_owned()
            }
            InquiryError::ContactRequired => {
                "Please give an email address or a phone number.".to_owned()
            }
            InquiryError::NotKana => "Please write this in hiragana or katakana.".to_owned(),
            InquiryError::NotOffered => {
                "This facility does not take this type of inquiry.".to_owned()
            }
            InquiryError::TooMany { max } => format!("Please choose at most {max}."),
            InquiryError::Duplicate => "The same date was chosen twice.".to_owned(),
            InquiryError::NotAMeeting => {
                "A chosen date is not one of the group's coming meetings.".to_owned()
            }
            InquiryError::ConsentRequired => {
                "Please agree to the privacy policy to send your inquiry.".to_owned()
            }
            InquiryError::ConsentOutdated => {
                "The privacy policy text has changed. Please read it and agree again.".to_owned()
            }
        }
    }

    fn audience(&self, audience: Audience) -> &'static str {
        match audience {
            Audience::Person => "People concerned",
            Audience::Family => "Family",
            Audience::Supporter => "Supporters",
            Audience::Anyone => "Anyone",
        }
    }

    fn format(&self, format: Format) -> &'static str {
        match format {
            Format::InPerson => "In person",
            Format::Online => "Online",
            Format::Hybrid => "In person and online",
        }
    }

    fn option(&self, option: ParticipationOption) -> &'static str {
        match option {
            ParticipationOption::Anonymous => "Anonymous OK",
            ParticipationOption::CameraOff => "Camera off OK",
            ParticipationOption::ListenOnly => "Listening only OK",
            ParticipationOption::FirstTimersWelcome => "First-timers welcome",
            ParticipationOption::ComeAndGo => "Come late, leave early OK",
            ParticipationOption::ReservationRequired => "Reservation required",
            ParticipationOption::WheelchairAccessible => "Wheelchair accessible",
            ParticipationOption::WomenOnly => "Women only",
            ParticipationOption::Childcare => "Childcare available",
        }
    }

    fn cost(&self, cost: &Cost) -> String {
        match cost {
            Cost::Free => "Free".to_owned(),
            Cost::Donation => "Voluntary donation".to_owned(),
            Cost::Fee { yen, note: None } => format!("¥{yen}"),
            Cost::Fee {
                yen,
                note: Some(note),
            } => format!("¥{yen} ({note})"),
        }
    }

    fn time_of_day(&self, time: TimeOfDay) -> &'static str {
        match time {
            TimeOfDay::Morning => "Morning",
            TimeOfDay::Afternoon => "Afternoon",
            TimeOfDay::Evening => "Evening",
        }
    }

    fn weekday(&self, day: Weekday) -> &'static str {
        &words::weekday_en(day)[..3]
    }

    fn prefecture(&self, prefecture: Prefecture) -> &'static str {
        prefecture.name_en()
    }

    fn occurrence(&self, occurrence: &Occurrence) -> String {
        words::occurrence_en(occurrence)
    }

    fn month(&self, month: Month) -> String {
        let name = usize::try_from(month.month())
            .ok()
            .and_then(|m| MONTH_NAMES_EN.get(m.wrapping_sub(1)))
            .copied()
            .unwrap_or_default();
        format!("{name} {}", month.year())
    }

    fn day_of_month(&self, date: NaiveDate) -> String {
        words::date_en(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pick_a_language() {
        assert_eq!(Lang::from_tag("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("EN"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::Ja);
        assert_eq!(Lang::from_tag("fr"), Lang::Ja);
    }

    #[test]
    fn months_and_days_for_the_calendar() {
        let december = Month::new(2026, 12).unwrap();
        assert_eq!(Lang::Ja.vocabulary().month(december), "2026年12月");
        assert_eq!(Lang::En.vocabulary().month(december), "December 2026");
        let january = Month::new(2027, 1).unwrap();
        assert_eq!(Lang::En.vocabulary().month(january), "January 2027");
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(Lang::Ja.vocabulary().day_of_month(day), "12月5日(土)");
        assert_eq!(Lang::En.vocabulary().day_of_month(day), "Sat 5 Dec");
    }

    #[test]
    fn messages_fill_their_placeholders() {
        let e = InquiryError::TooLong { max: 50 };
        assert_eq!(
            Lang::Ja.vocabulary().field_error(&e),
            "50文字以内で入力してください。"
        );
        assert!(Lang::En.vocabulary().field_error(&e).contains("50"));
    }
}
