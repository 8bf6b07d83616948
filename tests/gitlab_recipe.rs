//! docs/gitlab.md: the `.gitlab-ci.yml` it shows is valid YAML and its `script:` produces the
//! two report artifacts it declares, as GitLab would read them.

use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_documented_job_writes_both_reports() {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/gitlab.md")).unwrap();
    let start = doc.find("```yaml\n").unwrap() + "```yaml\n".len();
    let yaml = &doc[start..start + doc[start..].find("```").unwrap()];
    let ci: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
    let job = &ci["ecsnet"];
    let reports = &job["artifacts"]["reports"];
    let quality = reports["codequality"].as_str().unwrap();
    let junit = reports["junit"].as_str().unwrap();
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"));
    let script = job["script"][0].as_str().unwrap();
    // The job's command on the bundled example instead of infra/, in a scratch directory.
    let work = tempfile::tempdir().unwrap();
    let words: Vec<String> = script
        .split_whitespace()
        .skip(1)
        .map(|w| match w {
            "infra/" => format!("{ROOT}/testdata/example/plan.json"),
            w => w.to_string(),
        })
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(&words)
        .current_dir(work.path())
        .env("CI_PROJECT_DIR", ROOT)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let q: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path().join(quality)).unwrap()).unwrap();
    let issues = q.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    // Relative to CI_PROJECT_DIR, whatever the working directory.
    assert_eq!(issues[0]["location"]["path"], "testdata/example/main.tf");
    let x = std::fs::read_to_string(work.path().join(junit)).unwrap();
    assert!(
        x.contains("<testsuites name=\"ecsnet\" tests=\"3\" failures=\"2\">"),
        "{x}"
    );
}
