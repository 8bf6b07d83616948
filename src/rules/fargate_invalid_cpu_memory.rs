//! ECS108 `fargate-invalid-cpu-memory`: a Fargate task definition needs task-level `cpu` and
//! `memory` forming a valid Fargate size.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::fargate::{invalid_pair, parse_cpu, parse_memory};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, LaunchType, Os};
use crate::finding::{Finding, Severity};
use crate::model::{Resource, Value};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS108",
    name: "fargate-invalid-cpu-memory",
    severity: Severity::Error,
    summary: "a Fargate task definition lacks task-level cpu or memory, or their pair is not a Fargate size",
    help: "set task-level `cpu` and `memory` to a supported Fargate pair, e.g. `cpu = 256` with `memory = 512`, 1024 or 2048",
    doc: r#"## What it does

For a task definition that lists `FARGATE` in `requires_compatibilities`, or that a service
runs on Fargate, flags a missing task-level `cpu` or `memory`, and a pair Fargate does not
offer. Valid pairs (CPU units → MiB): 256 → 512, 1024, 2048; 512 → 1024–4096;
1024 → 2048–8192; 2048 → 4096–16384; 4096 → 8192–30720 (all in 1024 steps);
8192 → 16384–61440 (4096 steps); 16384 → 32768–122880 (8192 steps). Windows tasks need at
least 1024 units. `"1 vCPU"` and `"2 GB"` spellings are understood.

## Why is this bad?

Fargate sizes tasks from the task-level values: `RegisterTaskDefinition` fails with
"Fargate requires that 'cpu' be defined at the task level." (or 'memory'), or with "No
Fargate configuration exists for given values.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 512 # error: 512 CPU units need 1024–4096 MiB
  container_definitions    = jsonencode([{ name = "api", image = "example/api:1" }])
}
```

## Known limitations

The 8192 and 16384 sizes need Linux platform version 1.4.0 or later; the platform version
is not checked. Unknown values (variables without a value) are not checked.

## References

- ecs-networking.md §5.5 (Fargate sizes), rule SV-18
- [RegisterTaskDefinition: cpu and memory](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html)
"#,
};

/// A task-level size: absent, known text, or unknown/unparseable (silent).
enum Size {
    Absent,
    Known(String),
    Other,
}

fn size(r: &Resource, key: &str) -> Size {
    match r.get(key) {
        None | Some(Value::Null) => Size::Absent,
        Some(Value::String(s)) if s.is_empty() => Size::Absent,
        Some(Value::String(s)) => Size::Known(s.clone()),
        Some(Value::Number(n)) if n.fract() == 0.0 => Size::Known(format!("{n}")),
        _ => Size::Other,
    }
}

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for t in scope::for_platform(a, LaunchType::Fargate) {
        let who = t.describe(LaunchType::Fargate);
        let (cpu, memory) = (size(t.res, "cpu"), size(t.res, "memory"));
        for (key, v) in [("cpu", &cpu), ("memory", &memory)] {
            if matches!(v, Size::Absent) {
                out.push(META.finding(
                    format!("{who} but has no task-level `{key}`; Fargate requires it"),
                    Some(t.subject.clone()),
                    t.res.location_of(key).cloned(),
                ));
            }
        }
        let (Size::Known(c), Size::Known(m)) = (&cpu, &memory) else {
            continue;
        };
        let (Some(cu), Some(mib)) = (parse_cpu(c), parse_memory(m)) else {
            continue;
        };
        let windows = t.td.os == Some(Os::Windows);
        if let Some(why) = invalid_pair(cu, mib, windows) {
            let at = if crate::ecs::fargate::memory_range(cu).is_none() || (windows && cu < 1024) {
                "cpu"
            } else {
                "memory"
            };
            out.push(META.finding(
                format!("{who} but {why}"),
                Some(t.subject.clone()),
                t.res.location_of(at).cloned(),
            ));
        }
    }
}
