//! The widget's UI catalogue, Japanese first and English second.
//!
//! One method per string, placeholders as named parameters; a language that lacks a string, or
//! a call with the wrong placeholders, does not compile. Labels of the contract's enums come from
//! [`tsunagu_contract::i18n::Vocabulary`], which every catalogue extends.

use chrono::{NaiveDate, Weekday};
use tsunagu_contract::i18n::{En, Ja, Vocabulary};
use tsunagu_contract::schedule::{Occurrence, TimeOfDay, words};
use tsunagu_contract::{ErrorCode, Lang};

use crate::components::filters::FilterField;
use crate::components::inquiry_form::Need;
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
    /// Shown while a screen (detail, calendar, form) is fetched on first use.
    fn opening(&self) -> &'static str;
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
    /// Shown while the facility's form settings load.
    fn form_loading(&self) -> &'static str;
    /// The mark after a field's label: required, optional…
    fn need(&self, need: Need) -> &'static str;
    /// Legend of who is asking (本人 / 家族…).
    fn asker_label(&self) -> &'static str;
    /// Legend of how the visitor wants to be answered.
    fn contact_preference_label(&self) -> &'static str;
    /// Under the preferred meetings: how many may be chosen.
    fn preferred_hint(&self) -> &'static str;
    /// Instead of meetings, for a group with none on its calendar.
    fn no_dates_offered(&self) -> &'static str;
    /// Under the message: characters left.
    fn chars_left(&self, left: usize) -> String;
    /// The link to the facility's privacy policy (opens in a new tab).
    fn privacy_policy(&self) -> &'static str;
    /// The consent checkbox's label.
    fn consent_agree(&self) -> &'static str;
    /// The honeypot's label, read by robots only.
    fn honeypot_label(&self) -> &'static str;
    /// The button from the fields to the confirm screen.
    fn to_confirm(&self) -> &'static str;
    /// Heading of the confirm screen.
    fn confirm_heading(&self) -> &'static str;
    /// The confirm screen's first sentence.
    fn confirm_intro(&self) -> &'static str;
    /// A value left empty, on the confirm screen.
    fn not_given(&self) -> &'static str;
    /// The consent, on the confirm screen.
    fn consent_given(&self) -> &'static str;
    /// Back from the confirm screen to the fields.
    fn edit(&self) -> &'static str;
    /// The send button.
    fn send(&self) -> &'static str;
    /// The send button after a failed attempt.
    fn send_again(&self) -> &'static str;
    /// The send button while sending.
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

    // --- the finder ---
    /// Name of the list/calendar switch.
    fn view_label(&self) -> &'static str;
    /// The list view's button.
    fn view_list(&self) -> &'static str;
    /// The calendar view's button.
    fn view_calendar(&self) -> &'static str;
    /// The button that opens the filters; `set` is how many conditions are set.
    fn filters_button(&self, set: usize) -> String;
    /// A condition's name, as a legend and in the empty state.
    fn filter_field(&self, field: FilterField) -> &'static str;
    /// A choice's count, e.g. 「（12）」.
    fn count_in_parens(&self, count: usize) -> String;
    /// The free-of-charge checkbox.
    fn free_only(&self) -> &'static str;
    /// Removes every condition.
    fn clear_all(&self) -> &'static str;
    /// Label of the prefecture picker.
    fn area_label(&self) -> &'static str;
    /// The picker's "no narrowing" choice.
    fn anywhere(&self) -> &'static str;
    /// The picker's online choice.
    fn online_area(&self) -> &'static str;
    /// Label of the city picker.
    fn city_label(&self) -> &'static str;
    /// The city picker's "no narrowing" choice.
    fn all_cities(&self) -> &'static str;
    /// A weekday's full name, e.g. 「水曜日」.
    fn weekday_name(&self, day: Weekday) -> &'static str;
    /// A weekday's column heading in the calendar, e.g. 「水」.
    fn weekday_short(&self, day: Weekday) -> &'static str;
    /// A part of the day with its hours, e.g. 「午後（12〜17時）」.
    fn time_of_day_hint(&self, time: TimeOfDay) -> &'static str;
    /// The button under the list that shows `next` more of the `left` groups not yet shown.
    fn show_more(&self, next: usize, left: usize) -> String;
    /// The empty state's offer to drop a condition that would bring `count` groups back.
    fn loosen(&self, field: &str, count: usize) -> String;
    /// Name of a card's list of categories.
    fn category_label(&self) -> &'static str;
    /// Name of a card's list of participation options.
    fn options_label(&self) -> &'static str;
    /// Shown instead of a date for a group with no coming meeting on its calendar.
    fn no_next(&self) -> &'static str;

    // --- a group's detail ---
    /// Shown when a link names a group the directory no longer has.
    fn group_missing(&self) -> &'static str;
    /// Label of the next dates.
    fn next_dates_label(&self) -> &'static str;
    /// Label of the place.
    fn place_label(&self) -> &'static str;
    /// Label of how to join online.
    fn online_label(&self) -> &'static str;
    /// Label of who the group is for.
    fn audience_label(&self) -> &'static str;
    /// Label of the cost.
    fn cost_label(&self) -> &'static str;
    /// Label of the capacity.
    fn capacity_label(&self) -> &'static str;
    /// The capacity in people.
    fn capacity(&self, people: u32) -> String;
    /// Label of when to apply.
    fn apply_label(&self) -> &'static str;
    /// How many days ahead to apply.
    fn apply_days_before(&self, days: u16) -> String;
    /// Label of the languages spoken.
    fn languages_label(&self) -> &'static str;
    /// Label of the contact details.
    fn contact_label(&self) -> &'static str;
    /// Label of the date the entry was last updated.
    fn updated_label(&self) -> &'static str;
    /// A date in full, e.g. 「2026年11月1日(日)」.
    fn full_date(&self, date: NaiveDate) -> String;
    /// The link that downloads a group's calendar file (.ics).
    fn add_to_calendar(&self) -> &'static str;
    /// The link that subscribes a calendar app to a group's calendar, which then follows later
    /// changes of its schedule.
    fn subscribe_calendar(&self) -> &'static str;
    /// Between items of a list in a sentence, e.g. 「、」.
    fn list_separator(&self) -> &'static str;

    // --- the month calendar ---
    /// Button to the previous month.
    fn previous_month(&self) -> &'static str;
    /// Button to the next month.
    fn next_month(&self) -> &'static str;
    /// How many meetings the month shows.
    fn meetings_in_month(&self, count: usize) -> String;
    /// A meeting's time in a calendar cell, e.g. 「13:00〜15:00」.
    fn meeting_time(&self, occurrence: &Occurrence) -> String;

    // --- the form ---
    /// Label of the group picker.
    fn group_label(&self) -> &'static str;
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
    fn opening(&self) -> &'static str {
        "読み込んでいます…"
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
    fn form_loading(&self) -> &'static str {
        "お問い合わせフォームを読み込んでいます…"
    }
    fn need(&self, need: Need) -> &'static str {
        match need {
            Need::Required => "必須",
            Need::OneOf => "どちらか必須",
            Need::Optional => "任意",
            Need::Anonymous => "任意・匿名でも可",
        }
    }
    fn asker_label(&self) -> &'static str {
        "お問い合わせされる方"
    }
    fn contact_preference_label(&self) -> &'static str {
        "ご希望の連絡方法"
    }
    fn preferred_hint(&self) -> &'static str {
        "ご都合のよい日時を3つまで選べます。"
    }
    fn no_dates_offered(&self) -> &'static str {
        "予定されている開催日がありません。ご希望はお問い合わせ内容にお書きください。"
    }
    fn chars_left(&self, left: usize) -> String {
        format!("あと{left}文字")
    }
    fn privacy_policy(&self) -> &'static str {
        "個人情報の取り扱いについて（新しいタブで開きます）"
    }
    fn consent_agree(&self) -> &'static str {
        "上記の内容に同意します"
    }
    fn honeypot_label(&self) -> &'static str {
        "ウェブサイト（入力しないでください）"
    }
    fn to_confirm(&self) -> &'static str {
        "確認画面へ"
    }
    fn confirm_heading(&self) -> &'static str {
        "入力内容の確認"
    }
    fn confirm_intro(&self) -> &'static str {
        "以下の内容で送信します。よろしければ「送信する」を押してください。"
    }
    fn not_given(&self) -> &'static str {
        "（未入力）"
    }
    fn consent_given(&self) -> &'static str {
        "同意する"
    }
    fn edit(&self) -> &'static str {
        "修正する"
    }
    fn send(&self) -> &'static str {
        "送信する"
    }
    fn send_again(&self) -> &'static str {
        "もう一度送信する"
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
            Error::PartMissing => {
                "この画面を読み込めませんでした。インターネット接続を確かめて、もう一度お試しください。"
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

    fn view_label(&self) -> &'static str {
        "表示のしかた"
    }
    fn view_list(&self) -> &'static str {
        "一覧"
    }
    fn view_calendar(&self) -> &'static str {
        "カレンダー"
    }
    fn filters_button(&self, set: usize) -> String {
        if set == 0 {
            "条件でしぼりこむ".into()
        } else {
            format!("条件でしぼりこむ（{set}件の条件）")
        }
    }
    fn filter_field(&self, field: FilterField) -> &'static str {
        match field {
            FilterField::Text => "キーワード",
            FilterField::Categories => "テーマ",
            FilterField::Area => "地域",
            FilterField::Formats => "参加のかたち",
            FilterField::Weekdays => "曜日",
            FilterField::Times => "時間帯",
            FilterField::Audiences => "どなたが参加するか",
            FilterField::Options => "参加のしかた",
            FilterField::Free => "費用",
        }
    }
    fn count_in_parens(&self, count: usize) -> String {
        format!("（{count}）")
    }
    fn free_only(&self) -> &'static str {
        "無料のグループだけ"
    }
    fn clear_all(&self) -> &'static str {
        "条件をすべてクリア"
    }
    fn area_label(&self) -> &'static str {
        "都道府県・オンライン"
    }
    fn anywhere(&self) -> &'static str {
        "すべての地域"
    }
    fn online_area(&self) -> &'static str {
        "オンライン（自宅から）"
    }
    fn city_label(&self) -> &'static str {
        "市区町村"
    }
    fn all_cities(&self) -> &'static str {
        "すべての市区町村"
    }
    fn weekday_name(&self, day: Weekday) -> &'static str {
        match day {
            Weekday::Mon => "月曜日",
            Weekday::Tue => "火曜日",
            Weekday::Wed => "水曜日",
            Weekday::Thu => "木曜日",
            Weekday::Fri => "金曜日",
            Weekday::Sat => "土曜日",
            Weekday::Sun => "日曜日",
        }
    }
    fn weekday_short(&self, day: Weekday) -> &'static str {
        self.weekday(day)
    }
    fn time_of_day_hint(&self, time: TimeOfDay) -> &'static str {
        match time {
            TimeOfDay::Morning => "午前（12時まで）",
            TimeOfDay::Afternoon => "午後（12〜17時）",
            TimeOfDay::Evening => "夜間（17時から）",
        }
    }
    fn show_more(&self, next: usize, left: usize) -> String {
        format!("さらに{next}件を表示（残り{left}件）")
    }
    fn loosen(&self, field: &str, count: usize) -> String {
        format!("「{field}」の条件を外す（{count}件）")
    }
    fn category_label(&self) -> &'static str {
        "テーマ"
    }
    fn options_label(&self) -> &'static str {
        "参加のしかた"
    }
    fn no_next(&self) -> &'static str {
        "日程はお問い合わせください"
    }
    fn group_missing(&self) -> &'static str {
        "このグループの情報は見つかりませんでした"
    }
    fn next_dates_label(&self) -> &'static str {
        "次回からの日程"
    }
    fn place_label(&self) -> &'static str {
        "場所"
    }
    fn online_label(&self) -> &'static str {
        "オンラインでの参加方法"
    }
    fn audience_label(&self) -> &'static str {
        "対象"
    }
    fn cost_label(&self) -> &'static str {
        "費用"
    }
    fn capacity_label(&self) -> &'static str {
        "定員"
    }
    fn capacity(&self, people: u32) -> String {
        format!("{people}名")
    }
    fn apply_label(&self) -> &'static str {
        "申し込み"
    }
    fn apply_days_before(&self, days: u16) -> String {
        match days {
            0 => "当日までにお申し込みください".into(),
            n => format!("参加の{n}日前までにお申し込みください"),
        }
    }
    fn languages_label(&self) -> &'static str {
        "言語"
    }
    fn contact_label(&self) -> &'static str {
        "連絡先"
    }
    fn updated_label(&self) -> &'static str {
        "情報の更新日"
    }
    fn full_date(&self, date: NaiveDate) -> String {
        words::full_date_ja(date)
    }
    fn add_to_calendar(&self) -> &'static str {
        "カレンダーに追加（.ics）"
    }
    fn subscribe_calendar(&self) -> &'static str {
        "カレンダーアプリで購読（変更も反映）"
    }
    fn list_separator(&self) -> &'static str {
        "、"
    }
    fn previous_month(&self) -> &'static str {
        "前の月"
    }
    fn next_month(&self) -> &'static str {
        "次の月"
    }
    fn meetings_in_month(&self, count: usize) -> String {
        if count == 0 {
            "この月に開催の予定はありません。".into()
        } else {
            format!("この月の開催は{count}回です。")
        }
    }
    fn meeting_time(&self, occurrence: &Occurrence) -> String {
        words::times_ja(occurrence.start, occurrence.end)
    }
    fn group_label(&self) -> &'static str {
        "お問い合わせ先のグループ"
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
    fn opening(&self) -> &'static str {
        "Loading…"
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
    fn form_loading(&self) -> &'static str {
        "Loading the inquiry form…"
    }
    fn need(&self, need: Need) -> &'static str {
        match need {
            Need::Required => "required",
            Need::OneOf => "this or the other required",
            Need::Optional => "optional",
            Need::Anonymous => "optional, anonymous is fine",
        }
    }
    fn asker_label(&self) -> &'static str {
        "Who is asking"
    }
    fn contact_preference_label(&self) -> &'static str {
        "How should we contact you?"
    }
    fn preferred_hint(&self) -> &'static str {
        "Choose up to 3 dates that suit you."
    }
    fn no_dates_offered(&self) -> &'static str {
        "No meetings are scheduled. Please write your wishes in the message."
    }
    fn chars_left(&self, left: usize) -> String {
        match left {
            1 => "1 character left".into(),
            n => format!("{n} characters left"),
        }
    }
    fn privacy_policy(&self) -> &'static str {
        "Privacy policy (opens in a new tab)"
    }
    fn consent_agree(&self) -> &'static str {
        "I agree to the above"
    }
    fn honeypot_label(&self) -> &'static str {
        "Website (leave empty)"
    }
    fn to_confirm(&self) -> &'static str {
        "Review"
    }
    fn confirm_heading(&self) -> &'static str {
        "Please check your inquiry"
    }
    fn confirm_intro(&self) -> &'static str {
        "This is what will be sent. If it is right, press \u{201c}Send\u{201d}."
    }
    fn not_given(&self) -> &'static str {
        "(not given)"
    }
    fn consent_given(&self) -> &'static str {
        "I agree"
    }
    fn edit(&self) -> &'static str {
        "Edit"
    }
    fn send(&self) -> &'static str {
        "Send"
    }
    fn send_again(&self) -> &'static str {
        "Send again"
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
            Error::PartMissing => {
                "This screen could not be loaded. Please check your connection and try again."
                    .into()
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

    fn view_label(&self) -> &'static str {
        "Show as"
    }
    fn view_list(&self) -> &'static str {
        "List"
    }
    fn view_calendar(&self) -> &'static str {
        "Calendar"
    }
    fn filters_button(&self, set: usize) -> String {
        match set {
            0 => "Filter".into(),
            1 => "Filter (1 condition)".into(),
            n => format!("Filter ({n} conditions)"),
        }
    }
    fn filter_field(&self, field: FilterField) -> &'static str {
        match field {
            FilterField::Text => "Keyword",
            FilterField::Categories => "Topic",
            FilterField::Area => "Area",
            FilterField::Formats => "How it meets",
            FilterField::Weekdays => "Day",
            FilterField::Times => "Time of day",
            FilterField::Audiences => "Who takes part",
            FilterField::Options => "Ways to take part",
            FilterField::Free => "Cost",
        }
    }
    fn count_in_parens(&self, count: usize) -> String {
        format!(" ({count})")
    }
    fn free_only(&self) -> &'static str {
        "Free groups only"
    }
    fn clear_all(&self) -> &'static str {
        "Clear all conditions"
    }
    fn area_label(&self) -> &'static str {
        "Prefecture or online"
    }
    fn anywhere(&self) -> &'static str {
        "Everywhere"
    }
    fn online_area(&self) -> &'static str {
        "Online (from home)"
    }
    fn city_label(&self) -> &'static str {
        "City"
    }
    fn all_cities(&self) -> &'static str {
        "All cities"
    }
    fn weekday_name(&self, day: Weekday) -> &'static str {
        self.weekday(day)
    }
    fn weekday_short(&self, day: Weekday) -> &'static str {
        match day {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }
    fn time_of_day_hint(&self, time: TimeOfDay) -> &'static str {
        match time {
            TimeOfDay::Morning => "Morning (before 12:00)",
            TimeOfDay::Afternoon => "Afternoon (12:00–17:00)",
            TimeOfDay::Evening => "Evening (from 17:00)",
        }
    }
    fn show_more(&self, next: usize, left: usize) -> String {
        format!("Show {next} more ({left} left)")
    }
    fn loosen(&self, field: &str, count: usize) -> String {
        match count {
            1 => format!("Remove \u{201c}{field}\u{201d} (1 group)"),
            n => format!("Remove \u{201c}{field}\u{201d} ({n} groups)"),
        }
    }
    fn category_label(&self) -> &'static str {
        "Topics"
    }
    fn options_label(&self) -> &'static str {
        "Ways to take part"
    }
    fn no_next(&self) -> &'static str {
        "Ask for dates"
    }
    fn group_missing(&self) -> &'static str {
        "This group could not be found"
    }
    fn next_dates_label(&self) -> &'static str {
        "Next dates"
    }
    fn place_label(&self) -> &'static str {
        "Place"
    }
    fn online_label(&self) -> &'static str {
        "How to join online"
    }
    fn audience_label(&self) -> &'static str {
        "For"
    }
    fn cost_label(&self) -> &'static str {
        "Cost"
    }
    fn capacity_label(&self) -> &'static str {
        "Capacity"
    }
    fn capacity(&self, people: u32) -> String {
        match people {
            1 => "1 person".into(),
            n => format!("{n} people"),
        }
    }
    fn apply_label(&self) -> &'static str {
        "Booking"
    }
    fn apply_days_before(&self, days: u16) -> String {
        match days {
            0 => "Book by the day of the meeting".into(),
            1 => "Book at least 1 day ahead".into(),
            n => format!("Book at least {n} days ahead"),
        }
    }
    fn languages_label(&self) -> &'static str {
        "Languages"
    }
    fn contact_label(&self) -> &'static str {
        "Contact"
    }
    fn updated_label(&self) -> &'static str {
        "Last updated"
    }
    fn full_date(&self, date: NaiveDate) -> String {
        words::full_date_en(date)
    }
    fn add_to_calendar(&self) -> &'static str {
        "Add to calendar (.ics)"
    }
    fn subscribe_calendar(&self) -> &'static str {
        "Subscribe in a calendar app (follows changes)"
    }
    fn list_separator(&self) -> &'static str {
        ", "
    }
    fn previous_month(&self) -> &'static str {
        "Previous month"
    }
    fn next_month(&self) -> &'static str {
        "Next month"
    }
    fn meetings_in_month(&self, count: usize) -> String {
        match count {
            0 => "No meetings this month.".into(),
            1 => "1 meeting this month.".into(),
            n => format!("{n} meetings this month."),
        }
    }
    fn meeting_time(&self, occurrence: &Occurrence) -> String {
        words::times_en(occurrence.start, occurrence.end)
    }
    fn group_label(&self) -> &'static str {
        "Group you are asking about"
    }
}

/// The catalogue of a language.
pub(crate) fn ui(lang: Lang) -> &'static dyn UiText {
    match lang {
        Lang::Ja => &Ja,
        Lang::En => &En,
    }
}
