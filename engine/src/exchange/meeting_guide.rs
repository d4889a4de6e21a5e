//! The Meeting Guide JSON feed: the format in which the Meeting Guide app, the 12 Step Meeting
//! List plugin (TSML) and TSML UI share AA-style meeting lists
//! (<https://github.com/code4recovery/spec>), written from a directory and read into one.
//!
//! A feed is a JSON array of meeting objects. [`write()`] turns each group into one or more
//! meetings; [`read()`] turns each meeting into a group, under a facility per distinct `group`
//! name (else per `location`, else per meeting `name`).
//!
//! Field by field: `name` ↔ the group's name; `slug` ↔ its ID; `day` (0 = Sunday … 6, or an
//! array), `time`, `end_time` ↔ a weekly rule; `types` ↔ audience, format, options and
//! languages (below); `notes` ↔ the description; `group` (and `location`, for meetings at
//! their facility's place) ↔ the facility's name; `state` ↔ the prefecture, `city`, `address`,
//! `formatted_address` and `location_notes` ↔ the rest of the place; `url`, `contact_1_phone`,
//! `contact_1_email` (also read: `phone`, `email`) ↔ the group's contact; `updated` ↔ the
//! last-checked date; `timezone` is written as `Asia/Tokyo`.
//!
//! Types, both ways: `O` (open: audience empty or どなたでも), `C` (closed: audience 本人 only),
//! `ONL` (online or hybrid), `X` (車いす可), `BE` (初めての方歓迎), `W` (女性限定), `BA` (託児あり:
//! the spec's "Babysitting Available", which it allows to be labelled "Child Care Available";
//! `CF`, "Child-Friendly", promises something else and is not used) and the spec's language
//! codes (`JA`, `EN`, `S` …). Read only: `TC` (location temporarily closed) and `AL-AN`
//! (concurrent with Al-Anon: the group also gets the family category). Other codes are ignored,
//! as the spec asks of importers.
//!
//! Reading decides the format from the meeting: online when it has a `conference_url`, a
//! `conference_phone` or the `ONL` type; in person when it has a street address (`address` or
//! `formatted_address`) that is neither `approximate` nor under `TC`; hybrid when both.
//!
//! # What is lost
//!
//! Writing (directory → feed):
//! - Meeting Guide knows weekly meetings only. Each weekday of each weekly or monthly-by-weekday
//!   rule becomes one meeting, with `day`, `time` and `end_time`. Everything else a schedule
//!   can say — which weeks of the month (第2・4), every other week or month (隔週, 隔月), days of
//!   the month (毎月10日), dated sessions, first and last dates, exception dates, public
//!   holidays (祝日は休み) — has no field: whenever a schedule has any of it, each of the group's
//!   meetings carries the whole schedule in Japanese words in `notes`
//!   (「日程: 毎月第2・4水曜日 13:00〜21:00（祝日は休み）」), and a meeting whose rule is not
//!   every week starts its notes with 「毎週の開催ではありません。」 so that nobody takes the
//!   weekday at face value. A group whose schedule names no weekday (by appointment, days of
//!   the month, dated sessions only) becomes one meeting without `day` and `time`, which the
//!   spec treats as "by appointment".
//! - Slugs: the group ID when the group becomes one meeting; otherwise the ID plus `-mon` …
//!   `-sun`, with the rule's number before the weekday when two rules share one (`-1-wed`,
//!   `-2-wed`), and `-2`, `-3` … should a slug clash with another group's. A slug may exceed
//!   the spec's suggested 64 characters when the group ID is near that length.
//! - No `conference_url`: tsunagu keeps join steps, not links, because the link is usually sent
//!   after sign-up. The tool and steps go into `notes` (「オンライン参加方法: Zoom / …」), so TSML
//!   sites, which want a link or a phone number, do not list the meeting as joinable online.
//! - `ONL` is not in the spec's reserved list (the spec tells online meetings by their link);
//!   TSML sites understand it, other importers ignore it.
//! - Online-only groups get an approximate address (prefecture and city, `approximate: "yes"`)
//!   when they or their facility have a place, and none otherwise, in which case the Meeting
//!   Guide app, which needs geography, skips them.
//! - The facility appears only as the `group` name (and `location`): its kana, its own contact
//!   details where the group has its own, and the difference between a group's own place and
//!   its facility's are not written. The group's contact is its own details, else the
//!   facility's; phone hours are not written.
//! - Not written at all: kana readings, categories, diseases, audiences other than 本人 alone
//!   or anyone, options without a type code (匿名, カメラオフ, 聞くだけ, 途中参加・退出, 要予約),
//!   cost, capacity, how many days before to apply, languages without a spec code, and the
//!   summary when there is a description (`notes` holds the schedule words, the schedule note,
//!   the join steps and the description, else the summary, as plain text).
//!
//! Reading (feed → directory):
//! - One group per meeting: a group written as several meetings comes back as several groups,
//!   each with a plain weekly rule, and the schedule words in `notes` come back as part of the
//!   description, not as rules.
//! - Times are taken as Tokyo time whatever `timezone` says. A meeting that ends after midnight
//!   cannot be represented and is reported, as is a day without a time or a time without a day.
//! - The conference link is not kept, for the reason above; its platform is guessed from the
//!   link's host (Zoom, Google Meet, Microsoft Teams, Webex), and `conference_url_notes`,
//!   `conference_phone` and `conference_phone_notes` become join steps.
//! - A meeting under `TC` with no online details has nothing to attend and is reported.
//! - Every group gets [`MeetingGuideOptions::category`] (plus the family category for `AL-AN`);
//!   audience, options and languages come only from the type codes above, and a meeting with
//!   no language code (or only `JA`) reads as Japanese only.
//! - The place keeps the prefecture (from `state`, else found in `formatted_address`), city,
//!   street address and, as access, `location` (when it differs from the facility's name) and
//!   `location_notes`. Postal code, country, region, sub-region, latitude and longitude are
//!   dropped. A meeting in person without a recognisable prefecture is reported; an online
//!   one just has no place. A place all of a facility's groups share moves to the facility.
//! - Not read: `group_notes`, `entity_*`, `feedback_*`, `edit_url`, `contact_2_*` and later,
//!   payment handles, and anything else not named above.
//! - Identifiers are made from `slug` (else `name`) for groups and from the facility's name
//!   for facilities: lowercased, other characters turned into hyphens, at most 64 characters.
//!   Text that is not plain ASCII gives `facility-1`, `facility-2` … in feed order (groups:
//!   `meeting-` and the meeting's position), and repeats get `-2`, `-3` …, so the same feed
//!   always gives the same IDs.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;
use serde_json::{Map, Value};
use tsunagu_contract::directory::{
    Audience, Category, Contact, Directory, DirectoryError, Facility, FacilityId, Format, Group,
    GroupId, OnlineJoin, ParticipationOption, Place, Prefecture,
};
use tsunagu_contract::schedule::{ClockTime, Repeat, Rule, Schedule, ScheduleError};

use super::csv::parse_date;
use super::{Assembly, Entity, FileKind, FileProblem, ImportError, Imported, RowProblem};
use crate::schedule::words;

/// How to read a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingGuideOptions {
    /// Leave bad meetings out and import the rest, instead of importing nothing.
    pub skip_bad_rows: bool,
    /// The category every imported group gets, since a feed has none: e.g.
    /// [`Category::Alcohol`] for an AA feed.
    pub category: Category,
}

impl MeetingGuideOptions {
    /// Strict reading with this category.
    pub fn new(category: Category) -> MeetingGuideOptions {
        MeetingGuideOptions {
            skip_bad_rows: false,
            category,
        }
    }
}

/// The spec's language type codes by BCP 47 primary language subtag.
const LANGUAGES: [(&str, &str); 39] = [
    ("af", "AF"),
    ("am", "AM"),
    ("ar", "AR"),
    ("bg", "BG"),
    ("da", "DA"),
    ("de", "DE"),
    ("el", "EL"),
    ("en", "EN"),
    ("fa", "FA"),
    ("fi", "FI"),
    ("fr", "FR"),
    ("he", "HE"),
    ("hi", "HI"),
    ("hr", "HR"),
    ("hu", "HU"),
    ("is", "IS"),
    ("it", "ITA"),
    ("ja", "JA"),
    ("ka", "KA"),
    ("ko", "KOR"),
    ("lt", "LT"),
    ("ml", "ML"),
    ("mt", "MT"),
    ("ne", "NE"),
    ("nl", "NL"),
    ("no", "NO"),
    ("nb", "NO"),
    ("pl", "POL"),
    ("pt", "POR"),
    ("pa", "PUN"),
    ("ru", "RUS"),
    ("es", "S"),
    ("sk", "SK"),
    ("sl", "SL"),
    ("sv", "SV"),
    ("th", "TH"),
    ("tl", "TL"),
    ("tr", "TUR"),
    ("uk", "UK"),
];

/// Participation options with a type code.
const OPTION_TYPES: [(ParticipationOption, &str); 4] = [
    (ParticipationOption::WheelchairAccessible, "X"),
    (ParticipationOption::FirstTimersWelcome, "BE"),
    (ParticipationOption::WomenOnly, "W"),
    (ParticipationOption::Childcare, "BA"),
];

// ---------------------------------------------------------------------------------------------
// Writing.

/// One meeting as the spec names its fields.
#[derive(Debug, Clone, Serialize)]
struct Meeting {
    name: String,
    slug: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    timezone: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formatted_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approximate: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_1_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_1_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_1_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
}

/// The directory as a Meeting Guide feed (a pretty-printed JSON array); see the module
/// documentation for what a feed cannot carry.
pub fn write(directory: &Directory) -> String {
    let mut meetings = Vec::new();
    let mut slugs = HashSet::new();
    for group in &directory.groups {
        meetings_of(directory, group, &mut slugs, &mut meetings);
    }
    // Strings, numbers and arrays of them always serialise; the fallback is never taken.
    serde_json::to_string_pretty(&meetings).unwrap_or_else(|_| "[]".to_owned())
}

/// Sunday = 0 … Saturday = 6, as the spec counts.
fn day_number(day: Weekday) -> u8 {
    u8::try_from(day.num_days_from_sunday()).unwrap_or(0)
}

fn weekday_slug(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn hh_mm(time: ClockTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

fn every_week(rule: &Rule) -> bool {
    matches!(rule.repeat, Repeat::Weekly { interval: 1, .. })
}

/// Whether `day` and `time` say everything about the schedule.
fn weekly_only(schedule: &Schedule) -> bool {
    schedule.rules.iter().all(every_week)
        && schedule.dates.is_empty()
        && schedule.except.is_empty()
        && schedule.starts.is_none()
        && schedule.until.is_none()
        && !schedule.skip_holidays
}

fn types_of(group: &Group) -> Vec<&'static str> {
    let mut types = Vec::new();
    if group.audience.is_empty() || group.audience.contains(&Audience::Anyone) {
        types.push("O");
    } else if group.audience.iter().all(|a| *a == Audience::Person) {
        types.push("C");
    }
    if group.format.is_online() {
        types.push("ONL");
    }
    for (option, code) in OPTION_TYPES {
        if group.options.contains(&option) {
            types.push(code);
        }
    }
    if group.languages.is_empty() {
        types.push("JA");
    }
    for tag in &group.languages {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if let Some((_, code)) = LANGUAGES
            .iter()
            .find(|(subtag, _)| subtag.eq_ignore_ascii_case(primary))
            && !types.contains(code)
        {
            types.push(code);
        }
    }
    types
}

/// The group's meetings: one per weekday of each rule that names weekdays, else one by
/// appointment.
fn meetings_of(
    directory: &Directory,
    group: &Group,
    slugs: &mut HashSet<String>,
    out: &mut Vec<Meeting>,
) {
    let facility = directory.facility(&group.facility);
    let facility_name = facility.map(|f| f.name.clone()).unwrap_or_default();
    let schedule = &group.schedule;
    let slots: Vec<(usize, Weekday, &Rule)> = schedule
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, rule)| {
            let weekdays: &[Weekday] = match &rule.repeat {
                Repeat::Weekly { weekdays, .. } | Repeat::MonthlyByWeekday { weekdays, .. } => {
                    weekdays
                }
                Repeat::MonthlyByDay { .. } => &[],
            };
            weekdays.iter().map(move |day| (i, *day, rule))
        })
        .collect();
    let shared_weekday = |day: Weekday| slots.iter().filter(|(_, d, _)| *d == day).count() > 1;

    let lossy = !weekly_only(schedule);
    let mut tail = Vec::new();
    if lossy {
        tail.push(format!("日程: {}", words::schedule_ja(schedule)));
    }
    tail.extend(group.schedule_note.clone());
    if let Some(online) = &group.online {
        let mut how: Vec<&str> = online.platform.iter().map(String::as_str).collect();
        how.extend(online.steps.iter().map(String::as_str));
        if !how.is_empty() {
            tail.push(format!("オンライン参加方法: {}", how.join(" / ")));
        }
    }
    tail.extend(group.description.clone().or_else(|| group.summary.clone()));

    let base = base_meeting(directory, group, &facility_name);
    let mut push = |slug: String, rule: Option<(Weekday, &Rule)>| {
        let mut notes = Vec::new();
        if rule.is_some_and(|(_, rule)| !every_week(rule)) {
            notes.push("毎週の開催ではありません。".to_owned());
        }
        notes.extend(tail.iter().cloned());
        out.push(Meeting {
            slug: unique(&slug, slugs),
            day: rule.map(|(day, _)| day_number(day)),
            time: rule.map(|(_, r)| hh_mm(r.start)),
            end_time: rule.and_then(|(_, r)| r.end.map(hh_mm)),
            notes: (!notes.is_empty()).then(|| notes.join("\n")),
            ..base.clone()
        });
    };
    match slots.as_slice() {
        [] => push(group.id.to_string(), None),
        [(_, day, rule)] => push(group.id.to_string(), Some((*day, rule))),
        _ => {
            for (i, day, rule) in &slots {
                let slug = if shared_weekday(*day) {
                    format!("{}-{}-{}", group.id, i + 1, weekday_slug(*day))
                } else {
                    format!("{}-{}", group.id, weekday_slug(*day))
                };
                push(slug, Some((*day, rule)));
            }
        }
    }
}

/// Everything about a group's meetings but the slug, day, time and notes.
fn base_meeting(directory: &Directory, group: &Group, facility_name: &str) -> Meeting {
    let contact = directory.contact_of(group);
    let updated = group
        .updated
        .or_else(|| directory.facility(&group.facility).and_then(|f| f.updated));
    let mut meeting = Meeting {
        name: group.name.clone(),
        slug: String::new(),
        day: None,
        time: None,
        end_time: None,
        timezone: "Asia/Tokyo",
        types: types_of(group),
        notes: None,
        group: facility_name.to_owned(),
        location: None,
        location_notes: None,
        formatted_address: None,
        address: None,
        city: None,
        state: None,
        country: None,
        approximate: None,
        url: contact.url.clone(),
        contact_1_name: (contact.phone.is_some() || contact.email.is_some())
            .then(|| facility_name.to_owned()),
        contact_1_phone: contact.phone.clone(),
        contact_1_email: contact.email.clone(),
        // A date in Tokyo; midnight UTC is 9:00 the same day there, so it reads back the same.
        updated: updated.map(|d| format!("{} 00:00:00", d.format("%Y-%m-%d"))),
    };
    if let Some(place) = directory.place_of(group) {
        meeting.state = Some(place.prefecture.name_ja().to_owned());
        meeting.city = place.city.clone();
        meeting.country = Some("JP");
        if group.format.is_in_person() {
            meeting.address = place.address.clone();
            meeting.formatted_address = Some(place.one_line());
            meeting.location_notes = place.access.clone();
            if group.place.is_none() {
                meeting.location = Some(facility_name.to_owned());
            }
        } else {
            let mut area = place.prefecture.name_ja().to_owned();
            area.push_str(place.city.as_deref().unwrap_or_default());
            meeting.formatted_address = Some(area);
            meeting.approximate = Some("yes");
        }
    }
    meeting
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// The fields of one meeting, read leniently (a number where a string is expected is taken as
/// text; `null` is absent) and with each problem recorded against its field.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    problems: Vec<(&'static str, RowProblem)>,
}

impl Fields<'_> {
    /// Reports a missing field, unless it is already reported as unreadable.
    fn missing(&mut self, key: &'static str) {
        if !self.problems.iter().any(|(field, _)| *field == key) {
            self.problems.push((key, RowProblem::Missing));
        }
    }

    fn text(&mut self, key: &'static str) -> Option<String> {
        match self.object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_owned())
            }
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                self.problems.push((
                    key,
                    RowProblem::WrongType {
                        expected: "a string",
                    },
                ));
                None
            }
        }
    }

    fn time(&mut self, key: &'static str) -> Option<ClockTime> {
        let text = self.text(key)?;
        // HH:MM, as the spec says; HH:MM:SS, as some databases export it.
        let clock = match text.matches(':').count() {
            2 => text.rsplit_once(':').map_or(text.as_str(), |(hm, _)| hm),
            _ => text.as_str(),
        };
        match ClockTime::parse(clock) {
            Ok(time) => Some(time),
            Err(_) => {
                self.problems.push((
                    key,
                    RowProblem::InvalidSchedule(ScheduleError::InvalidTime { value: text }),
                ));
                None
            }
        }
    }

    fn days(&mut self) -> Vec<Weekday> {
        let values: Vec<&Value> = match self.object.get("day") {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
        };
        let mut days = Vec::new();
        for value in values {
            let number = match value {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            let day = match number {
                Some(0) => Some(Weekday::Sun),
                Some(1) => Some(Weekday::Mon),
                Some(2) => Some(Weekday::Tue),
                Some(3) => Some(Weekday::Wed),
                Some(4) => Some(Weekday::Thu),
                Some(5) => Some(Weekday::Fri),
                Some(6) => Some(Weekday::Sat),
                _ => None,
            };
            match day {
                Some(day) if !days.contains(&day) => days.push(day),
                Some(_) => {}
                None => self.problems.push((
                    "day",
                    RowProblem::BadDay {
                        value: value.to_string(),
                    },
                )),
            }
        }
        days
    }

    fn types(&mut self) -> Vec<String> {
        match self.object.get("types") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str())
                .map(|s| s.trim().to_ascii_uppercase())
                .collect(),
            // Not the spec, but what a spreadsheet-backed feed sometimes sends.
            Some(Value::String(s)) => s
                .split(',')
                .map(|t| t.trim().to_ascii_uppercase())
                .filter(|t| !t.is_empty())
                .collect(),
            Some(_) => {
                self.problems.push((
                    "types",
                    RowProblem::WrongType {
                        expected: "an array of type codes",
                    },
                ));
                Vec::new()
            }
        }
    }

    fn updated(&mut self) -> Option<NaiveDate> {
        let text = self.text("updated")?;
        // A UTC timestamp, as the spec says; the date that matters is Tokyo's.
        if let Ok(at) = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S") {
            return Some((at + Duration::hours(9)).date());
        }
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(problem) => {
                self.problems.push(("updated", problem));
                None
            }
        }
    }
}

/// A good meeting, before facilities are assigned.
struct Draft {
    line: u64,
    facility: String,
    slug: Option<String>,
    group: Group,
}

/// Reads a Meeting Guide feed into a directory; see the module documentation for what is kept.
/// Problems are reported by the meeting's 1-based position in the array and the field name.
pub fn read(json: &str, options: &MeetingGuideOptions) -> Result<Imported, ImportError> {
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    let value: Value = serde_json::from_str(json).map_err(|e| FileProblem::Json {
        message: e.to_string(),
    })?;
    let meetings = match value {
        Value::Array(meetings) => meetings,
        Value::Object(_) => return Err(FileProblem::NotArray { found: "an object" }.into()),
        Value::String(_) => return Err(FileProblem::NotArray { found: "a string" }.into()),
        Value::Number(_) => return Err(FileProblem::NotArray { found: "a number" }.into()),
        Value::Bool(_) => {
            return Err(FileProblem::NotArray {
                found: "true or false",
            }
            .into());
        }
        Value::Null => return Err(FileProblem::NotArray { found: "null" }.into()),
    };
    let mut assembly = Assembly::new(FileKind::MeetingGuide);
    let mut drafts = Vec::new();
    for (i, meeting) in meetings.iter().enumerate() {
        let line = u64::try_from(i).map_or(u64::MAX, |i| i.saturating_add(1));
        let Value::Object(object) = meeting else {
            assembly.error(
                line,
                None,
                RowProblem::Malformed {
                    detail: "a meeting must be a JSON object".to_owned(),
                },
            );
            continue;
        };
        match read_meeting(object, line, options) {
            Ok(draft) => drafts.push(draft),
            Err(problems) => {
                for (field, problem) in problems {
                    assembly.error(line, Some(field.to_owned()), problem);
                }
            }
        }
    }
    assign_ids(drafts, &mut assembly);
    assembly.finish(
        &super::ImportOptions {
            skip_bad_rows: options.skip_bad_rows,
        },
        |problem, entity| {
            let field = match problem {
                DirectoryError::NoPlace { .. } | DirectoryError::UnknownPrefecture { .. } => {
                    "state"
                }
                DirectoryError::Schedule { .. } => "time",
                DirectoryError::EmptyName { .. } if entity == Entity::Facility => "group",
                DirectoryError::EmptyName { .. } => "name",
                DirectoryError::DuplicateGroup { .. } | DirectoryError::InvalidId { .. } => "slug",
                DirectoryError::BadGroupUrl { .. } => "url",
                DirectoryError::BadFacilityUrl { .. }
                | DirectoryError::NoCategory { .. }
                | DirectoryError::DuplicateFacility { .. }
                | DirectoryError::UnknownFacility { .. } => return None,
            };
            Some(field.to_owned())
        },
    )
}

/// Finds a prefecture in free text: 「神奈川県川崎市…」 or "Kawasaki, Kanagawa 214-0014, Japan".
/// Returns it with the text after its Japanese name, when the text is written that way.
fn prefecture_in(text: &str) -> Option<(Prefecture, Option<String>)> {
    for prefecture in Prefecture::all() {
        if let Some((_, rest)) = text.split_once(prefecture.name_ja()) {
            let rest = rest.trim_start_matches([',', '、', ' ']).trim();
            return Some((prefecture, (!rest.is_empty()).then(|| rest.to_owned())));
        }
    }
    text.split([',', '、'])
        .map(|part| {
            part.trim()
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ')
        })
        .find_map(|part| Prefecture::parse(part).ok())
        .map(|p| (p, None))
}

/// The platform of a conference link, from its host.
fn platform_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let known = [
        ("zoom.us", "Zoom"),
        ("meet.google.com", "Google Meet"),
        ("teams.microsoft.com", "Microsoft Teams"),
        ("teams.live.com", "Microsoft Teams"),
        ("webex.com", "Webex"),
    ];
    known
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map(|(_, name)| (*name).to_owned())
}

/// Checks one meeting and turns it into a group (with placeholder identifiers, assigned once
/// the whole feed is read).
fn read_meeting(
    object: &Map<String, Value>,
    line: u64,
    options: &MeetingGuideOptions,
) -> Result<Draft, Vec<(&'static str, RowProblem)>> {
    let mut f = Fields {
        object,
        problems: Vec::new(),
    };
    let name = f.text("name");
    if name.is_none() {
        f.missing("name");
    }
    let slug = f.text("slug");
    let days = f.days();
    let start = f.time("time");
    let end = f.time("end_time");
    let types = f.types();
    let has = |code: &str| types.iter().any(|t| t == code);
    let group_name = f.text("group");
    let location = f.text("location");
    let location_notes = f.text("location_notes");
    let formatted = f.text("formatted_address");
    let address = f.text("address");
    let city = f.text("city");
    let state = f.text("state");
    let approximate = match object.get("approximate") {
        // The spec says "yes" or "no"; some feeds send a JSON boolean.
        Some(Value::Bool(b)) => *b,
        _ => f
            .text("approximate")
            .is_some_and(|a| a.eq_ignore_ascii_case("yes") || a.eq_ignore_ascii_case("true")),
    };
    let conference_url = f.text("conference_url");
    let conference_url_notes = f.text("conference_url_notes");
    let conference_phone = f.text("conference_phone");
    let conference_phone_notes = f.text("conference_phone_notes");
    let notes = f.text("notes");
    let url = f.text("url");
    let phone = f.text("contact_1_phone").or_else(|| f.text("phone"));
    let email = f.text("contact_1_email").or_else(|| f.text("email"));
    let updated = f.updated();

    let online = conference_url.is_some() || conference_phone.is_some() || has("ONL");
    let street = address.is_some() || formatted.is_some();
    let in_person = street && !approximate && !has("TC");
    let format = match (in_person, online) {
        (true, true) => Format::Hybrid,
        (false, true) => Format::Online,
        _ if has("TC") => {
            f.problems.push(("types", RowProblem::Inactive));
            Format::InPerson
        }
        _ => Format::InPerson,
    };

    let facility = group_name
        .clone()
        .or_else(|| location.clone())
        .or_else(|| name.clone())
        .unwrap_or_default();
    let mut access: Vec<String> = Vec::new();
    if let Some(location) = &location
        && *location != facility
    {
        access.push(location.clone());
    }
    access.extend(location_notes);
    let access = (!access.is_empty()).then(|| access.join(" / "));
    let place = match &state {
        Some(state) => match Prefecture::parse(state) {
            Ok(prefecture) => Some(Place {
                prefecture,
                city,
                address: address.clone().or_else(|| {
                    formatted
                        .as_deref()
                        .and_then(prefecture_in)
                        .and_then(|(_, rest)| rest)
                }),
                access,
            }),
            Err(problem) => {
                if format.is_in_person() {
                    f.problems.push(("state", problem.into()));
                }
                None
            }
        },
        None => match formatted.as_deref().and_then(prefecture_in) {
            Some((prefecture, rest)) => Some(Place {
                prefecture,
                city,
                address: address.clone().or(rest).or(formatted.clone()),
                access,
            }),
            None => {
                if format.is_in_person() {
                    f.missing("state");
                }
                None
            }
        },
    };

    let mut schedule = Schedule::default();
    match (days.is_empty(), start) {
        (true, None) => {}
        (false, Some(start)) => {
            schedule.rules.push(Rule {
                repeat: Repeat::Weekly {
                    weekdays: days,
                    interval: 1,
                },
                start,
                end,
            });
            if let Err(problem) = schedule.validate() {
                f.problems.push(("end_time", problem.into()));
            }
        }
        (true, Some(_)) => f.missing("day"),
        (false, None) => f.missing("time"),
    }

    let mut steps = Vec::new();
    steps.extend(conference_url_notes);
    if let Some(phone) = conference_phone {
        steps.push(phone);
    }
    steps.extend(conference_phone_notes);
    let platform = conference_url.as_deref().and_then(platform_of);
    let join = (platform.is_some() || !steps.is_empty()).then_some(OnlineJoin { platform, steps });

    let mut categories = vec![options.category];
    if has("AL-AN") && !categories.contains(&Category::Family) {
        categories.push(Category::Family);
    }
    let audience = if has("C") && !has("O") {
        vec![Audience::Person]
    } else {
        Vec::new()
    };
    let participation = OPTION_TYPES
        .iter()
        .filter(|(_, code)| has(code))
        .map(|(option, _)| *option)
        .collect();
    let mut languages: Vec<String> = Vec::new();
    for t in &types {
        if let Some((tag, _)) = LANGUAGES.iter().find(|(_, code)| code == t)
            && !languages.iter().any(|l| l == tag)
        {
            languages.push((*tag).to_owned());
        }
    }
    if languages == ["ja"] {
        languages.clear();
    }

    if !f.problems.is_empty() {
        return Err(f.problems);
    }
    let (Some(name), Ok(placeholder), Ok(no_facility)) =
        (name, GroupId::new("x"), FacilityId::new("x"))
    else {
        return Err(vec![("name", RowProblem::Missing)]);
    };
    let mut group = Group::new(placeholder, no_facility, name, options.category);
    group.categories = categories;
    group.audience = audience;
    group.format = format;
    group.options = participation;
    group.place = place;
    group.online = join.filter(|_| format.is_online());
    group.contact = Contact {
        phone,
        phone_hours: None,
        email,
        url,
    };
    group.languages = languages;
    group.schedule = schedule;
    group.description = notes;
    group.updated = updated;
    Ok(Draft {
        line,
        facility,
        slug,
        group,
    })
}

/// Lowercase ASCII letters and digits with single inner hyphens, at most 64 characters; empty
/// when the text has no ASCII letter or digit.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.chars().take(64).collect();
    out.trim_end_matches('-').to_owned()
}

/// The slug of a plain-ASCII text; `None` for other text, whose slug would keep only its
/// stray Latin letters and digits.
fn ascii_slug(text: &str) -> Option<String> {
    let slug = slugify(text);
    (text.is_ascii() && !slug.is_empty()).then_some(slug)
}

/// `base`, or `base-2`, `base-3` … whichever is not taken yet, within 64 characters.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(base.to_owned()) {
        return base.to_owned();
    }
    let mut n = 2u64;
    loop {
        let suffix = format!("-{n}");
        let room = 64usize.saturating_sub(suffix.len());
        let stem: String = base.chars().take(room).collect();
        let candidate = format!("{}{suffix}", stem.trim_end_matches('-'));
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Gives facilities and groups their identifiers, in feed order, and moves a place all of a
/// facility's groups share up to the facility.
fn assign_ids(drafts: Vec<Draft>, assembly: &mut Assembly) {
    let mut facility_ids: HashMap<String, FacilityId> = HashMap::new();
    let mut taken_facilities = HashSet::new();
    let mut taken_groups = HashSet::new();
    let mut unnamed = 0;
    for draft in drafts {
        let facility = match facility_ids.get(&draft.facility) {
            Some(id) => id.clone(),
            None => {
                let base = ascii_slug(&draft.facility).unwrap_or_else(|| {
                    unnamed += 1;
                    format!("facility-{unnamed}")
                });
                let id = match FacilityId::new(unique(&base, &mut taken_facilities)) {
                    Ok(id) => id,
                    // Not expected (the base is a slug), but reported rather than lost.
                    Err(problem) => {
                        assembly.error(draft.line, Some("group".to_owned()), problem.into());
                        continue;
                    }
                };
                facility_ids.insert(draft.facility.clone(), id.clone());
                assembly.facilities.push((
                    Facility::new(id.clone(), draft.facility.clone()),
                    draft.line,
                ));
                id
            }
        };
        let base = draft
            .slug
            .as_deref()
            .and_then(ascii_slug)
            .or_else(|| ascii_slug(&draft.group.name))
            .unwrap_or_else(|| format!("meeting-{}", draft.line));
        let id = match GroupId::new(unique(&base, &mut taken_groups)) {
            Ok(id) => id,
            Err(problem) => {
                assembly.error(draft.line, Some("slug".to_owned()), problem.into());
                continue;
            }
        };
        let mut group = draft.group;
        group.id = id;
        group.facility = facility;
        assembly.groups.push((group, draft.line));
    }
    for (facility, _) in &mut assembly.facilities {
        let mut places = assembly
            .groups
            .iter()
            .filter(|(g, _)| g.facility == facility.id)
            .filter_map(|(g, _)| g.place.as_ref());
        let Some(first) = places.next().cloned() else {
            continue;
        };
        if places.all(|p| *p == first) {
            for (group, _) in &mut assembly.groups {
                if group.facility == facility.id {
                    group.place = None;
                }
            }
            facility.place = Some(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::exchange::RowError;
    use crate::schedule::fixtures::{self, nth, rule, t};

    fn weekly(days: &[Weekday], start: ClockTime, end: Option<ClockTime>) -> Rule {
        rule(fixtures::weekly(days), start, end)
    }

    fn kanagawa() -> Place {
        Place {
            prefecture: Prefecture::parse("神奈川県").unwrap(),
            city: Some("川崎市多摩区".into()),
            address: Some("登戸1-2-3 ひだまりビル2階".into()),
            access: Some("登戸駅から徒歩5分".into()),
        }
    }

    fn directory(groups: Vec<Group>) -> Directory {
        let mut f = Facility::new(FacilityId::new("hidamari").unwrap(), "ひだまり登戸");
        f.place = Some(kanagawa());
        f.contact.phone = Some("044-000-1234".into());
        f.updated = NaiveDate::from_ymd_opt(2026, 11, 22);
        Directory {
            facilities: vec![f],
            groups,
        }
    }

    fn group(id: &str) -> Group {
        let mut g = Group::new(
            GroupId::new(id).unwrap(),
            FacilityId::new("hidamari").unwrap(),
            "登戸ミーティング",
            Category::Alcohol,
        );
        g.format = Format::InPerson;
        g
    }

    fn feed(d: &Directory) -> Vec<Value> {
        let text = write(d);
        match serde_json::from_str(&text).unwrap() {
            Value::Array(meetings) => meetings,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_weekly_group_is_one_plain_meeting() {
        let mut g = group("noborito-aa");
        g.schedule
            .rules
            .push(weekly(&[Weekday::Fri], t(9, 0), Some(t(20, 30))));
        g.options = vec![
            ParticipationOption::WheelchairAccessible,
            ParticipationOption::Childcare,
        ];
        g.description = Some("本名を名乗る必要はありません。".into());
        let meetings = feed(&directory(vec![g]));
        assert_eq!(
            meetings,
            [json!({
                "name": "登戸ミーティング",
                "slug": "noborito-aa",
                "day": 5,
                "time": "09:00",
                "end_time": "20:30",
                "timezone": "Asia/Tokyo",
                "types": ["O", "X", "BA", "JA"],
                "notes": "本名を名乗る必要はありません。",
                "group": "ひだまり登戸",
                "location": "ひだまり登戸",
                "location_notes": "登戸駅から徒歩5分",
                "formatted_address": "神奈川県川崎市多摩区登戸1-2-3 ひだまりビル2階",
                "address": "登戸1-2-3 ひだまりビル2階",
                "city": "川崎市多摩区",
                "state": "神奈川県",
                "country": "JP",
                "contact_1_name": "ひだまり登戸",
                "contact_1_phone": "044-000-1234",
                "updated": "2026-11-22 00:00:00",
            })]
        );
    }

    #[test]
    fn what_a_week_cannot_say_goes_into_the_notes() {
        let mut g = group("family");
        g.schedule = Schedule {
            rules: vec![rule(
                nth(&[Weekday::Wed], &[2, 4]),
                t(13, 0),
                Some(t(21, 0)),
            )],
            skip_holidays: true,
            ..Schedule::default()
        };
        g.schedule_note = Some("8月は休み".into());
        let meetings = feed(&directory(vec![g]));
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0]["day"], 3);
        assert_eq!(
            meetings[0]["notes"],
            "毎週の開催ではありません。\n日程: 毎月第2・4水曜日 13:00〜21:00（祝日は休み）\n8月は休み"
        );

        // Weekly, but not on holidays: the day is right, the words still say the rest.
        let mut g = group("mon");
        g.schedule
            .rules
            .push(weekly(&[Weekday::Mon], t(19, 0), None));
        g.schedule.skip_holidays = true;
        let meetings = feed(&directory(vec![g]));
        assert_eq!(
            meetings[0]["notes"],
            "日程: 毎週月曜日 19:00〜（祝日は休み）"
        );
        assert!(meetings[0].get("end_time").is_none());
    }

    #[test]
    fn slugs_follow_weekdays_and_rules() {
        let mut two_days = group("g");
        two_days
            .schedule
            .rules
            .push(weekly(&[Weekday::Mon, Weekday::Thu], t(19, 0), None));
        let mut shared = group("h");
        shared
            .schedule
            .rules
            .push(weekly(&[Weekday::Wed], t(10, 0), None));
        shared
            .schedule
            .rules
            .push(weekly(&[Weekday::Wed, Weekday::Sun], t(19, 0), None));
        let appointment = group("by-appointment");
        let mut clash = group("g-mon");
        clash
            .schedule
            .rules
            .push(weekly(&[Weekday::Tue], t(19, 0), None));
        let mut dated = group("dated");
        dated
            .schedule
            .dates
            .push(tsunagu_contract::schedule::Session {
                date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                start: t(13, 0),
                end: None,
            });
        let meetings = feed(&directory(vec![
            two_days,
            shared,
            appointment,
            clash,
            dated,
        ]));
        let slugs: Vec<&str> = meetings
            .iter()
            .map(|m| m["slug"].as_str().unwrap())
            .collect();
        assert_eq!(
            slugs,
            [
                "g-mon",
                "g-thu",
                "h-1-wed",
                "h-2-wed",
                "h-sun",
                "by-appointment",
                "g-mon-2",
                "dated"
            ]
        );
        let days: Vec<Value> = meetings.iter().map(|m| m["day"].clone()).collect();
        assert_eq!(
            days,
            [
                json!(1),
                json!(4),
                json!(3),
                json!(3),
                json!(0),
                Value::Null,
                json!(2),
                Value::Null
            ]
        );
        assert!(meetings[5].get("notes").is_none());
        assert_eq!(meetings[7]["notes"], "日程: 2026年12月5日(土) 13:00〜");
    }

    #[test]
    fn format_audience_and_languages_become_types() {
        let mut online = group("online");
        online.format = Format::Online;
        online.audience = vec![Audience::Person];
        online.languages = vec!["en-US".into(), "ja".into(), "tlh".into()];
        online.online = Some(OnlineJoin {
            platform: Some("Zoom".into()),
            steps: vec!["申込フォームから登録".into(), "招待メールから参加".into()],
        });
        online.options = vec![
            ParticipationOption::FirstTimersWelcome,
            ParticipationOption::WomenOnly,
        ];
        let mut hybrid = group("hybrid");
        hybrid.format = Format::Hybrid;
        hybrid.audience = vec![Audience::Family];
        let meetings = feed(&directory(vec![online, hybrid]));
        assert_eq!(
            meetings[0]["types"],
            json!(["C", "ONL", "BE", "W", "EN", "JA"])
        );
        assert_eq!(meetings[0]["approximate"], "yes");
        assert_eq!(meetings[0]["formatted_address"], "神奈川県川崎市多摩区");
        assert!(meetings[0].get("address").is_none() && meetings[0].get("location").is_none());
        assert!(meetings[0].get("conference_url").is_none());
        assert_eq!(
            meetings[0]["notes"],
            "オンライン参加方法: Zoom / 申込フォームから登録 / 招待メールから参加"
        );
        assert_eq!(meetings[1]["types"], json!(["ONL", "JA"]));
        assert_eq!(meetings[1]["address"], "登戸1-2-3 ひだまりビル2階");
    }

    fn sample_feed() -> Value {
        json!([
            {
                "name": "Tokyo Big Book",
                "slug": "tokyo-big-book-7",
                "day": [1, 4],
                "time": "19:00",
                "end_time": "20:30",
                "types": ["C", "X", "BE", "EN", "B"],
                "location": "Tokyo Union Church",
                "location_notes": "2F, ring the bell",
                "group": "Tokyo Central Group",
                "address": "5-7-7 Jingumae",
                "city": "Shibuya-ku",
                "state": "Tokyo",
                "postal_code": "150-0001",
                "country": "JP",
                "url": "https://example.org/meetings/tokyo-big-book",
                "updated": "2026-11-21 20:00:00",
                "notes": "Bring your own book."
            },
            {
                "name": "Tokyo Online",
                "slug": 42,
                "day": 6,
                "time": "21:00",
                "types": ["O", "ONL", "TC", "W", "AL-AN"],
                "group": "Tokyo Central Group",
                "formatted_address": "Shibuya, Tokyo, Japan",
                "approximate": "yes",
                "conference_url": "https://us02web.zoom.us/j/123?pwd=x",
                "conference_url_notes": "Password: serenity",
                "conference_phone": "+81-3-0000-0000"
            },
            {
                "name": "仙台ミーティング",
                "day": "0",
                "time": "10:00:00",
                "end_time": "11:00",
                "types": ["JA", "BA"],
                "location": "仙台市民会館",
                "formatted_address": "〒980-0823 宮城県仙台市青葉区桜ケ岡公園4-1",
                "contact_1_email": "sendai@example.jp"
            },
            {
                "name": "By appointment",
                "slug": "tokyo-big-book-7",
                "group": "東京グループ",
                "formatted_address": "東京都渋谷区"
            }
        ])
    }

    fn read_ok(json: &str, category: Category) -> Directory {
        match read(json, &MeetingGuideOptions::new(category)) {
            Ok(imported) => {
                assert!(imported.skipped.is_empty());
                imported.directory.validate().unwrap();
                imported.directory
            }
            Err(e) => panic!("{e}\n{e:?}"),
        }
    }

    #[test]
    fn a_feed_reads_into_groups_and_facilities() {
        let d = read_ok(&sample_feed().to_string(), Category::Alcohol);
        let facilities: Vec<(&str, &str)> = d
            .facilities
            .iter()
            .map(|f| (f.id.as_str(), f.name.as_str()))
            .collect();
        assert_eq!(
            facilities,
            [
                ("tokyo-central-group", "Tokyo Central Group"),
                ("facility-1", "仙台市民会館"),
                ("facility-2", "東京グループ")
            ]
        );
        let groups: Vec<(&str, &str)> = d
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.facility.as_str()))
            .collect();
        assert_eq!(
            groups,
            [
                ("tokyo-big-book-7", "tokyo-central-group"),
                ("42", "tokyo-central-group"),
                ("meeting-3", "facility-1"),
                ("tokyo-big-book-7-2", "facility-2"),
            ]
        );

        let big_book = &d.groups[0];
        assert_eq!(
            big_book.schedule.rules,
            [weekly(
                &[Weekday::Mon, Weekday::Thu],
                t(19, 0),
                Some(t(20, 30))
            )]
        );
        assert_eq!(big_book.audience, [Audience::Person]);
        assert_eq!(big_book.format, Format::InPerson);
        assert_eq!(
            big_book.options,
            [
                ParticipationOption::WheelchairAccessible,
                ParticipationOption::FirstTimersWelcome
            ]
        );
        assert_eq!(big_book.languages, ["en"]);
        assert_eq!(big_book.categories, [Category::Alcohol]);
        assert_eq!(
            big_book.description.as_deref(),
            Some("Bring your own book.")
        );
        assert_eq!(
            big_book.contact.url.as_deref(),
            Some("https://example.org/meetings/tokyo-big-book")
        );
        // 20:00 UTC on the 21st is the morning of the 22nd in Tokyo.
        assert_eq!(big_book.updated, NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(
            d.place_of(big_book),
            Some(&Place {
                prefecture: Prefecture::parse("東京都").unwrap(),
                city: Some("Shibuya-ku".into()),
                address: Some("5-7-7 Jingumae".into()),
                access: Some("Tokyo Union Church / 2F, ring the bell".into()),
            })
        );

        let online = &d.groups[1];
        assert_eq!(online.format, Format::Online);
        assert_eq!(
            online.schedule.rules,
            [weekly(&[Weekday::Sat], t(21, 0), None)]
        );
        assert!(online.audience.is_empty());
        assert_eq!(online.categories, [Category::Alcohol, Category::Family]);
        assert_eq!(online.options, [ParticipationOption::WomenOnly]);
        assert_eq!(
            online.online,
            Some(OnlineJoin {
                platform: Some("Zoom".into()),
                steps: vec!["Password: serenity".into(), "+81-3-0000-0000".into()],
            })
        );
        assert_eq!(
            online.place.as_ref().map(|p| p.prefecture.name_ja()),
            Some("東京都")
        );

        let sendai = &d.groups[2];
        assert_eq!(
            sendai.schedule.rules,
            [weekly(&[Weekday::Sun], t(10, 0), Some(t(11, 0)))]
        );
        assert!(
            sendai.languages.is_empty(),
            "JA alone is the default, Japanese only"
        );
        assert_eq!(sendai.options, [ParticipationOption::Childcare]);
        assert_eq!(sendai.contact.email.as_deref(), Some("sendai@example.jp"));
        // Its only group's place moved up to the facility.
        assert!(sendai.place.is_none());
        let place = d.facilities[1].place.as_ref().unwrap();
        assert_eq!(place.prefecture.name_ja(), "宮城県");
        assert_eq!(place.address.as_deref(), Some("仙台市青葉区桜ケ岡公園4-1"));

        assert!(d.groups[3].schedule.is_empty());

        // The same feed always gives the same identifiers.
        assert_eq!(read_ok(&sample_feed().to_string(), Category::Alcohol), d);
    }

    #[test]
    fn weekly_groups_survive_a_round_trip() {
        let mut a = group("noborito-aa");
        a.schedule
            .rules
            .push(weekly(&[Weekday::Fri], t(19, 0), Some(t(20, 30))));
        a.audience = vec![Audience::Person];
        a.options = vec![
            ParticipationOption::WheelchairAccessible,
            ParticipationOption::FirstTimersWelcome,
        ];
        a.description = Some("本名を名乗る必要はありません。".into());
        a.updated = NaiveDate::from_ymd_opt(2026, 1, 5);
        let mut b = group("sunday");
        b.schedule
            .rules
            .push(weekly(&[Weekday::Sun], t(10, 0), None));
        b.languages = vec!["en".into(), "ja".into()];
        let d = directory(vec![a, b]);
        let back = read_ok(&write(&d), Category::Alcohol);
        assert_eq!(back.facilities.len(), 1);
        assert_eq!(back.facilities[0].name, "ひだまり登戸");
        let place = back.facilities[0].place.as_ref().unwrap();
        assert_eq!(place, &kanagawa());
        for (before, after) in d.groups.iter().zip(&back.groups) {
            assert_eq!(after.id, before.id);
            assert_eq!(after.name, before.name);
            assert_eq!(after.schedule, before.schedule);
            assert_eq!(after.audience, before.audience);
            assert_eq!(after.options, before.options);
            assert_eq!(after.format, before.format);
            assert_eq!(after.languages, before.languages);
            assert_eq!(after.description, before.description);
            assert_eq!(after.contact.phone.as_deref(), Some("044-000-1234"));
        }
        assert_eq!(back.groups[0].updated, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(
            back.groups[1].updated,
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
    }

    fn rejected(meetings: Value) -> Vec<RowError> {
        match read(
            &meetings.to_string(),
            &MeetingGuideOptions::new(Category::Alcohol),
        ) {
            Err(ImportError::Rejected { errors }) => errors,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    /// Whether a problem is the one a case expects.
    type Check = fn(&RowProblem) -> bool;

    #[test]
    fn every_meeting_problem_names_its_meeting_and_field() {
        let ok = json!({"name": "ok", "day": 1, "time": "19:00", "state": "東京都", "address": "渋谷1-1"});
        let with = |changes: Value| {
            let mut m = ok.clone();
            for (k, v) in changes.as_object().unwrap() {
                if v.is_null() {
                    m.as_object_mut().unwrap().remove(k);
                } else {
                    m[k] = v.clone();
                }
            }
            m
        };
        let cases: Vec<(Value, Option<&str>, Check)> = vec![
            (json!(17), None, |p| {
                matches!(p, RowProblem::Malformed { .. })
            }),
            (with(json!({"name": null})), Some("name"), |p| {
                *p == RowProblem::Missing
            }),
            (with(json!({"name": {"ja": "x"}})), Some("name"), |p| {
                matches!(p, RowProblem::WrongType { .. })
            }),
            (
                with(json!({"day": 7})),
                Some("day"),
                |p| matches!(p, RowProblem::BadDay { value } if value == "7"),
            ),
            (with(json!({"day": [1, "Monday"]})), Some("day"), |p| {
                matches!(p, RowProblem::BadDay { .. })
            }),
            (with(json!({"day": -1})), Some("day"), |p| {
                matches!(p, RowProblem::BadDay { .. })
            }),
            (with(json!({"time": "7pm"})), Some("time"), |p| {
                matches!(
                    p,
                    RowProblem::InvalidSchedule(ScheduleError::InvalidTime { .. })
                )
            }),
            (with(json!({"time": null})), Some("time"), |p| {
                *p == RowProblem::Missing
            }),
            (with(json!({"day": null})), Some("day"), |p| {
                *p == RowProblem::Missing
            }),
            (with(json!({"end_time": "18:00"})), Some("end_time"), |p| {
                matches!(
                    p,
                    RowProblem::InvalidSchedule(ScheduleError::EndNotAfterStart { .. })
                )
            }),
            (with(json!({"state": "CA"})), Some("state"), |p| {
                matches!(
                    p,
                    RowProblem::Directory(DirectoryError::UnknownPrefecture { .. })
                )
            }),
            (
                with(json!({"url": "javascript:alert(1)"})),
                Some("url"),
                |p| matches!(p, RowProblem::Directory(DirectoryError::BadGroupUrl { .. })),
            ),
            (with(json!({"state": null})), Some("state"), |p| {
                *p == RowProblem::Missing
            }),
            (with(json!({"types": ["TC"]})), Some("types"), |p| {
                *p == RowProblem::Inactive
            }),
            (with(json!({"types": 5})), Some("types"), |p| {
                matches!(p, RowProblem::WrongType { .. })
            }),
            (
                with(json!({"updated": "yesterday"})),
                Some("updated"),
                |p| matches!(p, RowProblem::BadDate { .. }),
            ),
        ];
        for (meeting, field, check) in cases {
            let errors = rejected(json!([ok, meeting]));
            assert_eq!(errors.len(), 1, "{meeting}: {errors:#?}");
            let e = &errors[0];
            assert_eq!(
                (e.line, e.column.as_deref()),
                (2, field),
                "{meeting}: {e:?}"
            );
            assert!(check(&e.problem), "{meeting}: {e:?}");
            assert!(e.to_string().starts_with("meeting 2"), "{e}");
        }
    }

    #[test]
    fn online_meetings_need_no_prefecture() {
        let d = read_ok(
            &json!([{"name": "Zoom", "day": 2, "time": "20:00", "conference_url": "https://meet.google.com/abc", "state": "CA"}]).to_string(),
            Category::Drugs,
        );
        assert_eq!(d.groups[0].format, Format::Online);
        assert!(d.groups[0].place.is_none() && d.facilities[0].place.is_none());
        assert_eq!(
            d.groups[0].online.as_ref().unwrap().platform.as_deref(),
            Some("Google Meet")
        );
        assert_eq!(d.groups[0].categories, [Category::Drugs]);
    }

    #[test]
    fn unreadable_feeds() {
        let unreadable = |text: &str| match read(text, &MeetingGuideOptions::new(Category::Alcohol))
        {
            Err(ImportError::Unreadable(problem)) => problem,
            other => panic!("{other:?}"),
        };
        assert!(matches!(unreadable("[{"), FileProblem::Json { .. }));
        assert!(matches!(unreadable(""), FileProblem::Json { .. }));
        assert_eq!(
            unreadable("{\"meetings\": []}"),
            FileProblem::NotArray { found: "an object" }
        );
        assert_eq!(unreadable("null"), FileProblem::NotArray { found: "null" });
        let message = ImportError::from(unreadable("[1,]")).to_string();
        assert!(
            message.starts_with("the file cannot be read: not valid JSON: "),
            "{message}"
        );
        assert_eq!(
            read_ok("\u{FEFF}[]", Category::Alcohol),
            Directory::default()
        );
    }

    #[test]
    fn skip_bad_rows_keeps_the_good_meetings() {
        let meetings = json!([
            {"name": "a", "day": 1, "time": "19:00", "state": "北海道", "address": "札幌"},
            {"name": "b", "day": 9, "time": "19:00", "state": "北海道", "address": "札幌"},
            {"name": "c", "time": "19:00", "state": "北海道", "address": "札幌"},
            "not a meeting",
            {"name": "d", "state": "北海道", "address": "札幌"},
        ]);
        let imported = read(
            &meetings.to_string(),
            &MeetingGuideOptions {
                skip_bad_rows: true,
                category: Category::Alcohol,
            },
        )
        .unwrap();
        let names: Vec<&str> = imported
            .directory
            .groups
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(names, ["a", "d"]);
        let lines: Vec<u64> = imported.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
    }

    #[test]
    fn slugify_keeps_ascii_letters_and_digits() {
        assert_eq!(slugify("Sunday Serenity #7"), "sunday-serenity-7");
        assert_eq!(slugify("--A--B--"), "a-b");
        assert_eq!(slugify("日本語"), "");
        assert_eq!(slugify(&"x".repeat(80)).len(), 64);
        let mut taken = HashSet::new();
        assert_eq!(unique("a", &mut taken), "a");
        assert_eq!(unique("a", &mut taken), "a-2");
        assert_eq!(unique("a", &mut taken), "a-3");
        let long = "y".repeat(64);
        assert_eq!(unique(&long, &mut taken), long);
        let second = unique(&long, &mut taken);
        assert!(second.len() == 64 && second.ends_with("-2"), "{second}");
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|n| json!(n)),
            prop::sample::select(vec![
                "",
                "19:00",
                "25:00",
                "9:5",
                "12:00:00",
                "O",
                "TC",
                "ONL",
                "東京都",
                "CA",
                "Miyagi",
                "https://zoom.us/j/1",
                "javascript:alert(1)",
                "2026-13-01 00:00:00",
                "一"
            ])
            .prop_map(|s| json!(s)),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        prop::sample::select(vec![
                            "name",
                            "slug",
                            "day",
                            "time",
                            "end_time",
                            "types",
                            "group",
                            "location",
                            "address",
                            "formatted_address",
                            "city",
                            "state",
                            "approximate",
                            "conference_url",
                            "url",
                            "conference_phone",
                            "notes",
                            "updated",
                            "email",
                            "x",
                        ]),
                        inner
                    ),
                    0..10
                )
                .prop_map(|fields| Value::Object(
                    fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in any::<String>(), skip in any::<bool>()) {
            let options = MeetingGuideOptions { skip_bad_rows: skip, category: Category::Alcohol };
            let _ = read(&text, &options);
        }

        #[test]
        fn arbitrary_json_never_panics(
            meetings in prop::collection::vec(json_value(), 0..8),
            skip in any::<bool>(),
        ) {
            let text = Value::Array(meetings).to_string();
            let options = MeetingGuideOptions { skip_bad_rows: skip, category: Category::Family };
            if let Ok(imported) = read(&text, &options) {
                prop_assert_eq!(imported.directory.validate(), Ok(()));
                // Whatever was read can be written out again.
                let _ = write(&imported.directory);
            }
        }
    }
}
