//! A schedule in words: 「毎月第2・4水曜日 13:00〜21:00（祝日は休み）」 and
//! "2nd and 4th Wednesday of each month, 13:00–21:00 (not on public holidays)".
//!
//! The Japanese form is also what [`super::parse()`] reads back, so a rule written by the CSV
//! export survives a round trip through Excel; a property test holds the two together. The
//! dates and times inside a rule are written as the contract's words write them, so a card and a
//! rule agree.

use chrono::Weekday;
use tsunagu_contract::Lang;
use tsunagu_contract::schedule::words::{
    full_date_en, full_date_ja, plain_date_en, plain_date_ja, times_en, times_ja, weekday_en,
    weekday_ja,
};
use tsunagu_contract::schedule::{Repeat, Rule, Schedule, Session};

/// A whole schedule in words in `lang`, e.g. 「毎月第2・4水曜日 13:00〜21:00（祝日は休み）」. A
/// function of its own rather than a method of the contract's `Vocabulary`, whose every method
/// the widget's catalogue carries: the worker says the rules in words, the widget shows them.
pub fn schedule(lang: Lang, schedule: &Schedule) -> String {
    match lang {
        Lang::Ja => schedule_ja(schedule),
        Lang::En => schedule_en(schedule),
    }
}

fn nth_ja(n: i8) -> String {
    match n {
        -1 => "最終".to_owned(),
        n if n < 0 => format!("最後から{}番目の", -n),
        n => n.to_string(),
    }
}

fn rule_ja(rule: &Rule) -> String {
    let days = |weekdays: &[Weekday]| {
        weekdays
            .iter()
            .map(|d| format!("{}曜日", weekday_ja(*d)))
            .collect::<Vec<_>>()
            .join("・")
    };
    let every_month = |interval: u8| match interval {
        1 => "毎月".to_owned(),
        2 => "隔月".to_owned(),
        n => format!("{n}か月ごとの"),
    };
    let pattern = match &rule.repeat {
        Repeat::Weekly { weekdays, interval } => match interval {
            1 => format!("毎週{}", days(weekdays)),
            2 => format!("隔週{}", days(weekdays)),
            n => format!("{n}週ごとの{}", days(weekdays)),
        },
        Repeat::MonthlyByWeekday {
            weekdays,
            nth,
            interval,
        } => {
            let (counted, from_end) = super::split_weeks(nth);
            let mut parts: Vec<String> = counted.iter().map(|n| n.to_string()).collect();
            let mut text = every_month(*interval);
            if !parts.is_empty() {
                text.push('第');
            }
            parts.extend(from_end.iter().map(|n| nth_ja(*n)));
            text.push_str(&parts.join("・"));
            text.push_str(&days(weekdays));
            text
        }
        Repeat::MonthlyByDay { days, interval } => {
            let list = days
                .iter()
                .map(|d| match d {
                    -1 => "末日".to_owned(),
                    d => format!("{d}日"),
                })
                .collect::<Vec<_>>()
                .join("・");
            format!("{}{list}", every_month(*interval))
        }
    };
    format!("{pattern} {}", times_ja(rule.start, rule.end))
}

fn session_ja(s: &Session) -> String {
    format!("{} {}", full_date_ja(s.date), times_ja(s.start, s.end))
}

/// The schedule in Japanese, e.g. 「毎月第2・4水曜日 13:00〜21:00（祝日は休み）」.
pub fn schedule_ja(schedule: &Schedule) -> String {
    if schedule.is_empty() {
        return "日程はお問い合わせください".to_owned();
    }
    let main = schedule
        .rules
        .iter()
        .map(rule_ja)
        .chain(schedule.dates.iter().map(session_ja))
        .collect::<Vec<_>>()
        .join("、");
    let mut notes = Vec::new();
    match (schedule.starts, schedule.until) {
        (Some(s), Some(u)) => {
            notes.push(format!("{}から{}まで", plain_date_ja(s), plain_date_ja(u)))
        }
        (Some(s), None) => notes.push(format!("{}から", plain_date_ja(s))),
        (None, Some(u)) => notes.push(format!("{}まで", plain_date_ja(u))),
        (None, None) => {}
    }
    if !schedule.except.is_empty() {
        let dates = schedule
            .except
            .iter()
            .map(|d| plain_date_ja(*d))
            .collect::<Vec<_>>()
            .join("・");
        notes.push(format!("{dates}は休み"));
    }
    if schedule.skip_holidays && !schedule.rules.is_empty() {
        notes.push("祝日は休み".to_owned());
    }
    if notes.is_empty() {
        main
    } else {
        format!("{main}（{}）", notes.join("、"))
    }
}

fn ordinal_en(n: i8) -> String {
    match n {
        -1 => "last".to_owned(),
        n if n < 0 => format!("{} to last", ordinal_en(-n)),
        1 => "1st".to_owned(),
        2 => "2nd".to_owned(),
        3 => "3rd".to_owned(),
        n => format!("{n}th"),
    }
}

fn day_ordinal_en(d: i8) -> String {
    match d {
        -1 => "last day".to_owned(),
        1 | 21 | 31 => format!("{d}st"),
        2 | 22 => format!("{d}nd"),
        3 | 23 => format!("{d}rd"),
        d => format!("{d}th"),
    }
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn rule_en(rule: &Rule) -> String {
    let days = |weekdays: &[Weekday]| {
        and_list(
            &weekdays
                .iter()
                .map(|d| weekday_en(*d).to_owned())
                .collect::<Vec<_>>(),
        )
    };
    let months = |interval: u8| match interval {
        1 => "each month".to_owned(),
        2 => "every other month".to_owned(),
        n => format!("every {n} months"),
    };
    let pattern = match &rule.repeat {
        Repeat::Weekly { weekdays, interval } => match interval {
            1 => format!("Every {}", days(weekdays)),
            2 => format!("Every other {}", days(weekdays)),
            n => format!("Every {n} weeks on {}", days(weekdays)),
        },
        Repeat::MonthlyByWeekday {
            weekdays,
            nth,
            interval,
        } => {
            let ordinals = and_list(&nth.iter().map(|n| ordinal_en(*n)).collect::<Vec<_>>());
            let mut text = format!("{ordinals} {} of {}", days(weekdays), months(*interval));
            if let Some(first) = text.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            text
        }
        Repeat::MonthlyByDay { days, interval } => {
            let list = and_list(&days.iter().map(|d| day_ordinal_en(*d)).collect::<Vec<_>>());
            format!("On the {list} of {}", months(*interval))
        }
    };
    format!("{pattern}, {}", times_en(rule.start, rule.end))
}

/// The schedule in English, e.g. "2nd and 4th Wednesday of each month, 13:00–21:00 (not on
/// public holidays)".
pub fn schedule_en(schedule: &Schedule) -> String {
    if schedule.is_empty() {
        return "By appointment; please ask".to_owned();
    }
    let main = schedule
        .rules
        .iter()
        .map(rule_en)
        .chain(
            schedule
                .dates
                .iter()
                .map(|s| format!("{}, {}", full_date_en(s.date), times_en(s.start, s.end))),
        )
        .collect::<Vec<_>>()
        .join("; ");
    let mut notes = Vec::new();
    if let Some(s) = schedule.starts {
        notes.push(format!("from {}", plain_date_en(s)));
    }
    if let Some(u) = schedule.until {
        notes.push(format!("until {}", plain_date_en(u)));
    }
    if !schedule.except.is_empty() {
        let dates = schedule
            .except
            .iter()
            .map(|d| plain_date_en(*d))
            .collect::<Vec<_>>();
        notes.push(format!("not on {}", dates.join(", ")));
    }
    if schedule.skip_holidays && !schedule.rules.is_empty() {
        notes.push("not on public holidays".to_owned());
    }
    if notes.is_empty() {
        main
    } else {
        format!("{main} ({})", notes.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tsunagu_contract::schedule::{Repeat, Rule};

    use super::*;
    use crate::schedule::fixtures::{self, rule, t};

    fn nth_rule(nth: Vec<i8>, weekdays: Vec<Weekday>) -> Rule {
        rule(fixtures::nth(&weekdays, &nth), t(13, 0), Some(t(21, 0)))
    }

    #[test]
    fn monthly_rule_with_holidays_reads_as_the_issue_asks() {
        let s = Schedule {
            rules: vec![nth_rule(vec![2, 4], vec![Weekday::Wed])],
            skip_holidays: true,
            ..Schedule::default()
        };
        assert_eq!(
            schedule_ja(&s),
            "毎月第2・4水曜日 13:00〜21:00（祝日は休み）"
        );
        assert_eq!(
            schedule_en(&s),
            "2nd and 4th Wednesday of each month, 13:00–21:00 (not on public holidays)"
        );
    }

    #[test]
    fn every_kind_of_rule_has_words() {
        let s = Schedule {
            rules: vec![
                Rule {
                    repeat: Repeat::Weekly {
                        weekdays: vec![Weekday::Mon, Weekday::Thu],
                        interval: 1,
                    },
                    start: t(19, 0),
                    end: Some(t(20, 30)),
                },
                Rule {
                    repeat: Repeat::Weekly {
                        weekdays: vec![Weekday::Wed],
                        interval: 2,
                    },
                    start: t(13, 0),
                    end: None,
                },
                nth_rule(vec![1, -1], vec![Weekday::Fri]),
                Rule {
                    repeat: Repeat::MonthlyByDay {
                        days: vec![15, -1],
                        interval: 2,
                    },
                    start: t(10, 0),
                    end: Some(t(12, 0)),
                },
            ],
            dates: vec![Session {
                date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                start: t(13, 0),
                end: Some(t(15, 0)),
            }],
            except: vec![NaiveDate::from_ymd_opt(2026, 12, 30).unwrap()],
            starts: NaiveDate::from_ymd_opt(2026, 4, 1),
            until: None,
            skip_holidays: false,
        };
        assert_eq!(
            schedule_ja(&s),
            "毎週月曜日・木曜日 19:00〜20:30、隔週水曜日 13:00〜、毎月第1・最終金曜日 13:00〜21:00、\
             隔月15日・末日 10:00〜12:00、2026年12月5日(土) 13:00〜15:00\
             （2026年4月1日から、2026年12月30日は休み）"
        );
        assert_eq!(
            schedule_en(&s),
            "Every Monday and Thursday, 19:00–20:30; Every other Wednesday, from 13:00; \
             1st and last Friday of each month, 13:00–21:00; \
             On the 15th and last day of every other month, 10:00–12:00; \
             Sat 5 Dec 2026, 13:00–15:00 (from 1 Apr 2026; not on 30 Dec 2026)"
        );
    }

    #[test]
    fn empty_schedule_is_by_appointment() {
        assert_eq!(
            schedule_ja(&Schedule::default()),
            "日程はお問い合わせください"
        );
        assert_eq!(
            schedule_en(&Schedule::default()),
            "By appointment; please ask"
        );
    }
}
