//! ECS307 `daemon-invalid-config`: a DAEMON service with a setting the daemon scheduler
//! does not support.

use super::meta::RuleMeta;
use crate::ecs::{DeploymentController, LaunchTypeOrigin, Analysis, LaunchType};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS307",
    name: "daemon-invalid-config",
    severity: Severity::Error,
    summary: "a DAEMON service runs on Fargate or through a capacity provider strategy, uses a non-ECS deployment controller, or sets a maximum percent other than 100",
    help: "use `scheduling_strategy = \"REPLICA\"` for Fargate or blue/green deployments; give daemons `launch_type = \"EC2\"` instead of a capacity provider strategy (also when the cluster has a default strategy), keep the `ECS` deployment controller and `deployment_maximum_percent` at 100 (or omit it)",
    doc: r#"## What it does

Flags an `aws_ecs_service` with `scheduling_strategy = "DAEMON"` that

- runs on Fargate (its effective platform, from `launch_type` or capacity providers),
- gets its capacity from a capacity provider strategy: its own `capacity_provider_strategy`,
  or, with neither that nor `launch_type`, the cluster's default strategy
  (`aws_ecs_cluster_capacity_providers.default_capacity_provider_strategy`),
- uses the `CODE_DEPLOY` or `EXTERNAL` deployment controller, or
- sets `deployment_maximum_percent` to something other than 100.

## Why is this bad?

The daemon scheduler places one task on every container instance; Fargate has no instances,
and daemons support only rolling (`ECS`) deployments whose maximum percent is 100. ECS
rejects these services at `CreateService`, so `terraform apply` fails. A capacity provider
strategy is refused too ("Specifying a capacity provider strategy is not supported when you
create a service using the DAEMON scheduling strategy."), and ECS applies the cluster's default
strategy to a service that names no launch type: a daemon on a cluster with a default strategy
needs `launch_type = "EC2"`, which places it on every instance of the cluster, those of the
capacity providers' Auto Scaling groups included.

## Example

```hcl
resource "aws_ecs_service" "agent" {
  scheduling_strategy        = "DAEMON"
  launch_type                = "EC2"
  deployment_maximum_percent = 150 # error: must be 100 for a daemon
}
```

## Known limitations

A plan shows `deployment_maximum_percent` as 200 when it is omitted (the provider's default,
which it does not send for daemons), so from plan input only values other than 100 and 200
are reported; from Terraform files an explicit 200 is reported too. The provider leaves the
maximum out of `CreateService` for daemons, so a wrong maximum is reported as a warning: it
is ignored at creation and rejected by an update that sends it.

## References

- ecs-networking.md §1.4, §4.5 (DAEMON services), rules SC-09, SC-10
- [Services: daemon scheduling](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html)
- [CreateService `schedulingStrategy`](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html)
- Capacity provider strategies and daemons: aws/containers-roadmap#692,
  hashicorp/terraform-provider-aws#16772
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for svc in a.services.iter().filter(|s| !s.deleted) {
        if svc.scheduling != Some(crate::ecs::Scheduling::Daemon) {
            continue;
        }
        let r = a.res(svc.res);
        let mut raise = |msg: String, path: &[&str]| {
            out.push(META.finding(msg, Some(r.address.clone()), super::first_written(r, path)));
        };
        if svc.platform.launch_type == Some(LaunchType::Fargate) {
            raise(
                format!(
                    "`{}` is a DAEMON service on Fargate; the daemon scheduler needs container instances",
                    r.address
                ),
                &[
                    "launch_type",
                    "capacity_provider_strategy",
                    "scheduling_strategy",
                ],
            );
        }
        // CreateService refuses any capacity provider strategy for a daemon, the cluster's
        // default one included (aws/containers-roadmap#692); Fargate is reported above.
        let fargate = svc.platform.launch_type == Some(LaunchType::Fargate);
        match svc.platform.origin {
            LaunchTypeOrigin::CapacityProviderStrategy if !fargate => raise(
                format!(
                    "`{}` is a DAEMON service with a `capacity_provider_strategy` ({}); ECS does not accept a capacity provider strategy for DAEMON services",
                    r.address,
                    svc.platform.strategy.join(", ")
                ),
                &["capacity_provider_strategy", "scheduling_strategy"],
            ),
            LaunchTypeOrigin::ClusterDefaultStrategy if !fargate => raise(
                format!(
                    "`{}` is a DAEMON service with neither `launch_type` nor `capacity_provider_strategy`, so ECS gives it the cluster's default capacity provider strategy ({}), which it does not accept for DAEMON services",
                    r.address,
                    svc.platform.strategy.join(", ")
                ),
                &["scheduling_strategy"],
            ),
            _ => {}
        }
        if let Some(c @ (DeploymentController::CodeDeploy | DeploymentController::External)) =
            svc.deployment_controller
        {
            let c = c.as_str();
            raise(
                format!(
                    "`{}` is a DAEMON service with the `{c}` deployment controller; daemons support only `ECS` rolling deployments",
                    r.address
                ),
                &["deployment_controller.0.type", "scheduling_strategy"],
            );
        }
        let max = r.get("deployment_maximum_percent").and_then(Value::as_i64);
        // The plan shows the provider default 200 when the attribute is omitted (§1.4): only
        // a value that cannot be that default, or one written in the files, is proof.
        let written = r.attr_locations.contains_key("deployment_maximum_percent");
        if let Some(m) = max.filter(|&m| m != 100 && (m != 200 || written)) {
            // The provider leaves the maximum out when it creates a daemon service, so the
            // value is ignored at first and only a later update sends it: a warning.
            let mut f = META.finding(
                format!(
                    "deployment_maximum_percent {m} on a DAEMON service; daemons accept only 100 (the provider leaves it out when creating the service, and an update that sends it is rejected)"
                ),
                Some(r.address.clone()),
                super::first_written(r, &["deployment_maximum_percent"]),
            );
            f.severity = Severity::Warning;
            out.push(f);
        }
    }
}
