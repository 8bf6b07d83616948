//! ECS207 `invalid-port-mapping`: a port mapping the ECS API rejects (container port, port
//! range, Service Connect name and app protocol).

use super::meta::RuleMeta;
use super::scope;
use crate::model::containers::{Container, Num, PortMapping, get_ci};
use crate::scaling::Scaling;
use crate::ecs::portmap::{
    PortRange, container_path, containers_by_name, mapping_path, mapping_raw, parse_range,
};
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};
use crate::model::{Resource, Value};
use std::collections::HashMap;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS207",
    name: "invalid-port-mapping",
    severity: Severity::Error,
    summary: "a port mapping has an invalid container port, port range, name or app protocol",
    help: "give every mapping a `containerPort` from 1 to 65535 or a valid `containerPortRange`, and name mappings that set `appProtocol` with unique lowercase names",
    doc: r#"## What it does

Flags port mappings the ECS API rejects:

- no `containerPort` and no `containerPortRange`, or `containerPort = 0`;
- `containerPortRange` in `host` mode (ranges need `bridge` or `awsvpc`), together with a
  `hostPort`, not of the form `"start-end"` with ports 1–65535 and start below end,
  overlapping another range or port of the same container and protocol, or more than 100
  ranges in one container;
- `appProtocol` without a `name`, or other than `http`, `http2` or `grpc`;
- a `name` that is not up to 64 lowercase letters, digits, `_` and `-` (not starting with
  `-`), or that another mapping of the task definition already uses.

## Why is this bad?

`RegisterTaskDefinition` fails ("Invalid 'containerPort' setting for container '<name>'.",
and similar errors for ranges), so `terraform apply` stops. Service Connect resolves a
service's `port_name` against the mapping names, so they must be valid and unique.

## Example

```hcl
resource "aws_ecs_task_definition" "media" {
  family       = "media"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name   = "media"
    image  = "example/media:1"
    memory = 512
    portMappings = [
      { containerPortRange = "10000-10100", hostPort = 10000 }, # error: no hostPort with a range
      { containerPort = 8080, appProtocol = "http" },             # error: appProtocol needs a name
    ]
  }])
}
```

## Known limitations

Two single-port mappings of the same container port are left to `duplicate-host-port`
(ECS204). A range is compared with others only when both protocols are known.

## References

- ecs-networking.md §3.1 (port mapping fields), §3.5, rules PM-05, PM-06, PM-07
- [PortMapping](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
"#,
};

/// At most this many `containerPortRange` mappings per container ([API]).
const MAX_RANGES: usize = 100;

/// `appProtocol` values the API accepts.
const APP_PROTOCOLS: &[&str] = &["http", "http2", "grpc"];

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        let mode = td.explicit_mode();
        let mut names: HashMap<String, String> = HashMap::new();
        for c in containers_by_name(&td.containers) {
            let Ok(pms) = &c.port_mappings else { continue };
            let mut ranges: Vec<(PortRange, &str)> = Vec::new();
            let mut singles: Vec<(u32, &str)> = Vec::new();
            let mut n_ranges = 0;
            for pm in pms {
                let mut push = |msg: String, key: &str| {
                    out.push(META.finding(
                        format!("container `{}`: {msg}", c.label()),
                        Some(r.address.clone()),
                        r.location_of(&mapping_path(c, pm, key)).cloned(),
                    ));
                };
                let proto = pm.protocol.as_deref();
                match &pm.container_port_range {
                    Some(Some(text)) => {
                        n_ranges += 1;
                        if mode == Some(NetworkMode::Host) {
                            push(
                                format!(
                                    "`containerPortRange` `{text}` is not supported in network mode `host`; ranges need `bridge` or `awsvpc`"
                                ),
                                "containerPortRange",
                            );
                        }
                        if matches!(pm.host_port, Num::Known(_)) {
                            push(
                                format!(
                                    "`hostPort` is set together with `containerPortRange` `{text}`; a range takes no `hostPort`"
                                ),
                                "hostPort",
                            );
                        }
                        match parse_range(text) {
                            Err(why) => {
                                push(format!("`containerPortRange` {why}"), "containerPortRange")
                            }
                            Ok(range) => {
                                if let Some(p) = proto {
                                    if let Some(other) = overlap(range, p, &ranges, &singles) {
                                        push(
                                            format!(
                                                "`containerPortRange` `{text}` overlaps {other} of the same container ({p})"
                                            ),
                                            "containerPortRange",
                                        );
                                    }
                                    ranges.push((range, p));
                                }
                            }
                        }
                    }
                    Some(None) => {}
                    None => match &pm.container_port {
                        Num::Absent => push(
                            "a port mapping has neither `containerPort` nor `containerPortRange`"
                                .into(),
                            first_key(c, pm),
                        ),
                        Num::Known(0) => push(
                            "`containerPort` is 0; it must be a port from 1 to 65535".into(),
                            "containerPort",
                        ),
                        Num::Known(p) => {
                            let p = u32::try_from(*p).unwrap_or(0);
                            if let Some(pr) = proto {
                                if let Some((range, _)) =
                                    ranges.iter().find(|(rg, q)| *q == pr && rg.contains(p))
                                {
                                    push(
                                        format!(
                                            "container port {p} ({pr}) is already in `containerPortRange` `{}-{}`; a port may appear in only one mapping",
                                            range.start, range.end
                                        ),
                                        "containerPort",
                                    );
                                }
                                singles.push((p, pr));
                            }
                        }
                        Num::Unknown(_) => {}
                    },
                }
                check_name(r, c, pm, &mut names, out);
            }
            if n_ranges > MAX_RANGES {
                out.push(META.finding(
                    format!(
                        "container `{}` has {n_ranges} `containerPortRange` mappings; at most {MAX_RANGES} are allowed per container",
                        c.label()
                    ),
                    Some(r.address.clone()),
                    r.location_of(&container_path(c, "portMappings")).cloned(),
                ));
            }
        }
    }
}

/// A key of the mapping as written, to point at a mapping that lacks the key at fault
/// (list elements have no location of their own).
fn first_key<'c>(c: &'c Container, pm: &PortMapping) -> &'c str {
    mapping_raw(c, pm)
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next())
        .unwrap_or("")
}

/// The first earlier range or port of `proto` that `range` overlaps, for messages.
fn overlap(
    range: PortRange,
    proto: &str,
    ranges: &[(PortRange, &str)],
    singles: &[(u32, &str)],
) -> Option<String> {
    if let Some((o, _)) = ranges
        .iter()
        .find(|(o, q)| *q == proto && o.overlaps(range))
    {
        return Some(format!("range `{}-{}`", o.start, o.end));
    }
    singles
        .iter()
        .find(|(p, q)| *q == proto && range.contains(*p))
        .map(|(p, _)| format!("container port {p}"))
}

/// Service Connect fields: `appProtocol` needs a `name`; names are well-formed and unique in
/// the task definition (ecs-networking.md §3.1).
fn check_name(
    r: &Resource,
    c: &Container,
    pm: &PortMapping,
    names: &mut HashMap<String, String>,
    out: &mut Vec<Finding>,
) {
    let raw = mapping_raw(c, pm);
    let field = |k: &str| raw.and_then(|m| get_ci(m, k));
    let mut push = |msg: String, key: &str| {
        out.push(META.finding(
            format!("container `{}`: {msg}", c.label()),
            Some(r.address.clone()),
            r.location_of(&mapping_path(c, pm, key)).cloned(),
        ));
    };
    if let Some(Value::String(app)) = field("appProtocol") {
        if matches!(field("name"), None | Some(Value::Null)) {
            push(
                format!("`appProtocol` `{app}` is set on a mapping without a `name`"),
                "appProtocol",
            );
        } else if !APP_PROTOCOLS.contains(&app.as_str()) {
            push(
                format!("`appProtocol` `{app}` is not one of `http`, `http2`, `grpc`"),
                "appProtocol",
            );
        }
    }
    let Some(Value::String(name)) = field("name") else {
        return;
    };
    if let Some(why) = bad_name(name) {
        push(format!("port mapping name `{name}` {why}"), "name");
    } else if let Some(first) = names.get(name) {
        push(
            format!(
                "port mapping name `{name}` is already used by container `{first}`; names must be unique in the task definition"
            ),
            "name",
        );
    } else {
        names.insert(name.clone(), c.label());
    }
}

/// Why a mapping name is malformed: up to 64 lowercase letters, digits, `_` and `-`, not
/// starting with `-` ([API] `PortMapping.name`).
fn bad_name(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 64 {
        Some("must be 1 to 64 characters long")
    } else if name.starts_with('-') {
        Some("must not start with `-`")
    } else if !name
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-')
    {
        Some("may contain only lowercase letters, digits, `_` and `-`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::bad_name;

    #[test]
    fn names() {
        assert_eq!(bad_name("web-http_2"), None);
        assert!(bad_name("Web").is_some());
        assert!(bad_name("-web").is_some());
        assert!(bad_name("").is_some());
        assert!(bad_name(&"a".repeat(65)).is_some());
        assert_eq!(bad_name(&"a".repeat(64)), None);
    }
}
