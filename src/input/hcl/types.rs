//! Variable type constraints (`list(string)`, `object({port = optional(number, 80)})`) and
//! Terraform's conversions of input values to them.

use super::value::{Entry, Obj, V, make_set, to_bool, to_num, to_str};
use hcl_edit::expr::{Expression, ObjectKey};

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    /// `any` (or no type).
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)`.
    List(Box<Ty>),
    /// `set(T)`.
    Set(Box<Ty>),
    /// `map(T)`.
    Map(Box<Ty>),
    /// `tuple([...])`.
    Tuple(Vec<Ty>),
    /// `object({...})`: name, type, and for `optional(...)` attributes the default.
    Object(Vec<Attr>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attr {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// `Some(default)` when declared with `optional(T[, default])` (`Null` without default).
    pub optional: Option<V>,
}

impl Ty {
    /// True for the primitive types, which `-var` and `TF_VAR_` values take literally.
    pub(super) fn is_primitive(&self) -> bool {
        matches!(self, Ty::String | Ty::Number | Ty::Bool)
    }
}

/// Parses a type expression; unrecognised forms become `any`.
pub(super) fn parse(e: &Expression) -> Ty {
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        },
        Expression::Parenthesis(p) => parse(p.inner()),
        Expression::FuncCall(f) => {
            let arg = f.args.iter().next();
            match f.name.name.as_str() {
                "list" => Ty::List(Box::new(arg.map_or(Ty::Any, parse))),
                "set" => Ty::Set(Box::new(arg.map_or(Ty::Any, parse))),
                "map" => Ty::Map(Box::new(arg.map_or(Ty::Any, parse))),
                "tuple" => match arg {
                    Some(Expression::Array(a)) => Ty::Tuple(a.iter().map(parse).collect()),
                    _ => Ty::Any,
                },
                "object" => match arg {
                    Some(Expression::Object(o)) => Ty::Object(
                        o.iter()
                            .filter_map(|(k, v)| {
                                let name = match k {
                                    ObjectKey::Ident(i) => i.as_str().to_string(),
                                    ObjectKey::Expression(Expression::String(s)) => {
                                        s.value().clone()
                                    }
                                    ObjectKey::Expression(Expression::Variable(i)) => {
                                        i.as_str().to_string()
                                    }
                                    _ => return None,
                                };
                                Some(attr(name, v.expr()))
                            })
                            .collect(),
                    ),
                    _ => Ty::Any,
                },
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

fn attr(name: String, e: &Expression) -> Attr {
    if let Expression::FuncCall(f) = e
        && f.name.name.as_str() == "optional"
    {
        let mut args = f.args.iter();
        let ty = args.next().map_or(Ty::Any, parse);
        let default = args.next().map_or(V::Null, literal);
        return Attr {
            name,
            ty,
            optional: Some(default),
        };
    }
    Attr {
        name,
        ty: parse(e),
        optional: None,
    }
}

/// A literal expression's value (type-constraint defaults are constants).
pub(super) fn literal(e: &Expression) -> V {
    match e {
        Expression::Null(_) => V::Null,
        Expression::Bool(b) => V::Bool(*b.value()),
        Expression::Number(n) => n.value().as_f64().map_or(V::Null, V::Num),
        Expression::String(s) => V::Str(s.value().clone()),
        Expression::Array(a) => V::List(a.iter().map(literal).collect()),
        Expression::Parenthesis(p) => literal(p.inner()),
        Expression::UnaryOp(u) => match (u.operator.value(), literal(&u.expr)) {
            (hcl_edit::expr::UnaryOperator::Neg, V::Num(n)) => V::Num(-n),
            _ => V::unknown("default is not a constant"),
        },
        Expression::Object(o) => V::Obj(
            o.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        _ => return None,
                    };
                    Some((key, Entry::plain(literal(v.expr()))))
                })
                .collect(),
        ),
        _ => V::unknown("default is not a constant"),
    }
}

/// Converts a value to a type the way Terraform converts variable values.
pub(super) fn convert(v: V, ty: &Ty) -> Result<V, String> {
    if matches!(v, V::Unknown(_) | V::Null) || *ty == Ty::Any {
        return Ok(v);
    }
    match ty {
        Ty::Any => Ok(v),
        Ty::String => to_str(&v).map(V::Str),
        Ty::Number => to_num(&v).map(V::Num),
        Ty::Bool => to_bool(&v).map(V::Bool),
        Ty::List(t) | Ty::Set(t) => {
            let items = match v {
                V::List(l) => l,
                other => return Err(format!("a list is required, got a {}", other.type_name())),
            };
            let items = items
                .into_iter()
                .map(|x| convert(x, t))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(
                if matches!(ty, Ty::Set(_)) && !items.iter().any(V::has_unknown) {
                    make_set(items)
                } else {
                    V::List(items)
                },
            )
        }
        Ty::Map(t) => match v {
            V::Obj(m) => Ok(V::Obj(
                m.into_iter()
                    .map(|(k, e)| {
                        convert(e.v, t).map(|v| {
                            (
                                k,
                                Entry {
                                    v,
                                    origin: e.origin,
                                },
                            )
                        })
                    })
                    .collect::<Result<Obj, _>>()?,
            )),
            other => Err(format!("a map is required, got a {}", other.type_name())),
        },
        Ty::Tuple(ts) => match v {
            V::List(l) if l.len() == ts.len() => Ok(V::List(
                l.into_iter()
                    .zip(ts)
                    .map(|(x, t)| convert(x, t))
                    .collect::<Result<_, _>>()?,
            )),
            other => Err(format!(
                "a tuple of {} elements is required, got a {}",
                ts.len(),
                other.type_name()
            )),
        },
        Ty::Object(attrs) => match v {
            V::Obj(mut m) => {
                let mut out = Obj::new();
                for a in attrs {
                    match m.remove(&a.name) {
                        Some(e) if !(e.v == V::Null && a.optional.is_some()) => {
                            let v = convert(e.v, &a.ty)
                                .map_err(|err| format!("attribute {:?}: {err}", a.name))?;
                            out.insert(
                                a.name.clone(),
                                Entry {
                                    v,
                                    origin: e.origin,
                                },
                            );
                        }
                        Some(e) => {
                            let d = a.optional.clone().unwrap_or(V::Null);
                            let v = convert(d, &a.ty).unwrap_or(V::Null);
                            out.insert(
                                a.name.clone(),
                                Entry {
                                    v,
                                    origin: e.origin,
                                },
                            );
                        }
                        None => match &a.optional {
                            Some(d) => {
                                let v = convert(d.clone(), &a.ty).unwrap_or(V::Null);
                                out.insert(a.name.clone(), Entry::plain(v));
                            }
                            None => return Err(format!("attribute {:?} is required", a.name)),
                        },
                    }
                }
                Ok(V::Obj(out))
            }
            other => Err(format!(
                "an object is required, got a {}",
                other.type_name()
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> Ty {
        parse(&hcl_edit::parser::parse_expr(s).unwrap())
    }

    #[test]
    fn optional_attributes_get_defaults() {
        let t = ty(
            "object({ port = optional(number, 80), name = string, tags = optional(map(string)) })",
        );
        let mut m = Obj::new();
        m.insert("name".into(), Entry::plain(V::str("web")));
        m.insert("extra".into(), Entry::plain(V::Bool(true)));
        let v = convert(V::Obj(m), &t).unwrap();
        let o = v.as_obj().unwrap();
        assert_eq!(o["port"].v, V::Num(80.0));
        assert_eq!(o["tags"].v, V::Null);
        assert!(!o.contains_key("extra"));
    }

    #[test]
    fn primitive_conversions() {
        assert_eq!(convert(V::str("8080"), &Ty::Number), Ok(V::Num(8080.0)));
        assert_eq!(convert(V::Num(1.0), &Ty::String), Ok(V::str("1")));
        assert!(convert(V::str("x"), &Ty::Number).is_err());
        assert_eq!(
            convert(
                V::List(vec![V::str("b"), V::str("a"), V::str("b")]),
                &ty("set(string)")
            ),
            Ok(V::List(vec![V::str("a"), V::str("b")]))
        );
    }
}
