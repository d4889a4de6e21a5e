//! Times of day: 13:00〜15:00, 13時半から15時まで, 午後1時〜3時, 10:00〜正午.

use tsunagu_contract::schedule::ClockTime;

use super::scan::Scanner;
use super::{Expected, ParseError, Parser, Problem};

/// A time as read, and whether 午前, 午後 or 正午 said which half of the day it is in.
#[derive(Debug, Clone, Copy)]
struct TimePoint {
    time: ClockTime,
    marked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

impl Parser {
    /// A time of day or range, given to the patterns and dates before it.
    pub(super) fn time(&mut self) -> Result<(), ParseError> {
        let at = self.s.pos();
        let (start, end) = self.time_range()?;
        if let Some(end) = end
            && end <= start
        {
            return Err(ParseError {
                at,
                fragment: self.s.fragment(at, self.s.pos()),
                problem: Problem::EndNotAfterStart { start, end },
            });
        }
        self.give_time(at, start, end)
    }

    /// 「13:00〜15:00」「13時から15時まで」「13:00〜」「午後1時から」「13:00」.
    fn time_range(&mut self) -> Result<(ClockTime, Option<ClockTime>), ParseError> {
        let start = self.time_point()?;
        let before_mark = self.s.pos();
        self.s.skip_spaces();
        if !(eat_range_mark(&mut self.s) || self.s.eat_str("から")) {
            self.s.reset(before_mark);
            return Ok((start.time, None));
        }
        let after_mark = self.s.pos();
        self.s.skip_spaces();
        if !self.s.ahead(looks_like_time) {
            self.s.reset(after_mark);
            return Ok((start.time, None));
        }
        let end = self.time_point()?;
        self.s.skip_spaces();
        self.s.eat_str("まで");
        Ok((start.time, Some(afternoon_carried(start, end))))
    }

    /// 「13:00」「13時」「13時30分」「13時半」「午後1時」「正午」, with an optional 頃.
    fn time_point(&mut self) -> Result<TimePoint, ParseError> {
        let at = self.s.pos();
        let meridiem = if self.s.eat_str("午前") {
            Some(Meridiem::Am)
        } else if self.s.eat_str("午後") {
            Some(Meridiem::Pm)
        } else {
            None
        };
        self.s.skip_spaces();
        if self.s.eat_str("正午") {
            self.s.eat_any(&["頃", "ごろ"]);
            return Ok(TimePoint {
                time: ClockTime::NOON,
                marked: true,
            });
        }
        let Some((hour, minute)) = self.s.attempt(read_clock) else {
            return Err(self.expected(at, Expected::Time));
        };
        let end = self.s.pos();
        self.s.eat_any(&["頃", "ごろ"]);
        let hour = match (meridiem, hour) {
            (Some(_), 12) => return Err(self.expected_span(at, end, Expected::TwelveOClock)),
            (None, hour) => Some(hour),
            (Some(Meridiem::Am), hour) => (hour < 12).then_some(hour),
            (Some(Meridiem::Pm), hour) => (hour < 12).then_some(hour + 12),
        };
        let time =
            hour.and_then(|h| ClockTime::new(u8::try_from(h).ok()?, u8::try_from(minute).ok()?));
        let time = time.ok_or_else(|| self.expected_span(at, end, Expected::Time))?;
        Ok(TimePoint {
            time,
            marked: meridiem.is_some(),
        })
    }
}

/// 「午後1時〜3時」 ends at 15:00: an end written without 午前/午後 after a start written with
/// one is read in the afternoon when the morning reading would end the meeting before it
/// starts. 「午前10時〜午後3時」 says so itself, and 24-hour times are taken as written.
fn afternoon_carried(start: TimePoint, end: TimePoint) -> ClockTime {
    let t = end.time;
    if start.marked && !end.marked && t <= start.time && t.hour() < 12 {
        ClockTime::new(t.hour() + 12, t.minute()).unwrap_or(t)
    } else {
        t
    }
}

/// Hour and minute as written, not yet checked to be a time of day.
fn read_clock(s: &mut Scanner) -> Option<(u32, u32)> {
    let hour = s.digits().filter(|d| d.len <= 2)?.value;
    if s.eat(':') {
        // Two digits, as in ClockTime::parse: 「13:5」 is a typo, not 13:05.
        let minute = s.digits().filter(|d| d.len == 2)?.value;
        return Some((hour, minute));
    }
    if !s.eat('時') {
        return None;
    }
    if s.eat('半') {
        return Some((hour, 30));
    }
    let minute = match s.digits() {
        Some(d) if d.len <= 2 => d.value,
        Some(_) => return None,
        None => return Some((hour, 0)),
    };
    s.eat('分');
    Some((hour, minute))
}

/// 〜 and the other marks people put between two times or dates.
pub(super) fn eat_range_mark(s: &mut Scanner) -> bool {
    s.eat_if(|c| matches!(c, '〜' | '~' | '-' | '–' | '—' | '―' | '‐' | '−'))
        .is_some()
}

/// Whether a time of day starts here.
pub(super) fn looks_like_time(s: &mut Scanner) -> bool {
    if s.eat_any(&["午前", "午後", "正午"]) {
        return true;
    }
    s.digits().is_some() && (s.eat(':') || s.eat('時'))
}
