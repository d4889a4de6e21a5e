//! The widget's UI catalogue, Japanese first and English second.
//!
//! One method per string, placeholders as named parameters; a language that lacks a string, or
//! a call with the wrong placeholders, does not compile. Labels of the contract's enums come from
//! [`tsunagu_core::i18n::Vocabulary`], which every catalogue extends.

use tsunagu_core::i18n::{En, Ja, Vocabulary};
use tsunagu_core::{ErrorCode, Lang};

use crate::error::Error;

/// Every string the widget shows.
pub(crate) trait UiText: Vocabulary + Sync {
    /// Accessible name of the whole widget.
    fn widget_label(&self) -> &'static str;
    /// Label of the search box.
    fn search_label(&self) -> &'static str;
    /// Hint inside the search box.
    fn search_placeholder(&self) -> &'static str;
    /// Heading of the results with their count.
    fn result_count(&self, count: usize) -> String;
    /// Shown when nothing matches.
    fn no_results(&self) -> &'static str;
    /// Shown while the directory loads.
    fn loading(&self) -> &'static str;
    /// Button that loads again after a failure.
    fn retry(&self) -> &'static str;
    /// How to reach the facility by phone instead; `hours` may be empty.
    fn call_instead(&self, phone: &str, hours: &str) -> String;
    /// Label before the meeting rule on a card.
    fn schedule_label(&self) -> &'static str;
    /// Label before the next meeting's date on a card.
    fn next_label(&self) -> &'static str;
    /// Badge on a card whose meeting is under way.
    fn in_progress(&self) -> &'static str;
    /// Label before the format on a card.
    fn format_label(&self) -> &'static str;
    /// Button on a card that opens the inquiry form.
    fn inquire(&self, group: &str) -> String;
    /// Heading of the inquiry form.
    fn form_heading(&self, group: &str) -> String;
    /// Label of the kind selector.
    fn kind_label(&self) -> &'static str;
    /// Marks a required field.
    fn required(&self) -> &'static str;
    /// The consent checkbox's sentence.
    fn consent_text(&self) -> &'static str;
    /// Submit button.
    fn submit(&self) -> &'static str;
    /// Submit button while sending.
    fn sending(&self) -> &'static str;
    /// Button that closes the form without sending.
    fn cancel(&self) -> &'static str;
    /// Summary above per-field errors.
    fn fix_fields(&self) -> &'static str;
    /// Heading after a successful send.
    fn sent_heading(&self) -> &'static str;
    /// Label before the receipt number (受付番号), which is shown emphasised after it.
    fn receipt_label(&self) -> &'static str;
    /// What happens next.
    fn sent_next(&self) -> &'static str;
    /// Back to the list.
    fn back_to_list(&self) -> &'static str;
    /// The sentence for an error the visitor can act on.
    fn error(&self, error: &Error) -> String;
}

impl UiText for Ja {
    fn widget_label(&self) -> &'static str {
        "グループをさがす・問い合わせる"
    }
    fn search_label(&self) -> &'static str {
        "キーワードでさがす"
    }
    fn search_placeholder(&self) -> &'static str {
        "例: ギャンブル、オンライン、家族"
    }
    fn result_count(&self, count: usize) -> String {
        format!("{count}件のグループ")
    }
    fn no_results(&self) -> &'static str {
        "条件に合うグループが見つかりませんでした。キーワードを短くするか、別の言葉でお試しください。"
    }
    fn loading(&self) -> &'static str {
        "グループを読み込んでいます…"
    }
    fn retry(&self) -> &'static str {
        "もう一度読み込む"
    }
    fn call_instead(&self, phone: &str, hours: &str) -> String {
        if hours.is_empty() {
            format!("お電話でもご相談いただけます: {phone}")
        } else {
            format!("お電話でもご相談いただけます: {phone}（{hours}）")
        }
    }
    fn schedule_label(&self) -> &'static str {
        "日程"
    }
    fn next_label(&self) -> &'static str {
        "次回"
    }
    fn in_progress(&self) -> &'static str {
        "開催中"
    }
    fn format_label(&self) -> &'static str {
        "形式"
    }
    fn inquire(&self, group: &str) -> String {
        format!("「{group}」について問い合わせる")
    }
    fn form_heading(&self, group: &str) -> String {
        format!("「{group}」へのお問い合わせ")
    }
    fn kind_label(&self) -> &'static str {
        "ご用件"
    }
    fn required(&self) -> &'static str {
        "必須"
    }
    fn consent_text(&self) -> &'static str {
        "入力した内容を、お問い合わせへの対応のためだけに施設の職員が利用することに同意します。"
    }
    fn submit(&self) -> &'static str {
        "送信する"
    }
    fn sending(&self) -> &'static str {
        "送信しています…"
    }
    fn cancel(&self) -> &'static str {
        "一覧にもどる"
    }
    fn fix_fields(&self) -> &'static str {
        "入力内容をご確認ください。"
    }
    fn sent_heading(&self) -> &'static str {
        "お問い合わせを受け付けました"
    }
    fn receipt_label(&self) -> &'static str {
        "受付番号"
    }
    fn sent_next(&self) -> &'static str {
        "施設の職員からご連絡します。お問い合わせの際は受付番号をお伝えください。"
    }
    fn back_to_list(&self) -> &'static str {
        "グループ一覧にもどる"
    }
    fn error(&self, error: &Error) -> String {
        match error {
            Error::Config { .. } | Error::Dom(_) => {
                "このフォームは設定に誤りがあるため表示できません。施設に直接お問い合わせください。"
                    .into()
            }
            Error::Network(_) => {
                "通信できませんでした。インターネット接続を確かめて、もう一度お試しください。"
                    .into()
            }
            Error::Api { body, .. } => match body.code {
                ErrorCode::ValidationFailed => self.fix_fields().into(),
                ErrorCode::OriginNotAllowed => {
                    "このページからはお問い合わせを送信できません。施設に直接ご連絡ください。"
                        .into()
                }
                ErrorCode::UnknownFacility | ErrorCode::UnknownGroup => {
                    "このグループは現在お問い合わせを受け付けていません。".into()
                }
                _ => "送信できませんでした。時間をおいて、もう一度お試しください。".into(),
            },
        }
    }
}

impl UiText for En {
    fn widget_label(&self) -> &'static str {
        "Find a group and get in touch"
    }
    fn search_label(&self) -> &'static str {
        "Search by keyword"
    }
    fn search_placeholder(&self) -> &'static str {
        "e.g. gambling, online, family"
    }
    fn result_count(&self, count: usize) -> String {
        match count {
            1 => "1 group".into(),
            n => format!("{n} groups"),
        }
    }
    fn no_results(&self) -> &'static str {
        "No group matches. Try a shorter keyword or a different word."
    }
    fn loading(&self) -> &'static str {
        "Loading groups…"
    }
    fn retry(&self) -> &'static str {
        "Try again"
    }
    fn call_instead(&self, phone: &str, hours: &str) -> String {
        if hours.is_empty() {
            format!("You can also call us: {phone}")
        } else {
            format!("You can also call us: {phone} ({hours})")
        }
    }
    fn schedule_label(&self) -> &'static str {
        "Schedule"
    }
    fn next_label(&self) -> &'static str {
        "Next"
    }
    fn in_progress(&self) -> &'static str {
        "Happening now"
    }
    fn format_label(&self) -> &'static str {
        "Format"
    }
    fn inquire(&self, group: &str) -> String {
        format!("Ask about \u{201c}{group}\u{201d}")
    }
    fn form_heading(&self, group: &str) -> String {
        format!("Inquiry about \u{201c}{group}\u{201d}")
    }
    fn kind_label(&self) -> &'static str {
        "What would you like?"
    }
    fn required(&self) -> &'static str {
        "required"
    }
    fn consent_text(&self) -> &'static str {
        "I agree that the facility's staff use what I enter only to answer this inquiry."
    }
    fn submit(&self) -> &'static str {
        "Send"
    }
    fn sending(&self) -> &'static str {
        "Sending…"
    }
    fn cancel(&self) -> &'static str {
        "Back to the list"
    }
    fn fix_fields(&self) -> &'static str {
        "Please check the highlighted fields."
    }
    fn sent_heading(&self) -> &'static str {
        "We received your inquiry"
    }
    fn receipt_label(&self) -> &'static str {
        "Receipt number"
    }
    fn sent_next(&self) -> &'static str {
        "The facility's staff will contact you. Please quote the receipt number."
    }
    fn back_to_list(&self) -> &'static str {
        "Back to the groups"
    }
    fn error(&self, error: &Error) -> String {
        match error {
            Error::Config { .. } | Error::Dom(_) => {
                "This form is misconfigured. Please contact the facility directly.".into()
            }
            Error::Network(_) => {
                "We could not connect. Please check your connection and try again.".into()
            }
            Error::Api { body, .. } => match body.code {
                ErrorCode::ValidationFailed => self.fix_fields().into(),
                ErrorCode::OriginNotAllowed => {
                    "Inquiries cannot be sent from this page. Please contact the facility directly."
                        .into()
                }
                ErrorCode::UnknownFacility | ErrorCode::UnknownGroup => {
                    "This group does not take inquiries at the moment.".into()
                }
                _ => "Sending failed. Please try again in a little while.".into(),
            },
        }
    }
}

/// The catalogue of a language.
pub(crate) fn ui(lang: Lang) -> &'static dyn UiText {
    match lang {
        Lang::Ja => &Ja,
        Lang::En => &En,
    }
}
