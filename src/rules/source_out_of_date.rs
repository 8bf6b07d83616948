//! ECS904 `source-out-of-date`: the Terraform source given for a plan disagrees with it.

use super::meta::RuleMeta;
use crate::finding::Severity;

/// The rule's metadata. Raised while attaching source locations to a plan.
pub static META: RuleMeta = RuleMeta {
    code: "ECS904",
    name: "source-out-of-date",
    severity: Severity::Note,
    summary: "the Terraform source of a plan disagrees with the plan, so its lines are not shown",
    help: "run ecsnet on the plan made from the checked-out source, or point `--source` at the directory the plan was made from",
    doc: r#"## What it does

When ecsnet analyzes a plan with its Terraform source (`--source DIR`, or the current
directory when it holds `.tf` files), it reads the source only to find the line of each
resource, attribute and container port. If a fact that analysis uses (network mode, desired
count, launch type, container ports, ...) is known on both sides and differs, the source was
edited after the plan was made: ecsnet reports this note and shows no source locations for
that resource rather than pointing at lines that say something else. The values always come
from the plan.

## Why is this bad?

An annotation on the wrong line, or on a line that no longer says what the finding claims,
misleads the reviewer more than no annotation at all.

## Example

```text
$ ecsnet plan.json --source infra/
aws_ecs_service.web: note[source-out-of-date]: `aws_ecs_service.web` differs between the plan and its source: `desired_count` is `3` in the plan but `4` in the source; its locations are not shown
```
"#,
};
