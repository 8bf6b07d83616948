//! The facts analysis derives, per task definition and per service.

use super::link::Link;
use crate::model::containers::ContainerDefs;

/// The platform tasks run on (the effective launch type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchType {
    /// EC2 container instances.
    Ec2,
    /// AWS Fargate.
    Fargate,
    /// ECS Anywhere.
    External,
    /// ECS Managed Instances.
    ManagedInstances,
}

impl LaunchType {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchType::Ec2 => "EC2",
            LaunchType::Fargate => "FARGATE",
            LaunchType::External => "EXTERNAL",
            LaunchType::ManagedInstances => "MANAGED_INSTANCES",
        }
    }

    /// Parses the API spelling.
    pub fn parse(s: &str) -> Option<LaunchType> {
        match s {
            "EC2" => Some(LaunchType::Ec2),
            "FARGATE" => Some(LaunchType::Fargate),
            "EXTERNAL" => Some(LaunchType::External),
            "MANAGED_INSTANCES" => Some(LaunchType::ManagedInstances),
            _ => None,
        }
    }
}

/// The operating system family of a task definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux (the default when `runtime_platform` is omitted).
    Linux,
    /// Any `WINDOWS_SERVER_*` family.
    Windows,
}

/// A task's network mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkMode {
    /// One ENI per task.
    Awsvpc,
    /// Docker bridge, static or dynamic host ports.
    Bridge,
    /// The instance's network stack.
    Host,
    /// No external connectivity.
    None,
    /// Windows' default Docker network.
    Nat,
}

impl NetworkMode {
    /// The API spelling (`nat` is what Windows' `default` mode is).
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::None => "none",
            NetworkMode::Nat => "nat",
        }
    }

    /// Parses a `network_mode` value (`default` is Windows' `nat`).
    pub fn parse(s: &str) -> Option<NetworkMode> {
        match s {
            "awsvpc" => Some(NetworkMode::Awsvpc),
            "bridge" => Some(NetworkMode::Bridge),
            "host" => Some(NetworkMode::Host),
            "none" => Some(NetworkMode::None),
            "nat" | "default" => Some(NetworkMode::Nat),
            _ => None,
        }
    }

    /// Bridge-like modes publish container ports through static or dynamic host ports.
    pub fn is_bridge_like(self) -> bool {
        matches!(self, NetworkMode::Bridge | NetworkMode::Nat)
    }
}

/// How a value was decided: written, a default, or unknown (the report's `*_source` fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Written in the configuration.
    Explicit,
    /// The documented default applies.
    Default,
    /// Cannot be known before apply.
    Unknown,
}

impl Origin {
    /// The report spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Explicit => "explicit",
            Origin::Default => "default",
            Origin::Unknown => "unknown",
        }
    }
}

/// A service's scheduling strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduling {
    /// `REPLICA` (the default): `desired_count` tasks spread over the capacity.
    Replica,
    /// `DAEMON`: one task on every container instance of the cluster.
    Daemon,
}

impl Scheduling {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheduling::Replica => "REPLICA",
            Scheduling::Daemon => "DAEMON",
        }
    }
}

/// A service's deployment controller (`deployment_controller.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentController {
    /// `ECS` (the default): rolling deployments, bounded by the deployment percents.
    Ecs,
    /// `CODE_DEPLOY`: blue/green through CodeDeploy.
    CodeDeploy,
    /// `EXTERNAL`: a third-party controller.
    External,
}

impl DeploymentController {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentController::Ecs => "ECS",
            DeploymentController::CodeDeploy => "CODE_DEPLOY",
            DeploymentController::External => "EXTERNAL",
        }
    }

    /// Parses the API spelling.
    pub fn parse(s: &str) -> Option<DeploymentController> {
        match s {
            "ECS" => Some(DeploymentController::Ecs),
            "CODE_DEPLOY" => Some(DeploymentController::CodeDeploy),
            "EXTERNAL" => Some(DeploymentController::External),
            _ => None,
        }
    }
}

/// How a service's launch type was decided (the report's `launch_type_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchTypeOrigin {
    /// `launch_type` is written.
    LaunchType,
    /// The service's `capacity_provider_strategy`.
    CapacityProviderStrategy,
    /// The cluster's default capacity provider strategy.
    ClusterDefaultStrategy,
    /// Neither: the API's default, EC2.
    Default,
    /// Cannot be known before apply.
    Unknown,
}

impl LaunchTypeOrigin {
    /// The report spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchTypeOrigin::LaunchType => "launch_type",
            LaunchTypeOrigin::CapacityProviderStrategy => "capacity_provider_strategy",
            LaunchTypeOrigin::ClusterDefaultStrategy => "cluster_default_strategy",
            LaunchTypeOrigin::Default => "default",
            LaunchTypeOrigin::Unknown => "unknown",
        }
    }

    /// For messages: "from `launch_type`", "by default".
    pub fn phrase(self) -> &'static str {
        match self {
            LaunchTypeOrigin::LaunchType => "from `launch_type`",
            LaunchTypeOrigin::CapacityProviderStrategy => "from its capacity provider strategy",
            LaunchTypeOrigin::ClusterDefaultStrategy => {
                "from the cluster's default capacity provider strategy"
            }
            LaunchTypeOrigin::Default => "by default",
            LaunchTypeOrigin::Unknown => "as resolved",
        }
    }
}

/// A string attribute as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Not set in the configuration.
    Absent,
    /// Set to a known value.
    Known(String),
    /// Set, but unknown before apply; the reason.
    Unknown(String),
}

/// What one task definition says.
#[derive(Debug, Clone)]
pub struct TaskDefFacts {
    /// Index into `model.resources`.
    pub res: usize,
    /// `family`.
    pub family: Option<String>,
    /// `network_mode` as written.
    pub network_mode: Raw,
    /// The decoded containers.
    pub containers: ContainerDefs,
    /// The OS family (`None` when unknown).
    pub os: Option<Os>,
    /// `requires_compatibilities`, when known.
    pub requires_compatibilities: Option<Vec<String>>,
    /// Indexes into `Analysis::services` of the services that use it.
    pub used_by: Vec<usize>,
}

impl TaskDefFacts {
    /// True when `requires_compatibilities` names `compat` (e.g. `FARGATE`).
    pub fn requires(&self, compat: &str) -> bool {
        self.requires_compatibilities
            .as_ref()
            .is_some_and(|c| c.iter().any(|x| x == compat))
    }

    /// The explicit network mode, when known.
    pub fn explicit_mode(&self) -> Option<NetworkMode> {
        match &self.network_mode {
            Raw::Known(s) => NetworkMode::parse(s),
            _ => None,
        }
    }
}

/// The effective platform of a service and how it was decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Platform {
    /// The launch type, when known.
    pub launch_type: Option<LaunchType>,
    /// How the launch type was decided.
    pub origin: LaunchTypeOrigin,
    /// Why it is unknown.
    pub reason: Option<String>,
    /// The `aws_ecs_capacity_provider` resources of the effective strategy.
    pub capacity_providers: Vec<usize>,
    /// The provider names of the effective strategy, as written.
    pub strategy: Vec<String>,
}

/// How one container port reaches the outside (ecs-networking.md §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortKind {
    /// Bridge/nat with a fixed host port.
    Static,
    /// Bridge/nat with host port 0 or omitted.
    Dynamic,
    /// Bridge with `containerPortRange`: a contiguous dynamic block.
    Range,
    /// awsvpc: the task's own ENI, host port = container port.
    Awsvpc,
    /// host network: container port is the instance port.
    Host,
    /// `none` mode (mappings are not allowed there).
    None,
    /// Depends on an unknown value.
    Unknown,
}

impl PortKind {
    /// The report spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PortKind::Static => "static",
            PortKind::Dynamic => "dynamic",
            PortKind::Range => "range",
            PortKind::Awsvpc => "awsvpc",
            PortKind::Host => "host",
            PortKind::None => "none",
            PortKind::Unknown => "unknown",
        }
    }
}

/// One container port of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct PortFact {
    /// Container label (name or `#index`).
    pub container: String,
    /// Index of the container in the definitions.
    pub container_index: usize,
    /// Index of the mapping in `portMappings`.
    pub mapping_index: usize,
    /// The container port, when known (first port of a range).
    pub container_port: Option<u32>,
    /// The effective host port: static port, or the container port in awsvpc/host mode.
    pub host_port: Option<u32>,
    /// `tcp`/`udp`, or `unknown`.
    pub protocol: String,
    /// How it reaches the outside.
    pub kind: PortKind,
    /// `containerPortRange`, when set.
    pub range: Option<String>,
}

/// The port strategy of a whole service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortStrategy {
    /// Every port static.
    Static,
    /// Every port dynamic (or a dynamic range).
    Dynamic,
    /// Bridge with both static and dynamic ports.
    Mixed,
    /// awsvpc.
    Awsvpc,
    /// host network.
    Host,
    /// `none` mode.
    None,
    /// No port mappings.
    NoPorts,
    /// Depends on something unknown.
    Unknown,
}

impl PortStrategy {
    /// The report spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PortStrategy::Static => "static",
            PortStrategy::Dynamic => "dynamic",
            PortStrategy::Mixed => "mixed",
            PortStrategy::Awsvpc => "awsvpc",
            PortStrategy::Host => "host",
            PortStrategy::None => "none",
            PortStrategy::NoPorts => "no-ports",
            PortStrategy::Unknown => "unknown",
        }
    }
}

/// Everything analysis knows about one service.
#[derive(Debug, Clone)]
pub struct ServiceFacts {
    /// Index into `model.resources`.
    pub res: usize,
    /// The service name, when known.
    pub name: Option<String>,
    /// True when the plan deletes it (reported, not analyzed as live).
    pub deleted: bool,
    /// The task definition resource (`model.resources`).
    pub task_definition: Link,
    /// Index into `Analysis::task_definitions`.
    pub td: Option<usize>,
    /// The cluster resource.
    pub cluster: Link,
    /// The effective platform.
    pub platform: Platform,
    /// `REPLICA` or `DAEMON`, when known.
    pub scheduling: Option<Scheduling>,
    /// The deployment controller type (`ECS` when omitted), when known.
    pub deployment_controller: Option<DeploymentController>,
    /// The OS family, when known.
    pub os: Option<Os>,
    /// The effective network mode.
    pub network_mode: Option<NetworkMode>,
    /// How the network mode was decided.
    pub network_mode_origin: Origin,
    /// Every container port.
    pub ports: Vec<PortFact>,
    /// The service's port strategy.
    pub port_strategy: PortStrategy,
    /// What is unknown and why, for the human outputs.
    pub unknowns: Vec<String>,
    /// The target group of each `load_balancer` block (block index, link), linked once
    /// here for every rule that reads the blocks ([`super::wiring::load_balancers`]).
    pub target_groups: Vec<(usize, super::link::Link)>,
    /// Plan input: what the plan changes in the service's networking.
    pub change: Option<super::change::ServiceChange>,
}
