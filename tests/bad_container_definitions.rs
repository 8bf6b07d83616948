//! Container definitions that AWS (or the provider) would refuse are input errors with the
//! place to fix, exit code 1 (the input was read; 2 is for nothing analyzed), never a panic
//! or a silent pass.

use ecsnet::run::{Invocation, analyze, exit_code};
use std::path::PathBuf;

fn run(path: &str) -> (Vec<ecsnet::finding::Finding>, u8) {
    let inv = Invocation {
        paths: vec![path.to_string()],
        ..Invocation::default()
    };
    let report = analyze(&inv, &mut std::io::empty());
    let code = exit_code(&report, &inv.settings);
    (report.findings, code)
}

#[test]
fn plan_json_with_bad_ports_is_reported_per_file() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/bad-container-definitions");
    for (file, needle) in [
        (
            "string-port.json",
            "is the string \"8080\"; ports must be JSON numbers",
        ),
        (
            "negative-port.json",
            "`containerPort` of a port mapping of container `web` is -1",
        ),
        (
            "huge-port.json",
            "`hostPort` of a port mapping of container `web` is 70000",
        ),
        (
            "not-a-list.json",
            "must be a JSON list of containers, found an object",
        ),
        ("not-json.json", "is not valid JSON: EOF while parsing"),
    ] {
        let (findings, code) = run(&dir.join(file).display().to_string());
        let bad: Vec<_> = findings.iter().filter(|f| f.code == "ECS901").collect();
        assert_eq!(bad.len(), 1, "{file}: {findings:#?}");
        assert!(
            bad[0].message.contains(needle),
            "{file}: {}",
            bad[0].message
        );
        assert_eq!(
            bad[0].subject.as_deref(),
            Some("aws_ecs_task_definition.web")
        );
        // The plan was read: an error finding like any other (exit 1 under the default
        // `--fail-on error`); 2 is only for a run where nothing could be analyzed.
        assert_eq!(code, 1, "{file}");
    }
}

#[test]
fn hcl_string_port_points_at_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        r#"resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{
    name  = "web"
    image = "nginx"
    portMappings = [{
      containerPort = "8080"
    }]
  }])
}
"#,
    )
    .unwrap();
    let (findings, code) = run(&tmp.path().display().to_string());
    let bad: Vec<_> = findings.iter().filter(|f| f.code == "ECS901").collect();
    assert_eq!(bad.len(), 1, "{findings:#?}");
    let l = bad[0].location.as_ref().expect("a location");
    assert_eq!((l.line, l.column), (7, 7), "{l:?}");
    assert_eq!(code, 1);
}
