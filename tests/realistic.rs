//! Realistic Terraform roots (`testdata/realistic/*`, each README says what it imitates),
//! analyzed from their files and from their plans (with the files as `--source`). The
//! expected facts were worked out by hand from ecs-networking.md (the section is named at
//! each), not copied from ecsnet's output; the table of each root is snapshotted.

use ecsnet::input::LoadOptions;
use ecsnet::report::Report;
use ecsnet::run::{Format, Invocation, analyze, render};
use serde_json::{Value, json};
use std::path::PathBuf;

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/realistic")
        .join(rel)
}

/// The realistic directory with a trailing `/`, cut from shown paths.
fn base() -> String {
    format!("{}/", env!("CARGO_MANIFEST_DIR").trim_end_matches('/')) + "testdata/realistic/"
}

fn hcl(rel: &str) -> Report {
    let inv = Invocation {
        paths: vec![root(rel).display().to_string()],
        ..Invocation::default()
    };
    analyze(&inv, &mut std::io::empty())
}

fn plan(rel: &str) -> Report {
    let dir = root(rel);
    let inv = Invocation {
        paths: vec![dir.join("plan.json").display().to_string()],
        load: LoadOptions {
            source: Some(dir),
            ..LoadOptions::default()
        },
        ..Invocation::default()
    };
    analyze(&inv, &mut std::io::empty())
}

/// The facts checked per service: what a reviewer reads in the table.
fn facts(report: &Report, address: &str) -> Value {
    let s = report
        .services
        .iter()
        .find(|s| s.address == address)
        .unwrap_or_else(|| panic!("no service {address}"));
    let v = serde_json::to_value(s).unwrap();
    let sc = &v["scaling"];
    json!({
        "task_definition": v["task_definition"],
        "launch_type": v["launch_type"],
        "scheduling_strategy": v["scheduling_strategy"],
        "network_mode": v["network_mode"],
        "network_mode_source": v["network_mode_source"],
        "port_strategy": v["port_strategy"],
        "ports": v["ports"].as_array().unwrap().iter().map(|p| json!(
            [p["container"], p["container_port"], p["host_port"], p["protocol"], p["kind"]]
        )).collect::<Vec<_>>(),
        "desired": sc["desired_count"],
        "max_capacity": sc["max_capacity"],
        "tasks_per_instance": [sc["tasks_per_instance"], sc["tasks_per_instance_limited_by"]],
        "max_instances": sc["max_instances"],
        "subnet_ip_capacity": sc["subnet_ip_capacity"],
        "max_tasks": [sc["max_tasks"], sc["max_tasks_limited_by"]],
    })
}

/// Findings as (code, subject, file relative to the realistic dir, line).
fn findings(report: &Report) -> Vec<(String, String, String, u32)> {
    let base = base();
    let mut out: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let (file, line) = f
                .location
                .as_ref()
                .map(|l| (l.file.replace(&base, ""), l.line))
                .unwrap_or_default();
            (
                f.code.to_string(),
                f.subject.clone().unwrap_or_default(),
                file,
                line,
            )
        })
        .collect();
    out.sort();
    out
}

fn finding(code: &str, subject: &str, file: &str, line: u32) -> (String, String, String, u32) {
    (code.into(), subject.into(), file.into(), line)
}

/// Checks every service from the files and from the plan, the findings of both, and
/// snapshots the table.
fn check(rel: &str, services: &[(&str, Value)], want: &[(String, String, String, u32)]) {
    let (h, p) = (hcl(rel), plan(rel));
    for report in [&h, &p] {
        assert_eq!(
            report.services.len(),
            services.len(),
            "{rel}: services {:?}",
            report
                .services
                .iter()
                .map(|s| &s.address)
                .collect::<Vec<_>>()
        );
        for (address, expected) in services {
            assert_eq!(&facts(report, address), expected, "{rel} {address}");
        }
        assert_eq!(findings(report), want, "{rel}");
    }
    let table = render(&h, Format::Table, Some(220)).replace(&base(), "");
    insta::assert_snapshot!(format!("table__{}", rel.replace('/', "_")), table);
}

#[test]
fn terraform_aws_modules_style_services() {
    let m = |k: &str| format!("module.service[\"{k}\"]");
    check(
        "tam-style-services",
        &[
            // Host mode: the container port is the instance port (§3.6); a daemon runs one
            // task per instance (§4.5) on every instance registered to the cluster. With
            // `launch_type = "EC2"` those are the instances whose user data names the cluster
            // (`ECS_CLUSTER`, ecs-capacity.md §5): the ASG's 4. API defaults 100/0.
            (
                "aws_ecs_service.node_exporter",
                json!({
                    "task_definition": "aws_ecs_task_definition.node_exporter",
                    "launch_type": "EC2", "scheduling_strategy": "DAEMON",
                    "network_mode": "host", "network_mode_source": "explicit",
                    "port_strategy": "host",
                    "ports": [["node-exporter", 9100, 9100, "tcp", "host"]],
                    "desired": null, "max_capacity": null,
                    "tasks_per_instance": [1, "daemon"], "max_instances": 4,
                    "subnet_ip_capacity": null, "max_tasks": [4, "daemon"],
                }),
            ),
            // Per-service override `host_port = 8080` merged over the default 0: a static
            // port, one task per instance (§4.1); the cluster default strategy's ASG allows 4
            // m5.large instances, so 4 tasks at most; autoscaling max 6 from tfvars.
            (
                &format!("{}.aws_ecs_service.this", m("api")),
                json!({
                    "task_definition": format!("{}.aws_ecs_task_definition.this", m("api")),
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "bridge", "network_mode_source": "explicit",
                    "port_strategy": "static",
                    "ports": [["api", 8080, 8080, "tcp", "static"]],
                    "desired": 3, "max_capacity": 6,
                    "tasks_per_instance": [1, "static-host-port"], "max_instances": 4,
                    "subnet_ip_capacity": null, "max_tasks": [4, "static-host-port"],
                }),
            ),
            // The default `host_port = 0`: dynamic (§3.6); 32768-60999 would hold 28232 single
            // ports per instance, but CPU binds first (ecs-capacity.md §3): an m5.large
            // registers 2048 units, the node exporter daemon takes 64, (2048 − 64) / 256 = 7
            // per instance, 28 on the 4 instances.
            (
                &format!("{}.aws_ecs_service.this", m("frontend")),
                json!({
                    "task_definition": format!("{}.aws_ecs_task_definition.this", m("frontend")),
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "bridge", "network_mode_source": "explicit",
                    "port_strategy": "dynamic",
                    "ports": [["frontend", 3000, null, "tcp", "dynamic"]],
                    "desired": 3, "max_capacity": null,
                    "tasks_per_instance": [7, "cpu"], "max_instances": 4,
                    "subnet_ip_capacity": null, "max_tasks": [28, "cpu"],
                }),
            ),
            // No `port`: `port_mappings` is empty; desired_count from `try()`'s fallback 1;
            // the module's default 256 CPU units bind as for `frontend`.
            (
                &format!("{}.aws_ecs_service.this", m("worker")),
                json!({
                    "task_definition": format!("{}.aws_ecs_task_definition.this", m("worker")),
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "bridge", "network_mode_source": "explicit",
                    "port_strategy": "no-ports", "ports": [],
                    "desired": 1, "max_capacity": null,
                    "tasks_per_instance": [7, "cpu"], "max_instances": 4,
                    "subnet_ip_capacity": null, "max_tasks": [28, "cpu"],
                }),
            ),
        ],
        &[
            // Host mode is worth a note (§2.1 "not recommended").
            finding(
                "ECS106",
                "aws_ecs_task_definition.node_exporter",
                "tam-style-services/services.tf",
                28,
            ),
            // 6 tasks with a static port need 6 instances; the ASG allows 4 (§4.1, §4.2), at
            // the autoscaling target's `max_capacity`.
            finding(
                "ECS301",
                &format!("{}.aws_ecs_service.this", m("api")),
                "tam-style-services/services.tf",
                20,
            ),
        ],
    );
}

fn fargate_app(desired: u64, max: u64, ports: Value, subnet_ips: u64) -> Value {
    json!({
        "task_definition": "module.app.aws_ecs_task_definition.app",
        "launch_type": "FARGATE", "scheduling_strategy": "REPLICA",
        "network_mode": "awsvpc", "network_mode_source": "explicit",
        "port_strategy": "awsvpc", "ports": ports,
        "desired": desired, "max_capacity": max,
        "tasks_per_instance": [null, null], "max_instances": null,
        "subnet_ip_capacity": subnet_ips, "max_tasks": [subnet_ips, "subnet-ips"],
    })
}

#[test]
fn monorepo_prod_environment() {
    // `scaling.auto.tfvars` overrides `terraform.tfvars` (6/60, cpu 1024 memory 2048, a
    // valid Fargate pair, §5.5). The subnets come through `var.subnet_ids` from the network
    // module's output: three /24 of 10.10.0.0/16, 3 × (256 − 5) = 753 addresses (§4.3),
    // enough for 60 tasks at 200%.
    check(
        "monorepo/envs/prod",
        &[(
            "module.app.aws_ecs_service.app",
            fargate_app(
                6,
                60,
                json!([
                    ["checkout", 8080, 8080, "tcp", "awsvpc"],
                    ["xray-daemon", 2000, 2000, "udp", "awsvpc"],
                ]),
                753,
            ),
        )],
        &[],
    );
}

#[test]
fn monorepo_staging_environment() {
    // 10.20.0.0/22 with 6 more bits: three /28, 3 × 11 = 33 addresses; autoscaling max 40
    // at 200% needs 80 (§4.3, SC-06). cpu 256 (the `optional()` default) with memory 1536
    // is not a Fargate pair (§5.5). Both are written in the shared module, whose path is
    // shown without `envs/staging/../..`.
    check(
        "monorepo/envs/staging",
        &[(
            "module.app.aws_ecs_service.app",
            fargate_app(
                1,
                40,
                json!([["checkout", 8080, 8080, "tcp", "awsvpc"]]),
                33,
            ),
        )],
        &[
            finding(
                "ECS108",
                "module.app.aws_ecs_task_definition.app",
                "monorepo/modules/app/main.tf",
                70,
            ),
            finding(
                "ECS305",
                "module.app.aws_ecs_service.app",
                "monorepo/modules/app/main.tf",
                85,
            ),
        ],
    );
}

#[test]
fn fargate_service_connect_and_blue_green() {
    // Two /24 of 10.60.0.0/20: 2 × 251 = 502 addresses, below the 1,000 tasks quota of a
    // Service Connect / service discovery service (§4.2). Ports come from a templatefile()
    // `%{ for }` loop (orders, payments) and a heredoc whose hostPort equals the container
    // port, as awsvpc requires (§3.1).
    let svc = |td: &str, desired: u64, ports: Value| {
        json!({
            "task_definition": td,
            "launch_type": "FARGATE", "scheduling_strategy": "REPLICA",
            "network_mode": "awsvpc", "network_mode_source": "explicit",
            "port_strategy": "awsvpc", "ports": ports,
            "desired": desired, "max_capacity": null,
            "tasks_per_instance": [null, null], "max_instances": null,
            "subnet_ip_capacity": 502, "max_tasks": [502, "subnet-ips"],
        })
    };
    check(
        "fargate-connect-bluegreen",
        &[
            (
                "aws_ecs_service.svc[\"orders\"]",
                svc(
                    "aws_ecs_task_definition.svc[\"orders\"]",
                    2,
                    json!([
                        ["orders", 8080, 8080, "tcp", "awsvpc"],
                        ["orders", 9090, 9090, "tcp", "awsvpc"],
                    ]),
                ),
            ),
            (
                "aws_ecs_service.svc[\"payments\"]",
                svc(
                    "aws_ecs_task_definition.svc[\"payments\"]",
                    3,
                    json!([["payments", 50051, 50051, "tcp", "awsvpc"]]),
                ),
            ),
            (
                "aws_ecs_service.web",
                svc(
                    "aws_ecs_task_definition.web",
                    2,
                    json!([["web", 80, 80, "tcp", "awsvpc"]]),
                ),
            ),
        ],
        &[],
    );
}

#[test]
fn ec2_awsvpc_with_trunking() {
    check(
        "ec2-awsvpc-trunking",
        &[
            // awsvpc on c5.large with awsvpcTrunking enabled: ECS's trunking figure 10 per
            // instance (§4.1, §8); the envoy sidecar's ports share the ENI. Memory binds
            // first (ecs-capacity.md §3): 4096 MiB × 95 % = 3891, the fluent-bit daemon takes
            // 128, (3891 − 128) / (512 + 128) = 5 per instance, 15 on 3 instances.
            (
                "aws_ecs_service.api",
                json!({
                    "task_definition": "aws_ecs_task_definition.api",
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "awsvpc", "network_mode_source": "explicit",
                    "port_strategy": "awsvpc",
                    "ports": [
                        ["api", 8443, 8443, "tcp", "awsvpc"],
                        ["envoy", 9901, 9901, "tcp", "awsvpc"],
                        ["envoy", 15000, 15000, "tcp", "awsvpc"],
                    ],
                    "desired": 12, "max_capacity": 40,
                    "tasks_per_instance": [5, "memory"], "max_instances": 3,
                    "subnet_ip_capacity": 1014, "max_tasks": [15, "memory"],
                }),
            ),
            // One dynamic port plus the Service Connect proxy's ephemeral listener: 2 of
            // the 28,232 dynamic ports per task (§3.3, §5.4) would allow 14,116; but the
            // container reserves no CPU and the proxy adds 256 units (ecs-capacity.md §2):
            // 2048 / 256 = 8 per instance, 24 on 3 instances.
            (
                "aws_ecs_service.admin",
                json!({
                    "task_definition": "aws_ecs_task_definition.admin",
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "bridge", "network_mode_source": "explicit",
                    "port_strategy": "dynamic",
                    "ports": [["admin", 8080, null, "tcp", "dynamic"]],
                    "desired": 2, "max_capacity": null,
                    "tasks_per_instance": [8, "cpu"], "max_instances": 3,
                    "subnet_ip_capacity": null, "max_tasks": [24, "cpu"],
                }),
            ),
            // `network_mode` omitted on EC2 Linux: bridge (§1.3); static host ports, one
            // daemon task per instance of the ASG reached through the cluster default.
            (
                "aws_ecs_service.fluent_bit",
                json!({
                    "task_definition": "aws_ecs_task_definition.fluent_bit",
                    "launch_type": "EC2", "scheduling_strategy": "DAEMON",
                    "network_mode": "bridge", "network_mode_source": "default",
                    "port_strategy": "static",
                    "ports": [
                        ["fluent-bit", 24224, 24224, "tcp", "static"],
                        ["fluent-bit", 2020, 2020, "tcp", "static"],
                    ],
                    "desired": null, "max_capacity": null,
                    "tasks_per_instance": [1, "daemon"], "max_instances": 3,
                    "subnet_ip_capacity": null, "max_tasks": [3, "daemon"],
                }),
            ),
            // A 1,000-port range plus one dynamic port take 1,001 of the 28,232 dynamic ports:
            // 28 tasks per instance (§3.3); memory binds first: (3891 − 128) / 256 = 14 per
            // instance (ecs-capacity.md §3), 42 on 3 instances.
            (
                "aws_ecs_service.media",
                json!({
                    "task_definition": "aws_ecs_task_definition.media",
                    "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                    "network_mode": "bridge", "network_mode_source": "explicit",
                    "port_strategy": "dynamic",
                    "ports": [
                        ["relay", 40000, null, "udp", "range"],
                        ["relay", 5060, null, "udp", "dynamic"],
                    ],
                    "desired": 4, "max_capacity": null,
                    "tasks_per_instance": [14, "memory"], "max_instances": 3,
                    "subnet_ip_capacity": null, "max_tasks": [42, "memory"],
                }),
            ),
        ],
        &[
            // 40 tasks need 40 ENIs; 3 × 10 = 30 (§4.1, SC-04), at the target's max_capacity.
            finding(
                "ECS304",
                "aws_ecs_service.api",
                "ec2-awsvpc-trunking/services.tf",
                44,
            ),
            // A daemon without launch_type gets the cluster's default capacity provider
            // strategy, which CreateService refuses for DAEMON (aws/containers-roadmap#692).
            finding(
                "ECS307",
                "aws_ecs_service.fluent_bit",
                "ec2-awsvpc-trunking/services.tf",
                96,
            ),
            // At the auto scaling maxima the pool needs 8 instances for memory: api alone
            // ⌈40 / 5⌉ = 8 (ecs-capacity.md §4); the group allows 3. A warning: desired fits.
            finding(
                "ECS309",
                "aws_autoscaling_group.ecs",
                "ec2-awsvpc-trunking/main.tf",
                76,
            ),
        ],
    );
}

/// The idioms of terraform-aws-modules/ecs v6, in code of our own: a task definition
/// reached through `local.task_definition = local.create ? aws_ecs_task_definition.this[0].arn
/// : var.task_definition_arn`, container definitions from a null-filtering nested module
/// with one unknown image, `module.td[each.key].arn`, and `coalesce()`.
#[test]
fn terraform_aws_modules_v6_idioms() {
    let svc = |k: &str| format!("module.service[\"{k}\"].aws_ecs_service.this[0]");
    let td = |k: &str| format!("module.service[\"{k}\"].aws_ecs_task_definition.this[0]");
    let services = [
        // Fargate, awsvpc (§6): the container port is the task ENI's; two /24 subnets hold
        // 2 x 251 addresses (§6.3), so subnet IPs bound the service at 502 tasks.
        (
            svc("api"),
            json!({
                "task_definition": td("api"),
                "launch_type": "FARGATE", "scheduling_strategy": "REPLICA",
                "network_mode": "awsvpc", "network_mode_source": "explicit",
                "port_strategy": "awsvpc",
                "ports": [["api", 8080, 8080, "tcp", "awsvpc"]],
                "desired": 2, "max_capacity": null,
                "tasks_per_instance": [null, null], "max_instances": null,
                "subnet_ip_capacity": 502, "max_tasks": [502, "subnet-ips"],
            }),
        ),
        // No port mappings: `no-ports`, whatever the network mode.
        (
            svc("worker"),
            json!({
                "task_definition": td("worker"),
                "launch_type": "FARGATE", "scheduling_strategy": "REPLICA",
                "network_mode": "awsvpc", "network_mode_source": "explicit",
                "port_strategy": "no-ports", "ports": [],
                "desired": 1, "max_capacity": null,
                "tasks_per_instance": [null, null], "max_instances": null,
                "subnet_ip_capacity": 502, "max_tasks": [502, "subnet-ips"],
            }),
        ),
        // `module.td[each.key].arn`: each service its own module instance; hostPort 0 in
        // bridge mode is dynamic (§3.6), 28232 ports of 32768-60999 per instance (§3.3), but
        // no capacity provider names the instances, so CPU and memory per instance are
        // unknown (ecs-capacity.md §5) and so is the per-instance count.
        (
            "aws_ecs_service.by_key[\"blue\"]".to_string(),
            json!({
                "task_definition": "module.td[\"blue\"].aws_ecs_task_definition.this",
                "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                "network_mode": "bridge", "network_mode_source": "explicit",
                "port_strategy": "dynamic",
                "ports": [["web", 80, null, "tcp", "dynamic"]],
                "desired": 1, "max_capacity": null,
                "tasks_per_instance": [null, null], "max_instances": null,
                "subnet_ip_capacity": null, "max_tasks": [null, null],
            }),
        ),
        (
            "aws_ecs_service.by_key[\"green\"]".to_string(),
            json!({
                "task_definition": "module.td[\"green\"].aws_ecs_task_definition.this",
                "launch_type": "EC2", "scheduling_strategy": "REPLICA",
                "network_mode": "bridge", "network_mode_source": "explicit",
                "port_strategy": "dynamic",
                "ports": [["web", 81, null, "tcp", "dynamic"]],
                "desired": 1, "max_capacity": null,
                "tasks_per_instance": [null, null], "max_instances": null,
                "subnet_ip_capacity": null, "max_tasks": [null, null],
            }),
        ),
        // `coalesce(var.override_task_definition, aws_ecs_task_definition.direct.arn)` with
        // the override null; host mode daemon: one task per instance (§4.5).
        (
            "aws_ecs_service.fallback".to_string(),
            json!({
                "task_definition": "aws_ecs_task_definition.direct",
                "launch_type": "EC2", "scheduling_strategy": "DAEMON",
                "network_mode": "host", "network_mode_source": "explicit",
                "port_strategy": "host",
                "ports": [["node-exporter", 9100, 9100, "tcp", "host"]],
                "desired": null, "max_capacity": null,
                "tasks_per_instance": [1, "daemon"], "max_instances": null,
                "subnet_ip_capacity": null, "max_tasks": [null, null],
            }),
        ),
    ];
    let services: Vec<(&str, Value)> = services
        .iter()
        .map(|(a, v)| (a.as_str(), v.clone()))
        .collect();
    check(
        "tam-v6-idioms",
        &services,
        &[finding(
            "ECS106",
            "aws_ecs_task_definition.direct",
            "tam-v6-idioms/main.tf",
            102,
        )],
    );
    // The plan read alone (no source): no locals in its `configuration`, so the module's
    // only task definition is inferred, and the report says so; `module.td[each.key]` is
    // narrowed by the service's own key.
    let alone = {
        let inv = Invocation {
            paths: vec![
                root("tam-v6-idioms")
                    .join("plan.json")
                    .display()
                    .to_string(),
            ],
            ..Invocation::default()
        };
        analyze(&inv, &mut std::io::empty())
    };
    for k in ["api", "worker"] {
        let s = alone.services.iter().find(|s| s.address == svc(k)).unwrap();
        assert_eq!(s.task_definition.as_deref(), Some(td(k).as_str()));
        assert!(
            s.unknowns.iter().any(|u| u.contains("inferred:")
                && u.contains("is the only task definition of its module instance")),
            "{:?}",
            s.unknowns
        );
    }
    for k in ["blue", "green"] {
        let s = alone
            .services
            .iter()
            .find(|s| s.address == format!("aws_ecs_service.by_key[\"{k}\"]"))
            .unwrap();
        assert_eq!(
            s.task_definition.as_deref(),
            Some(format!("module.td[\"{k}\"].aws_ecs_task_definition.this").as_str())
        );
    }
    // Blanked by the plan (the image is unknown), the ports are unknown without a source,
    // and the finding says why.
    let api = alone
        .services
        .iter()
        .find(|s| s.address == svc("api"))
        .unwrap();
    assert_eq!(api.port_strategy, "unknown");
    assert!(alone.findings.iter().any(|f| {
        f.code == "ECS902"
            && f.message
                .contains("a plan shows the whole string as known after apply")
    }));
}
