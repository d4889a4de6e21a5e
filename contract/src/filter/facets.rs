//! The counts a finder shows beside each of its choices, 「ギャンブル (12)」: how many groups the
//! list would show if the visitor picked that choice, everything else they chose held.
//!
//! Counting each choice by filtering again would take one pass per choice, around a hundred
//! per keystroke. One pass suffices instead: a group that passes every field counts for all
//! its values; a group that fails exactly one field counts for that field's values only (had
//! the visitor picked one of those instead, it would pass); a group that fails two fields
//! counts for nothing, since changing one field cannot let it through.

use super::{AreaFilter, DirectoryIndex, Entry, GroupFilter, Values, bit_of, wanted_slots};
use crate::directory::{Audience, Category, Format, ParticipationOption, Prefecture};
use crate::schedule::{TimeOfDay, WEEK};

/// How many groups each choice of the finder would show, every other field of the filter held.
///
/// For the "any of" fields (categories, area, formats, weekdays, times, audiences) the count of
/// a value is what the list would show if that field held exactly that value. Weekdays and
/// times are checked together, per meeting, so the weekday counts hold the filter's times and
/// the time counts its weekdays. Options must all hold, so an option's count is what the list
/// would show with that option added; `free` is what it would show with
/// [`GroupFilter::free_only`] set. Languages, drop-in, the text and the facility have no counts
/// and are always held.
///
/// A value is listed when at least one group (of [`GroupFilter::facility`], when set) has it at
/// all, even if its count under the current filter is 0, so that a picker can show 「(0)」 rather
/// than a choice that comes and goes; a value no group has is left out. Every list keeps the
/// display order of its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Per category, in [`Category::ALL`] order.
    pub categories: Vec<(Category, usize)>,
    /// Per prefecture, in JIS order: groups meeting in person there ([`AreaFilter::Prefecture`]).
    pub prefectures: Vec<(Prefecture, usize)>,
    /// Per city ([`AreaFilter::City`]): prefectures in JIS order, the cities of one prefecture in
    /// order of first appearance in the directory, as [`DirectoryIndex::areas`] lists them.
    pub cities: Vec<(Prefecture, String, usize)>,
    /// Groups one can join from home ([`AreaFilter::Online`]).
    pub online: usize,
    /// Per format, in [`Format::ALL`] order; a hybrid group counts for all three.
    pub formats: Vec<(Format, usize)>,
    /// Per weekday, Monday first ([`WEEK`]).
    pub weekdays: Vec<(chrono::Weekday, usize)>,
    /// Per part of the day, in [`TimeOfDay::ALL`] order.
    pub times: Vec<(TimeOfDay, usize)>,
    /// Per audience, in [`Audience::ALL`] order; a group for どなたでも counts for each.
    pub audiences: Vec<(Audience, usize)>,
    /// Per participation option, in [`ParticipationOption::ALL`] order.
    pub options: Vec<(ParticipationOption, usize)>,
    /// Groups free of charge.
    pub free: usize,
}

/// The fields a group can fail, as bits of a failure set.
const CATEGORIES: u8 = 1;
const AREA: u8 = 1 << 1;
const FORMATS: u8 = 1 << 2;
const AUDIENCES: u8 = 1 << 3;
const OPTIONS: u8 = 1 << 4;
const FREE: u8 = 1 << 5;
const SLOTS: u8 = 1 << 6;

/// The area a filter asks for, with a city looked up once per count rather than compared as
/// text per group.
enum Area {
    Any,
    Online,
    Prefecture(Prefecture),
    /// By position in [`DirectoryIndex::cities`]; none for a city no group meets in.
    City(Option<usize>),
}

/// A filter turned into the masks [`Values`] are compared with.
struct Wanted {
    categories: u32,
    formats: u32,
    audiences: u32,
    options: u32,
    free: bool,
    area: Area,
    slots: u32,
    /// Per weekday of [`WEEK`], the slots of that day at the filter's times; none when the
    /// filter names no times, so that a group's own weekdays can be counted instead.
    days: Option<[u32; 7]>,
    /// Per part of the day, the slots at that time on the filter's weekdays; none when the
    /// filter names no weekdays.
    times: Option<[u32; 3]>,
}

fn mask<T: PartialEq>(all: &[T], wanted: &[T]) -> u32 {
    wanted.iter().fold(0, |m, v| m | bit_of(all, v))
}

impl Wanted {
    fn new(index: &DirectoryIndex, filter: &GroupFilter) -> Wanted {
        let area = match &filter.area {
            None => Area::Any,
            Some(AreaFilter::Online) => Area::Online,
            Some(AreaFilter::Prefecture { prefecture }) => Area::Prefecture(*prefecture),
            Some(AreaFilter::City { prefecture, city }) => Area::City(
                index
                    .cities
                    .iter()
                    .position(|(p, c)| p == prefecture && c == city),
            ),
        };
        Wanted {
            categories: mask(&Category::ALL, &filter.categories),
            formats: mask(&Format::ALL, &filter.formats),
            audiences: mask(&Audience::ALL, &filter.audiences),
            options: mask(&ParticipationOption::ALL, &filter.options),
            free: filter.free_only,
            area,
            slots: wanted_slots(&filter.weekdays, &filter.times),
            days: (!filter.times.is_empty())
                .then(|| WEEK.map(|d| wanted_slots(&[d], &filter.times))),
            times: (!filter.weekdays.is_empty())
                .then(|| TimeOfDay::ALL.map(|t| wanted_slots(&filter.weekdays, &[t]))),
        }
    }

    /// The counted fields `entry` fails.
    fn failures(&self, entry: &Entry) -> u8 {
        let v = &entry.values;
        let any_of = |wanted: u32, has: u32| wanted == 0 || wanted & has != 0;
        let area = match self.area {
            Area::Any => true,
            Area::Online => v.online,
            Area::Prefecture(p) => v.prefecture == Some(p),
            Area::City(city) => city.is_some() && v.city == city,
        };
        // Straight-line rather than a loop over (field, check) pairs: this runs once per group
        // per keystroke, and the size-optimised build does not unroll such loops.
        let fails = |field: u8, passes: bool| if passes { 0 } else { field };
        fails(CATEGORIES, any_of(self.categories, v.categories))
            | fails(AREA, area)
            | fails(FORMATS, any_of(self.formats, u32::from(v.formats)))
            | fails(AUDIENCES, any_of(self.audiences, u32::from(v.audiences)))
            | fails(OPTIONS, u32::from(v.options) & self.options == self.options)
            | fails(FREE, !self.free || v.free)
            | fails(SLOTS, any_of(self.slots, entry.slots))
    }
}

/// Counts and which values any group has, by position in each field's `ALL` list.
struct Tally {
    categories: [usize; Category::ALL.len()],
    prefectures: [usize; 48],
    cities: Vec<usize>,
    online: usize,
    formats: [usize; Format::ALL.len()],
    weekdays: [usize; 7],
    times: [usize; 3],
    audiences: [usize; Audience::ALL.len()],
    options: [usize; ParticipationOption::ALL.len()],
    free: usize,
    /// The union of every group's [`Values`] bits.
    offered: Values,
    offered_prefectures: [bool; 48],
    offered_cities: Vec<bool>,
}

/// Adds one to the count of every value whose bit is set.
fn add_bits(counts: &mut [usize], mut bits: u32) {
    while bits != 0 {
        if let Some(count) = counts.get_mut(bits.trailing_zeros() as usize) {
            *count += 1;
        }
        bits &= bits - 1;
    }
}

fn has_bit(bits: u32, i: usize) -> bool {
    bits >> i & 1 == 1
}

impl Tally {
    fn new(cities: usize) -> Tally {
        Tally {
            categories: [0; Category::ALL.len()],
            prefectures: [0; 48],
            cities: vec![0; cities],
            online: 0,
            formats: [0; Format::ALL.len()],
            weekdays: [0; 7],
            times: [0; 3],
            audiences: [0; Audience::ALL.len()],
            options: [0; ParticipationOption::ALL.len()],
            free: 0,
            offered: Values::default(),
            offered_prefectures: [false; 48],
            offered_cities: vec![false; cities],
        }
    }

    fn offer(&mut self, entry: &Entry) {
        let (o, v) = (&mut self.offered, &entry.values);
        o.categories |= v.categories;
        o.formats |= v.formats;
        o.audiences |= v.audiences;
        o.options |= v.options;
        o.weekdays |= v.weekdays;
        o.times |= v.times;
        if let Some(p) = v.prefecture
            && let Some(seen) = self.offered_prefectures.get_mut(usize::from(p.code()))
        {
            *seen = true;
        }
        if let Some(seen) = v.city.and_then(|c| self.offered_cities.get_mut(c)) {
            *seen = true;
        }
    }

    fn area(&mut self, v: &Values) {
        if v.online {
            self.online += 1;
        }
        if let Some(count) = v
            .prefecture
            .and_then(|p| self.prefectures.get_mut(usize::from(p.code())))
        {
            *count += 1;
        }
        if let Some(count) = v.city.and_then(|c| self.cities.get_mut(c)) {
            *count += 1;
        }
    }

    fn slots(&mut self, entry: &Entry, wanted: &Wanted) {
        // By reference: zipping the arrays by value copies them for every group.
        match &wanted.days {
            None => add_bits(&mut self.weekdays, u32::from(entry.values.weekdays)),
            Some(days) => {
                for (count, day) in self.weekdays.iter_mut().zip(days) {
                    *count += usize::from(entry.slots & day != 0);
                }
            }
        }
        match &wanted.times {
            None => add_bits(&mut self.times, u32::from(entry.values.times)),
            Some(times) => {
                for (count, time) in self.times.iter_mut().zip(times) {
                    *count += usize::from(entry.slots & time != 0);
                }
            }
        }
    }

    fn count(&mut self, entry: &Entry, wanted: &Wanted) {
        let v = &entry.values;
        let failures = wanted.failures(entry);
        // The weekday and time counts replace the filter's weekdays or times, never both, so
        // they need every other field to pass, whatever the slots do.
        if failures & !SLOTS == 0 {
            self.slots(entry, wanted);
        }
        match failures {
            0 => {
                add_bits(&mut self.categories, v.categories);
                self.area(v);
                add_bits(&mut self.formats, u32::from(v.formats));
                add_bits(&mut self.audiences, u32::from(v.audiences));
                add_bits(&mut self.options, u32::from(v.options));
                self.free += usize::from(v.free);
            }
            CATEGORIES => add_bits(&mut self.categories, v.categories),
            AREA => self.area(v),
            FORMATS => add_bits(&mut self.formats, u32::from(v.formats)),
            AUDIENCES => add_bits(&mut self.audiences, u32::from(v.audiences)),
            // Adding an option or asking for free of charge only narrows further, so a group
            // failing those counts nowhere; one failing only the slots was counted above.
            _ => {}
        }
    }

    fn facets(self, index: &DirectoryIndex) -> Facets {
        fn listed<T: Copy>(all: &[T], offered: u32, counts: &[usize]) -> Vec<(T, usize)> {
            all.iter()
                .zip(counts)
                .enumerate()
                .filter(|(i, _)| has_bit(offered, *i))
                .map(|(_, (v, n))| (*v, *n))
                .collect()
        }
        let o = &self.offered;
        Facets {
            categories: listed(&Category::ALL, o.categories, &self.categories),
            prefectures: Prefecture::all()
                .filter_map(|p| {
                    let i = usize::from(p.code());
                    let offered = self.offered_prefectures.get(i).copied()?;
                    offered.then(|| (p, self.prefectures.get(i).copied().unwrap_or(0)))
                })
                .collect(),
            cities: index
                .cities
                .iter()
                .zip(self.cities.iter().zip(&self.offered_cities))
                .filter(|(_, (_, offered))| **offered)
                .map(|((p, city), (n, _))| (*p, city.clone(), *n))
                .collect(),
            online: self.online,
            formats: listed(&Format::ALL, u32::from(o.formats), &self.formats),
            weekdays: listed(&WEEK, u32::from(o.weekdays), &self.weekdays),
            times: listed(&TimeOfDay::ALL, u32::from(o.times), &self.times),
            audiences: listed(&Audience::ALL, u32::from(o.audiences), &self.audiences),
            options: listed(
                &ParticipationOption::ALL,
                u32::from(o.options),
                &self.options,
            ),
            free: self.free,
        }
    }
}

impl DirectoryIndex {
    /// How many groups each choice of the finder would show; see [`Facets`]. One pass over the
    /// groups, cheap enough for every keystroke.
    pub fn facets(&self, filter: &GroupFilter) -> Facets {
        let wanted = Wanted::new(self, filter);
        let text = super::TextMatch::new(&filter.text, &self.feed.words);
        let mut tally = Tally::new(self.cities.len());
        // Through the entry's facility, which the index found once, so that the pass stays on
        // the entries and the few facilities instead of reaching into every group.
        let of_facility = |entry: &Entry| {
            filter
                .facility
                .as_ref()
                .is_none_or(|id| match entry.facility {
                    Some(i) => self
                        .directory()
                        .facilities
                        .get(i)
                        .is_some_and(|f| &f.id == id),
                    None => self
                        .directory()
                        .groups
                        .get(entry.position)
                        .is_some_and(|g| &g.facility == id),
                })
        };
        for entry in self.entries.iter().filter(|e| of_facility(e)) {
            tally.offer(entry);
            if self.passes_uncounted(entry, filter, &text) {
                tally.count(entry, &wanted);
            }
        }
        tally.facets(self)
    }
}
