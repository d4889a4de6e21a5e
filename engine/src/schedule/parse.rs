//! Reading a schedule as webmasters write it: 「原則毎月第1・第3月曜日（祝祭日はお休み）
//! 14:00〜16:00」 becomes a [`Schedule`], so a facility can paste the line from its own site
//! instead of filling in a form.
//!
//! It reads weekly (毎週, 隔週, 2週ごと), monthly (第2・4, 最終, 隔月, 3か月ごと, 毎月10日, 月末)
//! and dated (2026年12月5日, 2026/12/5) meetings with their times (13:00〜15:00, 13時半,
//! 午後1時から, 正午), several of them in one text, and notes in parentheses or trailing clauses
//! (祝日は休み, 2026年4月1日から, 2027年3月31日まで, 2026年12月30日は休み). Full-width digits and
//! letters are folded first. Lists keep the order they were written in, so the text
//! [`super::words::schedule_ja`] writes reads back to the very same schedule.
//!
//! Anything it does not understand is an error naming the character where reading stopped,
//! never skipped: a misread schedule sends people to a closed door, while an error only asks
//! the webmaster to rephrase.

mod pattern;
mod scan;
#[cfg(test)]
mod tests;
mod time;

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use scan::Scanner;
use tsunagu_contract::schedule::words::weekday_ja;
use tsunagu_contract::schedule::{ClockTime, Repeat, Rule, Schedule, Session};

/// Why a schedule text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    /// Where the problem starts: a 0-based count of characters (not bytes) into the text.
    pub at: usize,
    /// The text there as written, at most a dozen characters (or the whole pattern that has
    /// no time).
    pub fragment: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong at [`ParseError::at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The text there is not something that can come at that point.
    Expected(Expected),
    /// A pattern or date with no time of day anywhere after it.
    NoTime,
    /// A meeting that ends before or when it starts.
    EndNotAfterStart {
        /// When it starts.
        start: ClockTime,
        /// When it was said to end.
        end: ClockTime,
    },
    /// A date followed by the wrong weekday, as in 2026年12月6日(土) (a Sunday).
    WrongWeekday {
        /// The date.
        date: NaiveDate,
        /// The weekday written after it.
        written: Weekday,
    },
    /// Notes only, such as 「祝日は休み」, and no day the group meets.
    NoMeetings,
    /// No text at all.
    Empty,
}

/// What the parser could have read where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// The start of a meeting pattern.
    Pattern,
    /// A note inside parentheses.
    Note,
    /// A weekday.
    Weekday,
    /// 第n or a day of the month after 毎月 or 隔月.
    MonthlyDays,
    /// A week of the month, 第1 to 第5 or counted from the end.
    Nth,
    /// A day of the month, 1日 to 31日 or 末日.
    DayOfMonth,
    /// An interval such as 2週ごと.
    Interval,
    /// A time of day.
    Time,
    /// 12時 with 午前 or 午後, which people read both as noon and as midnight.
    TwelveOClock,
    /// A time of day with no pattern or date before it to belong to.
    PatternBeforeTime,
    /// A date that exists.
    Date,
    /// The year of a date: 「12月5日」 alone could be any year's.
    Year,
    /// One date before から, より or 〜.
    OneDate,
    /// A break (「〜は休み」) that ends after it starts and lasts at most a year.
    ShortBreak,
    /// What happens on public holidays.
    HolidayRule,
    /// The ) closing a (.
    CloseParen,
    /// The ( opening a ).
    OpenParen,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Pattern => "a weekday, 第n, 毎週, 隔週 or 毎月n日",
            Expected::Note => "a note such as 祝日は休み, 2026年4月1日から or 2026年12月30日は休み",
            Expected::Weekday => "a weekday: 月, 火, 水, 木, 金, 土 or 日(曜日)",
            Expected::MonthlyDays => "第n, 最終 or a day of the month such as 10日 after 毎月 or 隔月",
            Expected::Nth => "a week of the month from 第1 to 第5, 最終 or 最後から2番目",
            Expected::DayOfMonth => "a day of the month from 1日 to 31日, or 末日",
            Expected::Interval => "an interval such as 2週ごと or 3か月ごと (1 to 255)",
            Expected::Time => {
                "a time of day from 0:00 to 23:59 such as 13:00, 13時半 or 午後1時 (午前/午後 with 0時 to 11時)"
            }
            Expected::TwelveOClock => {
                "正午 or 12:00 for noon, 0:00 for midnight (午前12時 and 午後12時 are read both ways)"
            }
            Expected::PatternBeforeTime => "a weekday, 第n or a date before the time",
            Expected::Date => "a real date such as 2026年12月5日 or 2026/12/5",
            Expected::Year => "the year too, as in 2026年12月5日",
            Expected::OneDate => "a single date before から, より or 〜",
            Expected::ShortBreak => {
                "a break (は休み) ending on or after its first day, at most a year later"
            }
            Expected::HolidayRule => "祝日は休み or 祝日も開催",
            Expected::CloseParen => "a ) closing this (",
            Expected::OpenParen => "a ( before this )",
        })
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // People count characters from 1; `at` stays 0-based for programs.
        let (at, fragment) = (self.at + 1, &self.fragment);
        match &self.problem {
            Problem::Expected(what) => write!(
                f,
                "could not read \"{fragment}\" at character {at}: expected {what}"
            ),
            Problem::NoTime => write!(
                f,
                "no time given for {fragment} (character {at}): add one such as 13:00〜15:00"
            ),
            Problem::EndNotAfterStart { start, end } => write!(
                f,
                "\"{fragment}\" at character {at} ends at {end}, which is not after its start {start}"
            ),
            Problem::WrongWeekday { date, written } => write!(
                f,
                "could not read \"{fragment}\" at character {at}: {}年{}月{}日 is a {}曜日, not a {}曜日",
                date.year(),
                date.month(),
                date.day(),
                weekday_ja(date.weekday()),
                weekday_ja(*written)
            ),
            Problem::NoMeetings => write!(
                f,
                "no meeting days in \"{fragment}\": write them like 第2・4水曜日 13:00〜15:00, \
                 or 要相談 if the group meets by appointment"
            ),
            Problem::Empty => f.write_str(
                "nothing to read: write when the group meets, like 第2・4水曜日 13:00〜15:00",
            ),
        }
    }
}

/// Texts that mean "by appointment": the empty schedule, which [`super::words::schedule_ja`]
/// writes as the first of them.
const BY_APPOINTMENT: [&str; 8] = [
    "日程はお問い合わせください",
    "日程はお問い合わせ下さい",
    "お問い合わせください",
    "お問い合わせ下さい",
    "随時",
    "随時開催",
    "要相談",
    "応相談",
];

/// Words that say nothing about when: 「原則毎月第1月曜日」 is 「毎月第1月曜日」, and labels
/// such as 「日時：」 copied along with the schedule.
const FILLERS: [&str; 9] = [
    "原則として",
    "原則",
    "※",
    "開催日時:",
    "開催日:",
    "日時:",
    "日程:",
    "時間:",
    "開催:",
];

/// The longest break 「〜は休み」 spells out day by day, so that a typo in a year cannot fill
/// the schedule with thousands of dates.
const MAX_BREAK_DAYS: i64 = 366;

/// Public holidays, longest first so that 祝祭日 is not read as 祝 and garbage.
const HOLIDAYS: [&str; 5] = ["国民の祝日", "祝祭日", "祝休日", "祝日", "祭日"];

/// 「は休み」 and its variants, after a holiday or a date.
const CLOSED: [&str; 8] = [
    "お休み",
    "休み",
    "休会",
    "休止",
    "休館",
    "中止",
    "除く",
    "なし",
];

/// 「祝日も開催」 and its variants.
const OPEN: [&str; 4] = ["開催", "実施", "あり", "活動"];

/// Politeness after a note: 「祝日はお休みです」.
const NOTE_ENDINGS: [&str; 3] = ["となります", "です", "します"];

/// Reads a schedule written in Japanese, such as 「第2・4水曜日 13:00〜21:00（祝日は休み）」.
/// Returns the schedule as written: it does not call [`Schedule::validate`], so 「隔週水曜日
/// 19:00〜」 without a start date is returned and `validate` then asks for one.
pub fn parse(text: &str) -> Result<Schedule, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError {
            at: 0,
            fragment: String::new(),
            problem: Problem::Empty,
        });
    }
    if by_appointment(text) {
        return Ok(Schedule::default());
    }
    Parser::new(text).run()
}

fn by_appointment(text: &str) -> bool {
    let folded = tsunagu_contract::text::fold_width(text);
    let words = folded.trim().trim_end_matches(['。', '.']).trim_end();
    BY_APPOINTMENT.contains(&words)
}

/// Characters between the parts of a schedule; the parts themselves say where they start.
fn separates(c: char) -> bool {
    matches!(
        c,
        '、' | '､' | ',' | '/' | ';' | '。' | '・' | '･' | '·' | 'と' | 'の'
    )
}

/// Characters joining the items of one list: 「第1・3」「10日、25日」「12月30日と1月6日」.
fn joins_list(c: char) -> bool {
    matches!(c, '・' | '･' | '·' | 'と' | '、' | '､' | ',')
}

/// A pattern or date read but still waiting for the time of day written after it.
#[derive(Debug, Clone)]
struct Pending {
    what: Awaiting,
    at: usize,
    end: usize,
}

#[derive(Debug, Clone)]
enum Awaiting {
    Rule(Repeat),
    Session(NaiveDate),
}

/// A date and where it was written.
#[derive(Debug, Clone, Copy)]
struct Dated {
    date: NaiveDate,
    at: usize,
}

struct Parser {
    s: Scanner,
    schedule: Schedule,
    /// Read since the last time of day: 「第2・4水曜日、第1土曜日 13:00〜15:00」 gives the time
    /// to both patterns.
    pending: Vec<Pending>,
    /// What the last time of day went to: a second time right after
    /// (「土曜日 10:00〜12:00、14:00〜16:00」) is a second meeting on the same days.
    timed: Vec<Pending>,
    /// Where each parenthesis still open was opened.
    open: Vec<usize>,
}

impl Parser {
    fn new(text: &str) -> Parser {
        Parser {
            s: Scanner::new(text),
            schedule: Schedule::default(),
            pending: Vec::new(),
            timed: Vec::new(),
            open: Vec::new(),
        }
    }

    fn run(mut self) -> Result<Schedule, ParseError> {
        loop {
            self.separators()?;
            if self.s.at_end() {
                return self.finish();
            }
            let before = self.s.pos();
            self.element()?;
            // Every element reads something; this keeps a future one that does not from
            // looping forever.
            if self.s.pos() == before {
                return Err(self.expected(before, self.unknown()));
            }
        }
    }

    /// Skips separators and parentheses, which only group: a note, a time or a weekday may
    /// sit in them anywhere.
    fn separators(&mut self) -> Result<(), ParseError> {
        loop {
            self.s.skip_spaces();
            let at = self.s.pos();
            // 「(水)」 is a weekday, read by the pattern.
            if self.s.ahead(|s| pattern::paren_weekday(s).is_some()) {
                return Ok(());
            }
            if self.s.eat('(') {
                self.open.push(at);
            } else if self.s.eat(')') {
                if self.open.pop().is_none() {
                    return Err(self.expected(at, Expected::OpenParen));
                }
            } else if self.s.eat_if(separates).is_none() {
                return Ok(());
            }
        }
    }

    fn element(&mut self) -> Result<(), ParseError> {
        if self.s.eat_any(&FILLERS) || self.holiday_note()? {
            return Ok(());
        }
        if self.s.ahead(looks_like_date) {
            return self.dates();
        }
        if self.s.ahead(looks_like_yearless_date) {
            return Err(self.expected(self.s.pos(), Expected::Year));
        }
        if self.s.ahead(time::looks_like_time) {
            return self.time();
        }
        self.pattern()
    }

    fn finish(mut self) -> Result<Schedule, ParseError> {
        if let Some(&at) = self.open.last() {
            return Err(self.expected(at, Expected::CloseParen));
        }
        if let Some(p) = self.pending.first() {
            return Err(ParseError {
                at: p.at,
                fragment: self.s.text(p.at, p.end),
                problem: Problem::NoTime,
            });
        }
        if self.schedule.is_empty() {
            return Err(ParseError {
                at: 0,
                fragment: self.s.fragment(0, usize::MAX),
                problem: Problem::NoMeetings,
            });
        }
        // 「祝日は休み」 only ever cancels meetings of a rule: dated sessions are held as
        // written. Without rules the note changes nothing, so it is not kept (the words would
        // not repeat it, and the schedule would not read back the same).
        if self.schedule.rules.is_empty() {
            self.schedule.skip_holidays = false;
        }
        Ok(self.schedule)
    }

    /// What an unknown word at the start of an element should have been.
    fn unknown(&self) -> Expected {
        if self.open.is_empty() {
            Expected::Pattern
        } else {
            Expected::Note
        }
    }

    fn expected(&self, at: usize, what: Expected) -> ParseError {
        self.expected_span(at, self.s.word_end(at), what)
    }

    /// An error quoting the text from `at` to `end`, or the word at `at` if that is empty.
    fn expected_span(&self, at: usize, end: usize, what: Expected) -> ParseError {
        let end = if end > at { end } else { self.s.word_end(at) };
        ParseError {
            at,
            fragment: self.s.fragment(at, end),
            problem: Problem::Expected(what),
        }
    }

    /// 「祝日は休み」「祝祭日はお休み」「祝日休み」 or 「祝日も開催」.
    fn holiday_note(&mut self) -> Result<bool, ParseError> {
        let at = self.s.pos();
        if !self.s.eat_any(&HOLIDAYS) {
            return Ok(false);
        }
        self.s.eat_str("の場合");
        self.s.skip_spaces();
        let skip = if self.s.eat('も') {
            self.s.skip_spaces();
            self.s.eat_any(&OPEN).then_some(false)
        } else {
            self.s.eat_any(&["は", "を"]);
            self.s.skip_spaces();
            self.s.eat_any(&CLOSED).then_some(true)
        };
        let skip = skip.ok_or_else(|| self.expected(at, Expected::HolidayRule))?;
        self.s.eat_any(&NOTE_ENDINGS);
        self.schedule.skip_holidays = skip;
        Ok(true)
    }

    /// Dates and what is said of them: meetings (with a time), the first or last date
    /// (から, まで), or days off (は休み).
    fn dates(&mut self) -> Result<(), ParseError> {
        let list = self.date_list()?;
        let before_suffix = self.s.pos();
        self.s.skip_spaces();
        if self.s.eat_any(&["から", "より"]) {
            return self.period(&list, false);
        }
        if time::eat_range_mark(&mut self.s) {
            return self.period(&list, true);
        }
        if self.s.eat_str("まで") {
            self.schedule.until = Some(self.one_date(&list)?);
            return Ok(());
        }
        if self.s.attempt(closed).is_some() {
            for d in &list {
                push_unique(&mut self.schedule.except, d.date);
            }
            return Ok(());
        }
        self.s.reset(before_suffix);
        let end = self.s.pos();
        // Each date waits for the time after the list: 「12月5日・6日 13:00〜」 is two meetings.
        let waiting = list.iter().map(|d| Pending {
            what: Awaiting::Session(d.date),
            at: d.at,
            end,
        });
        self.pending.extend(waiting);
        Ok(())
    }

    fn date_list(&mut self) -> Result<Vec<Dated>, ParseError> {
        let mut list = Vec::new();
        loop {
            let at = self.s.pos();
            let date = self.date()?;
            list.push(Dated { date, at });
            let joined = self.s.attempt(|s| {
                s.skip_spaces();
                s.eat_if(joins_list)?;
                s.skip_spaces();
                s.ahead(looks_like_date).then_some(())
            });
            if joined.is_none() {
                return Ok(list);
            }
        }
    }

    /// After 「2026年4月1日から」: the first date, and the last if it follows; or, with は休み
    /// after the last, a break.
    fn period(&mut self, list: &[Dated], by_mark: bool) -> Result<(), ParseError> {
        let starts = self.one_date(list)?;
        let before_until = self.s.pos();
        self.s.skip_spaces();
        let until_at = self.s.pos();
        if self.s.ahead(looks_like_date) {
            let until = self.date()?;
            self.s.skip_spaces();
            // 「から」 then a date could begin a dated meeting; only 「まで」 or a range mark
            // makes it the last date.
            if self.s.eat_str("まで") || by_mark {
                if self.s.attempt(closed).is_some() {
                    return self.break_between(starts, until, until_at);
                }
                self.schedule.starts = Some(starts);
                self.schedule.until = Some(until);
                self.s.eat_any(&NOTE_ENDINGS);
                return Ok(());
            }
        }
        self.s.reset(before_until);
        self.schedule.starts = Some(starts);
        Ok(())
    }

    /// 「2026年12月28日〜2027年1月4日は休み」: every day of the break is a day off.
    fn break_between(
        &mut self,
        first: NaiveDate,
        last: NaiveDate,
        last_at: usize,
    ) -> Result<(), ParseError> {
        let days = (last - first).num_days();
        if !(0..=MAX_BREAK_DAYS).contains(&days) {
            return Err(self.expected_span(last_at, self.s.pos(), Expected::ShortBreak));
        }
        for day in first.iter_days().take_while(|d| *d <= last) {
            push_unique(&mut self.schedule.except, day);
        }
        Ok(())
    }

    fn one_date(&self, list: &[Dated]) -> Result<NaiveDate, ParseError> {
        match list {
            [one] => Ok(one.date),
            [_, second, ..] => Err(self.expected(second.at, Expected::OneDate)),
            [] => Err(self.expected(self.s.pos(), Expected::Date)),
        }
    }

    /// 「2026年12月5日」 or 「2026/12/5」, with the weekday after it checked if there is one.
    fn date(&mut self) -> Result<NaiveDate, ParseError> {
        let at = self.s.pos();
        let date = self.s.attempt(read_date).and_then(|(y, m, d)| {
            let year = i32::try_from(y).ok()?;
            NaiveDate::from_ymd_opt(year, m, d)
        });
        let Some(date) = date else {
            return Err(self.expected_span(at, self.s.pos(), Expected::Date));
        };
        self.written_weekday(date)?;
        Ok(date)
    }

    /// A weekday written after a date must be that date's: a mismatch means one of them is a
    /// typo, and guessing which would be a coin toss.
    fn written_weekday(&mut self, date: NaiveDate) -> Result<(), ParseError> {
        let before = self.s.pos();
        self.s.skip_spaces();
        let at = self.s.pos();
        match self.s.attempt(pattern::paren_weekday) {
            Some(written) if written != date.weekday() => Err(ParseError {
                at,
                fragment: self.s.fragment(at, self.s.pos()),
                problem: Problem::WrongWeekday { date, written },
            }),
            Some(_) => Ok(()),
            None => {
                self.s.reset(before);
                Ok(())
            }
        }
    }

    /// Gives a time of day to everything waiting for one.
    fn give_time(
        &mut self,
        at: usize,
        start: ClockTime,
        end: Option<ClockTime>,
    ) -> Result<(), ParseError> {
        if self.pending.is_empty() {
            if self.timed.is_empty() {
                return Err(self.expected(at, Expected::PatternBeforeTime));
            }
            self.pending = self.timed.clone();
        }
        for waiting in &self.pending {
            match &waiting.what {
                Awaiting::Rule(repeat) => self.schedule.rules.push(Rule {
                    repeat: repeat.clone(),
                    start,
                    end,
                }),
                Awaiting::Session(date) => self.schedule.dates.push(Session {
                    date: *date,
                    start,
                    end,
                }),
            }
        }
        self.timed = std::mem::take(&mut self.pending);
        Ok(())
    }
}

/// 「は休み」「はお休み」「休み」「を除く」 after dates.
fn closed(s: &mut Scanner) -> Option<()> {
    s.eat_any(&["は", "を"]);
    s.skip_spaces();
    s.eat_any(&CLOSED).then_some(())?;
    s.eat_any(&NOTE_ENDINGS);
    Some(())
}

/// Year, month and day as written, not yet checked to be a real date.
fn read_date(s: &mut Scanner) -> Option<(u32, u32, u32)> {
    let year = s.digits()?.value;
    let slashed = s.eat('/');
    if !slashed && !s.eat('年') {
        return None;
    }
    s.skip_spaces();
    let month = s.digits()?.value;
    if !s.eat(if slashed { '/' } else { '月' }) {
        return None;
    }
    s.skip_spaces();
    let day = s.digits()?.value;
    if !slashed && !s.eat('日') {
        return None;
    }
    Some((year, month, day))
}

/// Whether a date starts here: digits then 年, or digits/digits/.
fn looks_like_date(s: &mut Scanner) -> bool {
    if s.digits().is_none() {
        return false;
    }
    s.eat('年') || (s.eat('/') && s.digits().is_some() && s.eat('/'))
}

/// Whether a date without its year starts here: 「12月5日」.
fn looks_like_yearless_date(s: &mut Scanner) -> bool {
    s.digits().is_some() && s.eat('月') && s.digits().is_some() && s.eat('日')
}

/// Adds `item` unless the list has it: 「月・月曜日」 names Monday once.
fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
