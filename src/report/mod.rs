//! Rendering: table, json, markdown, sarif, github. Renderers read a [`Report`] only.

mod build;
mod json;
mod model;
mod table;
pub mod text;

pub use build::build;
pub use json::render_json;
pub use model::{
    ChangeReport, PortReport, Report, SCHEMA_VERSION, ScalingReport, ServiceReport, Summary,
    TaskDefinitionReport, Tool,
};
pub use table::render_table;
