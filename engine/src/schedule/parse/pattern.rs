//! Meeting patterns: 毎週月・木曜日, 隔週水曜日, 第2・4水曜日, 最終土曜日, 毎月10日・末日.

use chrono::Weekday;
use tsunagu_contract::schedule::Repeat;

use super::scan::Scanner;
use super::{Awaiting, Expected, ParseError, Parser, Pending, joins_list, push_unique};

/// How often, before the days are named.
#[derive(Debug, Clone, Copy)]
enum Frequency {
    Weekly(u8),
    Monthly(u8),
}

/// 「か月」 as people write it.
const MONTH_UNITS: [&str; 6] = ["か月", "ヶ月", "ヵ月", "カ月", "ケ月", "箇月"];

/// 「ごと」 and its variants after 2週 or 3か月.
const EVERY: [&str; 4] = ["ごと", "毎", "に1回", "に一回"];

impl Parser {
    /// A pattern, left waiting for its time of day.
    pub(super) fn pattern(&mut self) -> Result<(), ParseError> {
        let at = self.s.pos();
        let repeat = match self.frequency()? {
            Some(Frequency::Weekly(interval)) => Repeat::Weekly {
                weekdays: self.weekdays()?,
                interval,
            },
            Some(Frequency::Monthly(interval)) => self.monthly(interval)?,
            None => {
                let mut repeat = self.unprefixed(at)?;
                self.inherit_interval(&mut repeat);
                repeat
            }
        };
        let end = self.s.pos();
        self.pending.push(Pending {
            what: Awaiting::Rule(repeat),
            at,
            end,
        });
        Ok(())
    }

    /// 毎週, 隔週, 毎月, 隔月, 2週ごと or 3か月ごと, with an optional の after it.
    fn frequency(&mut self) -> Result<Option<Frequency>, ParseError> {
        let found = if self.s.eat_str("毎週") {
            Some(Frequency::Weekly(1))
        } else if self.s.eat_str("隔週") {
            Some(Frequency::Weekly(2))
        } else if self.s.eat_str("毎月") {
            Some(Frequency::Monthly(1))
        } else if self.s.eat_str("隔月") {
            Some(Frequency::Monthly(2))
        } else {
            self.every_n()?
        };
        if found.is_some() {
            self.s.skip_spaces();
            self.s.eat('の');
        }
        Ok(found)
    }

    /// 「2週ごと」「2週間ごと」「3か月ごと」「3ヶ月毎」.
    fn every_n(&mut self) -> Result<Option<Frequency>, ParseError> {
        let at = self.s.pos();
        let unit = self.s.attempt(|s| {
            let n = s.digits()?;
            s.skip_spaces();
            let weekly = if s.eat('週') {
                true
            } else if s.eat_any(&MONTH_UNITS) {
                false
            } else {
                return None;
            };
            Some((n.value, weekly))
        });
        let Some((n, weekly)) = unit else {
            return Ok(None);
        };
        self.s.eat('間');
        let interval = u8::try_from(n).ok().filter(|n| *n > 0);
        let Some(interval) = interval.filter(|_| self.s.eat_any(&EVERY)) else {
            return Err(self.expected_span(at, self.s.pos(), Expected::Interval));
        };
        Ok(Some(if weekly {
            Frequency::Weekly(interval)
        } else {
            Frequency::Monthly(interval)
        }))
    }

    /// 「隔月第2水曜日と第4金曜日」: a pattern without 毎週 or 毎月 right after one of the same
    /// kind (both weekly or both monthly) still waiting for its time shares its interval;
    /// reading the second as every month would double its meetings.
    fn inherit_interval(&self, repeat: &mut Repeat) {
        let Some(Pending {
            what: Awaiting::Rule(before),
            ..
        }) = self.pending.last()
        else {
            return;
        };
        if is_weekly(before) == is_weekly(repeat) {
            *interval_mut(repeat) = interval(before);
        }
    }

    /// A pattern with no 毎週 or 毎月 before it: 第n and 月末 are monthly, bare weekdays weekly.
    fn unprefixed(&mut self, at: usize) -> Result<Repeat, ParseError> {
        if self.s.ahead(looks_like_nth) || self.s.looking_at("月末") || self.s.looking_at("末日")
        {
            return self.monthly(1);
        }
        if self.s.ahead(|s| weekday_item(s).is_some()) {
            return Ok(Repeat::Weekly {
                weekdays: self.weekdays()?,
                interval: 1,
            });
        }
        Err(self.expected(at, self.unknown()))
    }

    fn monthly(&mut self, interval: u8) -> Result<Repeat, ParseError> {
        self.s.skip_spaces();
        if self.s.ahead(looks_like_nth) {
            // In the order the words write them, so a rule reads back exactly from its own
            // words whatever order it was written in.
            let (mut nth, from_end) = super::super::split_weeks(&self.nths()?);
            nth.extend(from_end);
            let weekdays = self.weekdays()?;
            return Ok(Repeat::MonthlyByWeekday {
                weekdays,
                nth,
                interval,
            });
        }
        if self.s.ahead(looks_like_day) {
            let days = self.days()?;
            return Ok(Repeat::MonthlyByDay { days, interval });
        }
        Err(self.expected(self.s.pos(), Expected::MonthlyDays))
    }

    /// 「第2・4」「第1・第3」「第二・第四」「第1・最終」「最後から2番目の」, in written order.
    fn nths(&mut self) -> Result<Vec<i8>, ParseError> {
        let mut nth = Vec::new();
        loop {
            let n = self.nth(!nth.is_empty())?;
            push_unique(&mut nth, n);
            // 「第2週目の」
            self.s.eat('週');
            self.s.eat('目');
            let joined = self.s.attempt(|s| {
                s.skip_spaces();
                s.eat_if(joins_list)?;
                s.skip_spaces();
                s.ahead(looks_like_next_nth).then_some(())
            });
            if joined.is_none() {
                break;
            }
        }
        self.s.eat('の');
        Ok(nth)
    }

    /// One week of the month; after the first, the 第 may be left out (「第2・4」).
    fn nth(&mut self, continuing: bool) -> Result<i8, ParseError> {
        let at = self.s.pos();
        if self.s.eat_str("最終") {
            return Ok(-1);
        }
        if self.s.eat_str("最後") {
            return self.counted_from_end(at);
        }
        let counted = self.s.eat('第');
        self.s.skip_spaces();
        let n = if counted || continuing {
            small_number(&mut self.s)
        } else {
            None
        };
        in_week_range(n).ok_or_else(|| self.expected_span(at, self.s.pos(), Expected::Nth))
    }

    /// After 最後: 「最後の」 is the last, 「最後から2番目の」 the second to last.
    fn counted_from_end(&mut self, at: usize) -> Result<i8, ParseError> {
        if !self.s.eat_str("から") {
            self.s.eat('の');
            return Ok(-1);
        }
        self.s.skip_spaces();
        let n = small_number(&mut self.s);
        self.s.skip_spaces();
        let n = in_week_range(n).filter(|_| self.s.eat_str("番目"));
        let n = n.ok_or_else(|| self.expected_span(at, self.s.pos(), Expected::Nth))?;
        self.s.eat('の');
        Ok(-n)
    }

    /// 「月・木曜日」「月曜日と木曜日」「火・木」「(水)」, in written order.
    pub(super) fn weekdays(&mut self) -> Result<Vec<Weekday>, ParseError> {
        let mut days = Vec::new();
        loop {
            self.s.skip_spaces();
            let at = self.s.pos();
            let Some(day) = weekday_item(&mut self.s) else {
                return Err(self.expected(at, Expected::Weekday));
            };
            push_unique(&mut days, day);
            let joined = self.s.attempt(|s| {
                s.skip_spaces();
                s.eat_if(joins_weekdays)?;
                s.skip_spaces();
                s.ahead(|s| weekday_item(s).is_some()).then_some(())
            });
            if joined.is_none() {
                return Ok(days);
            }
        }
    }

    /// 「10日・25日」「10・25日」「15日・末日」「月末」, in written order.
    fn days(&mut self) -> Result<Vec<i8>, ParseError> {
        let mut days = Vec::new();
        loop {
            self.s.skip_spaces();
            let day = self.day()?;
            push_unique(&mut days, day);
            let joined = self.s.attempt(|s| {
                s.skip_spaces();
                s.eat_if(joins_list)?;
                s.skip_spaces();
                s.ahead(looks_like_day_item).then_some(())
            });
            if joined.is_none() {
                return Ok(days);
            }
        }
    }

    fn day(&mut self) -> Result<i8, ParseError> {
        let at = self.s.pos();
        if self.s.eat_any(&["月末日", "月末", "末日", "末"]) {
            return Ok(-1);
        }
        let n = self.s.digits().map(|d| d.value);
        // 「10・25日」: the 日 is written once, after the last day.
        let named = self.s.eat('日')
            || self.s.ahead(|s| {
                s.eat_if(joins_list).is_some() && {
                    s.skip_spaces();
                    looks_like_day_item(s)
                }
            });
        n.filter(|_| named)
            .and_then(|n| i8::try_from(n).ok())
            .filter(|n| (1..=31).contains(n))
            .ok_or_else(|| self.expected_span(at, self.s.pos(), Expected::DayOfMonth))
    }
}

fn is_weekly(repeat: &Repeat) -> bool {
    matches!(repeat, Repeat::Weekly { .. })
}

fn interval(repeat: &Repeat) -> u8 {
    match repeat {
        Repeat::Weekly { interval, .. }
        | Repeat::MonthlyByWeekday { interval, .. }
        | Repeat::MonthlyByDay { interval, .. } => *interval,
    }
}

fn interval_mut(repeat: &mut Repeat) -> &mut u8 {
    match repeat {
        Repeat::Weekly { interval, .. }
        | Repeat::MonthlyByWeekday { interval, .. }
        | Repeat::MonthlyByDay { interval, .. } => interval,
    }
}

/// Joins weekdays in one list. Not 「、」: in 「第2水曜日、木曜日」 the Thursday is a weekly rule
/// of its own, not a second Wednesday-like day of the monthly one.
fn joins_weekdays(c: char) -> bool {
    matches!(c, '・' | '･' | '·' | 'と')
}

/// A weekday in a list: 「水」「水曜」「水曜日」「(水)」.
fn weekday_item(s: &mut Scanner) -> Option<Weekday> {
    s.attempt(paren_weekday).or_else(|| s.attempt(weekday_word))
}

/// 「水」「水曜」「水曜日」.
fn weekday_word(s: &mut Scanner) -> Option<Weekday> {
    let day = s.weekday_char()?;
    if s.eat('曜') {
        s.eat('日');
    }
    Some(day)
}

/// 「(水)」「(水曜日)」.
pub(super) fn paren_weekday(s: &mut Scanner) -> Option<Weekday> {
    s.eat('(').then_some(())?;
    s.skip_spaces();
    let day = weekday_word(s)?;
    s.skip_spaces();
    s.eat(')').then_some(day)
}

fn looks_like_nth(s: &mut Scanner) -> bool {
    s.eat('第') || s.eat_str("最終") || s.eat_str("最後")
}

/// What may follow 「第1・」: another 第n, 最終, or a bare number.
fn looks_like_next_nth(s: &mut Scanner) -> bool {
    looks_like_nth(s) || small_number(s).is_some()
}

fn looks_like_day(s: &mut Scanner) -> bool {
    s.digits().is_some() || s.eat_any(&["月末", "末"])
}

/// What may follow 「10日・」: another day, written with 日 or as part of 「10・25日」.
fn looks_like_day_item(s: &mut Scanner) -> bool {
    if s.eat_any(&["月末", "末"]) {
        return true;
    }
    s.digits().is_some() && (s.eat('日') || s.eat_if(joins_list).is_some())
}

/// 1 to 5 as a week of the month.
fn in_week_range(n: Option<u32>) -> Option<i8> {
    n.and_then(|n| i8::try_from(n).ok())
        .filter(|n| (1..=5).contains(n))
}

/// A number after 第: digits, or one kanji numeral (第二).
fn small_number(s: &mut Scanner) -> Option<u32> {
    if let Some(d) = s.digits() {
        return Some(d.value);
    }
    let n = match s.peek()? {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    s.bump();
    Some(n)
}
