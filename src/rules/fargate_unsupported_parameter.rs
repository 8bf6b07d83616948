//! ECS107 `fargate-unsupported-parameter`: a Fargate task definition uses a parameter Fargate
//! does not support.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::fargate::unsupported_in;
use crate::scaling::Scaling;
use crate::ecs::portmap::{container_path, containers};
use crate::ecs::{Analysis, LaunchType};
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS107",
    name: "fargate-unsupported-parameter",
    severity: Severity::Error,
    summary: "a Fargate task definition uses a parameter Fargate does not support",
    help: "remove the parameter from the task definition, or run the tasks on EC2",
    doc: r#"## What it does

For a task definition that lists `FARGATE` in `requires_compatibilities`, or that a service
runs on Fargate, flags the parameters Fargate does not support:

- container definitions: `disableNetworking` or `privileged` set to `true`; a non-empty
  `dnsServers`, `dnsSearchDomains`, `dockerSecurityOptions`, `extraHosts` or `links`;
  `linuxParameters.maxSwap` or `linuxParameters.swappiness`; a `GPU` entry in
  `resourceRequirements`;
- the task definition: `ipc_mode`, `pid_mode = "host"`, and `placement_constraints`.

## Why is this bad?

`RegisterTaskDefinition` rejects a Fargate task definition with these parameters (for
example "Tasks using the Fargate launch type do not support ipcMode."), and `CreateService`
rejects a Fargate service whose task definition is not Fargate-compatible, so
`terraform apply` fails.

## Example

```hcl
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  ipc_mode                 = "task" # error
  container_definitions = jsonencode([{
    name       = "api"
    image      = "example/api:1"
    privileged = true # error
  }])
}
```

## Known limitations

`systemControls` is not flagged: Fargate now accepts namespaced kernel parameters. Linux
capabilities beyond `SYS_PTRACE` and platform-version-specific limits are not checked.

## References

- ecs-networking.md §2.2 (Fargate-invalid list), §5.5, rule NM-10
- [Fargate task definition considerations](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AWS_Fargate.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for t in scope::for_platform(a, LaunchType::Fargate) {
        let who = t.describe(LaunchType::Fargate);
        let mut push = |what: String, path: &str| {
            out.push(META.finding(
                format!("{who} but {what}, which Fargate does not support"),
                Some(t.subject.clone()),
                t.res.location_of(path).cloned(),
            ));
        };
        if let Some(Value::String(m)) = t.res.get("ipc_mode")
            && !m.is_empty()
        {
            push(format!("sets `ipc_mode = \"{m}\"`"), "ipc_mode");
        }
        if t.res.get("pid_mode").and_then(Value::as_str) == Some("host") {
            push("sets `pid_mode = \"host\"`".into(), "pid_mode");
        }
        if let Some(l) = t.res.get("placement_constraints").and_then(Value::as_list)
            && !l.is_empty()
        {
            push(
                format!("has {} task-level `placement_constraints`", l.len()),
                "placement_constraints",
            );
        }
        for c in containers(&t.td.containers).unwrap_or_default() {
            for u in unsupported_in(c) {
                push(
                    format!("container `{}` sets `{}`", c.label(), u.field),
                    &container_path(c, &u.path),
                );
            }
        }
    }
}
