//! Input problems as the front ends and the ECS layer meet them: plain data. The rules layer
//! turns each into a finding of its rule (ECS901–904, `rules::problems`), so nothing below
//! the rules knows rule codes, severities or help texts.

use super::Location;

/// What went wrong while reading or linking an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// An input (or a value in it) cannot be read or parsed (ECS901 `invalid-input`).
    InvalidInput,
    /// A task definition's `container_definitions` is unknown (ECS902).
    UnresolvedContainerDefinitions,
    /// A service's task definition cannot be linked (ECS903).
    UnresolvedTaskDefinition,
    /// A plan and the Terraform root read for its locations disagree (ECS904).
    SourceOutOfDate,
}

/// One input problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// What kind.
    pub kind: ProblemKind,
    /// The fact, lowercase, with the file or address it is about.
    pub message: String,
    /// The resource it is about, when there is one.
    pub subject: Option<String>,
    /// Where to fix it, when known.
    pub location: Option<Location>,
}

impl Problem {
    /// A problem of `kind`.
    pub fn new(
        kind: ProblemKind,
        message: impl Into<String>,
        subject: Option<String>,
        location: Option<Location>,
    ) -> Problem {
        Problem {
            kind,
            message: message.into(),
            subject,
            location,
        }
    }

    /// An input that cannot be read or parsed.
    pub fn invalid_input(
        message: impl Into<String>,
        subject: Option<String>,
        location: Option<Location>,
    ) -> Problem {
        Problem::new(ProblemKind::InvalidInput, message, subject, location)
    }
}
