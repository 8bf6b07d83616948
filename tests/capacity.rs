//! CPU, memory and GPU capacity (ecs-capacity.md): the fits per instance, capacity shared by
//! services, and what-if overrides, each from the Terraform files and from their plan. The
//! expected figures are worked out by hand next to each case, not copied from ecsnet.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

fn dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// The JSON report of `args` (a directory, or a plan with its directory as `--source`),
/// with the exit code.
fn report(args: &[&str]) -> (Value, i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(["--format", "json", "--fail-on", "never"])
        .args(args)
        .env_remove("ECSNET_CONFIG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (v, out.status.code().unwrap_or(-1), stderr)
}

/// Both front ends of `rel` with extra arguments.
fn both(rel: &str, extra: &[&str]) -> Vec<Value> {
    let d = dir(rel);
    let hcl = d.display().to_string();
    let plan = d.join("plan.json").display().to_string();
    let mut out = Vec::new();
    for args in [
        vec![hcl.as_str()],
        vec![plan.as_str(), "--source", hcl.as_str()],
    ] {
        let all: Vec<&str> = extra.iter().copied().chain(args).collect();
        let (v, code, stderr) = report(&all);
        assert_eq!(code, 0, "{all:?}: {stderr}");
        out.push(v);
    }
    out
}

fn service<'r>(r: &'r Value, address: &str) -> &'r Value {
    r["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["address"] == address)
        .unwrap_or_else(|| panic!("no service {address}"))
}

/// (tasks per instance, limited by, max tasks, max limited by) and the resource limit.
fn fit(r: &Value, address: &str) -> Value {
    let sc = &service(r, address)["scaling"];
    json!({
        "per_instance": [sc["tasks_per_instance"], sc["tasks_per_instance_limited_by"]],
        "max_tasks": [sc["max_tasks"], sc["max_tasks_limited_by"]],
        "task": sc["task_resources"],
        "limit": without_location(&sc["resource_limit"]),
    })
}

/// The resource limit without its location (checked once, in `each_kind_of_fit`).
fn without_location(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("location");
    }
    v
}

fn codes(r: &Value) -> Vec<(String, String)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn each_kind_of_fit() {
    for r in both("capacity/fits", &[]) {
        // CPU from the containers' sum (512 + 512); the daemon `agent` takes 128 units
        // first on the c5.xlarge's 4,096: 3,968 / 1,024 = 3; memory 256 + 256 (the
        // sidecar's memoryReservation) would allow 13. 3 instances: 9.
        assert_eq!(
            fit(&r, "aws_ecs_service.cpu_bound"),
            json!({
                "per_instance": [3, "cpu"], "max_tasks": [9, "cpu"],
                "task": {"cpu": 1024, "memory": 512, "gpu": 0},
                "limit": {"resource": "cpu", "task": 1024, "per_instance": 3968,
                          "instance_type": "c5.xlarge", "assumed": false},
            })
        );
        // Task-level "2 GB": 8,192 × 95 % = 7,782, minus ECS_RESERVED_MEMORY 512 (user data
        // from templatefile) and the agent's 256: 7,014 / 2,048 = 3.
        assert_eq!(
            fit(&r, "aws_ecs_service.mem_bound"),
            json!({
                "per_instance": [3, "memory"], "max_tasks": [9, "memory"],
                "task": {"cpu": 256, "memory": 2048, "gpu": 0},
                "limit": {"resource": "memory", "task": 2048, "per_instance": 7014,
                          "instance_type": "c5.xlarge", "assumed": true},
            })
        );
        // One GPU of resourceRequirements on a g4dn.xlarge with one.
        assert_eq!(
            fit(&r, "aws_ecs_service.gpu"),
            json!({
                "per_instance": [1, "gpu"], "max_tasks": [3, "gpu"],
                "task": {"cpu": 0, "memory": 4096, "gpu": 1},
                "limit": {"resource": "gpu", "task": 1, "per_instance": 1,
                          "instance_type": "g4dn.xlarge", "assumed": false},
            })
        );
        // m5.large and m5.2xlarge: the guarantee is the m5.large's 7,782 / 3,072 = 2;
        // max_size 4: 8.
        assert_eq!(
            fit(&r, "aws_ecs_service.mixed"),
            json!({
                "per_instance": [2, "memory"], "max_tasks": [8, "memory"],
                "task": {"cpu": 512, "memory": 3072, "gpu": 0},
                "limit": {"resource": "memory", "task": 3072, "per_instance": 7782,
                          "instance_type": "m5.large", "assumed": true},
            })
        );
        // The line to change: the task-level `memory` (line 137), or the containers' sum.
        let at = |a: &str| {
            let l = &service(&r, a)["scaling"]["resource_limit"]["location"];
            (
                l["file"].as_str().unwrap().ends_with("main.tf"),
                l["line"].clone(),
            )
        };
        assert_eq!(at("aws_ecs_service.mem_bound"), (true, json!(137)));
        assert_eq!(at("aws_ecs_service.cpu_bound"), (true, json!(119)));
        // An instance type not in the table: unknown, and why.
        let u = service(&r, "aws_ecs_service.unknown");
        assert_eq!(u["scaling"]["tasks_per_instance"], Value::Null);
        assert!(
            u["unknowns"].as_array().unwrap().iter().any(|x| x
                .as_str()
                .unwrap()
                .contains("`x9z.mega` are not in ecsnet's table")),
            "{u}"
        );
        // The daemon is placed first and is not part of the pool's replicas.
        let pools = r["capacity_pools"].as_array().unwrap();
        let general = pools
            .iter()
            .find(|p| p["cluster"] == "aws_ecs_cluster.this[\"general\"]")
            .unwrap();
        assert_eq!(general["daemons"], json!(["aws_ecs_service.agent"]));
        assert_eq!(
            general["per_instance"],
            json!({"cpu": 3968, "memory": 7014, "gpu": 0})
        );
        assert!(codes(&r).is_empty(), "{:?}", codes(&r));
    }
}

#[test]
fn the_usable_memory_share_is_a_setting() {
    // 80 %: 8,192 × 80 % = 6,553, minus 512 reserved and the agent's 256: 5,785 / 2,048 = 2
    // (3 at the default 95 %).
    for r in both("capacity/fits", &["--usable-memory-percent", "80"]) {
        assert_eq!(
            fit(&r, "aws_ecs_service.mem_bound")["per_instance"],
            json!([2, "memory"])
        );
    }
    let (_, code, stderr) = report(&["--usable-memory-percent", "0", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("from 1 to 100"), "{stderr}");
}

fn pool<'r>(r: &'r Value, asg: &str) -> &'r Value {
    r["capacity_pools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["auto_scaling_groups"] == json!([asg]))
        .unwrap_or_else(|| panic!("no pool {asg}: {}", r["capacity_pools"]))
}

fn need(load: &Value) -> Value {
    json!([load["instances_needed"], load["limited_by"], load["fits"]])
}

#[test]
fn fits_steady_but_not_during_a_surge() {
    for r in both("capacity/surge", &[]) {
        let p = pool(&r, "aws_autoscaling_group.ecs");
        // api 4 × 2,048 + worker 2 × 1,024 = 10,240 MiB: 2 instances of ~7,782 (api alone:
        // 3 per instance, ⌈4 / 3⌉ = 2).
        assert_eq!(need(&p["at_desired"]), json!([2, "memory", true]));
        // api deploying at 200 %: 8 tasks, ⌈8 / 3⌉ = 3 instances; the group allows 2.
        assert_eq!(need(&p["worst_surge"]), json!([3, "memory", false]));
        assert_eq!(p["worst_surge"]["deploying"], "aws_ecs_service.api");
        // A fifth api task still fits (⌈5 / 3⌉ = 2): the deployment moves, no finding.
        assert!(codes(&r).is_empty(), "{:?}", codes(&r));
        assert_eq!(
            service(&r, "aws_ecs_service.api")["scaling"]["deployment_can_progress"],
            true
        );
    }
}

#[test]
fn fits_at_desired_but_not_at_the_maximum_and_clusters_stay_apart() {
    for r in both("rules/ECS309-cluster-capacity-exceeded/bad", &[]) {
        // Cluster jobs: batch 2 × 1,024 MiB fits one instance; at max_capacity 20 it needs
        // ⌈20 × 256 / 2,048⌉ = 3 instances for CPU (memory: ⌈20,480 / 7,782⌉ = 3 too).
        let jobs = pool(&r, "aws_autoscaling_group.jobs");
        assert_eq!(jobs["services"], json!(["aws_ecs_service.batch"]));
        assert_eq!(need(&jobs["at_desired"]), json!([1, "memory", true]));
        assert_eq!(need(&jobs["at_max"])[0], 3);
        assert_eq!(need(&jobs["at_max"])[2], false);
        // Cluster apps holds api and worker only: the batch workers are another cluster's.
        let apps = pool(&r, "aws_autoscaling_group.apps");
        assert_eq!(
            apps["services"],
            json!(["aws_ecs_service.api", "aws_ecs_service.worker"])
        );
        assert_eq!(apps["at_desired"]["tasks"], json!([4, 6]));
        assert_eq!(
            apps["at_desired"]["demand"],
            json!({"cpu": 3584, "memory": 18432, "gpu": 0})
        );
    }
}

/// A what-if run of the surge fixture from both front ends.
fn what_if(sets: &[&str]) -> Vec<Value> {
    let extra: Vec<String> = sets
        .iter()
        .flat_map(|s| ["--set".to_string(), s.to_string()])
        .collect();
    let refs: Vec<&str> = extra.iter().map(String::as_str).collect();
    both("capacity/surge", &refs)
}

#[test]
fn what_if_desired_count_and_task_size() {
    // api 8 × 2,048 + 2 × 1,024 = 18,432 MiB: ⌈8 / 3⌉ = 3 instances > 2, even at the
    // advertised 8,192 (4 per instance: 2 for api, then the workers need room) — an error.
    for r in what_if(&["aws_ecs_service.api.desired_count=8"]) {
        assert_eq!(
            codes(&r),
            [(
                "ECS309".to_string(),
                "aws_autoscaling_group.ecs".to_string()
            )]
        );
        assert_eq!(
            r["overrides"],
            json!([{"address": "aws_ecs_service.api", "attribute": "desired_count",
                    "value": 8, "was": 4, "inputs": [0]}])
        );
    }
    // A 4 GiB api task: 7,782 / 4,096 = 1 per instance.
    for r in what_if(&["aws_ecs_task_definition.api.memory=4096"]) {
        assert_eq!(
            fit(&r, "aws_ecs_service.api")["per_instance"],
            json!([1, "memory"])
        );
    }
    // "1 vCPU" spelled as the API allows: 2,048 / 1,024 = 2 per instance by CPU.
    for r in what_if(&["aws_ecs_task_definition.api.cpu=\"1 vCPU\""]) {
        assert_eq!(
            fit(&r, "aws_ecs_service.api")["per_instance"],
            json!([2, "cpu"])
        );
    }
}

#[test]
fn what_if_instances() {
    // m5.xlarge: 16,384 × 95 % = 15,564 MiB, 4,096 CPU units.
    for r in what_if(&["aws_launch_template.ecs.instance_type=m5.xlarge"]) {
        assert_eq!(
            pool(&r, "aws_autoscaling_group.ecs")["per_instance"],
            json!({"cpu": 4096, "memory": 15564, "gpu": 0})
        );
        assert_eq!(
            need(&pool(&r, "aws_autoscaling_group.ecs")["worst_surge"])[2],
            true
        );
    }
    // A third instance: the surge (3 instances) fits.
    for r in what_if(&["aws_autoscaling_group.ecs.max_size=3"]) {
        let p = pool(&r, "aws_autoscaling_group.ecs");
        assert_eq!(p["max_instances"], 3);
        assert_eq!(need(&p["worst_surge"]), json!([3, "memory", true]));
    }
}

#[test]
fn what_if_auto_scaling_maximum() {
    // The jobs cluster's warning goes when auto scaling stops at 14 (2 instances).
    let d = dir("rules/ECS309-cluster-capacity-exceeded/bad");
    for input in [d.clone(), d.join("plan.json")] {
        let (r, code, stderr) = report(&[
            "--set",
            "aws_appautoscaling_target.batch.max_capacity=14",
            "--source",
            d.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            codes(&r),
            [(
                "ECS309".to_string(),
                "aws_autoscaling_group.apps".to_string()
            )]
        );
    }
}

#[test]
fn an_override_of_nothing_is_an_error() {
    let d = dir("capacity/surge");
    for input in [d.clone(), d.join("plan.json")] {
        let (_, code, stderr) = report(&[
            "--set",
            "aws_ecs_service.apii.desired_count=8",
            input.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("no resource `aws_ecs_service.apii` in the inputs (did you mean `aws_ecs_service.api`?)"),
            "{stderr}"
        );
    }
    let (_, code, stderr) = report(&["--set", "aws_ecs_service.api=8", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ADDRESS.ATTRIBUTE=VALUE"), "{stderr}");
}

#[test]
fn the_table_names_the_binding_resource_and_the_override() {
    let d = dir("capacity/surge");
    let out = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(["--set", "aws_ecs_service.worker.desired_count=3"])
        .arg(&d)
        .env_remove("ECSNET_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 (memory: 2,048 of ~7,782 MiB)"), "{text}");
    assert!(
        text.contains("what-if: aws_ecs_service.worker.desired_count = 3 (was 2)"),
        "{text}"
    );
    assert!(
        text.contains("capacity pool aws_autoscaling_group.ecs: up to 2 × m5.large"),
        "{text}"
    );
}

#[test]
fn instances_that_join_by_user_data() {
    for r in both("capacity/user-data-link", &[]) {
        // t3.large: 7,782 / 1,536 = 5 per instance (CPU 2,048 / 256 = 8); the web group's 3
        // instances: 15. The batch group names another cluster and is not counted.
        assert_eq!(
            fit(&r, "aws_ecs_service.web")["per_instance"],
            json!([5, "memory"])
        );
        let s = service(&r, "aws_ecs_service.web");
        assert_eq!(s["scaling"]["max_instances"], 3);
        assert_eq!(s["scaling"]["max_tasks"], 15);
        assert!(
            s["unknowns"][0]
                .as_str()
                .unwrap()
                .contains("`aws_autoscaling_group.web` joins the cluster through `ECS_CLUSTER`"),
            "{s}"
        );
    }
}
