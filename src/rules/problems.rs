//! Input problems into findings: the front ends and the ECS layer record what they could not
//! read or link as plain [`Problem`]s; here each becomes a finding of its rule (ECS901–904).

use super::{
    invalid_input, source_out_of_date, unresolved_container_definitions, unresolved_task_definition,
};
use crate::finding::Finding;
use crate::model::{Problem, ProblemKind};

/// The rule that reports a kind of problem.
pub fn meta_of(kind: ProblemKind) -> &'static super::RuleMeta {
    match kind {
        ProblemKind::InvalidInput => &invalid_input::META,
        ProblemKind::UnresolvedContainerDefinitions => &unresolved_container_definitions::META,
        ProblemKind::UnresolvedTaskDefinition => &unresolved_task_definition::META,
        ProblemKind::SourceOutOfDate => &source_out_of_date::META,
    }
}

/// The finding that reports a problem, at its rule's default severity.
pub fn finding(p: &Problem) -> Finding {
    meta_of(p.kind).finding(p.message.clone(), p.subject.clone(), p.location.clone())
}
