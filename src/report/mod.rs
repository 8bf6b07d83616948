//! Rendering: table, json, markdown, sarif, github. Renderers read a [`Report`] only.

pub mod github;
pub mod markdown;
mod model;
pub mod sarif;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

pub use model::{
    ChangeReport, PortReport, Report, SCHEMA_VERSION, ScalingReport, ServiceReport, Summary,
    TaskDefinitionReport, Tool,
};
