//! The report: the JSON contract (`schema_version` 1, see `docs/json-report.md`).
//! Every renderer reads this and nothing else; the report does not analyze.

use crate::finding::{Finding, Severity};
use crate::model::{InputInfo, Location};
pub use crate::scaling::summary::{ResourceLimitReport, ResourcesReport, ScalingReport};
use serde::{Deserialize, Serialize};

/// The JSON schema version; additive changes only.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Name and version of the tool.
    pub tool: Tool,
    /// Every input analyzed.
    pub inputs: Vec<InputInfo>,
    /// One entry per ECS service instance.
    pub services: Vec<ServiceReport>,
    /// One entry per task definition instance.
    pub task_definitions: Vec<TaskDefinitionReport>,
    /// The capacity pools services share: one per set of Auto Scaling groups in a cluster
    /// (ecs-capacity.md §4).
    pub capacity_pools: Vec<PoolReport>,
    /// What-if overrides (`--set`) applied before the analysis.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideReport>,
    /// All findings, sorted by location then code.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

/// `overrides[]`: one `--set ADDRESS.ATTRIBUTE=VALUE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideReport {
    /// The resource address.
    pub address: String,
    /// The attribute (dotted path).
    pub attribute: String,
    /// The value analyzed, as JSON.
    pub value: serde_json::Value,
    /// The value it replaced, as JSON (null when unset; a string saying why when unknown).
    pub was: serde_json::Value,
    /// The inputs it applied to (indexes into `inputs`).
    pub inputs: Vec<usize>,
}

/// `capacity_pools[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolReport {
    /// The input it came from (index into `inputs`).
    pub input: usize,
    /// The cluster (its address, or the name the services give).
    pub cluster: String,
    /// The Auto Scaling groups whose instances the services share.
    pub auto_scaling_groups: Vec<String>,
    /// Their instance types.
    pub instance_types: Vec<String>,
    /// Σ `max_size` (null when unknown).
    pub max_instances: Option<u64>,
    /// What one instance has for replica tasks after the daemons: the smallest instance
    /// type's figures, memory as assumed usable (null when unknown).
    pub per_instance: Option<ResourcesReport>,
    /// The same with the advertised memory of the largest type: the most an instance can have.
    pub per_instance_at_most: Option<ResourcesReport>,
    /// The replica services on the pool.
    pub services: Vec<String>,
    /// The cluster's daemon services, placed first on every instance.
    pub daemons: Vec<String>,
    /// At the desired counts.
    pub at_desired: Option<LoadReport>,
    /// At the auto scaling maxima (`max_capacity`; the desired count where there is none).
    pub at_max: Option<LoadReport>,
    /// During the rolling deployment that needs the most instances (null when none applies).
    pub worst_surge: Option<LoadReport>,
    /// What is unknown about the pool and why.
    pub unknowns: Vec<String>,
}

/// `capacity_pools[].at_desired` and the like: the pool under one set of task counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadReport {
    /// For a surge: the service deploying (the others stay at their desired counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploying: Option<String>,
    /// Tasks per service (same order as `services`).
    pub tasks: Vec<u64>,
    /// What the tasks reserve in all.
    pub demand: ResourcesReport,
    /// The instances needed at least with the guaranteed per-instance figures (null: a task
    /// fits on no instance).
    pub instances_needed: Option<u64>,
    /// The instances needed at least even with the most an instance can have.
    pub instances_needed_at_best: Option<u64>,
    /// The resource that needs the most instances: `cpu`, `memory` or `gpu`.
    pub limited_by: String,
    /// `instances_needed` ≤ `max_instances` (null when either is unknown).
    pub fits: Option<bool>,
}

/// `tool`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    /// `ecsnet`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "ecsnet",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// `services[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceReport {
    /// Full Terraform address.
    pub address: String,
    /// The service name, when known.
    pub name: Option<String>,
    /// The input it came from (index into `inputs`).
    pub input: usize,
    /// Where the resource block is written.
    pub location: Option<Location>,
    /// Address of the linked task definition (or the raw value when not in the input).
    pub task_definition: Option<String>,
    /// Effective platform: `EC2`, `FARGATE`, `EXTERNAL`, `MANAGED_INSTANCES`, or null.
    pub launch_type: Option<String>,
    /// How the platform was decided: `launch_type`, `capacity_provider_strategy`,
    /// `cluster_default_strategy`, `default`, or `unknown`.
    pub launch_type_source: String,
    /// `REPLICA` or `DAEMON` (null when unknown).
    pub scheduling_strategy: Option<String>,
    /// `awsvpc`, `bridge`, `host`, `none`, `nat`, or null.
    pub network_mode: Option<String>,
    /// `explicit`, `default` or `unknown`.
    pub network_mode_source: String,
    /// `static`, `dynamic`, `mixed`, `awsvpc`, `host`, `none`, `no-ports`, `unknown`.
    pub port_strategy: String,
    /// Every container port.
    pub ports: Vec<PortReport>,
    /// Scaling facts.
    pub scaling: ScalingReport,
    /// What is unknown about this service and why (human outputs show these).
    pub unknowns: Vec<String>,
    /// Plan input only: the planned change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeReport>,
}

/// `services[].ports[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortReport {
    /// Container name.
    pub container: String,
    /// The container port (for a range, its first port).
    pub container_port: Option<u32>,
    /// The effective host port: static port in bridge, null for dynamic, the container port
    /// in awsvpc and host mode.
    pub host_port: Option<u32>,
    /// `tcp` or `udp`.
    pub protocol: String,
    /// `static`, `dynamic`, `awsvpc`, `host`, `range`, `none` or `unknown`.
    pub kind: String,
    /// `containerPortRange` as written (`"8000-8010"`), when the mapping is a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<String>,
}

/// `services[].change` (plan input only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeReport {
    /// Terraform's actions.
    pub actions: Vec<String>,
    /// Network mode before the change (null on create or unknown).
    pub network_mode_before: Option<String>,
    /// Human-readable differences (`network mode bridge → awsvpc`, `host port 80 → dynamic`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<String>,
}

/// `task_definitions[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDefinitionReport {
    /// Full Terraform address.
    pub address: String,
    /// The input it came from (index into `inputs`).
    pub input: usize,
    /// `family`, when known.
    pub family: Option<String>,
    /// The network mode as written (null when omitted or unknown).
    pub network_mode: Option<String>,
    /// Where the resource block is written.
    pub location: Option<Location>,
    /// Addresses of the services that use it.
    pub used_by: Vec<String>,
}

/// `summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of services.
    pub services: usize,
    /// Unsuppressed errors.
    pub errors: usize,
    /// Unsuppressed warnings.
    pub warnings: usize,
    /// Unsuppressed notes.
    pub notes: usize,
    /// Suppressed findings.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// Findings hidden because the `--baseline` report already has them (not in the counts
    /// above).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub in_baseline: usize,
    /// Inputs that could not be read or parsed at all (each has an `invalid-input` finding);
    /// when every input is one, nothing was analyzed and the exit code is 2.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unreadable_inputs: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Counts findings by severity; suppressed ones are counted apart.
    pub fn count(services: usize, findings: &[Finding]) -> Summary {
        let mut s = Summary {
            services,
            ..Summary::default()
        };
        for f in findings {
            if f.suppressed.is_some() {
                s.suppressed += 1;
                continue;
            }
            if f.in_baseline {
                s.in_baseline += 1;
                continue;
            }
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
        }
        s
    }
}

impl Report {
    /// The highest severity among unsuppressed findings.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.suppressed.is_none() && !f.in_baseline)
            .map(|f| f.severity)
            .max()
    }
}
