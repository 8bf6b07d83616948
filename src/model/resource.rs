//! One resource instance in the model.

use super::{Location, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `resource "type" "name"`.
    Managed,
    /// `data "type" "name"`.
    Data,
}

/// The instance key of a resource (or module) expanded with `count` or `for_each`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    /// `count.index`.
    Int(i64),
    /// `each.key`.
    Str(String),
}

impl std::fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InstanceKey::Int(i) => write!(f, "[{i}]"),
            InstanceKey::Str(s) => write!(f, "[{}]", serde_json::Value::String(s.clone())),
        }
    }
}

/// The planned change of a resource (plan input only).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Terraform's actions: `["create"]`, `["update"]`, `["delete"]`, `["delete","create"]`,
    /// `["create","delete"]`, `["no-op"]`, `["read"]`.
    pub actions: Vec<String>,
    /// The values before the change (`None` on create). A plan reader may keep only the
    /// attributes in [`Change::BEFORE_READ`].
    pub before: Option<Value>,
}

impl Change {
    /// The attributes of `before` the analysis compares (`ecs::change`): the network mode
    /// and container definitions of a task definition, the launch type and desired count of
    /// a service. Every other attribute of `before` is never read, so a plan's `before` —
    /// for a no-op resource a full copy of `after` — need not be built.
    pub const BEFORE_READ: [&'static str; 4] = [
        "container_definitions",
        "desired_count",
        "launch_type",
        "network_mode",
    ];

    /// Attribute `name` of `before`; `name` must be one of [`Change::BEFORE_READ`].
    pub fn before_attr(&self, name: &str) -> Option<&Value> {
        debug_assert!(Self::BEFORE_READ.contains(&name), "{name} is not kept");
        self.before.as_ref()?.get(name)
    }

    /// True when the instance will not exist after apply.
    pub fn is_delete(&self) -> bool {
        self.actions.iter().all(|a| a == "delete")
    }
}

/// One resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The full address as Terraform prints it:
    /// `module.a["x"].module.b.aws_ecs_service.web[0]`.
    pub address: String,
    /// The module instance path, `""` for the root module (`module.a["x"].module.b`).
    pub module: String,
    /// Managed or data.
    pub mode: Mode,
    /// The resource type, e.g. `aws_ecs_service`.
    pub rtype: String,
    /// The resource name, e.g. `web`.
    pub name: String,
    /// The instance key, when expanded by `count`/`for_each`.
    pub key: Option<InstanceKey>,
    /// The attribute values (an `Object`). Nested blocks are lists of objects under the
    /// block name, as in plan JSON. Unknown leaves stay `Unknown`.
    pub values: Value,
    /// Where the block is written (its first line), when the source is known.
    pub location: Option<Location>,
    /// Where attributes (and keys inside them) are written, by dotted path:
    /// `network_mode`, `load_balancer.0.container_port`,
    /// `container_definitions.0.portMappings.1.hostPort` (container index in the order the
    /// definitions are written).
    pub attr_locations: BTreeMap<String, Location>,
    /// Configuration references per attribute path (same path syntax as `attr_locations`),
    /// module-relative as written: `aws_ecs_task_definition.app.arn`,
    /// `aws_ecs_task_definition.app`, `var.cluster`, `module.net.subnet_ids`.
    /// Used to link resources whose linking value is unknown at plan time. Shared: every
    /// instance of a block (thousands, with `count`/`for_each`) has the same references.
    pub references: Arc<BTreeMap<String, Vec<String>>>,
    /// The planned change, for plan input.
    pub change: Option<Change>,
    /// Inline suppressions written on the resource (`# ecsnet:ignore SLUG reason`):
    /// (rule slug or code, reason).
    pub suppressions: Vec<(String, String)>,
    /// What `var.NAME` references in [`Resource::references`] stand for: the references of
    /// the expression the module call passes for `NAME`, followed upward through enclosing
    /// module calls while they are again `var.` references. Per attribute path, like
    /// `references`; each entry names the module instance it is relative to. Filled by the
    /// plan front end from `configuration.module_calls`; empty when not known.
    pub module_call_references: BTreeMap<String, Vec<CallerReference>>,
    /// Where the module calls leading to this resource are written (each `module "x" {`
    /// line), from the call in the root module inward; empty for a root-module resource or
    /// when the source is not known. For a finding on a module resource, these are the lines
    /// in the callers that a reviewer may have to change instead of the module itself.
    pub module_calls: Vec<Location>,
    /// The resource instances an attribute's unknown value comes from, by dotted path
    /// (`task_definition`, `load_balancer.0.target_group_arn`): full addresses, as the HCL
    /// evaluator traced them through locals, conditionals, `try`/`coalesce` and module
    /// outputs. Links through this first, where the written references end at a `local.`.
    pub resolved: BTreeMap<String, Resolved>,
    /// Attributes whose value was unknown in the plan and was read from the configuration
    /// (`--source`) instead: reported, never silent.
    pub from_configuration: Vec<String>,
}

/// Where an unknown attribute value comes from (see [`Resource::resolved`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// Full addresses of the resource instances, in branch order.
    pub addresses: Vec<String>,
    /// Set when a condition could not be decided and every branch was followed: what was
    /// undecided. The first address that links is then an assumption, and said so.
    pub undecided: Option<String>,
}

/// A reference written in a calling module, reached through a module input variable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CallerReference {
    /// The module instance the reference is relative to (`""` for the root module,
    /// `module.a["x"]`). Shared by the references followed through one instance.
    pub module: Arc<str>,
    /// The reference as written there: `aws_ecs_task_definition.app.arn`.
    pub reference: Arc<str>,
}

impl Resource {
    /// True when the plan deletes this resource: it is reported, not checked.
    pub fn is_deleted(&self) -> bool {
        self.change.as_ref().is_some_and(Change::is_delete)
    }

    /// A resource with no values, location, references or change.
    pub fn new(
        module: &str,
        mode: Mode,
        rtype: &str,
        name: &str,
        key: Option<InstanceKey>,
    ) -> Self {
        let mut address = String::new();
        if !module.is_empty() {
            address.push_str(module);
            address.push('.');
        }
        if mode == Mode::Data {
            address.push_str("data.");
        }
        address.push_str(rtype);
        address.push('.');
        address.push_str(name);
        if let Some(k) = &key {
            address.push_str(&k.to_string());
        }
        Resource {
            address,
            module: module.to_string(),
            mode,
            rtype: rtype.to_string(),
            name: name.to_string(),
            key,
            values: Value::Object(super::Map::new()),
            location: None,
            attr_locations: BTreeMap::new(),
            references: Arc::default(),
            change: None,
            suppressions: Vec::new(),
            module_call_references: BTreeMap::new(),
            module_calls: Vec::new(),
            resolved: BTreeMap::new(),
            from_configuration: Vec::new(),
        }
    }

    /// The value at a dotted attribute path.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.values.path(path)
    }

    /// The address without the instance key: `module.a["x"].aws_ecs_service.web`.
    pub fn config_address(&self) -> String {
        let mut s = String::new();
        if !self.module.is_empty() {
            s.push_str(&self.module);
            s.push('.');
        }
        if self.mode == Mode::Data {
            s.push_str("data.");
        }
        s.push_str(&self.rtype);
        s.push('.');
        s.push_str(&self.name);
        s
    }

    /// The best location for an attribute path: the most specific recorded prefix of it,
    /// else the block.
    pub fn location_of(&self, path: &str) -> Option<&Location> {
        let mut p = path;
        loop {
            if let Some(l) = self.attr_locations.get(p) {
                return Some(l);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.location.as_ref(),
            }
        }
    }
}
