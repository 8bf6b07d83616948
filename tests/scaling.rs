//! Every field of `services[].scaling` on the rule fixtures, from the Terraform files and
//! from their plans (both must agree): Auto Scaling group capacity providers, launch
//! templates (c5.large with and without ENI trunking, mixed instance types), subnets of
//! several sizes (/28, /24, /17), auto scaling targets, DAEMON and `distinctInstance`.
//! The expected numbers follow ecs-networking.md §4 by hand, not ecsnet's output.

use ecsnet::run::{Invocation, analyze};
use serde_json::{Value, json};
use std::path::PathBuf;

fn scaling_of(input: PathBuf, address: &str) -> Value {
    let inv = Invocation {
        paths: vec![input.display().to_string()],
        ..Invocation::default()
    };
    let report = analyze(&inv, &mut std::io::empty());
    let svc = report
        .services
        .iter()
        .find(|s| s.address == address)
        .unwrap_or_else(|| panic!("{}: no service {address}", input.display()));
    let mut v = serde_json::to_value(&svc.scaling).unwrap();
    // CPU, memory and GPU figures are checked by tests/capacity.rs.
    for k in ["task_resources", "resource_limit", "capacity_pool"] {
        v.as_object_mut().unwrap().remove(k);
    }
    v
}

/// Checks one service of `testdata/rules/<fixture>` from HCL and from the plan.
fn check(fixture: &str, address: &str, want: Value) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/rules")
        .join(fixture);
    for input in [dir.clone(), dir.join("plan.json")] {
        let got = scaling_of(input.clone(), address);
        assert_eq!(got, want, "{} {address}", input.display());
    }
}

/// A REPLICA service's scaling object with the provider defaults 200/100.
#[allow(clippy::too_many_arguments)]
fn replica(
    desired: u64,
    capacity: (Option<u64>, Option<u64>),
    tpi: Option<(u64, &str)>,
    max_instances: Option<u64>,
    subnet_ips: Option<u64>,
    max_tasks: (u64, &str),
    progress: bool,
) -> Value {
    json!({
        "desired_count": desired,
        "min_capacity": capacity.0,
        "max_capacity": capacity.1,
        "deployment_maximum_percent": 200,
        "deployment_minimum_healthy_percent": 100,
        "tasks_per_instance": tpi.map(|t| t.0),
        "tasks_per_instance_limited_by": tpi.map(|t| t.1),
        "max_instances": max_instances,
        "subnet_ip_capacity": subnet_ips,
        "max_tasks": max_tasks.0,
        "max_tasks_limited_by": max_tasks.1,
        "deployment_can_progress": progress,
    })
}

#[test]
fn static_host_port_on_an_asg_capacity_provider() {
    // hostPort 80: 1 task per instance; ASG max_size 3 ⇒ 3 tasks; desired 4 cannot even run,
    // so a deployment cannot replace anything (§4.1, §4.4).
    check(
        "ECS301-static-port-capacity-exceeded/bad",
        "aws_ecs_service.web",
        replica(
            4,
            (None, None),
            Some((1, "static-host-port")),
            Some(3),
            None,
            (3, "static-host-port"),
            false,
        ),
    );
    // Host network mode with an auto scaling target 2..5; 2 of 3 instances used ⇒ a spare
    // instance lets the deployment surge.
    check(
        "ECS301-static-port-capacity-exceeded/bad",
        "aws_ecs_service.statsd",
        replica(
            2,
            (Some(2), Some(5)),
            Some((1, "host-network")),
            Some(3),
            None,
            (3, "host-network"),
            true,
        ),
    );
    // 2 tasks on the 2 instances allowed, minimum 100%: deadlock.
    check(
        "ECS302-static-port-deployment-deadlock/bad",
        "aws_ecs_service.web",
        replica(
            2,
            (None, None),
            Some((1, "static-host-port")),
            Some(2),
            None,
            (2, "static-host-port"),
            false,
        ),
    );
}

#[test]
fn dynamic_ports_and_daemons() {
    // One dynamic port (the Linux range would hold 28232), but memory binds first: a
    // c5.large advertises 4096 MiB, 95 % of it assumed usable (3891), the daemon `edge` takes
    // 256 first, 3635 / 256 = 14 per instance, 42 on the 3 instances.
    check(
        "ECS301-static-port-capacity-exceeded/good",
        "aws_ecs_service.orders",
        replica(
            12,
            (None, None),
            Some((14, "memory")),
            Some(3),
            None,
            (42, "memory"),
            true,
        ),
    );
    // DAEMON: one per instance, API defaults 100/0, no desired count, no progress verdict.
    let daemon = |min: u64, instances: Option<u64>| {
        json!({
            "desired_count": null, "min_capacity": null, "max_capacity": null,
            "deployment_maximum_percent": 100, "deployment_minimum_healthy_percent": min,
            "tasks_per_instance": 1, "tasks_per_instance_limited_by": "daemon",
            "max_instances": instances, "subnet_ip_capacity": null,
            "max_tasks": instances, "max_tasks_limited_by": instances.map(|_| "daemon"),
        })
    };
    // `launch_type = "EC2"` (what ECS requires of a daemon on a cluster with a default
    // capacity provider strategy) places tasks on every instance registered to the
    // cluster: the Terraform cannot count them.
    check(
        "ECS301-static-port-capacity-exceeded/good",
        "aws_ecs_service.edge",
        daemon(0, None),
    );
    check(
        "ECS307-daemon-invalid-config/good",
        "aws_ecs_service.agent_tuned",
        daemon(50, None),
    );
    // Through a capacity provider (which ECS then refuses for a daemon, ECS307) the
    // instances are the Auto Scaling group's: max_size 4.
    check(
        "ECS307-daemon-invalid-config/bad",
        "aws_ecs_service.strategy_agent",
        daemon(0, Some(4)),
    );
}

#[test]
fn awsvpc_on_ec2_with_and_without_trunking() {
    // c5.large without trunking: 3 ENIs − 1 = 2 tasks; 2 instances ⇒ 4 (§4.1, §8).
    check(
        "ECS304-eni-capacity-exceeded/bad",
        "aws_ecs_service.api",
        replica(
            5,
            (None, None),
            Some((2, "eni")),
            Some(2),
            Some(251),
            (4, "eni"),
            false,
        ),
    );
    // awsvpcTrunking enabled: ECS's trunking figure for c5.large is 10 ⇒ 20.
    check(
        "ECS304-eni-capacity-exceeded/good",
        "aws_ecs_service.api",
        replica(
            5,
            (Some(2), Some(15)),
            Some((10, "eni-trunking")),
            Some(2),
            Some(251),
            (20, "eni-trunking"),
            true,
        ),
    );
    // Mixed m5.large / c5.xlarge overrides: the most restrictive (m5.large, 10) is used.
    check(
        "ECS304-eni-capacity-exceeded/good",
        "aws_ecs_service.batch",
        replica(
            8,
            (None, None),
            Some((10, "eni-trunking")),
            Some(2),
            Some(251),
            (20, "eni-trunking"),
            true,
        ),
    );
    // distinctInstance: 1 per instance, 2 instances, both full ⇒ no room to surge.
    check(
        "ECS304-eni-capacity-exceeded/good",
        "aws_ecs_service.singleton",
        replica(
            2,
            (None, None),
            Some((1, "distinct-instance")),
            Some(2),
            Some(251),
            (2, "distinct-instance"),
            false,
        ),
    );
}

#[test]
fn fargate_subnets_quotas_and_percents() {
    // One /28: 16 − 5 = 11 addresses.
    check(
        "ECS305-subnet-ip-exhaustion/bad",
        "aws_ecs_service.api",
        replica(
            6,
            (None, None),
            None,
            None,
            Some(11),
            (11, "subnet-ips"),
            true,
        ),
    );
    // Two /28 through a splat over `count`: 22; auto scaling target 2..20.
    check(
        "ECS305-subnet-ip-exhaustion/bad",
        "aws_ecs_service.worker",
        replica(
            2,
            (Some(2), Some(20)),
            None,
            None,
            Some(22),
            (22, "subnet-ips"),
            true,
        ),
    );
    // Two /28 and a /24 through concat(): 11 + 11 + 251.
    let mut worker = replica(
        20,
        (None, None),
        None,
        None,
        Some(273),
        (273, "subnet-ips"),
        true,
    );
    worker["deployment_maximum_percent"] = json!(100);
    worker["deployment_minimum_healthy_percent"] = json!(50);
    check(
        "ECS305-subnet-ip-exhaustion/good",
        "aws_ecs_service.worker",
        worker,
    );
    // Service discovery: 1,000 tasks per service; a /17 holds 32,763 addresses.
    check(
        "ECS306-tasks-per-service-quota/bad",
        "aws_ecs_service.workers",
        replica(
            1200,
            (None, None),
            None,
            None,
            Some(32763),
            (1000, "service-discovery-quota"),
            true,
        ),
    );
    // 3 tasks at 125/100: floor(3.75) = 3 and ceil(3) = 3 ⇒ config deadlock (§4.4).
    let mut api = replica(
        3,
        (None, None),
        None,
        None,
        Some(251),
        (251, "subnet-ips"),
        false,
    );
    api["deployment_maximum_percent"] = json!(125);
    check(
        "ECS303-deployment-config-deadlock/bad",
        "aws_ecs_service.api",
        api,
    );
}
