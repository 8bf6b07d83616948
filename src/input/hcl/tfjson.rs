//! `.tf.json` files: rewritten as HCL text (strings stay templates, `type` strings become
//! type expressions) and then parsed like `.tf`. Spans of the result do not match the JSON
//! text, so such files report line 1.

use serde_json::Value as J;

/// Nested block types written as JSON objects that the model expects as lists of blocks.
const BLOCK_NAMES: &[&str] = &[
    "load_balancer",
    "network_configuration",
    "capacity_provider_strategy",
    "default_capacity_provider_strategy",
    "ordered_placement_strategy",
    "placement_constraints",
    "service_registries",
    "service_connect_configuration",
    "deployment_circuit_breaker",
    "deployment_controller",
    "volume",
    "runtime_platform",
    "proxy_configuration",
    "auto_scaling_group_provider",
    "managed_scaling",
    "launch_template",
    "mixed_instances_policy",
    "health_check",
    "instance_requirements",
    "network_interfaces",
    "setting",
    "configuration",
    "dns_config",
    "dns_records",
];

/// Converts a `.tf.json` document to HCL source text.
pub(super) fn to_hcl(src: &str) -> Result<String, String> {
    let doc: J = serde_json::from_str(src).map_err(|e| e.to_string())?;
    let top = doc
        .as_object()
        .ok_or("a .tf.json file must hold a JSON object")?;
    let mut out = String::new();
    for (kind, v) in top {
        match kind.as_str() {
            "resource" | "data" => {
                for (t, names) in obj(v) {
                    for (n, bodies) in obj(names) {
                        for b in one_or_many(bodies) {
                            out.push_str(&format!("{kind} {} {} {{\n", q(t), q(n)));
                            body(b, &mut out, true);
                            out.push_str("}\n");
                        }
                    }
                }
            }
            "variable" | "output" | "module" => {
                for (n, b) in obj(v) {
                    out.push_str(&format!("{kind} {} {{\n", q(n)));
                    if kind == "variable" {
                        variable(b, &mut out);
                    } else {
                        body(b, &mut out, false);
                    }
                    out.push_str("}\n");
                }
            }
            "locals" => {
                for b in one_or_many(v) {
                    out.push_str("locals {\n");
                    body(b, &mut out, false);
                    out.push_str("}\n");
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn obj(v: &J) -> impl Iterator<Item = (&String, &J)> {
    v.as_object().into_iter().flatten()
}

fn one_or_many(v: &J) -> Vec<&J> {
    match v {
        J::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn is_ident(k: &str) -> bool {
    let mut cs = k.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn variable(b: &J, out: &mut String) {
    for (k, v) in obj(b) {
        if k == "type" {
            if let Some(t) = v.as_str() {
                let t = t.trim();
                let t = t
                    .strip_prefix("${")
                    .and_then(|x| x.strip_suffix('}'))
                    .unwrap_or(t);
                // Only a single, whole type expression is written back: text such as
                // `string }\nresource "aws_ecs_service" "x" {` must not become HCL structure.
                match hcl_edit::parser::parse_expr(t) {
                    Ok(e) => out.push_str(&format!("type = {}\n", e.to_string().trim())),
                    Err(_) => out.push_str("type = any\n"),
                }
            }
        } else if is_ident(k) && k != "validation" {
            out.push_str(&format!("{k} = "));
            expr(v, out);
            out.push('\n');
        }
    }
}

fn body(b: &J, out: &mut String, resource: bool) {
    for (k, v) in obj(b) {
        if !is_ident(k) || k == "//" {
            continue;
        }
        let nested = resource
            && BLOCK_NAMES.contains(&k.as_str())
            && one_or_many(v).iter().all(|x| x.is_object());
        if nested {
            for x in one_or_many(v) {
                out.push_str(&format!("{k} {{\n"));
                body(x, out, true);
                out.push_str("}\n");
            }
        } else if k == "lifecycle" || k == "provisioner" || k == "connection" {
            continue;
        } else {
            out.push_str(&format!("{k} = "));
            expr(v, out);
            out.push('\n');
        }
    }
}

fn expr(v: &J, out: &mut String) {
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => out.push_str(&n.to_string()),
        J::String(s) => out.push_str(&q(s)),
        J::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(x, out);
            }
            out.push(']');
        }
        J::Object(o) => {
            out.push_str("{\n");
            for (k, x) in o {
                if k == "//" {
                    continue;
                }
                out.push_str(&format!("{} = ", q_key(k)));
                expr(x, out);
                out.push('\n');
            }
            out.push('}');
        }
    }
}

/// A JSON string as an HCL quoted template: `${`/`%{` sequences stay live, as in JSON syntax.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Object keys are literal in JSON: escape template sequences and wrap in parentheses-free
/// quotes.
fn q_key(s: &str) -> String {
    q(&s.replace("${", "$${").replace("%{", "%%{"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_resources_and_variables() {
        let h = to_hcl(
            r#"{"variable":{"port":{"type":"number","default":80}},
                "resource":{"aws_ecs_service":{"web":{"desired_count":"${var.port}",
                "load_balancer":{"container_port":80}}}}}"#,
        )
        .unwrap();
        assert!(h.contains("type = number"), "{h}");
        assert!(h.contains("load_balancer {"), "{h}");
        assert!(hcl_edit::parser::parse_body(&h).is_ok(), "{h}");
    }

    #[test]
    fn a_type_string_cannot_add_blocks() {
        let h = to_hcl(
            r#"{"variable":{"port":{"type":"number\n}\nresource \"aws_ecs_service\" \"x\" {\n  name = \"x\"\n}\nvariable \"y\" {\n  type = string"},
                "name":{"type":"${map(string)}"}}}"#,
        )
        .unwrap();
        let body = hcl_edit::parser::parse_body(&h).unwrap();
        let blocks: Vec<_> = body
            .blocks()
            .map(|b| b.ident.as_str().to_string())
            .collect();
        assert_eq!(blocks, ["variable", "variable"], "{h}");
        assert!(h.contains("type = any"), "{h}");
        assert!(h.contains("type = map(string)"), "{h}");
    }
}
