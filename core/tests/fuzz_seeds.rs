//! Every input in `fuzz/seeds/` (the fuzzers' starting corpus, and every crash they found, kept
//! there as a regression) is checked with the same properties as the fuzz targets, on every
//! `cargo test`: no panic, and what is accepted round-trips.

use std::path::Path;

use tsunagu_core::exchange::meeting_guide::{self, MeetingGuideOptions};
use tsunagu_core::exchange::{ImportOptions, csv};
use tsunagu_core::schedule::parse;
use tsunagu_core::{Category, Lang};

fn seeds(target: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds is readable")
        .map(|entry| {
            let path = entry.expect("a seed entry").path();
            let bytes = std::fs::read(&path).expect("a readable seed");
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

#[test]
fn schedule_phrase_seeds() {
    let mut accepted = 0;
    for (name, text) in seeds("schedule_phrase") {
        if let Ok(schedule) = parse(&text)
            && schedule.validate().is_ok()
        {
            accepted += 1;
            let words = Lang::Ja.vocabulary().schedule(&schedule);
            assert_eq!(parse(&words).as_ref(), Ok(&schedule), "{name}: {words}");
        }
    }
    assert!(accepted >= 6, "the hand-written seeds must parse");
}

#[test]
fn directory_csv_seeds() {
    let mut accepted = 0;
    for (name, text) in seeds("directory_csv") {
        for skip_bad_rows in [false, true] {
            if let Ok(imported) = csv::read(&text, &ImportOptions { skip_bad_rows }) {
                accepted += 1;
                let written = csv::write(&imported.directory, Lang::Ja);
                let again = csv::read(&written, &ImportOptions::default()).map(|i| i.directory);
                assert_eq!(again.ok(), Some(imported.directory), "{name}");
            }
        }
    }
    assert!(accepted >= 2, "the demo seeds must import");
}

#[test]
fn meeting_guide_seeds() {
    for (name, text) in seeds("meeting_guide_json") {
        let options = MeetingGuideOptions {
            skip_bad_rows: false,
            category: Category::Alcohol,
        };
        let imported = meeting_guide::read(&text, &options);
        let imported = imported.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !meeting_guide::write(&imported.directory).is_empty(),
            "{name}"
        );
    }
}
