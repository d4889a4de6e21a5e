//! Every input in `fuzz/seeds/` (the fuzzers' starting corpus, and every crash they found, kept
//! there as a regression) is checked on every `cargo test` by the very checks the fuzz targets
//! run (`fuzz/properties/`): no panic, and what is accepted round-trips.

use std::path::Path;

#[path = "../../fuzz/properties/directory_csv.rs"]
mod directory_csv;
#[path = "../../fuzz/properties/inquiry_json.rs"]
mod inquiry_json;
#[path = "../../fuzz/properties/meeting_guide_json.rs"]
mod meeting_guide_json;
#[path = "../../fuzz/properties/query_string.rs"]
mod query_string;
#[path = "../../fuzz/properties/schedule_phrase.rs"]
mod schedule_phrase;

/// A target's check of one input: panics on a broken property, true when the input is accepted.
type Check = fn(&[u8]) -> bool;

/// Runs `check` on every seed of `target` and returns how many it accepted.
fn accepted(target: &str, check: Check) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds is readable")
        .map(|entry| entry.expect("a seed entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
        .iter()
        .filter(|path| check(&std::fs::read(path).expect("a readable seed")))
        .count()
}

/// Every target with its check and how many of its seeds, at the least, are hand-written
/// inputs it must accept (crash inputs need not be).
const TARGETS: [(&str, Check, usize); 5] = [
    ("schedule_phrase", schedule_phrase::check, 6),
    ("directory_csv", directory_csv::check, 2),
    ("meeting_guide_json", meeting_guide_json::check, 1),
    ("inquiry_json", inquiry_json::check, 3),
    ("query_string", query_string::check, 5),
];

#[test]
fn every_seed_passes_its_targets_checks() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds");
    let mut listed: Vec<String> = std::fs::read_dir(seeds)
        .expect("fuzz/seeds is readable")
        .map(|entry| {
            entry
                .expect("a seed folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    listed.sort();
    let mut checked: Vec<&str> = TARGETS.iter().map(|(target, ..)| *target).collect();
    checked.sort();
    assert_eq!(listed, checked, "every target's seeds are checked here");
    for (target, check, least) in TARGETS {
        let accepted = accepted(target, check);
        assert!(
            accepted >= least,
            "{target}: only {accepted} seeds accepted, the hand-written ones must be"
        );
    }
}
