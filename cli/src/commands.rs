//! The subcommands: each turns its arguments into an [`Outcome`] through `tsunagu-contract`
//! and `tsunagu-engine`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use serde_json::json;
use tsunagu_contract::schedule::{self, Schedule, words};
use tsunagu_contract::{Category, Directory, FacilityConfig, GroupId, Lang, config};
use tsunagu_engine::exchange::{self, meeting_guide};
use tsunagu_engine::ics::{self, IcsOptions};
use tsunagu_engine::schedule::{self as rules, Expand};

use crate::input::{self, Format, Problem, ReadOptions};
use crate::load::{self, Target};
use crate::{Command, FacilityCommand, Outcome, facility};

/// Runs one subcommand.
pub(crate) fn run(command: Command) -> Result<Outcome> {
    match command {
        Command::Check { path, format, .. } => check(&path, format),
        Command::Convert {
            input,
            output,
            from,
            to,
            lang,
            skip_bad_rows,
            category,
            ..
        } => convert(
            &input,
            &output,
            &ReadOptions {
                format: from,
                skip_bad_rows,
                category,
            },
            to,
            lang.into(),
        ),
        Command::Schedule {
            phrase,
            from,
            count,
            lang,
            ..
        } => schedule(&phrase, from.as_deref(), count, lang.into()),
        Command::Ics {
            path,
            group,
            from,
            output,
            ..
        } => ics(&path, group.as_deref(), from.as_deref(), output.as_deref()),
        Command::Load {
            dir,
            kv,
            allow_origin,
            at,
            ..
        } => load_folder(
            &dir,
            &kv.target(),
            &allow_origin,
            at.unwrap_or_else(chrono::Utc::now),
            kv.wrangler.as_deref(),
        ),
        Command::Facility {
            action: FacilityCommand::Token { .. },
        } => token(),
        Command::Facility {
            action: FacilityCommand::Put { file, kv, .. },
        } => facility_put(&file, &kv.target(), kv.wrangler.as_deref()),
    }
}

fn token() -> Result<Outcome> {
    let minted = facility::mint_token()?;
    Ok(Outcome {
        human: format!(
            "token:              {}\n\
             staff_token_sha256: {}\n\
             Give the token to the facility's staff once (it is not stored anywhere); put the \
             hash in the facility's configuration and run `tsunagu facility put`.",
            minted.token, minted.sha256
        ),
        json: json!({ "ok": true, "token": minted.token, "staff_token_sha256": minted.sha256 }),
        ok: true,
    })
}

fn facility_put(file: &Path, target: &Target, wrangler: Option<&str>) -> Result<Outcome> {
    let (human, list) = facility::put(file, target, wrangler)?;
    Ok(Outcome {
        human,
        json: json!({
            "ok": true,
            "facilities": list.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            "target": target.name(),
        }),
        ok: true,
    })
}

fn default_read() -> ReadOptions {
    ReadOptions {
        format: None,
        skip_bad_rows: false,
        category: Category::Alcohol,
    }
}

/// The directory file of a data folder: `directory.json`, else `directory.csv`.
pub(crate) fn directory_file(dir: &Path) -> Result<PathBuf> {
    ["directory.json", "directory.csv"]
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.exists())
        .with_context(|| {
            format!(
                "{} has neither directory.json nor directory.csv",
                dir.display()
            )
        })
}

/// A data folder's directory and facility settings, both valid and agreeing with each other.
pub(crate) fn read_folder(dir: &Path) -> Result<(Directory, Vec<FacilityConfig>)> {
    let directory = input::read_valid(&directory_file(dir)?, &default_read())?;
    let facilities = read_facilities(dir)?;
    check_facilities(&directory, &facilities)?;
    Ok((directory, facilities))
}

fn read_facilities(dir: &Path) -> Result<Vec<FacilityConfig>> {
    let path = dir.join("facilities.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let facilities: Vec<FacilityConfig> =
        serde_json::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    config::validate_all(&facilities).with_context(|| format!("{}", path.display()))?;
    Ok(facilities)
}

fn check_facilities(directory: &Directory, facilities: &[FacilityConfig]) -> Result<()> {
    for config in facilities {
        if directory.facility(&config.id).is_none() {
            bail!(
                "facilities.json configures {}, which the directory does not list",
                config.id
            );
        }
    }
    Ok(())
}

fn check(path: &Path, format: Option<Format>) -> Result<Outcome> {
    let (file, folder) = if path.is_dir() {
        (directory_file(path)?, Some(path))
    } else {
        (path.to_path_buf(), None)
    };
    let options = ReadOptions {
        format,
        ..default_read()
    };
    let (format, read) = input::read(&file, &options)?;
    let mut problems = read.problems;
    let mut configured = None;
    if let (Some(dir), Some(directory)) = (folder, &read.directory) {
        match read_facilities(dir).and_then(|f| check_facilities(directory, &f).map(|()| f)) {
            Ok(facilities) => configured = Some(facilities.len()),
            Err(error) => problems.push(Problem {
                line: None,
                column: None,
                message: format!("{error:#}"),
            }),
        }
    }
    let (facilities, groups) = read
        .directory
        .as_ref()
        .map_or((0, 0), |d| (d.facilities.len(), d.groups.len()));
    let ok = problems.is_empty();
    let human = if ok {
        let mut line = format!("ok: {facilities} facilities, {groups} groups");
        if let Some(n) = configured {
            line.push_str(&format!(", {n} facility configurations"));
        }
        line
    } else {
        format!(
            "{}: {} problem(s){}",
            file.display(),
            problems.len(),
            input::listed(&problems)
        )
    };
    Ok(Outcome {
        human,
        json: json!({
            "ok": ok,
            "file": file.display().to_string(),
            "format": format,
            "facilities": facilities,
            "groups": groups,
            "facility_configurations": configured,
            "problems": problems,
        }),
        ok,
    })
}

fn convert(
    input_path: &Path,
    output: &Path,
    options: &ReadOptions,
    to: Option<Format>,
    lang: Lang,
) -> Result<Outcome> {
    let (from, read) = input::read(input_path, options)?;
    let Some(directory) = read.directory.filter(|_| read.problems.is_empty()) else {
        let human = format!(
            "{}: {} problem(s); nothing written (--skip-bad-rows leaves bad rows out){}",
            input_path.display(),
            read.problems.len(),
            input::listed(&read.problems)
        );
        return Ok(Outcome {
            human,
            json: json!({ "ok": false, "problems": read.problems }),
            ok: false,
        });
    };
    let stdout = output.as_os_str() == "-";
    let to = to.unwrap_or_else(|| {
        if stdout {
            Format::Json
        } else {
            Format::guess(output, None)
        }
    });
    let text = match to {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&directory)?),
        Format::Csv => exchange::csv::write(&directory, lang),
        Format::MeetingGuide => meeting_guide::write(&directory),
    };
    let mut human = String::new();
    if stdout {
        std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())?;
    } else {
        std::fs::write(output, &text).with_context(|| format!("writing {}", output.display()))?;
        human = format!(
            "wrote {} groups of {} facilities to {}",
            directory.groups.len(),
            directory.facilities.len(),
            output.display()
        );
    }
    for row in &read.skipped {
        human.push_str(&format!("\nskipped {row}"));
    }
    if stdout {
        // The converted file went to standard output; the report goes beside it.
        if !human.is_empty() {
            eprintln!("{}", human.trim_start());
        }
        human.clear();
    }
    Ok(Outcome {
        human: human.trim_start().to_owned(),
        json: json!({
            "ok": true,
            "from": from,
            "to": to,
            "facilities": directory.facilities.len(),
            "groups": directory.groups.len(),
            "skipped": read.skipped,
        }),
        ok: true,
    })
}

/// Reads `2026-11-22`, `2026-11-22T13:00` or `2026-11-22 13:00` as Tokyo wall-clock time.
fn parse_local(text: &str) -> Result<NaiveDateTime> {
    let text = text.trim();
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(moment);
        }
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{text:?} is not a date like 2026-11-22 or 2026-11-22T13:00"))?;
    Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn now_in_tokyo() -> NaiveDateTime {
    schedule::tokyo(Utc::now())
}

fn schedule(phrase: &str, from: Option<&str>, count: usize, lang: Lang) -> Result<Outcome> {
    let rule: Schedule = rules::parse(phrase)?;
    rule.validate()?;
    let from = from.map_or_else(|| Ok(now_in_tokyo()), parse_local)?;
    let next = rule.next_from_local(from, count);
    let line = |o: &schedule::Occurrence| match lang {
        Lang::Ja => format!(
            "{} {}",
            words::full_date_ja(o.date),
            words::times_ja(o.start, o.end)
        ),
        Lang::En => format!(
            "{}, {}",
            words::full_date_en(o.date),
            words::times_en(o.start, o.end)
        ),
    };
    let mut human = rules::words::schedule(lang, &rule);
    for o in &next {
        human.push_str(&format!("\n{}", line(o)));
    }
    if next.is_empty() {
        human.push_str(match lang {
            Lang::Ja => "\n（予定されている開催日はありません）",
            Lang::En => "\n(no meetings ahead)",
        });
    }
    Ok(Outcome {
        human,
        json: json!({
            "schedule": rule,
            "words": {
                "ja": rules::words::schedule(Lang::Ja, &rule),
                "en": rules::words::schedule(Lang::En, &rule),
            },
            "from": from.format("%Y-%m-%dT%H:%M").to_string(),
            "occurrences": next,
        }),
        ok: true,
    })
}

fn ics(
    path: &Path,
    group: Option<&str>,
    from: Option<&str>,
    output: Option<&Path>,
) -> Result<Outcome> {
    let directory = if path.is_dir() {
        read_folder(path)?.0
    } else {
        input::read_valid(path, &default_read())?
    };
    let from = from.map_or_else(|| Ok(now_in_tokyo()), parse_local)?.date();
    let options = IcsOptions {
        stamp: Utc::now(),
        from,
    };
    let calendar = match group {
        Some(id) => {
            let id = GroupId::new(id)?;
            let group = directory
                .group(&id)
                .with_context(|| format!("no group {id} in {}", path.display()))?;
            ics::group_calendar(&directory, group, &options)
        }
        None => {
            let name = match directory.facilities.as_slice() {
                [only] => only.name.clone(),
                _ => "tsunagu".to_owned(),
            };
            ics::directory_calendar(&directory, &name, &options)
        }
    };
    match output {
        Some(file) => {
            std::fs::write(file, &calendar)
                .with_context(|| format!("writing {}", file.display()))?;
            Ok(Outcome {
                human: format!("wrote {}", file.display()),
                json: json!({ "ok": true, "file": file.display().to_string() }),
                ok: true,
            })
        }
        None => Ok(Outcome {
            human: calendar.trim_end().to_owned(),
            json: json!({ "ok": true, "calendar": calendar }),
            ok: true,
        }),
    }
}

fn load_folder(
    dir: &Path,
    target: &Target,
    extra_origins: &[String],
    feeds_at: chrono::DateTime<chrono::Utc>,
    wrangler: Option<&str>,
) -> Result<Outcome> {
    let (directory, mut facilities) = read_folder(dir)?;
    for facility in &mut facilities {
        facility
            .allowed_origins
            .extend(extra_origins.iter().cloned());
    }
    config::validate_all(&facilities).context("with --allow-origin")?;
    let human = load::load(&directory, &facilities, feeds_at, target, wrangler)?;
    Ok(Outcome {
        human,
        json: json!({
            "ok": true,
            "facilities": directory.facilities.len(),
            "groups": directory.groups.len(),
            "target": target.name(),
        }),
        ok: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/data")
    }

    #[test]
    fn check_reads_the_demo_data() {
        let out = check(&demo(), None).unwrap();
        assert!(out.ok, "{}", out.human);
        assert!(out.human.starts_with("ok: "), "{}", out.human);
        assert_eq!(out.json["problems"], json!([]));
    }

    #[test]
    fn bad_facility_settings_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            demo().join("directory.json"),
            dir.path().join("directory.json"),
        )
        .unwrap();
        // A valid configuration, but of a facility the directory does not list.
        let demo_facilities = std::fs::read_to_string(demo().join("facilities.json")).unwrap();
        let mut facilities: serde_json::Value = serde_json::from_str(&demo_facilities).unwrap();
        let mut nowhere = facilities[0].take();
        nowhere["id"] = "nowhere".into();
        std::fs::write(
            dir.path().join("facilities.json"),
            json!([nowhere]).to_string(),
        )
        .unwrap();
        let out = check(dir.path(), None).unwrap();
        assert!(!out.ok);
        assert!(out.human.contains("nowhere"), "{}", out.human);
        assert!(read_folder(dir.path()).is_err());
    }

    #[test]
    fn a_script_address_in_the_directory_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let demo_directory = std::fs::read_to_string(demo().join("directory.json")).unwrap();
        let mut directory: serde_json::Value = serde_json::from_str(&demo_directory).unwrap();
        directory["groups"][0]["contact"]["url"] = "javascript:alert(document.cookie)".into();
        let file = dir.path().join("directory.json");
        std::fs::write(&file, directory.to_string()).unwrap();
        let out = check(&file, None).unwrap();
        assert!(!out.ok);
        assert!(
            out.human
                .contains("\"javascript:alert(document.cookie)\" must start with http://"),
            "{}",
            out.human
        );
    }

    #[test]
    fn load_refuses_bad_extra_origins() {
        let err = load_folder(
            &demo(),
            &Target::Local { persist_to: None },
            &["example.jp".to_owned()],
            chrono::Utc::now(),
            Some("/nonexistent/wrangler"),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("not an origin"), "{err:#}");
    }

    #[test]
    fn bulk_entries_use_the_core_keys() {
        let (directory, facilities) = read_folder(&demo()).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T14:00:00+09:00")
            .unwrap()
            .to_utc();
        let bulk = load::bulk_entries(&directory, &facilities, at).unwrap();
        assert_eq!(bulk[0]["key"], tsunagu_engine::kv::DIRECTORY_KEY);
        let back: Directory = serde_json::from_str(bulk[0]["value"].as_str().unwrap()).unwrap();
        assert_eq!(back, directory);
        // The feeds, built as of `at`, whole and per facility, and when they were built.
        let value = |key: &str| {
            let entry = bulk.as_array().unwrap().iter().find(|e| e["key"] == key);
            entry.unwrap()["value"].as_str().unwrap().to_owned()
        };
        let all: tsunagu_contract::feed::Feed =
            serde_json::from_str(&value(&tsunagu_engine::kv::feed_key(None))).unwrap();
        assert_eq!(all.built, at);
        assert_eq!(all.directory.groups.len(), directory.groups.len());
        for facility in &directory.facilities {
            let one: tsunagu_contract::feed::Feed =
                serde_json::from_str(&value(&tsunagu_engine::kv::feed_key(Some(&facility.id))))
                    .unwrap();
            // Its own entry and its groups only, each beside its work, in directory order.
            let (groups, prepared): (Vec<_>, Vec<_>) = all
                .directory
                .groups
                .iter()
                .zip(&all.prepared)
                .filter(|(g, _)| g.facility == facility.id)
                .map(|(g, p)| (g.clone(), p.clone()))
                .unzip();
            assert_eq!(one.built, at);
            assert_eq!(one.directory.facilities, std::slice::from_ref(facility));
            assert_eq!(one.directory.groups, groups);
            assert_eq!(one.prepared, prepared);
        }
        assert_eq!(
            value(tsunagu_engine::kv::FEED_BUILT_KEY),
            serde_json::to_string(&at).unwrap()
        );
    }

    #[test]
    fn schedule_prints_real_dates() {
        let out = schedule(
            "第2・4水曜日 13:00〜15:00（祝日は休み）",
            Some("2026-11-22"),
            3,
            Lang::Ja,
        )
        .unwrap();
        assert_eq!(
            out.human,
            "毎月第2・4水曜日 13:00〜15:00（祝日は休み）\n\
             2026年11月25日(水) 13:00〜15:00\n\
             2026年12月9日(水) 13:00〜15:00\n\
             2026年12月23日(水) 13:00〜15:00"
        );
        assert_eq!(out.json["occurrences"][0]["date"], "2026-11-25");
        let err = schedule("毎日 10時", None, 3, Lang::Ja).unwrap_err();
        assert!(format!("{err}").contains("毎日"), "{err}");
    }

    #[test]
    fn local_times_read_in_three_forms() {
        for text in ["2026-11-22T13:00", "2026-11-22 13:00"] {
            assert_eq!(
                parse_local(text).unwrap().to_string(),
                "2026-11-22 13:00:00"
            );
        }
        assert_eq!(
            parse_local("2026-11-22").unwrap().to_string(),
            "2026-11-22 00:00:00"
        );
        assert!(parse_local("22/11/2026").is_err());
    }
}
