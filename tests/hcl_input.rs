//! The HCL front end on the fixtures under testdata/hcl: resolved values, addresses,
//! unknown reasons and locations.

use ecsnet::input::LoadOptions;
use ecsnet::input::hcl::load_root;
use ecsnet::model::{Model, Resource, Value};
use std::path::PathBuf;

fn dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/hcl")
        .join(case)
}

fn load(case: &str) -> Model {
    load_root(&dir(case), &LoadOptions::default())
}

fn res<'a>(m: &'a Model, address: &str) -> &'a Resource {
    m.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| {
            let all: Vec<_> = m.resources.iter().map(|r| r.address.as_str()).collect();
            panic!("no {address} in {all:?}")
        })
}

/// The container definitions as a JSON value: parsed when a string, converted when a
/// structure with unknown leaves (unknowns become null).
fn containers(r: &Resource) -> serde_json::Value {
    match r.get("container_definitions") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap(),
        Some(v) => v.to_json(),
        None => panic!("no container_definitions in {}", r.address),
    }
}

fn line(r: &Resource, path: &str) -> u32 {
    r.attr_locations
        .get(path)
        .unwrap_or_else(|| panic!("no location for {path} in {:?}", r.attr_locations.keys()))
        .line
}

#[test]
fn jsonencode_with_variables_and_locals_keeps_ports_next_to_an_unknown_image() {
    let m = load("jsonencode_locals");
    assert!(m.findings.is_empty(), "{:?}", m.findings);
    let td = res(&m, "aws_ecs_task_definition.app");
    let cd = td.get("container_definitions").unwrap();
    // The image is unknown (repository URL is computed), so the structure is kept.
    assert!(matches!(cd, Value::List(_)), "{cd:?}");
    let c = containers(td);
    assert_eq!(c[0]["name"], "api-prod");
    assert_eq!(c[0]["portMappings"][0]["containerPort"], 8080);
    assert_eq!(c[0]["portMappings"][0]["hostPort"], 80);
    assert_eq!(c[0]["portMappings"][1]["hostPort"], 0);
    assert_eq!(c[0]["environment"][0]["value"], "8080");
    assert!(
        cd.path("0.image")
            .unwrap()
            .unknown_reason()
            .unwrap()
            .contains("repository_url"),
        "{cd:?}"
    );
    assert_eq!(td.get("network_mode").unwrap().as_str(), Some("bridge"));
    assert_eq!(td.location.as_ref().unwrap().line, 27);
    assert_eq!(td.location.as_ref().unwrap().file, "main.tf");
    assert_eq!(line(td, "network_mode"), 29);
    // Keys inside container_definitions point at the local where they are written.
    assert_eq!(
        line(td, "container_definitions.0.portMappings.0.hostPort"),
        11
    );
    assert_eq!(
        line(td, "container_definitions.0.portMappings.1.hostPort"),
        12
    );
    assert_eq!(
        td.suppressions,
        vec![(
            "ECS201".to_string(),
            "bridge mode is deliberate here".to_string()
        )]
    );

    let svc = res(&m, "aws_ecs_service.app");
    assert_eq!(svc.get("desired_count"), Some(&Value::String("3".into())));
    assert_eq!(
        svc.references.get("task_definition").unwrap(),
        &vec![
            "aws_ecs_task_definition.app.arn".to_string(),
            "aws_ecs_task_definition.app".to_string()
        ]
    );
    assert!(
        svc.get("task_definition")
            .unwrap()
            .unknown_reason()
            .is_some(),
        "arn is computed"
    );
    assert_eq!(svc.get("name").unwrap().as_str(), Some("api-prod"));
}
