//! ECS103 `windows-network-mode`: Windows tasks support only the default (nat) and awsvpc modes.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::{Analysis, NetworkMode, Os, Raw};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS103",
    name: "windows-network-mode",
    severity: Severity::Error,
    summary: "a Windows task definition uses a network mode Windows does not support, or names the default mode explicitly",
    help: "omit `network_mode` (Windows then uses its default nat network) or set `network_mode = \"awsvpc\"`",
    doc: r#"## What it does

Flags a task definition whose operating system family is Windows
(`runtime_platform.operating_system_family = "WINDOWS_SERVER_..."`, or a placement
constraint pinning `ecs.os-type == windows`) with `network_mode = "host"` or `"none"`, and
any task definition that writes `network_mode = "default"` or `"nat"`.

## Why is this bad?

Windows containers support only the default network mode (Docker's `nat` network) and
`awsvpc`; `host` and `none` are not supported on Windows, so the tasks cannot run. The
default mode has no API name: the Terraform provider only accepts `awsvpc`, `bridge`, `host`
and `none`, so `"default"` or `"nat"` fails at `terraform plan` — omit the attribute instead.

## Example

```hcl
resource "aws_ecs_task_definition" "iis" {
  family       = "iis"
  network_mode = "host" # error: not supported on Windows
  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
  }
  container_definitions = jsonencode([{ name = "iis", image = "mcr.microsoft.com/windows/servercore/iis", memory = 1024 }])
}
```

Remove `network_mode`, or use `"awsvpc"`.

## Known limitations

`bridge` on Windows is not flagged: recent ECS agents accept it and run the task in the `nat`
network. A Windows AMI chosen only through the capacity provider's launch template is not
detected.

## References

- ecs-networking.md §1.2 (effective OS), §1.3, §2.3, §5.6 (Windows), rules NM-03, NM-04
- [Task networking for EC2](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html)
- [Windows task definitions](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows_task_definitions.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        let Raw::Known(written) = &td.network_mode else {
            continue;
        };
        let message = match NetworkMode::parse(written) {
            // "default"/"nat" parse as Nat but are not values Terraform accepts (§1.3).
            Some(NetworkMode::Nat) => format!(
                "`{}` sets `network_mode = \"{written}\"`, which the AWS provider rejects; Windows' default mode is chosen by omitting `network_mode`",
                r.address
            ),
            Some(m @ (NetworkMode::Host | NetworkMode::None)) if td.os == Some(Os::Windows) => {
                format!(
                    "`{}` runs on Windows but uses network mode `{}`; Windows supports only the default (nat) mode and `awsvpc`",
                    r.address,
                    m.as_str()
                )
            }
            _ => continue,
        };
        out.push(META.finding(
            message,
            Some(r.address.clone()),
            r.location_of("network_mode").cloned(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{InputInfo, InputKind, Mode, Model, Resource, Value};
    use crate::settings::Settings;

    // Terraform rejects these values at plan time, so no plan fixture can hold them; the HCL
    // front end passes them through.
    #[test]
    fn names_the_default_mode_explicitly() {
        let mut m = Model::new(InputInfo {
            kind: InputKind::Hcl,
            path: "x".into(),
            ..InputInfo::default()
        });
        for (name, mode) in [("a", "nat"), ("b", "default"), ("c", "bridge")] {
            let mut r = Resource::new("", Mode::Managed, "aws_ecs_task_definition", name, None);
            r.values = Value::from_json(&serde_json::json!({
                "family": name,
                "network_mode": mode,
                "container_definitions": "[]"
            }));
            m.resources.push(r);
        }
        let settings = Settings::default();
        let a = crate::ecs::analyze(&m, &settings);
        let mut out = Vec::new();
        super::check(&a, &crate::scaling::analyze(&a), &mut out);
        let got: Vec<(&str, bool)> = out
            .iter()
            .map(|f| {
                (
                    f.subject.as_deref().unwrap_or(""),
                    f.message.contains("rejects"),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("aws_ecs_task_definition.a", true),
                ("aws_ecs_task_definition.b", true)
            ]
        );
    }
}
