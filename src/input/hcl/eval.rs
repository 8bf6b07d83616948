//! Expression evaluation over hcl-edit's syntax tree, with unknowns that propagate the way
//! Terraform's do (terraform-inputs.md §5.3). `Err` is a real dynamic error (`try()` and
//! `can()` catch it); callers at attribute level turn it into an unknown.

use super::budget::{self, Over};
use super::module::{Expansion, Loader, ModInst};
use super::textmap::Piece;
use super::value::{Entry, Obj, Origin, V, to_bool, to_int, to_num, to_str};
use crate::model::FastMap as HashMap;
use hcl_edit::Span;
use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, Traversal, TraversalOperator,
    UnaryOperator,
};
use hcl_edit::structure::Block;
use hcl_edit::template::{Directive, Element, HeredocTemplate, Strip, Template};
use std::rc::Rc;

/// An evaluation result.
pub(super) type R = Result<V, String>;

/// What a traversal's value is, for attributes it does not set: a resource instance (unset
/// attributes are known after apply, and stand for that instance), a collection of
/// instances (indexing picks one), or a plain value.
#[derive(Clone)]
enum Open {
    No,
    Instance(Rc<str>),
    Collection(Rc<str>),
}

impl Open {
    /// After `[key]`: the instance of a collection.
    fn index(self, key: &V) -> Open {
        match (self, key) {
            (Open::Collection(base), V::Num(n)) if n.fract() == 0.0 && *n >= 0.0 => {
                Open::Instance(Rc::from(format!("{base}[{}]", *n as i64).as_str()))
            }
            (Open::Collection(base), V::Str(k)) => Open::Instance(Rc::from(
                format!("{base}{}", crate::model::InstanceKey::Str(k.clone())).as_str(),
            )),
            (Open::Collection(b), _) | (Open::Instance(b), _) => Open::Collection(b),
            (Open::No, _) => Open::No,
        }
    }

    /// Each element of a splat: one instance of a collection (which one is not traced).
    fn splat(&self) -> Open {
        match self {
            Open::No => Open::No,
            Open::Instance(b) | Open::Collection(b) => Open::Collection(b.clone()),
        }
    }
}

/// Variables bound by `count`, `each`, for-expressions, `dynamic` iterators and templates.
pub(super) struct Scope<'s> {
    vars: Vec<(String, V)>,
    parent: Option<&'s Scope<'s>>,
}

impl<'s> Scope<'s> {
    /// The empty scope.
    pub(super) fn root() -> Scope<'static> {
        Scope {
            vars: Vec::new(),
            parent: None,
        }
    }

    /// A scope with these variables.
    pub(super) fn with(vars: Vec<(String, V)>) -> Scope<'static> {
        Scope { vars, parent: None }
    }

    /// A child scope.
    pub(super) fn child(&'s self, vars: Vec<(String, V)>) -> Scope<'s> {
        Scope {
            vars,
            parent: Some(self),
        }
    }

    fn get(&self, name: &str) -> Option<&V> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.get(name)))
    }
}

/// The evaluation context of one expression: the loader, the module instance, and the
/// source file the expression was written in (for origins).
#[derive(Clone, Copy)]
pub(super) struct Cx<'a> {
    /// The loader.
    pub ld: &'a Loader,
    /// The module instance.
    pub m: &'a ModInst,
    /// Source id of the file the expression is in.
    pub file: usize,
    /// Inside a template file: only the template's own variables exist.
    pub tmpl: bool,
    /// The expression's spans do not belong to `file` (rendered template strings).
    pub no_origins: bool,
}

enum Stop {
    Err(String),
    Unknown(Rc<str>),
}

impl From<String> for Stop {
    fn from(e: String) -> Stop {
        Stop::Err(e)
    }
}

impl<'a> Cx<'a> {
    /// A context for an expression in source file `file` of module instance `m`.
    pub(super) fn new(ld: &'a Loader, m: &'a ModInst, file: usize) -> Cx<'a> {
        Cx {
            ld,
            m,
            file,
            tmpl: false,
            no_origins: false,
        }
    }

    /// The origin of a spanned syntax node in this file.
    pub(super) fn origin_of(&self, node: &impl Span) -> Option<Origin> {
        if self.no_origins {
            return None;
        }
        node.span().map(|s| Origin {
            file: self.file,
            offset: u32::try_from(s.start).unwrap_or(u32::MAX),
            end: u32::try_from(s.end).unwrap_or(u32::MAX),
        })
    }

    /// Where `key = value` was written: from the key's start to the value's end.
    pub(super) fn origin_between(&self, key: &impl Span, value: &impl Span) -> Option<Origin> {
        let mut o = self.origin_of(key)?;
        if let Some(v) = value.span() {
            o.end = u32::try_from(v.end).unwrap_or(o.end);
        }
        Some(o)
    }

    /// `attr` of resource instance `address`, known after apply: an unknown whose origin is
    /// recorded, so links can follow it through locals, conditionals and module outputs.
    fn after_apply(&self, attr: &str, address: &str) -> V {
        let reason: Rc<str> = Rc::from(format!("{address}.{attr} is known after apply"));
        self.ld.trace(
            &reason,
            crate::model::Resolved {
                addresses: vec![address.to_string()],
                undecided: None,
            },
        );
        V::Unknown(reason)
    }

    /// A budget refusal as the expression's error, with a located finding (once for the
    /// load-wide budget, see [`super::budget`]).
    fn over(&self, node: &impl Span, o: Over) -> String {
        if o.report {
            let loc = self.origin_of(node).and_then(|x| self.ld.sources.origin(x));
            self.ld.invalid_input(o.message.clone(), loc);
        }
        o.message
    }

    /// Charges a value just built (or copied) to the load's budget.
    fn charged(&self, node: &impl Span, v: V) -> R {
        let n = budget::size(&v);
        if n > budget::MAX_VALUE_BYTES {
            return Err(self.over(node, budget::too_large()));
        }
        self.ld.budget.charge(n).map_err(|o| self.over(node, o))?;
        Ok(v)
    }

    /// Charges one element of a collection under construction, checking the collection's
    /// size so far (`since`: the budget's count when it began).
    fn element(&self, node: &impl Span, since: u64) -> Result<(), String> {
        let b = &self.ld.budget;
        b.charge(16)
            .and_then(|()| b.check_value(since))
            .map_err(|o| self.over(node, o))
    }

    /// Evaluates an expression.
    pub(super) fn eval(&self, e: &Expression, sc: &Scope) -> R {
        match e {
            Expression::Null(_) => Ok(V::Null),
            Expression::Bool(b) => Ok(V::Bool(*b.value())),
            Expression::Number(n) => n
                .value()
                .as_f64()
                .map(V::Num)
                .ok_or_else(|| "number out of range".to_string()),
            Expression::String(s) => {
                if !self.no_origins
                    && let Some(sp) = s.span()
                {
                    let piece = Piece {
                        out: 0..s.value().len(),
                        file: self.file,
                        src: sp,
                        quoted: true,
                    };
                    self.ld.texts.record(s.value(), vec![piece]);
                }
                Ok(V::Str(s.value().clone()))
            }
            Expression::Array(a) => {
                let since = self.ld.budget.built();
                let mut out = Vec::with_capacity(a.len());
                for x in a.iter() {
                    out.push(self.eval(x, sc)?);
                    self.element(e, since)?;
                }
                Ok(V::List(out))
            }
            Expression::Object(o) => {
                let since = self.ld.budget.built();
                let mut out = Obj::new();
                for (k, v) in o.iter() {
                    self.element(e, since)?;
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => match self.eval(ke, sc)? {
                            V::Unknown(r) => return Ok(V::Unknown(r)),
                            kv => to_str(&kv)?,
                        },
                    };
                    let val = self.eval(v.expr(), sc)?;
                    out.insert(
                        key,
                        Entry {
                            v: val,
                            origin: self.origin_of(k),
                        },
                    );
                }
                Ok(V::Obj(out))
            }
            Expression::StringTemplate(t) => {
                let v = self.template(t, sc, true)?;
                self.charged(e, v)
            }
            Expression::HeredocTemplate(h) => {
                let v = match self.heredoc_dedent(h) {
                    Some(t) => self.template(&t, sc, false),
                    None => self.template(&h.template, sc, false),
                }?;
                self.charged(e, v)
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), sc),
            Expression::Variable(v) => {
                let (v, _, _) = self.traversal_root(v.as_str(), &[], sc)?;
                self.charged(e, v)
            }
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr, sc)?;
                match cond {
                    V::Unknown(r) => {
                        let t = self.eval(&c.true_expr, sc);
                        let f = self.eval(&c.false_expr, sc);
                        match (t, f) {
                            (Ok(t), Ok(f)) if t.tf_eq(&f) == Some(true) && !t.has_unknown() => {
                                Ok(t)
                            }
                            // Both branches are followed: where each leads is kept, and the
                            // link says which one it assumed.
                            (t, f) => {
                                let mut addresses = Vec::new();
                                for b in [t.ok(), f.ok()].iter().flatten() {
                                    if let Some(p) = self.ld.traced(b) {
                                        addresses.extend(p.addresses);
                                    }
                                }
                                if addresses.is_empty() {
                                    return Ok(V::Unknown(r));
                                }
                                let reason: Rc<str> = Rc::from(r.as_ref());
                                self.ld.trace(
                                    &reason,
                                    crate::model::Resolved {
                                        addresses,
                                        undecided: Some(r.to_string()),
                                    },
                                );
                                Ok(V::Unknown(reason))
                            }
                        }
                    }
                    other => {
                        if to_bool(&other)? {
                            self.eval(&c.true_expr, sc)
                        } else {
                            self.eval(&c.false_expr, sc)
                        }
                    }
                }
            }
            Expression::FuncCall(f) => {
                let v = self.call(f, sc)?;
                self.charged(e, v)
            }
            Expression::Traversal(t) => {
                let v = self.traversal(t, sc)?;
                self.charged(e, v)
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, sc)?;
                if let V::Unknown(r) = v {
                    return Ok(V::Unknown(r));
                }
                match u.operator.value() {
                    UnaryOperator::Neg => Ok(V::Num(-to_num(&v)?)),
                    UnaryOperator::Not => Ok(V::Bool(!to_bool(&v)?)),
                }
            }
            Expression::BinaryOp(b) => {
                let op = *b.operator.value();
                let l = self.eval(&b.lhs_expr, sc)?;
                if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
                    let r = self.eval(&b.rhs_expr, sc)?;
                    return logic(op, &l, &r);
                }
                let r = self.eval(&b.rhs_expr, sc)?;
                binop(op, l, r)
            }
            Expression::ForExpr(f) => self.for_expr(f, sc),
        }
    }

    fn for_expr(&self, f: &ForExpr, sc: &Scope) -> R {
        let coll = self.eval(&f.intro.collection_expr, sc)?.realize();
        let items: Vec<(V, V)> = match coll {
            V::Unknown(r) => return Ok(V::Unknown(r)),
            V::List(l) => l
                .into_iter()
                .enumerate()
                .map(|(i, v)| (V::Num(i as f64), v))
                .collect(),
            V::Obj(o) => o.into_iter().map(|(k, e)| (V::Str(k), e.v)).collect(),
            V::Null => return Err("a for expression cannot iterate over null".into()),
            other => {
                return Err(format!(
                    "a for expression cannot iterate over a {}",
                    other.type_name()
                ));
            }
        };
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vname = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut obj = Obj::new();
        // Grouping keeps the first appearance order of keys; the index keeps it linear.
        let mut grouped: Vec<(String, Vec<V>)> = Vec::new();
        let mut group_index: HashMap<String, usize> = HashMap::default();
        let since = self.ld.budget.built();
        for (k, v) in items {
            self.ld.budget.step().map_err(|o| self.over(f, o))?;
            self.element(f, since)?;
            // A null filter over the element (`if v != null`) is undecided only because the
            // element itself is unknown.
            let own_unknown = matches!(v, V::Unknown(_));
            let mut vars = vec![(vname.clone(), v)];
            if let Some(kn) = &kname {
                vars.insert(0, (kn.clone(), k));
            }
            let inner = sc.child(vars);
            if let Some(cond) = &f.cond {
                match self.eval(&cond.expr, &inner)? {
                    // `{for k, v in def : k => v if v != null}` with one unknown value (an ECR
                    // URL): that key stays, unknown, and every known key is kept, so one
                    // unknown image never hides the ports. An undecided condition on a known
                    // element still makes the whole result unknown.
                    V::Unknown(_) if own_unknown => {}
                    V::Unknown(r) => return Ok(V::Unknown(r)),
                    c => {
                        if !to_bool(&c)? {
                            continue;
                        }
                    }
                }
            }
            let val = self.eval(&f.value_expr, &inner)?;
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let key = match self.eval(ke, &inner)? {
                        V::Unknown(r) => return Ok(V::Unknown(r)),
                        kv => to_str(&kv)?,
                    };
                    if f.grouping {
                        match group_index.get(&key) {
                            Some(&i) => grouped[i].1.push(val),
                            None => {
                                group_index.insert(key.clone(), grouped.len());
                                grouped.push((key, vec![val]));
                            }
                        }
                    } else {
                        if obj.contains_key(&key) {
                            return Err(format!(
                                "duplicate object key {key:?} in for expression (use ... to group)"
                            ));
                        }
                        obj.insert(
                            key,
                            Entry {
                                v: val,
                                origin: self.origin_of(ke),
                            },
                        );
                    }
                }
            }
        }
        Ok(if f.key_expr.is_none() {
            V::List(list)
        } else if f.grouping {
            V::Obj(
                grouped
                    .into_iter()
                    .map(|(k, vs)| (k, Entry::plain(V::List(vs))))
                    .collect(),
            )
        } else {
            V::Obj(obj)
        })
    }

    fn call(&self, f: &FuncCall, sc: &Scope) -> R {
        let name = f.name.name.as_str();
        let ns: Vec<&str> = f.name.namespace.iter().map(|i| i.as_str()).collect();
        if !(ns.is_empty() || ns == ["core"]) {
            return Ok(V::unknown(format!(
                "provider function {}::{name} is not evaluated",
                ns.join("::")
            )));
        }
        match name {
            "try" => {
                let mut last = String::from("try() needs at least one argument");
                for a in f.args.iter() {
                    match self.eval(a, sc) {
                        Ok(v) => return Ok(v),
                        Err(e) => last = e,
                    }
                }
                return Err(format!("no expression in try() succeeded: {last}"));
            }
            "can" => {
                return match f.args.iter().next().map(|a| self.eval(a, sc)) {
                    Some(Ok(V::Unknown(r))) => Ok(V::Unknown(r)),
                    Some(Ok(v)) if v.has_unknown() => {
                        Ok(V::unknown("argument of can() is not known"))
                    }
                    Some(Ok(_)) => Ok(V::Bool(true)),
                    Some(Err(_)) => Ok(V::Bool(false)),
                    None => Err("can() needs one argument".into()),
                };
            }
            _ => {}
        }
        let mut args = Vec::with_capacity(f.args.len());
        for a in f.args.iter() {
            args.push(self.eval(a, sc)?);
        }
        if f.args.expand_final() {
            match args.pop() {
                Some(V::List(l)) => args.extend(l),
                Some(V::Unknown(r)) => return Ok(V::Unknown(r)),
                Some(other) => {
                    return Err(format!("cannot expand a {} with ...", other.type_name()));
                }
                None => {}
            }
        }
        let at = self.origin_of(f);
        super::funcs::call(self, name, args, at)
    }

    fn traversal(&self, t: &Traversal, sc: &Scope) -> R {
        let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
        let (v, used, open) = match &t.expr {
            Expression::Variable(root) => match self.traversal_root(root.as_str(), &ops, sc) {
                Ok(x) => x,
                // Terraform rejects a reference to an output a module does not declare, at
                // validation, `try()` or not: an error at the reference.
                Err(e) if e.contains(super::module::NO_OUTPUT) => {
                    let loc = self.origin_of(t).and_then(|o| self.ld.sources.origin(o));
                    self.ld
                        .invalid_input(format!("{e}: Terraform rejects this reference"), loc);
                    return Err(e);
                }
                Err(e) => return Err(e),
            },
            other => (self.eval(other, sc)?, 0, Open::No),
        };
        self.apply_ops(v, ops.get(used..).unwrap_or(&[]), sc, open)
    }

    /// Resolves a traversal root and the operators it consumes. `open`: the value is a
    /// resource instance (or a set of them) whose unset attributes are known after apply.
    fn traversal_root(
        &self,
        name: &str,
        ops: &[&TraversalOperator],
        sc: &Scope,
    ) -> Result<(V, usize, Open), String> {
        if let Some(v) = sc.get(name) {
            // `each.value.port`: the attribute reads are followed in place and only what they
            // lead to is copied (a module's `for_each` value is read attribute by attribute).
            let (sub, used) = present_attrs(v, ops);
            return Ok((sub.clone(), used, Open::No));
        }
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        if self.tmpl {
            return Err(format!("template variable {name:?} is not defined"));
        }
        match name {
            "var" => {
                let n = attr(0).ok_or("var must be followed by a name")?;
                Ok((self.ld.var(self.m, n)?, 1, Open::No))
            }
            "local" => {
                let n = attr(0).ok_or("local must be followed by a name")?;
                Ok((self.ld.local(self.m, n)?, 1, Open::No))
            }
            "path" => {
                let v = match attr(0) {
                    Some("module") => self.m.path_module.clone(),
                    Some("root") | Some("cwd") => ".".to_string(),
                    _ => return Err("path.module, path.root or path.cwd expected".into()),
                };
                Ok((V::Str(v), 1, Open::No))
            }
            "terraform" => match attr(0) {
                Some("workspace") => Ok((V::str(self.ld.workspace.clone()), 1, Open::No)),
                Some("applying") => Ok((V::Bool(false), 1, Open::No)),
                _ => Err("unsupported terraform attribute".into()),
            },
            "count" | "each" => Err(format!(
                "{name} is only available in blocks with {}",
                if name == "count" { "count" } else { "for_each" }
            )),
            "self" => Ok((V::unknown("self is known after apply"), ops.len(), Open::No)),
            "module" => self.module_ref(ops),
            "data" => {
                let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                    return Err("data must be followed by a type and a name".into());
                };
                if let Some((v, addr)) =
                    self.resource_instance(crate::model::Mode::Data, t, n, ops.get(2), sc)?
                {
                    return Ok((v, 3, Open::Instance(addr)));
                }
                let (v, open) = self.resource_ref(crate::model::Mode::Data, t, n)?;
                Ok((v, 2, open))
            }
            "ephemeral" => Ok((
                V::unknown("ephemeral values are not known"),
                ops.len(),
                Open::No,
            )),
            rtype => {
                let n = attr(0).ok_or_else(|| format!("unknown variable {rtype:?}"))?;
                if let Some((v, addr)) =
                    self.resource_instance(crate::model::Mode::Managed, rtype, n, ops.get(1), sc)?
                {
                    return Ok((v, 2, Open::Instance(addr)));
                }
                let (v, open) = self.resource_ref(crate::model::Mode::Managed, rtype, n)?;
                Ok((v, 1, open))
            }
        }
    }

    /// `TYPE.NAME[key]` of a `count`/`for_each` resource: that one instance, copied alone.
    /// Building the whole collection for every such reference made `count = 10000` with
    /// one reference per instance quadratic (a 600-byte file ran for minutes). `None` when
    /// the fast path does not apply (no index, an unknown or invalid key, ...): the caller
    /// then builds the collection and indexes it, with the usual errors.
    fn resource_instance(
        &self,
        mode: crate::model::Mode,
        t: &str,
        n: &str,
        op: Option<&&TraversalOperator>,
        sc: &Scope,
    ) -> Result<Option<(V, Rc<str>)>, String> {
        let key = match op {
            Some(TraversalOperator::Index(e)) => self.eval(e, sc)?,
            Some(TraversalOperator::LegacyIndex(i)) => V::Num(*i.value() as f64),
            _ => return Ok(None),
        };
        let rkey = (
            mode == crate::model::Mode::Data,
            t.to_string(),
            n.to_string(),
        );
        let Some(&idx) = self.m.cfg.res_index.get(&rkey) else {
            return Ok(None);
        };
        let r = self.ld.resource(self.m, idx);
        let want = match (&r.expansion, &key) {
            (Expansion::Count, V::Num(f)) if f.fract() == 0.0 && *f >= 0.0 => {
                crate::model::InstanceKey::Int(*f as i64)
            }
            (Expansion::ForEach, V::Str(s)) => crate::model::InstanceKey::Str(s.clone()),
            _ => return Ok(None),
        };
        // Instances are in key order (count indexes, sorted for_each keys); the linear
        // scan only covers an order this does not expect.
        let found = r
            .items
            .binary_search_by(|(k, _)| k.as_ref().cmp(&Some(&want)))
            .ok()
            .or_else(|| r.items.iter().position(|(k, _)| k.as_ref() == Some(&want)));
        let addr = format!("{}{want}", self.block_address(mode, t, n));
        Ok(found
            .and_then(|i| r.items.get(i))
            .map(|(_, v)| (v.clone(), Rc::from(addr.as_str()))))
    }

    /// `module.x.TYPE.NAME` (`data.` for data sources) of a block of this module instance.
    fn block_address(&self, mode: crate::model::Mode, t: &str, n: &str) -> String {
        let d = if mode == crate::model::Mode::Data {
            "data."
        } else {
            ""
        };
        format!("{}{d}{t}.{n}", super::module::prefix(&self.m.path))
    }

    fn resource_ref(
        &self,
        mode: crate::model::Mode,
        t: &str,
        n: &str,
    ) -> Result<(V, Open), String> {
        let key = (
            mode == crate::model::Mode::Data,
            t.to_string(),
            n.to_string(),
        );
        let Some(&idx) = self.m.cfg.res_index.get(&key) else {
            let d = if mode == crate::model::Mode::Data {
                "data."
            } else {
                ""
            };
            return Err(format!("reference to undeclared resource {d}{t}.{n}"));
        };
        let r = self.ld.resource(self.m, idx);
        let base: Rc<str> = Rc::from(self.block_address(mode, t, n).as_str());
        let open = match &r.expansion {
            Expansion::Single => Open::Instance(base),
            Expansion::Count | Expansion::ForEach => Open::Collection(base),
            Expansion::Unknown(_) => Open::No,
        };
        let v = match &r.expansion {
            Expansion::Single => r.items.first().map_or(V::Null, |(_, v)| v.clone()),
            Expansion::Count => V::List(r.items.iter().map(|(_, v)| v.clone()).collect()),
            Expansion::ForEach => V::Obj(
                r.items
                    .iter()
                    .map(|(k, v)| {
                        let key = match k {
                            Some(crate::model::InstanceKey::Str(s)) => s.clone(),
                            Some(crate::model::InstanceKey::Int(i)) => i.to_string(),
                            None => String::new(),
                        };
                        (key, Entry::plain(v.clone()))
                    })
                    .collect(),
            ),
            Expansion::Unknown(why) => V::Unknown(why.clone()),
        };
        Ok((v, open))
    }

    fn module_ref(&self, ops: &[&TraversalOperator]) -> Result<(V, usize, Open), String> {
        let Some(TraversalOperator::GetAttr(n)) = ops.first() else {
            return Err("module must be followed by a name".into());
        };
        let set = self.ld.children(self.m, n.as_str())?;
        if let Some(why) = &set.unavailable {
            return Ok((V::Unknown(why.clone()), ops.len(), Open::No));
        }
        let out_name = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        match &set.expansion {
            Expansion::Unknown(why) => Ok((V::Unknown(why.clone()), ops.len(), Open::No)),
            Expansion::Single => {
                let Some((_, inst)) = set.items.first() else {
                    return Ok((V::Null, 1, Open::No));
                };
                match out_name(1) {
                    Some(o) => Ok((self.ld.output(inst, o)?, 2, Open::No)),
                    None => Ok((self.ld.outputs_obj(inst), 1, Open::No)),
                }
            }
            Expansion::Count | Expansion::ForEach => {
                // module.x[key].out: evaluate only that output of that instance.
                let key = match ops.get(1) {
                    Some(TraversalOperator::Index(e)) => Some(self.eval(e, &Scope::root())),
                    Some(TraversalOperator::LegacyIndex(i)) => Some(Ok(V::Num(*i.value() as f64))),
                    _ => None,
                };
                if let (Some(Ok(k)), Some(o)) = (key, out_name(2))
                    && !matches!(k, V::Unknown(_))
                {
                    let found = set.items.iter().find(|(ik, _)| match (ik, &k) {
                        (Some(crate::model::InstanceKey::Int(i)), V::Num(n)) => *i as f64 == *n,
                        (Some(crate::model::InstanceKey::Str(s)), V::Str(t)) => s == t,
                        _ => false,
                    });
                    return match found {
                        Some((_, inst)) => Ok((self.ld.output(inst, o)?, 3, Open::No)),
                        None => Err(format!(
                            "module.{} has no instance {}",
                            n.as_str(),
                            crate::input::hcl::jsonenc::encode(&k)
                        )),
                    };
                }
                let v = if set.expansion == Expansion::Count {
                    V::List(
                        set.items
                            .iter()
                            .map(|(_, i)| self.ld.outputs_obj(i))
                            .collect(),
                    )
                } else {
                    V::Obj(
                        set.items
                            .iter()
                            .map(|(k, i)| {
                                let key = match k {
                                    Some(crate::model::InstanceKey::Str(s)) => s.clone(),
                                    _ => String::new(),
                                };
                                (key, Entry::plain(self.ld.outputs_obj(i)))
                            })
                            .collect(),
                    )
                };
                Ok((v, 1, Open::No))
            }
        }
    }

    fn apply_ops(&self, mut v: V, ops: &[&TraversalOperator], sc: &Scope, mut open: Open) -> R {
        for (i, op) in ops.iter().enumerate() {
            if let V::Unknown(_) = v {
                return Ok(v);
            }
            v = match op {
                TraversalOperator::GetAttr(a) => {
                    let was_open = std::mem::replace(&mut open, Open::No);
                    match v {
                        V::Obj(mut o) => match o.remove(a.as_str()) {
                            Some(e) => e.v,
                            None => match was_open {
                                Open::Instance(addr) => self.after_apply(a.as_str(), &addr),
                                Open::Collection(_) => {
                                    V::unknown(format!("{} is known after apply", a.as_str()))
                                }
                                Open::No => {
                                    return Err(format!(
                                        "object has no attribute {:?}",
                                        a.as_str()
                                    ));
                                }
                            },
                        },
                        V::Null => {
                            return Err(format!("cannot get attribute {:?} of null", a.as_str()));
                        }
                        other => {
                            return Err(format!(
                                "cannot get attribute {:?} of a {}",
                                a.as_str(),
                                other.type_name()
                            ));
                        }
                    }
                }
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, sc)?;
                    open = open.index(&k);
                    index(v, &k)?
                }
                TraversalOperator::LegacyIndex(n) => {
                    let k = V::Num(*n.value() as f64);
                    open = open.index(&k);
                    index(v, &k)?
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = ops.get(i + 1..).unwrap_or(&[]);
                    return match v {
                        V::Null => Ok(V::List(Vec::new())),
                        V::List(l) => {
                            let mut out = Vec::with_capacity(l.len());
                            for x in l {
                                out.push(self.apply_ops(x, rest, sc, open.splat())?);
                            }
                            Ok(V::List(out))
                        }
                        other => Ok(V::List(vec![self.apply_ops(
                            other,
                            rest,
                            sc,
                            open.splat(),
                        )?])),
                    };
                }
            };
        }
        Ok(v)
    }

    /// `<<-` heredocs lose their common indentation. hcl-edit gives up when a directive
    /// starts a line and never dedents literals inside directives, so do it here from the
    /// source text, as Terraform does.
    fn heredoc_dedent(&self, h: &HeredocTemplate) -> Option<Template> {
        if self.no_origins {
            return None;
        }
        let f = self.ld.sources.get(self.file)?;
        if f.no_spans {
            return None;
        }
        let text = f.text.get(h.span()?)?.trim_start();
        if !text.starts_with("<<-") {
            return None;
        }
        let lines: Vec<&str> = text.lines().collect();
        let body = lines.get(1..lines.len().saturating_sub(1))?;
        let n = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| *c == ' ' || *c == '\t').count())
            .min()?;
        // hcl-edit may already have removed part of it, from top-level literals only.
        let done = h.indent().unwrap_or(0);
        let mut t = h.template.clone();
        dedent_template(&mut t, n.saturating_sub(done), n, &f.text);
        Some(t)
    }

    /// `quoted`: written as an HCL quoted string (escapes in the source text).
    fn template(&self, t: &Template, sc: &Scope, quoted: bool) -> R {
        let elems: Vec<&Element> = t.iter().collect();
        if let [Element::Interpolation(i)] = elems.as_slice() {
            return self.eval(&i.expr, sc);
        }
        let mut out = String::new();
        let mut pieces = Pieces {
            list: Vec::new(),
            quoted,
            holes: Vec::new(),
        };
        match self.render(t, sc, &mut out, &mut pieces, Strip::None, Strip::None) {
            Ok(()) if !pieces.holes.is_empty() => Ok(partial_json(&out, &pieces.holes)),
            Ok(()) => {
                if !self.no_origins {
                    self.ld.texts.record(&out, pieces.list);
                }
                Ok(V::Str(out))
            }
            Err(Stop::Unknown(r)) => Ok(V::Unknown(r)),
            Err(Stop::Err(e)) => Err(e),
        }
    }

    /// Evaluates a template parsed from a file or a template string.
    pub(super) fn eval_template(&self, t: &Template, sc: &Scope) -> R {
        self.template(t, sc, false)
    }

    fn render(
        &self,
        t: &Template,
        sc: &Scope,
        out: &mut String,
        pieces: &mut Pieces,
        prev: Strip,
        next: Strip,
    ) -> Result<(), Stop> {
        let elems: Vec<&Element> = t.iter().collect();
        let len = elems.len();
        for (i, el) in elems.iter().enumerate() {
            let p = if i == 0 { prev } else { strip_of(elems[i - 1]) };
            let n = if i + 1 == len {
                next
            } else {
                strip_of(elems[i + 1])
            };
            match el {
                Element::Literal(l) => {
                    let lit = strip_literal(l.value(), p, n);
                    if let Some(sp) = l.span() {
                        pieces.list.push(Piece {
                            out: out.len()..out.len() + lit.len(),
                            file: self.file,
                            src: sp,
                            quoted: pieces.quoted,
                        });
                    }
                    out.push_str(lit);
                }
                Element::Interpolation(ip) => match self.eval(&ip.expr, sc)? {
                    // Kept as a placeholder: the text may still be JSON whose other values
                    // are known (see `partial_json`).
                    V::Unknown(r) => {
                        out.push(HOLE_OPEN);
                        out.push_str(&pieces.holes.len().to_string());
                        out.push(HOLE_CLOSE);
                        pieces.holes.push(r);
                    }
                    // `"[${jsonencode(def)}]"` (cloudposse's container definition): the encoded
                    // JSON goes in with its unknown leaves as placeholders, so the text stays
                    // JSON whose known parts are kept.
                    V::Json(x) if x.has_unknown() => {
                        let text = super::jsonenc::encode_with_holes(&x, &mut |r| {
                            let n = pieces.holes.len();
                            pieces.holes.push(r.clone());
                            format!("\"{HOLE_OPEN}{n}{HOLE_CLOSE}\"")
                        });
                        out.push_str(&text);
                    }
                    v => {
                        out.push_str(&to_str(&v)?);
                        if out.len() as u64 > budget::MAX_VALUE_BYTES {
                            return Err(Stop::Err(self.over(ip, budget::too_large())));
                        }
                    }
                },
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let c = self.eval(&d.if_expr.cond_expr, sc)?;
                        if let V::Unknown(r) = c {
                            return Err(Stop::Unknown(r));
                        }
                        let else_strip = d.else_expr.as_ref().map(|e| e.strip);
                        if to_bool(&c)? {
                            let nx = else_strip.unwrap_or(d.endif_expr.strip);
                            self.render(&d.if_expr.template, sc, out, pieces, d.if_expr.strip, nx)?;
                        } else if let Some(e) = &d.else_expr {
                            self.render(&e.template, sc, out, pieces, e.strip, d.endif_expr.strip)?;
                        }
                    }
                    Directive::For(d) => {
                        let fe = &d.for_expr;
                        let coll = self.eval(&fe.collection_expr, sc)?.realize();
                        let items: Vec<(V, V)> = match coll {
                            V::Unknown(r) => return Err(Stop::Unknown(r)),
                            V::List(l) => l
                                .into_iter()
                                .enumerate()
                                .map(|(i, v)| (V::Num(i as f64), v))
                                .collect(),
                            V::Obj(o) => o.into_iter().map(|(k, e)| (V::Str(k), e.v)).collect(),
                            other => {
                                return Err(Stop::Err(format!(
                                    "a template for directive cannot iterate over a {}",
                                    other.type_name()
                                )));
                            }
                        };
                        for (k, v) in items {
                            self.ld
                                .budget
                                .step()
                                .map_err(|o| Stop::Err(self.over(d, o)))?;
                            if out.len() as u64 > budget::MAX_VALUE_BYTES {
                                return Err(Stop::Err(self.over(d, budget::too_large())));
                            }
                            let mut vars = vec![(fe.value_var.as_str().to_string(), v)];
                            if let Some(kv) = &fe.key_var {
                                vars.insert(0, (kv.as_str().to_string(), k));
                            }
                            let inner = sc.child(vars);
                            self.render(
                                &fe.template,
                                &inner,
                                out,
                                pieces,
                                fe.strip,
                                d.endfor_expr.strip,
                            )?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    /// Adds a nested block (or the blocks a `dynamic` block generates) to `obj` as list
    /// elements under the block type.
    pub(super) fn add_nested_block(&self, obj: &mut Obj, b: &Block, sc: &Scope) {
        let ident = b.ident.as_str();
        if matches!(
            ident,
            "lifecycle" | "provisioner" | "connection" | "precondition" | "postcondition"
        ) {
            return;
        }
        if ident == "dynamic" {
            let Some(label) = b.labels.first().map(|l| l.as_str().to_string()) else {
                return;
            };
            let iter_name = b
                .body
                .get_attribute("iterator")
                .and_then(|a| a.value.as_variable().map(|i| i.as_str().to_string()))
                .unwrap_or_else(|| label.clone());
            let content = b.body.blocks().find(|c| c.ident.as_str() == "content");
            let origin = self.origin_of(&b.ident);
            let coll = match b.body.get_attribute("for_each") {
                Some(a) => self.eval(&a.value, sc).map(V::realize),
                None => Err("dynamic block without for_each".into()),
            };
            let items: Vec<(V, V)> = match coll {
                Ok(V::List(l)) => l
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (V::Num(i as f64), v))
                    .collect(),
                Ok(V::Obj(o)) => o.into_iter().map(|(k, e)| (V::Str(k), e.v)).collect(),
                Ok(V::Null) => Vec::new(),
                Ok(V::Unknown(r)) => {
                    let e = obj.entry(label).or_insert(Entry {
                        v: V::List(Vec::new()),
                        origin,
                    });
                    e.v = V::Unknown(r);
                    return;
                }
                Ok(other) => {
                    obj.insert(
                        label,
                        Entry {
                            v: V::unknown(format!(
                                "dynamic block for_each is a {}",
                                other.type_name()
                            )),
                            origin,
                        },
                    );
                    return;
                }
                Err(e) => {
                    obj.insert(
                        label,
                        Entry {
                            v: V::unknown(e),
                            origin,
                        },
                    );
                    return;
                }
            };
            let entry = obj.entry(label).or_insert(Entry {
                v: V::List(Vec::new()),
                origin,
            });
            for (k, v) in items {
                let it = V::Obj(
                    [("key", k), ("value", v)]
                        .into_iter()
                        .map(|(n, x)| (n.to_string(), Entry::plain(x)))
                        .collect(),
                );
                let inner = sc.child(vec![(iter_name.clone(), it)]);
                let o = match content {
                    Some(c) => self.body_obj(&c.body, &inner),
                    None => Obj::new(),
                };
                if let V::List(l) = &mut entry.v {
                    l.push(V::Obj(o));
                }
            }
            return;
        }
        let o = self.body_obj(&b.body, sc);
        let entry = obj.entry(ident.to_string()).or_insert(Entry {
            v: V::List(Vec::new()),
            origin: self.origin_of(&b.ident),
        });
        if let V::List(l) = &mut entry.v {
            l.push(V::Obj(o));
        }
    }

    /// A nested block body as an object.
    pub(super) fn body_obj(&self, body: &hcl_edit::structure::Body, sc: &Scope) -> Obj {
        let mut obj = Obj::new();
        for a in body.attributes() {
            let v = self.eval(&a.value, sc).unwrap_or_else(V::unknown);
            obj.insert(
                a.key.as_str().to_string(),
                Entry {
                    v,
                    origin: self.origin_between(&a.key, &a.value),
                },
            );
        }
        for b in body.blocks() {
            self.add_nested_block(&mut obj, b, sc);
        }
        obj
    }
}

impl From<Stop> for String {
    fn from(s: Stop) -> String {
        match s {
            Stop::Err(e) => e,
            Stop::Unknown(r) => r.to_string(),
        }
    }
}

/// The literal pieces of a string being rendered.
struct Pieces {
    list: Vec<Piece>,
    quoted: bool,
    /// Reasons of the unknown interpolations, in the order their placeholders were written.
    holes: Vec<Rc<str>>,
}

/// Placeholder delimiters for unknown interpolations: private-use characters that cannot
/// come from JSON syntax.
const HOLE_OPEN: char = '\u{E000}';
const HOLE_CLOSE: char = '\u{E001}';

/// A rendered template with unknown interpolations (`holes`). Terraform makes the whole
/// string unknown; when the text is JSON and every placeholder sits inside a string value
/// (an image tag, an environment value), the structure is kept like a partly unknown
/// `jsonencode(...)`, so `container_definitions` from `templatefile()` or a heredoc still show
/// their ports. Anything else (a placeholder where a number or key goes, not JSON, a
/// placeholder-like character in the input) stays wholly unknown.
fn partial_json(text: &str, holes: &[Rc<str>]) -> V {
    let whole = || V::Unknown(holes[0].clone());
    let placeholders = text.matches(HOLE_OPEN).count();
    if placeholders != holes.len() || text.matches(HOLE_CLOSE).count() != holes.len() {
        return whole();
    }
    let Ok(j) = serde_json::from_str::<serde_json::Value>(text) else {
        return whole();
    };
    if !matches!(
        j,
        serde_json::Value::Array(_) | serde_json::Value::Object(_)
    ) {
        return whole();
    }
    match with_holes(&j, holes) {
        Some(v) => V::Json(Box::new(v)),
        None => whole(),
    }
}

/// Converts JSON to a value whose strings holding a placeholder are unknown; `None` when a
/// placeholder is an object key.
fn with_holes(j: &serde_json::Value, holes: &[Rc<str>]) -> Option<V> {
    Some(match j {
        serde_json::Value::String(s) if s.contains(HOLE_OPEN) => {
            let n: usize = s
                .split(HOLE_OPEN)
                .nth(1)
                .and_then(|t| t.split(HOLE_CLOSE).next())
                .and_then(|d| d.parse().ok())?;
            V::Unknown(holes.get(n)?.clone())
        }
        serde_json::Value::Array(a) => V::List(
            a.iter()
                .map(|x| with_holes(x, holes))
                .collect::<Option<Vec<V>>>()?,
        ),
        serde_json::Value::Object(o) => {
            let mut obj = Obj::new();
            for (k, x) in o {
                if k.contains(HOLE_OPEN) {
                    return None;
                }
                obj.insert(k.clone(), Entry::plain(with_holes(x, holes)?));
            }
            V::Obj(obj)
        }
        other => V::from_json(other),
    })
}

/// Removes up to `n` leading blanks from each line of the top-level literals and `nested`
/// from those inside directives.
fn dedent_template(t: &mut Template, n: usize, nested: usize, src: &str) {
    for el in t.iter_mut() {
        match el {
            Element::Literal(l) => {
                let at_line_start = l.span().is_some_and(|s| {
                    s.start > 0 && src.as_bytes().get(s.start - 1) == Some(&b'\n')
                });
                let mut out = String::with_capacity(l.value().len());
                for (i, line) in l.value().split_inclusive('\n').enumerate() {
                    if i > 0 || at_line_start {
                        let cut = line
                            .char_indices()
                            .take(n)
                            .take_while(|(_, c)| *c == ' ' || *c == '\t')
                            .last()
                            .map_or(0, |(i, c)| i + c.len_utf8());
                        out.push_str(&line[cut..]);
                    } else {
                        out.push_str(line);
                    }
                }
                *l.value_mut() = out;
            }
            Element::Interpolation(_) => {}
            Element::Directive(d) => match d.as_mut() {
                Directive::If(d) => {
                    dedent_template(&mut d.if_expr.template, nested, nested, src);
                    if let Some(e) = &mut d.else_expr {
                        dedent_template(&mut e.template, nested, nested, src);
                    }
                }
                Directive::For(d) => dedent_template(&mut d.for_expr.template, nested, nested, src),
            },
        }
    }
}

fn strip_of(e: &Element) -> Strip {
    match e {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(i) => i.strip,
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => Strip::from((
                d.if_expr.strip.strip_start(),
                d.endif_expr.strip.strip_end(),
            )),
            Directive::For(d) => Strip::from((
                d.for_expr.strip.strip_start(),
                d.endfor_expr.strip.strip_end(),
            )),
        },
    }
}

/// Strips spaces up to and including the first line break next to a `~` marker.
fn strip_literal(mut s: &str, prev: Strip, next: Strip) -> &str {
    fn is_space(c: char) -> bool {
        c.is_whitespace() && c != '\r' && c != '\n'
    }
    if prev.strip_end() {
        s = s.trim_start_matches(is_space);
        s = s
            .strip_prefix("\r\n")
            .or_else(|| s.strip_prefix('\n'))
            .unwrap_or(s);
    }
    if next.strip_start() {
        s = s.trim_end_matches(is_space);
        s = s
            .strip_suffix("\r\n")
            .or_else(|| s.strip_suffix('\n'))
            .unwrap_or(s);
    }
    s
}

/// `coll[key]`.
pub(super) fn index(v: V, k: &V) -> R {
    if let V::Unknown(r) = k {
        return Ok(V::Unknown(r.clone()));
    }
    match v {
        V::Unknown(r) => Ok(V::Unknown(r)),
        V::List(mut l) => {
            let i = to_int(k)?;
            if i < 0 || i as usize >= l.len() {
                return Err(format!(
                    "index {i} out of range for a list of {} elements",
                    l.len()
                ));
            }
            Ok(l.swap_remove(i as usize))
        }
        V::Obj(mut o) => {
            let key = to_str(k)?;
            o.remove(&key)
                .map(|e| e.v)
                .ok_or_else(|| format!("no element with key {key:?}"))
        }
        V::Null => Err("cannot index null".into()),
        other => Err(format!("cannot index a {}", other.type_name())),
    }
}

fn logic(op: BinaryOperator, l: &V, r: &V) -> R {
    let lb = match l {
        V::Unknown(_) => None,
        v => Some(to_bool(v)?),
    };
    let rb = match r {
        V::Unknown(_) => None,
        v => Some(to_bool(v)?),
    };
    let and = op == BinaryOperator::And;
    Ok(match (lb, rb) {
        (Some(a), Some(b)) => V::Bool(if and { a && b } else { a || b }),
        (Some(false), None) | (None, Some(false)) if and => V::Bool(false),
        (Some(true), None) | (None, Some(true)) if !and => V::Bool(true),
        _ => match (l, r) {
            (V::Unknown(x), _) | (_, V::Unknown(x)) => V::Unknown(x.clone()),
            _ => V::unknown("unknown"),
        },
    })
}

fn binop(op: BinaryOperator, l: V, r: V) -> R {
    use BinaryOperator as B;
    match op {
        B::Eq | B::NotEq => {
            let (l, r) = (l.realize(), r.realize());
            match l.tf_eq(&r) {
                Some(eq) => Ok(V::Bool(eq == (op == B::Eq))),
                None => Ok(first_unknown(&l, &r)),
            }
        }
        _ => {
            if matches!(l, V::Unknown(_)) || matches!(r, V::Unknown(_)) {
                return Ok(first_unknown(&l, &r));
            }
            let a = to_num(&l)?;
            let b = to_num(&r)?;
            let out = match op {
                B::Less => return Ok(V::Bool(a < b)),
                B::LessEq => return Ok(V::Bool(a <= b)),
                B::Greater => return Ok(V::Bool(a > b)),
                B::GreaterEq => return Ok(V::Bool(a >= b)),
                B::Plus => a + b,
                B::Minus => a - b,
                B::Mul => a * b,
                B::Div => {
                    if b == 0.0 {
                        return Err("division by zero".into());
                    }
                    a / b
                }
                B::Mod => {
                    if b == 0.0 {
                        return Err("modulo by zero".into());
                    }
                    a % b
                }
                _ => return Err("unsupported operator".into()),
            };
            if out.is_finite() {
                Ok(V::Num(out))
            } else {
                Err("number out of range".into())
            }
        }
    }
}

fn first_unknown(l: &V, r: &V) -> V {
    l.first_unknown()
        .or_else(|| r.first_unknown())
        .map_or_else(|| V::unknown("unknown"), V::Unknown)
}

/// How many of `ops`, from the first, read attributes present in nested objects of `v`, and
/// the value they lead to: what [`Cx::apply_ops`] reaches by taking the same attributes out
/// of a copy of `v` (a present key of a known object, with nothing open after apply).
fn present_attrs<'v>(mut v: &'v V, ops: &[&TraversalOperator]) -> (&'v V, usize) {
    let mut used = 0;
    for op in ops {
        let (TraversalOperator::GetAttr(a), V::Obj(o)) = (op, v) else {
            break;
        };
        let Some(e) = o.get(a.as_str()) else { break };
        v = &e.v;
        used += 1;
    }
    (v, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops_of(text: &str) -> Vec<TraversalOperator> {
        match text.parse::<Expression>().unwrap() {
            Expression::Traversal(t) => t.operators.iter().map(|o| o.value().clone()).collect(),
            other => panic!("not a traversal: {other:?}"),
        }
    }

    #[test]
    fn only_present_attributes_of_objects_are_followed_in_place() {
        let v = V::from_json(&serde_json::json!({"a": {"b": {"c": 1}, "l": [1, 2]}}));
        for (text, used, reached) in [
            ("x.a.b.c", 3, serde_json::json!(1)),
            ("x.a.b", 2, serde_json::json!({"c": 1})),
            // A missing key, an index and a read of a non-object stop the walk: what follows
            // is for apply_ops (its error, its index rules).
            (
                "x.a.missing.c",
                1,
                serde_json::json!({"b": {"c": 1}, "l": [1, 2]}),
            ),
            ("x.a.l[0]", 2, serde_json::json!([1, 2])),
            ("x.a.b.c.d", 3, serde_json::json!(1)),
        ] {
            let ops = ops_of(text);
            let refs: Vec<&TraversalOperator> = ops.iter().collect();
            let (sub, n) = present_attrs(&v, &refs);
            assert_eq!((n, sub), (used, &V::from_json(&reached)), "{text}");
        }
        let unknown = V::unknown("later");
        let ops = ops_of("x.a");
        assert_eq!(present_attrs(&unknown, &[&ops[0]]).1, 0);
    }
}
