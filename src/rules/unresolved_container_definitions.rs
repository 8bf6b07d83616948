//! ECS902 `unresolved-container-definitions`: container definitions unknown before apply.

use super::meta::RuleMeta;
use crate::finding::Severity;

/// The rule's metadata. Raised during analysis when a task definition's containers are unknown.
pub static META: RuleMeta = RuleMeta {
    code: "ECS902",
    name: "unresolved-container-definitions",
    severity: Severity::Note,
    summary: "container definitions cannot be resolved before apply, so their ports are unknown",
    help: "make the values inside `container_definitions` known at plan time (variables with values, locals, files inside the repository), or accept that port checks are skipped",
    doc: r#"## What it does

Reports a task definition whose `container_definitions` ecsnet cannot resolve: in a plan, any
unknown value inside `jsonencode(...)` makes Terraform blank the whole string; in HCL, a
variable without a value, a data source, or a file outside the analyzed root leaves it
unknown. The message names the value that was unknown.

## Why is this bad?

Port strategy, host-port conflicts and scaling limits all come from the container
definitions. Other tools report such a task definition as passing; ecsnet says that it could
not check it, and why, instead of guessing.

## Example

```text
$ terraform show -json plan.out | ecsnet
note[unresolved-container-definitions]: `container_definitions` of `aws_ecs_task_definition.app` is unknown: known after apply
```
"#,
};
