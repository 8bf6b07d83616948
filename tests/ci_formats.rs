//! `--format gitlab` (GitLab Code Quality) and `--format junit`: the fields GitLab documents,
//! well-formed XML, and nothing the input controls leaking through.

use std::path::Path;
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn ecsnet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(args)
        .current_dir(ROOT)
        .env_remove("ECSNET_CONFIG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The fields of GitLab's Code Quality report artifact, as its documentation lists them.
fn check_code_quality(text: &str) -> Vec<serde_json::Value> {
    let issues: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    let mut prints = std::collections::HashSet::new();
    for i in &issues {
        assert!(
            i["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{i}"
        );
        assert!(i["check_name"].as_str().is_some(), "{i}");
        let fp = i["fingerprint"].as_str().unwrap();
        assert!(
            prints.insert(fp.to_string()),
            "fingerprints are unique: {fp}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        let path = i["location"]["path"].as_str().unwrap();
        assert!(!path.is_empty() && !path.starts_with('/'), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    issues
}

/// Parses the XML (well-formedness) and returns (tests, failures) of `<testsuites>` and the
/// number of `<testcase>` and `<failure>` elements.
fn check_junit(text: &str) -> (u64, u64, u64, u64) {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let (mut tests, mut failures, mut cases, mut fails) = (0, 0, 0, 0);
    loop {
        match r.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == k.as_bytes())
                        .map(|a| a.unescape_value().unwrap().to_string())
                };
                match name.as_str() {
                    "testsuites" => {
                        tests = attr("tests").unwrap().parse().unwrap();
                        failures = attr("failures").unwrap().parse().unwrap();
                    }
                    "testcase" => cases += 1,
                    "failure" => fails += 1,
                    _ => {}
                }
            }
            Event::Text(t) => {
                t.decode().unwrap();
            }
            _ => {}
        }
    }
    (tests, failures, cases, fails)
}

#[test]
fn code_quality_of_the_example() {
    let o = ecsnet(&["-f", "gitlab", "testdata/example/plan.json"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let issues = check_code_quality(&text);
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["location"]["path"], "testdata/example/main.tf");
    assert_eq!(issues[0]["severity"], "critical");
    insta::assert_snapshot!("gitlab", text);
}

#[test]
fn code_quality_without_source_points_at_the_plan() {
    let plan = std::fs::read(Path::new(ROOT).join("testdata/example/plan.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(["-f", "gitlab", "-"])
        .current_dir(ROOT)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &plan).unwrap();
    let o = child.wait_with_output().unwrap();
    let issues = check_code_quality(&stdout(&o));
    assert!(issues.iter().all(|i| i["location"]["lines"]["begin"] == 1));
    assert!(
        issues[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("aws_ecs_service.")
    );
}

#[test]
fn junit_of_the_example_and_its_gate() {
    let o = ecsnet(&["-f", "junit", "testdata/example/plan.json"]);
    let text = stdout(&o);
    assert_eq!(check_junit(&text), (3, 2, 3, 2));
    insta::assert_snapshot!("junit", text);
    // Under --fail-on never nothing fails; the findings are still written out.
    let o = ecsnet(&[
        "-f",
        "junit",
        "--fail-on",
        "never",
        "testdata/example/plan.json",
    ]);
    let text = stdout(&o);
    assert_eq!(check_junit(&text), (3, 0, 3, 0));
    assert!(text.contains("<system-out>"), "{text}");
}

#[test]
fn hostile_input_stays_inert_in_both() {
    for input in [
        "testdata/bad/output-safety.json",
        "testdata/bad/output-safety",
    ] {
        let x = stdout(&ecsnet(&["-f", "junit", input]));
        check_junit(&x);
        assert!(!x.contains('\u{1b}') && !x.contains('\u{202e}'), "{x}");
        let g = stdout(&ecsnet(&["-f", "gitlab", input]));
        check_code_quality(&g);
        assert!(!g.contains('\u{1b}') && !g.contains('\u{202e}'), "{g}");
    }
}
