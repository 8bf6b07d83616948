//! ECS903 `unresolved-task-definition`: a service's task definition cannot be found.

use super::meta::RuleMeta;
use crate::finding::Severity;

/// The rule's metadata. Raised during linking.
pub static META: RuleMeta = RuleMeta {
    code: "ECS903",
    name: "unresolved-task-definition",
    severity: Severity::Note,
    summary: "the task definition of a service is not among the inputs, so its network facts are unknown",
    help: "analyze the module or plan that defines the task definition together with the service, or reference the `aws_ecs_task_definition` resource directly",
    doc: r#"## What it does

Reports a service whose `task_definition` does not lead to an `aws_ecs_task_definition` among
the inputs: it names a family registered elsewhere, comes from a data source or a variable,
or is unknown at plan time without a configuration reference to follow.

## Why is this bad?

Without the task definition, ecsnet cannot tell the network mode, the ports or the scaling
limits of the service. It reports them as unknown rather than guessing.

## Example

```text
$ ecsnet infra/
note[unresolved-task-definition]: task definition `billing:12` of `aws_ecs_service.billing` is not defined in the inputs
```
"#,
};
