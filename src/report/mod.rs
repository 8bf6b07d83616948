//! Rendering: table, json, markdown, sarif, github. Renderers read a [`Report`] only.

mod model;

pub use model::{
    ChangeReport, PortReport, Report, SCHEMA_VERSION, ScalingReport, ServiceReport, Summary,
    TaskDefinitionReport, Tool,
};
