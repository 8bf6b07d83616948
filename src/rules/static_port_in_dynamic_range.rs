//! ECS206 `static-port-in-dynamic-range`: a static host port inside the range the agent
//! hands out as dynamic host ports.

use super::meta::RuleMeta;
use crate::ecs::host_ports::{port_path, task_host_ports};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, Os};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS206",
    name: "static-port-in-dynamic-range",
    severity: Severity::Warning,
    summary: "a static host port lies inside the dynamic (ephemeral) host port range",
    help: "choose a static host port below the dynamic range (below 32768 on Linux, 49152 on Windows) or use a dynamic host port",
    doc: r#"## What it does

Flags a static host port (bridge mode `hostPort`, or a host-mode port) inside the range the
ECS agent assigns dynamic host ports from: 32768–60999 on Linux (the kernel's
`ip_local_port_range` on ECS-optimized AMIs) and 49152–65535 on Windows. Set
`dynamic_port_range` / `windows_dynamic_port_range` in `ecsnet.toml` or
`--dynamic-port-range` when your instances set `ECS_DYNAMIC_HOST_PORT_RANGE`.

## Why is this bad?

Dynamic ports of other tasks on the same instance are picked from that range. When one of
them takes your static port first, this task cannot be placed there (or fails to start),
and the collision depends on timing. AWS advises keeping static host ports outside the
ephemeral range.

## Example

```hcl
container_definitions = jsonencode([{
  name         = "metrics"
  image        = "example/exporter:2"
  memory       = 128
  portMappings = [{ containerPort = 9100, hostPort = 40000 }] # warning: 40000 is dynamic
}])
```

Use `hostPort = 9100` (below 32768) instead.

## Known limitations

Reserved agent ports inside the range (51678, 51679) are reported by `reserved-host-port`
instead.

## References

- ecs-networking.md §3.3 (the dynamic host port range), rule PM-09
- [PortMapping `hostPort`](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    let s = a.settings;
    for t in task_host_ports(a) {
        let (range, reserved, os) = match t.os {
            Some(Os::Windows) => (
                s.dynamic_port_range_windows,
                &s.reserved_ports_windows,
                "Windows",
            ),
            Some(Os::Linux) => (s.dynamic_port_range_linux, &s.reserved_ports, "Linux"),
            None => continue,
        };
        let r = a.res(a.task_definitions[t.td].res);
        for p in &t.ports {
            let Some(host) = p.host_port else { continue };
            let in_range = (range.0..=range.1).contains(&host);
            if !in_range || (p.protocol == "tcp" && reserved.contains(&host)) {
                continue;
            }
            out.push(META.finding(
                format!(
                    "static host port `{host}` of container `{}` is inside the dynamic host port range {}-{} of {os} instances; a dynamic port of another task can take it first",
                    p.container, range.0, range.1
                ),
                Some(r.address.clone()),
                r.location_of(&port_path(p)).cloned(),
            ));
        }
    }
}
