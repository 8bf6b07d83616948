//! Rule metadata: the one description each rule gives of itself, from which the registry,
//! `ecsnet rules`, `docs/rules/*.md` and SARIF rule entries are derived.

use crate::finding::{Finding, Severity};
use crate::model::Location;

/// What a rule is. Codes and slugs are a contract: other tools read them.
#[derive(Debug)]
pub struct RuleMeta {
    /// `ECS101`.
    pub code: &'static str,
    /// `fargate-requires-awsvpc`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line, lowercase, no trailing period.
    pub summary: &'static str,
    /// Markdown with exactly `## What it does`, `## Why is this bad?`, `## Example`, and
    /// optionally `## Known limitations` and `## References` (cite ecs-networking sections).
    pub doc: &'static str,
    /// The fix, in general terms (a finding may give a more specific one).
    pub help: &'static str,
}

impl RuleMeta {
    /// A finding of this rule at its default severity.
    pub fn finding(
        &'static self,
        message: impl Into<String>,
        subject: Option<String>,
        location: Option<Location>,
    ) -> Finding {
        Finding {
            code: self.code,
            rule: self.name,
            severity: self.severity,
            message: message.into(),
            subject,
            location,
            help: self.help.to_string(),
            related: Vec::new(),
            suppressed: None,
            fingerprint: String::new(),
            in_baseline: false,
            changed_by_plan: None,
        }
    }
}
