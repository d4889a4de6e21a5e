//! iCalendar (RFC 5545) export, so a visitor can put a group's meetings in their own calendar
//! and a webmaster can publish a whole directory as a feed.
//!
//! Each rule becomes one VEVENT with an RRULE, in `TZID=Asia/Tokyo` with the zone defined
//! inline (fixed UTC+9). RRULE cannot say "not on Japanese public holidays", so the holidays that
//! fall on a rule's meetings are listed as EXDATEs, together with the schedule's own exception
//! dates, up to [`crate::holidays::VERIFIED_TO`] or the rule's end. Dated sessions become one
//! VEVENT each.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use tsunagu_contract::directory::{Directory, Format, Group};
use tsunagu_contract::i18n::Lang;
use tsunagu_contract::schedule::{ClockTime, Repeat, Rule, Schedule, Session};

use crate::holidays;
use crate::schedule::{Expand, matches, scan};

/// The zone every event is written in.
pub const TZID: &str = "Asia/Tokyo";

/// What an export needs besides the directory.
#[derive(Debug, Clone, Copy)]
pub struct IcsOptions {
    /// When the file is made (DTSTAMP).
    pub stamp: DateTime<Utc>,
    /// The first date to export rules from when a schedule has no `starts` (usually today), so
    /// DTSTART is a real meeting.
    pub from: NaiveDate,
}

/// The calendar of one group's meetings.
pub fn group_calendar(directory: &Directory, group: &Group, options: &IcsOptions) -> String {
    let mut out = begin(&group.name);
    events(&mut out, directory, group, options);
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The calendar of every group in the directory.
pub fn directory_calendar(directory: &Directory, name: &str, options: &IcsOptions) -> String {
    let mut out = begin(name);
    for group in &directory.groups {
        events(&mut out, directory, group, options);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn begin(name: &str) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//tsunagu//support-group finder//JA");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, &format!("X-WR-TIMEZONE:{TZID}"));
    for l in [
        "BEGIN:VTIMEZONE",
        &format!("TZID:{TZID}"),
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, l);
    }
    out
}

fn events(out: &mut String, directory: &Directory, group: &Group, options: &IcsOptions) {
    let schedule = &group.schedule;
    let description = description(directory, group);
    let location = location(directory, group);
    let time = options.stamp.time();
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        Basic(options.stamp.date_naive()),
        time.hour(),
        time.minute(),
        time.second()
    );
    for (index, rule) in schedule.rules.iter().enumerate() {
        let Some(first) = first_date(schedule, rule, options.from) else {
            continue;
        };
        line(out, "BEGIN:VEVENT");
        line(out, &format!("UID:{}-rule{}@tsunagu", group.id, index + 1));
        line(out, &format!("DTSTAMP:{stamp}"));
        times(out, first, rule.start, rule.end);
        line(out, &format!("RRULE:{}", rrule(schedule, rule)));
        let exdates = exdates(schedule, rule, first);
        if !exdates.is_empty() {
            let list = exdates
                .iter()
                .map(|d| local(*d, rule.start))
                .collect::<Vec<_>>()
                .join(",");
            line(out, &format!("EXDATE;TZID={TZID}:{list}"));
        }
        common(out, group, &location, &description);
        line(out, "END:VEVENT");
    }
    for session in &schedule.dates {
        if schedule.except.contains(&session.date) {
            continue;
        }
        session_event(out, group, session, &stamp, &location, &description);
    }
}

fn session_event(
    out: &mut String,
    group: &Group,
    session: &Session,
    stamp: &str,
    location: &str,
    description: &str,
) {
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!(
            "UID:{}-{}-{}@tsunagu",
            group.id,
            Basic(session.date),
            session.start.minutes()
        ),
    );
    line(out, &format!("DTSTAMP:{stamp}"));
    times(out, session.date, session.start, session.end);
    common(out, group, location, description);
    line(out, "END:VEVENT");
}

fn common(out: &mut String, group: &Group, location: &str, description: &str) {
    line(out, &format!("SUMMARY:{}", escape(&group.name)));
    if !location.is_empty() {
        line(out, &format!("LOCATION:{}", escape(location)));
    }
    line(out, &format!("DESCRIPTION:{}", escape(description)));
    if let Some(url) = &group.contact.url {
        line(out, &format!("URL:{}", url.replace(['\r', '\n'], "")));
    }
}

fn times(out: &mut String, date: NaiveDate, start: ClockTime, end: Option<ClockTime>) {
    line(out, &format!("DTSTART;TZID={TZID}:{}", local(date, start)));
    if let Some(end) = end {
        line(out, &format!("DTEND;TZID={TZID}:{}", local(date, end)));
    }
}

fn local(date: NaiveDate, time: ClockTime) -> String {
    format!("{}T{:02}{:02}00", Basic(date), time.hour(), time.minute())
}

/// A date in the basic ISO 8601 form (`20250301`), as chrono's `%Y%m%d` writes it, without
/// chrono's strftime machinery (8 KB of the widget's wasm for these three fields).
struct Basic(NaiveDate);

impl std::fmt::Display for Basic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (year, month, day) = (self.0.year(), self.0.month(), self.0.day());
        if (0..10_000).contains(&year) {
            write!(f, "{year:04}{month:02}{day:02}")
        } else {
            // chrono's %Y outside 0..=9999: a sign and at least four digits.
            write!(f, "{year:+05}{month:02}{day:02}")
        }
    }
}

fn location(directory: &Directory, group: &Group) -> String {
    let place = directory.place_of(group).map(|p| p.one_line());
    match (group.format, place) {
        (Format::Online, _) | (_, None) => Lang::Ja.vocabulary().format(Format::Online).to_owned(),
        (_, Some(place)) => place,
    }
}

fn description(directory: &Directory, group: &Group) -> String {
    let mut text = String::new();
    if let Some(summary) = &group.summary {
        let _ = writeln!(text, "{summary}");
    }
    let _ = writeln!(
        text,
        "{}",
        crate::schedule::words::schedule(Lang::Ja, &group.schedule)
    );
    if let Some(note) = &group.schedule_note {
        let _ = writeln!(text, "{note}");
    }
    if let Some(facility) = directory.facility(&group.facility) {
        let _ = writeln!(text, "{}", facility.name);
    }
    let contact = directory.contact_of(group);
    if let Some(phone) = &contact.phone {
        match &contact.phone_hours {
            Some(hours) => {
                let _ = writeln!(text, "TEL {phone}（{hours}）");
            }
            None => {
                let _ = writeln!(text, "TEL {phone}");
            }
        }
    }
    text.trim_end().to_owned()
}

fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn rrule(schedule: &Schedule, rule: &Rule) -> String {
    let join = |items: Vec<String>| items.join(",");
    let (freq, interval, by) = match &rule.repeat {
        Repeat::Weekly { weekdays, interval } => (
            "WEEKLY",
            *interval,
            format!(
                "BYDAY={}",
                join(weekdays.iter().map(|d| byday(*d).to_owned()).collect())
            ),
        ),
        Repeat::MonthlyByWeekday {
            weekdays,
            nth,
            interval,
        } => (
            "MONTHLY",
            *interval,
            format!(
                "BYDAY={}",
                join(
                    nth.iter()
                        .flat_map(|n| weekdays.iter().map(move |d| format!("{n}{}", byday(*d))))
                        .collect()
                )
            ),
        ),
        Repeat::MonthlyByDay { days, interval } => (
            "MONTHLY",
            *interval,
            format!(
                "BYMONTHDAY={}",
                join(days.iter().map(|d| d.to_string()).collect())
            ),
        ),
    };
    let mut rule_text = format!("FREQ={freq}");
    if interval > 1 {
        let _ = write!(rule_text, ";INTERVAL={interval}");
    }
    let _ = write!(rule_text, ";{by};WKST=MO");
    if let Some(until) = schedule.until {
        // UNTIL must be in UTC when DTSTART has a TZID: the end of the day in Tokyo.
        let _ = write!(rule_text, ";UNTIL={}T145959Z", Basic(until));
    }
    rule_text
}

/// A schedule with only this rule and its range, for expanding one rule on its own.
fn alone(schedule: &Schedule, rule: &Rule) -> Schedule {
    Schedule {
        rules: vec![rule.clone()],
        starts: schedule.starts,
        until: schedule.until,
        ..Schedule::default()
    }
}

/// The rule's first meeting on or after `from` (and its start), holidays and exceptions
/// ignored: DTSTART is the first instance of the RRULE itself.
fn first_date(schedule: &Schedule, rule: &Rule, from: NaiveDate) -> Option<NaiveDate> {
    let from = schedule.starts.map_or(from, |s| s.max(from));
    let horizon = crate::schedule::add_days(from, schedule.horizon_days());
    let to = schedule.until.map_or(horizon, |u| u.min(horizon));
    let mut first = None;
    scan(&alone(schedule, rule), from, to, |o| {
        first = Some(o.date);
        false
    });
    first
}

/// Exception dates and (when the schedule skips them) holidays that fall on the rule's
/// meetings from `first` on.
fn exdates(schedule: &Schedule, rule: &Rule, first: NaiveDate) -> Vec<NaiveDate> {
    let horizon = NaiveDate::from_ymd_opt(holidays::VERIFIED_TO, 12, 31).unwrap_or(first);
    let last = schedule.until.map_or(horizon, |u| u.min(horizon));
    let mut dates = Vec::new();
    scan(&alone(schedule, rule), first, last.max(first), |o| {
        if schedule.except.contains(&o.date)
            || (schedule.skip_holidays && holidays::is_holiday(o.date))
        {
            dates.push(o.date);
        }
        true
    });
    // Exceptions past the horizon still count.
    for d in &schedule.except {
        if *d > last && !dates.contains(d) && matches(rule, *d, schedule.starts) {
            dates.push(*d);
        }
    }
    tsunagu_contract::order::sort(&mut dates);
    dates
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a character (§3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use tsunagu_contract::directory::{Category, Facility, FacilityId, GroupId};

    use super::*;
    use crate::schedule::fixtures::{date, nth, rule, t};

    fn fixture(schedule: Schedule) -> (Directory, IcsOptions) {
        let f = FacilityId::new("f").unwrap();
        let mut group = Group::new(
            GroupId::new("kokoiru").unwrap(),
            f.clone(),
            "ここにいるよ。, 居場所; オンライン",
            Category::Hikikomori,
        );
        group.schedule = schedule;
        let directory = Directory {
            facilities: vec![Facility::new(f, "施設")],
            groups: vec![group],
        };
        let options = IcsOptions {
            stamp: Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap(),
            from: date(2026, 11, 22),
        };
        (directory, options)
    }

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    #[test]
    fn basic_dates_are_what_chrono_writes() {
        for (y, m, d) in [
            (2026, 1, 5),
            (999, 12, 31),
            (1, 1, 1),
            (0, 3, 1),
            (10_000, 1, 1),
        ] {
            let day = date(y, m, d);
            assert_eq!(Basic(day).to_string(), day.format("%Y%m%d").to_string());
        }
        let negative = NaiveDate::from_ymd_opt(-44, 3, 15).expect("a date");
        assert_eq!(
            Basic(negative).to_string(),
            negative.format("%Y%m%d").to_string()
        );
    }

    #[test]
    fn monthly_rule_with_holidays_has_rrule_and_exdates() {
        let (dir, options) = fixture(Schedule {
            rules: vec![rule(
                nth(&[Weekday::Mon], &[2, 4]),
                t(14, 0),
                Some(t(16, 0)),
            )],
            except: vec![date(2026, 12, 28)],
            until: Some(date(2027, 3, 31)),
            skip_holidays: true,
            ..Schedule::default()
        });
        let ics = group_calendar(&dir, &dir.groups[0], &options);
        assert!(ics.lines().all(|l| l.len() <= 76), "unfolded long line");
        assert!(ics.contains("\r\n"));
        let ics = unfold(&ics);
        assert!(
            ics.contains("DTSTART;TZID=Asia/Tokyo:20261123T140000"),
            "{ics}"
        );
        assert!(ics.contains("DTEND;TZID=Asia/Tokyo:20261123T160000"));
        assert!(ics.contains("RRULE:FREQ=MONTHLY;BYDAY=2MO,4MO;WKST=MO;UNTIL=20270331T145959Z"));
        // 2026-11-23 勤労感謝の日 and 2027-01-11 成人の日 are 4th/2nd Mondays; 12-28 is an
        // exception.
        assert!(
            ics.contains("EXDATE;TZID=Asia/Tokyo:20261123T140000,20261228T140000,20270111T140000"),
            "{ics}"
        );
        assert!(ics.contains("SUMMARY:ここにいるよ。\\, 居場所\\; オンライン"));
        assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo"));
    }

    #[test]
    fn biweekly_and_dated_sessions() {
        let (dir, options) = fixture(Schedule {
            rules: vec![Rule {
                repeat: Repeat::Weekly {
                    weekdays: vec![Weekday::Wed],
                    interval: 2,
                },
                start: t(19, 0),
                end: None,
            }],
            dates: vec![Session {
                date: date(2026, 12, 5),
                start: t(13, 0),
                end: Some(t(15, 0)),
            }],
            starts: Some(date(2026, 11, 4)),
            ..Schedule::default()
        });
        let ics = unfold(&group_calendar(&dir, &dir.groups[0], &options));
        // 11/4 starts the count; 11/18 is two weeks later, 12/2 the next on/after 11/22.
        assert!(
            ics.contains("DTSTART;TZID=Asia/Tokyo:20261202T190000"),
            "{ics}"
        );
        assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO\r\n"));
        assert!(!ics.contains("EXDATE"));
        assert!(ics.contains("DTSTART;TZID=Asia/Tokyo:20261205T130000"));
        assert!(ics.contains("UID:kokoiru-20261205-780@tsunagu"), "{ics}");
        assert_eq!(ics.matches("DTSTAMP:20261122T000000Z\r\n").count(), 2);
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        line(&mut out, &format!("DESCRIPTION:{}", "あ".repeat(60)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(unfold(&out), format!("DESCRIPTION:{}\r\n", "あ".repeat(60)));
    }
}
