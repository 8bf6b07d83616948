//! ECS104 `links-require-bridge`: container `links` work only in the bridge network mode.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::portmap::{container_path, containers};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS104",
    name: "links-require-bridge",
    severity: Severity::Error,
    summary: "a container uses `links` in a network mode other than bridge",
    help: "remove `links`: in awsvpc mode containers of a task reach each other on `localhost`; in host mode on the instance's ports",
    doc: r#"## What it does

Flags a container definition with a non-empty `links` list in a task definition whose
`network_mode` is written as `awsvpc`, `host` or `none`.

## Why is this bad?

Docker links exist only on the bridge network. `RegisterTaskDefinition` rejects them in
awsvpc mode ("Links are not supported when networkMode=awsvpc"), and they are not supported
in host or none mode (nor on Windows or Fargate), so `terraform apply` fails or the link does
nothing.

## Example

```hcl
resource "aws_ecs_task_definition" "app" {
  family       = "app"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "app", image = "example/app:1", memory = 256, links = ["cache"] }, # error
    { name = "cache", image = "redis:7", memory = 256 },
  ])
}
```

Drop `links`; the app reaches the cache on `localhost:6379`.

## Known limitations

Only an explicit `network_mode` is checked; links in a Windows task definition that omits it
are not flagged.

## References

- ecs-networking.md §2.2 (field compatibility by mode), rule NM-06
- [Task definition parameters — network settings](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        let Some(mode) = td.explicit_mode().filter(|m| *m != NetworkMode::Bridge) else {
            continue;
        };
        for c in containers(&td.containers).unwrap_or_default() {
            let Some(links) = c.field("links").and_then(Value::as_list) else {
                continue;
            };
            if links.is_empty() {
                continue;
            }
            let names: Vec<String> = links
                .iter()
                .map(|l| {
                    l.as_str()
                        .map_or_else(|| "?".to_string(), |s| format!("`{s}`"))
                })
                .collect();
            out.push(META.finding(
                format!(
                    "container `{}` links to {} but the task uses network mode `{}`; links work only in `bridge` mode",
                    c.label(),
                    names.join(", "),
                    mode.as_str()
                ),
                Some(r.address.clone()),
                r.location_of(&container_path(c, "links")).cloned(),
            ));
        }
    }
}
