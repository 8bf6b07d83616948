//! The loader (sources, sandbox, parsed module directories, problems) and module instances
//! with their lazily evaluated, memoised locals, outputs, resources and child modules.

use super::config::{BlockRef, ModuleConfig};
use super::eval::{Cx, Scope};
use super::source::{Sandbox, SourceMap};
use super::textmap::TextOrigins;
use super::types::{self, Ty};
use super::value::{Entry, Obj, V};
use crate::model::{FastMap as HashMap, FastSet as HashSet};
use crate::model::{InstanceKey, Location, Mode, Problem};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What the error for a reference to an undeclared module output says.
pub(super) const NO_OUTPUT: &str = " declares no output ";

/// Module calls nest at most this deep (TFLint's limit).
pub(super) const MAX_MODULE_DEPTH: usize = 10;
/// `for_each`/`count`/`range` beyond this many elements is refused.
pub(super) const MAX_INSTANCES: usize = 100_000;
/// Resource and module instances expanded from `count`/`for_each` in one load, all blocks
/// and modules together. Nested expansions multiply (a module with `count = 1000` around a
/// resource with `count = 1000` is a million instances from a few lines); each instance
/// costs about 10 KB, so this keeps any configuration within about 500 MB.
pub(super) const MAX_TOTAL_INSTANCES: usize = 50_000;
/// Nested lazy evaluations (a local using a local using ...) beyond this are refused.
const MAX_EVAL_DEPTH: usize = 400;

/// Everything shared by one load.
pub(super) struct Loader {
    /// The workspace sandbox.
    pub sandbox: Sandbox,
    /// Every file read.
    pub sources: SourceMap,
    /// Findings raised while loading and evaluating.
    pub problems: RefCell<Vec<Problem>>,
    configs: RefCell<HashMap<PathBuf, Rc<ModuleConfig>>>,
    /// `.terraform/modules/modules.json`: module key (`svc.inner`) -> directory.
    modules_json: HashMap<String, Result<PathBuf, String>>,
    /// Parsed templates by canonical path: (source id, template) or the error.
    pub templates: RefCell<HashMap<PathBuf, ParsedTemplate>>,
    /// Files read by `file()`, by canonical path: their source id.
    pub files: RefCell<HashMap<PathBuf, usize>>,
    /// How JSON-looking strings were built, for key locations inside them.
    pub texts: TextOrigins,
    depth: Cell<usize>,
    /// Instances expanded so far (see [`MAX_TOTAL_INSTANCES`]).
    instances: Cell<usize>,
    /// Names of lazily evaluated items in progress, for cycle messages.
    pub stack: RefCell<Vec<String>>,
    reported_cycles: RefCell<HashSet<String>>,
    /// Unknown values that stand for attributes of resource instances: keyed by the address
    /// of their reason (an `Rc` is shared, never copied, as the unknown propagates), which
    /// is kept here so the address is never reused. See [`crate::model::Resource::resolved`].
    provenance: RefCell<HashMap<usize, (Rc<str>, crate::model::Resolved)>>,
    /// `terraform.workspace`.
    pub workspace: String,
    /// Set once module loading stopped at [`MAX_TOTAL_INSTANCES`] (reported once).
    instances_spent: Cell<bool>,
    /// Bytes built and loop iterations run (see [`super::budget`]).
    pub budget: super::budget::EvalBudget,
    /// Module calls whose remote source is not on disk (no `terraform init`): what they
    /// declare is not analyzed, which the run says (`inputs[].modules_not_loaded`).
    pub not_loaded: RefCell<std::collections::BTreeSet<String>>,
}

/// A template file parsed once: (source id, template), or why it cannot be used.
pub(super) type ParsedTemplate = Rc<Result<(usize, hcl_edit::template::Template), String>>;

/// A memo slot.
enum Slot<T> {
    InProgress,
    Done(T),
}

/// How a resource or module call expands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expansion {
    /// No `count`/`for_each`.
    Single,
    /// `count`.
    Count,
    /// `for_each`.
    ForEach,
    /// `count`/`for_each` unknown: one symbolic instance.
    Unknown(Rc<str>),
}

/// The evaluated instances of a resource.
#[derive(Debug, Clone)]
pub(super) struct ResInstances {
    /// How it expanded.
    pub expansion: Expansion,
    /// (instance key, attribute object) per instance.
    pub items: Vec<(Option<InstanceKey>, V)>,
}

/// The instances of a module call.
pub(super) struct ChildSet {
    /// How it expanded.
    pub expansion: Expansion,
    /// (instance key, instance) per instance.
    pub items: Vec<(Option<InstanceKey>, Rc<ModInst>)>,
    /// Why the module's outputs are unknown, when its source cannot be loaded.
    pub unavailable: Option<Rc<str>>,
}

/// One instance of a module (the root, or one expansion of a call).
pub(super) struct ModInst {
    /// Its configuration.
    pub cfg: Rc<ModuleConfig>,
    /// Its address: `""` for the root, `module.a["x"].module.b`.
    pub path: String,
    /// Module key as in modules.json: `a.b` (no instance keys).
    pub key_path: String,
    /// Canonical directories of this module and its callers (recursion detection).
    pub ancestry: Vec<PathBuf>,
    /// Values given to its variables (unconverted): the root's from tfvars and options,
    /// a child's from the module call.
    pub inputs: BTreeMap<String, V>,
    /// The `path.module` string.
    pub path_module: String,
    vars: RefCell<HashMap<String, Result<V, String>>>,
    locals: RefCell<HashMap<String, Slot<Result<V, String>>>>,
    outputs: RefCell<HashMap<String, Slot<Result<V, String>>>>,
    resources: RefCell<HashMap<usize, Slot<Rc<ResInstances>>>>,
    children: RefCell<HashMap<String, Slot<Rc<ChildSet>>>>,
}

impl ModInst {
    /// A module instance.
    pub(super) fn new(
        cfg: Rc<ModuleConfig>,
        path: String,
        key_path: String,
        ancestry: Vec<PathBuf>,
        inputs: BTreeMap<String, V>,
        path_module: String,
    ) -> ModInst {
        ModInst {
            cfg,
            path,
            key_path,
            ancestry,
            inputs,
            path_module,
            vars: RefCell::default(),
            locals: RefCell::default(),
            outputs: RefCell::default(),
            resources: RefCell::default(),
            children: RefCell::default(),
        }
    }
}

impl Loader {
    /// A loader for the analyzed directory.
    pub(super) fn new(sandbox: Sandbox) -> Loader {
        let (modules_json, refused) = read_modules_json(&sandbox);
        Loader {
            sandbox,
            sources: SourceMap::default(),
            problems: RefCell::new(refused),
            configs: RefCell::default(),
            modules_json,
            templates: RefCell::default(),
            files: RefCell::default(),
            texts: TextOrigins::default(),
            depth: Cell::new(0),
            instances: Cell::new(0),
            stack: RefCell::default(),
            reported_cycles: RefCell::default(),
            instances_spent: Cell::new(false),
            workspace: "default".to_string(),
            provenance: RefCell::default(),
            budget: Default::default(),
            not_loaded: RefCell::default(),
        }
    }

    /// The parsed configuration of a directory (parsed once).
    pub(super) fn config(&self, dir: &Path) -> Rc<ModuleConfig> {
        if let Some(c) = self.configs.borrow().get(dir) {
            return c.clone();
        }
        let mut f = Vec::new();
        let c = Rc::new(ModuleConfig::load(
            dir,
            &self.sandbox,
            &self.sources,
            &mut f,
        ));
        self.problems.borrow_mut().extend(f);
        self.configs
            .borrow_mut()
            .insert(dir.to_path_buf(), c.clone());
        c
    }

    /// Records an input problem (the rules report it as ECS901 `invalid-input`).
    pub(super) fn invalid_input(&self, msg: String, loc: Option<Location>) {
        self.problems
            .borrow_mut()
            .push(Problem::invalid_input(msg, None, loc));
    }

    /// Adds the attributes every managed resource computes, unknown until apply; each stands
    /// for the instance `address` (traced, see [`Loader::trace`]).
    fn computed(&self, obj: &mut Obj, mode: Mode, rtype: &str, address: &str) {
        let mut names = vec!["id"];
        if mode == Mode::Managed && rtype.starts_with("aws_") {
            names.push("arn");
        }
        for n in names {
            if obj.contains_key(n) {
                continue;
            }
            let reason: Rc<str> = Rc::from(format!("{address}.{n} is known after apply").as_str());
            self.trace(
                &reason,
                crate::model::Resolved {
                    addresses: vec![address.to_string()],
                    undecided: None,
                },
            );
            obj.insert(n.to_string(), Entry::plain(V::Unknown(reason)));
        }
    }

    /// Records where the unknown with this reason comes from.
    pub(super) fn trace(&self, reason: &Rc<str>, r: crate::model::Resolved) {
        self.provenance.borrow_mut().insert(
            Rc::as_ptr(reason) as *const u8 as usize,
            (reason.clone(), r),
        );
    }

    /// Where an unknown value comes from, when traced.
    pub(super) fn traced(&self, v: &V) -> Option<crate::model::Resolved> {
        let V::Unknown(r) = v else { return None };
        self.provenance
            .borrow()
            .get(&(Rc::as_ptr(r) as *const u8 as usize))
            .map(|(_, p)| p.clone())
    }

    /// Runs `f` one lazy-evaluation level deeper, refusing runaway depth.
    fn deeper<T>(&self, what: String, f: impl FnOnce() -> T, too_deep: T) -> T {
        if self.depth.get() >= MAX_EVAL_DEPTH {
            return too_deep;
        }
        self.depth.set(self.depth.get() + 1);
        self.stack.borrow_mut().push(what);
        let r = f();
        self.stack.borrow_mut().pop();
        self.depth.set(self.depth.get() - 1);
        r
    }

    fn cycle_chain(&self, what: &str) -> String {
        let st = self.stack.borrow();
        let start = st.iter().rposition(|s| s == what).unwrap_or(0);
        let mut parts: Vec<&str> = st[start..].iter().map(String::as_str).collect();
        parts.push(what);
        parts.join(" -> ")
    }

    /// The value of `var.NAME` in a module instance: input (or default), converted to the
    /// declared type; `nullable = false` turns null into the default.
    pub(super) fn var(&self, m: &ModInst, name: &str) -> Result<V, String> {
        if let Some(v) = m.vars.borrow().get(name) {
            return v.clone();
        }
        // Terraform allows no references in a variable's `default`; one that refers to its
        // own variable (directly or through another) would recurse until the stack
        // overflows. While the default is evaluated, the variable reads as unknown.
        m.vars.borrow_mut().insert(
            name.to_string(),
            Ok(V::unknown(format!(
                "the default of var.{name} refers to var.{name}"
            ))),
        );
        let r = self.var_uncached(m, name);
        m.vars.borrow_mut().insert(name.to_string(), r.clone());
        r
    }

    fn var_uncached(&self, m: &ModInst, name: &str) -> Result<V, String> {
        let decl = m
            .cfg
            .variables
            .get(name)
            .ok_or_else(|| format!("reference to undeclared input variable var.{name}"))?;
        let ty = m
            .cfg
            .attr(decl, "type")
            .map_or(Ty::Any, |(_, a)| types::parse(&a.value));
        let default = match m.cfg.attr(decl, "default") {
            Some((sid, a)) => {
                let cx = Cx::new(self, m, sid);
                Some(cx.eval(&a.value, &Scope::root()).unwrap_or_else(V::unknown))
            }
            None => None,
        };
        let nullable = m
            .cfg
            .attr(decl, "nullable")
            .and_then(|(_, a)| a.value.as_bool())
            .unwrap_or(true);
        let given = m.inputs.get(name).cloned();
        let v = match (given, default) {
            (Some(V::Null), Some(d)) if !nullable => d,
            (Some(v), _) => v,
            (None, Some(d)) => d,
            (None, None) => {
                if m.path.is_empty() {
                    return Ok(V::unknown(format!("var.{name} has no value")));
                }
                return Ok(V::unknown(format!("var.{name} of {} has no value", m.path)));
            }
        };
        types::convert(v, &ty).map_err(|e| format!("invalid value for var.{name}: {e}"))
    }

    /// The value of `local.NAME`, evaluated once; a cycle is reported and yields unknown.
    pub(super) fn local(&self, m: &ModInst, name: &str) -> Result<V, String> {
        let what = || format!("{}local.{name}", prefix(&m.path));
        match m.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::InProgress) => return Ok(self.cycle(m, name, &what())),
            None => {}
        }
        let Some(lr) = m.cfg.locals.get(name) else {
            return Err(format!("reference to undeclared local value local.{name}"));
        };
        m.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let r = self.deeper(
            what(),
            || match m.cfg.local(lr) {
                Some((sid, a)) => Cx::new(self, m, sid).eval(&a.value, &Scope::root()),
                None => Err(format!("local.{name} not found")),
            },
            Ok(V::unknown("evaluation nested too deeply")),
        );
        // A cycle found deeper may already have stored its unknown here.
        let mut locals = m.locals.borrow_mut();
        if let Some(Slot::Done(v)) = locals.get(name) {
            return v.clone();
        }
        locals.insert(name.to_string(), Slot::Done(r.clone()));
        r
    }

    fn cycle(&self, m: &ModInst, name: &str, what: &str) -> V {
        let chain = self.cycle_chain(what);
        let msg = format!("locals cycle: {chain}");
        let mut members: Vec<&str> = chain.split(" -> ").collect();
        members.sort();
        members.dedup();
        let key = members.join(",");
        if self.reported_cycles.borrow_mut().insert(key)
            && let Some(lr) = m.cfg.locals.get(name)
            && let Some((sid, a)) = m.cfg.local(lr)
        {
            use hcl_edit::Span;
            let loc = a
                .key
                .span()
                .and_then(|s| self.sources.location(sid, s.start));
            self.invalid_input(msg.clone(), loc);
        }
        V::unknown(msg)
    }

    /// The value of `output.NAME` of a module instance.
    pub(super) fn output(&self, m: &ModInst, name: &str) -> Result<V, String> {
        match m.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::InProgress) => {
                return Ok(V::unknown(format!(
                    "cycle through output {name} of {}",
                    m.path
                )));
            }
            None => {}
        }
        let Some(decl) = m.cfg.outputs.get(name) else {
            return Err(format!("module `{}`{NO_OUTPUT}`{name}`", m.path));
        };
        m.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let r = self.deeper(
            format!("{}output.{name}", prefix(&m.path)),
            || match m.cfg.attr(decl, "value") {
                Some((sid, a)) => Cx::new(self, m, sid).eval(&a.value, &Scope::root()),
                None => Ok(V::Null),
            },
            Ok(V::unknown("evaluation nested too deeply")),
        );
        m.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(r.clone()));
        r
    }

    /// Every output of a module instance as an object.
    pub(super) fn outputs_obj(&self, m: &ModInst) -> V {
        let names: Vec<String> = m.cfg.outputs.keys().cloned().collect();
        V::Obj(
            names
                .into_iter()
                .map(|n| {
                    let v = self.output(m, &n).unwrap_or_else(V::unknown);
                    (n, Entry::plain(v))
                })
                .collect(),
        )
    }

    /// The evaluated instances of a resource (by index in the module's resources).
    pub(super) fn resource(&self, m: &ModInst, idx: usize) -> Rc<ResInstances> {
        match m.resources.borrow().get(&idx) {
            Some(Slot::Done(r)) => return r.clone(),
            Some(Slot::InProgress) => {
                return Rc::new(ResInstances {
                    expansion: Expansion::Unknown(Rc::from("reference cycle")),
                    items: Vec::new(),
                });
            }
            None => {}
        }
        m.resources.borrow_mut().insert(idx, Slot::InProgress);
        let what = m.cfg.resources.get(idx).map_or_else(String::new, |d| {
            format!("{}{}.{}", prefix(&m.path), d.rtype, d.name)
        });
        let r = Rc::new(self.deeper(
            what,
            || self.eval_resource(m, idx),
            ResInstances {
                expansion: Expansion::Unknown(Rc::from("evaluation nested too deeply")),
                items: Vec::new(),
            },
        ));
        m.resources.borrow_mut().insert(idx, Slot::Done(r.clone()));
        r
    }

    fn eval_resource(&self, m: &ModInst, idx: usize) -> ResInstances {
        let Some(decl) = m.cfg.resources.get(idx) else {
            return ResInstances {
                expansion: Expansion::Single,
                items: Vec::new(),
            };
        };
        let data = if decl.mode == Mode::Data { "data." } else { "" };
        let label = format!("{}{data}{}.{}", prefix(&m.path), decl.rtype, decl.name);
        let (expansion, keys) = self.expand(m, &decl.block, &label);
        let items = keys
            .into_iter()
            .map(|(key, scope_vars)| {
                let sc = Scope::with(scope_vars);
                let mut obj = self.block_obj(m, &decl.block, &sc);
                let address = match &key {
                    Some(k) => format!("{label}{k}"),
                    None => label.clone(),
                };
                self.computed(&mut obj, decl.mode, &decl.rtype, &address);
                if decl.mode == Mode::Data && decl.rtype == "template_file" {
                    let rendered = super::funcs::render_template_file(self, m, &obj);
                    obj.insert("rendered".into(), Entry::plain(rendered));
                }
                (key, V::Obj(obj))
            })
            .collect();
        ResInstances { expansion, items }
    }

    /// Expands `count`/`for_each` of a block into instance keys and their scope variables,
    /// within the budget of [`MAX_TOTAL_INSTANCES`] for the whole load: past it, the block
    /// is one symbolic instance and a finding says so.
    #[allow(clippy::type_complexity)]
    pub(super) fn expand(
        &self,
        m: &ModInst,
        b: &BlockRef,
        label: &str,
    ) -> (Expansion, Vec<(Option<InstanceKey>, Vec<(String, V)>)>) {
        let (expansion, keys) = self.expand_unbounded(m, b, label);
        if !matches!(expansion, Expansion::Count | Expansion::ForEach) {
            // One instance still counts: module calls without `count` fan out too (ten
            // calls per module, ten levels deep, are 10^10 instances).
            self.instances.set(self.instances.get().saturating_add(1));
            return (expansion, keys);
        }
        let total = self.instances.get().saturating_add(keys.len());
        if total <= MAX_TOTAL_INSTANCES {
            self.instances.set(total);
            return (expansion, keys);
        }
        let (attr, var) = match expansion {
            Expansion::Count => ("count", "count"),
            _ => ("for_each", "each"),
        };
        let loc = m
            .cfg
            .attr(b, attr)
            .and_then(|(sid, a)| self.attr_loc(sid, a));
        self.invalid_input(
            format!(
                "{attr} of {label} would make more than {MAX_TOTAL_INSTANCES} resource and \
                 module instances in this configuration; its {} instances are not expanded",
                keys.len()
            ),
            loc,
        );
        let reason = format!("{attr} of {label} is beyond the instance limit");
        let u = V::unknown(&reason);
        let scope = if var == "count" {
            vec![(
                "count".to_string(),
                V::Obj(
                    [("index".to_string(), Entry::plain(u))]
                        .into_iter()
                        .collect(),
                ),
            )]
        } else {
            vec![(
                "each".to_string(),
                V::Obj(
                    [
                        ("key".to_string(), Entry::plain(u.clone())),
                        ("value".to_string(), Entry::plain(u)),
                    ]
                    .into_iter()
                    .collect(),
                ),
            )]
        };
        (
            Expansion::Unknown(Rc::from(reason.as_str())),
            vec![(None, scope)],
        )
    }

    #[allow(clippy::type_complexity)]
    fn expand_unbounded(
        &self,
        m: &ModInst,
        b: &BlockRef,
        label: &str,
    ) -> (Expansion, Vec<(Option<InstanceKey>, Vec<(String, V)>)>) {
        let obj = |pairs: Vec<(&str, V)>| {
            V::Obj(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), Entry::plain(v)))
                    .collect(),
            )
        };
        let symbolic = |reason: String, var: &str| {
            let u = V::unknown(&reason);
            let sv = if var == "count" {
                vec![("count".to_string(), obj(vec![("index", u)]))]
            } else {
                vec![(
                    "each".to_string(),
                    obj(vec![("key", u.clone()), ("value", u)]),
                )]
            };
            (
                Expansion::Unknown(Rc::from(reason.as_str())),
                vec![(None, sv)],
            )
        };
        if let Some((sid, a)) = m.cfg.attr(b, "count") {
            let v = Cx::new(self, m, sid).eval(&a.value, &Scope::root());
            let n = match v {
                Ok(V::Unknown(r)) => {
                    return symbolic(format!("count of {label} is not known: {r}"), "count");
                }
                Ok(v) => super::value::to_int(&v),
                Err(e) => Err(e),
            };
            return match n {
                Ok(n) if (0..=MAX_INSTANCES as i64).contains(&n) => (
                    Expansion::Count,
                    (0..n)
                        .map(|i| {
                            (
                                Some(InstanceKey::Int(i)),
                                vec![("count".to_string(), obj(vec![("index", V::Num(i as f64))]))],
                            )
                        })
                        .collect(),
                ),
                Ok(n) => {
                    self.invalid_input(
                        format!(
                            "count of {label} is {n}: outside 0..={MAX_INSTANCES}, not expanded"
                        ),
                        self.attr_loc(sid, a),
                    );
                    symbolic(format!("count of {label} is out of range"), "count")
                }
                // Terraform rejects it at plan time: said at the attribute, not left as a
                // silent symbolic instance.
                Err(e) => {
                    let msg = format!("count of {label} is invalid: {e}");
                    self.invalid_input(msg.clone(), self.attr_loc(sid, a));
                    symbolic(msg, "count")
                }
            };
        }
        if let Some((sid, a)) = m.cfg.attr(b, "for_each") {
            let v = Cx::new(self, m, sid)
                .eval(&a.value, &Scope::root())
                .map(V::realize);
            let pairs: Vec<(String, V)> = match v {
                Ok(V::Unknown(r)) => {
                    return symbolic(format!("for_each of {label} is not known: {r}"), "each");
                }
                Ok(V::Obj(o)) => o.into_iter().map(|(k, e)| (k, e.v)).collect(),
                Ok(V::List(l)) => {
                    let mut out = Vec::new();
                    for x in l {
                        match x {
                            V::Str(s) => out.push((s.clone(), V::Str(s))),
                            V::Unknown(r) => {
                                return symbolic(
                                    format!("for_each of {label} is not known: {r}"),
                                    "each",
                                );
                            }
                            other => {
                                let msg = format!(
                                    "for_each of {label} holds a {}, not strings",
                                    other.type_name()
                                );
                                self.invalid_input(msg.clone(), self.attr_loc(sid, a));
                                return symbolic(msg, "each");
                            }
                        }
                    }
                    out.sort_by(|a, b| a.0.cmp(&b.0));
                    out.dedup_by(|a, b| a.0 == b.0);
                    out
                }
                Ok(other) => {
                    let msg = format!(
                        "for_each of {label} is a {}, not a map or set",
                        other.type_name()
                    );
                    self.invalid_input(msg.clone(), self.attr_loc(sid, a));
                    return symbolic(msg, "each");
                }
                Err(e) => {
                    let msg = format!("for_each of {label} is invalid: {e}");
                    self.invalid_input(msg.clone(), self.attr_loc(sid, a));
                    return symbolic(msg, "each");
                }
            };
            if pairs.len() > MAX_INSTANCES {
                self.invalid_input(
                    format!(
                        "for_each of {label} has {} elements: more than {MAX_INSTANCES}, not expanded",
                        pairs.len()
                    ),
                    self.attr_loc(sid, a),
                );
                return symbolic(format!("for_each of {label} is too large"), "each");
            }
            return (
                Expansion::ForEach,
                pairs
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            Some(InstanceKey::Str(k.clone())),
                            vec![(
                                "each".to_string(),
                                obj(vec![("key", V::Str(k)), ("value", v)]),
                            )],
                        )
                    })
                    .collect(),
            );
        }
        (Expansion::Single, vec![(None, Vec::new())])
    }

    /// The location of an attribute's key.
    pub(super) fn attr_loc(
        &self,
        sid: usize,
        a: &hcl_edit::structure::Attribute,
    ) -> Option<Location> {
        use hcl_edit::Span;
        let key = a.key.span()?;
        let end = a.value.span().map_or(key.end, |v| v.end);
        self.sources.span(sid, key.start, end)
    }

    /// A resource body as an object: arguments (errors become unknown), nested blocks as
    /// lists of objects, `dynamic` blocks expanded.
    pub(super) fn block_obj(&self, m: &ModInst, b: &BlockRef, sc: &Scope) -> Obj {
        let mut obj = Obj::new();
        for (sid, a) in m.cfg.attrs(b) {
            let k = a.key.as_str();
            if META_ARGS.contains(&k) {
                continue;
            }
            let cx = Cx::new(self, m, sid);
            let v = cx.eval(&a.value, sc).unwrap_or_else(V::unknown);
            obj.insert(
                k.to_string(),
                Entry {
                    v,
                    origin: cx.origin_between(&a.key, &a.value),
                },
            );
        }
        let nested = m.cfg.nested(b);
        for (sid, nb) in nested {
            let cx = Cx::new(self, m, sid);
            cx.add_nested_block(&mut obj, nb, sc);
        }
        obj
    }

    /// The instances of a module call, instantiated once.
    pub(super) fn children(&self, m: &ModInst, name: &str) -> Result<Rc<ChildSet>, String> {
        match m.children.borrow().get(name) {
            Some(Slot::Done(c)) => return Ok(c.clone()),
            Some(Slot::InProgress) => {
                return Err(format!("module.{name} depends on itself"));
            }
            None => {}
        }
        if !m.cfg.modules.contains_key(name) {
            return Err(format!("reference to undeclared module module.{name}"));
        }
        m.children
            .borrow_mut()
            .insert(name.to_string(), Slot::InProgress);
        let c = Rc::new(self.deeper(
            format!("{}module.{name}", prefix(&m.path)),
            || self.instantiate(m, name),
            ChildSet {
                expansion: Expansion::Single,
                items: Vec::new(),
                unavailable: Some(Rc::from("evaluation nested too deeply")),
            },
        ));
        m.children
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(c.clone()));
        Ok(c)
    }

    fn instantiate(&self, m: &ModInst, name: &str) -> ChildSet {
        let unavailable = |why: String| ChildSet {
            expansion: Expansion::Single,
            items: Vec::new(),
            unavailable: Some(Rc::from(why.as_str())),
        };
        let Some(call) = m.cfg.modules.get(name) else {
            return unavailable(format!("module.{name} is not declared"));
        };
        let key_path = if m.key_path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", m.key_path)
        };
        let Some((sid, src_attr)) = m.cfg.attr(call, "source") else {
            return unavailable(format!("module {name} has no source"));
        };
        let src = match Cx::new(self, m, sid).eval(&src_attr.value, &Scope::root()) {
            Ok(V::Str(s)) => s,
            _ => return unavailable(format!("module {name} source is not a known string")),
        };
        let loc = self.attr_loc(sid, src_attr);
        let dir = if src.starts_with("./") || src.starts_with("../") || src == "." || src == ".." {
            match self.sandbox.confine(&m.cfg.dir, &src) {
                Ok(Some(d)) if d.is_dir() => d,
                Ok(_) => {
                    self.invalid_input(
                        format!("module {name}: source {src:?} does not exist"),
                        loc,
                    );
                    return unavailable(format!("module {name} source {src:?} does not exist"));
                }
                Err(e) => {
                    self.invalid_input(format!("module {name}: source {src:?}: {e}"), loc);
                    return unavailable(format!("module {name} source {src:?}: {e}"));
                }
            }
        } else {
            match self.modules_json.get(&key_path) {
                Some(Ok(d)) => d.clone(),
                Some(Err(e)) => {
                    self.invalid_input(format!("module {name}: {e}"), loc);
                    return unavailable(format!("module {name}: {e}"));
                }
                None => {
                    let at = if m.key_path.is_empty() {
                        String::new()
                    } else {
                        format!("module.{}.", m.key_path.replace('.', ".module."))
                    };
                    self.not_loaded
                        .borrow_mut()
                        .insert(format!("{at}module.{name} ({src:?})"));
                    return unavailable(format!(
                        "module {name} source {src:?} is not available locally"
                    ));
                }
            }
        };
        if m.ancestry.contains(&dir) {
            self.invalid_input(
                format!(
                    "module {name} calls its own directory {:?} recursively",
                    self.sandbox.display(&dir)
                ),
                loc,
            );
            return unavailable(format!("module {name} calls itself"));
        }
        if m.ancestry.len() >= MAX_MODULE_DEPTH {
            self.invalid_input(
                format!(
                    "module {name}: modules nested more than {MAX_MODULE_DEPTH} deep are not loaded"
                ),
                loc,
            );
            return unavailable(format!("module {name} is nested too deeply"));
        }
        if self.instances.get() >= MAX_TOTAL_INSTANCES {
            if !self.instances_spent.replace(true) {
                self.invalid_input(
                    format!(
                        "module {name} and the module calls after it are not loaded: this \
                         configuration already has {MAX_TOTAL_INSTANCES} resource and module \
                         instances"
                    ),
                    loc,
                );
            }
            return unavailable(format!("module {name} is beyond the instance limit"));
        }
        let cfg = self.config(&dir);
        let path_module = self.sandbox.display(&dir);
        let (expansion, keys) = self.expand(m, call, &format!("module.{name}"));
        let mut items = Vec::new();
        for (key, scope_vars) in keys {
            let sc = Scope::with(scope_vars);
            let mut inputs = BTreeMap::new();
            for (sid, a) in m.cfg.attrs(call) {
                let k = a.key.as_str();
                if MODULE_META.contains(&k) {
                    continue;
                }
                let v = Cx::new(self, m, sid)
                    .eval(&a.value, &sc)
                    .unwrap_or_else(V::unknown);
                inputs.insert(k.to_string(), v);
            }
            let mut path = prefix(&m.path);
            path.push_str("module.");
            path.push_str(name);
            if let Some(k) = &key {
                path.push_str(&k.to_string());
            }
            let mut ancestry = m.ancestry.clone();
            ancestry.push(dir.clone());
            items.push((
                key,
                Rc::new(ModInst::new(
                    cfg.clone(),
                    path,
                    key_path.clone(),
                    ancestry,
                    inputs,
                    path_module.clone(),
                )),
            ));
        }
        ChildSet {
            expansion,
            items,
            unavailable: None,
        }
    }
}

/// Arguments of resources that are not attributes.
const META_ARGS: &[&str] = &["count", "for_each", "provider", "depends_on"];
/// Arguments of module calls that are not inputs.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// `path.` prefix for addresses inside a module instance.
pub(super) use crate::model::refs::module_prefix as prefix;

fn read_modules_json(sb: &Sandbox) -> (HashMap<String, Result<PathBuf, String>>, Vec<Problem>) {
    const PATH: &str = ".terraform/modules/modules.json";
    let mut out = HashMap::default();
    let at = || {
        Some(Location {
            file: PATH.into(),
            line: 1,
            column: 1,
            end_line: None,
            end_column: None,
        })
    };
    // Committed by a pull request, it may link anywhere (`/dev/zero`): confined and bounded
    // like `file()`, and its directories confined like local module sources.
    let refused = |msg: String| vec![Problem::invalid_input(msg, None, at())];
    let p = match sb.confine(&sb.base, PATH) {
        Ok(Some(p)) => p,
        Ok(None) => return (out, Vec::new()),
        Err(e) => return (out, refused(format!("`{PATH}` is not read: {e}"))),
    };
    let text = match sb.read_text(&p) {
        Ok(t) => t,
        Err(e) => return (out, refused(format!("`{PATH}` cannot be read: {e}"))),
    };
    let Ok(j) = serde_json::from_str::<serde_json::Value>(&text) else {
        return (out, refused(format!("`{PATH}` is not valid JSON")));
    };
    for m in j
        .get("Modules")
        .and_then(|x| x.as_array())
        .into_iter()
        .flatten()
    {
        let (Some(k), Some(d)) = (
            m.get("Key").and_then(|x| x.as_str()),
            m.get("Dir").and_then(|x| x.as_str()),
        ) else {
            continue;
        };
        if k.is_empty() {
            continue;
        }
        // A directory that is gone (a stale `.terraform/`) leaves the module "not available
        // locally", an unknown like any module that was never downloaded.
        match sb.confine(&sb.base, d) {
            Ok(Some(dir)) => out.insert(k.to_string(), Ok(dir)),
            Ok(None) => None,
            Err(e) => out.insert(
                k.to_string(),
                Err(format!("directory {d:?} of `{PATH}`: {e}")),
            ),
        };
    }
    (out, Vec::new())
}
