//! Terraform reference, address and attribute-path strings as both front ends write them
//! (`var.td.arn`, `module.td.arn`, `module.a.`, `load_balancer.0`): one implementation, so
//! plan and HCL resolve alike.

/// `module.td.arn` -> (`td`, `arn`); `module.td` alone names no output, and a keyed call
/// (`module.td["a"].arn`) is not narrowed here.
pub fn module_output(reference: &str) -> Option<(&str, &str)> {
    let rest = reference.strip_prefix("module.")?;
    let (call, output) = rest.split_once('.')?;
    if call.contains('[') {
        return None;
    }
    let end = output.find(['.', '[']).unwrap_or(output.len());
    Some((call, &output[..end]))
}

/// `var.td.arn` / `var.td[0]` -> `td`.
pub fn var_name(reference: &str) -> Option<&str> {
    let rest = reference.strip_prefix("var.")?;
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The address prefix of a module instance: `module.a["x"].`, or nothing for the root.
pub fn module_prefix(module: &str) -> String {
    if module.is_empty() {
        String::new()
    } else {
        format!("{module}.")
    }
}

/// Appends a segment to a dotted attribute path (`load_balancer` + `0` -> `load_balancer.0`),
/// the path syntax of `Resource::attr_locations` and `Resource::references`.
pub fn join_path(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_module_outputs_and_variables() {
        assert_eq!(module_output("module.td.arn"), Some(("td", "arn")));
        assert_eq!(module_output("module.td.arns[0]"), Some(("td", "arns")));
        assert_eq!(module_output("module.td"), None);
        assert_eq!(module_output("module.td[\"a\"].arn"), None);
        assert_eq!(var_name("var.td.arn"), Some("td"));
        assert_eq!(var_name("var.td[0]"), Some("td"));
        assert_eq!(var_name("local.x"), None);
        assert_eq!(module_prefix(""), "");
        assert_eq!(module_prefix("module.a[0]"), "module.a[0].");
        assert_eq!(join_path("", "lb"), "lb");
        assert_eq!(join_path("lb", "0"), "lb.0");
    }
}
