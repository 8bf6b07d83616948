//! ECS901 `invalid-input`: an input could not be read or parsed.

use super::meta::RuleMeta;
use crate::finding::Severity;

/// The rule's metadata. Raised by the front ends, not by a check.
pub static META: RuleMeta = RuleMeta {
    code: "ECS901",
    name: "invalid-input",
    severity: Severity::Error,
    summary: "an input file cannot be read or parsed",
    help: "correct the input at the reported position (a syntax error, a value of the wrong type, a path that does not exist or is refused), or leave it out of the inputs",
    doc: r#"## What it does

Reports an input that ecsnet could not read: a file that does not exist, is not UTF-8, is not
valid JSON or HCL, is JSON but neither a Terraform plan nor a state, or holds a value of the
wrong type where ECS analysis needs one (for example a port given as a string, or a
`container_definitions` that is not a JSON list). The message carries the file, line and
column of the problem.

## Why is this bad?

What cannot be read cannot be checked. ecsnet reports the problem, keeps analyzing every other
input, and exits with code 2 so a CI job does not pass on a partial analysis.

## Example

```text
$ ecsnet broken.json
broken.json:3:14: error[invalid-input]: expected `,` or `}` at line 3 column 14
```
"#,
};
