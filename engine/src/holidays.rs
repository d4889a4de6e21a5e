//! Japanese national public holidays (国民の祝日) and the days off the holiday law derives from
//! them, so that group schedules such as 「第2・第4火曜（祝日は休み）」 can be expanded into dates.
//!
//! The rules are computed, not looked up: a handful of comparisons per date, no table and no
//! allocation in [`holiday`] and [`is_holiday`], which run for every candidate date of every
//! group. They follow the law's history from [`VERIFIED_FROM`] to [`VERIFIED_TO`]:
//!
//! - the 2000 and 2003 happy-Monday moves (成人の日, 体育の日, then 海の日 and 敬老の日);
//! - the 2007 changes: 4/29 becomes 昭和の日 and みどりの日 moves to 5/4, and a 振替休日
//!   becomes the next day that is not a holiday instead of simply the Monday;
//! - 山の日 from 2016; 体育の日 renamed スポーツの日 from 2020;
//! - 天皇誕生日 on 12/23 until 2018, none in 2019, 2/23 from 2020;
//! - 2019's one-off days off for the enthronement (5/1 and 10/22; 4/30 and 5/2 follow from the
//!   citizens' holiday rule because the law treats 5/1 like a national holiday);
//! - the Olympic moves of 2020 and 2021;
//! - 春分の日 and 秋分の日 by the usual approximation of the equinox, valid 1980–2099.
//!
//! Within that range every day was compared with the Cabinet Office's published list (through
//! 2027, the last year it covers) and with an independent implementation; the equinox dates
//! after 2027 agree with an astronomical calculation. The equinox days are only fixed by law
//! each February for the following year, so far-future dates remain forecasts.
//!
//! Outside the range no further history is modelled. Later years get today's rules (with the
//! equinox approximation extended across the Gregorian leap-year rule) and never a future
//! one-off holiday; earlier years get the rules as they stood in 2000, which is wrong before
//! 2000 (for example 成人の日 was fixed on 1/15 until 1999).

use chrono::{Datelike, NaiveDate, Weekday};

/// First year whose holidays were checked day by day against published data.
pub const VERIFIED_FROM: i32 = 2000;

/// Last year whose holidays were checked (for the equinox days: against an astronomical
/// forecast, as the law fixes them only a year ahead).
pub const VERIFIED_TO: i32 = 2040;

/// A day off under the Act on National Holidays (国民の祝日に関する法律) or one of the special
/// laws that added or moved days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    /// 元日, 1 January.
    NewYear,
    /// 成人の日, the second Monday of January.
    ComingOfAge,
    /// 建国記念の日, 11 February.
    NationalFoundation,
    /// 天皇誕生日: 23 December until 2018, 23 February from 2020.
    EmperorsBirthday,
    /// 春分の日, the day of the March equinox in Japan.
    VernalEquinox,
    /// 昭和の日, 29 April from 2007.
    Showa,
    /// 憲法記念日, 3 May.
    Constitution,
    /// みどりの日: 29 April until 2006, 4 May from 2007.
    Greenery,
    /// こどもの日, 5 May.
    Children,
    /// 海の日, the third Monday of July (20 July before 2003; moved in 2020 and 2021).
    Marine,
    /// 山の日, 11 August from 2016 (moved in 2020 and 2021).
    Mountain,
    /// 敬老の日, the third Monday of September (15 September before 2003).
    RespectForAged,
    /// 秋分の日, the day of the September equinox in Japan.
    AutumnalEquinox,
    /// 体育の日, the second Monday of October until 2019.
    HealthAndSports,
    /// スポーツの日, the second Monday of October from 2020 (moved to July in 2020 and 2021).
    Sports,
    /// 文化の日, 3 November.
    Culture,
    /// 勤労感謝の日, 23 November.
    LabourThanksgiving,
    /// 天皇の即位の日, 1 May 2019 only.
    Enthronement,
    /// 即位礼正殿の儀, 22 October 2019 only.
    EnthronementCeremony,
    /// 振替休日: a national holiday fell on a Sunday.
    Substitute,
    /// 国民の休日: a day sandwiched between two national holidays.
    Citizens,
}

impl Holiday {
    /// The Japanese name, as the Cabinet Office writes it.
    pub fn name_ja(self) -> &'static str {
        match self {
            Holiday::NewYear => "元日",
            Holiday::ComingOfAge => "成人の日",
            Holiday::NationalFoundation => "建国記念の日",
            Holiday::EmperorsBirthday => "天皇誕生日",
            Holiday::VernalEquinox => "春分の日",
            Holiday::Showa => "昭和の日",
            Holiday::Constitution => "憲法記念日",
            Holiday::Greenery => "みどりの日",
            Holiday::Children => "こどもの日",
            Holiday::Marine => "海の日",
            Holiday::Mountain => "山の日",
            Holiday::RespectForAged => "敬老の日",
            Holiday::AutumnalEquinox => "秋分の日",
            Holiday::HealthAndSports => "体育の日",
            Holiday::Sports => "スポーツの日",
            Holiday::Culture => "文化の日",
            Holiday::LabourThanksgiving => "勤労感謝の日",
            Holiday::Enthronement => "天皇の即位の日",
            Holiday::EnthronementCeremony => "即位礼正殿の儀",
            Holiday::Substitute => "振替休日",
            Holiday::Citizens => "国民の休日",
        }
    }

    /// The English name, following the Cabinet Office's English pages.
    pub fn name_en(self) -> &'static str {
        match self {
            Holiday::NewYear => "New Year's Day",
            Holiday::ComingOfAge => "Coming of Age Day",
            Holiday::NationalFoundation => "National Foundation Day",
            Holiday::EmperorsBirthday => "The Emperor's Birthday",
            Holiday::VernalEquinox => "Vernal Equinox Day",
            Holiday::Showa => "Showa Day",
            Holiday::Constitution => "Constitution Memorial Day",
            Holiday::Greenery => "Greenery Day",
            Holiday::Children => "Children's Day",
            Holiday::Marine => "Marine Day",
            Holiday::Mountain => "Mountain Day",
            Holiday::RespectForAged => "Respect for the Aged Day",
            Holiday::AutumnalEquinox => "Autumnal Equinox Day",
            Holiday::HealthAndSports => "Health and Sports Day",
            Holiday::Sports => "Sports Day",
            Holiday::Culture => "Culture Day",
            Holiday::LabourThanksgiving => "Labour Thanksgiving Day",
            Holiday::Enthronement => "Day of the Emperor's Enthronement",
            Holiday::EnthronementCeremony => "Enthronement Ceremony Day",
            Holiday::Substitute => "Substitute holiday",
            Holiday::Citizens => "Citizens' holiday",
        }
    }
}

/// The holiday falling on `date`, if any.
///
/// Cheap enough to call for every date of a long schedule: it allocates nothing and looks at no
/// more than a few neighbouring days. See the module documentation for the years it is exact for.
pub fn holiday(date: NaiveDate) -> Option<Holiday> {
    if let Some(national) = national(date) {
        return Some(national);
    }
    // Both derived kinds of day off follow a national holiday, so almost every ordinary day
    // stops here.
    national(date.pred_opt()?)?;
    if is_substitute(date) {
        Some(Holiday::Substitute)
    } else if is_citizens(date) {
        Some(Holiday::Citizens)
    } else {
        None
    }
}

/// Whether `date` is a holiday of any kind (national, substitute or citizens').
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday(date).is_some()
}

/// Every holiday of `year`, sorted by date; empty for years chrono cannot represent.
pub fn holidays_in_year(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|date| date.year() == year)
        .filter_map(|date| holiday(date).map(|kind| (date, kind)))
        .collect()
}

/// The national holiday (国民の祝日) on `date`, including 2019's enthronement days, which the
/// special law made count as national holidays for the substitute and citizens' rules.
fn national(date: NaiveDate) -> Option<Holiday> {
    let (year, day) = (date.year(), date.day());
    let nth_monday = |n: u32| date.weekday() == Weekday::Mon && (day - 1) / 7 + 1 == n;
    let found = match date.month() {
        1 if day == 1 => Holiday::NewYear,
        1 if nth_monday(2) => Holiday::ComingOfAge,
        2 if day == 11 => Holiday::NationalFoundation,
        2 if day == 23 && year >= 2020 => Holiday::EmperorsBirthday,
        3 if i64::from(day) == vernal_equinox_day(year) => Holiday::VernalEquinox,
        4 if day == 29 && year >= 2007 => Holiday::Showa,
        4 if day == 29 => Holiday::Greenery,
        5 if day == 1 && year == 2019 => Holiday::Enthronement,
        5 if day == 3 => Holiday::Constitution,
        5 if day == 4 && year >= 2007 => Holiday::Greenery,
        5 if day == 5 => Holiday::Children,
        // The Olympic special measures law moved 海の日 and スポーツの日 next to the opening
        // ceremony, in 2020 and again when the games were postponed to 2021.
        7 => match (year, day) {
            (2020, 23) | (2021, 22) => Holiday::Marine,
            (2020, 24) | (2021, 23) => Holiday::Sports,
            (2020 | 2021, _) => return None,
            _ if year >= 2003 && nth_monday(3) => Holiday::Marine,
            _ if year < 2003 && day == 20 => Holiday::Marine,
            _ => return None,
        },
        8 if year >= 2016 => {
            let mountain_day = match year {
                2020 => 10,
                2021 => 8,
                _ => 11,
            };
            if day != mountain_day {
                return None;
            }
            Holiday::Mountain
        }
        9 if year >= 2003 && nth_monday(3) => Holiday::RespectForAged,
        9 if year < 2003 && day == 15 => Holiday::RespectForAged,
        9 if i64::from(day) == autumnal_equinox_day(year) => Holiday::AutumnalEquinox,
        10 if day == 22 && year == 2019 => Holiday::EnthronementCeremony,
        10 if nth_monday(2) && year < 2020 => Holiday::HealthAndSports,
        10 if nth_monday(2) && year > 2021 => Holiday::Sports,
        11 if day == 3 => Holiday::Culture,
        11 if day == 23 => Holiday::LabourThanksgiving,
        12 if day == 23 && year <= 2018 => Holiday::EmperorsBirthday,
        _ => return None,
    };
    Some(found)
}

/// Whether `date`, not itself a national holiday, is the 振替休日 for a national holiday that
/// fell on a Sunday.
fn is_substitute(date: NaiveDate) -> bool {
    // The 2005 amendment (in force 1 January 2007) made the substitute the nearest later day
    // that is not a national holiday, so a Sunday 5/3 now moves to 5/6. The 2006 calendar ends
    // on an ordinary day, so deciding by the substitute's own year applies each rule exactly.
    if date.year() < 2007 {
        return date.pred_opt().is_some_and(|previous| {
            previous.weekday() == Weekday::Sun && national(previous).is_some()
        });
    }
    let mut day = date;
    // Walking back over consecutive national holidays meets a Sunday within a week.
    for _ in 0..7 {
        let Some(previous) = day.pred_opt() else {
            return false;
        };
        if national(previous).is_none() {
            return false;
        }
        if previous.weekday() == Weekday::Sun {
            return true;
        }
        day = previous;
    }
    false
}

/// Whether `date`, not itself a national or substitute holiday, is a 国民の休日: both
/// neighbours are national holidays.
fn is_citizens(date: NaiveDate) -> bool {
    // Until 2006 the law left Sundays out (they were days off anyway); the amended wording only
    // excludes national holidays.
    if date.year() < 2007 && date.weekday() == Weekday::Sun {
        return false;
    }
    date.pred_opt().and_then(national).is_some() && date.succ_opt().and_then(national).is_some()
}

/// Day of March of the vernal equinox in Japan.
fn vernal_equinox_day(year: i32) -> i64 {
    equinox_day(year, 20_843_100)
}

/// Day of September of the autumnal equinox in Japan.
fn autumnal_equinox_day(year: i32) -> i64 {
    equinox_day(year, 23_248_800)
}

/// The customary approximation `floor(base + 0.242194 (y − 1980) − leap days since 1980)`
/// (see e.g. 『新こよみ便利帳』), in millionths of a day so that the result is exact.
///
/// The published form counts leap days as `(y − 1980) / 4`, which is only right until 2099;
/// counting Gregorian leap years instead gives the same days for 1980–2099 and keeps later
/// centuries close to the real equinox instead of drifting a day per skipped leap year.
fn equinox_day(year: i32, base_micros: i64) -> i64 {
    let leap_years_through = |y: i64| y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400);
    let years = i64::from(year) - 1980;
    let leap_days = leap_years_through(i64::from(year)) - leap_years_through(1980);
    (base_micros + 242_194 * years).div_euclid(1_000_000) - leap_days
}

#[cfg(test)]
mod tests {
    use super::*;
    use Holiday::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn assert_year(year: i32, expected: &[(u32, u32, Holiday)]) {
        let expected: Vec<_> = expected
            .iter()
            .map(|&(month, day, kind)| (d(year, month, day), kind))
            .collect();
        assert_eq!(holidays_in_year(year), expected, "{year}");
    }

    #[test]
    fn full_year_2019_with_the_enthronement_days() {
        assert_year(
            2019,
            &[
                (1, 1, NewYear),
                (1, 14, ComingOfAge),
                (2, 11, NationalFoundation),
                (3, 21, VernalEquinox),
                (4, 29, Showa),
                (4, 30, Citizens),
                (5, 1, Enthronement),
                (5, 2, Citizens),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (5, 6, Substitute),
                (7, 15, Marine),
                (8, 11, Mountain),
                (8, 12, Substitute),
                (9, 16, RespectForAged),
                (9, 23, AutumnalEquinox),
                (10, 14, HealthAndSports),
                (10, 22, EnthronementCeremony),
                (11, 3, Culture),
                (11, 4, Substitute),
                (11, 23, LabourThanksgiving),
            ],
        );
        // No 天皇誕生日 at all in 2019.
        assert_eq!(holiday(d(2019, 12, 23)), None);
        assert_eq!(holiday(d(2019, 2, 23)), None);
    }

    #[test]
    fn full_year_2020_olympic_moves() {
        assert_year(
            2020,
            &[
                (1, 1, NewYear),
                (1, 13, ComingOfAge),
                (2, 11, NationalFoundation),
                (2, 23, EmperorsBirthday),
                (2, 24, Substitute),
                (3, 20, VernalEquinox),
                (4, 29, Showa),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (5, 6, Substitute),
                (7, 23, Marine),
                (7, 24, Sports),
                (8, 10, Mountain),
                (9, 21, RespectForAged),
                (9, 22, AutumnalEquinox),
                (11, 3, Culture),
                (11, 23, LabourThanksgiving),
            ],
        );
    }

    #[test]
    fn full_year_2021_olympic_moves() {
        assert_year(
            2021,
            &[
                (1, 1, NewYear),
                (1, 11, ComingOfAge),
                (2, 11, NationalFoundation),
                (2, 23, EmperorsBirthday),
                (3, 20, VernalEquinox),
                (4, 29, Showa),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (7, 22, Marine),
                (7, 23, Sports),
                (8, 8, Mountain),
                (8, 9, Substitute),
                (9, 20, RespectForAged),
                (9, 23, AutumnalEquinox),
                (11, 3, Culture),
                (11, 23, LabourThanksgiving),
            ],
        );
    }

    #[test]
    fn full_year_2025() {
        assert_year(
            2025,
            &[
                (1, 1, NewYear),
                (1, 13, ComingOfAge),
                (2, 11, NationalFoundation),
                (2, 23, EmperorsBirthday),
                (2, 24, Substitute),
                (3, 20, VernalEquinox),
                (4, 29, Showa),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (5, 6, Substitute),
                (7, 21, Marine),
                (8, 11, Mountain),
                (9, 15, RespectForAged),
                (9, 23, AutumnalEquinox),
                (10, 13, Sports),
                (11, 3, Culture),
                (11, 23, LabourThanksgiving),
                (11, 24, Substitute),
            ],
        );
    }

    #[test]
    fn full_year_2026() {
        assert_year(
            2026,
            &[
                (1, 1, NewYear),
                (1, 12, ComingOfAge),
                (2, 11, NationalFoundation),
                (2, 23, EmperorsBirthday),
                (3, 20, VernalEquinox),
                (4, 29, Showa),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (5, 6, Substitute),
                (7, 20, Marine),
                (8, 11, Mountain),
                (9, 21, RespectForAged),
                (9, 22, Citizens),
                (9, 23, AutumnalEquinox),
                (10, 12, Sports),
                (11, 3, Culture),
                (11, 23, LabourThanksgiving),
            ],
        );
    }

    #[test]
    fn law_changes_and_derived_days() {
        let cases = [
            // Happy Monday from 2000 (1/10 was the second Monday); 1/15 no longer a holiday.
            (d(2000, 1, 10), Some(ComingOfAge)),
            (d(2000, 1, 15), None),
            (d(2000, 10, 9), Some(HealthAndSports)),
            (d(2000, 10, 10), None),
            // 海の日 and 敬老の日 on fixed dates until 2002, Mondays from 2003.
            (d(2002, 7, 20), Some(Marine)),
            (d(2002, 9, 15), Some(RespectForAged)),
            (d(2002, 9, 16), Some(Substitute)),
            (d(2003, 7, 21), Some(Marine)),
            (d(2003, 7, 20), None),
            (d(2003, 9, 15), Some(RespectForAged)),
            // Until 2006 5/4 was a citizens' holiday between 5/3 and 5/5, but not on a Sunday.
            (d(2006, 4, 29), Some(Greenery)),
            (d(2005, 5, 4), Some(Citizens)),
            (d(2003, 5, 4), None),
            (d(2003, 5, 5), Some(Children)),
            (d(2006, 1, 2), Some(Substitute)),
            // 2007: 昭和の日, みどりの日 on 5/4, and the substitute moved past the holidays.
            (d(2007, 4, 29), Some(Showa)),
            (d(2007, 4, 30), Some(Substitute)),
            (d(2007, 5, 4), Some(Greenery)),
            (d(2008, 5, 6), Some(Substitute)),
            (d(2009, 5, 6), Some(Substitute)),
            (d(2015, 5, 6), Some(Substitute)),
            // Citizens' holidays between 敬老の日 and 秋分の日.
            (d(2009, 9, 22), Some(Citizens)),
            (d(2015, 9, 22), Some(Citizens)),
            (d(2026, 9, 22), Some(Citizens)),
            (d(2032, 9, 21), Some(Citizens)),
            (d(2037, 9, 22), Some(Citizens)),
            // 山の日 from 2016.
            (d(2015, 8, 11), None),
            (d(2016, 8, 11), Some(Mountain)),
            // 天皇誕生日 moved.
            (d(2018, 12, 23), Some(EmperorsBirthday)),
            (d(2018, 12, 24), Some(Substitute)),
            (d(2020, 2, 23), Some(EmperorsBirthday)),
            // Olympic years leave the usual dates empty.
            (d(2020, 7, 20), None),
            (d(2020, 8, 11), None),
            (d(2020, 10, 12), None),
            (d(2021, 7, 19), None),
            (d(2021, 8, 11), None),
            (d(2021, 10, 11), None),
            (d(2022, 10, 10), Some(Sports)),
            (d(2024, 2, 12), Some(Substitute)),
            (d(2024, 2, 13), None),
            (d(2024, 1, 2), None),
            (d(2023, 1, 2), Some(Substitute)),
        ];
        for (date, expected) in cases {
            assert_eq!(holiday(date), expected, "{date}");
            assert_eq!(is_holiday(date), expected.is_some(), "{date}");
        }
    }

    #[test]
    fn equinox_days() {
        let cases = [
            (2000, 20, 23),
            (2012, 20, 22),
            (2022, 21, 23),
            (2024, 20, 22),
            (2026, 20, 23),
            (2027, 21, 23),
            (2028, 20, 22),
            (2030, 20, 23),
            (2031, 21, 23),
            (2040, 20, 22),
        ];
        for (year, march, september) in cases {
            assert_eq!(holiday(d(year, 3, march)), Some(VernalEquinox), "{year}");
            assert_eq!(
                holiday(d(year, 9, september)),
                Some(AutumnalEquinox),
                "{year}"
            );
        }
        assert_eq!(holiday(d(2024, 9, 23)), Some(Substitute));
    }

    #[test]
    fn equinox_matches_the_published_formula_while_it_is_valid() {
        for year in 1980..=2099 {
            let y = f64::from(year - 1980);
            let published = |base: f64| (base + 0.242194 * y - (y / 4.0).floor()).floor() as i64;
            assert_eq!(vernal_equinox_day(year), published(20.8431), "{year}");
            assert_eq!(autumnal_equinox_day(year), published(23.2488), "{year}");
        }
    }

    #[test]
    fn spot_checks_2030_and_2040() {
        assert_year(
            2030,
            &[
                (1, 1, NewYear),
                (1, 14, ComingOfAge),
                (2, 11, NationalFoundation),
                (2, 23, EmperorsBirthday),
                (3, 20, VernalEquinox),
                (4, 29, Showa),
                (5, 3, Constitution),
                (5, 4, Greenery),
                (5, 5, Children),
                (5, 6, Substitute),
                (7, 15, Marine),
                (8, 11, Mountain),
                (8, 12, Substitute),
                (9, 16, RespectForAged),
                (9, 23, AutumnalEquinox),
                (10, 14, Sports),
                (11, 3, Culture),
                (11, 4, Substitute),
                (11, 23, LabourThanksgiving),
            ],
        );
        let cases = [
            (d(2040, 1, 1), Some(NewYear)),
            (d(2040, 1, 2), Some(Substitute)),
            (d(2040, 1, 9), Some(ComingOfAge)),
            (d(2040, 2, 23), Some(EmperorsBirthday)),
            (d(2040, 3, 20), Some(VernalEquinox)),
            (d(2040, 4, 29), Some(Showa)),
            (d(2040, 4, 30), Some(Substitute)),
            (d(2040, 7, 16), Some(Marine)),
            (d(2040, 9, 17), Some(RespectForAged)),
            (d(2040, 9, 22), Some(AutumnalEquinox)),
            // 秋分の日 on a Saturday moves nothing.
            (d(2040, 9, 24), None),
            (d(2040, 10, 8), Some(Sports)),
            (d(2040, 12, 23), None),
        ];
        for (date, expected) in cases {
            assert_eq!(holiday(date), expected, "{date}");
        }
    }

    #[test]
    fn counts_per_year() {
        // Counted from the Cabinet Office's list (syukujitsu.csv), substitutes and citizens'
        // holidays included.
        let counts = [
            (2000, 15),
            (2001, 19),
            (2002, 18),
            (2003, 15),
            (2004, 15),
            (2005, 16),
            (2006, 16),
            (2007, 19),
            (2008, 17),
            (2009, 17),
            (2010, 16),
            (2011, 15),
            (2012, 18),
            (2013, 17),
            (2014, 17),
            (2015, 17),
            (2016, 17),
            (2017, 17),
            (2018, 20),
            (2019, 22),
            (2020, 18),
            (2021, 17),
            (2022, 16),
            (2023, 17),
            (2024, 21),
            (2025, 19),
            (2026, 18),
            (2027, 17),
        ];
        for (year, count) in counts {
            assert_eq!(holidays_in_year(year).len(), count, "{year}");
        }
    }

    #[test]
    fn years_are_sorted_and_agree_with_holiday() {
        for year in VERIFIED_FROM - 10..=VERIFIED_TO + 60 {
            let list = holidays_in_year(year);
            assert!(list.windows(2).all(|w| w[0].0 < w[1].0), "{year}");
            let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                continue;
            };
            let days = first.iter_days().take_while(|date| date.year() == year);
            assert_eq!(days.filter(|&date| is_holiday(date)).count(), list.len());
            // 14 to 16 national holidays a year, plus at most a few derived days.
            assert!((15..=22).contains(&list.len()), "{year}: {}", list.len());
        }
    }

    #[test]
    fn never_panics_at_the_edges_of_chrono() {
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = holiday(date);
            for offset in 0..400 {
                let shifted = if date == NaiveDate::MIN {
                    date.checked_add_days(chrono::Days::new(offset))
                } else {
                    date.checked_sub_days(chrono::Days::new(offset))
                };
                if let Some(shifted) = shifted {
                    let _ = holiday(shifted);
                }
            }
        }
        assert!(holidays_in_year(i32::MIN).is_empty());
        assert!(holidays_in_year(i32::MAX).is_empty());
        let _ = holidays_in_year(NaiveDate::MIN.year());
        let _ = holidays_in_year(NaiveDate::MAX.year());
    }

    #[test]
    fn names() {
        assert_eq!(Substitute.name_ja(), "振替休日");
        assert_eq!(Substitute.name_en(), "Substitute holiday");
        assert_eq!(Citizens.name_ja(), "国民の休日");
        assert_eq!(Citizens.name_en(), "Citizens' holiday");
        assert_eq!(HealthAndSports.name_ja(), "体育の日");
        assert_eq!(Sports.name_ja(), "スポーツの日");
    }

    /// Every day of the verified range against `yasumi`, an independent implementation.
    #[test]
    fn agrees_with_yasumi() {
        let mut disagreements = Vec::new();
        let (first, last) = (d(VERIFIED_FROM, 1, 1), d(VERIFIED_TO, 12, 31));
        for date in first.iter_days().take_while(|date| *date <= last) {
            let theirs = yasumi::is_holiday_name(date);
            let ours = holiday(date);
            if ours.is_some() != theirs.is_some() || !same_name(ours, theirs.as_deref()) {
                disagreements.push((date, ours, theirs));
            }
        }
        assert!(disagreements.is_empty(), "{disagreements:#?}");
    }

    /// `yasumi` names substitutes 「<holiday> 振替休日」.
    fn same_name(ours: Option<Holiday>, theirs: Option<&str>) -> bool {
        match (ours, theirs) {
            (Some(Substitute), Some(name)) => name.ends_with(" 振替休日"),
            (Some(ours), Some(name)) => ours.name_ja() == name,
            (None, None) => true,
            _ => false,
        }
    }
}
