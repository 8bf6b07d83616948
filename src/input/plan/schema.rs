//! The parts of Terraform's JSON output format that ecsnet reads (terraform-inputs.md §4),
//! as typed serde structs. Large parts stay `&RawValue` (borrowed, validated, not built)
//! until we know they belong to a resource ECS analysis reads; unknown keys are ignored.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The top level of a plan or state document.
#[derive(Deserialize, Default)]
pub(super) struct Top<'a> {
    /// `"1.2"`; present in both plans and states.
    #[serde(borrow, default)]
    pub format_version: Option<&'a RawValue>,
    /// Plan: the planned values representation.
    #[serde(borrow, default)]
    pub planned_values: Option<&'a RawValue>,
    /// Plan: one entry per resource instance change, split in the same pass.
    #[serde(borrow, default)]
    pub resource_changes: Option<super::changes::Changes<'a>>,
    /// Plan: the configuration (for expression references).
    #[serde(borrow, default)]
    pub configuration: Option<&'a RawValue>,
    /// State: the values representation.
    #[serde(borrow, default)]
    pub values: Option<&'a RawValue>,
}

/// The top level with `resource_changes` unparsed, to position a problem in it (read only
/// when there is one).
#[derive(Deserialize)]
pub(super) struct TopRaw<'a> {
    /// Plan: one entry per resource instance change.
    #[serde(borrow, default)]
    pub resource_changes: Option<&'a RawValue>,
}

/// A values representation: `{ root_module: { resources, child_modules } }`.
#[derive(Deserialize)]
pub(super) struct ValuesRepr<'a> {
    /// The root module; absent for an empty state.
    #[serde(borrow, default)]
    pub root_module: Option<ModuleValues<'a>>,
}

/// One module instance in a values representation.
#[derive(Deserialize)]
pub(super) struct ModuleValues<'a> {
    /// `module.a["x"].module.b`; absent for the root module.
    #[serde(borrow, default)]
    pub address: Option<Cow<'a, str>>,
    /// Resource instances, parsed one by one so one malformed entry spoils only itself.
    #[serde(borrow, default)]
    pub resources: Vec<&'a RawValue>,
    /// Nested module instances.
    #[serde(borrow, default)]
    pub child_modules: Vec<ModuleValues<'a>>,
}

/// A resource instance in a values representation.
#[derive(Deserialize)]
pub(super) struct ResourceValues<'a> {
    /// The full instance address.
    #[serde(borrow)]
    pub address: Cow<'a, str>,
    /// `managed` or `data`.
    #[serde(borrow, default)]
    pub mode: Option<Cow<'a, str>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub rtype: Cow<'a, str>,
    /// The resource name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The `count` index (number) or `for_each` key (string).
    #[serde(borrow, default)]
    pub index: Option<&'a RawValue>,
    /// Set on deposed objects, which are not the live instance.
    #[serde(borrow, default)]
    pub deposed_key: Option<&'a RawValue>,
    /// The attribute values.
    #[serde(borrow, default)]
    pub values: Option<&'a RawValue>,
}

/// One entry of `resource_changes`.
#[derive(Deserialize)]
pub(super) struct ResourceChange<'a> {
    /// The full instance address.
    #[serde(borrow)]
    pub address: Cow<'a, str>,
    /// The module instance address; absent in the root module.
    #[serde(borrow, default)]
    pub module_address: Option<Cow<'a, str>>,
    /// `managed` or `data`.
    #[serde(borrow, default)]
    pub mode: Option<Cow<'a, str>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub rtype: Cow<'a, str>,
    /// The resource name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The `count` index (number) or `for_each` key (string).
    #[serde(borrow, default)]
    pub index: Option<&'a RawValue>,
    /// Set when the change applies to a deposed object, not the current instance.
    #[serde(borrow, default)]
    pub deposed: Option<&'a RawValue>,
    /// The change itself, parsed only for relevant types.
    #[serde(borrow, default)]
    pub change: Option<&'a RawValue>,
}

/// `resource_changes[].change`, for a relevant resource.
#[derive(Deserialize)]
pub(super) struct ChangeBody<'a> {
    /// `["create"]`, `["delete","create"]`, …
    #[serde(default)]
    pub actions: Vec<String>,
    /// Values before; `null` on create. Built in full only for a deleted instance (whose
    /// values they are), else only what the analysis compares (`super::before`).
    #[serde(borrow, default)]
    pub before: Option<&'a RawValue>,
    /// Known values after; unknown leaves omitted (or `null` in lists).
    #[serde(default)]
    pub after: Option<crate::model::Value>,
    /// Same shape as `after`, `true` at unknown leaves.
    #[serde(default)]
    pub after_unknown: Option<serde_json::Value>,
}

/// `configuration`.
#[derive(Deserialize)]
pub(super) struct Configuration<'a> {
    /// The root module's configuration.
    #[serde(borrow, default)]
    pub root_module: Option<ConfigModule<'a>>,
}

/// A module's configuration (not per instance).
#[derive(Deserialize)]
pub(super) struct ConfigModule<'a> {
    /// Resource blocks.
    #[serde(borrow, default)]
    pub resources: Vec<ConfigResource<'a>>,
    /// `module` blocks, by call name.
    #[serde(borrow, default)]
    pub module_calls: BTreeMap<String, ModuleCall<'a>>,
    /// `output` blocks, by name (their expressions carry the references).
    #[serde(borrow, default)]
    pub outputs: BTreeMap<String, ConfigOutput<'a>>,
}

/// An `output` block.
#[derive(Deserialize)]
pub(super) struct ConfigOutput<'a> {
    /// `{"references": [...]}` or `{"constant_value": ...}`.
    #[serde(borrow, default)]
    pub expression: Option<&'a RawValue>,
}

/// A `module` block.
#[derive(Deserialize)]
pub(super) struct ModuleCall<'a> {
    /// The called module's configuration.
    #[serde(borrow, default)]
    pub module: Option<ConfigModule<'a>>,
    /// Input name -> expression passed for it.
    #[serde(borrow, default)]
    pub expressions: Option<&'a RawValue>,
    /// Present when the call uses `count`.
    #[serde(borrow, default)]
    pub count_expression: Option<&'a RawValue>,
    /// Present when the call uses `for_each`.
    #[serde(borrow, default)]
    pub for_each_expression: Option<&'a RawValue>,
}

/// A resource block's configuration.
#[derive(Deserialize)]
pub(super) struct ConfigResource<'a> {
    /// `managed` or `data`.
    #[serde(borrow, default)]
    pub mode: Option<Cow<'a, str>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub rtype: Cow<'a, str>,
    /// The resource name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Attribute name -> expression, or -> list of nested-block expression maps.
    #[serde(borrow, default)]
    pub expressions: Option<&'a RawValue>,
}
