//! Reading a directory in any of the formats webmasters have: tsunagu's own JSON, the CSV that
//! Excel opens, or a Meeting Guide JSON feed; each problem is kept with where it was found.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use tsunagu_contract::{Category, Directory};
use tsunagu_engine::exchange::{self, ImportError, ImportOptions, RowError, meeting_guide};

/// A directory file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Format {
    /// tsunagu's own JSON (what the worker serves).
    Json,
    /// One row per group, UTF-8 with BOM, Japanese or English headers.
    Csv,
    /// A Meeting Guide (TSML) JSON feed: an array of weekly meetings.
    MeetingGuide,
}

impl Format {
    /// The format a file name suggests; JSON files are told apart by their content.
    pub(crate) fn guess(path: &Path, text: Option<&str>) -> Format {
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            Format::Csv
        } else if text.is_some_and(|t| {
            t.trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('[')
        }) {
            Format::MeetingGuide
        } else {
            Format::Json
        }
    }
}

/// One thing wrong with an input file, with its place when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    /// 1-based line (CSV), meeting number (Meeting Guide) or JSON line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) line: Option<u64>,
    /// The column or field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) column: Option<String>,
    /// What is wrong, in words.
    pub(crate) message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            (None, Some(column)) => write!(f, "{column}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl From<&RowError> for Problem {
    fn from(error: &RowError) -> Problem {
        Problem {
            line: Some(error.line),
            column: error.column.clone(),
            message: error.problem.to_string(),
        }
    }
}

/// Problems one per indented line, each after a line break, for a report in words.
pub(crate) fn listed(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

/// What reading produced: the directory when it is usable, and every problem found.
#[derive(Debug, Default)]
pub(crate) struct Read {
    /// The directory, when the input had no problems (or bad rows were skipped).
    pub(crate) directory: Option<Directory>,
    /// Problems that stop the import.
    pub(crate) problems: Vec<Problem>,
    /// Rows left out because `--skip-bad-rows` was given.
    pub(crate) skipped: Vec<Problem>,
}

/// How to read an input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadOptions {
    /// The format, or `None` to guess from the name and content.
    pub(crate) format: Option<Format>,
    /// Leave bad rows out instead of refusing the whole file.
    pub(crate) skip_bad_rows: bool,
    /// The category of every group imported from a Meeting Guide feed.
    pub(crate) category: Category,
}

/// Reads and validates a directory file.
pub(crate) fn read(path: &Path, options: &ReadOptions) -> Result<(Format, Read)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading {} (it must be UTF-8)", path.display()))?;
    let format = options
        .format
        .unwrap_or_else(|| Format::guess(path, Some(&text)));
    let import = ImportOptions {
        skip_bad_rows: options.skip_bad_rows,
    };
    let result = match format {
        Format::Json => return Ok((format, read_json(&text))),
        Format::Csv => exchange::csv::read(&text, &import),
        Format::MeetingGuide => meeting_guide::read(
            &text,
            &meeting_guide::MeetingGuideOptions {
                skip_bad_rows: options.skip_bad_rows,
                category: options.category,
            },
        ),
    };
    Ok((format, from_import(result)))
}

fn from_import(result: Result<exchange::Imported, ImportError>) -> Read {
    match result {
        Ok(imported) => Read {
            directory: Some(imported.directory),
            problems: Vec::new(),
            skipped: imported.skipped.iter().map(Problem::from).collect(),
        },
        Err(ImportError::Rejected { errors }) => Read {
            directory: None,
            problems: errors.iter().map(Problem::from).collect(),
            skipped: Vec::new(),
        },
        Err(other) => Read {
            directory: None,
            problems: vec![Problem {
                line: None,
                column: None,
                message: other.to_string(),
            }],
            skipped: Vec::new(),
        },
    }
}

fn read_json(text: &str) -> Read {
    let directory: Directory = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(directory) => directory,
        Err(error) => {
            return Read {
                problems: vec![Problem {
                    line: Some(error.line() as u64),
                    column: None,
                    message: error.to_string(),
                }],
                ..Read::default()
            };
        }
    };
    let problems: Vec<Problem> = directory
        .problems()
        .iter()
        .map(|p| Problem {
            line: None,
            column: None,
            message: p.to_string(),
        })
        .collect();
    Read {
        directory: problems.is_empty().then_some(directory),
        problems,
        skipped: Vec::new(),
    }
}

/// Reads a directory and insists that it is usable.
pub(crate) fn read_valid(path: &Path, options: &ReadOptions) -> Result<Directory> {
    let (_, read) = read(path, options)?;
    match read.directory {
        Some(directory) if read.problems.is_empty() => Ok(directory),
        _ => {
            bail!("{} has problems:{}", path.display(), listed(&read.problems))
        }
    }
}
