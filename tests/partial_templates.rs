//! Container definitions rendered from a template (`templatefile()`, a heredoc) with an
//! unknown value inside a JSON string keep their known ports, like a partly unknown
//! `jsonencode(...)`; an unknown where the JSON structure depends on it stays unknown.

use ecsnet::report::Report;
use ecsnet::run::{Invocation, analyze};
use std::path::Path;

fn analyze_tf(files: &[(&str, &str)]) -> Report {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    run(tmp.path())
}

fn run(dir: &Path) -> Report {
    let inv = Invocation {
        paths: vec![dir.display().to_string()],
        ..Invocation::default()
    };
    analyze(&inv, &mut std::io::empty())
}

const COMMON: &str = r#"
variable "image_tag" {
  type = string # no default, no value: unknown
}

variable "host_port" {
  type = number
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "EC2"
  desired_count   = 2
}
"#;

/// (container port, host port, kind) of each port.
type Port = (Option<u32>, Option<u32>, String);

fn ports(r: &Report) -> (String, Vec<Port>) {
    let s = &r.services[0];
    (
        s.port_strategy.clone(),
        s.ports
            .iter()
            .map(|p| (p.container_port, p.host_port, p.kind.clone()))
            .collect(),
    )
}

#[test]
fn templatefile_with_an_unknown_image_keeps_its_ports() {
    let report = analyze_tf(&[
        (
            "main.tf",
            &format!(
                "{COMMON}\n{}",
                r#"
resource "aws_ecs_task_definition" "web" {
  family                = "web"
  network_mode          = "bridge"
  container_definitions = templatefile("${path.module}/containers.json.tpl", {
    tag   = var.image_tag
    ports = [8080, 9090]
  })
}
"#
            ),
        ),
        (
            "containers.json.tpl",
            r#"[
  {
    "name": "web",
    "image": "example/web:${tag}",
    "memory": 256,
    "portMappings": [
%{ for i, p in ports ~}
      {"containerPort": ${p}, "hostPort": ${p == 8080 ? 80 : 0}}${i < length(ports) - 1 ? "," : ""}
%{ endfor ~}
    ]
  }
]
"#,
        ),
    ]);
    assert_eq!(
        ports(&report),
        (
            "mixed".to_string(),
            vec![
                (Some(8080), Some(80), "static".to_string()),
                (Some(9090), None, "dynamic".to_string())
            ]
        ),
        "{:#?}",
        report.services[0]
    );
    assert!(
        report.findings.iter().all(|f| f.code != "ECS902"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn heredoc_with_an_unknown_image_keeps_its_ports() {
    let report = analyze_tf(&[(
        "main.tf",
        &format!(
            "{COMMON}\n{}",
            r#"
resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "awsvpc"
  container_definitions = <<-JSON
    [{"name": "web", "image": "example/web:${var.image_tag}", "memory": 256,
      "portMappings": [{"containerPort": 8080}]}]
  JSON
}
"#
        ),
    )]);
    assert_eq!(
        ports(&report),
        (
            "awsvpc".to_string(),
            vec![(Some(8080), Some(8080), "awsvpc".to_string())]
        )
    );
}

#[test]
fn an_unknown_number_in_the_json_leaves_the_definitions_unknown() {
    let report = analyze_tf(&[(
        "main.tf",
        &format!(
            "{COMMON}\n{}",
            r#"
resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = <<-JSON
    [{"name": "web", "image": "example/web:1", "memory": 256,
      "portMappings": [{"containerPort": 8080, "hostPort": ${var.host_port}}]}]
  JSON
}
"#
        ),
    )]);
    assert_eq!(report.services[0].port_strategy, "unknown");
    let note = report
        .findings
        .iter()
        .find(|f| f.code == "ECS902")
        .expect("the unknown definitions are a note");
    assert!(note.message.contains("host_port"), "{}", note.message);
}

#[test]
fn an_unknown_loop_collection_leaves_the_definitions_unknown() {
    let report = analyze_tf(&[
        (
            "main.tf",
            &format!(
                "{COMMON}\n{}",
                r#"
variable "extra_ports" {
  type = list(number)
}

resource "aws_ecs_task_definition" "web" {
  family                = "web"
  network_mode          = "bridge"
  container_definitions = templatefile("${path.module}/c.tpl", { ports = var.extra_ports })
}
"#
            ),
        ),
        (
            "c.tpl",
            r#"[{"name": "web", "image": "x", "memory": 64, "portMappings": [%{ for p in ports }{"containerPort": ${p}}%{ endfor }]}]"#,
        ),
    ]);
    assert_eq!(report.services[0].port_strategy, "unknown");
}
