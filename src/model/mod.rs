//! The normalized, source-independent model: resource instances with values, locations and
//! configuration references. Front ends (`input::plan`, `input::hcl`) build it; analysis
//! reads it and never asks where it came from.

pub mod containers;
pub mod encoding;
mod hash;
mod map;
pub mod overrides;
mod problem;
pub mod refs;
mod resource;
mod value;

pub use hash::{FastMap, FastSet};
pub use map::{Key, Map};
pub use problem::{Problem, ProblemKind};
pub use resource::{CallerReference, Change, InstanceKey, Mode, Resolved, Resource};
pub use value::{Unknown, Value};

/// The reason a plan gives every value Terraform marks unknown (`after_unknown`).
pub const KNOWN_AFTER_APPLY: &str = "known after apply";

use serde::{Deserialize, Serialize};

/// A position in a source file; 1-based line and column (columns count Unicode scalar values),
/// and where the source has one, the end of the region (exclusive, as SARIF's `endColumn`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Path relative to the analyzed root (or as given on the command line). Shared: a
    /// model holds one location per attribute, most of them in a few files.
    pub file: std::sync::Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The line the region ends on (`None`: only the start is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// The column after the region's last character, on `end_line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

impl Location {
    /// A location with only a start.
    pub fn new(file: impl Into<std::sync::Arc<str>>, line: u32, column: u32) -> Location {
        Location {
            file: file.into(),
            line,
            column,
            end_line: None,
            end_column: None,
        }
    }

    /// The same location ending at `line`:`column` (exclusive).
    pub fn ending_at(mut self, line: u32, column: u32) -> Location {
        self.end_line = Some(line);
        self.end_column = Some(column);
        self
    }
}

/// What kind of input a model came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// `terraform show -json plan.out`.
    #[default]
    Plan,
    /// `terraform show -json` of a state.
    State,
    /// A directory (or files) of Terraform configuration.
    Hcl,
}

/// One analyzed input, as listed in the report's `inputs`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputInfo {
    /// Its kind.
    pub kind: InputKind,
    /// The path as given (`-` for stdin).
    pub path: String,
    /// Plan and state only: the Terraform directory read for file:line locations, and why
    /// that one (`--source`, `working directory`, `plan directory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceUsed>,
    /// Terraform directories: module calls whose remote source is not on disk (no
    /// `terraform init` ran), as `module.ecs ("terraform-aws-modules/ecs/aws")`; the resources
    /// they declare are not analyzed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules_not_loaded: Vec<String>,
    /// The `ecsnet.toml` that applied to this input, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

/// `inputs[].source`: which Terraform root gave a plan its file:line locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceUsed {
    /// The directory as it would be typed.
    pub path: String,
    /// `flag` (`--source`), `working-directory` or `plan-directory`.
    pub chosen_by: String,
}

/// Everything one input yields: resource instances plus the problems met while reading it.
/// Linking never crosses models: two plans may both hold `aws_ecs_service.web`.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it came from.
    pub input: InputInfo,
    /// Every resource instance of a type ECS analysis reads (see [`is_relevant_type`]).
    pub resources: Vec<Resource>,
    /// Problems met while reading it (the rules layer reports them as ECS901/904).
    pub problems: Vec<Problem>,
    /// Nothing of the input could be read (missing, not JSON, no parsable Terraform file):
    /// a run where every input is so analyzed nothing (exit 2, DESIGN.md).
    pub unreadable: bool,
    /// Plan input: the blocks the plan's `configuration` declares in the root module
    /// (`aws_ecs_service.web`, `data.aws_vpc.main`, `module.ecs`), to tell which directory of
    /// `.tf` files the plan was made from.
    pub root_blocks: Vec<String>,
}

impl Model {
    /// An empty model for `input`.
    pub fn new(input: InputInfo) -> Self {
        Model {
            input,
            resources: Vec::new(),
            problems: Vec::new(),
            unreadable: false,
            root_blocks: Vec::new(),
        }
    }
}

/// Resource types ECS analysis reads; front ends may skip every other type (plans of
/// 100,000 resources are mostly unrelated).
pub const RELEVANT_TYPES: &[&str] = &[
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_ecs_cluster",
    "aws_ecs_cluster_capacity_providers",
    "aws_ecs_capacity_provider",
    "aws_ecs_account_setting_default",
    "aws_appautoscaling_target",
    "aws_autoscaling_group",
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_lb_target_group",
    "aws_alb_target_group",
    "aws_elb",
    "aws_subnet",
    "aws_service_discovery_service",
    "template_file",
];

/// True when analysis reads resources of this type.
pub fn is_relevant_type(rtype: &str) -> bool {
    RELEVANT_TYPES.contains(&rtype)
}
