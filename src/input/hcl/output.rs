//! Turns evaluated module instances into model resources: values, the block location,
//! locations of attributes and of keys inside them, references as written, and inline
//! `ecsnet:ignore` suppressions.

use super::calls;
use super::config::{BlockRef, ModuleConfig, block_start, header_end};
use super::module::{Loader, ModInst};
use super::value::V;
use crate::model::{Location, Mode, Resource, is_relevant_type};
use hcl_edit::Span;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::Body;
use hcl_edit::visit::{Visit, visit_expr};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Appends the relevant resources of the root module instance and of every module
/// instance below it.
pub(super) fn emit(ld: &Loader, root: &Rc<ModInst>, out: &mut Vec<Resource>) {
    emit_in(ld, &mut vec![root.clone()], out);
}

/// `chain`: the module instances from the root to the one emitted (last).
fn emit_in(ld: &Loader, chain: &mut Vec<Rc<ModInst>>, out: &mut Vec<Resource>) {
    let Some(m) = chain.last().cloned() else {
        return;
    };
    let cfg = m.cfg.clone();
    let module_calls = calls::call_locations(ld, chain);
    for (idx, decl) in cfg.resources.iter().enumerate() {
        if !is_relevant_type(&decl.rtype)
            || (decl.mode == Mode::Data && decl.rtype != "template_file")
        {
            continue;
        }
        let inst = ld.resource(&m, idx);
        let Some((sid, block)) = cfg.primary(&decl.block) else {
            continue;
        };
        let location = ld.sources.span(sid, block_start(block), header_end(block));
        let references = std::sync::Arc::new(references(&cfg, &decl.block));
        let through = calls::through_calls(ld, chain, &references);
        let suppressions = suppressions(ld, sid, block);
        // What every instance of the block shares: copied for all but the last, which takes
        // it (most blocks have one instance).
        let mut shared = Some((references, through, module_calls.clone(), suppressions));
        let last = inst.items.len().saturating_sub(1);
        for (n, (key, v)) in inst.items.iter().enumerate() {
            let sh = if n == last {
                shared.take()
            } else {
                shared.clone()
            }
            .unwrap_or_default();
            let mut r = Resource::new(&m.path, decl.mode, &decl.rtype, &decl.name, key.clone());
            r.values = super::schema::coerce(&decl.rtype, v.to_model());
            r.location = location.clone();
            let mut locs = BTreeMap::new();
            origins(ld, v, &mut String::new(), &mut locs);
            text_key_locations(ld, v, &mut locs);
            r.attr_locations = locs;
            traced(ld, v, &mut String::new(), &mut r.resolved);
            (
                r.references,
                r.module_call_references,
                r.module_calls,
                r.suppressions,
            ) = sh;
            out.push(r);
        }
    }
    let names: Vec<String> = cfg.modules.keys().cloned().collect();
    for name in names {
        if let Ok(set) = ld.children(&m, &name) {
            for (_, child) in &set.items {
                chain.push(child.clone());
                emit_in(ld, chain, out);
                chain.pop();
            }
        }
    }
}

/// Where each unknown attribute value comes from, when the evaluator traced it to resource
/// instances (see [`crate::model::Resource::resolved`]), by dotted path. `path` is the
/// dotted path of `v`, extended and cut back in place as the walk goes down and up.
fn traced(
    ld: &Loader,
    v: &V,
    path: &mut String,
    out: &mut BTreeMap<String, crate::model::Resolved>,
) {
    match v {
        V::Unknown(_) => {
            if let Some(p) = ld.traced(v) {
                out.insert(path.clone(), p);
            }
        }
        V::Obj(o) => {
            for (k, e) in o {
                let at = push_key(path, k);
                traced(ld, &e.v, path, out);
                path.truncate(at);
            }
        }
        V::List(l) => {
            for (i, x) in l.iter().enumerate() {
                let at = push_index(path, i);
                traced(ld, x, path, out);
                path.truncate(at);
            }
        }
        _ => {}
    }
}

/// Appends `.key` (or `key` at the top) to `path`; returns the length to cut back to.
fn push_key(path: &mut String, key: &str) -> usize {
    let at = start_segment(path);
    path.push_str(key);
    at
}

/// Appends `.i` (or `i` at the top) to `path`; returns the length to cut back to.
fn push_index(path: &mut String, i: usize) -> usize {
    use std::fmt::Write;
    let at = start_segment(path);
    let _ = write!(path, "{i}");
    at
}

/// Adds the separator a new segment of `path` needs; returns the length before it.
fn start_segment(path: &mut String) -> usize {
    let at = path.len();
    if at > 0 {
        path.push('.');
    }
    at
}

/// Locations of every object key with a recorded origin, by dotted path (`path` as in
/// [`traced`]).
fn origins(ld: &Loader, v: &V, path: &mut String, out: &mut BTreeMap<String, Location>) {
    match v {
        V::Obj(o) => {
            for (k, e) in o {
                let at = push_key(path, k);
                // The first origin recorded for a path wins; a location is built only for a
                // path that has none yet.
                if let Some(or) = e.origin
                    && !out.contains_key(path.as_str())
                    && let Some(l) = ld.sources.origin(or)
                {
                    out.insert(path.clone(), l);
                }
                origins(ld, &e.v, path, out);
                path.truncate(at);
            }
        }
        V::List(l) => {
            for (i, x) in l.iter().enumerate() {
                let at = push_index(path, i);
                origins(ld, x, path, out);
                path.truncate(at);
            }
        }
        V::Json(x) => origins(ld, x, path, out),
        _ => {}
    }
}

/// Locations of the keys inside JSON text held by top-level string arguments
/// (`container_definitions` as a heredoc, `file()`, `templatefile()`), where known.
fn text_key_locations(ld: &Loader, v: &V, out: &mut BTreeMap<String, Location>) {
    let V::Obj(o) = v else { return };
    for (k, e) in o {
        if let V::Str(text) = &e.v {
            for (path, loc) in ld.texts.key_locations(&ld.sources, text) {
                out.entry(format!("{k}.{path}")).or_insert(loc);
            }
        }
    }
}

/// References written in each argument (and nested block argument), module-relative.
fn references(cfg: &ModuleConfig, b: &BlockRef) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (_, a) in cfg.attrs(b) {
        add_refs(cfg, a.key.as_str(), &a.value, &mut out);
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, nb) in cfg.nested(b) {
        let (kind, body) = if nb.ident.as_str() == "dynamic" {
            let Some(l) = nb.labels.first() else { continue };
            if let Some(fe) = nb.body.get_attribute("for_each") {
                add_refs(cfg, l.as_str(), &fe.value, &mut out);
            }
            match nb.body.blocks().find(|c| c.ident.as_str() == "content") {
                Some(c) => (l.as_str().to_string(), &c.body),
                None => continue,
            }
        } else {
            (nb.ident.as_str().to_string(), &nb.body)
        };
        let i = counts.entry(kind.clone()).or_insert(0);
        body_refs(cfg, &format!("{kind}.{i}"), body, &mut out);
        *i += 1;
    }
    out
}

fn body_refs(cfg: &ModuleConfig, path: &str, body: &Body, out: &mut BTreeMap<String, Vec<String>>) {
    for a in body.attributes() {
        add_refs(cfg, &format!("{path}.{}", a.key.as_str()), &a.value, out);
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for nb in body.blocks() {
        let kind = nb.ident.as_str().to_string();
        let i = counts.entry(kind.clone()).or_insert(0);
        body_refs(cfg, &format!("{path}.{kind}.{i}"), &nb.body, out);
        *i += 1;
    }
}

fn add_refs(
    cfg: &ModuleConfig,
    path: &str,
    e: &Expression,
    out: &mut BTreeMap<String, Vec<String>>,
) {
    let refs = expr_refs(cfg, e);
    if !refs.is_empty() {
        out.insert(path.to_string(), refs);
    }
}

/// The references written in one expression of a module, as a plan's `configuration`
/// lists them: the full traversal, then the object it names (`aws_ecs_task_definition.app.arn`,
/// `aws_ecs_task_definition.app`).
pub(super) fn expr_refs(cfg: &ModuleConfig, e: &Expression) -> Vec<String> {
    let mut c = RefCollector {
        cfg,
        refs: Vec::new(),
    };
    c.visit_expr(e);
    c.refs
}

struct RefCollector<'a> {
    cfg: &'a ModuleConfig,
    refs: Vec<String>,
}

impl RefCollector<'_> {
    fn push(&mut self, s: String) {
        if !self.refs.contains(&s) {
            self.refs.push(s);
        }
    }
}

impl Visit for RefCollector<'_> {
    fn visit_expr(&mut self, e: &Expression) {
        let (root, ops): (&str, Vec<&TraversalOperator>) = match e {
            Expression::Traversal(t) => match &t.expr {
                Expression::Variable(v) => {
                    (v.as_str(), t.operators.iter().map(|o| o.value()).collect())
                }
                _ => {
                    visit_expr(self, e);
                    return;
                }
            },
            Expression::Variable(v) => (v.as_str(), Vec::new()),
            _ => {
                visit_expr(self, e);
                return;
            }
        };
        let names: Vec<&str> = ops
            .iter()
            .map_while(|o| match o {
                TraversalOperator::GetAttr(a) => Some(a.as_str()),
                _ => None,
            })
            .collect();
        // How many leading names form the referenced object's address.
        let head = match root {
            "var" | "local" => 1,
            "module" => 1,
            "data" => 2,
            "count" | "each" | "path" | "terraform" | "self" => 0,
            t => {
                let is_res = names.first().is_some_and(|n| {
                    self.cfg
                        .res_index
                        .contains_key(&(false, t.to_string(), n.to_string()))
                });
                usize::from(is_res)
            }
        };
        if head > 0 && names.len() >= head {
            let full = std::iter::once(root)
                .chain(names.iter().copied())
                .collect::<Vec<_>>()
                .join(".");
            let prefix = std::iter::once(root)
                .chain(names[..head].iter().copied())
                .collect::<Vec<_>>()
                .join(".");
            self.push(full.clone());
            if prefix != full && !matches!(root, "var" | "local") {
                self.push(prefix);
            }
        }
        visit_expr(self, e);
    }
}

/// `# ecsnet:ignore SLUG reason` (or `//`) on the comment lines right above the block or on
/// any line inside it.
fn suppressions(
    ld: &Loader,
    sid: usize,
    block: &hcl_edit::structure::Block,
) -> Vec<(String, String)> {
    let Some(f) = ld.sources.get(sid) else {
        return Vec::new();
    };
    if f.no_spans {
        return Vec::new();
    }
    let start = f.line_col(block_start(block)).0 as usize;
    let end = block.span().map_or(start, |s| f.line_col(s.end).0 as usize);
    let mut lines: Vec<&str> = Vec::new();
    let mut l = start;
    while l > 1 {
        l -= 1;
        match f.line_text(l) {
            Some(t) if is_comment(t) => lines.push(t),
            _ => break,
        }
    }
    // One search of the whole block (and the comments above it) for the marker, which
    // almost no block has, instead of one per line.
    if !f
        .lines_text(l.max(1), end)
        .is_some_and(|t| t.contains("ecsnet:ignore"))
    {
        return Vec::new();
    }
    lines.reverse();
    for l in start..=end {
        if let Some(t) = f.line_text(l) {
            lines.push(t);
        }
    }
    let mut out = Vec::new();
    for t in lines {
        if let Some(i) = t.find("ecsnet:ignore") {
            let rest = t[i + "ecsnet:ignore".len()..].trim();
            let mut parts = rest.splitn(2, char::is_whitespace);
            if let Some(slug) = parts.next().filter(|s| !s.is_empty()) {
                let reason = parts
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches("*/")
                    .trim();
                out.push((slug.to_string(), reason.to_string()));
            }
        }
    }
    out
}

fn is_comment(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}
