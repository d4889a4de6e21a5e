//! Deep links to a finder: its state as URL query pairs, so a widget can keep the host page's
//! address in step with what the visitor chose and reopen the same view on reload or from a
//! shared link.
//!
//! The codec works on unprefixed keys and unencoded values; the widget adds its instance's
//! prefix (several finders can share one page) and leaves percent-encoding to the browser's
//! `URLSearchParams`. Only fields that differ from the default are written, in the order of
//! the table, so an untouched finder adds nothing to the address and equal states give equal
//! links.
//!
//! | key      | field                               | value                                                     |
//! |----------|-------------------------------------|-----------------------------------------------------------|
//! | `q`      | [`GroupFilter::text`]               | the text as typed, e.g. `ｷﾞｬﾝﾌﾞﾙ 川崎`                      |
//! | `cat`    | [`GroupFilter::categories`]         | category codes, comma-separated: `alcohol,gambling`       |
//! | `area`   | [`GroupFilter::area`]               | `online`, a JIS prefecture code `14`, or `14:川崎市多摩区` |
//! | `fmt`    | [`GroupFilter::formats`]            | `in_person`, `online`, `hybrid`                           |
//! | `day`    | [`GroupFilter::weekdays`]           | `mon` … `sun`: `mon,wed`                                  |
//! | `time`   | [`GroupFilter::times`]              | `morning`, `afternoon`, `evening`                         |
//! | `aud`    | [`GroupFilter::audiences`]          | `person`, `family`, `supporter`, `anyone`                 |
//! | `opt`    | [`GroupFilter::options`]            | option codes: `anonymous,camera_off`                      |
//! | `free`   | [`GroupFilter::free_only`]          | `1`                                                       |
//! | `lang`   | [`GroupFilter::languages`]          | BCP 47 tags: `en,pt-BR`                                   |
//! | `dropin` | [`GroupFilter::drop_in`]            | `1`                                                       |
//! | `view`   | [`FinderState::view`]               | `calendar`                                                |
//! | `month`  | [`FinderState::month`]              | `2026-12`                                                 |
//! | `g`      | [`FinderState::group`]              | a group id: `kokoiru-wed`                                 |
//!
//! Codes are the snake_case names the directory's JSON uses. [`GroupFilter::facility`] is not
//! in a link: a facility's widget takes it from its configuration, and a link must not be able
//! to widen or move it. Reading is lenient, because links outlive directories and people edit
//! them by hand: keys it does not know belong to someone else and are left alone, a value it
//! cannot read is skipped and reported, codes are read in any letter case, `area` also takes a
//! prefecture's name, `free` and `dropin` also take `true` and `0`, and when a key comes twice
//! the later value wins. An empty value leaves its field at the default.

use chrono::Weekday;
use serde::Serialize;

use crate::calendar::{CalendarError, Month};
use crate::directory::{Audience, Category, Format, GroupId, ParticipationOption, Prefecture};
use crate::filter::{AreaFilter, GroupFilter};
use crate::schedule::{TimeOfDay, WEEK, words};
use crate::search::{Folder, TextQuery};

/// Every key a finder link uses, in the order [`FinderState::to_pairs`] writes them, so a
/// widget can tell its own parameters from the host page's.
pub const KEYS: [&str; 14] = [
    "q", "cat", "area", "fmt", "day", "time", "aud", "opt", "free", "lang", "dropin", "view",
    "month", "g",
];

/// Which of the finder's views is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// The list of groups, soonest first.
    #[default]
    List,
    /// The month calendar of meetings.
    Calendar,
}

/// What a finder shows: the visitor's filter, the view, the month shown by the calendar, and
/// the open group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinderState {
    /// What the visitor narrowed the groups by. Its `facility` is never written to or read
    /// from a link; see the module documentation.
    pub filter: GroupFilter,
    /// The view shown.
    pub view: View,
    /// The month the calendar shows; none for the current month.
    pub month: Option<Month>,
    /// The group whose details are open. A link may name a group the directory no longer
    /// has; the widget then shows the finder without it.
    pub group: Option<GroupId>,
}

/// A link value that could not be read; the finder opens without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// A value that is none of what its key takes.
    #[error("link parameter {key}={value:?} was ignored: it is not {expected}")]
    Unreadable {
        /// The key, unprefixed.
        key: &'static str,
        /// The value, or the one item of a comma-separated list, that could not be read.
        value: String,
        /// What the key takes, in words.
        expected: &'static str,
    },
    /// A month outside the calendar or not written as one.
    #[error("link parameter month={value:?} was ignored: {source}")]
    Month {
        /// The value.
        value: String,
        /// Why it is not a month.
        source: CalendarError,
    },
}

impl LinkError {
    /// The key whose value was ignored, unprefixed.
    pub fn key(&self) -> &'static str {
        match self {
            LinkError::Unreadable { key, .. } => key,
            LinkError::Month { .. } => "month",
        }
    }

    /// The value, or list item, that was ignored.
    pub fn value(&self) -> &str {
        match self {
            LinkError::Unreadable { value, .. } | LinkError::Month { value, .. } => value,
        }
    }
}

/// An enum's snake_case code as the directory's JSON writes it.
fn code<T: Serialize>(value: &T) -> String {
    crate::code::code(value).unwrap_or_default().to_owned()
}

/// The value of `all` whose code is `text`, in any letter case.
fn from_code<T: Serialize + Copy>(all: &[T], text: &str) -> Option<T> {
    all.iter()
        .copied()
        .find(|v| code(v).eq_ignore_ascii_case(text))
}

fn weekday_code(day: Weekday) -> String {
    words::weekday_en(day)
        .get(..3)
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn join<T>(values: &[T], code: impl Fn(&T) -> String) -> String {
    values.iter().map(code).collect::<Vec<_>>().join(",")
}

/// Whether `tag` can stand in a comma-separated list and means a language: letters, digits and
/// hyphens (underscores too, as some systems write `pt_BR`).
fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads a value that is either set (`1`, `true`) or not (`0`, `false`).
fn flag(key: &'static str, value: &str, errors: &mut Vec<LinkError>) -> bool {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" => true,
        "0" | "false" => false,
        _ => {
            errors.push(LinkError::Unreadable {
                key,
                value: value.to_owned(),
                expected: "1 or 0",
            });
            false
        }
    }
}

/// Reads a comma-separated list item by item, keeping what can be read and reporting the rest,
/// so one stale code does not lose the others.
fn list<T>(
    key: &'static str,
    value: &str,
    expected: &'static str,
    read: impl Fn(&str) -> Option<T>,
    errors: &mut Vec<LinkError>,
) -> Vec<T> {
    let mut out = Vec::new();
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match read(item) {
            Some(v) => out.push(v),
            None => errors.push(LinkError::Unreadable {
                key,
                value: item.to_owned(),
                expected,
            }),
        }
    }
    out
}

fn area_value(area: &AreaFilter) -> String {
    match area {
        AreaFilter::Online => "online".to_owned(),
        AreaFilter::Prefecture { prefecture } => format!("{:02}", prefecture.code()),
        AreaFilter::City { prefecture, city } => format!("{:02}:{city}", prefecture.code()),
    }
}

fn read_area(value: &str) -> Option<AreaFilter> {
    if value.trim().eq_ignore_ascii_case("online") {
        return Some(AreaFilter::Online);
    }
    // The city is kept exactly as written: it is compared with the directory's spelling.
    match value.split_once(':') {
        Some((prefecture, city)) => Some(AreaFilter::City {
            prefecture: Prefecture::parse(prefecture).ok()?,
            city: city.to_owned(),
        }),
        None => Some(AreaFilter::Prefecture {
            prefecture: Prefecture::parse(value).ok()?,
        }),
    }
}

impl FinderState {
    /// The state as (key, value) pairs, only the fields that differ from the default, in a
    /// fixed order (that of [`KEYS`]). Values are not percent-encoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let mut pairs = Vec::new();
        if !f.text.is_empty() {
            pairs.push(("q", f.text.as_str().to_owned()));
        }
        if !f.categories.is_empty() {
            pairs.push(("cat", join(&f.categories, code)));
        }
        if let Some(area) = &f.area {
            pairs.push(("area", area_value(area)));
        }
        if !f.formats.is_empty() {
            pairs.push(("fmt", join(&f.formats, code)));
        }
        if !f.weekdays.is_empty() {
            pairs.push(("day", join(&f.weekdays, |d| weekday_code(*d))));
        }
        if !f.times.is_empty() {
            pairs.push(("time", join(&f.times, code)));
        }
        if !f.audiences.is_empty() {
            pairs.push(("aud", join(&f.audiences, code)));
        }
        if !f.options.is_empty() {
            pairs.push(("opt", join(&f.options, code)));
        }
        if f.free_only {
            pairs.push(("free", "1".to_owned()));
        }
        if !f.languages.is_empty() {
            pairs.push(("lang", f.languages.join(",")));
        }
        if f.drop_in {
            pairs.push(("dropin", "1".to_owned()));
        }
        if self.view == View::Calendar {
            pairs.push(("view", "calendar".to_owned()));
        }
        if let Some(month) = self.month {
            pairs.push(("month", month.to_string()));
        }
        if let Some(group) = &self.group {
            pairs.push(("g", group.as_str().to_owned()));
        }
        pairs
    }

    /// Reads pairs back; unknown keys are ignored (they belong to someone else), values that
    /// cannot be read are skipped and reported, so a stale or hand-edited link still opens the
    /// finder. See the module documentation for what each key takes. The search text is folded
    /// by [`Folder::BUILT_IN`].
    #[cfg(feature = "nfkc")]
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (FinderState, Vec<LinkError>) {
        FinderState::from_pairs_with(pairs, Folder::BUILT_IN)
    }

    /// [`FinderState::from_pairs`] with the search text folded by `folder` (the one the
    /// directory was indexed with).
    pub fn from_pairs_with<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        folder: Folder,
    ) -> (FinderState, Vec<LinkError>) {
        let mut state = FinderState::default();
        let mut errors = Vec::new();
        for (key, value) in pairs {
            let blank = value.trim().is_empty();
            let f = &mut state.filter;
            match key {
                "q" => f.text = TextQuery::with_folder(value, folder),
                "cat" => {
                    f.categories = list(
                        "cat",
                        value,
                        "a category code such as alcohol",
                        |c| from_code(&Category::ALL, c),
                        &mut errors,
                    )
                }
                "area" if blank => f.area = None,
                "area" => {
                    f.area = read_area(value);
                    if f.area.is_none() {
                        errors.push(LinkError::Unreadable {
                            key: "area",
                            value: value.to_owned(),
                            expected: "online, a prefecture code (14) or a prefecture code and city (14:川崎市多摩区)",
                        });
                    }
                }
                "fmt" => {
                    f.formats = list(
                        "fmt",
                        value,
                        "a format (in_person, online or hybrid)",
                        |c| from_code(&Format::ALL, c),
                        &mut errors,
                    )
                }
                "day" => {
                    f.weekdays = list(
                        "day",
                        value,
                        "a weekday (mon to sun)",
                        |c| {
                            WEEK.into_iter()
                                .find(|d| weekday_code(*d).eq_ignore_ascii_case(c))
                        },
                        &mut errors,
                    )
                }
                "time" => {
                    f.times = list(
                        "time",
                        value,
                        "a part of the day (morning, afternoon or evening)",
                        |c| from_code(&TimeOfDay::ALL, c),
                        &mut errors,
                    )
                }
                "aud" => {
                    f.audiences = list(
                        "aud",
                        value,
                        "an audience (person, family, supporter or anyone)",
                        |c| from_code(&Audience::ALL, c),
                        &mut errors,
                    )
                }
                "opt" => {
                    f.options = list(
                        "opt",
                        value,
                        "a participation option code such as camera_off",
                        |c| from_code(&ParticipationOption::ALL, c),
                        &mut errors,
                    )
                }
                "free" => f.free_only = !blank && flag("free", value, &mut errors),
                "lang" => {
                    f.languages = list(
                        "lang",
                        value,
                        "a language tag such as en",
                        |t| is_language_tag(t).then(|| t.to_owned()),
                        &mut errors,
                    )
                }
                "dropin" => f.drop_in = !blank && flag("dropin", value, &mut errors),
                "view" => {
                    state.view = match value.trim().to_ascii_lowercase().as_str() {
                        "" | "list" => View::List,
                        "calendar" => View::Calendar,
                        _ => {
                            errors.push(LinkError::Unreadable {
                                key: "view",
                                value: value.to_owned(),
                                expected: "list or calendar",
                            });
                            View::List
                        }
                    }
                }
                "month" if blank => state.month = None,
                "month" => {
                    state.month = value
                        .parse()
                        .map_err(|source| {
                            errors.push(LinkError::Month {
                                value: value.to_owned(),
                                source,
                            })
                        })
                        .ok()
                }
                "g" if blank => state.group = None,
                "g" => {
                    state.group = GroupId::new(value.trim())
                        .map_err(|_| {
                            errors.push(LinkError::Unreadable {
                                key: "g",
                                value: value.to_owned(),
                                expected: "a group id (lowercase letters, digits and hyphens)",
                            })
                        })
                        .ok()
                }
                _ => {}
            }
        }
        (state, errors)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::search::TEST_FOLDER;

    fn read(pairs: &[(&str, &str)]) -> (FinderState, Vec<LinkError>) {
        FinderState::from_pairs_with(pairs.iter().copied(), TEST_FOLDER)
    }

    fn kanagawa() -> Prefecture {
        Prefecture::parse("神奈川県").unwrap()
    }

    #[test]
    fn the_default_state_adds_nothing() {
        assert!(FinderState::default().to_pairs().is_empty());
        assert_eq!(read(&[]), (FinderState::default(), vec![]));
    }

    #[test]
    fn every_field_has_its_key_in_order() {
        let state = FinderState {
            filter: GroupFilter {
                facility: None,
                categories: vec![Category::Alcohol, Category::Gambling],
                area: Some(AreaFilter::City {
                    prefecture: kanagawa(),
                    city: "川崎市多摩区".into(),
                }),
                formats: vec![Format::InPerson, Format::Hybrid],
                weekdays: vec![Weekday::Mon, Weekday::Wed],
                times: vec![TimeOfDay::Morning, TimeOfDay::Evening],
                languages: vec!["en".into(), "pt-BR".into()],
                drop_in: true,
                audiences: vec![Audience::Family],
                options: vec![
                    ParticipationOption::Anonymous,
                    ParticipationOption::CameraOff,
                ],
                free_only: true,
                text: TextQuery::with_folder("ｷﾞｬﾝﾌﾞﾙ 川崎", TEST_FOLDER),
            },
            view: View::Calendar,
            month: Some(Month::new(2026, 12).unwrap()),
            group: Some(GroupId::new("kokoiru-wed").unwrap()),
        };
        let pairs = state.to_pairs();
        let expected = [
            ("q", "ｷﾞｬﾝﾌﾞﾙ 川崎"),
            ("cat", "alcohol,gambling"),
            ("area", "14:川崎市多摩区"),
            ("fmt", "in_person,hybrid"),
            ("day", "mon,wed"),
            ("time", "morning,evening"),
            ("aud", "family"),
            ("opt", "anonymous,camera_off"),
            ("free", "1"),
            ("lang", "en,pt-BR"),
            ("dropin", "1"),
            ("view", "calendar"),
            ("month", "2026-12"),
            ("g", "kokoiru-wed"),
        ];
        assert_eq!(
            pairs
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
            expected
        );
        assert_eq!(pairs.iter().map(|(k, _)| *k).collect::<Vec<_>>(), KEYS);
        let (back, errors) =
            FinderState::from_pairs_with(pairs.iter().map(|(k, v)| (*k, v.as_str())), TEST_FOLDER);
        assert_eq!(errors, []);
        assert_eq!(back, state);
        assert_eq!(back.filter.text.as_str(), "ｷﾞｬﾝﾌﾞﾙ 川崎");
    }

    #[test]
    fn areas() {
        let area = |value| read(&[("area", value)]).0.filter.area;
        assert_eq!(area("online"), Some(AreaFilter::Online));
        let prefecture = Some(AreaFilter::Prefecture {
            prefecture: kanagawa(),
        });
        assert_eq!(area("14"), prefecture);
        assert_eq!(area("神奈川県"), prefecture);
        assert_eq!(
            FinderState {
                filter: GroupFilter {
                    area: Some(AreaFilter::Prefecture {
                        prefecture: Prefecture::from_code(1).unwrap()
                    }),
                    ..GroupFilter::default()
                },
                ..FinderState::default()
            }
            .to_pairs(),
            [("area", "01".to_owned())]
        );
        // Only the first colon separates: the rest is the city as written.
        assert_eq!(
            area("14:a:b"),
            Some(AreaFilter::City {
                prefecture: kanagawa(),
                city: "a:b".into()
            })
        );
        assert_eq!(area(""), None);
    }

    #[test]
    fn the_facility_is_not_in_a_link() {
        let state = FinderState {
            filter: GroupFilter {
                facility: Some(crate::FacilityId::new("kawasaki").unwrap()),
                ..GroupFilter::default()
            },
            ..FinderState::default()
        };
        assert!(state.to_pairs().is_empty());
        assert_eq!(read(&[("facility", "kawasaki")]).0, FinderState::default());
    }

    #[test]
    fn stale_and_hand_edited_links_still_open() {
        let (state, errors) = read(&[
            ("utm_source", "mail"),
            ("cat", "Alcohol, bogus ,,drugs"),
            ("day", "MON,funday"),
            ("area", "Atlantis"),
            ("free", "yes"),
            ("dropin", "true"),
            ("view", "map"),
            ("month", "2026-13"),
            ("g", "Not An Id"),
            ("lang", "en,e n"),
        ]);
        assert_eq!(
            state.filter.categories,
            [Category::Alcohol, Category::Drugs]
        );
        assert_eq!(state.filter.weekdays, [Weekday::Mon]);
        assert_eq!(state.filter.area, None);
        assert!(!state.filter.free_only);
        assert!(state.filter.drop_in);
        assert_eq!(state.view, View::List);
        assert_eq!(state.month, None);
        assert_eq!(state.group, None);
        assert_eq!(state.filter.languages, ["en"]);
        let ignored: Vec<(&str, &str)> = errors.iter().map(|e| (e.key(), e.value())).collect();
        assert_eq!(
            ignored,
            [
                ("cat", "bogus"),
                ("day", "funday"),
                ("area", "Atlantis"),
                ("free", "yes"),
                ("view", "map"),
                ("month", "2026-13"),
                ("g", "Not An Id"),
                ("lang", "e n"),
            ]
        );
        let message = errors[0].to_string();
        assert!(
            message.contains("cat") && message.contains("bogus"),
            "{message}"
        );
        assert!(errors[5].to_string().contains("13"), "{}", errors[5]);
    }

    #[test]
    fn later_values_win_and_blank_ones_clear() {
        let (state, errors) = read(&[
            ("cat", "alcohol"),
            ("cat", "drugs"),
            ("month", "2026-12"),
            ("month", ""),
            ("free", ""),
            ("view", "calendar"),
        ]);
        assert_eq!(errors, []);
        assert_eq!(state.filter.categories, [Category::Drugs]);
        assert_eq!(state.month, None);
        assert!(!state.filter.free_only);
        assert_eq!(state.view, View::Calendar);
    }

    fn some_of<T: Copy + std::fmt::Debug + 'static>(
        all: &'static [T],
    ) -> impl Strategy<Value = Vec<T>> {
        prop::collection::vec(prop::sample::select(all), 0..4)
    }

    fn arb_area() -> impl Strategy<Value = Option<AreaFilter>> {
        let prefecture = (1u8..=47).prop_map(|c| Prefecture::from_code(c).unwrap());
        prop_oneof![
            Just(None),
            Just(Some(AreaFilter::Online)),
            prefecture
                .clone()
                .prop_map(|prefecture| Some(AreaFilter::Prefecture { prefecture })),
            (prefecture, any::<String>())
                .prop_map(|(prefecture, city)| Some(AreaFilter::City { prefecture, city })),
        ]
    }

    fn arb_state() -> impl Strategy<Value = FinderState> {
        let filter = (
            (
                some_of(&Category::ALL),
                arb_area(),
                some_of(&Format::ALL),
                some_of(&WEEK),
                some_of(&TimeOfDay::ALL),
            ),
            (
                some_of(&Audience::ALL),
                some_of(&ParticipationOption::ALL),
                any::<bool>(),
                prop::collection::vec("[a-z]{2,3}(-[A-Z]{2})?", 0..3),
                any::<bool>(),
                any::<String>(),
            ),
        )
            .prop_map(
                |(
                    (categories, area, formats, weekdays, times),
                    (audiences, options, free_only, languages, drop_in, text),
                )| GroupFilter {
                    facility: None,
                    categories,
                    area,
                    formats,
                    weekdays,
                    times,
                    languages,
                    drop_in,
                    audiences,
                    options,
                    free_only,
                    text: TextQuery::with_folder(&text, TEST_FOLDER),
                },
            );
        let month = prop::option::of(
            (1900i32..=9999, 1u32..=12).prop_map(|(y, m)| Month::new(y, m).unwrap()),
        );
        let group = prop::option::of("[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?")
            .prop_map(|id| id.map(|id| GroupId::new(id).unwrap()));
        let view = prop_oneof![Just(View::List), Just(View::Calendar)];
        (filter, view, month, group).prop_map(|(filter, view, month, group)| FinderState {
            filter,
            view,
            month,
            group,
        })
    }

    proptest! {
        #[test]
        fn pairs_read_back(state in arb_state()) {
            let pairs = state.to_pairs();
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            prop_assert!(keys.iter().all(|k| KEYS.contains(k)));
            let rank = |key: &str| KEYS.iter().position(|k| *k == key);
            let in_order = keys.windows(2).all(|w| rank(w[0]) < rank(w[1]));
            prop_assert!(in_order, "{:?}", keys);
            let (back, errors) =
                FinderState::from_pairs_with(pairs.iter().map(|(k, v)| (*k, v.as_str())), TEST_FOLDER);
            prop_assert_eq!(errors, vec![]);
            prop_assert_eq!(&back, &state);
            if !state.filter.text.is_empty() {
                prop_assert_eq!(back.filter.text.as_str(), state.filter.text.as_str());
            }
            prop_assert_eq!(back.to_pairs(), pairs);
        }
    }
}
