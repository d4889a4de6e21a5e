//! The words of the mail, Japanese first and English second. Labels for the contract's enums
//! and fields come from [`tsunagu_contract::i18n::Vocabulary`]; the rest is here, one method per
//! string, so a language missing a string does not compile.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use tsunagu_contract::Lang;
use tsunagu_contract::i18n::{En, Ja, Vocabulary};
use tsunagu_contract::inquiry::PreferredSlot;

/// Strings of the mail to facility staff and of the visitor's automatic reply.
pub(crate) trait MailText: Vocabulary {
    /// The staff subject, e.g. 「【見学予約】ウォーキング 受付番号 7KQ2M9XD」.
    fn subject(&self, kind: &str, group: &str, receipt: &str) -> String;
    /// The display name of the sender, e.g. 「ひだまり登戸 お問い合わせフォーム」.
    fn sender_name(&self, facility: &str) -> String;
    /// The opening sentence of the staff mail.
    fn intro(&self, group: &str) -> String;
    /// Label of the receipt number.
    fn receipt_label(&self) -> &'static str;
    /// Label of the time received.
    fn received_label(&self) -> &'static str;
    /// Label of the inquiry kind.
    fn kind_label(&self) -> &'static str;
    /// Label of the group.
    fn group_label(&self) -> &'static str;
    /// Label of who is writing.
    fn asker_label(&self) -> &'static str;
    /// Label of the contact preference.
    fn contact_label(&self) -> &'static str;
    /// Label of the consent text's version.
    fn consent_version_label(&self) -> &'static str;
    /// What an empty optional field shows.
    fn not_given(&self) -> &'static str;
    /// Heading above the visitor's message.
    fn message_heading(&self) -> &'static str;
    /// A time in Japan, in this language's usual form.
    fn datetime(&self, at: DateTime<FixedOffset>) -> String;
    /// One preferred meeting, e.g. 「12月9日(水) 13:00〜」.
    fn slot(&self, slot: &PreferredSlot) -> String;
    /// The closing note of the full staff mail about replying.
    fn footer(&self) -> &'static str;
    /// The sentence of the summary mail pointing to where the inquiry is read.
    fn summary_note(&self) -> &'static str;
    /// The closing note of the summary mail.
    fn summary_footer(&self) -> &'static str;
    /// The auto-reply's subject.
    fn auto_reply_subject(&self, facility: &str, receipt: &str) -> String;
    /// The auto-reply's opening.
    fn auto_reply_intro(&self, facility: &str) -> String;
    /// What happens next; `promise` is the facility's reply promise.
    fn auto_reply_next(&self, promise: &str) -> String;
    /// How to reach the facility by phone.
    fn auto_reply_phone(&self, phone: &str, hours: Option<&str>) -> String;
    /// The closing note of the auto-reply.
    fn auto_reply_footer(&self) -> &'static str;
}

impl MailText for Ja {
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
    fn asker_label(&self) -> &'static str {
        "ご相談者"
    }
    fn contact_label(&self) -> &'static str {
        "ご希望の連絡方法"
    }
    fn consent_version_label(&self) -> &'static str {
        "同意した文面の版"
    }
    fn not_given(&self) -> &'static str {
        "（未記入）"
    }
    fn message_heading(&self) -> &'static str {
        "■ お問い合わせ内容"
    }
    fn datetime(&self, at: DateTime<FixedOffset>) -> String {
        let weekday = self.weekday(at.weekday());
        format!(
            "{}年{}月{}日({weekday}) {:02}:{:02}",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute()
        )
    }
    fn slot(&self, slot: &PreferredSlot) -> String {
        format!("{} {}〜", self.day_of_month(slot.date), slot.start)
    }
    fn footer(&self) -> &'static str {
        "このメールは tsunagu のお問い合わせフォームから自動送信されています。\n\
         このメールに返信すると、お問い合わせをされた方に届きます。"
    }
    fn summary_note(&self) -> &'static str {
        "内容は次のページでご確認ください（メールには個人情報を載せていません）。"
    }
    fn summary_footer(&self) -> &'static str {
        "このメールは tsunagu のお問い合わせフォームから自動送信されています。"
    }
    fn auto_reply_subject(&self, facility: &str, receipt: &str) -> String {
        format!("【{facility}】お問い合わせを受け付けました（受付番号 {receipt}）")
    }
    fn auto_reply_intro(&self, facility: &str) -> String {
        format!("{facility}へのお問い合わせを、次の受付番号で受け付けました。")
    }
    fn auto_reply_next(&self, promise: &str) -> String {
        format!(
            "{promise}。担当者からの連絡をお待ちください。\n\
             お問い合わせの際は、受付番号をお伝えください。"
        )
    }
    fn auto_reply_phone(&self, phone: &str, hours: Option<&str>) -> String {
        match hours {
            Some(hours) => format!("電話: {phone}（{hours}）"),
            None => format!("電話: {phone}"),
        }
    }
    fn auto_reply_footer(&self) -> &'static str {
        "このメールは送信専用のアドレスから自動でお送りしています。\n\
         お心当たりのない場合は、お手数ですがこのメールを破棄してください。"
    }
}

impl MailText for En {
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
    fn asker_label(&self) -> &'static str {
        "Who is asking"
    }
    fn contact_label(&self) -> &'static str {
        "Preferred contact"
    }
    fn consent_version_label(&self) -> &'static str {
        "Consent text version"
    }
    fn not_given(&self) -> &'static str {
        "(not given)"
    }
    fn message_heading(&self) -> &'static str {
        "== Message"
    }
    fn datetime(&self, at: DateTime<FixedOffset>) -> String {
        at.format("%a %-d %b %Y, %H:%M (JST)").to_string()
    }
    fn slot(&self, slot: &PreferredSlot) -> String {
        format!("{}, from {}", self.day_of_month(slot.date), slot.start)
    }
    fn footer(&self) -> &'static str {
        "This message was sent by the tsunagu inquiry form.\n\
         Replying to it reaches the person who wrote."
    }
    fn summary_note(&self) -> &'static str {
        "Read it on the page below (this mail carries no personal data)."
    }
    fn summary_footer(&self) -> &'static str {
        "This message was sent by the tsunagu inquiry form."
    }
    fn auto_reply_subject(&self, facility: &str, receipt: &str) -> String {
        format!("[{facility}] Your inquiry was received (receipt {receipt})")
    }
    fn auto_reply_intro(&self, facility: &str) -> String {
        format!("{facility} received your inquiry under this receipt number.")
    }
    fn auto_reply_next(&self, promise: &str) -> String {
        format!(
            "{promise}. Please wait for a member of staff to contact you,\n\
             and quote the receipt number if you get in touch."
        )
    }
    fn auto_reply_phone(&self, phone: &str, hours: Option<&str>) -> String {
        match hours {
            Some(hours) => format!("Phone: {phone} ({hours})"),
            None => format!("Phone: {phone}"),
        }
    }
    fn auto_reply_footer(&self) -> &'static str {
        "This message was sent automatically from an address that takes no replies.\n\
         If you did not write to us, please disregard it."
    }
}

/// The mail strings of a language.
pub(crate) fn for_lang(lang: Lang) -> &'static dyn MailText {
    match lang {
        Lang::Ja => &Ja,
        Lang::En => &En,
    }
}
