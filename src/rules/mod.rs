//! Rules: one file per rule, each describing itself with a [`RuleMeta`]; the registry lists
//! them all.

mod meta;

pub mod invalid_input;
pub mod unresolved_container_definitions;
pub mod unresolved_task_definition;

pub use meta::RuleMeta;
