//! The `tsunagu` binary as the README documents it: real processes, real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tsunagu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .output()
        .expect("tsunagu runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/data")
}

#[test]
fn schedule_prints_the_readme_example() {
    let out = tsunagu(&[
        "schedule",
        "第2・4水曜日 13:00〜15:00（祝日は休み）",
        "--from",
        "2026-11-22",
        "--count",
        "3",
    ]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "毎月第2・4水曜日 13:00〜15:00（祝日は休み）\n\
         2026年11月25日(水) 13:00〜15:00\n\
         2026年12月9日(水) 13:00〜15:00\n\
         2026年12月23日(水) 13:00〜15:00\n"
    );
}

#[test]
fn schedule_skips_a_holiday_and_speaks_english_and_json() {
    // 2026-11-23 is 勤労感謝の日, the 4th Monday.
    let out = tsunagu(&[
        "schedule",
        "第2・4月曜日 14時〜16時（祝日は休み）",
        "--from",
        "2026-11-01",
        "--count",
        "2",
        "--lang",
        "en",
    ]);
    assert_eq!(
        stdout(&out),
        "2nd and 4th Monday of each month, 14:00–16:00 (not on public holidays)\n\
         Mon 9 Nov 2026, 14:00–16:00\n\
         Mon 14 Dec 2026, 14:00–16:00\n"
    );
    let out = tsunagu(&[
        "schedule",
        "毎月末日 午後1時から",
        "--from",
        "2026-11-22T14:00",
        "--count",
        "1",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["occurrences"][0]["date"], "2026-11-30");
    assert_eq!(json["occurrences"][0]["start"], "13:00");
    assert_eq!(json["words"]["ja"], "毎月末日 13:00〜");
}

#[test]
fn an_unreadable_phrase_fails_naming_the_fragment() {
    let out = tsunagu(&["schedule", "毎日 10時〜12時"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"毎日"), "{err}");
    let out = tsunagu(&["schedule", "毎日 10時〜12時", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
}

#[test]
fn convert_round_trips_through_csv_and_check_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("groups.csv");
    let json = dir.path().join("again.json");
    let out = tsunagu(&[
        "convert",
        demo().join("directory.json").to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}施設ID,"),
        "BOM and Japanese headers"
    );
    assert!(text.contains("\r\n"));
    let out = tsunagu(&["check", csv.to_str().unwrap()]);
    assert_eq!(stdout(&out), "ok: 14 facilities, 72 groups\n");
    let out = tsunagu(&["convert", csv.to_str().unwrap(), json.to_str().unwrap()]);
    assert!(out.status.success());
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo().join("directory.json")).unwrap())
            .unwrap();
    let again: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(original, again);
}

#[test]
fn bad_rows_are_reported_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "facility_id,facility_name,group_id,name,categories,format,schedule\n\
         f1,ひだまり,ok,ウォーキング,family,online,毎週水曜日 10:00〜11:30\n\
         f1,,bad,家族会,family,online,毎日 10時\n",
    )
    .unwrap();
    let out = tsunagu(&["check", csv.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["problems"][0]["line"], 3);
    assert_eq!(json["problems"][0]["column"], "schedule");
    let target = dir.path().join("out.json");
    let out = tsunagu(&["convert", csv.to_str().unwrap(), target.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("line 3, column schedule"),
        "{}",
        stdout(&out)
    );
    assert!(!target.exists(), "an import with errors writes nothing");
    let out = tsunagu(&[
        "convert",
        csv.to_str().unwrap(),
        target.to_str().unwrap(),
        "--skip-bad-rows",
    ]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("skipped line 3"), "{}", stdout(&out));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["groups"].as_array().unwrap().len(), 1);
}

#[test]
fn ics_of_one_group_and_meeting_guide_export() {
    let out = tsunagu(&[
        "ics",
        demo().to_str().unwrap(),
        "--group",
        "yasumiba-freespace",
        "--from",
        "2026-11-22",
    ]);
    let text = stdout(&out);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains("RRULE:FREQ=MONTHLY;BYDAY=2WE,3WE,4WE;WKST=MO"));
    assert!(text.contains("DTSTART;TZID=Asia/Tokyo:20261125T130000"));
    let out = tsunagu(&["ics", demo().to_str().unwrap(), "--group", "no-such-group"]);
    assert!(!out.status.success());
    let out = tsunagu(&[
        "ics",
        demo().to_str().unwrap(),
        "--group",
        "hidamari-walking",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["calendar"].as_str().unwrap().contains("BYDAY=WE"));

    let out = tsunagu(&[
        "convert",
        demo().join("directory.json").to_str().unwrap(),
        "-",
        "--to",
        "meeting-guide",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(report["to"], "meeting-guide");
    // Only the feed on standard output, even with --json (the report goes to standard error).
    let feed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let walking = feed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "hidamari-walking")
        .unwrap();
    assert_eq!(walking["day"], 3);
    assert_eq!(walking["time"], "10:00");
}

/// Runs the binary from the repository root, where wrangler finds wrangler.toml and
/// node_modules/.bin/wrangler.
fn tsunagu_at_root(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("tsunagu runs")
}

#[test]
fn facility_token_prints_a_fresh_token_and_its_hash() {
    let out = tsunagu(&["facility", "token", "--json"]);
    assert!(out.status.success());
    let first: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = first["token"].as_str().unwrap();
    let hash = first["staff_token_sha256"].as_str().unwrap();
    assert!(
        token.starts_with("tsunagu_") && token.len() == 72,
        "{token}"
    );
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    let second: serde_json::Value =
        serde_json::from_slice(&tsunagu(&["facility", "token", "--json"]).stdout).unwrap();
    assert_ne!(second["token"], first["token"]);
    let human = stdout(&tsunagu(&["facility", "token"]));
    assert!(human.contains("staff_token_sha256: "), "{human}");
}

/// `facility put` through the real wrangler into a local KV state: the whole list, then one
/// facility merged into what is stored (read back with `wrangler kv key get`), and a bad one
/// refused before anything is written.
#[test]
fn facility_put_stores_the_list_and_merges_one_facility() {
    let state = tempfile::tempdir().unwrap();
    let persist = state.path().to_str().unwrap();
    let all = demo().join("facilities.json");
    let out = tsunagu_at_root(&[
        "facility",
        "put",
        all.to_str().unwrap(),
        "--local",
        "--persist-to",
        persist,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["target"], "local");
    let count = report["facilities"].as_array().unwrap().len();

    let mut one: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&all).unwrap()).unwrap();
    let mut one = one[1].take();
    one["retention_days"] = 30.into();
    one["staff_token_sha256"] =
        "0000000000000000000000000000000000000000000000000000000000000001".into();
    let file = state.path().join("one.json");
    std::fs::write(&file, one.to_string()).unwrap();
    let args = [
        "facility",
        "put",
        file.to_str().unwrap(),
        "--local",
        "--persist-to",
        persist,
        "--json",
    ];
    let out = tsunagu_at_root(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = report["facilities"].as_array().unwrap();
    assert_eq!(ids.len(), count, "merged, not appended");
    assert_eq!(ids[1], one["id"]);

    // What is stored now, read by wrangler itself.
    let get = Command::new("node_modules/.bin/wrangler")
        .args([
            "kv",
            "key",
            "get",
            "facilities/v1",
            "--binding",
            "DIRECTORY",
        ])
        .args(["--local", "--persist-to", persist])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env("WRANGLER_SEND_METRICS", "false")
        .output()
        .unwrap();
    let stored: serde_json::Value = serde_json::from_slice(&get.stdout).unwrap();
    assert_eq!(stored.as_array().unwrap().len(), count);
    assert_eq!(stored[1]["retention_days"], 30);
    assert_eq!(stored[0]["id"], "hidamari-noborito");

    one["staff_token_sha256"] = "ABC".into();
    std::fs::write(&file, one.to_string()).unwrap();
    let out = tsunagu_at_root(&args);
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["error"]
            .as_str()
            .unwrap()
            .contains("staff_token_sha256"),
        "{report}"
    );
}
