//! ECS408 `service-discovery-mismatch`: `service_registries` that does not fit the network
//! mode, the platform or the Cloud Map service's record types.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::service_links::{dns_record_types, registry};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, LaunchType, NetworkMode};
use crate::finding::{Finding, Severity};
use crate::model::{Location, Value};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS408",
    name: "service-discovery-mismatch",
    severity: Severity::Error,
    summary: "a service's `service_registries` does not fit its network mode, platform or Cloud Map records",
    help: "bridge/host: give `container_name` and `container_port` and use SRV records; awsvpc: give either `port` or `container_name`+`container_port`, and no `container_port` with A-only records",
    doc: r#"## What it does

Flags the `service_registries` block of an `aws_ecs_service` when:

- the tasks use network mode `none`, or the service runs on external instances (ECS
  Anywhere): service discovery is not supported there;
- the network mode is `bridge` or `host` and `container_name` or `container_port` is missing,
  or the Cloud Map service (`aws_service_discovery_service`) has DNS records but no `SRV`
  record — only SRV records carry the host port;
- the network mode is `awsvpc` and both `port` and `container_port` are set, or the Cloud Map
  service has only `A`/`AAAA` records while `container_port` is set.

## Why is this bad?

`CreateService` rejects these combinations ("When specifying 'host' or 'bridge' for
networkMode, values for 'containerName' and 'containerPort' must be specified from the task
definition.", "Specify a value for either 'port' or the 'containerName' and 'containerPort'
combination, but not both", "The values specified for serviceRegistries do not require a
value for 'containerPort'..."), so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "web" {
  # task definition: network_mode = "bridge"
  service_registries {
    registry_arn = aws_service_discovery_service.web.arn # error: no container_name/container_port
  }
}
```

## Known limitations

The exact error for an A-only Cloud Map service in bridge/host mode is not confirmed.
Windows' default (nat) mode is not checked.

## References

- ecs-networking.md §5.3 (service discovery), §5.7, rules SV-11, SV-12, SV-13
- [ServiceRegistry](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html)
- [Service discovery](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html)
"#,
};

/// A `service_registries` field that holds a value (unknown counts: something is sent).
fn set(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => *n != 0.0,
        Some(_) => true,
    }
}

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let Some(sr) = r
            .get("service_registries")
            .and_then(Value::as_list)
            .and_then(|l| l.first())
        else {
            continue;
        };
        let mut push = |msg: String, at: Option<&Location>| {
            out.push(META.finding(
                format!("`service_registries` of `{}` {msg}", r.address),
                Some(r.address.clone()),
                at.cloned(),
            ));
        };
        let arn_at = r.location_of("service_registries.0.registry_arn");
        if svc.platform.launch_type == Some(LaunchType::External) {
            push(
                "is set but the service runs on external instances, where service discovery is not supported".into(),
                arn_at,
            );
            continue;
        }
        let (name, cport, port) = (
            set(sr.get("container_name")),
            set(sr.get("container_port")),
            set(sr.get("port")),
        );
        let records = registry(&a.index, r)
            .one()
            .map(|i| a.res(i))
            .and_then(|sd| Some((sd, dns_record_types(sd)?)))
            .filter(|(_, t)| !t.is_empty());
        let srv = records.as_ref().map(|(_, t)| t.iter().any(|x| x == "SRV"));
        match svc.network_mode {
            Some(NetworkMode::None) => push(
                "is set but its tasks use network mode `none`, which service discovery does not support".into(),
                arn_at,
            ),
            Some(m @ (NetworkMode::Bridge | NetworkMode::Host)) => {
                if !(name && cport) {
                    push(
                        format!("lacks {}; network mode `{}` needs both to find the host port", missing(name, cport), m.as_str()),
                        arn_at,
                    );
                } else if let (Some(false), Some((sd, types))) = (srv, &records) {
                    push(
                        format!(
                            "uses Cloud Map service `{}` with only {} records; network mode `{}` needs an `SRV` record",
                            sd.address,
                            types.join("/"),
                            m.as_str()
                        ),
                        sd.location_of("dns_config.0.dns_records").or(arn_at),
                    );
                }
            }
            Some(NetworkMode::Awsvpc) => {
                if port && cport {
                    push(
                        "sets both `port` and `container_port`; give either `port` or `container_name` with `container_port`".into(),
                        r.location_of("service_registries.0.port"),
                    );
                } else if let (Some(false), true, Some((sd, types))) = (srv, cport, &records) {
                    push(
                        format!(
                            "sets `container_port` but Cloud Map service `{}` has only {} records, which carry no port",
                            sd.address,
                            types.join("/")
                        ),
                        r.location_of("service_registries.0.container_port"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn missing(name: bool, port: bool) -> &'static str {
    match (name, port) {
        (false, false) => "`container_name` and `container_port`",
        (false, true) => "`container_name`",
        _ => "`container_port`",
    }
}
