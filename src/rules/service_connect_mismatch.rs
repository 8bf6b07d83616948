//! ECS409 `service-connect-mismatch`: Service Connect names a port mapping the task definition
//! does not have, or runs where Service Connect is not supported.

use super::meta::RuleMeta;
use super::scope;
use crate::model::containers::get_ci;
use crate::scaling::Scaling;
use crate::ecs::portmap::{containers, mapping_raw};
use crate::ecs::{Analysis, LaunchType, NetworkMode, Os, TaskDefFacts};
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS409",
    name: "service-connect-mismatch",
    severity: Severity::Error,
    summary: "a service's Service Connect configuration names a missing port mapping or runs where Service Connect is not supported",
    help: "make every `service.port_name` equal to a `name` in the task definition's `portMappings`, and run Service Connect services on Linux in `awsvpc` or `bridge` mode, not on external instances",
    doc: r#"## What it does

Flags an `aws_ecs_service` with `service_connect_configuration { enabled = true }` when:

- a `service.port_name` matches no `portMappings[].name` of the task definition;
- its tasks use network mode `host` or `none` (Service Connect supports `awsvpc` and
  `bridge`);
- the task definition is for Windows, or the service runs on external instances.

## Why is this bad?

Service Connect resolves `port_name` against the named port mappings and injects a proxy
that needs `awsvpc` or `bridge` networking on Linux. `CreateService` rejects the service
(for Windows: "Unsupported operating system in task definition. Please choose Linux"), so
`terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "api" {
  # task definition: portMappings = [{ containerPort = 8080, name = "http" }]
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.main.arn
    service {
      port_name = "api" # error: no port mapping named "api"
    }
  }
}
```

## Known limitations

A task definition that omits `network_mode` (bridge on Linux) is not flagged, although
Service Connect has been reported to fail unless the mode is set explicitly.

## References

- ecs-networking.md §3.1 (`name`), §5.4 (Service Connect), rules SV-14, SV-15
- [ServiceConnectService](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html)
- [Service Connect](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html)
"#,
};

/// The port mapping names of a task definition; `None` when any could be unknown.
fn mapping_names(td: &TaskDefFacts) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for c in containers(&td.containers)? {
        for pm in c.port_mappings.as_ref().ok()? {
            match mapping_raw(c, pm).and_then(|m| get_ci(m, "name")) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => out.push(s.clone()),
                Some(_) => return None,
            }
        }
    }
    Some(out)
}

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        if r.get("service_connect_configuration.0.enabled") != Some(&Value::Bool(true)) {
            continue;
        }
        let Some(td) = a.td_of(svc) else { continue };
        let tdr = a.res(td.res);
        let mut push = |msg: String, at: Option<&crate::model::Location>| {
            out.push(META.finding(
                format!("`{}` enables Service Connect but {msg}", r.address),
                Some(r.address.clone()),
                at.cloned(),
            ));
        };
        if svc.platform.launch_type == Some(LaunchType::External) {
            push(
                "runs on external instances, where Service Connect is not supported".into(),
                r.location_of("service_connect_configuration.0.enabled"),
            );
        }
        if td.os == Some(Os::Windows) {
            push(
                format!(
                    "`{}` is a Windows task definition; Service Connect supports only Linux",
                    tdr.address
                ),
                r.location_of("service_connect_configuration.0.enabled"),
            );
        } else if let Some(m @ (NetworkMode::Host | NetworkMode::None)) = svc.network_mode {
            push(
                format!(
                    "`{}` uses network mode `{}`; Service Connect needs `awsvpc` or `bridge`",
                    tdr.address,
                    m.as_str()
                ),
                tdr.location_of("network_mode"),
            );
        }
        let Some(names) = mapping_names(td) else {
            continue;
        };
        let services = r
            .get("service_connect_configuration.0.service")
            .and_then(Value::as_list)
            .unwrap_or_default();
        for (i, s) in services.iter().enumerate() {
            let Some(port_name) = s.get("port_name").and_then(Value::as_str) else {
                continue;
            };
            if names.iter().any(|n| n == port_name) {
                continue;
            }
            let have = if names.is_empty() {
                "no named port mappings".to_string()
            } else {
                let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                format!("only {}", q.join(", "))
            };
            push(
                format!(
                    "`port_name` `{port_name}` matches no port mapping name of `{}`, which has {have}",
                    tdr.address
                ),
                r.location_of(&format!(
                    "service_connect_configuration.0.service.{i}.port_name"
                )),
            );
        }
    }
}
