//! `tsunagu facility`: minting a staff API token and setting facilities' private configuration
//! in the worker's KV (local or deployed) without reloading the directory.
//!
//! `put` takes either the whole list (a JSON array, as in a data folder's `facilities.json`),
//! which replaces what is stored, or one facility (a JSON object), which replaces the facility
//! with that id in the stored list or is added to it. Either way the resulting list is checked
//! with [`config::validate_all`] before anything is written, and written as one value under
//! [`FACILITIES_KEY`], as `tsunagu load` writes it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use tsunagu_contract::{FacilityConfig, config};
use tsunagu_engine::kv::{DIRECTORY_BINDING, FACILITIES_KEY};

use crate::load::{self, Target};

/// Bytes of randomness in a staff token (256 bits).
const TOKEN_BYTES: usize = 32;

/// A new staff token and the hash to put in the facility's `staff_token_sha256`.
#[derive(Debug)]
pub(crate) struct Minted {
    /// The token itself: shown once, never stored by tsunagu.
    pub(crate) token: String,
    /// Its lower-case hex SHA-256.
    pub(crate) sha256: String,
}

/// Mints a token from the operating system's CSPRNG.
pub(crate) fn mint_token() -> Result<Minted> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let token = format!("tsunagu_{}", hex(&bytes));
    Ok(Minted {
        sha256: token_sha256(&token),
        token,
    })
}

/// The lower-case hex SHA-256 of a token, as the worker computes it.
pub(crate) fn token_sha256(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a `put` file holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum Incoming {
    /// Every facility: replaces the stored list.
    All(Vec<FacilityConfig>),
    /// One facility: replaces or joins its entry in the stored list.
    One(Box<FacilityConfig>),
}

/// Reads a `put` file.
pub(crate) fn read_incoming(path: &Path) -> Result<Incoming> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is neither a facility configuration nor a list of them",
            path.display()
        )
    })
}

/// The list to store: `incoming` applied to what is stored, then validated as a whole.
pub(crate) fn merge(
    stored: Vec<FacilityConfig>,
    incoming: Incoming,
) -> Result<Vec<FacilityConfig>> {
    let list = match incoming {
        Incoming::All(all) => all,
        Incoming::One(one) => {
            let mut list = stored;
            match list.iter_mut().find(|f| f.id == one.id) {
                Some(slot) => *slot = *one,
                None => list.push(*one),
            }
            list
        }
    };
    config::validate_all(&list).context("the facility configuration")?;
    Ok(list)
}

/// Reads the stored list through `wrangler kv key get` (empty when nothing is stored yet).
fn stored_list(target: &Target, wrangler: Option<&str>) -> Result<Vec<FacilityConfig>> {
    let mut command = load::wrangler_command(wrangler);
    command
        .args(["kv", "key", "get", FACILITIES_KEY])
        .args(["--binding", DIRECTORY_BINDING]);
    load::target_args(&mut command, target);
    let output = command.output().context("running wrangler kv key get")?;
    if !output.status.success() {
        bail!(
            "wrangler kv key get failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8(output.stdout).context("the stored list is not UTF-8")?;
    if text.trim() == "Value not found" {
        return Ok(Vec::new());
    }
    serde_json::from_str(&text).context("the stored facility configuration does not decode")
}

/// Sets facility configuration in KV; answers a line for people.
pub(crate) fn put(
    file: &Path,
    target: &Target,
    wrangler: Option<&str>,
) -> Result<(String, Vec<FacilityConfig>)> {
    let incoming = read_incoming(file)?;
    let stored = match incoming {
        Incoming::All(_) => Vec::new(),
        Incoming::One(_) => stored_list(target, wrangler)?,
    };
    let list = merge(stored, incoming)?;
    // Holds staff addresses: a private (0600), unpredictable file, removed when dropped.
    let mut value = tempfile::Builder::new()
        .prefix("tsunagu-facilities-")
        .suffix(".json")
        .tempfile()
        .context("creating the value file")?;
    value
        .write_all(&serde_json::to_vec(&list)?)
        .context("writing the value file")?;
    let mut command = load::wrangler_command(wrangler);
    command
        .args(["kv", "key", "put", FACILITIES_KEY, "--path"])
        .arg(value.path())
        .args(["--binding", DIRECTORY_BINDING]);
    load::target_args(&mut command, target);
    let output = command.output().context("running wrangler kv key put")?;
    if !output.status.success() {
        bail!(
            "wrangler kv key put failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let ids: Vec<&str> = list.iter().map(|f| f.id.as_str()).collect();
    let human = format!(
        "stored {} facility configurations ({}) in KV binding {DIRECTORY_BINDING} ({})",
        list.len(),
        ids.join(", "),
        target.name()
    );
    Ok((human, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Vec<FacilityConfig> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/data/facilities.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn minted_tokens_are_fresh_and_hash_like_the_worker() {
        let a = mint_token().unwrap();
        let b = mint_token().unwrap();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), "tsunagu_".len() + 2 * TOKEN_BYTES);
        assert_eq!(a.sha256, token_sha256(&a.token));
        // The demo facility's hash is that of its documented token.
        assert_eq!(
            token_sha256("demo-hidamari-staff-token"),
            demo()[0].staff_token_sha256.clone().unwrap()
        );
        // And a minted hash is what the configuration accepts.
        let mut list = demo();
        list[1].staff_token_sha256 = Some(a.sha256);
        config::validate_all(&list).unwrap();
    }

    #[test]
    fn one_facility_replaces_its_entry_or_joins() {
        let mut changed = demo()[1].clone();
        changed.retention_days = 30;
        let merged = merge(demo(), Incoming::One(Box::new(changed.clone()))).unwrap();
        assert_eq!(merged.len(), demo().len());
        assert_eq!(merged[1], changed);
        let mut new = changed;
        new.id = tsunagu_contract::FacilityId::new("new-place").unwrap();
        let merged = merge(demo(), Incoming::One(Box::new(new))).unwrap();
        assert_eq!(merged.len(), demo().len() + 1);
        assert_eq!(merged.last().unwrap().id.as_str(), "new-place");
        let merged = merge(Vec::new(), Incoming::All(demo())).unwrap();
        assert_eq!(merged, demo());
    }

    #[test]
    fn nothing_invalid_gets_through() {
        let mut bad = demo()[0].clone();
        bad.staff_token_sha256 = Some("not-a-hash".into());
        let err = merge(demo(), Incoming::One(Box::new(bad))).unwrap_err();
        assert!(format!("{err:#}").contains("64 lower-case hex"), "{err:#}");
        let mut twice = demo();
        twice.push(twice[0].clone());
        assert!(merge(Vec::new(), Incoming::All(twice)).is_err());
    }
}
