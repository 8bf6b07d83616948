//! ECS208 `static-port-budget-exceeded`: more static host ports than an instance may reserve.

use super::meta::RuleMeta;
use crate::ecs::host_ports::task_host_ports;
use crate::scaling::Scaling;
use crate::ecs::{Analysis, Os};
use crate::finding::{Finding, Severity};

/// The most host ports one container instance can reserve, the agent's own included (§3.4).
const RESERVED_PORTS_PER_INSTANCE: usize = 100;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS208",
    name: "static-port-budget-exceeded",
    severity: Severity::Error,
    summary: "a task reserves more static host ports than a container instance can hold",
    help: "map most ports dynamically (`hostPort` 0 or omitted, or a `containerPortRange`) or use awsvpc mode",
    doc: r#"## What it does

Counts the static host ports one task reserves (bridge `hostPort`s and host-mode ports,
each port/protocol once) and flags a task definition that needs more than a container
instance can reserve: 100 ports including the agent's own (5 on Linux, so 95 are left;
11 on Windows, so 89).

## Why is this bad?

ECS refuses to register more than 100 reserved ports on an instance ("Too many ports
registered"), so the task can never be placed on any instance. A bridge task with 400 static
mappings that could not be placed anywhere is a real report (aws/amazon-ecs-agent#2078).

## Example

```hcl
container_definitions = jsonencode([{
  name  = "sip"
  image = "example/sip:3"
  memory = 512
  # error: 101 static host ports; an instance can reserve 95 besides the agent's own
  portMappings = [for p in range(10000, 10101) : { containerPort = p, hostPort = p, protocol = "udp" }]
}])
```

Use a `containerPortRange` (dynamic host ports) or awsvpc mode instead.

## Known limitations

Static ports of other services on the same instance also count against the budget; only
the task's own ports are counted here.

## References

- ecs-networking.md §3.4 (the 100-port budget), §3.5, rule PM-10
- [Task definition parameters: port mappings](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for t in task_host_ports(a) {
        let reserved = match t.os {
            Some(Os::Windows) => a.settings.reserved_ports_windows.len(),
            Some(Os::Linux) => a.settings.reserved_ports.len(),
            None => continue,
        };
        let budget = RESERVED_PORTS_PER_INSTANCE.saturating_sub(reserved);
        let mut distinct: Vec<(u32, &str)> = t
            .ports
            .iter()
            .filter_map(|p| Some((p.host_port?, p.protocol.as_str())))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() <= budget {
            continue;
        }
        let r = a.res(a.task_definitions[t.td].res);
        out.push(META.finding(
            format!(
                "a task of `{}` reserves {} static host ports; an instance can reserve {RESERVED_PORTS_PER_INSTANCE} including the agent's {reserved}, so at most {budget} are left",
                r.address,
                distinct.len()
            ),
            Some(r.address.clone()),
            r.location_of("container_definitions").cloned(),
        ));
    }
}
