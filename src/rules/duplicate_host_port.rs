//! ECS204 `duplicate-host-port`: one host port and protocol mapped twice in a task.

use super::meta::RuleMeta;
use super::scope;
use crate::model::containers::Num;
use crate::scaling::Scaling;
use crate::ecs::portmap::{containers_by_name, host_port, mapping_path};
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};
use std::collections::HashMap;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS204",
    name: "duplicate-host-port",
    severity: Severity::Error,
    summary: "the same host port and protocol is mapped twice in one task",
    help: "give each mapping its own host port (or, in bridge mode, a dynamic one: omit `hostPort`), or drop the duplicate",
    doc: r#"## What it does

Flags a port mapping whose effective host port and protocol are already used by another
mapping of the same task definition (in the same or another container); containers are
compared in name order, so the finding lands on the later container by name. The effective host
port is a non-zero `hostPort`, and in `awsvpc` and `host` mode the `containerPort` itself,
since there the two are the same.

## Why is this bad?

A task owns each host port once. `RegisterTaskDefinition` fails with "TCP host port '3000' is
mapped multiple times in task.", so `terraform apply` stops. In awsvpc mode two containers
of one task share one network interface, so they cannot both listen on the same port.

## Example

```hcl
resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "web", image = "nginx", memory = 256, portMappings = [{ containerPort = 8080 }] },
    { name = "metrics", image = "example/exporter", memory = 128,
      portMappings = [{ containerPort = 8080 }] }, # error: 8080/tcp is already used by `web`
  ])
}
```

## Known limitations

`containerPortRange` mappings are not compared with single ports here; overlapping ranges in
one container are reported by `invalid-port-mapping` (ECS207). Dynamic host ports never
collide and are not checked.

## References

- ecs-networking.md §3.2 (conflicts inside one task definition), rule PM-04
- aws/amazon-ecs-agent#1220 (the error text)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        let mode = td.explicit_mode();
        if mode == Some(NetworkMode::None) {
            continue;
        }
        // Omitted or unknown: a written hostPort occupies the host in every mode but none.
        let mode = mode.unwrap_or(NetworkMode::Bridge);
        let mut seen: HashMap<(u32, &str), String> = HashMap::new();
        let pairs = containers_by_name(&td.containers)
            .into_iter()
            .flat_map(|c| {
                c.port_mappings
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(move |pm| (c, pm))
            });
        for (c, pm) in pairs {
            if pm.container_port_range.is_some() {
                continue;
            }
            let (Some(port), Some(proto)) = (host_port(pm, Some(mode)).port(), pm.protocol.as_deref())
            else {
                continue;
            };
            let label = c.label();
            match seen.get(&(port, proto)) {
                None => {
                    seen.insert((port, proto), label);
                }
                Some(first) => {
                    let key = if matches!(pm.host_port, Num::Known(h) if h > 0) {
                        "hostPort"
                    } else {
                        "containerPort"
                    };
                    let whose = if *first == label {
                        "another mapping of the same container".to_string()
                    } else {
                        format!("container `{first}`")
                    };
                    out.push(META.finding(
                        format!(
                            "host port {port}/{proto} of container `{label}` is already mapped by {whose}; a task can map a host port only once"
                        ),
                        Some(r.address.clone()),
                        r.location_of(&mapping_path(c, pm, key)).cloned(),
                    ));
                }
            }
        }
    }
}
