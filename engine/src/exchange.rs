//! Moving a directory in and out of other tools: the spreadsheet facilities keep in Excel
//! ([`csv`]) and the Meeting Guide JSON feed that AA-style meeting finders share
//! ([`meeting_guide`]).
//!
//! Both readers check every cell and report problems by row, so whoever keeps the file can fix
//! it and try again. An import with any problem imports nothing ([`ImportError::Rejected`]),
//! unless [`ImportOptions::skip_bad_rows`] asks to leave the bad rows out; they are then listed
//! in [`Imported::skipped`], together with the rows that had to go because of them (a group
//! whose facility could not be imported).

pub mod csv;
pub mod meeting_guide;

use std::collections::{HashMap, HashSet};
use std::fmt;

use tsunagu_contract::directory::{
    Directory, DirectoryError, Facility, FacilityId, Group, GroupId,
};
use tsunagu_contract::schedule::ScheduleError;

use crate::schedule::ParseError;

/// How strict an import is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Leave bad rows out and import the rest, instead of importing nothing.
    pub skip_bad_rows: bool,
}

/// Which kind of file a [`RowError`] points into, so it can say "line" or "meeting".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A CSV file: rows are counted in lines and cells named by their column header.
    Csv,
    /// A Meeting Guide JSON feed: rows are the meetings of the array, fields named by key.
    MeetingGuide,
}

/// One problem in one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RowError {
    /// The kind of file, which decides what [`RowError::line`] counts.
    pub file: FileKind,
    /// Where the row is. For CSV, the 1-based line in the file on which the row starts (the
    /// header is line 1; a cell with line breaks makes a row span several lines). For a
    /// Meeting Guide feed, the 1-based position of the meeting in the JSON array.
    pub line: u64,
    /// The cell: for CSV the column header exactly as written in the file, for JSON the field
    /// name. Absent when the problem is the whole row.
    pub column: Option<String>,
    /// What is wrong.
    pub problem: RowProblem,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (row, cell) = match self.file {
            FileKind::Csv => ("line", "column"),
            FileKind::MeetingGuide => ("meeting", "field"),
        };
        write!(f, "{row} {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", {cell} {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// What can be wrong with one row (or one cell of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// A value that is none of a closed vocabulary's codes or labels.
    #[error(
        "{value:?} is not a known {what}; write one of {accepted} (or its Japanese or English label)"
    )]
    UnknownValue {
        /// Which vocabulary, e.g. "category".
        what: &'static str,
        /// The rejected text.
        value: String,
        /// The accepted codes, comma-separated.
        accepted: String,
    },
    /// A cell that should hold a whole number.
    #[error("{value:?} is not {expected}")]
    BadNumber {
        /// The rejected text.
        value: String,
        /// What was expected, in words, e.g. "a number of people such as 20 or 20人".
        expected: &'static str,
    },
    /// A cost in none of the accepted forms.
    #[error(
        "{value:?} is not a cost (write 無料, 任意の献金・カンパ, 500円, 500円（資料代）, free, donation or ¥500)"
    )]
    BadCost {
        /// The rejected text.
        value: String,
    },
    /// A date in none of the accepted forms.
    #[error("{value:?} is not a date (write 2026-11-22, 2026/11/22 or 2026年11月22日)")]
    BadDate {
        /// The rejected text.
        value: String,
    },
    /// A Meeting Guide `day` that is not 0 (Sunday) to 6 (Saturday).
    #[error("{value} is not a day of the week (0 = Sunday … 6 = Saturday)")]
    BadDay {
        /// The rejected value, as written in the JSON.
        value: String,
    },
    /// A schedule the schedule parser could not read.
    #[error(transparent)]
    UnreadableSchedule(#[from] ParseError),
    /// A schedule (or a meeting time) that reads but is not valid.
    #[error(transparent)]
    InvalidSchedule(#[from] ScheduleError),
    /// A cell that must be filled in is blank (or a JSON field is absent).
    #[error("this must be filled in")]
    Missing,
    /// City, address or access without the prefecture every place needs.
    #[error("a place needs its prefecture as well as a city, address or access")]
    PlaceWithoutPrefecture,
    /// A facility detail that differs from an earlier row of the same facility.
    #[error(
        "facility {facility} is given as {earlier:?} on line {earlier_line} but as {here:?} on \
         this row; fill it in on one row, or repeat it exactly"
    )]
    FacilityConflict {
        /// The facility.
        facility: FacilityId,
        /// The row that filled it in first.
        earlier_line: u64,
        /// What that row says.
        earlier: String,
        /// What this row says.
        here: String,
    },
    /// A group identifier used by an earlier row.
    #[error("group {group} is already on line {earlier_line}; every group needs its own ID")]
    DuplicateGroup {
        /// The repeated identifier.
        group: GroupId,
        /// The row that used it first.
        earlier_line: u64,
    },
    /// A facility-only row (blank group ID) with a group cell filled in.
    #[error(
        "the group ID is blank, so this row describes a facility only; fill in the group ID or \
         leave this cell blank"
    )]
    GroupCellWithoutGroup,
    /// A group left out because its facility could not be imported.
    #[error("left out because its facility {facility} (line {line}) could not be imported")]
    FacilityLeftOut {
        /// The facility.
        facility: FacilityId,
        /// Where the facility's problem is.
        line: u64,
    },
    /// An identifier, prefecture or other directory rule broken by the row.
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    /// A Meeting Guide meeting whose location is temporarily closed (type `TC`) and that has no
    /// online details either, so there is nothing to attend.
    #[error(
        "the location is temporarily closed (type TC) and there is no conference_url or \
         conference_phone, so there is nothing to attend"
    )]
    Inactive,
    /// A JSON field of the wrong type.
    #[error("expected {expected}")]
    WrongType {
        /// What was expected, e.g. "a string".
        expected: &'static str,
    },
    /// A row the file format itself cannot make sense of.
    #[error("{detail}")]
    Malformed {
        /// What is wrong, in words.
        detail: String,
    },
}

/// What can make a whole file unreadable, before any row is looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    /// No header line.
    #[error("the file is empty; its first line must name the columns (施設ID, グループID, …)")]
    Empty,
    /// Header cells that name no known column.
    #[error(
        "unknown columns {columns:?}; columns are named as in an export, in Japanese (施設ID) or English (facility_id)"
    )]
    UnknownColumns {
        /// The headers as written.
        columns: Vec<String>,
    },
    /// Two headers naming the same column.
    #[error("columns {first:?} and {second:?} are the same column")]
    DuplicateColumn {
        /// The first header as written.
        first: String,
        /// The second.
        second: String,
    },
    /// Required columns without a header.
    #[error("required columns are missing: {}", columns.join(", "))]
    MissingColumns {
        /// The missing columns, as 「施設ID (facility_id)」.
        columns: Vec<String>,
    },
    /// Not JSON at all.
    #[error("not valid JSON: {message}")]
    Json {
        /// The JSON parser's message, with the line and column of the problem.
        message: String,
    },
    /// JSON, but not an array of meetings.
    #[error("a Meeting Guide feed is a JSON array of meetings, not {found}")]
    NotArray {
        /// What it is instead, e.g. "an object".
        found: &'static str,
    },
}

/// Why an import produced nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Rows had problems and [`ImportOptions::skip_bad_rows`] was off, so nothing was imported.
    #[error("nothing was imported: {} problem(s){}", errors.len(), first(errors))]
    Rejected {
        /// Every problem, in file order.
        errors: Vec<RowError>,
    },
    /// The file cannot be read at all.
    #[error("the file cannot be read: {0}")]
    Unreadable(#[from] FileProblem),
}

fn first(errors: &[RowError]) -> String {
    errors
        .first()
        .map(|e| format!(", the first at {e}"))
        .unwrap_or_default()
}

/// What an import produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// The imported directory; it passes [`Directory::validate`].
    pub directory: Directory,
    /// Rows left out under [`ImportOptions::skip_bad_rows`], with why; empty otherwise.
    pub skipped: Vec<RowError>,
}

/// The facilities and groups a reader built, each with the row it came from, and the row
/// problems found so far. [`Assembly::finish`] checks the directory as a whole and decides
/// between an import and a rejection, so both formats treat bad rows alike.
pub(crate) struct Assembly {
    pub(crate) file: FileKind,
    pub(crate) facilities: Vec<(Facility, u64)>,
    pub(crate) groups: Vec<(Group, u64)>,
    pub(crate) errors: Vec<RowError>,
}

/// Which entity a directory problem is about.
enum Culprit {
    Facility(usize),
    Group(usize),
}

/// Whether a directory problem is about a facility or a group, for naming its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Facility,
    Group,
}

impl Assembly {
    pub(crate) fn new(file: FileKind) -> Assembly {
        Assembly {
            file,
            facilities: Vec::new(),
            groups: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, line: u64, column: Option<String>, problem: RowProblem) {
        self.errors.push(RowError {
            file: self.file,
            line,
            column,
            problem,
        });
    }

    /// Runs [`Directory::problems`] on what the rows built, reports each problem on the row it
    /// came from (`column_of` names the cell) and leaves that group or facility out, with the
    /// groups of any facility left out.
    pub(crate) fn finish(
        mut self,
        options: &ImportOptions,
        column_of: impl Fn(&DirectoryError, Entity) -> Option<String>,
    ) -> Result<Imported, ImportError> {
        let mut unmapped = false;
        // One round maps every problem; a second catches anything the removals exposed, which
        // should be nothing, so a third is never needed in practice but bounded anyway.
        for _ in 0..3 {
            let directory = self.directory();
            let problems = directory.problems();
            if problems.is_empty() {
                break;
            }
            let mut drop_facilities = HashSet::new();
            let mut drop_groups = HashSet::new();
            for problem in problems {
                match self.culprit(&problem) {
                    Some(Culprit::Facility(i)) => {
                        let line = self.facilities.get(i).map_or(0, |f| f.1);
                        let column = column_of(&problem, Entity::Facility);
                        self.error(line, column, RowProblem::Directory(problem));
                        drop_facilities.insert(i);
                    }
                    Some(Culprit::Group(i)) => {
                        let line = self.groups.get(i).map_or(0, |g| g.1);
                        let column = column_of(&problem, Entity::Group);
                        self.error(line, column, RowProblem::Directory(problem));
                        drop_groups.insert(i);
                    }
                    None => {
                        self.error(1, None, RowProblem::Directory(problem));
                        unmapped = true;
                    }
                }
            }
            self.leave_out(&drop_facilities, &drop_groups);
            if unmapped {
                break;
            }
        }
        self.errors.sort_by_key(|e| e.line);
        if unmapped || (!self.errors.is_empty() && !options.skip_bad_rows) {
            return Err(ImportError::Rejected {
                errors: self.errors,
            });
        }
        Ok(Imported {
            directory: self.directory(),
            skipped: self.errors,
        })
    }

    /// Leaves out these facilities (with their groups, reported) and groups.
    pub(crate) fn leave_out(&mut self, facilities: &HashSet<usize>, groups: &HashSet<usize>) {
        let mut gone: HashMap<FacilityId, u64> = HashMap::new();
        let mut index = 0;
        self.facilities.retain(|(facility, line)| {
            let keep = !facilities.contains(&index);
            if !keep {
                gone.insert(facility.id.clone(), *line);
            }
            index += 1;
            keep
        });
        let mut index = 0;
        let mut left_out = Vec::new();
        self.groups.retain(|(group, line)| {
            let dropped = groups.contains(&index);
            index += 1;
            if dropped {
                return false;
            }
            match gone.get(&group.facility) {
                Some(facility_line) => {
                    left_out.push((
                        *line,
                        RowProblem::FacilityLeftOut {
                            facility: group.facility.clone(),
                            line: *facility_line,
                        },
                    ));
                    false
                }
                None => true,
            }
        });
        for (line, problem) in left_out {
            self.error(line, None, problem);
        }
    }

    fn directory(&self) -> Directory {
        Directory {
            facilities: self.facilities.iter().map(|(f, _)| f.clone()).collect(),
            groups: self.groups.iter().map(|(g, _)| g.clone()).collect(),
        }
    }

    /// The facility or group a problem is about; for repeats, the later one.
    fn culprit(&self, problem: &DirectoryError) -> Option<Culprit> {
        let group = |id: &GroupId| {
            self.groups
                .iter()
                .rposition(|(g, _)| &g.id == id)
                .map(Culprit::Group)
        };
        match problem {
            DirectoryError::DuplicateFacility { id } => self
                .facilities
                .iter()
                .rposition(|(f, _)| &f.id == id)
                .map(Culprit::Facility),
            DirectoryError::EmptyName { id } => self
                .facilities
                .iter()
                .position(|(f, _)| f.id.as_str() == id && f.name.trim().is_empty())
                .map(Culprit::Facility)
                .or_else(|| {
                    self.groups
                        .iter()
                        .position(|(g, _)| g.id.as_str() == id && g.name.trim().is_empty())
                        .map(Culprit::Group)
                }),
            DirectoryError::BadFacilityUrl { id, url } => self
                .facilities
                .iter()
                .position(|(f, _)| &f.id == id && f.contact.url.as_ref() == Some(url))
                .map(Culprit::Facility),
            DirectoryError::BadGroupUrl { id, url } => self
                .groups
                .iter()
                .position(|(g, _)| &g.id == id && g.contact.url.as_ref() == Some(url))
                .map(Culprit::Group),
            DirectoryError::DuplicateGroup { id }
            | DirectoryError::NoCategory { id }
            | DirectoryError::NoPlace { id }
            | DirectoryError::Schedule { id, .. } => group(id),
            DirectoryError::UnknownFacility { group: id, .. } => group(id),
            DirectoryError::InvalidId { .. } | DirectoryError::UnknownPrefecture { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use tsunagu_contract::directory::Category;

    use super::*;

    #[test]
    fn row_errors_say_line_or_meeting() {
        let mut e = RowError {
            file: FileKind::Csv,
            line: 4,
            column: Some("日程".into()),
            problem: RowProblem::Missing,
        };
        assert_eq!(e.to_string(), "line 4, column 日程: this must be filled in");
        e.file = FileKind::MeetingGuide;
        e.column = None;
        assert_eq!(e.to_string(), "meeting 4: this must be filled in");
    }

    #[test]
    fn rejection_names_the_first_problem() {
        let e = ImportError::Rejected {
            errors: vec![RowError {
                file: FileKind::Csv,
                line: 2,
                column: Some("cost".into()),
                problem: RowProblem::BadCost { value: "x".into() },
            }],
        };
        let text = e.to_string();
        assert!(text.starts_with("nothing was imported: 1 problem(s), the first at line 2, column cost: \"x\" is not a cost"), "{text}");
    }

    #[test]
    fn finish_leaves_out_a_facility_with_its_groups() {
        let f = FacilityId::new("f").unwrap();
        let mut a = Assembly::new(FileKind::Csv);
        a.facilities.push((Facility::new(f.clone(), " "), 2));
        a.groups.push((
            Group::new(GroupId::new("g").unwrap(), f, "G", Category::Alcohol),
            3,
        ));
        let strict = a_clone(&a);
        let err = strict
            .finish(&ImportOptions::default(), |_, _| None)
            .unwrap_err();
        assert!(matches!(err, ImportError::Rejected { ref errors } if errors.len() == 2));
        let done = a
            .finish(
                &ImportOptions {
                    skip_bad_rows: true,
                },
                |_, _| Some("施設名".into()),
            )
            .unwrap();
        assert_eq!(done.directory, Directory::default());
        assert_eq!(
            done.skipped.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3]
        );
        assert!(matches!(
            done.skipped[1].problem,
            RowProblem::FacilityLeftOut { line: 2, .. }
        ));
    }

    fn a_clone(a: &Assembly) -> Assembly {
        Assembly {
            file: a.file,
            facilities: a.facilities.clone(),
            groups: a.groups.clone(),
            errors: a.errors.clone(),
        }
    }
}
