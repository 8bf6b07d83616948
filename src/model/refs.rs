//! Reading Terraform reference strings as both front ends record them
//! (`var.td.arn`, `module.td.arn`): one parser, so plan and HCL links resolve alike.

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
    }
}
