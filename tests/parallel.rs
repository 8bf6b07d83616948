//! The report never depends on how many cores computed it: a plan large enough for the
//! two-thread parse (over 4 MiB) with enough services for facts and rules to be shared out,
//! and many Terraform roots at once (a pool of workers, files parsed in parallel), give
//! byte-identical JSON with `ECSNET_THREADS=1` and with two threads.

use serde_json::json;
use std::process::Command;

/// 300 services on EC2 (some with a static host port that cannot scale, some in awsvpc),
/// their task definitions, and 20,000 unrelated buckets.
fn big_plan() -> String {
    let mut changes = Vec::new();
    for i in 0..20_000 {
        changes.push(json!({
            "address": format!("aws_s3_bucket.b{i}"), "mode": "managed",
            "type": "aws_s3_bucket", "name": format!("b{i}"),
            "change": {"actions": ["create"], "after": {"bucket": format!("bucket-{i}"),
                "tags": {"team": "platform", "purpose": "a value long enough to weigh"}},
                "after_unknown": {"arn": true, "id": true}}
        }));
        if i % 66 == 0 && i / 66 < 300 {
            let n = i / 66;
            let (mode, host) = match n % 3 {
                0 => ("bridge", 0),
                1 => ("bridge", 8080),
                _ => ("awsvpc", 8080),
            };
            let containers = json!([{"name": "web", "image": "nginx", "memory": 256,
                "essential": true,
                "portMappings": [{"containerPort": 8080, "hostPort": host}]}]);
            let arn = format!("arn:aws:ecs:us-east-1:123456789012:task-definition/app{n}:1");
            changes.push(json!({
                "address": format!("aws_ecs_task_definition.app{n}"), "mode": "managed",
                "type": "aws_ecs_task_definition", "name": format!("app{n}"),
                "change": {"actions": ["create"], "after": {"family": format!("app{n}"),
                    "network_mode": mode, "requires_compatibilities": ["EC2"],
                    "container_definitions": containers.to_string(), "arn": arn},
                    "after_unknown": {}}
            }));
            changes.push(json!({
                "address": format!("aws_ecs_service.app{n}"), "mode": "managed",
                "type": "aws_ecs_service", "name": format!("app{n}"),
                "change": {"actions": ["create"], "after": {"name": format!("app{n}"),
                    "launch_type": "EC2", "desired_count": 3 + n % 4, "task_definition": arn,
                    "deployment_maximum_percent": 200,
                    "deployment_minimum_healthy_percent": 100},
                    "after_unknown": {}}
            }));
        }
    }
    let plan = json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {}},
        "resource_changes": changes,
        "configuration": {"root_module": {}},
    });
    plan.to_string()
}

fn report(input: &std::path::Path, threads: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(["--format", "json"])
        .arg(input)
        .env("ECSNET_THREADS", threads)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_core_and_two_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let text = big_plan();
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    std::fs::write(&path, text).unwrap();
    let one = report(&path, "1");
    let two = report(&path, "2");
    let parsed: serde_json::Value = serde_json::from_str(&two).unwrap();
    assert_eq!(
        parsed["summary"]["services"],
        300,
        "{}",
        &two[..two.len().min(2000)]
    );
    assert!(
        parsed["findings"].as_array().is_some_and(|f| !f.is_empty()),
        "the static host ports give findings"
    );
    assert!(one == two, "the reports differ");
}

#[test]
fn one_core_and_two_give_the_same_report_on_many_roots() {
    let roots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/hcl/*/");
    let one = report(&roots, "1");
    let two = report(&roots, "2");
    let parsed: serde_json::Value = serde_json::from_str(&two).unwrap();
    assert!(
        parsed["summary"]["services"]
            .as_u64()
            .is_some_and(|n| n > 10),
        "{parsed}"
    );
    assert!(one == two, "the reports differ");
}

#[test]
fn each_service_names_a_capacity_pool_of_its_own_input() {
    // Two roots, each with its own cluster and Auto Scaling group: the second root's
    // service must point past the first root's pool in `capacity_pools`, on one core and two.
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/hcl/trunking-newer-type");
    let dir = tempfile::tempdir().unwrap();
    for root in ["a", "b"] {
        let to = dir.path().join(root);
        std::fs::create_dir(&to).unwrap();
        for e in std::fs::read_dir(&base).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let roots = dir.path().join("*/");
    for threads in ["1", "2"] {
        let parsed: serde_json::Value = serde_json::from_str(&report(&roots, threads)).unwrap();
        let pools = parsed["capacity_pools"].as_array().unwrap();
        assert_eq!(pools.len(), 2, "{parsed}");
        let services = parsed["services"].as_array().unwrap();
        let mut inputs = Vec::new();
        for s in services {
            let Some(p) = s["scaling"]["capacity_pool"].as_u64() else {
                continue;
            };
            let pool = &pools[usize::try_from(p).unwrap()];
            assert_eq!(pool["input"], s["input"], "{s}");
            assert!(
                pool["services"].as_array().unwrap().contains(&s["address"]),
                "{pool}"
            );
            inputs.push(s["input"].clone());
        }
        assert_eq!(inputs.len(), 2, "one pooled service per root: {parsed}");
        assert_ne!(inputs[0], inputs[1]);
    }
}
