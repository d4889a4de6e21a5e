//! `tsunagu`: the command-line tool for webmasters and the project's own scripts.
//!
//! ```text
//! tsunagu check PATH [--format F] [--json]
//! tsunagu convert INPUT OUTPUT [--from F] [--to F] [--lang ja|en] [--skip-bad-rows] [--category C] [--json]
//! tsunagu schedule "第2・4水曜日 13:00〜15:00" [--from DATE] [--count N] [--lang ja|en] [--json]
//! tsunagu ics PATH [--group ID] [--from DATE] [-o FILE]
//! tsunagu load DIR (--local [--persist-to PATH] | --remote) [--allow-origin ORIGIN]... [--at TIME] [--wrangler CMD]
//! tsunagu facility token [--json]
//! tsunagu facility put FILE.json (--local [--persist-to PATH] | --remote) [--wrangler CMD] [--json]
//! ```
//!
//! A data folder (`DIR`) holds `directory.json` or `directory.csv` (the public
//! [`tsunagu_contract::Directory`]) and `facilities.json` (the private
//! [`tsunagu_contract::FacilityConfig`] list). Everything is validated with `tsunagu-contract`, the same
//! code the widget and the worker run, before anything is written.

mod commands;
mod facility;
mod input;
mod load;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use input::Format;
use tsunagu_contract::Category;

/// The tsunagu command-line tool: check, convert and load a support-group directory, and try out
/// schedule rules.
#[derive(Debug, Parser)]
#[command(name = "tsunagu", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The language of words in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    /// 日本語.
    Ja,
    /// English.
    En,
}

impl From<LangArg> for tsunagu_contract::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Ja => tsunagu_contract::Lang::Ja,
            LangArg::En => tsunagu_contract::Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a directory file, or a data folder, and report every problem with its line.
    Check {
        /// A directory file (.json, .csv, Meeting Guide .json) or a data folder.
        path: PathBuf,
        /// The file's format (default: from the extension and content).
        #[arg(long)]
        format: Option<Format>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Convert a directory between tsunagu JSON, CSV and Meeting Guide JSON.
    Convert {
        /// The file to read.
        input: PathBuf,
        /// The file to write, or - for standard output.
        output: PathBuf,
        /// The input format (default: from the extension and content).
        #[arg(long)]
        from: Option<Format>,
        /// The output format (default: from the output's extension; JSON for -).
        #[arg(long)]
        to: Option<Format>,
        /// Header and label language of a CSV output.
        #[arg(long, value_enum, default_value = "ja")]
        lang: LangArg,
        /// Leave bad rows out (and list them) instead of refusing the whole file.
        #[arg(long)]
        skip_bad_rows: bool,
        /// Category of every group read from a Meeting Guide feed (e.g. alcohol, family).
        #[arg(long, value_parser = parse_category, default_value = "alcohol")]
        category: Category,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read a schedule written in Japanese and print the next meetings.
    Schedule {
        /// The rule, e.g. 「第2・4水曜日 13:00〜15:00（祝日は休み）」.
        phrase: String,
        /// Start from this Tokyo date or date and time (2026-11-22 or 2026-11-22T13:00;
        /// default: now).
        #[arg(long)]
        from: Option<String>,
        /// How many meetings to print.
        #[arg(long, default_value_t = 5)]
        count: usize,
        /// Language of the words.
        #[arg(long, value_enum, default_value = "ja")]
        lang: LangArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the iCalendar (.ics) of a directory or one group.
    Ics {
        /// A directory file or a data folder.
        path: PathBuf,
        /// Only this group.
        #[arg(long)]
        group: Option<String>,
        /// First date for rules without a start (default: today in Tokyo).
        #[arg(long)]
        from: Option<String>,
        /// The file to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print a JSON report (with -o) or the calendar inside JSON (without).
        #[arg(long)]
        json: bool,
    },
    /// Load a data folder into the worker's KV through wrangler.
    Load {
        /// The data folder.
        dir: PathBuf,
        /// Where to write.
        #[command(flatten)]
        kv: KvTarget,
        /// Add an origin to every facility (for a local demo page on another port).
        #[arg(long)]
        allow_origin: Vec<String>,
        /// Build the finder's feeds as of this moment (RFC 3339, e.g. 2026-11-25T14:00:00+09:00)
        /// instead of now: for a demo or a test pinned to a date. The worker's cron builds them
        /// again from its own clock within minutes.
        #[arg(long, value_parser = parse_instant)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mint a staff API token, or set facilities' private configuration in the worker's KV.
    Facility {
        #[command(subcommand)]
        action: FacilityCommand,
    },
}

/// An RFC 3339 moment.
fn parse_instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>, chrono::ParseError> {
    chrono::DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&chrono::Utc))
}

/// Which KV the `load` and `facility put` commands write through wrangler.
#[derive(Debug, Args)]
struct KvTarget {
    /// Write to the local state of `wrangler dev`.
    #[arg(long, conflicts_with = "remote", required_unless_present = "remote")]
    local: bool,
    /// Write to the deployed namespace.
    #[arg(long)]
    remote: bool,
    /// The local state folder (with --local).
    #[arg(long, requires = "local")]
    persist_to: Option<PathBuf>,
    /// The wrangler command (default: node_modules/.bin/wrangler, else wrangler on PATH).
    #[arg(long)]
    wrangler: Option<String>,
}

impl KvTarget {
    /// The KV the flags name.
    fn target(&self) -> load::Target {
        if self.local {
            load::Target::Local {
                persist_to: self.persist_to.clone(),
            }
        } else {
            load::Target::Remote
        }
    }
}

/// `tsunagu facility …`.
#[derive(Debug, Subcommand)]
enum FacilityCommand {
    /// Print a new random staff API token (once) and the SHA-256 to put in the facility's
    /// `staff_token_sha256`.
    Token {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate and store one facility's configuration (a JSON object), or all of them (a JSON
    /// array, as in facilities.json), in the worker's KV.
    Put {
        /// The JSON file.
        file: PathBuf,
        /// Where to write.
        #[command(flatten)]
        kv: KvTarget,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn parse_category(text: &str) -> anyhow::Result<Category> {
    Ok(serde_json::from_value(serde_json::Value::String(
        text.to_owned(),
    ))?)
}

/// What a command has to say: for people, for scripts, and whether it succeeded.
#[derive(Debug)]
struct Outcome {
    human: String,
    json: serde_json::Value,
    ok: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let wants_json = matches!(
        cli.command,
        Command::Check { json: true, .. }
            | Command::Convert { json: true, .. }
            | Command::Schedule { json: true, .. }
            | Command::Ics { json: true, .. }
            | Command::Load { json: true, .. }
            | Command::Facility {
                action: FacilityCommand::Token { json: true }
                    | FacilityCommand::Put { json: true, .. }
            }
    );
    // `convert IN -` writes the converted file to standard output; its report goes beside it.
    let report_to_stderr =
        matches!(&cli.command, Command::Convert { output, .. } if output.as_os_str() == "-");
    match commands::run(cli.command) {
        Ok(outcome) => {
            // The report is the command's output, not a diagnostic.
            let mut out: Box<dyn Write> = if report_to_stderr {
                Box::new(std::io::stderr().lock())
            } else {
                Box::new(std::io::stdout().lock())
            };
            let written = if wants_json {
                writeln!(out, "{:#}", outcome.json)
            } else if outcome.human.is_empty() {
                Ok(())
            } else {
                writeln!(out, "{}", outcome.human)
            };
            if written.is_err() || !outcome.ok {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            if wants_json {
                let body = serde_json::json!({ "ok": false, "error": format!("{error:#}") });
                let _ = writeln!(std::io::stdout().lock(), "{body:#}");
            } else {
                eprintln!("tsunagu: {error:#}");
            }
            ExitCode::FAILURE
        }
    }
}
