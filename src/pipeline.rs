//! The one place the analysis runs, per model: ECS facts ([`ecs::analyze`]), then capacity
//! and scaling ([`scaling::analyze`]), then the rules ([`rules::run`]). Everything above
//! (the report, the renderers, the bots) reads an [`Analyzed`] and computes nothing.

use crate::ecs::{self, Analysis};
use crate::finding::Finding;
use crate::model::Model;
use crate::settings::Settings;
use crate::{rules, scaling};

/// One model analyzed: its facts and its findings.
pub struct Analyzed<'m> {
    /// The ECS facts (services, task definitions, links, ports, planned changes).
    pub ecs: Analysis<'m>,
    /// Capacity and scaling, per service and per shared pool.
    pub scaling: scaling::Scaling,
    /// The findings, severities and suppressions applied (input problems included).
    pub findings: Vec<Finding>,
}

/// Analyzes one model under its settings.
pub fn analyze<'m>(model: &'m Model, settings: &'m Settings) -> Analyzed<'m> {
    let ecs = ecs::analyze(model, settings);
    let scaling = scaling::analyze(&ecs);
    let findings = rules::run(&ecs, &scaling);
    Analyzed {
        ecs,
        scaling,
        findings,
    }
}
