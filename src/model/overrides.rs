//! What-if overrides: `--set ADDRESS.ATTRIBUTE=VALUE` replaces one value of one resource in
//! every model that has the resource, before any analysis, so a reviewer can ask "what if
//! the desired count doubles?" without touching Terraform. The attribute keeps its source
//! location, so findings still point at the line to change.

use super::{Model, Value};

/// One parsed `--set`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The resource address (`module.app.aws_ecs_service.api["x"]`).
    pub address: String,
    /// The attribute path below it (`desired_count`, `launch_template.0.id`).
    pub attribute: String,
    /// The value: JSON when the text is JSON (`12`, `true`, `"a"`, `[1]`), else the text.
    pub value: Value,
    /// The text as given, for messages.
    pub text: String,
}

/// What applying one override did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The override.
    pub over: Override,
    /// The value it replaced in the first model that has the resource (`None`: unset).
    pub was: Option<Value>,
    /// The models (indexes) it applied to.
    pub models: Vec<usize>,
}

/// Parses `ADDRESS.ATTRIBUTE=VALUE`. The address is the longest prefix that is a resource
/// address: module steps (`module.NAME[KEY]`), an optional `data.`, `TYPE.NAME[KEY]`.
pub fn parse(text: &str) -> Result<Override, String> {
    let bad = |why: &str| {
        format!(
            "`{text}`: {why}; expected ADDRESS.ATTRIBUTE=VALUE, e.g. aws_ecs_service.api.desired_count=12"
        )
    };
    let (lhs, value) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let steps = split_steps(lhs).ok_or_else(|| bad("unbalanced brackets or quotes"))?;
    let mut i = 0;
    while steps.get(i).is_some_and(|s| *s == "module") {
        if steps.get(i + 1).is_none() {
            return Err(bad("a module step without a name"));
        }
        i += 2;
    }
    if steps.get(i).is_some_and(|s| *s == "data") {
        i += 1;
    }
    if steps.len() < i + 3 {
        return Err(bad("no attribute after the resource address"));
    }
    let address = steps[..i + 2].join(".");
    let attribute = steps[i + 2..].join(".");
    if steps[i].contains('[') || attribute.contains('[') {
        return Err(bad(
            "index list elements as `.0`, not `[0]`, in the attribute",
        ));
    }
    let parsed = match serde_json::from_str::<serde_json::Value>(value.trim()) {
        Ok(j) => Value::from_json(&j),
        Err(_) => Value::String(value.to_string()),
    };
    Ok(Override {
        address,
        attribute,
        value: parsed,
        text: text.to_string(),
    })
}

/// Splits at dots outside brackets and quotes; `None` when they do not balance.
fn split_steps(s: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth -= 1,
            b'.' if !quoted && depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    out.push(&s[start..]);
    (depth == 0 && !quoted && out.iter().all(|x| !x.is_empty())).then_some(out)
}

/// Applies every override to the models that hold its resource. The error names an override
/// whose resource no model has (a typo must not pass as "no change").
pub fn apply(models: &mut [Model], overrides: &[Override]) -> Result<Vec<Applied>, String> {
    let mut out = Vec::new();
    for o in overrides {
        let mut applied = Applied {
            over: o.clone(),
            was: None,
            models: Vec::new(),
        };
        for (m, model) in models.iter_mut().enumerate() {
            for r in model
                .resources
                .iter_mut()
                .filter(|r| r.address == o.address)
            {
                let old = set_path(&mut r.values, &o.attribute, o.value.clone())
                    .map_err(|why| format!("--set {}: {why}", o.text))?;
                if applied.models.is_empty() {
                    applied.was = old;
                }
                // A value set here is known: configuration references no longer stand in
                // for it, and it no longer comes from `--source`.
                std::sync::Arc::make_mut(&mut r.references).retain(|k, _| {
                    k != &o.attribute && !k.starts_with(&format!("{}.", o.attribute))
                });
                r.from_configuration.retain(|a| a != &o.attribute);
                applied.models.push(m);
            }
        }
        if applied.models.is_empty() {
            let similar = models
                .iter()
                .flat_map(|m| &m.resources)
                .map(|r| r.address.as_str())
                .filter(|a| strsim::jaro_winkler(a, &o.address) > 0.85)
                .min_by(|a, b| {
                    strsim::jaro_winkler(b, &o.address)
                        .total_cmp(&strsim::jaro_winkler(a, &o.address))
                });
            return Err(format!(
                "--set {}: no resource `{}` in the inputs{}",
                o.text,
                o.address,
                similar.map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
            ));
        }
        out.push(applied);
    }
    Ok(out)
}

/// Sets `path` (dotted; numbers index lists) in `v`, creating missing object keys; returns
/// the old value.
fn set_path(v: &mut Value, path: &str, new: Value) -> Result<Option<Value>, String> {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if matches!(cur, Value::Null | Value::Unknown(_)) {
            *cur = Value::Object(Default::default());
        }
        cur = match cur {
            Value::Object(m) => {
                if last {
                    return Ok(m.insert(*p, new));
                }
                m.get_or_insert_with(p, || Value::Object(Default::default()))
            }
            Value::List(l) => {
                let n: usize = p
                    .parse()
                    .map_err(|_| format!("`{p}` indexes a list; use a number"))?;
                let len = l.len();
                let slot = l
                    .get_mut(n)
                    .ok_or_else(|| format!("`{path}`: the list has {len} elements"))?;
                if last {
                    return Ok(Some(std::mem::replace(slot, new)));
                }
                slot
            }
            _ => return Err(format!("`{path}`: `{p}` is not inside an object or a list")),
        };
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_addresses() {
        let o = parse("aws_ecs_service.api.desired_count=12").unwrap();
        assert_eq!(
            (o.address.as_str(), o.attribute.as_str(), &o.value),
            ("aws_ecs_service.api", "desired_count", &Value::Number(12.0))
        );
        let o =
            parse(r#"module.app["a.b"].aws_launch_template.pool.instance_type=m5.xlarge"#).unwrap();
        assert_eq!(o.address, r#"module.app["a.b"].aws_launch_template.pool"#);
        assert_eq!(o.value, Value::String("m5.xlarge".into()));
        let o = parse("aws_ecs_task_definition.t[0].memory=\"4 GB\"").unwrap();
        assert_eq!(o.address, "aws_ecs_task_definition.t[0]");
        assert_eq!(o.value, Value::String("4 GB".into()));
        for bad in [
            "aws_ecs_service.api=3",
            "desired_count",
            "aws_ecs_service.api[0.x=1",
            "module.x=1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sets_nested_paths() {
        let mut v = Value::from_json(&serde_json::json!({"a": [{"b": 1}], "c": null}));
        assert_eq!(
            set_path(&mut v, "a.0.b", Value::Number(2.0)),
            Ok(Some(Value::Number(1.0)))
        );
        assert_eq!(set_path(&mut v, "c.d", Value::Bool(true)), Ok(None));
        assert!(set_path(&mut v, "a.3.b", Value::Null).is_err());
        assert_eq!(v.path("c.d"), Some(&Value::Bool(true)));
    }
}
