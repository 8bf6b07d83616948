//! ECS304 `eni-capacity-exceeded`: more awsvpc tasks than the instances' network interfaces
//! can hold.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::scaling::{ServiceScaling, arith};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS304",
    name: "eni-capacity-exceeded",
    severity: Severity::Warning,
    summary: "an awsvpc service on EC2 needs more network interfaces than its instances have",
    help: "raise the Auto Scaling group's `max_size`, use a larger instance type, or enable ENI trunking (`aws_ecs_account_setting_default` `awsvpcTrunking` on a supported type)",
    doc: r#"## What it does

Each awsvpc task on EC2 takes one elastic network interface of its container instance; the
instance's primary interface is not usable. An instance type therefore holds a fixed number
of awsvpc tasks: ENIs − 1 without trunking (c5.large: 2), or ECS's trunking figure with
`awsvpcTrunking` enabled (c5.large: 10). The rule multiplies that by the instances the
capacity providers' Auto Scaling groups allow (`max_size`) and flags a `desired_count` or
auto scaling `max_capacity` above it — and a desired count that fills every slot while
`deployment_minimum_healthy_percent` forbids stopping a task first, so a rolling
deployment cannot place a replacement.

## Why is this bad?

Tasks that find no free interface stay PENDING with the service event "… encountered error
\"RESOURCE:ENI\"", and the service never reaches its desired count or never finishes a
deployment.

## Example

```hcl
resource "aws_launch_template" "ecs" {
  instance_type = "c5.large" # 2 awsvpc tasks without trunking
}

resource "aws_autoscaling_group" "ecs" {
  max_size = 2
  # ...
}

resource "aws_ecs_service" "api" {
  desired_count = 6 # warning: 6 ENIs needed, 2 instances × 2 = 4
  # ...
}
```

## Known limitations

Trunking counts as off unless an `aws_ecs_account_setting_default` in the inputs enables it;
it may have been enabled outside Terraform, hence a warning. ENIs used by other awsvpc
services and daemons on the same instances are not counted. Instance types missing from the
embedded ECS table fall back to the EC2 ENI count.

## References

- ecs-networking.md §4.1 (eni_fit), §4.4, §8, rules SC-04, SC-05
- [ENI trunking](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html)
- aws/aws-app-mesh-examples#342
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted || svc.scheduling != Some(crate::ecs::Scheduling::Replica) {
            continue;
        }
        if !matches!(sc.slots_per_instance.label(), Some("eni" | "eni-trunking")) {
            continue;
        }
        let (Some(per), Some(slots)) = (sc.slots_per_instance.known(), sc.slot_capacity.known())
        else {
            continue;
        };
        let r = a.res(svc.res);
        let fit = fit_phrase(a, sc, per, slots);
        let help = help_for(sc);
        if let Some(d) = sc.demand_over(svc.res, slots) {
            out.push(with_help(
                META.finding(
                    format!(
                        "{} {} needs {} awsvpc network interfaces; {fit}",
                        d.attribute, d.count, d.count
                    ),
                    Some(r.address.clone()),
                    d.location(a),
                ),
                &help,
            ));
        } else if let Some(msg) = deployment_blocked(sc, slots) {
            out.push(with_help(
                META.finding(
                    format!("{msg}; {fit}"),
                    Some(r.address.clone()),
                    super::first_written(
                        r,
                        &["deployment_minimum_healthy_percent", "desired_count"],
                    ),
                ),
                &help,
            ));
        }
    }
}

/// The fix that applies: trunking is only worth suggesting where it is off and the instance
/// type supports it (§4.1, [ENI]).
fn help_for(sc: &ServiceScaling) -> String {
    match (sc.slots_per_instance.label(), sc.eni.trunking_enabled) {
        (Some("eni-trunking"), _) => "raise the Auto Scaling group's `max_size` or use a larger instance type (ENI trunking is already on)".into(),
        (_, true) => "raise the Auto Scaling group's `max_size`, or use a larger instance type that supports ENI trunking (trunking is enabled, but this type cannot use it)".into(),
        _ => META.help.to_string(),
    }
}

fn with_help(mut f: Finding, help: &str) -> Finding {
    f.help = help.to_string();
    f
}

/// "2 instances of `c5.large` hold 2 awsvpc tasks each without ENI trunking (4 in all; …)".
fn fit_phrase(a: &Analysis<'_>, sc: &ServiceScaling, per: u64, slots: u64) -> String {
    let t = sc
        .eni
        .instance_type
        .as_deref()
        .unwrap_or("the instance type");
    let trunk = match (sc.slots_per_instance.label(), sc.eni.trunking_enabled) {
        (Some("eni-trunking"), _) => "with ENI trunking".to_string(),
        (_, true) => format!("without ENI trunking (`{t}` does not support it)"),
        (_, false) => {
            "without ENI trunking (no `aws_ecs_account_setting_default` enables `awsvpcTrunking` in the inputs)"
                .to_string()
        }
    };
    format!(
        "each `{t}` instance holds {per} awsvpc tasks {trunk}, {slots} in all: {}",
        sc.instances_phrase(a).unwrap_or_default()
    )
}

/// A desired count that fills every slot while no task may stop first (§4.4).
fn deployment_blocked(sc: &ServiceScaling, slots: u64) -> Option<String> {
    let s = &sc.summary;
    let (d, max, min) = (
        s.desired_count?,
        s.deployment_maximum_percent?,
        s.deployment_minimum_healthy_percent?,
    );
    let blocked = d > 0
        && !arith::config_deadlock(d, max, min)
        && !arith::can_progress(d, max, min, Some(slots));
    blocked.then(|| {
        format!(
            "desired_count {d} fills every awsvpc slot and deployment_minimum_healthy_percent {min} keeps all {d} tasks running, so a rolling deployment cannot place a replacement"
        )
    })
}
