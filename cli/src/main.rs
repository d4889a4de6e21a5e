//! `tsunagu`: the command-line tool for webmasters and the project's own scripts.
//!
//! ```text
//! tsunagu load DIR (--local [--persist-to PATH] | --remote) [--allow-origin ORIGIN]... [--wrangler CMD]
//! tsunagu check DIR
//! ```
//!
//! `DIR` holds `directory.json` (the public [`tsunagu_core::Directory`]) and `facilities.json`
//! (the private [`tsunagu_core::FacilityConfig`] list). Both are validated with `tsunagu-core`
//! before anything is written; `load` then writes them to the worker's KV through
//! `wrangler kv bulk put`, so the same command serves local development and a deployment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use tsunagu_core::kv::{DIRECTORY_BINDING, DIRECTORY_KEY, FACILITIES_KEY};
use tsunagu_core::{Directory, FacilityConfig, config};

const USAGE: &str = "usage:
  tsunagu check DIR
  tsunagu load DIR (--local [--persist-to PATH] | --remote) [--allow-origin ORIGIN]... [--wrangler CMD]

DIR holds directory.json and facilities.json. --allow-origin adds an origin to every facility
(for a local demo page on another port). --wrangler names the wrangler command
(default: node_modules/.bin/wrangler, else wrangler on PATH).";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(message) => {
            // The report is the command's output, not a diagnostic.
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{message}") {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            }
        }
        Err(error) => {
            eprintln!("tsunagu: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where `load` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Local { persist_to: Option<PathBuf> },
    Remote,
}

fn run(args: Vec<String>) -> Result<String> {
    let mut args = args.into_iter();
    let command = args.next().unwrap_or_default();
    match command.as_str() {
        "check" => {
            let dir = args.next().context(USAGE)?;
            let (directory, facilities) = read_data(Path::new(&dir))?;
            Ok(format!(
                "ok: {} facilities, {} groups, {} facility configurations",
                directory.facilities.len(),
                directory.groups.len(),
                facilities.len()
            ))
        }
        "load" => {
            let dir = args.next().context(USAGE)?;
            let mut target = None;
            let mut persist_to = None;
            let mut extra_origins = Vec::new();
            let mut wrangler = None;
            while let Some(flag) = args.next() {
                match flag.as_str() {
                    "--local" => target = Some(Target::Local { persist_to: None }),
                    "--remote" => target = Some(Target::Remote),
                    "--persist-to" => persist_to = Some(PathBuf::from(args.next().context(USAGE)?)),
                    "--allow-origin" => extra_origins.push(args.next().context(USAGE)?),
                    "--wrangler" => wrangler = Some(args.next().context(USAGE)?),
                    other => bail!("unknown option {other:?}\n{USAGE}"),
                }
            }
            let target = match (target, persist_to) {
                (Some(Target::Local { .. }), persist_to) => Target::Local { persist_to },
                (Some(Target::Remote), None) => Target::Remote,
                (Some(Target::Remote), Some(_)) => bail!("--persist-to goes with --local"),
                (None, _) => bail!("say --local or --remote\n{USAGE}"),
            };
            let (directory, mut facilities) = read_data(Path::new(&dir))?;
            for facility in &mut facilities {
                facility
                    .allowed_origins
                    .extend(extra_origins.iter().cloned());
            }
            config::validate_all(&facilities).context("with --allow-origin")?;
            load(&directory, &facilities, &target, wrangler.as_deref())
        }
        "" | "-h" | "--help" | "help" => Ok(USAGE.to_owned()),
        other => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

/// Reads and validates `DIR/directory.json` and `DIR/facilities.json`.
fn read_data(dir: &Path) -> Result<(Directory, Vec<FacilityConfig>)> {
    let directory: Directory = read_json(&dir.join("directory.json"))?;
    directory
        .validate()
        .with_context(|| format!("{}", dir.join("directory.json").display()))?;
    let facilities: Vec<FacilityConfig> = read_json(&dir.join("facilities.json"))?;
    config::validate_all(&facilities)
        .with_context(|| format!("{}", dir.join("facilities.json").display()))?;
    for config in &facilities {
        if directory.facility(&config.id).is_none() {
            bail!(
                "facilities.json configures {}, which directory.json does not list",
                config.id
            );
        }
    }
    Ok((directory, facilities))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
}

/// The `wrangler kv bulk put` file: `[{ "key", "value" }]` with JSON-text values.
fn bulk_entries(directory: &Directory, facilities: &[FacilityConfig]) -> Result<serde_json::Value> {
    Ok(serde_json::json!([
        { "key": DIRECTORY_KEY, "value": serde_json::to_string(directory)? },
        { "key": FACILITIES_KEY, "value": serde_json::to_string(facilities)? },
    ]))
}

fn load(
    directory: &Directory,
    facilities: &[FacilityConfig],
    target: &Target,
    wrangler: Option<&str>,
) -> Result<String> {
    // Holds staff addresses: a private (0600), unpredictable file, removed when dropped.
    let mut bulk = tempfile::Builder::new()
        .prefix("tsunagu-kv-bulk-")
        .suffix(".json")
        .tempfile()
        .context("creating the bulk file")?;
    bulk.write_all(&serde_json::to_vec(&bulk_entries(directory, facilities)?)?)
        .context("writing the bulk file")?;
    let wrangler = wrangler.map_or_else(default_wrangler, str::to_owned);
    let mut command = Command::new(&wrangler);
    command
        .args(["kv", "bulk", "put"])
        .arg(bulk.path())
        .args(["--binding", DIRECTORY_BINDING])
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_HIDE_BANNER", "true");
    match target {
        Target::Local { persist_to } => {
            command.arg("--local");
            if let Some(path) = persist_to {
                command.arg("--persist-to").arg(path);
            }
        }
        Target::Remote => {
            command.arg("--remote");
        }
    }
    let output = command
        .output()
        .with_context(|| format!("running {wrangler} (is wrangler installed? try npm ci)"))?;
    if !output.status.success() {
        bail!(
            "wrangler kv bulk put failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(format!(
        "loaded {} groups of {} facilities into KV binding {DIRECTORY_BINDING} ({})",
        directory.groups.len(),
        directory.facilities.len(),
        match target {
            Target::Local { .. } => "local",
            Target::Remote => "remote",
        }
    ))
}

fn default_wrangler() -> String {
    let local = Path::new("node_modules/.bin/wrangler");
    if local.exists() {
        local.display().to_string()
    } else {
        "wrangler".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/data")
    }

    #[test]
    fn check_reads_the_demo_data() {
        let out = run(vec!["check".into(), demo().display().to_string()]).unwrap();
        assert!(out.starts_with("ok: 14 facilities, 72 groups"), "{out}");
    }

    #[test]
    fn bad_data_is_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            demo().join("directory.json"),
            dir.path().join("directory.json"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("facilities.json"),
            r#"[{"id":"nowhere","staff_emails":["a@b.jp"],"sender":"s@b.jp","allowed_origins":[]}]"#,
        )
        .unwrap();
        let err = run(vec!["check".into(), dir.path().display().to_string()]).unwrap_err();
        assert!(err.to_string().contains("nowhere"), "{err:#}");
    }

    #[test]
    fn load_refuses_bad_extra_origins_and_missing_targets() {
        let dir = demo().display().to_string();
        let err = run(vec!["load".into(), dir.clone()]).unwrap_err();
        assert!(err.to_string().contains("--local or --remote"));
        let err = run(vec![
            "load".into(),
            dir,
            "--local".into(),
            "--allow-origin".into(),
            "example.jp".into(),
        ])
        .unwrap_err();
        assert!(format!("{err:#}").contains("not an origin"), "{err:#}");
    }

    #[test]
    fn bulk_entries_use_the_core_keys() {
        let (directory, facilities) = read_data(&demo()).unwrap();
        let bulk = bulk_entries(&directory, &facilities).unwrap();
        assert_eq!(bulk[0]["key"], DIRECTORY_KEY);
        let back: Directory = serde_json::from_str(bulk[0]["value"].as_str().unwrap()).unwrap();
        assert_eq!(back, directory);
    }
}
