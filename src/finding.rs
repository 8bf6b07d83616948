//! Findings: what rules (and front ends, for input problems) report.

use crate::model::Location;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build unless `--fail-on note`.
    Note,
    /// A deployment or scaling risk.
    Warning,
    /// AWS will reject it, or tasks cannot be placed.
    Error,
}

impl Severity {
    /// The lowercase name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `note`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" | "info" => Some(Severity::Note),
            _ => None,
        }
    }
}

/// One finding, as it appears in the report (`findings[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule code, `ECS101`.
    pub code: &'static str,
    /// The rule slug, `fargate-requires-awsvpc`.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// The fact, lowercase, no trailing period, numbers that prove it.
    pub message: String,
    /// The address of the resource the finding is about (`None` for file-level problems).
    pub subject: Option<String>,
    /// The line to change, when the source is known.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: String,
    /// Further places that matter (the module call of a resource inside a module, the
    /// variable a value came from).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// Set when an inline `ecsnet:ignore` or the configuration suppressed it; the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    /// A key that survives line moves and changed numbers (code, subject or file, message
    /// without digits): what `--baseline` and SARIF's `partialFingerprints` match on.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Already in the `--baseline` report: not shown, never fails the run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_baseline: bool,
    /// Plan input: whether the plan changes the resource the finding is about (or one it
    /// names). `false`: "already there"; with `--fail-on-changed-only` it does not fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_by_plan: Option<bool>,
}

impl Finding {
    /// A stable key for a finding across runs: FNV-1a 64 of the code, the subject (or the
    /// file when there is none) and the message with its digits removed, so that a finding
    /// whose numbers change ("needs 12 tasks" → "needs 13 tasks") or whose line moves keeps
    /// its key (SARIF `partialFingerprints`, `--baseline`).
    pub fn stable_key(&self) -> String {
        let subject = match (&self.subject, &self.location) {
            (Some(s), _) => s.as_str(),
            (None, Some(l)) => &l.file,
            (None, None) => "",
        };
        let message: String = self
            .message
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.code, subject, message.as_str()] {
            for b in part.bytes().chain(std::iter::once(0)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }
}

/// A count with thousands separators: `28,232`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
