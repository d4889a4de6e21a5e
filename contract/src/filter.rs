//! Finding groups: one [`GroupFilter`] over every field a visitor can narrow by, applied to a
//! [`DirectoryIndex`] built once per [`Feed`] and moved along as the visitor's clock runs.
//!
//! The worker did the schedule work when it built the feed (folded search text, coming
//! meetings, which weekdays and parts of the day a group meets on in the coming weeks); the
//! index turns each group's fields into bits once and keeps the groups ordered by their next
//! meeting, so applying a filter is a single pass with cheap comparisons: fast enough to run on
//! every keystroke over 10,000 groups in the browser. The same holds for the counts beside each
//! choice of the finder ([`Facets`]).

mod facets;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::directory::{
    Audience, Category, Directory, Facility, FacilityId, Format, Group, GroupId,
    ParticipationOption, Place, Prefecture,
};
use crate::feed::{Feed, Prepared, SearchWords, slot_bit};
use crate::schedule::{Occurrence, TimeOfDay, WEEK, tokyo};
use crate::search::{TextQuery, occurs, occurs_as_word};

pub use facets::Facets;

/// Where a visitor wants to take part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AreaFilter {
    /// From home: online and hybrid groups, wherever they are.
    Online,
    /// In person in a prefecture.
    Prefecture {
        /// The prefecture.
        prefecture: Prefecture,
    },
    /// In person in one city of a prefecture.
    City {
        /// The prefecture.
        prefecture: Prefecture,
        /// The city, ward or town as the directory writes it, e.g. 「川崎市多摩区」.
        city: String,
    },
}

/// Everything a visitor can narrow the list by. Within one field, any listed value matches
/// (categories, formats, weekdays, times, audiences); participation options must all hold;
/// fields combine with "and". An empty field does not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupFilter {
    /// Only this facility's groups (a facility's own widget).
    pub facility: Option<FacilityId>,
    /// What the group is about: any of these.
    pub categories: Vec<Category>,
    /// Where: online, a prefecture, or a city.
    pub area: Option<AreaFilter>,
    /// How it meets: any of these; a hybrid group matches both in person and online.
    pub formats: Vec<Format>,
    /// Meets on any of these weekdays within [`crate::feed::LOOKAHEAD_DAYS`] (at one of
    /// [`GroupFilter::times`] when those are given too: the two are checked together, per
    /// meeting).
    pub weekdays: Vec<Weekday>,
    /// Meets in any of these parts of the day within [`crate::feed::LOOKAHEAD_DAYS`].
    pub times: Vec<TimeOfDay>,
    /// Speaks any of these languages (BCP 47 primary tags such as `en`; a group that lists
    /// none speaks Japanese).
    pub languages: Vec<String>,
    /// Only groups one can simply turn up to: no reservation and no application ahead.
    pub drop_in: bool,
    /// Welcomes any of these; a group for どなたでも welcomes all.
    pub audiences: Vec<Audience>,
    /// Allows every one of these.
    pub options: Vec<ParticipationOption>,
    /// Only groups free of charge (voluntary donations count as free).
    pub free_only: bool,
    /// Free text, kana- and width-insensitive.
    pub text: TextQuery,
}

impl GroupFilter {
    /// Whether the filter narrows nothing.
    pub fn is_empty(&self) -> bool {
        self == &GroupFilter::default()
    }
}

/// One group that passed a filter, with what the list shows.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    /// The group.
    pub group: &'a Group,
    /// Where the group is in the directory's `groups`, so a UI can keep a number instead of a
    /// copy of its id and find it again without a search.
    pub position: usize,
    /// Its facility.
    pub facility: Option<&'a Facility>,
    /// The next meeting that is not over (the one in progress, if any).
    pub next: Option<Occurrence>,
    /// Whether [`Match::next`] is under way at the index's moment.
    pub in_progress: bool,
}

/// What the index knows about one group.
#[derive(Debug, Clone)]
struct Entry {
    position: usize,
    /// Where the group's facility is in the directory, found once here rather than by a scan
    /// of the facilities for every match on every keystroke.
    facility: Option<usize>,
    next: Option<Occurrence>,
    in_progress: bool,
    folded: String,
    /// One bit per (weekday, part of day) the group meets in: a group meeting on Wednesday
    /// mornings and Saturday evenings is not "on Wednesday evenings".
    slots: u32,
    /// The values the group matches in each field, as bits by position in the field's `ALL`
    /// list, so that counting facets is bit arithmetic instead of list searches.
    values: Values,
}

/// What one group matches, field by field; see [`Entry::values`].
#[derive(Debug, Clone, Copy, Default)]
struct Values {
    categories: u32,
    /// Each format a filter could ask for that the group matches (a hybrid group matches all
    /// three).
    formats: u8,
    /// Each audience the group welcomes (one for どなたでも welcomes all).
    audiences: u8,
    options: u16,
    free: bool,
    /// Whether one can simply turn up: no reservation and no application ahead.
    drop_in: bool,
    online: bool,
    /// Where the group meets in person, if it does and its place is known.
    prefecture: Option<Prefecture>,
    /// Its city, by position in [`DirectoryIndex::cities`].
    city: Option<usize>,
    /// The weekdays of [`Entry::slots`] at any time, by position in [`WEEK`].
    weekdays: u8,
    /// The parts of the day of [`Entry::slots`] on any weekday.
    times: u8,
}

// Each field's values must fit the bits `Values` keeps for them; a vocabulary that outgrows
// them fails to compile here rather than miscounting.
const _: () = assert!(
    Category::ALL.len() <= 32
        && Format::ALL.len() <= 8
        && Audience::ALL.len() <= 8
        && ParticipationOption::ALL.len() <= 16
        && WEEK.len() <= 8
        && TimeOfDay::ALL.len() <= 8
);

/// Where `group` meets in person, if it does: its own place, else that of its facility (by
/// position in the directory).
fn in_person_place<'a>(
    directory: &'a Directory,
    facility: Option<usize>,
    group: &'a Group,
) -> Option<&'a Place> {
    if !group.format.is_in_person() {
        return None;
    }
    group.place_or(facility.and_then(|i| directory.facilities.get(i)))
}

/// A text query with the feed's [`SearchWords`] applied, worked out once per filtering: each
/// term with its other spellings, and the fellowships whose names hold it.
struct TextMatch {
    terms: Vec<Term>,
}

/// One term of a [`TextMatch`].
struct Term {
    /// The term as typed (folded), then with each spelling it holds written the other ways.
    spellings: Vec<String>,
    /// For each fellowship whose names hold the term: the category bits a group must have all
    /// of, and those it must have none of.
    fellowships: Vec<(u32, u32)>,
}

impl TextMatch {
    fn new(query: &TextQuery, words: &SearchWords) -> TextMatch {
        let bits = |categories: &[Category]| {
            categories
                .iter()
                .fold(0, |m, c| m | bit_of(&Category::ALL, c))
        };
        let terms = query
            .terms()
            .iter()
            .map(|term| {
                let mut spellings = vec![term.clone()];
                for set in &words.spellings {
                    for found in set.iter().filter(|s| term.contains(s.as_str())) {
                        spellings.extend(
                            set.iter()
                                .filter(|other| *other != found)
                                .map(|other| term.replace(found.as_str(), other)),
                        );
                    }
                }
                let fellowships = words
                    .fellowships
                    .iter()
                    .filter(|f| occurs_as_word(&f.names, term))
                    .map(|f| (bits(&f.categories), bits(&f.unless)))
                    .collect();
                Term {
                    spellings,
                    fellowships,
                }
            })
            .collect();
        TextMatch { terms }
    }

    /// Whether every term is in the entry's text, in one of its spellings, or names a
    /// fellowship the entry's group is a meeting of.
    fn finds(&self, entry: &Entry) -> bool {
        let categories = entry.values.categories;
        self.terms.iter().all(|term| {
            term.spellings.iter().any(|s| occurs(&entry.folded, s))
                || term
                    .fellowships
                    .iter()
                    .any(|&(all, none)| categories & all == all && categories & none == 0)
        })
    }

    /// Whether there is a query and every term is in the first line of `folded`, which holds
    /// the group's names.
    fn in_names(&self, folded: &str) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        let names = folded.split('\n').next().unwrap_or_default();
        self.terms
            .iter()
            .all(|term| term.spellings.iter().any(|s| occurs(names, s)))
    }
}

/// The bit of `value` by its position in `all`.
fn bit_of<T: PartialEq>(all: &[T], value: &T) -> u32 {
    all.iter().position(|v| v == value).map_or(0, |i| 1 << i)
}

/// The bits of every value of `all` that `matches` holds for.
fn bits_where<T>(all: &[T], matches: impl Fn(&T) -> bool) -> u32 {
    all.iter()
        .enumerate()
        .filter(|(_, v)| matches(v))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// A directory prepared for filtering at one moment; see the module documentation. It owns the
/// directory so a UI can keep it in one place and filter on every keystroke.
#[derive(Debug, Clone)]
pub struct DirectoryIndex {
    feed: Feed,
    now: NaiveDateTime,
    entries: Vec<Entry>,
    /// Every city in-person groups meet in: prefectures in JIS order, within one in order of
    /// first appearance in the directory, as the area picker lists them.
    cities: Vec<(Prefecture, String)>,
}

/// The slots a filter asks for: every listed weekday at every listed part of the day, an
/// empty list standing for all of them; 0 when neither is listed (no narrowing).
fn wanted_slots(weekdays: &[Weekday], times: &[TimeOfDay]) -> u32 {
    if weekdays.is_empty() && times.is_empty() {
        return 0;
    }
    let days: &[Weekday] = if weekdays.is_empty() { &WEEK } else { weekdays };
    let times: &[TimeOfDay] = if times.is_empty() {
        &TimeOfDay::ALL
    } else {
        times
    };
    days.iter()
        .flat_map(|d| times.iter().map(move |t| slot_bit(*d, *t)))
        .fold(0, |mask, bit| mask | bit)
}

impl DirectoryIndex {
    /// Indexes every group of `feed` as of `instant` (the visitor's clock). Text queries must
    /// be made with a [`crate::search::Folder`] equivalent to the one the feed was built with.
    pub fn new(feed: Feed, instant: DateTime<Utc>) -> DirectoryIndex {
        let directory = &feed.directory;
        let facilities = directory.facility_positions();
        let facility_of = |group: &Group| facilities.get(&group.facility).copied();
        let meets_at = |group| in_person_place(directory, facility_of(group), group);
        let mut seen: HashSet<(Prefecture, &str)> = HashSet::new();
        let mut cities: Vec<(Prefecture, String)> = Vec::new();
        for place in directory.groups.iter().filter_map(meets_at) {
            if let Some(city) = &place.city
                && seen.insert((place.prefecture, city))
            {
                cities.push((place.prefecture, city.clone()));
            }
        }
        // Stable: cities of one prefecture keep their order of first appearance.
        crate::order::sort_by_key(&mut cities, |(p, _)| *p);
        let city_ids: HashMap<(Prefecture, &str), usize> = cities
            .iter()
            .enumerate()
            .map(|(i, (p, c))| ((*p, c.as_str()), i))
            .collect();
        let empty = Prepared::default();
        let entries: Vec<Entry> = directory
            .groups
            .iter()
            .enumerate()
            .map(|(position, group)| {
                let facility = facility_of(group);
                let place = meets_at(group);
                let prepared = feed.prepared.get(position).unwrap_or(&empty);
                let slots = prepared.slots;
                // The casts keep every bit; see the assertion beside `Values`.
                let values = Values {
                    categories: group
                        .categories
                        .iter()
                        .fold(0, |m, c| m | bit_of(&Category::ALL, c)),
                    formats: bits_where(&Format::ALL, |f| format_matches(group.format, *f)) as u8,
                    audiences: bits_where(&Audience::ALL, |a| group.welcomes(*a)) as u8,
                    options: group
                        .options
                        .iter()
                        .fold(0, |m, o| m | bit_of(&ParticipationOption::ALL, o))
                        as u16,
                    free: group.cost.as_ref().is_some_and(|c| c.is_free()),
                    drop_in: group.apply_days_before.is_none()
                        && !group
                            .options
                            .contains(&ParticipationOption::ReservationRequired),
                    online: group.format.is_online(),
                    prefecture: place.map(|p| p.prefecture),
                    city: place.and_then(|p| {
                        let city = p.city.as_deref()?;
                        city_ids.get(&(p.prefecture, city)).copied()
                    }),
                    weekdays: bits_where(&WEEK, |d| slots & wanted_slots(&[*d], &[]) != 0) as u8,
                    times: bits_where(&TimeOfDay::ALL, |t| slots & wanted_slots(&[], &[*t]) != 0)
                        as u8,
                };
                Entry {
                    position,
                    facility,
                    next: None,
                    in_progress: false,
                    folded: prepared.text.clone(),
                    slots,
                    values,
                }
            })
            .collect();
        let mut index = DirectoryIndex {
            now: tokyo(instant),
            entries,
            cities,
            feed,
        };
        if !index.at(instant) {
            index.sort();
        }
        index
    }

    /// Moves the index to `instant`: each group's next meeting becomes the first of its listed
    /// meetings not over then, so 「開催中」 and 「次回」 stay true on a page left open, and the
    /// order follows. Returns whether any group's next meeting or 「開催中」 changed.
    pub fn at(&mut self, instant: DateTime<Utc>) -> bool {
        let now = tokyo(instant);
        self.now = now;
        let mut changed = false;
        for entry in &mut self.entries {
            let next = self
                .feed
                .prepared
                .get(entry.position)
                .and_then(|p| p.coming(now).next().copied());
            let in_progress = next.is_some_and(|o| o.in_progress_at(now));
            changed |= next != entry.next || in_progress != entry.in_progress;
            entry.next = next;
            entry.in_progress = in_progress;
        }
        if changed {
            self.sort();
        }
        changed
    }

    /// Soonest next meeting first; groups with no coming meeting last, by name; ties keep
    /// directory order.
    fn sort(&mut self) {
        let groups = &self.feed.directory.groups;
        let name = |e: &Entry| groups.get(e.position).map(|g| g.name.as_str());
        crate::order::sort_by(&mut self.entries, |a, b| match (&a.next, &b.next) {
            (Some(x), Some(y)) => x.cmp(y).then(a.position.cmp(&b.position)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => name(a).cmp(&name(b)).then(a.position.cmp(&b.position)),
        });
    }

    /// Where the group `id` is in the directory's groups.
    pub fn position_of(&self, id: &GroupId) -> Option<usize> {
        self.feed.directory.groups.iter().position(|g| &g.id == id)
    }

    /// The schedule work for the group at `position` of the directory.
    pub fn prepared(&self, position: usize) -> Option<&Prepared> {
        self.feed.prepared.get(position)
    }

    /// The directory indexed (its groups' schedules empty: see [`Feed`]).
    pub fn directory(&self) -> &Directory {
        &self.feed.directory
    }

    /// The Tokyo wall-clock moment the index was built for.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Every group, soonest next meeting first.
    pub fn all(&self) -> Vec<Match<'_>> {
        self.filter(&GroupFilter::default())
    }

    /// The groups that pass `filter`, soonest next meeting first; with a text query, those
    /// whose names (the first line of their search text) hold it come first.
    pub fn filter(&self, filter: &GroupFilter) -> Vec<Match<'_>> {
        let wanted = wanted_slots(&filter.weekdays, &filter.times);
        let text = TextMatch::new(&filter.text, &self.feed.words);
        let mut by_name = Vec::new();
        let mut others = Vec::new();
        for entry in &self.entries {
            let Some(group) = self.feed.directory.groups.get(entry.position) else {
                continue;
            };
            if !self.passes(group, entry, filter, wanted, &text) {
                continue;
            }
            let found = Match {
                group,
                position: entry.position,
                facility: self.facility(entry),
                next: entry.next,
                in_progress: entry.in_progress,
            };
            if text.in_names(&entry.folded) {
                by_name.push(found);
            } else {
                others.push(found);
            }
        }
        by_name.append(&mut others);
        by_name
    }

    /// How many groups pass `filter`.
    pub fn count(&self, filter: &GroupFilter) -> usize {
        let wanted = wanted_slots(&filter.weekdays, &filter.times);
        let text = TextMatch::new(&filter.text, &self.feed.words);
        self.entries
            .iter()
            .filter(|entry| {
                self.feed
                    .directory
                    .groups
                    .get(entry.position)
                    .is_some_and(|group| self.passes(group, entry, filter, wanted, &text))
            })
            .count()
    }

    /// The meetings of a month calendar (as the worker lists them, [`crate::api::month`]) that
    /// `filter` lets through, with their groups, in the worker's order. A group must pass every
    /// field but the weekday and the time, which are checked per meeting: a group meeting on
    /// Wednesday evenings and Saturday mornings shows only its Wednesday evenings under
    /// "Wednesday evening". Meetings of groups the feed does not hold are left out.
    pub fn month_meetings<'a>(
        &'a self,
        filter: &GroupFilter,
        meetings: &[crate::api::month::Meeting],
    ) -> Vec<(Occurrence, &'a Group)> {
        let wanted = wanted_slots(&filter.weekdays, &filter.times);
        let groups = &self.feed.directory.groups;
        let text = TextMatch::new(&filter.text, &self.feed.words);
        let mut passing: HashMap<&GroupId, &Group> = HashMap::new();
        for entry in &self.entries {
            if let Some(group) = groups.get(entry.position)
                && self.passes(group, entry, filter, 0, &text)
            {
                passing.insert(&group.id, group);
            }
        }
        meetings
            .iter()
            .filter_map(|m| {
                let group = passing.get(&m.group)?;
                let o = m.occurrence();
                (wanted == 0 || slot_bit(o.date.weekday(), TimeOfDay::of(o.start)) & wanted != 0)
                    .then_some((o, *group))
            })
            .collect()
    }

    fn facility(&self, entry: &Entry) -> Option<&Facility> {
        entry
            .facility
            .and_then(|i| self.feed.directory.facilities.get(i))
    }

    /// `wanted` is [`wanted_slots`] of the filter and `text` its text query, each worked out
    /// once per filtering.
    fn passes(
        &self,
        group: &Group,
        entry: &Entry,
        filter: &GroupFilter,
        wanted: u32,
        text: &TextMatch,
    ) -> bool {
        filter
            .facility
            .as_ref()
            .is_none_or(|f| &group.facility == f)
            && (filter.categories.is_empty()
                || group
                    .categories
                    .iter()
                    .any(|c| filter.categories.contains(c)))
            && (filter.formats.is_empty()
                || filter
                    .formats
                    .iter()
                    .any(|f| format_matches(group.format, *f)))
            && (wanted == 0 || entry.slots & wanted != 0)
            && (filter.audiences.is_empty() || filter.audiences.iter().any(|a| group.welcomes(*a)))
            && filter.options.iter().all(|o| group.options.contains(o))
            && (!filter.free_only || group.cost.as_ref().is_some_and(|c| c.is_free()))
            && filter
                .area
                .as_ref()
                .is_none_or(|area| self.area_matches(group, entry, area))
            && self.passes_uncounted(entry, filter, text)
    }

    /// Whether the group passes the fields that have no counts beside their choices
    /// (languages, drop-in and the text), which [`DirectoryIndex::facets`] holds for every
    /// count. Reads the group itself only for languages: the entries are in order of next
    /// meeting, not of the directory, so reaching into the groups costs a cache miss each.
    fn passes_uncounted(&self, entry: &Entry, filter: &GroupFilter, text: &TextMatch) -> bool {
        (!filter.drop_in || entry.values.drop_in)
            && text.finds(entry)
            && (filter.languages.is_empty()
                || self
                    .feed
                    .directory
                    .groups
                    .get(entry.position)
                    .is_some_and(|group| filter.languages.iter().any(|l| speaks(group, l))))
    }

    fn area_matches(&self, group: &Group, entry: &Entry, area: &AreaFilter) -> bool {
        if let AreaFilter::Online = area {
            return group.format.is_online();
        }
        if !group.format.is_in_person() {
            return false;
        }
        let Some(place) = group.place_or(self.facility(entry)) else {
            return false;
        };
        match area {
            AreaFilter::Online => false,
            AreaFilter::Prefecture { prefecture } => place.prefecture == *prefecture,
            AreaFilter::City { prefecture, city } => {
                place.prefecture == *prefecture && place.city.as_deref() == Some(city.as_str())
            }
        }
    }

    /// The areas groups meet in, for an area picker: each prefecture with in-person groups
    /// (JIS order) and its cities (in order of first appearance).
    pub fn areas(&self) -> Vec<(Prefecture, Vec<String>)> {
        let mut areas: Vec<(Prefecture, Vec<String>)> = Vec::new();
        for group in self
            .feed
            .directory
            .groups
            .iter()
            .filter(|g| g.format.is_in_person())
        {
            let Some(place) = self.feed.directory.place_of(group) else {
                continue;
            };
            let slot = match areas.iter().position(|(p, _)| *p == place.prefecture) {
                Some(i) => i,
                None => {
                    areas.push((place.prefecture, Vec::new()));
                    areas.len() - 1
                }
            };
            if let (Some(city), Some((_, cities))) = (&place.city, areas.get_mut(slot))
                && !cities.contains(city)
            {
                cities.push(city.clone());
            }
        }
        crate::order::sort_by_key(&mut areas, |(p, _)| *p);
        areas
    }
}

/// Whether the group speaks `lang`, comparing primary subtags (`en-GB` speaks `en`).
fn speaks(group: &Group, lang: &str) -> bool {
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let wanted = primary(lang);
    if group.languages.is_empty() {
        return wanted == "ja";
    }
    group.languages.iter().any(|l| primary(l) == wanted)
}

fn format_matches(group: Format, wanted: Format) -> bool {
    match wanted {
        Format::InPerson => group.is_in_person(),
        Format::Online => group.is_online(),
        Format::Hybrid => group == Format::Hybrid,
    }
}
