//! The words of the staff mail, Japanese first and English second. Labels for the contract's
//! enums come from [`tsunagu_core::i18n::Vocabulary`]; the rest is here, one method per string,
//! so a language missing a string does not compile.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use tsunagu_core::Lang;
use tsunagu_core::i18n::{En, Ja, Vocabulary};

/// Strings of the mail to facility staff.
pub(crate) trait StaffMailText: Vocabulary {
    /// The subject line, e.g. 「【見学予約】ウォーキング 受付番号 7KQ2M9XD」.
    fn subject(&self, kind: &str, group: &str, receipt: &str) -> String;
    /// The display name of the sender, e.g. 「ひだまり登戸 お問い合わせフォーム」.
    fn sender_name(&self, facility: &str) -> String;
    /// The opening sentence.
    fn intro(&self, group: &str) -> String;
    /// Label of the receipt number.
    fn receipt_label(&self) -> &'static str;
    /// Label of the time received.
    fn received_label(&self) -> &'static str;
    /// Label of the inquiry kind.
    fn kind_label(&self) -> &'static str;
    /// Label of the group.
    fn group_label(&self) -> &'static str;
    /// Heading above the visitor's message.
    fn message_heading(&self) -> &'static str;
    /// A time in Japan, in this language's usual form.
    fn datetime(&self, at: DateTime<FixedOffset>) -> String;
    /// The closing note about replying.
    fn footer(&self) -> &'static str;
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

impl StaffMailText for Ja {
    fn subject(&self, kind: &str, group: &str, receipt: &str) -> String {
        format!("【{kind}】{group} 受付番号 {receipt}")
    }
    fn sender_name(&self, facility: &str) -> String {
        format!("{facility} お問い合わせフォーム")
    }
    fn intro(&self, group: &str) -> String {
        format!("「{group}」について、ウェブサイトからお問い合わせが届きました。")
    }
    fn receipt_label(&self) -> &'static str {
        "受付番号"
    }
    fn received_label(&self) -> &'static str {
        "受付日時"
    }
    fn kind_label(&self) -> &'static str {
        "種別"
    }
    fn group_label(&self) -> &'static str {
        "グループ"
    }
    fn message_heading(&self) -> &'static str {
        "■ お問い合わせ内容"
    }
    fn datetime(&self, at: DateTime<FixedOffset>) -> String {
        let weekday = WEEKDAYS_JA[at.weekday().num_days_from_monday() as usize];
        format!(
            "{}年{}月{}日({weekday}) {:02}:{:02}",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute()
        )
    }
    fn footer(&self) -> &'static str {
        "このメールは tsunagu のお問い合わせフォームから自動送信されています。\n\
         このメールに返信すると、お問い合わせをされた方に届きます。"
    }
}

impl StaffMailText for En {
    fn subject(&self, kind: &str, group: &str, receipt: &str) -> String {
        format!("[{kind}] {group}, receipt {receipt}")
    }
    fn sender_name(&self, facility: &str) -> String {
        format!("{facility} inquiry form")
    }
    fn intro(&self, group: &str) -> String {
        format!("A new inquiry about \"{group}\" arrived from the website.")
    }
    fn receipt_label(&self) -> &'static str {
        "Receipt"
    }
    fn received_label(&self) -> &'static str {
        "Received"
    }
    fn kind_label(&self) -> &'static str {
        "Kind"
    }
    fn group_label(&self) -> &'static str {
        "Group"
    }
    fn message_heading(&self) -> &'static str {
        "== Message"
    }
    fn datetime(&self, at: DateTime<FixedOffset>) -> String {
        at.format("%a %-d %b %Y, %H:%M (JST)").to_string()
    }
    fn footer(&self) -> &'static str {
        "This message was sent by the tsunagu inquiry form.\n\
         Replying to it reaches the person who wrote."
    }
}

/// The staff-mail strings of a language.
pub(crate) fn for_lang(lang: Lang) -> &'static dyn StaffMailText {
    match lang {
        Lang::Ja => &Ja,
        Lang::En => &En,
    }
}
