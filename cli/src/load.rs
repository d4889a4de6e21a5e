//! Loading a directory and the facilities' private settings into the worker's KV through
//! `wrangler kv bulk put`, so the same command serves local development and a deployment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use tsunagu_contract::search::Folder;
use tsunagu_contract::{Directory, FacilityConfig};
use tsunagu_engine::feed::stored_feeds;
use tsunagu_engine::kv::{DIRECTORY_BINDING, DIRECTORY_KEY, FACILITIES_KEY, FEED_BUILT_KEY};

/// Where `load` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The local workerd state of `wrangler dev`, optionally in another folder.
    Local {
        /// `--persist-to`.
        persist_to: Option<PathBuf>,
    },
    /// The deployed namespace.
    Remote,
}

/// The `wrangler kv bulk put` file: `[{ "key", "value" }]` with JSON-text values: the
/// directory, the facilities' settings, and the finder's feeds built as of `feeds_at`, so the
/// worker serves them from the first request.
pub(crate) fn bulk_entries(
    directory: &Directory,
    facilities: &[FacilityConfig],
    feeds_at: DateTime<Utc>,
) -> Result<serde_json::Value> {
    let mut entries = vec![
        serde_json::json!({ "key": DIRECTORY_KEY, "value": serde_json::to_string(directory)? }),
        serde_json::json!({ "key": FACILITIES_KEY, "value": serde_json::to_string(facilities)? }),
    ];
    for (key, feed) in stored_feeds(directory, feeds_at, Folder::BUILT_IN) {
        entries.push(serde_json::json!({ "key": key, "value": serde_json::to_string(&feed)? }));
    }
    entries.push(
        serde_json::json!({ "key": FEED_BUILT_KEY, "value": serde_json::to_string(&feeds_at)? }),
    );
    Ok(serde_json::Value::Array(entries))
}

pub(crate) fn load(
    directory: &Directory,
    facilities: &[FacilityConfig],
    feeds_at: DateTime<Utc>,
    target: &Target,
    wrangler: Option<&str>,
) -> Result<String> {
    // Holds staff addresses: a private (0600), unpredictable file, removed when dropped.
    let mut bulk = tempfile::Builder::new()
        .prefix("tsunagu-kv-bulk-")
        .suffix(".json")
        .tempfile()
        .context("creating the bulk file")?;
    bulk.write_all(&serde_json::to_vec(&bulk_entries(
        directory, facilities, feeds_at,
    )?)?)
    .context("writing the bulk file")?;
    let mut command = wrangler_command(wrangler);
    command
        .args(["kv", "bulk", "put"])
        .arg(bulk.path())
        .args(["--binding", DIRECTORY_BINDING]);
    target_args(&mut command, target);
    let output = command
        .output()
        .context("running wrangler (is wrangler installed? try npm ci)")?;
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
        target.name()
    ))
}

impl Target {
    /// `local` or `remote`, for reports.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Target::Local { .. } => "local",
            Target::Remote => "remote",
        }
    }
}

/// The wrangler command, quiet and without metrics.
pub(crate) fn wrangler_command(wrangler: Option<&str>) -> Command {
    let wrangler = wrangler.map_or_else(default_wrangler, str::to_owned);
    let mut command = Command::new(wrangler);
    command
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_HIDE_BANNER", "true");
    command
}

/// `--local [--persist-to DIR]` or `--remote`, after the subcommand's own arguments.
pub(crate) fn target_args(command: &mut Command, target: &Target) {
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
}

fn default_wrangler() -> String {
    let local = Path::new("node_modules/.bin/wrangler");
    if local.exists() {
        local.display().to_string()
    } else {
        "wrangler".to_owned()
    }
}
