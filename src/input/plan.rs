//! The plan/state JSON front end: `terraform show -json` output to a [`Model`]
//! (terraform-inputs.md §4).
//!
//! Plans can exceed 100 MB with 100,000 resources that ECS analysis never reads, so the
//! document is held in memory once and deserialized into typed structs that borrow
//! `&RawValue` for every large part ([`schema`]). Only resources whose type passes
//! [`is_relevant_type`] are turned into [`Value`]s; no `serde_json::Value` of the whole
//! document is ever built. Skipping a part still validates its syntax, without recursion
//! (serde_json ignores values with an explicit stack), and values that are built are subject
//! to serde_json's nesting limit of 128, which fails as an error, never as a stack overflow.
//!
//! Plans: `resource_changes[]` gives each instance's actions and values, `after` merged with
//! `after_unknown` ([`unknown::merge`]); deleted instances keep their `before` values and
//! `["delete"]`; deposed objects are skipped. Without `resource_changes`, `planned_values`
//! is read instead (values only, no change). `configuration` gives each resource block's
//! expression references ([`config`]), copied to every instance of that block; a `var.NAME`
//! reference inside a module is also followed to what the module call passes for `NAME`
//! (`Resource::module_call_references`).
//! States: `values.root_module` and its `child_modules`, all values known.
//!
//! Every problem becomes an ECS901 finding on the model, positioned at the file's line and
//! column where possible; one bad resource entry spoils only itself.

mod address;
mod before;
mod changes;
mod config;
mod schema;
mod split;
mod text;
mod unknown;

use crate::model::{
    Change, InputInfo, InputKind, Mode, Model, Problem, Resource, Value, is_relevant_type,
};
use config::ConfigRefs;
use schema::{ChangeBody, Configuration, ModuleValues, ResourceValues, Top, TopRaw, ValuesRepr};
use serde_json::value::RawValue;

pub use unknown::KNOWN_AFTER_APPLY;

/// The kind of a JSON document, by content: a plan has `format_version` and
/// `planned_values` or `resource_changes`; a state has `format_version` (and usually
/// `values`; an empty state is only `{"format_version": "1.0"}`). `None` for anything else,
/// including text that is not JSON.
pub fn kind_of(bytes: &[u8]) -> Option<InputKind> {
    let text = text::decode(bytes).ok()?;
    parse_top(&text).ok().and_then(|top| classify(&top))
}

/// Reads a plan or state JSON document. `path` names the input in findings and in the
/// model's [`InputInfo`] (`-` for stdin). Never fails: problems are findings on the model.
pub fn load_bytes(path: &str, bytes: &[u8]) -> Model {
    let mut cx = Cx {
        file: path,
        text: "",
        model: Model::new(InputInfo {
            kind: InputKind::Plan,
            path: path.to_string(),
            ..InputInfo::default()
        }),
        index: std::cell::OnceCell::new(),
    };
    let decoded = match text::decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            cx.fail(format!("`{path}`: {}", e.message), e.position, None);
            cx.model.unreadable = true;
            return cx.model;
        }
    };
    cx.text = &decoded;
    let top = match parse_top(&decoded) {
        Ok(top) => top,
        Err(e) => {
            cx.json_error(&format!("`{path}` is not valid JSON"), &decoded, &e, None);
            cx.model.unreadable = true;
            return cx.model;
        }
    };
    let kind = classify(&top);
    if kind.is_some()
        && let Some(raw) = top.format_version
        && let Some(why) = unsupported_format(raw)
    {
        cx.fail(format!("`{path}`: {why}"), cx.position_of(raw), None);
        cx.model.unreadable = true;
        return cx.model;
    }
    match kind {
        Some(InputKind::Plan) => read_plan(&mut cx, &top),
        Some(InputKind::State) => {
            cx.model.input.kind = InputKind::State;
            if let Some(values) = top.values {
                read_values(&mut cx, values, None);
            }
        }
        _ => {
            cx.fail(
                format!(
                    "`{path}` is JSON but neither a Terraform plan nor a state \
                     (expected the output of `terraform show -json`, with `format_version`)"
                ),
                Some((1, 1)),
                None,
            );
            cx.model.unreadable = true;
        }
    }
    cx.model
}

/// Why a `format_version` cannot be read, if it cannot. Terraform's JSON output changes its
/// major version only on incompatible changes (terraform-inputs.md §4); ecsnet reads 0.x and
/// 1.x, and reading a later major version as if it were 1.x would guess.
fn unsupported_format(raw: &RawValue) -> Option<String> {
    let version: Option<String> = serde_json::from_str(raw.get()).ok();
    let Some(version) = version else {
        return Some(format!(
            "`format_version` is {}, not a version string like \"1.2\"",
            text::excerpt(raw.get())
        ));
    };
    match version.split('.').next() {
        Some("0" | "1") => None,
        _ => Some(format!(
            "`format_version` {:?} is not supported: ecsnet reads Terraform's JSON format \
             versions 0.x and 1.x; upgrade ecsnet",
            text::excerpt(&version)
        )),
    }
}

/// Parses the top level, borrowing every large part. Rejects a non-object first: serde
/// would otherwise read a JSON array positionally into the struct.
fn parse_top(text: &str) -> Result<Top<'_>, serde_json::Error> {
    if let Some(top) = split::parse_top(text) {
        return Ok(top);
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
    } else {
        serde_json::from_str::<serde::de::IgnoredAny>(text)?;
        Ok(Top {
            format_version: None,
            planned_values: None,
            resource_changes: None,
            configuration: None,
            values: None,
        })
    }
}

fn classify(top: &Top<'_>) -> Option<InputKind> {
    top.format_version?;
    if top.planned_values.is_some() || top.resource_changes.is_some() {
        Some(InputKind::Plan)
    } else {
        Some(InputKind::State)
    }
}

/// The document being read and the model being built.
struct Cx<'t> {
    file: &'t str,
    text: &'t str,
    model: Model,
    /// Line starts, built on the first problem that needs a position.
    index: std::cell::OnceCell<text::LineIndex>,
}

impl Cx<'_> {
    fn fail(&mut self, message: String, position: Option<(u32, u32)>, subject: Option<String>) {
        let location = position.map(|p| text::location(self.file, p));
        self.model
            .problems
            .push(Problem::invalid_input(message, subject, location));
    }

    /// A serde_json error met while parsing `sub` (a slice of the document).
    fn json_error(
        &mut self,
        what: &str,
        sub: &str,
        err: &serde_json::Error,
        subject: Option<String>,
    ) {
        let base = self.offset(sub);
        let index = self.index.get_or_init(|| text::LineIndex::new(self.text));
        let pos = index.position(self.text, base + text::offset_of_error(sub, err));
        let message = format!(
            "{what}: {} at line {} column {}",
            text::bare_message(err),
            pos.0,
            pos.1
        );
        self.fail(message, Some(pos), subject);
    }

    fn offset(&self, sub: &str) -> usize {
        let start = self.text.as_ptr() as usize;
        let at = sub.as_ptr() as usize;
        if at >= start && at <= start + self.text.len() {
            at - start
        } else {
            0
        }
    }

    fn position_of(&self, raw: &RawValue) -> Option<(u32, u32)> {
        let index = self.index.get_or_init(|| text::LineIndex::new(self.text));
        text::offset_of(self.text, raw).map(|o| index.position(self.text, o))
    }
}

fn read_plan(cx: &mut Cx<'_>, top: &Top<'_>) {
    let refs = top
        .configuration
        .map(|c| read_configuration(cx, c))
        .unwrap_or_default();
    if let Some(changes) = &top.resource_changes {
        read_changes(cx, changes, &refs);
    } else if let Some(values) = top.planned_values {
        read_values(cx, values, Some(&refs));
    }
}

fn read_configuration(cx: &mut Cx<'_>, raw: &RawValue) -> ConfigRefs {
    let conf: Configuration<'_> = match serde_json::from_str(raw.get()) {
        Ok(c) => c,
        Err(e) => {
            cx.json_error("`configuration` cannot be read", raw.get(), &e, None);
            return ConfigRefs::default();
        }
    };
    let Some(root) = conf.root_module else {
        return ConfigRefs::default();
    };
    cx.model.root_blocks = root
        .resources
        .iter()
        .map(|r| match r.mode.as_deref() {
            Some("data") => format!("data.{}.{}", r.rtype, r.name),
            _ => format!("{}.{}", r.rtype, r.name),
        })
        .chain(root.module_calls.keys().map(|k| format!("module.{k}")))
        .collect();
    let mut refs = config::collect(&root, is_relevant_type);
    for (addr, e) in std::mem::take(&mut refs.errors) {
        let msg = format!("the expressions of `{addr}` in `configuration` cannot be read: {e}");
        cx.fail(msg, cx.position_of(raw), Some(addr));
    }
    refs
}

/// `resource_changes` unparsed, and its entries, found again to position a problem (only
/// ever on the error path: the first pass keeps no positions).
fn raw_changes<'t>(text: &'t str) -> Option<(&'t RawValue, Vec<&'t RawValue>)> {
    let top: TopRaw<'t> = serde_json::from_str(text).ok()?;
    let raw = top.resource_changes?;
    let entries = serde_json::from_str(raw.get()).unwrap_or_default();
    Some((raw, entries))
}

/// Below this many entries per thread that may matter, reading them on another thread costs
/// more than it saves.
const PARALLEL_ENTRIES: usize = 128;

fn read_changes(cx: &mut Cx<'_>, changes: &changes::Changes<'_>, refs: &ConfigRefs) {
    let text = cx.text;
    let entries = match changes {
        changes::Changes::List(v) => v,
        changes::Changes::NotAList => {
            let at = raw_changes(text).and_then(|(raw, _)| cx.position_of(raw));
            cx.fail("`resource_changes` is not a list".into(), at, None);
            return;
        }
    };
    // Building the values of thousands of ECS resources is most of the work after the one
    // pass over the document; entries are independent, so the cores share it. Outcomes
    // are applied in entry order, so the model does not depend on the split.
    let outcomes = crate::par::map(entries, PARALLEL_ENTRIES, |(i, e)| {
        (*i, read_entry(e, refs))
    });
    // Found again once, on the first problem that needs an entry's position (not per entry:
    // 100,000 bad entries must not parse the document 100,000 times).
    let all: std::cell::OnceCell<Vec<&RawValue>> = std::cell::OnceCell::new();
    let entry_position = |cx: &Cx<'_>, i: usize| {
        all.get_or_init(|| raw_changes(text).map(|(_, all)| all).unwrap_or_default())
            .get(i)
            .copied()
            .and_then(|raw| cx.position_of(raw))
    };
    for (i, outcome) in outcomes {
        match outcome {
            Outcome::Skip => {}
            Outcome::Resource(r) => cx.model.resources.push(*r),
            Outcome::BadEntry(e) => {
                let at = match e.at {
                    Some(raw) => cx.position_of(raw),
                    None => entry_position(cx, i),
                };
                let msg = format!("a `resource_changes` entry cannot be read: {}", e.message);
                cx.fail(msg, at, None);
            }
            Outcome::NoChange(address) => {
                let msg = format!("`{address}` has no `change` in `resource_changes`");
                let at = entry_position(cx, i);
                cx.fail(msg, at, Some(address));
            }
            Outcome::BadChange(address, raw, e) => {
                let what = format!("the change of `{address}` cannot be read");
                cx.json_error(&what, raw.get(), &e, Some(address));
            }
        }
    }
}

/// What one entry of `resource_changes` yields.
enum Outcome<'t> {
    /// Not read: deposed, or not a type ECS analysis reads.
    Skip,
    /// A resource of the model.
    Resource(Box<Resource>),
    /// The entry's own fields cannot be read.
    BadEntry(changes::EntryError<'t>),
    /// The entry (this address) has no `change`.
    NoChange(String),
    /// The `change` of this address cannot be read.
    BadChange(String, &'t RawValue, serde_json::Error),
}

/// Reads one entry without touching the model, so entries can be read on several threads.
fn read_entry<'t>(entry: &changes::Entry<'t>, refs: &ConfigRefs) -> Outcome<'t> {
    let rc = match entry.resource_change() {
        Ok(rc) => rc,
        Err(e) => return Outcome::BadEntry(e),
    };
    if rc.deposed.is_some() || !is_relevant_type(&rc.rtype) {
        return Outcome::Skip;
    }
    let module = rc.module_address.as_deref().unwrap_or("");
    let mut r = new_resource(module, rc.mode.as_deref(), &rc.rtype, &rc.name, rc.index);
    r.address = rc.address.to_string();
    let Some(raw) = rc.change else {
        return Outcome::NoChange(r.address);
    };
    let body: ChangeBody<'_> = match serde_json::from_str(raw.get()) {
        Ok(b) => b,
        Err(e) => return Outcome::BadChange(r.address, raw, e),
    };
    let before_raw = body.before.filter(|b| b.get() != "null");
    // A deleted (or, on newer Terraform, forgotten) instance has no `after`; the analysis
    // reports it as deleted from what it was.
    let gone = body.after.as_ref().is_none_or(Value::is_null);
    // A deleted instance's values are its `before`, built in full; otherwise only what the
    // analysis compares is built.
    let read = |b: &RawValue| match gone {
        true => Value::from_json_str(b.get()),
        false => before::kept(b),
    };
    let before = match before_raw.map(|b| (b, read(b))) {
        None => None,
        Some((_, Ok(v))) => Some(v),
        Some((b, Err(e))) => return Outcome::BadChange(r.address, b, e),
    };
    let (values, before) = match before {
        Some(full) if gone => {
            let kept = before::kept_of(&full);
            (full, Some(kept))
        }
        before => (
            unknown::merge(body.after, body.after_unknown.as_ref()),
            before,
        ),
    };
    r.values = as_object(values);
    r.change = Some(Change {
        actions: body.actions,
        before,
    });
    attach_references(&mut r, refs);
    Outcome::Resource(Box::new(r))
}

/// Reads a values representation (a state's `values`, or a plan's `planned_values`).
fn read_values(cx: &mut Cx<'_>, raw: &RawValue, refs: Option<&ConfigRefs>) {
    let repr: ValuesRepr<'_> = match serde_json::from_str(raw.get()) {
        Ok(r) => r,
        Err(e) => {
            cx.json_error(
                "the values representation cannot be read",
                raw.get(),
                &e,
                None,
            );
            return;
        }
    };
    if let Some(root) = &repr.root_module {
        read_module_values(cx, root, refs);
    }
}

fn read_module_values(cx: &mut Cx<'_>, module: &ModuleValues<'_>, refs: Option<&ConfigRefs>) {
    let module_addr = module.address.as_deref().unwrap_or("");
    for entry in &module.resources {
        let rv: ResourceValues<'_> = match serde_json::from_str(entry.get()) {
            Ok(rv) => rv,
            Err(e) => {
                cx.json_error("a resource entry cannot be read", entry.get(), &e, None);
                continue;
            }
        };
        if rv.deposed_key.is_some() || !is_relevant_type(&rv.rtype) {
            continue;
        }
        let mut r = new_resource(
            module_addr,
            rv.mode.as_deref(),
            &rv.rtype,
            &rv.name,
            rv.index,
        );
        r.address = rv.address.to_string();
        if let Some(values) = rv.values {
            match Value::from_json_str(values.get()) {
                Ok(v) => r.values = as_object(v),
                Err(e) => {
                    let what = format!("the values of `{}` cannot be read", rv.address);
                    cx.json_error(&what, values.get(), &e, Some(r.address));
                    continue;
                }
            }
        }
        if let Some(refs) = refs {
            attach_references(&mut r, refs);
        }
        cx.model.resources.push(r);
    }
    for child in &module.child_modules {
        read_module_values(cx, child, refs);
    }
}

fn new_resource(
    module: &str,
    mode: Option<&str>,
    rtype: &str,
    name: &str,
    index: Option<&RawValue>,
) -> Resource {
    let mode = if mode == Some("data") {
        Mode::Data
    } else {
        Mode::Managed
    };
    Resource::new(module, mode, rtype, name, address::key_of(index))
}

fn attach_references(r: &mut Resource, refs: &ConfigRefs) {
    let module = address::strip_keys(&r.module);
    if let Some(found) = refs.resource(&module, r.mode == Mode::Data, &r.rtype, &r.name) {
        r.references = std::sync::Arc::clone(found);
        let each_key = match &r.key {
            Some(crate::model::InstanceKey::Str(k)) => Some(k.as_str()),
            _ => None,
        };
        r.module_call_references = refs.through_calls(&r.module, &r.references, each_key);
    }
}

/// Resource values are always an object; `null` (e.g. a create whose `after` is missing)
/// becomes an empty one.
fn as_object(v: Value) -> Value {
    match v {
        Value::Object(_) => v,
        _ => Value::Object(Default::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_message(m: &Model) -> &str {
        assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
        &m.problems[0].message
    }

    #[test]
    fn a_future_major_format_version_is_refused_not_guessed() {
        let m = load_bytes(
            "p.json",
            br#"{"format_version": "2.0", "resource_changes": []}"#,
        );
        assert!(
            only_message(&m).contains("\"2.0\" is not supported"),
            "{m:?}"
        );
        let loc = m.problems[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (1, 20));
        let m = load_bytes("p.json", br#"{"format_version": 1.2, "values": {}}"#);
        assert!(only_message(&m).contains("not a version string"), "{m:?}");
        for ok in ["0.1", "1.0", "1.99"] {
            let text = format!(r#"{{"format_version": "{ok}", "resource_changes": []}}"#);
            assert!(load_bytes("p.json", text.as_bytes()).problems.is_empty());
        }
    }
}
