//! The directory as a spreadsheet: one row per group, for facilities that keep their listings in
//! Excel and for bulk edits.
//!
//! [`write()`] produces UTF-8 with a byte-order mark (so Japanese Excel does not take it for
//! Shift_JIS) and CRLF line ends; [`read()`] takes it back with or without the mark and with any
//! line ends. A valid directory comes back unchanged from `read(&write(&d, lang), ..)` in both
//! languages, as long as its schedules are ones the schedule parser reads back and its text
//! avoids the few normalisations listed at the end.
//!
//! # Layout
//!
//! The first line names the columns, in Japanese or English (a file may mix them; the order is
//! free; header case and width do not matter). Every row names its facility; a row with a group
//! ID describes one group, a row with a blank group ID describes a facility only (a facility
//! without groups, or one whose details are easier to keep on a row of their own). A facility's
//! columns need filling in on one of its rows only: blank cells take the value from the row
//! that fills them, in any order, and a filled cell that differs from another row is an error.
//! An export fills them on the facility's first row.
//!
//! | English | 日本語 | Contents |
//! |---|---|---|
//! | `facility_id` | 施設ID | required; lowercase a-z, digits and hyphens |
//! | `facility_name` | 施設名 | needed on one row of the facility |
//! | `facility_kana` | 施設名よみ | |
//! | `facility_prefecture` | 施設都道府県 | 宮城県, 宮城, Miyagi or 04 |
//! | `facility_city` | 施設市区町村 | |
//! | `facility_address` | 施設住所 | |
//! | `facility_access` | 施設アクセス | |
//! | `facility_phone` | 電話番号 | |
//! | `facility_phone_hours` | 電話受付時間 | |
//! | `facility_email` | 公開メールアドレス | |
//! | `facility_url` | ウェブサイト | an http:// or https:// address |
//! | `facility_updated` | 施設更新日 | date |
//! | `group_id` | グループID | required column; blank for a facility-only row |
//! | `name` | グループ名 | required for a group |
//! | `kana` | よみがな | |
//! | `categories` | カテゴリ | list, at least one |
//! | `diseases` | 疾患名 | list |
//! | `audience` | 対象 | list; blank = anyone |
//! | `format` | 形式 | blank = in person |
//! | `options` | 参加条件 | list |
//! | `cost` | 参加費 | 無料, 任意の献金・カンパ (献金, カンパ), 500円, 500円（資料代）, ¥500, 500, free, donation, ¥500 (materials) |
//! | `capacity` | 定員 | 20, 20人 or 20名 |
//! | `apply_days_before` | 申込期限（日前） | 3, 3日 or 3日前 |
//! | `prefecture` | 都道府県 | where the group meets, when not at its facility |
//! | `city` | 市区町村 | |
//! | `address` | 住所 | |
//! | `access` | アクセス | |
//! | `online_platform` | オンラインツール | e.g. Zoom |
//! | `online_steps` | オンライン参加方法 | one step per line |
//! | `group_phone` | グループ電話番号 | when it differs from the facility's |
//! | `group_phone_hours` | グループ電話受付時間 | |
//! | `group_email` | グループメールアドレス | |
//! | `group_url` | グループURL | an http:// or https:// address |
//! | `languages` | 言語 | list of BCP 47 tags; blank = Japanese only |
//! | `schedule` | 日程 | Japanese words, e.g. 毎月第2・4水曜日 13:00〜21:00（祝日は休み）; blank = by appointment |
//! | `schedule_note` | 日程の補足 | |
//! | `summary` | 概要 | |
//! | `description` | 説明 | |
//! | `updated` | 更新日 | date |
//!
//! # Cells
//!
//! - Lists are written separated by 「、」 (Japanese export) or `; ` (English export) and read
//!   split at 「、」, `;`, 「；」 and line breaks, never at commas or 「・」, which labels contain
//!   (「家族・友人」, "Come late, leave early OK"). Join steps (`online_steps`) are sentences
//!   that contain 「、」, so they are written one per line and read split at line breaks and
//!   semicolons only.
//! - Categories, audiences, formats and options read from the snake_case code (`alcohol`), the
//!   Japanese label (アルコール) or the English label (Alcohol), ignoring width, kana and case.
//!   A Japanese export writes Japanese labels; an English export writes the codes, since the
//!   English labels contain commas and may be reworded.
//! - Dates read as 2026-11-22, 2026/11/22 (what Excel saves) or 2026年11月22日 and are written
//!   as 2026-11-22.
//! - The schedule is always written in Japanese words, even in an English export, because
//!   those are the words [`crate::schedule::parse()`] reads back.
//!
//! # What does not survive a round trip
//!
//! - Cells are trimmed and a blank cell means "none": text with leading or trailing spaces, an
//!   empty text and an online join with neither tool nor steps come back trimmed or absent.
//! - A list item containing one of the list separators comes back as several items.
//! - The rows come back in file order: groups keep their order, and facilities are ordered by
//!   the first row naming them (an export adds facility-only rows where needed to keep the
//!   directory's facility order).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tsunagu_contract::directory::{
    Audience, Category, Contact, Cost, Directory, DirectoryError, Facility, FacilityId, Format,
    Group, GroupId, OnlineJoin, ParticipationOption, Place, Prefecture,
};
use tsunagu_contract::i18n::Lang;
use tsunagu_contract::search::fold;
use tsunagu_contract::text::fold_width;

use super::{
    Assembly, Entity, FileKind, FileProblem, ImportError, ImportOptions, Imported, RowProblem,
};
use crate::schedule::words;

/// Every column as (English header, Japanese header), in the order an export writes them.
pub const COLUMNS: [(&str, &str); 39] = [
    ("facility_id", "施設ID"),
    ("facility_name", "施設名"),
    ("facility_kana", "施設名よみ"),
    ("facility_prefecture", "施設都道府県"),
    ("facility_city", "施設市区町村"),
    ("facility_address", "施設住所"),
    ("facility_access", "施設アクセス"),
    ("facility_phone", "電話番号"),
    ("facility_phone_hours", "電話受付時間"),
    ("facility_email", "公開メールアドレス"),
    ("facility_url", "ウェブサイト"),
    ("facility_updated", "施設更新日"),
    ("group_id", "グループID"),
    ("name", "グループ名"),
    ("kana", "よみがな"),
    ("categories", "カテゴリ"),
    ("diseases", "疾患名"),
    ("audience", "対象"),
    ("format", "形式"),
    ("options", "参加条件"),
    ("cost", "参加費"),
    ("capacity", "定員"),
    ("apply_days_before", "申込期限（日前）"),
    ("prefecture", "都道府県"),
    ("city", "市区町村"),
    ("address", "住所"),
    ("access", "アクセス"),
    ("online_platform", "オンラインツール"),
    ("online_steps", "オンライン参加方法"),
    ("group_phone", "グループ電話番号"),
    ("group_phone_hours", "グループ電話受付時間"),
    ("group_email", "グループメールアドレス"),
    ("group_url", "グループURL"),
    ("languages", "言語"),
    ("schedule", "日程"),
    ("schedule_note", "日程の補足"),
    ("summary", "概要"),
    ("description", "説明"),
    ("updated", "更新日"),
];

/// A column, numbered as in [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Col {
    FacilityId,
    FacilityName,
    FacilityKana,
    FacilityPrefecture,
    FacilityCity,
    FacilityAddress,
    FacilityAccess,
    FacilityPhone,
    FacilityPhoneHours,
    FacilityEmail,
    FacilityUrl,
    FacilityUpdated,
    GroupId,
    Name,
    Kana,
    Categories,
    Diseases,
    Audience,
    Format,
    Options,
    Cost,
    Capacity,
    ApplyDaysBefore,
    Prefecture,
    City,
    Address,
    Access,
    OnlinePlatform,
    OnlineSteps,
    GroupPhone,
    GroupPhoneHours,
    GroupEmail,
    GroupUrl,
    Languages,
    Schedule,
    ScheduleNote,
    Summary,
    Description,
    Updated,
}

const ALL: [Col; 39] = [
    Col::FacilityId,
    Col::FacilityName,
    Col::FacilityKana,
    Col::FacilityPrefecture,
    Col::FacilityCity,
    Col::FacilityAddress,
    Col::FacilityAccess,
    Col::FacilityPhone,
    Col::FacilityPhoneHours,
    Col::FacilityEmail,
    Col::FacilityUrl,
    Col::FacilityUpdated,
    Col::GroupId,
    Col::Name,
    Col::Kana,
    Col::Categories,
    Col::Diseases,
    Col::Audience,
    Col::Format,
    Col::Options,
    Col::Cost,
    Col::Capacity,
    Col::ApplyDaysBefore,
    Col::Prefecture,
    Col::City,
    Col::Address,
    Col::Access,
    Col::OnlinePlatform,
    Col::OnlineSteps,
    Col::GroupPhone,
    Col::GroupPhoneHours,
    Col::GroupEmail,
    Col::GroupUrl,
    Col::Languages,
    Col::Schedule,
    Col::ScheduleNote,
    Col::Summary,
    Col::Description,
    Col::Updated,
];

/// The facility's own columns, which may be left blank on all but one of its rows.
const FACILITY_COLUMNS: [Col; 11] = [
    Col::FacilityName,
    Col::FacilityKana,
    Col::FacilityPrefecture,
    Col::FacilityCity,
    Col::FacilityAddress,
    Col::FacilityAccess,
    Col::FacilityPhone,
    Col::FacilityPhoneHours,
    Col::FacilityEmail,
    Col::FacilityUrl,
    Col::FacilityUpdated,
];

const REQUIRED: [Col; 4] = [Col::FacilityId, Col::GroupId, Col::Name, Col::Categories];

impl Col {
    fn index(self) -> usize {
        self as usize
    }

    fn names(self) -> (&'static str, &'static str) {
        COLUMNS.get(self.index()).copied().unwrap_or(("", ""))
    }

    fn is_group_column(self) -> bool {
        self > Col::GroupId
    }
}

/// The separator an export puts between list items.
fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "、",
        Lang::En => "; ",
    }
}

/// Splits a list cell; see the module documentation for why not at commas.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', ';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Splits the join steps, which are sentences and may contain 「、」.
fn steps(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The snake_case code serde gives a unit variant, e.g. `mental_health`.
fn code<T: Serialize>(value: &T) -> String {
    tsunagu_contract::code::code(value)
        .unwrap_or_default()
        .to_owned()
}

/// Reads one closed vocabulary from its codes and labels in every language.
struct Vocab<T> {
    what: &'static str,
    names: Vec<(String, T)>,
    accepted: String,
}

impl<T: Copy + Serialize> Vocab<T> {
    fn new(what: &'static str, all: &[T], label: impl Fn(Lang, T) -> &'static str) -> Vocab<T> {
        let mut names = Vec::new();
        let mut codes = Vec::new();
        for &value in all {
            let c = code(&value);
            names.push((fold(&c), value));
            names.push((fold(label(Lang::Ja, value)), value));
            names.push((fold(label(Lang::En, value)), value));
            codes.push(c);
        }
        Vocab {
            what,
            names,
            accepted: codes.join(", "),
        }
    }

    fn read(&self, text: &str) -> Result<T, RowProblem> {
        let folded = fold(text.trim());
        self.names
            .iter()
            .find(|(name, _)| *name == folded)
            .map(|(_, value)| *value)
            .ok_or_else(|| RowProblem::UnknownValue {
                what: self.what,
                value: text.trim().to_owned(),
                accepted: self.accepted.clone(),
            })
    }
}

struct Vocabularies {
    category: Vocab<Category>,
    audience: Vocab<Audience>,
    format: Vocab<Format>,
    option: Vocab<ParticipationOption>,
}

impl Vocabularies {
    fn new() -> Vocabularies {
        Vocabularies {
            category: Vocab::new("category", &Category::ALL, |l, c| {
                l.vocabulary().category(c)
            }),
            audience: Vocab::new("audience", &Audience::ALL, |l, a| {
                l.vocabulary().audience(a)
            }),
            format: Vocab::new("format", &Format::ALL, |l, f| l.vocabulary().format(f)),
            option: Vocab::new("participation option", &ParticipationOption::ALL, |l, o| {
                l.vocabulary().option(o)
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cells in and out.

/// Reads a cost in any of the forms the module documentation lists. The note is kept as
/// written: only the amount is width-folded.
fn parse_cost(text: &str) -> Result<Cost, RowProblem> {
    let text = text.trim();
    let bad = || RowProblem::BadCost {
        value: text.to_owned(),
    };
    let folded = fold(text);
    let is = |words: &[&str]| words.iter().any(|w| fold(w) == folded);
    if is(&["無料", "free", "free of charge"]) {
        return Ok(Cost::Free);
    }
    if is(&[
        "任意の献金・カンパ",
        "任意の献金",
        "献金",
        "カンパ",
        "donation",
        "voluntary donation",
    ]) {
        return Ok(Cost::Donation);
    }
    let rest = text.strip_prefix(['¥', '￥']).unwrap_or(text).trim_start();
    let amount: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || matches!(c, ',' | '，'))
        .collect();
    let digits = fold_width(&amount).replace(',', "");
    if digits.is_empty() {
        return Err(bad());
    }
    let yen = digits.parse::<u32>().map_err(|_| bad())?;
    let rest = rest.strip_prefix(amount.as_str()).unwrap_or(rest).trim();
    let rest = rest.strip_prefix('円').unwrap_or(rest).trim();
    if rest.is_empty() {
        return Ok(Cost::Fee { yen, note: None });
    }
    let note = rest
        .strip_prefix(['(', '（'])
        .and_then(|r| r.strip_suffix([')', '）']))
        .ok_or_else(bad)?
        .trim();
    Ok(Cost::Fee {
        yen,
        note: (!note.is_empty()).then(|| note.to_owned()),
    })
}

fn write_cost(cost: &Cost, lang: Lang) -> String {
    match (lang, cost) {
        (Lang::Ja, _) => lang.vocabulary().cost(cost),
        (Lang::En, Cost::Free) => "free".to_owned(),
        (Lang::En, Cost::Donation) => "donation".to_owned(),
        (Lang::En, Cost::Fee { .. }) => lang.vocabulary().cost(cost),
    }
}

/// Reads a whole number, allowing one of `units` after it (「20人」).
fn parse_count<T: std::str::FromStr>(
    text: &str,
    units: &[&str],
    expected: &'static str,
) -> Result<T, RowProblem> {
    let folded = fold_width(text.trim());
    let number = units
        .iter()
        .find_map(|u| folded.strip_suffix(u))
        .unwrap_or(&folded)
        .trim();
    let bad = || RowProblem::BadNumber {
        value: text.trim().to_owned(),
        expected,
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    number.parse().map_err(|_| bad())
}

/// Reads 2026-11-22, 2026/11/22 or 2026年11月22日 (a time after it, as Excel may add, is
/// ignored).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, RowProblem> {
    let bad = || RowProblem::BadDate {
        value: text.trim().to_owned(),
    };
    let folded = fold_width(text.trim());
    let day_part = folded.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = if day_part.contains('年') {
        let rest = day_part.strip_suffix('日').ok_or_else(bad)?;
        let (y, rest) = rest.split_once('年').ok_or_else(bad)?;
        let (m, d) = rest.split_once('月').ok_or_else(bad)?;
        vec![y, m, d]
    } else {
        day_part.split(['-', '/']).collect()
    };
    let number = |s: &str| {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse::<u32>().ok()
        }
    };
    match parts.as_slice() {
        [y, m, d] => {
            let y = number(y).and_then(|y| i32::try_from(y).ok());
            match (y, number(m), number(d)) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad),
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

fn write_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn write_prefecture(prefecture: Prefecture, lang: Lang) -> String {
    match lang {
        Lang::Ja => prefecture.name_ja().to_owned(),
        Lang::En => prefecture.name_en().to_owned(),
    }
}

/// Quotes a field when it holds a separator, a quote or a line break (RFC 4180).
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fn push_row(out: &mut String, row: &[String]) {
    for (i, field) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// The directory as CSV: a byte-order mark, a header line in `lang`, then one row per group
/// (and one per facility without groups), with CRLF line ends. Labels are Japanese with
/// [`Lang::Ja`] and snake_case codes with [`Lang::En`]; the schedule is Japanese words in both.
///
/// Written by hand rather than with `csv::Writer`, whose I/O errors cannot happen on a string
/// but would still need handling.
pub fn write(directory: &Directory, lang: Lang) -> String {
    let mut out = String::from('\u{FEFF}');
    let header: Vec<String> = COLUMNS
        .iter()
        .map(|(en, ja)| match lang {
            Lang::Ja => (*ja).to_owned(),
            Lang::En => (*en).to_owned(),
        })
        .collect();
    push_row(&mut out, &header);

    // Facilities are read back in the order rows first name them, so they are introduced in
    // the directory's order: those before `next` have been, by a group row carrying their
    // columns or, when a later facility's group comes first, by a facility-only row.
    let index: HashMap<&FacilityId, usize> = directory
        .facilities
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.id, i))
        .collect();
    let mut next = 0;
    for group in &directory.groups {
        let mut row = blank_row();
        set(&mut row, Col::FacilityId, Some(group.facility.as_str()));
        if let Some(&at) = index.get(&group.facility)
            && at >= next
        {
            for facility in directory.facilities.get(next..at).unwrap_or_default() {
                push_row(&mut out, &facility_only_row(facility, lang));
            }
            if let Some(facility) = directory.facilities.get(at) {
                facility_cells(facility, lang, &mut row);
            }
            next = at + 1;
        }
        group_cells(group, lang, &mut row);
        push_row(&mut out, &row);
    }
    for facility in directory.facilities.get(next..).unwrap_or_default() {
        push_row(&mut out, &facility_only_row(facility, lang));
    }
    out
}

fn blank_row() -> Vec<String> {
    vec![String::new(); COLUMNS.len()]
}

fn facility_only_row(facility: &Facility, lang: Lang) -> Vec<String> {
    let mut row = blank_row();
    set(&mut row, Col::FacilityId, Some(facility.id.as_str()));
    facility_cells(facility, lang, &mut row);
    row
}

fn set(row: &mut [String], col: Col, value: Option<&str>) {
    if let (Some(cell), Some(value)) = (row.get_mut(col.index()), value) {
        *cell = value.to_owned();
    }
}

fn facility_cells(facility: &Facility, lang: Lang, row: &mut [String]) {
    set(row, Col::FacilityName, Some(&facility.name));
    set(row, Col::FacilityKana, facility.kana.as_deref());
    if let Some(place) = &facility.place {
        let prefecture = write_prefecture(place.prefecture, lang);
        set(row, Col::FacilityPrefecture, Some(&prefecture));
        set(row, Col::FacilityCity, place.city.as_deref());
        set(row, Col::FacilityAddress, place.address.as_deref());
        set(row, Col::FacilityAccess, place.access.as_deref());
    }
    let contact = &facility.contact;
    set(row, Col::FacilityPhone, contact.phone.as_deref());
    set(row, Col::FacilityPhoneHours, contact.phone_hours.as_deref());
    set(row, Col::FacilityEmail, contact.email.as_deref());
    set(row, Col::FacilityUrl, contact.url.as_deref());
    let updated = facility.updated.map(write_date);
    set(row, Col::FacilityUpdated, updated.as_deref());
}

fn group_cells(group: &Group, lang: Lang, row: &mut [String]) {
    let vocabulary = lang.vocabulary();
    let sep = separator(lang);
    let list = |values: Vec<String>| values.join(sep);
    let label = |ja: &'static str, en: String| match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en,
    };
    set(row, Col::GroupId, Some(group.id.as_str()));
    set(row, Col::Name, Some(&group.name));
    set(row, Col::Kana, group.kana.as_deref());
    let categories = list(
        group
            .categories
            .iter()
            .map(|c| label(vocabulary.category(*c), code(c)))
            .collect(),
    );
    set(row, Col::Categories, Some(&categories));
    set(row, Col::Diseases, Some(&group.diseases.join(sep)));
    let audience = list(
        group
            .audience
            .iter()
            .map(|a| label(vocabulary.audience(*a), code(a)))
            .collect(),
    );
    set(row, Col::Audience, Some(&audience));
    let format = label(vocabulary.format(group.format), code(&group.format));
    set(row, Col::Format, Some(&format));
    let options = list(
        group
            .options
            .iter()
            .map(|o| label(vocabulary.option(*o), code(o)))
            .collect(),
    );
    set(row, Col::Options, Some(&options));
    let cost = group.cost.as_ref().map(|c| write_cost(c, lang));
    set(row, Col::Cost, cost.as_deref());
    let capacity = group.capacity.map(|c| c.to_string());
    set(row, Col::Capacity, capacity.as_deref());
    let apply = group.apply_days_before.map(|d| d.to_string());
    set(row, Col::ApplyDaysBefore, apply.as_deref());
    if let Some(place) = &group.place {
        let prefecture = write_prefecture(place.prefecture, lang);
        set(row, Col::Prefecture, Some(&prefecture));
        set(row, Col::City, place.city.as_deref());
        set(row, Col::Address, place.address.as_deref());
        set(row, Col::Access, place.access.as_deref());
    }
    if let Some(online) = &group.online {
        set(row, Col::OnlinePlatform, online.platform.as_deref());
        set(row, Col::OnlineSteps, Some(&online.steps.join("\n")));
    }
    let contact = &group.contact;
    set(row, Col::GroupPhone, contact.phone.as_deref());
    set(row, Col::GroupPhoneHours, contact.phone_hours.as_deref());
    set(row, Col::GroupEmail, contact.email.as_deref());
    set(row, Col::GroupUrl, contact.url.as_deref());
    set(row, Col::Languages, Some(&group.languages.join(sep)));
    // Japanese even in an English export: these are the words the schedule parser reads.
    set(
        row,
        Col::Schedule,
        Some(&words::schedule_ja(&group.schedule)),
    );
    set(row, Col::ScheduleNote, group.schedule_note.as_deref());
    set(row, Col::Summary, group.summary.as_deref());
    set(row, Col::Description, group.description.as_deref());
    let updated = group.updated.map(write_date);
    set(row, Col::Updated, updated.as_deref());
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// Which position holds each column, and its header as written.
struct Header {
    position: [Option<usize>; 39],
    written: Vec<String>,
    /// Whether the facility ID header is in Japanese, to name absent columns alike.
    japanese: bool,
}

impl Header {
    fn read(cells: &::csv::StringRecord) -> Result<Header, FileProblem> {
        let mut position = [None; 39];
        let mut unknown = Vec::new();
        let written: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
        for (at, text) in written.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let folded = fold(text);
            let found = ALL.iter().find(|col| {
                let (en, ja) = col.names();
                fold(en) == folded || fold(ja) == folded
            });
            match found {
                None => unknown.push(text.clone()),
                Some(col) => match position.get_mut(col.index()) {
                    Some(Some(first)) => {
                        return Err(FileProblem::DuplicateColumn {
                            first: written.get(*first).cloned().unwrap_or_default(),
                            second: text.clone(),
                        });
                    }
                    Some(slot) => *slot = Some(at),
                    None => {}
                },
            }
        }
        if !unknown.is_empty() {
            return Err(FileProblem::UnknownColumns { columns: unknown });
        }
        let missing: Vec<String> = REQUIRED
            .iter()
            .filter(|col| position.get(col.index()).copied().flatten().is_none())
            .map(|col| {
                let (en, ja) = col.names();
                format!("{ja} ({en})")
            })
            .collect();
        if !missing.is_empty() {
            return Err(FileProblem::MissingColumns { columns: missing });
        }
        let japanese = position
            .get(Col::FacilityId.index())
            .copied()
            .flatten()
            .and_then(|at| written.get(at))
            .is_some_and(|h| !h.is_ascii());
        Ok(Header {
            position,
            written,
            japanese,
        })
    }

    fn at(&self, col: Col) -> Option<usize> {
        self.position.get(col.index()).copied().flatten()
    }

    /// The header as written, or the column's name in the file's language when it has none.
    fn name(&self, col: Col) -> String {
        match self.at(col).and_then(|at| self.written.get(at)) {
            Some(written) => written.clone(),
            None => {
                let (en, ja) = col.names();
                if self.japanese { ja } else { en }.to_owned()
            }
        }
    }
}

/// A value of a facility column, compared across rows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    Prefecture(Prefecture),
    Date(NaiveDate),
}

/// One row, cell by cell, collecting every problem rather than stopping at the first.
struct Row<'a> {
    record: &'a ::csv::StringRecord,
    header: &'a Header,
    problems: Vec<(Col, RowProblem)>,
}

impl Row<'_> {
    fn text(&self, col: Col) -> &str {
        self.header
            .at(col)
            .and_then(|at| self.record.get(at))
            .map_or("", str::trim)
    }

    fn opt(&self, col: Col) -> Option<String> {
        let text = self.text(col);
        (!text.is_empty()).then(|| text.to_owned())
    }

    fn fail(&mut self, col: Col, problem: RowProblem) {
        self.problems.push((col, problem));
    }

    /// Parses a non-blank cell; a blank one is `None`, a bad one is recorded and `None`.
    fn parse<T>(
        &mut self,
        col: Col,
        read: impl FnOnce(&str) -> Result<T, RowProblem>,
    ) -> Option<T> {
        let text = self.text(col);
        if text.is_empty() {
            return None;
        }
        match read(text) {
            Ok(value) => Some(value),
            Err(problem) => {
                self.fail(col, problem);
                None
            }
        }
    }

    fn list<T: Copy + Serialize>(&mut self, col: Col, vocab: &Vocab<T>) -> Vec<T> {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        for item in items(self.text(col)) {
            match vocab.read(item) {
                Ok(value) => out.push(value),
                Err(problem) => bad.push(problem),
            }
        }
        for problem in bad {
            self.fail(col, problem);
        }
        out
    }

    fn place(&mut self, [prefecture, city, address, access]: [Col; 4]) -> Option<Place> {
        let rest = [city, address, access].map(|col| self.opt(col));
        let text = self.text(prefecture);
        if text.is_empty() {
            if rest.iter().any(Option::is_some) {
                self.fail(prefecture, RowProblem::PlaceWithoutPrefecture);
            }
            return None;
        }
        let prefecture = self.parse(prefecture, |t| {
            Prefecture::parse(t).map_err(RowProblem::from)
        })?;
        let [city, address, access] = rest;
        Some(Place {
            prefecture,
            city,
            address,
            access,
        })
    }

    /// The facility's cells this row fills in.
    fn facility_values(&mut self) -> Vec<(Col, Value, String)> {
        let mut out = Vec::new();
        for col in FACILITY_COLUMNS {
            let raw = self.text(col).to_owned();
            if raw.is_empty() {
                continue;
            }
            let value = match col {
                Col::FacilityPrefecture => self
                    .parse(col, |t| Prefecture::parse(t).map_err(RowProblem::from))
                    .map(Value::Prefecture),
                Col::FacilityUpdated => self.parse(col, parse_date).map(Value::Date),
                _ => Some(Value::Text(raw.clone())),
            };
            if let Some(value) = value {
                out.push((col, value, raw));
            }
        }
        out
    }

    /// The group this row describes; `None` when its identifiers are bad (every other cell is
    /// still checked, so that all of the row's problems are reported at once).
    fn group(&mut self, facility: Option<FacilityId>, v: &Vocabularies) -> Option<Group> {
        let id = self.parse(Col::GroupId, |t| GroupId::new(t).map_err(RowProblem::from));
        let name = self.text(Col::Name).to_owned();
        if name.is_empty() {
            self.fail(Col::Name, RowProblem::Missing);
        }
        if self.text(Col::Categories).is_empty() {
            self.fail(Col::Categories, RowProblem::Missing);
        }
        let categories = self.list(Col::Categories, &v.category);
        let audience = self.list(Col::Audience, &v.audience);
        let format = self
            .parse(Col::Format, |t| v.format.read(t))
            .unwrap_or_default();
        let options = self.list(Col::Options, &v.option);
        let cost = self.parse(Col::Cost, parse_cost);
        let capacity = self.parse(Col::Capacity, |t| {
            parse_count(t, &["人", "名"], "a number of people such as 20 or 20人")
        });
        let apply_days_before = self.parse(Col::ApplyDaysBefore, |t| {
            parse_count(t, &["日前", "日"], "a number of days such as 3 or 3日前")
        });
        let place = self.place([Col::Prefecture, Col::City, Col::Address, Col::Access]);
        let platform = self.opt(Col::OnlinePlatform);
        let join_steps: Vec<String> = steps(self.text(Col::OnlineSteps))
            .map(str::to_owned)
            .collect();
        let online = (platform.is_some() || !join_steps.is_empty()).then_some(OnlineJoin {
            platform,
            steps: join_steps,
        });
        let schedule = self
            .parse(Col::Schedule, |t| {
                let schedule = crate::schedule::parse(t)?;
                schedule.validate()?;
                Ok(schedule)
            })
            .unwrap_or_default();
        let updated = self.parse(Col::Updated, parse_date);
        Some(Group {
            id: id?,
            facility: facility?,
            name,
            kana: self.opt(Col::Kana),
            categories,
            diseases: items(self.text(Col::Diseases)).map(str::to_owned).collect(),
            audience,
            format,
            options,
            cost,
            capacity,
            apply_days_before,
            place,
            online,
            contact: Contact {
                phone: self.opt(Col::GroupPhone),
                phone_hours: self.opt(Col::GroupPhoneHours),
                email: self.opt(Col::GroupEmail),
                url: self.opt(Col::GroupUrl),
            },
            languages: items(self.text(Col::Languages))
                .map(str::to_owned)
                .collect(),
            schedule,
            schedule_note: self.opt(Col::ScheduleNote),
            summary: self.opt(Col::Summary),
            description: self.opt(Col::Description),
            updated,
        })
    }
}

/// A good row, before facilities are merged.
struct Parsed {
    line: u64,
    facility: FacilityId,
    values: Vec<(Col, Value, String)>,
    group: Option<Group>,
}

/// A facility's details as gathered from its rows.
struct Draft {
    id: FacilityId,
    line: u64,
    slots: BTreeMap<Col, (Value, String, u64)>,
}

/// Reads a directory written by [`write()`] or by hand; see the module documentation for the
/// layout. Every problem is reported with its line and column; see [`ImportError`].
pub fn read(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header_record = loop {
        match records.next() {
            None => return Err(FileProblem::Empty.into()),
            Some(Ok(record)) if record.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok(record)) => break record,
            // A header that cannot be read is a file that cannot be read.
            Some(Err(_)) => return Err(FileProblem::Empty.into()),
        }
    };
    let header = Header::read(&header_record)?;
    let vocabularies = Vocabularies::new();
    let mut assembly = Assembly::new(FileKind::Csv);
    let mut parsed = Vec::new();
    // The csv crate's own line count is one short after CRLF line ends (rust-csv#395), which
    // is how Excel and `write()` end lines; count from the record's byte offset instead.
    let newlines: Vec<u64> = text
        .bytes()
        .zip(0u64..)
        .filter_map(|(b, at)| (b == b'\n').then_some(at))
        .collect();
    // After CRLF a record may start at its "\n" rather than after it; that newline ends the
    // line before.
    let line_at = |byte: u64| newlines.partition_point(|&at| at <= byte) as u64 + 1;
    let mut last_line = header_record.position().map_or(1, |p| line_at(p.byte()));
    for result in records {
        let record = match result {
            Ok(record) => record,
            Err(error) => {
                let line = error
                    .position()
                    .map_or(last_line + 1, |p| line_at(p.byte()));
                assembly.error(
                    line,
                    None,
                    RowProblem::Malformed {
                        detail: error.to_string(),
                    },
                );
                continue;
            }
        };
        let line = record
            .position()
            .map_or(last_line + 1, |p| line_at(p.byte()));
        last_line = line;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(row) = read_row(&record, &header, line, &vocabularies, &mut assembly) {
            parsed.push(row);
        }
    }
    merge(parsed, &header, &mut assembly);
    assembly.finish(options, |problem, entity| {
        let col = match problem {
            DirectoryError::EmptyName { .. } if entity == Entity::Facility => Col::FacilityName,
            DirectoryError::EmptyName { .. } => Col::Name,
            DirectoryError::DuplicateFacility { .. } | DirectoryError::UnknownFacility { .. } => {
                Col::FacilityId
            }
            DirectoryError::DuplicateGroup { .. } | DirectoryError::InvalidId { .. } => {
                Col::GroupId
            }
            DirectoryError::NoCategory { .. } => Col::Categories,
            DirectoryError::NoPlace { .. } | DirectoryError::UnknownPrefecture { .. } => {
                Col::Prefecture
            }
            DirectoryError::Schedule { .. } => Col::Schedule,
            DirectoryError::BadFacilityUrl { .. } => Col::FacilityUrl,
            DirectoryError::BadGroupUrl { .. } => Col::GroupUrl,
        };
        Some(header.name(col))
    })
}

/// Checks one row; `None` (with its problems in `assembly`) when it is bad.
fn read_row(
    record: &::csv::StringRecord,
    header: &Header,
    line: u64,
    vocabularies: &Vocabularies,
    assembly: &mut Assembly,
) -> Option<Parsed> {
    let mut malformed = Vec::new();
    for (at, cell) in record.iter().enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        match header.written.get(at) {
            None => malformed.push(format!(
                "this row has a value in cell {}, but the header names only {} columns",
                at + 1,
                header.written.len()
            )),
            Some(name) if name.is_empty() => malformed.push(format!(
                "this row has a value in cell {}, whose column has no header",
                at + 1
            )),
            Some(_) => {}
        }
    }
    for detail in &malformed {
        assembly.error(
            line,
            None,
            RowProblem::Malformed {
                detail: detail.clone(),
            },
        );
    }

    let mut row = Row {
        record,
        header,
        problems: Vec::new(),
    };
    let facility = if row.text(Col::FacilityId).is_empty() {
        row.fail(Col::FacilityId, RowProblem::Missing);
        None
    } else {
        row.parse(Col::FacilityId, |t| {
            FacilityId::new(t).map_err(RowProblem::from)
        })
    };
    let values = row.facility_values();
    let group = if row.text(Col::GroupId).is_empty() {
        for col in ALL.into_iter().filter(|c| c.is_group_column()) {
            if !row.text(col).is_empty() {
                row.fail(col, RowProblem::GroupCellWithoutGroup);
            }
        }
        None
    } else {
        row.group(facility.clone(), vocabularies)
    };
    let bad = !malformed.is_empty() || !row.problems.is_empty();
    for (col, problem) in std::mem::take(&mut row.problems) {
        assembly.error(line, Some(header.name(col)), problem);
    }
    match (bad, facility) {
        (false, Some(facility)) => Some(Parsed {
            line,
            facility,
            values,
            group,
        }),
        _ => None,
    }
}

/// Merges the good rows' facility cells, reports conflicts and repeated group IDs, and hands
/// the facilities and groups to `assembly`.
fn merge(parsed: Vec<Parsed>, header: &Header, assembly: &mut Assembly) {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut index: HashMap<FacilityId, usize> = HashMap::new();
    let mut group_lines: HashMap<GroupId, u64> = HashMap::new();
    for row in parsed {
        let mut problems = Vec::new();
        if let Some(group) = &row.group
            && let Some(&earlier_line) = group_lines.get(&group.id)
        {
            problems.push((
                Col::GroupId,
                RowProblem::DuplicateGroup {
                    group: group.id.clone(),
                    earlier_line,
                },
            ));
        }
        if let Some(draft) = index.get(&row.facility).and_then(|&at| drafts.get(at)) {
            for (col, value, raw) in &row.values {
                if let Some((earlier, earlier_raw, earlier_line)) = draft.slots.get(col)
                    && earlier != value
                {
                    problems.push((
                        *col,
                        RowProblem::FacilityConflict {
                            facility: row.facility.clone(),
                            earlier_line: *earlier_line,
                            earlier: earlier_raw.clone(),
                            here: raw.clone(),
                        },
                    ));
                }
            }
        }
        if !problems.is_empty() {
            for (col, problem) in problems {
                assembly.error(row.line, Some(header.name(col)), problem);
            }
            continue;
        }
        let at = *index.entry(row.facility.clone()).or_insert_with(|| {
            drafts.push(Draft {
                id: row.facility.clone(),
                line: row.line,
                slots: BTreeMap::new(),
            });
            drafts.len() - 1
        });
        if let Some(draft) = drafts.get_mut(at) {
            for (col, value, raw) in row.values {
                draft.slots.entry(col).or_insert((value, raw, row.line));
            }
        }
        if let Some(group) = row.group {
            group_lines.insert(group.id.clone(), row.line);
            assembly.groups.push((group, row.line));
        }
    }
    let mut bad = HashSet::new();
    for (at, draft) in drafts.iter().enumerate() {
        let (facility, problems) = build_facility(draft);
        assembly.facilities.push((facility, draft.line));
        for (line, col, problem) in problems {
            assembly.error(line, Some(header.name(col)), problem);
            bad.insert(at);
        }
    }
    assembly.leave_out(&bad, &HashSet::new());
}

/// The facility its rows describe, with what keeps it from being imported.
fn build_facility(draft: &Draft) -> (Facility, Vec<(u64, Col, RowProblem)>) {
    let text = |col: Col| match draft.slots.get(&col) {
        Some((Value::Text(text), _, _)) => Some(text.clone()),
        _ => None,
    };
    let mut problems = Vec::new();
    let name = text(Col::FacilityName).unwrap_or_default();
    if name.is_empty() {
        problems.push((draft.line, Col::FacilityName, RowProblem::Missing));
    }
    let prefecture = match draft.slots.get(&Col::FacilityPrefecture) {
        Some((Value::Prefecture(p), _, _)) => Some(*p),
        _ => None,
    };
    let rest = [Col::FacilityCity, Col::FacilityAddress, Col::FacilityAccess];
    let place = match prefecture {
        Some(prefecture) => Some(Place {
            prefecture,
            city: text(Col::FacilityCity),
            address: text(Col::FacilityAddress),
            access: text(Col::FacilityAccess),
        }),
        None => {
            if let Some(line) = rest
                .iter()
                .filter_map(|col| draft.slots.get(col).map(|slot| slot.2))
                .min()
            {
                problems.push((
                    line,
                    Col::FacilityPrefecture,
                    RowProblem::PlaceWithoutPrefecture,
                ));
            }
            None
        }
    };
    let updated = match draft.slots.get(&Col::FacilityUpdated) {
        Some((Value::Date(d), _, _)) => Some(*d),
        _ => None,
    };
    let facility = Facility {
        id: draft.id.clone(),
        name,
        kana: text(Col::FacilityKana),
        place,
        contact: Contact {
            phone: text(Col::FacilityPhone),
            phone_hours: text(Col::FacilityPhoneHours),
            email: text(Col::FacilityEmail),
            url: text(Col::FacilityUrl),
        },
        updated,
    };
    (facility, problems)
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use proptest::prelude::*;
    use tsunagu_contract::schedule::Schedule;

    use super::*;
    use crate::exchange::RowError;
    use crate::schedule::fixtures::{self, date, nth, rule, t};

    /// 「毎月第2・4水曜日 13:00〜21:00（祝日は休み）」
    fn monthly() -> Schedule {
        Schedule {
            rules: vec![rule(
                nth(&[Weekday::Wed], &[2, 4]),
                t(13, 0),
                Some(t(21, 0)),
            )],
            skip_holidays: true,
            ..Schedule::default()
        }
    }

    /// 「毎週月曜日 19:00〜20:30」
    fn weekly() -> Schedule {
        Schedule {
            rules: vec![rule(
                fixtures::weekly(&[Weekday::Mon]),
                t(19, 0),
                Some(t(20, 30)),
            )],
            ..Schedule::default()
        }
    }

    fn place(prefecture: &str) -> Place {
        Place {
            prefecture: Prefecture::parse(prefecture).unwrap(),
            city: None,
            address: None,
            access: None,
        }
    }

    /// Every field filled somewhere, with text that needs quoting, facilities out of the
    /// groups' order and a facility without groups.
    fn rich() -> Directory {
        let fid = |s: &str| FacilityId::new(s).unwrap();
        let gid = |s: &str| GroupId::new(s).unwrap();
        let mut hidamari =
            Facility::new(fid("hidamari-noborito"), "就労移行支援事業所 ひだまり登戸");
        hidamari.kana = Some("ひだまりのぼりと".into());
        hidamari.place = Some(Place {
            prefecture: Prefecture::parse("神奈川県").unwrap(),
            city: Some("川崎市多摩区".into()),
            address: Some("登戸1-2-3 ひだまりビル2階".into()),
            access: Some("小田急線 登戸駅から徒歩5分, JR南武線からも".into()),
        });
        hidamari.contact = Contact {
            phone: Some("044-000-1234".into()),
            phone_hours: Some("月〜土 9:00〜17:00".into()),
            email: Some("info@hidamari.example.jp".into()),
            url: Some("https://hidamari.example.jp/?a=1,2".into()),
        };
        hidamari.updated = Some(date(2026, 11, 22));
        let yasumiba = Facility::new(fid("yasumiba-online"), "オンライン居場所「やすみば」");
        let mut lonely = Facility::new(fid("lonely"), "\"グループのない\" 施設");
        lonely.place = Some(place("沖縄"));

        let mut full = Group::new(
            gid("noborito-ga-family"),
            fid("hidamari-noborito"),
            "ギャンブルの問題を考える家族の会",
            Category::Gambling,
        );
        full.kana = Some("ぎゃんぶるのもんだいをかんがえるかぞくのかい".into());
        full.categories = vec![Category::Gambling, Category::Family, Category::Gaming];
        full.diseases = vec!["パーキンソン病".into(), "ALS（筋萎縮性側索硬化症）".into()];
        full.audience = vec![Audience::Family, Audience::Supporter];
        full.format = Format::Hybrid;
        full.options = ParticipationOption::ALL.to_vec();
        full.cost = Some(Cost::Fee {
            yen: 500,
            note: Some("資料代（コピー）".into()),
        });
        full.capacity = Some(20);
        full.apply_days_before = Some(3);
        full.place = Some(Place {
            prefecture: Prefecture::parse("東京都").unwrap(),
            city: Some("狛江市".into()),
            address: Some("和泉本町1-1".into()),
            access: Some("狛江駅から徒歩3分".into()),
        });
        full.online = Some(OnlineJoin {
            platform: Some("Zoom".into()),
            steps: vec![
                "申込フォームから登録".into(),
                "招待メールを確認し、リンクから参加".into(),
            ],
        });
        full.contact = Contact {
            phone: Some("03-0000-9012".into()),
            phone_hours: Some("火・木 10:00〜16:00".into()),
            email: Some("family@example.jp".into()),
            url: Some("https://example.jp/family".into()),
        };
        full.languages = vec!["ja".into(), "en".into(), "zh-Hant".into()];
        full.schedule = monthly();
        full.schedule_note = Some("8月は休み、年末年始も休み".into());
        full.summary = Some("ご家族が、匿名で気持ちを分かち合う会です。".into());
        full.description = Some("一行目, \"引用\"\n二行目\r\n三行目；セミコロン; も".into());
        full.updated = Some(date(2026, 1, 5));

        let mut online = Group::new(
            gid("yasumiba-freespace"),
            fid("yasumiba-online"),
            "フリースペース（出会いの場）",
            Category::Hikikomori,
        );
        online.cost = Some(Cost::Free);
        online.schedule = weekly();
        online.online = Some(OnlineJoin {
            platform: None,
            steps: vec!["アバターで入室".into()],
        });

        let mut aa = Group::new(
            gid("noborito-aa"),
            fid("hidamari-noborito"),
            "アルコール自助グループ 登戸ミーティング",
            Category::Alcohol,
        );
        aa.format = Format::InPerson;
        aa.audience = vec![Audience::Anyone];
        aa.cost = Some(Cost::Donation);

        let mut fee = Group::new(
            gid("fee-only"),
            fid("yasumiba-online"),
            "参加費だけ",
            Category::EmploymentTypeA,
        );
        fee.cost = Some(Cost::Fee {
            yen: 1000,
            note: None,
        });
        fee.capacity = Some(0);
        fee.apply_days_before = Some(0);

        Directory {
            // やすみば is listed first but its first group comes second: the export must keep
            // this order with a facility-only row.
            facilities: vec![yasumiba, hidamari, lonely],
            groups: vec![full, online, aa, fee],
        }
    }

    fn read_ok(text: &str) -> Directory {
        match read(text, &ImportOptions::default()) {
            Ok(imported) => {
                assert!(imported.skipped.is_empty());
                imported.directory
            }
            Err(e) => panic!("{e}\n{e:?}\n{text}"),
        }
    }

    fn rejected(text: &str) -> Vec<RowError> {
        match read(text, &ImportOptions::default()) {
            Err(ImportError::Rejected { errors }) => errors,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    /// The one problem of a file, as (line, column, problem).
    /// Each error's line and column.
    fn places(errors: &[RowError]) -> Vec<(u64, Option<&str>)> {
        errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect()
    }

    fn only_problem(text: &str) -> (u64, Option<String>, RowProblem) {
        let errors = rejected(text);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = errors.into_iter().next().unwrap();
        (e.line, e.column, e.problem)
    }

    const HEADER: &str = "施設ID,施設名,グループID,グループ名,カテゴリ,形式";

    #[test]
    fn rich_directory_round_trips_in_both_languages() {
        let d = rich();
        d.validate().unwrap();
        for lang in [Lang::Ja, Lang::En] {
            let text = write(&d, lang);
            assert_eq!(read_ok(&text), d, "{lang:?}\n{text}");
        }
    }

    #[test]
    fn export_is_excel_friendly() {
        let text = write(&rich(), Lang::Ja);
        assert!(text.starts_with("\u{FEFF}施設ID,施設名,施設名よみ,"));
        assert!(text.ends_with("\r\n"));
        // Every line break outside quoted cells is CRLF.
        assert!(!text.replace("\r\n", "").contains('\n') || text.contains("\"一行目"));
        let lines: Vec<&str> = text.split("\r\n").collect();
        // Facility-only row for やすみば first, since the first group belongs to ひだまり.
        assert!(
            lines[1].starts_with("yasumiba-online,オンライン居場所「やすみば」,"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",,,,,,"), "{}", lines[1]);
        assert!(lines[2].starts_with(
            "hidamari-noborito,就労移行支援事業所 ひだまり登戸,ひだまりのぼりと,神奈川県,"
        ));
        assert!(lines[2].contains(",ギャンブル、家族・友人、ゲーム・ネット,パーキンソン病、ALS（筋萎縮性側索硬化症）,家族、支援者,対面・オンライン併用,"));
        assert!(lines[2].contains(",500円（資料代（コピー））,20,3,東京都,"));
        assert!(lines[2].contains(",毎月第2・4水曜日 13:00〜21:00（祝日は休み）,"));
        assert!(
            lines[2].contains(",\"申込フォームから登録\n招待メールを確認し、リンクから参加\",")
        );
        // Later rows of the same facility leave its columns blank.
        let aa = lines.iter().find(|l| l.contains("noborito-aa")).unwrap();
        assert!(
            aa.starts_with("hidamari-noborito,,,,,,,,,,,,noborito-aa,"),
            "{aa}"
        );
        assert!(aa.contains(",任意の献金・カンパ,"));
        assert!(aa.contains(",日程はお問い合わせください,"));

        let en = write(&rich(), Lang::En);
        assert!(en.starts_with("\u{FEFF}facility_id,facility_name,facility_kana,"));
        assert!(en.contains(",gambling; family; gaming,パーキンソン病; ALS（筋萎縮性側索硬化症）,family; supporter,hybrid,"));
        assert!(
            en.contains(",\"¥500 (資料代（コピー）)\",")
                || en.contains(",¥500 (資料代（コピー）),")
        );
        assert!(en.contains(",Kanagawa,"));
        assert!(en.contains(",donation,") && en.contains(",free,"));
        // The schedule stays in Japanese: it is what the parser reads.
        assert!(en.contains(",毎月第2・4水曜日 13:00〜21:00（祝日は休み）,"));
    }

    #[test]
    fn empty_directory_is_a_header_only() {
        let text = write(&Directory::default(), Lang::En);
        assert_eq!(text.matches("\r\n").count(), 1);
        assert_eq!(read_ok(&text), Directory::default());
    }

    #[test]
    fn reads_any_line_ends_mixed_headers_and_any_column_order() {
        let lf = "カテゴリ,group_id,Facility_ID,ｸﾞﾙｰﾌﾟ名,facility_name\nalcohol,g,f,名前,施設\n";
        let expected = {
            let mut d = Directory::default();
            d.facilities
                .push(Facility::new(FacilityId::new("f").unwrap(), "施設"));
            let mut g = Group::new(
                GroupId::new("g").unwrap(),
                FacilityId::new("f").unwrap(),
                "名前",
                Category::Alcohol,
            );
            g.format = Format::Online;
            d.groups.push(g);
            d
        };
        let with_format = |text: &str| {
            text.replace("facility_name\n", "facility_name,形式\n")
                .replace("施設\n", "施設,オンライン\n")
        };
        for text in [
            with_format(lf),
            with_format(lf).replace('\n', "\r\n"),
            with_format(lf).replace('\n', "\r"),
            format!("\u{FEFF}{}", with_format(lf)),
            format!("\n\n{}\n\n", with_format(lf)),
        ] {
            assert_eq!(read_ok(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn header_problems_make_the_file_unreadable() {
        let unreadable = |text: &str| match read(text, &ImportOptions::default()) {
            Err(ImportError::Unreadable(problem)) => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(unreadable(""), FileProblem::Empty);
        assert_eq!(unreadable("\u{FEFF}\r\n\r\n"), FileProblem::Empty);
        assert_eq!(
            unreadable("施設ID,グループID,グループ名,カテゴリ,色,size\n"),
            FileProblem::UnknownColumns {
                columns: vec!["色".into(), "size".into()]
            }
        );
        assert_eq!(
            unreadable("施設ID,グループID,グループ名,カテゴリ,facility_id\n"),
            FileProblem::DuplicateColumn {
                first: "施設ID".into(),
                second: "facility_id".into()
            }
        );
        let missing = unreadable("施設ID,グループ名\n");
        assert_eq!(
            missing,
            FileProblem::MissingColumns {
                columns: vec![
                    "グループID (group_id)".into(),
                    "カテゴリ (categories)".into()
                ]
            }
        );
        assert!(
            missing
                .to_string()
                .contains("グループID (group_id), カテゴリ (categories)")
        );
    }

    #[test]
    fn enum_cells_accept_codes_and_labels_in_any_width_or_case() {
        let v = Vocabularies::new();
        for text in [
            "mental_health",
            "MENTAL_HEALTH",
            "こころの健康",
            "ココロの健康",
            "Mental health",
            "ｍｅｎｔａｌ ｈｅａｌｔｈ",
        ] {
            assert_eq!(v.category.read(text), Ok(Category::MentalHealth), "{text}");
        }
        assert_eq!(
            v.option.read("Come late, leave early OK"),
            Ok(ParticipationOption::ComeAndGo)
        );
        assert_eq!(v.format.read("対面・オンライン併用"), Ok(Format::Hybrid));
        assert_eq!(
            v.audience.read("ﾎﾝﾆﾝ"),
            Err(RowProblem::UnknownValue {
                what: "audience",
                value: "ﾎﾝﾆﾝ".into(),
                accepted: "person, family, supporter, anyone".into(),
            })
        );
        assert_eq!(v.audience.read("本人"), Ok(Audience::Person));
        let message = v.category.read("AA").unwrap_err().to_string();
        assert!(
            message.starts_with("\"AA\" is not a known category; write one of alcohol, drugs,"),
            "{message}"
        );
    }

    #[test]
    fn lists_split_at_japanese_and_ascii_separators_but_not_commas() {
        let split: Vec<&str> =
            items("家族・友人、Alcohol; gambling；Drugs\nCome late, leave early OK\r\n").collect();
        assert_eq!(
            split,
            [
                "家族・友人",
                "Alcohol",
                "gambling",
                "Drugs",
                "Come late, leave early OK"
            ]
        );
        let split: Vec<&str> = steps("登録し、参加する;次へ\n最後").collect();
        assert_eq!(split, ["登録し、参加する", "次へ", "最後"]);
    }

    #[test]
    fn costs_read_in_every_form() {
        let fee = |yen, note: Option<&str>| Cost::Fee {
            yen,
            note: note.map(str::to_owned),
        };
        for (text, cost) in [
            ("無料", Cost::Free),
            ("free", Cost::Free),
            ("Free", Cost::Free),
            ("任意の献金・カンパ", Cost::Donation),
            ("献金", Cost::Donation),
            ("カンパ", Cost::Donation),
            ("ｶﾝﾊﾟ", Cost::Donation),
            ("donation", Cost::Donation),
            ("Voluntary donation", Cost::Donation),
            ("500円", fee(500, None)),
            ("500", fee(500, None)),
            ("５００円", fee(500, None)),
            ("¥500", fee(500, None)),
            ("￥1,000", fee(1000, None)),
            ("0円", fee(0, None)),
            ("500円（資料代）", fee(500, Some("資料代"))),
            ("500円 (資料代)", fee(500, Some("資料代"))),
            ("¥500 (materials)", fee(500, Some("materials"))),
            ("500円（）", fee(500, None)),
            (
                "300円（学生（高校生以下）は無料）",
                fee(300, Some("学生（高校生以下）は無料")),
            ),
        ] {
            assert_eq!(parse_cost(text), Ok(cost), "{text}");
        }
        for bad in [
            "有料",
            "円",
            "¥",
            "500ドル",
            "500円 資料代",
            "99999999999",
            "-5",
            "５００円（",
        ] {
            assert_eq!(
                parse_cost(bad),
                Err(RowProblem::BadCost { value: bad.into() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers_and_dates_read_in_every_form() {
        let people = |t: &str| parse_count::<u32>(t, &["人", "名"], "people");
        assert_eq!(people("20"), Ok(20));
        assert_eq!(people("20人"), Ok(20));
        assert_eq!(people("２０名"), Ok(20));
        for bad in ["二十", "20人くらい", "-1", "", "4294967296", "1.5"] {
            assert!(people(bad).is_err(), "{bad}");
        }
        for text in [
            "2026-11-22",
            "2026/11/22",
            "2026年11月22日",
            "２０２６年１１月２２日",
            "2026/11/22 0:00",
        ] {
            assert_eq!(parse_date(text), Ok(date(2026, 11, 22)), "{text}");
        }
        assert_eq!(parse_date("2026/1/5"), Ok(date(2026, 1, 5)));
        for bad in [
            "2026-02-30",
            "22/11/2026",
            "2026年11月",
            "令和8年11月22日",
            "tomorrow",
            "2026-11-22-1",
            "99999-1-1",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(RowProblem::BadDate { value: bad.into() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn schedule_cells_read_the_japanese_phrases() {
        for (cell, expected) in [
            ("毎月第2・4水曜日 13:00〜21:00（祝日は休み）", monthly()),
            ("毎週月曜日 19:00〜20:30", weekly()),
            ("日程はお問い合わせください", Schedule::default()),
            ("", Schedule::default()),
        ] {
            let text = format!("{HEADER},日程\nf,F,g,G,alcohol,online,{cell}\n");
            assert_eq!(read_ok(&text).groups[0].schedule, expected, "{cell}");
        }
    }

    #[test]
    fn facility_columns_fill_in_from_any_one_row() {
        let text = "\
施設ID,施設名,電話番号,グループID,グループ名,カテゴリ,形式
f,,,g1,一,alcohol,オンライン
f,施設,044,g2,二,alcohol,オンライン
f,,,,,,
f,施設,044,g3,三,alcohol,オンライン
";
        let d = read_ok(text);
        assert_eq!(d.facilities.len(), 1);
        assert_eq!(d.facilities[0].name, "施設");
        assert_eq!(d.facilities[0].contact.phone.as_deref(), Some("044"));
        assert_eq!(d.groups.len(), 3);
    }

    #[test]
    fn facility_only_rows_describe_facilities_without_groups() {
        let d = read_ok(
            "施設ID,施設名,施設都道府県,グループID,グループ名,カテゴリ\na,Ａ,宮城,,,\nb,B,,,,\n",
        );
        assert_eq!(d.facilities.len(), 2);
        assert!(d.groups.is_empty());
        assert_eq!(d.facilities[0].place, Some(place("宮城県")));
        // Full-width text is kept as written: only codes and labels are folded.
        assert_eq!(d.facilities[0].name, "Ａ");
    }

    /// Whether a problem is the one a case expects.
    type Check = fn(&RowProblem) -> bool;

    /// Each problem is reported on its line and column.
    #[test]
    fn every_row_problem_names_its_line_and_column() {
        let h = "施設ID,施設名,施設都道府県,施設市区町村,グループID,グループ名,カテゴリ,形式,定員,更新日,日程,都道府県,住所,対象";
        let ok_row = "f,F,宮城県,,g0,G,alcohol,対面,,,,,,";
        let cases: Vec<(&str, &str, Check)> = vec![
            (
                "f,,,,g,G,AA,,,,,,,",
                "カテゴリ",
                |p| matches!(p, RowProblem::UnknownValue { what: "category", value, .. } if value == "AA"),
            ),
            ("f,,,,g,G,alcohol,zoom,,,,,,", "形式", |p| {
                matches!(p, RowProblem::UnknownValue { what: "format", .. })
            }),
            ("f,,,,g,G,alcohol,,,,,,,親", "対象", |p| {
                matches!(
                    p,
                    RowProblem::UnknownValue {
                        what: "audience",
                        ..
                    }
                )
            }),
            ("f,,,,g,G,alcohol,,二十人,,,,,", "定員", |p| {
                matches!(p, RowProblem::BadNumber { .. })
            }),
            ("f,,,,g,G,alcohol,,,11/22,,,,", "更新日", |p| {
                matches!(p, RowProblem::BadDate { .. })
            }),
            ("f,,,,g,G,alcohol,,,,毎日,,,", "日程", |p| {
                matches!(p, RowProblem::UnreadableSchedule(_))
            }),
            (
                "f,,,,g,G,alcohol,,,,毎週月曜日 20:00〜19:00,,,",
                "日程",
                |p| {
                    matches!(
                        p,
                        RowProblem::InvalidSchedule(_) | RowProblem::UnreadableSchedule(_)
                    )
                },
            ),
            ("f,,,,g,,alcohol,,,,,,,", "グループ名", |p| {
                *p == RowProblem::Missing
            }),
            ("f,,,,g,G,,,,,,,,", "カテゴリ", |p| {
                *p == RowProblem::Missing
            }),
            (",,,,g,G,alcohol,,,,,,,", "施設ID", |p| {
                *p == RowProblem::Missing
            }),
            ("F!,,,,g,G,alcohol,,,,,,,", "施設ID", |p| {
                matches!(p, RowProblem::Directory(DirectoryError::InvalidId { .. }))
            }),
            ("f,,,,G 1,G,alcohol,,,,,,,", "グループID", |p| {
                matches!(p, RowProblem::Directory(DirectoryError::InvalidId { .. }))
            }),
            (
                "f,,,,g,G,alcohol,,,,,アトランティス,,",
                "都道府県",
                |p| {
                    matches!(
                        p,
                        RowProblem::Directory(DirectoryError::UnknownPrefecture { .. })
                    )
                },
            ),
            ("f,,,,g,G,alcohol,,,,,,1-2-3,", "都道府県", |p| {
                *p == RowProblem::PlaceWithoutPrefecture
            }),
            ("f,,,,g0,G,alcohol,,,,,,,", "グループID", |p| {
                matches!(
                    p,
                    RowProblem::DuplicateGroup {
                        earlier_line: 2,
                        ..
                    }
                )
            }),
            (
                "f,別の名前,,,g,G,alcohol,,,,,,,",
                "施設名",
                |p| matches!(p, RowProblem::FacilityConflict { earlier_line: 2, earlier, here, .. } if earlier == "F" && here == "別の名前"),
            ),
            ("f,,宮城,,g,G,alcohol,,,,,,,", "", |_| false),
            ("f,,,,,G,,,,,,,,", "グループ名", |p| {
                *p == RowProblem::GroupCellWithoutGroup
            }),
        ];
        for (row, column, check) in cases {
            let text = format!("{h}\n{ok_row}\n{row}\n");
            if column.is_empty() {
                // 宮城 and 宮城県 are the same prefecture: no conflict.
                assert_eq!(read_ok(&text).groups.len(), 2, "{row}");
                continue;
            }
            let (line, col, problem) = only_problem(&text);
            assert_eq!(
                (line, col.as_deref()),
                (3, Some(column)),
                "{row}: {problem:?}"
            );
            assert!(check(&problem), "{row}: {problem:?}");
        }
    }

    #[test]
    fn messages_quote_the_cell() {
        let text = format!("{HEADER},日程\nf,F,g,G,alcohol,online,\nf,,g2,G,alcohol,online,毎日\n");
        let errors = rejected(&text);
        let last = errors.last().unwrap().to_string();
        // The parser's own words follow; they name the fragment it could not read.
        assert!(
            last.starts_with("line 3, column 日程: ") && last.contains("毎日"),
            "{last}"
        );
    }

    #[test]
    fn lines_count_multi_line_cells() {
        let text =
            format!("{HEADER},説明\nf,F,g,G,alcohol,online,\"一\n二\n三\"\nf,,h,H,酒,online,\n");
        let (line, column, _) = only_problem(&text);
        assert_eq!((line, column.as_deref()), (5, Some("カテゴリ")));
        // The same with CRLF line ends, as Excel and `write()` end lines.
        let (line, column, _) = only_problem(&text.replace('\n', "\r\n"));
        assert_eq!((line, column.as_deref()), (5, Some("カテゴリ")));
        let crlf = format!("\u{feff}{HEADER}\r\nf,F,g,G,alcohol,online\r\nf,,h,H,酒,online\r\n");
        assert_eq!(only_problem(&crlf).0, 3);
    }

    #[test]
    fn directory_problems_come_back_to_their_rows() {
        // In person by default, and neither the group nor its facility has a place.
        let (line, column, problem) = only_problem(&format!("{HEADER}\nf,F,g,G,alcohol,対面\n"));
        assert_eq!((line, column.as_deref()), (2, Some("都道府県")));
        assert!(matches!(
            problem,
            RowProblem::Directory(DirectoryError::NoPlace { .. })
        ));

        // A facility that no row names.
        let errors = rejected(
            "施設ID,グループID,グループ名,カテゴリ,形式\nf,g,G,alcohol,online\nf,h,H,alcohol,online\n",
        );
        let got = places(&errors);
        assert_eq!(got, [(2, Some("施設名")), (2, None), (3, None)]);
        assert_eq!(errors[0].problem, RowProblem::Missing);
        assert!(matches!(
            errors[1].problem,
            RowProblem::FacilityLeftOut { line: 2, .. }
        ));
        assert!(
            errors[2]
                .to_string()
                .contains("left out because its facility f (line 2)"),
            "{}",
            errors[2]
        );

        // A facility city without a prefecture.
        let errors = rejected(&format!(
            "{HEADER},施設市区町村\nf,F,g,G,alcohol,online,\nf,,h,H,alcohol,online,仙台市\n"
        ));
        let got = places(&errors);
        assert_eq!(got, [(2, None), (3, Some("施設都道府県")), (3, None)]);
        assert_eq!(errors[1].problem, RowProblem::PlaceWithoutPrefecture);
    }

    #[test]
    fn web_addresses_that_are_not_http_are_refused_in_their_cells() {
        let errors = rejected(&format!(
            "{HEADER},ウェブサイト,グループURL\n\
             f,F,g,G,alcohol,online,JavaScript:alert(1),\n\
             e,E,h,H,alcohol,online,https://e.example.jp/,\"data:text/html,<script>\"\n"
        ));
        let got = places(&errors);
        assert_eq!(
            got,
            [
                (2, Some("ウェブサイト")),
                (2, None),
                (3, Some("グループURL"))
            ]
        );
        assert!(matches!(
            errors[0].problem,
            RowProblem::Directory(DirectoryError::BadFacilityUrl { .. })
        ));
        assert!(matches!(
            errors[2].problem,
            RowProblem::Directory(DirectoryError::BadGroupUrl { .. })
        ));
    }

    #[test]
    fn malformed_rows_are_reported() {
        let errors = rejected(&format!("{HEADER},\nf,F,g,G,alcohol,online,x,y\n"));
        assert_eq!(errors.len(), 2);
        for e in &errors {
            assert_eq!((e.line, e.column.as_deref()), (2, None));
            assert!(matches!(e.problem, RowProblem::Malformed { .. }));
        }
        assert!(
            errors[1]
                .to_string()
                .contains("cell 8, but the header names only 7 columns"),
            "{}",
            errors[1]
        );
        // Empty trailing cells, as spreadsheets leave them, are fine.
        let text = format!("{HEADER}\nf,F,g,G,alcohol,online,,,\n,,,,,\n");
        assert_eq!(read_ok(&text).groups.len(), 1);
        // Fewer cells than headers: the missing ones are blank.
        let text = format!("{HEADER},定員\nf,F,g,G,alcohol,online\n");
        assert_eq!(read_ok(&text).groups[0].capacity, None);
    }

    #[test]
    fn skip_bad_rows_imports_the_rest_and_lists_what_was_left_out() {
        let text = "\
施設ID,施設名,施設都道府県,グループID,グループ名,カテゴリ
a,A,宮城,a1,一,alcohol
a,,,a2,二,AA
b,B,sendai,b1,三,alcohol
b,,,b2,四,alcohol
c,C,宮城,c1,五,alcohol
";
        assert_eq!(rejected(text).len(), 4);
        let imported = read(
            text,
            &ImportOptions {
                skip_bad_rows: true,
            },
        )
        .unwrap();
        let ids: Vec<&str> = imported
            .directory
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        assert_eq!(ids, ["a1", "c1"]);
        let facilities: Vec<&str> = imported
            .directory
            .facilities
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(facilities, ["a", "c"]);
        imported.directory.validate().unwrap();
        let skipped = places(&imported.skipped);
        // Line 4 named facility b's name and prefecture; without it, b has no name, so line 5
        // goes too.
        assert_eq!(
            skipped,
            [
                (3, Some("カテゴリ")),
                (4, Some("施設都道府県")),
                (5, Some("施設名")),
                (5, None)
            ]
        );
    }

    // -----------------------------------------------------------------------------------------
    // Properties.

    /// Any one of `values`, as an owned string.
    fn one_of(values: &[&'static str]) -> impl Strategy<Value = String> + use<> {
        prop::sample::select(values.to_vec()).prop_map(str::to_owned)
    }

    fn text() -> impl Strategy<Value = String> {
        one_of(&[
            "ひだまり",
            "A, B",
            "say \"hi\"",
            "一行目\n二行目",
            "CR\r\nLF",
            "a、b；c; d",
            "=1+1",
            "ｶﾀｶﾅ",
            "😀 emoji",
            ",leading comma",
            "日程はお問い合わせください",
        ])
    }

    /// Only web addresses: anything else is a directory problem, and `directory()` is valid.
    fn web_url() -> impl Strategy<Value = String> {
        one_of(&[
            "https://hidamari.example.jp/",
            "https://hidamari.example.jp/?a=1,2;b='x'",
            "HTTP://X.JP",
            "https://例え.jp/ページ",
        ])
    }

    fn item() -> impl Strategy<Value = String> {
        one_of(&[
            "パーキンソン病",
            "Crohn's disease, type 2",
            "家族・友人",
            "en",
            "zh-Hant",
            "\"x\"",
        ])
    }

    fn step() -> impl Strategy<Value = String> {
        one_of(&[
            "申込フォームから登録",
            "招待メールを確認し、リンクから参加",
            "Zoom, then join",
            "「参加」を押す",
        ])
    }

    fn place_strategy() -> impl Strategy<Value = Place> {
        (
            1u8..=47,
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        )
            .prop_map(|(code, city, address, access)| Place {
                prefecture: Prefecture::from_code(code).unwrap(),
                city,
                address,
                access,
            })
    }

    fn date_strategy() -> impl Strategy<Value = NaiveDate> {
        (2000i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d))
    }

    fn contact() -> impl Strategy<Value = Contact> {
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(web_url()),
        )
            .prop_map(|(phone, phone_hours, email, url)| Contact {
                phone,
                phone_hours,
                email,
                url,
            })
    }

    fn cost() -> impl Strategy<Value = Cost> {
        prop_oneof![
            Just(Cost::Free),
            Just(Cost::Donation),
            (
                0u32..100_000,
                proptest::option::of(prop::sample::select(vec![
                    "資料代",
                    "materials (A4)",
                    "学生（高校生以下）は無料",
                    "A, B"
                ]))
            )
                .prop_map(|(yen, note)| Cost::Fee {
                    yen,
                    note: note.map(str::to_owned)
                }),
        ]
    }

    fn facility(i: usize) -> impl Strategy<Value = Facility> {
        (
            text(),
            proptest::option::of(text()),
            proptest::option::of(place_strategy()),
            contact(),
            proptest::option::of(date_strategy()),
        )
            .prop_map(move |(name, kana, place, contact, updated)| Facility {
                id: FacilityId::new(format!("f{i}")).unwrap(),
                name,
                kana,
                place,
                contact,
                updated,
            })
    }

    prop_compose! {
        fn group(i: usize, facilities: usize)(
            facility in 0..facilities,
            name in text(),
            kana in proptest::option::of(text()),
            categories in prop::collection::vec(prop::sample::select(Category::ALL.to_vec()), 1..4),
            diseases in prop::collection::vec(item(), 0..3),
            audience in prop::collection::vec(prop::sample::select(Audience::ALL.to_vec()), 0..3),
            format in prop::sample::select(Format::ALL.to_vec()),
            options in prop::collection::vec(
                prop::sample::select(ParticipationOption::ALL.to_vec()),
                0..4,
            ),
            cost in proptest::option::of(cost()),
            capacity in proptest::option::of(any::<u32>()),
            apply_days_before in proptest::option::of(any::<u16>()),
            place in proptest::option::of(place_strategy()),
            online in (proptest::option::of(text()), prop::collection::vec(step(), 0..3)),
            contact in contact(),
            languages in prop::collection::vec(item(), 0..3),
            schedule in prop::sample::select(vec![Schedule::default(), monthly(), weekly()]),
            notes in (
                proptest::option::of(text()),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            updated in proptest::option::of(date_strategy()),
        ) -> Group {
            let (platform, steps) = online;
            let (schedule_note, summary, description) = notes;
            Group {
                id: GroupId::new(format!("g{i}")).unwrap(),
                facility: FacilityId::new(format!("f{facility}")).unwrap(),
                name,
                kana,
                categories,
                diseases,
                audience,
                format,
                options,
                cost,
                capacity,
                apply_days_before,
                place,
                online: (platform.is_some() || !steps.is_empty())
                    .then_some(OnlineJoin { platform, steps }),
                contact,
                languages,
                schedule,
                schedule_note,
                summary,
                description,
                updated,
            }
        }
    }

    fn directory() -> impl Strategy<Value = Directory> {
        (1usize..4, 0usize..5).prop_flat_map(|(nf, ng)| {
            let facilities: Vec<_> = (0..nf).map(facility).collect();
            let groups: Vec<_> = (0..ng).map(|i| group(i, nf)).collect();
            (facilities, groups).prop_map(|(facilities, mut groups)| {
                // Keep it valid: an in-person group needs a place somewhere.
                for g in &mut groups {
                    let has_place = g.place.is_some()
                        || facilities
                            .iter()
                            .any(|f| f.id == g.facility && f.place.is_some());
                    if g.format.is_in_person() && !has_place {
                        g.format = Format::Online;
                    }
                }
                Directory { facilities, groups }
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn any_valid_directory_round_trips(d in directory(), english in any::<bool>()) {
            prop_assert_eq!(d.validate(), Ok(()));
            let lang = if english { Lang::En } else { Lang::Ja };
            let text = write(&d, lang);
            let back = read(&text, &ImportOptions::default());
            prop_assert_eq!(back, Ok(Imported { directory: d, skipped: Vec::new() }), "{}", text);
        }

        #[test]
        fn arbitrary_text_never_panics(text in any::<String>(), skip in any::<bool>()) {
            let _ = read(&text, &ImportOptions { skip_bad_rows: skip });
        }

        #[test]
        fn arbitrary_rows_never_panic(
            columns in prop::sample::subsequence(COLUMNS.to_vec(), 0..=COLUMNS.len())
                .prop_map(|mut columns| {
                    // The required columns always, so that rows get past the header.
                    for col in REQUIRED {
                        if !columns.contains(&col.names()) {
                            columns.push(col.names());
                        }
                    }
                    columns
                })
                .prop_shuffle(),
            rows in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "", "f", "g", "ｇ", "G", "alcohol", "アルコール、zz", "online", "対面", "宮城",
                        "仙台市", "500円（", "¥", "20人", "2026-02-30", "毎日",
                        "毎週月曜日 19:00〜20:30", "\"", "\"\"", "a,b", "\n", "\r", "🙂", "施設ID",
                        "-", "9999999999999999999999",
                    ]),
                    0..45,
                ),
                0..8,
            ),
            skip in any::<bool>(),
        ) {
            let mut text = String::new();
            // A mix of English and Japanese headers.
            let names: Vec<&str> = columns
                .iter()
                .map(|(en, ja)| if en.len() % 2 == 0 { *en } else { *ja })
                .collect();
            text.push_str(&names.join(","));
            for row in rows {
                text.push('\n');
                text.push_str(&row.join(","));
            }
            if let Ok(imported) = read(&text, &ImportOptions { skip_bad_rows: skip }) {
                prop_assert_eq!(imported.directory.validate(), Ok(()));
            }
        }
    }
}
