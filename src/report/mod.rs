//! The report model (the JSON contract) and one renderer file per output format (table,
//! compact, json, markdown, sarif, github, gitlab, junit). Renderers read a [`Report`] only.

mod build;
pub mod compact;
pub mod github;
pub mod gitlab;
mod json;
pub mod junit;
pub mod markdown;
mod model;
pub mod paths;
mod pools;
pub mod sarif;
pub mod saved;
pub mod table;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

pub use build::{Builder, Part, part};
pub use json::render_json;
pub use model::{
    ChangeReport, LoadReport, OverrideReport, PoolReport, PortReport, Report, ResourceLimitReport,
    ResourcesReport, SCHEMA_VERSION, ScalingReport, ServiceReport, Summary, TaskDefinitionReport,
    Tool,
};
pub use table::render_table;
