//! A canned report shared by the renderer tests: every renderer is snapshot-tested on the same
//! input, and that input carries everything a hostile pull request could put in a report.

use crate::finding::{Finding, Severity};
use crate::model::{InputInfo, InputKind, Location};
use crate::report::{
    ChangeReport, LoadReport, OverrideReport, PoolReport, PortReport, Report, ResourceLimitReport,
    ResourcesReport, ScalingReport, ServiceReport, Summary, TaskDefinitionReport, Tool,
};
use crate::rules::RuleMeta;

/// A message holding every character class an output format must neutralize.
pub(crate) const NASTY: &str = "50% of tasks: host port 80 | `x` <!-- marker --> @org/team \
     ::error::pwned \u{1b}[31mred\u{1b}[0m #12\nsecond line";

fn loc(file: &str, line: u32, column: u32) -> Location {
    Location::new(file, line, column)
}

pub(crate) static ECS101: RuleMeta = RuleMeta {
    code: "ECS101",
    name: "fargate-requires-awsvpc",
    severity: Severity::Error,
    summary: "a Fargate task definition must use the awsvpc network mode",
    doc: "## What it does\n\nChecks that tasks on Fargate use `awsvpc`.\n\n## Why is this bad?\n\nAWS rejects the service.\n",
    help: "set network_mode = \"awsvpc\" on the task definition",
};

pub(crate) static ECS201: RuleMeta = RuleMeta {
    code: "ECS201",
    name: "static-host-port-caps-scale",
    severity: Severity::Warning,
    summary: "a static host port allows one task per container instance",
    doc: "## What it does\n\nFlags static host ports.\n",
    help: "set hostPort to 0 for a dynamic port",
};

/// The rule lookup the SARIF tests use (the real registry is `crate::rules`).
pub(crate) fn lookup(code: &str) -> Option<&'static RuleMeta> {
    match code {
        "ECS101" => Some(&ECS101),
        "ECS201" => Some(&ECS201),
        "ECS902" => Some(&crate::rules::unresolved_container_definitions::META),
        _ => None,
    }
}

/// Two services (one moving from bridge to awsvpc), four findings (one with a related
/// location, one without a location, one suppressed, one with [`NASTY`] text).
pub(crate) fn canned_report() -> Report {
    let web = ServiceReport {
        address: "module.api.aws_ecs_service.web[\"blue\"]".to_string(),
        name: Some("web|blue".to_string()),
        input: 0,
        location: Some(loc("modules/api/main.tf", 12, 1)),
        task_definition: Some("module.api.aws_ecs_task_definition.web".to_string()),
        launch_type: Some("EC2".to_string()),
        launch_type_source: "capacity_provider_strategy".to_string(),
        scheduling_strategy: Some("REPLICA".to_string()),
        network_mode: Some("bridge".to_string()),
        network_mode_source: "explicit".to_string(),
        port_strategy: "mixed".to_string(),
        ports: vec![
            PortReport {
                container: "web".to_string(),
                container_port: Some(8080),
                host_port: Some(80),
                protocol: "tcp".to_string(),
                kind: "static".to_string(),
                container_port_range: None,
            },
            PortReport {
                container: "metrics`x`".to_string(),
                container_port: Some(9090),
                host_port: None,
                protocol: "udp".to_string(),
                kind: "dynamic".to_string(),
                container_port_range: None,
            },
        ],
        scaling: ScalingReport {
            desired_count: Some(3),
            min_capacity: Some(2),
            max_capacity: Some(10),
            deployment_maximum_percent: Some(200),
            deployment_minimum_healthy_percent: Some(100),
            tasks_per_instance: Some(1),
            tasks_per_instance_limited_by: Some("static-host-port".to_string()),
            max_instances: Some(4),
            subnet_ip_capacity: None,
            max_tasks: Some(4),
            max_tasks_limited_by: Some("static-host-port".to_string()),
            deployment_can_progress: Some(false),
            task_resources: Some(ResourcesReport {
                cpu: 512,
                memory: 3072,
                gpu: 0,
            }),
            resource_limit: Some(ResourceLimitReport {
                resource: "memory".to_string(),
                task: 3072,
                per_instance: 7782,
                instance_type: "m5.large".to_string(),
                assumed: true,
                location: Some(loc("modules/api/main.tf", 20, 3)),
            }),
            capacity_pool: Some(0),
        },
        unknowns: vec!["instance type: var.instance_type has no value".to_string()],
        change: Some(ChangeReport {
            actions: vec!["update".to_string()],
            network_mode_before: Some("bridge".to_string()),
            differences: vec!["desired count 2 → 3".to_string()],
        }),
    };
    let worker = ServiceReport {
        address: "aws_ecs_service.worker".to_string(),
        name: Some("worker".to_string()),
        input: 0,
        location: Some(loc("main.tf", 40, 1)),
        task_definition: Some("aws_ecs_task_definition.worker".to_string()),
        launch_type: Some("FARGATE".to_string()),
        launch_type_source: "launch_type".to_string(),
        scheduling_strategy: Some("REPLICA".to_string()),
        network_mode: Some("awsvpc".to_string()),
        network_mode_source: "explicit".to_string(),
        port_strategy: "awsvpc".to_string(),
        ports: vec![PortReport {
            container: "worker".to_string(),
            container_port: Some(8000),
            host_port: Some(8000),
            protocol: "tcp".to_string(),
            kind: "awsvpc".to_string(),
            container_port_range: None,
        }],
        scaling: ScalingReport {
            desired_count: Some(2),
            max_capacity: None,
            subnet_ip_capacity: Some(502),
            max_tasks: Some(502),
            max_tasks_limited_by: Some("subnet-ips".to_string()),
            ..ScalingReport::default()
        },
        unknowns: Vec::new(),
        change: Some(ChangeReport {
            actions: vec!["delete".to_string(), "create".to_string()],
            network_mode_before: Some("bridge".to_string()),
            differences: vec![
                "network mode bridge → awsvpc".to_string(),
                "host port 80 → 8000 (awsvpc)".to_string(),
            ],
        }),
    };
    let mut fargate = ECS101.finding(
        "task definition uses network mode \"bridge\" but the service runs on FARGATE",
        Some("aws_ecs_service.worker".to_string()),
        Some(loc("main.tf", 52, 3)),
    );
    fargate.related = vec![loc("variables.tf", 4, 1)];
    let nasty = ECS201.finding(
        NASTY,
        Some("module.api.aws_ecs_service.web[\"blue\"]".to_string()),
        Some(loc("modules/api/main.tf", 30, 5)),
    );
    let plan_only = crate::rules::unresolved_container_definitions::META.finding(
        "container_definitions is unknown until apply",
        Some("module.api.aws_ecs_task_definition.web".to_string()),
        None,
    );
    let mut suppressed = ECS201.finding(
        "host port 443 is static: one task per instance",
        Some("aws_ecs_service.worker".to_string()),
        Some(loc("main.tf", 44, 5)),
    );
    suppressed.suppressed = Some("accepted: one task per host by design".to_string());
    let findings: Vec<Finding> = vec![fargate, suppressed, plan_only, nasty];
    Report {
        schema_version: crate::report::SCHEMA_VERSION,
        tool: Tool {
            name: "ecsnet",
            version: "0.1.0",
        },
        inputs: vec![InputInfo {
            kind: InputKind::Plan,
            path: "plan.json".to_string(),
            ..InputInfo::default()
        }],
        summary: Summary::count(2, &findings),
        services: vec![web, worker],
        task_definitions: vec![TaskDefinitionReport {
            address: "aws_ecs_task_definition.worker".to_string(),
            input: 0,
            family: Some("worker".to_string()),
            network_mode: Some("awsvpc".to_string()),
            location: Some(loc("main.tf", 50, 1)),
            used_by: vec!["aws_ecs_service.worker".to_string()],
        }],
        capacity_pools: vec![PoolReport {
            input: 0,
            cluster: "aws_ecs_cluster.main".to_string(),
            auto_scaling_groups: vec!["aws_autoscaling_group.ecs".to_string()],
            instance_types: vec!["m5.large".to_string()],
            max_instances: Some(4),
            per_instance: Some(ResourcesReport {
                cpu: 2048,
                memory: 7782,
                gpu: 0,
            }),
            per_instance_at_most: Some(ResourcesReport {
                cpu: 2048,
                memory: 8192,
                gpu: 0,
            }),
            services: vec![
                "module.api.aws_ecs_service.web[\"blue\"]".to_string(),
                format!("aws_ecs_service.x[\"{NASTY}\"]"),
            ],
            daemons: Vec::new(),
            at_desired: Some(LoadReport {
                deploying: None,
                tasks: vec![3, 1],
                demand: ResourcesReport {
                    cpu: 2048,
                    memory: 12288,
                    gpu: 0,
                },
                instances_needed: Some(2),
                instances_needed_at_best: Some(2),
                limited_by: "memory".to_string(),
                fits: Some(true),
            }),
            at_max: None,
            worst_surge: None,
            unknowns: vec!["the desired count of `aws_ecs_service.y` is unknown".to_string()],
        }],
        overrides: vec![OverrideReport {
            address: "module.api.aws_ecs_service.web[\"blue\"]".to_string(),
            attribute: "desired_count".to_string(),
            value: serde_json::json!(3),
            was: serde_json::json!(2),
            inputs: vec![0],
        }],
        findings,
    }
}

/// The canned report with every finding removed: the "all is well" case.
pub(crate) fn clean_report() -> Report {
    let mut r = canned_report();
    r.findings.clear();
    for s in &mut r.services {
        s.change = None;
    }
    r.summary = Summary::count(r.services.len(), &r.findings);
    r
}
