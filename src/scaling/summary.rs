//! The scaling layer's result per service, in the shape of the report's `services[].scaling`
//! (docs/json-report.md): the report copies it as is.

use crate::model::Location;
use serde::{Deserialize, Serialize};

/// `services[].scaling`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScalingReport {
    /// `desired_count` (null for DAEMON or unknown).
    pub desired_count: Option<u64>,
    /// Application Auto Scaling `min_capacity`.
    pub min_capacity: Option<u64>,
    /// Application Auto Scaling `max_capacity`.
    pub max_capacity: Option<u64>,
    /// Effective `deployment_maximum_percent`.
    pub deployment_maximum_percent: Option<u64>,
    /// Effective `deployment_minimum_healthy_percent`.
    pub deployment_minimum_healthy_percent: Option<u64>,
    /// Tasks of this service one container instance can hold (null on Fargate or unknown).
    pub tasks_per_instance: Option<u64>,
    /// What bounds `tasks_per_instance`: `static-host-port`, `host-network`, `eni`,
    /// `eni-trunking`, `dynamic-port-range`, `distinct-instance`, `daemon`, `cpu`, `memory`,
    /// `gpu`.
    pub tasks_per_instance_limited_by: Option<String>,
    /// Most container instances the service can use.
    pub max_instances: Option<u64>,
    /// Σ (2^(32−prefix) − 5) over the service subnets (awsvpc only).
    pub subnet_ip_capacity: Option<u64>,
    /// The most tasks the service can ever run.
    pub max_tasks: Option<u64>,
    /// What bounds `max_tasks`.
    pub max_tasks_limited_by: Option<String>,
    /// Whether a rolling deployment can make progress (null when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_can_progress: Option<bool>,
    /// What one task reserves for placement (ecs-capacity.md §2), Service Connect's proxy
    /// included; null when unknown.
    #[serde(default)]
    pub task_resources: Option<ResourcesReport>,
    /// The CPU, memory or GPU limit per instance: the resource that allows the fewest tasks,
    /// on the smallest instance type (null on Fargate or when unknown).
    #[serde(default)]
    pub resource_limit: Option<ResourceLimitReport>,
    /// The capacity pool the service shares (index into `capacity_pools`).
    #[serde(default)]
    pub capacity_pool: Option<usize>,
}

/// `services[].scaling.resource_limit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceLimitReport {
    /// `cpu`, `memory` or `gpu`.
    pub resource: String,
    /// What one task reserves of it.
    pub task: u64,
    /// What one instance has of it for the service's tasks, after the daemons (memory: the
    /// assumed usable share).
    pub per_instance: u64,
    /// The instance type.
    pub instance_type: String,
    /// True when `per_instance` is an assumption (memory: `usable_memory_percent` of the
    /// advertised size).
    pub assumed: bool,
    /// Where the task's reservation of it is written: the task-level `cpu`/`memory`, else
    /// `container_definitions` (null when the source is not known).
    #[serde(default)]
    pub location: Option<Location>,
}

/// CPU units, MiB of memory and GPUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcesReport {
    /// CPU units (1,024 per vCPU).
    pub cpu: u64,
    /// MiB.
    pub memory: u64,
    /// GPUs.
    pub gpu: u64,
}
