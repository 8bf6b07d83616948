//! Suppressing findings the way users expect from checkov/tflint: inline on the resource
//! (reported as suppressed, not dropped), `--ignore`, and the config file.

use ecsnet::input::LoadOptions;
use ecsnet::report::{Report, render_json};
use ecsnet::run::{Invocation, analyze, exit_code};
use ecsnet::settings::Settings;
use std::path::Path;

const TF: &str = r#"# ecsnet:ignore awsvpc-host-port-mismatch the sidecar port is rewritten by our deploy tool
resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1.4"
    memory       = 256
    portMappings = [{ containerPort = 8080, hostPort = 8081 }]
  }])
}

resource "aws_ecs_task_definition" "other" {
  family       = "other"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "other"
    image        = "example/other:1.0"
    memory       = 256
    portMappings = [{ containerPort = 9090, hostPort = 9091 }]
  }])
}
"#;

fn run(dir: &Path, settings: Settings) -> (Report, u8) {
    let inv = Invocation {
        paths: vec![dir.display().to_string()],
        load: LoadOptions::default(),
        settings,
        config: None,
        sets: Vec::new(),
    };
    let report = analyze(&inv, &mut std::io::empty());
    let code = exit_code(&report, &inv.settings);
    (report, code)
}

#[test]
fn inline_ignore_marks_the_finding_suppressed_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("main.tf"), TF).unwrap();
    let (report, code) = run(tmp.path(), Settings::default());
    let api = report
        .findings
        .iter()
        .find(|f| f.subject.as_deref() == Some("aws_ecs_task_definition.api"))
        .expect("the api finding is still reported");
    assert_eq!(
        api.suppressed.as_deref(),
        Some("the sidecar port is rewritten by our deploy tool")
    );
    let other = report
        .findings
        .iter()
        .find(|f| f.subject.as_deref() == Some("aws_ecs_task_definition.other"))
        .unwrap();
    assert_eq!(
        other.suppressed, None,
        "the ignore applies to its own resource only"
    );
    assert_eq!((report.summary.errors, report.summary.suppressed), (1, 1));
    assert_eq!(code, 1, "the unsuppressed error still fails");
    assert!(render_json(&report).contains("\"suppressed\": \"the sidecar port"));

    // With the other one suppressed too, nothing fails.
    std::fs::write(
        tmp.path().join("main.tf"),
        TF.replace(
            "resource \"aws_ecs_task_definition\" \"other\" {",
            "resource \"aws_ecs_task_definition\" \"other\" { # ecsnet:ignore ECS201",
        ),
    )
    .unwrap();
    let (report, code) = run(tmp.path(), Settings::default());
    assert_eq!(
        (report.summary.errors, report.summary.suppressed),
        (0, 2),
        "{:#?}",
        report.findings
    );
    assert_eq!(code, 0);
}

#[test]
fn ignore_flag_switches_a_rule_off() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("main.tf"), TF).unwrap();
    for rule in ["awsvpc-host-port-mismatch", "ECS201"] {
        let settings = Settings {
            disabled: vec![rule.to_string()],
            ..Settings::default()
        };
        let (report, code) = run(tmp.path(), settings);
        assert!(report.findings.iter().all(|f| f.code != "ECS201"), "{rule}");
        assert_eq!(code, 0);
    }
}
