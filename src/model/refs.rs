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

/// A module instance address with its instance keys removed, which names the module's
/// configuration: `module.a["x.y]"].module.b[0]` -> `module.a.module.b`. Keys are quoted
/// strings that may contain `.`, `[`, `]` and escaped quotes.
pub fn strip_keys(module: &str) -> String {
    if !module.contains(['[', ']']) {
        return module.to_string();
    }
    let mut out = String::with_capacity(module.len());
    outside_spans(module, |a, b| out.push_str(&module[a..b]));
    out
}

/// Splits a module instance address into its parent instance and the last call's name:
/// `module.a["x"].module.b[0]` -> (`module.a["x"]`, `b`); `module.a` -> (``, `a`).
pub fn split_last_call(module: &str) -> Option<(&str, &str)> {
    let (n, [before_last, last_dot]) = last_two_dots(module);
    // Segments alternate `module` / `NAME[KEY]`, so an instance address has an odd number
    // of top-level dots.
    if n.is_multiple_of(2) {
        return None;
    }
    let kw_start = if n >= 3 { before_last + 1 } else { 0 };
    if &module[kw_start..last_dot] != "module" {
        return None;
    }
    let parent = if n >= 3 { &module[..before_last] } else { "" };
    let last = &module[last_dot + 1..];
    let name = last.split('[').next().unwrap_or(last);
    Some((parent, name))
}

/// How many `.` separators lie outside instance keys, and the positions of the last two
/// (0 where there are fewer): no list of them, for the paths every followed reference
/// splits.
fn last_two_dots(s: &str) -> (usize, [usize; 2]) {
    let (mut n, mut last) = (0, [0, 0]);
    outside_spans(s, |a, b| {
        for (i, _) in s.as_bytes()[a..b]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b'.')
        {
            n += 1;
            last = [last[1], a + i];
        }
    });
    (n, last)
}

/// Calls `f` with the byte ranges of an address outside its instance keys (`[...]`, whose
/// quoted strings may hold `.`, `[`, `]` and escaped quotes), in order. A stray `]` outside
/// a key is left out. Every byte that matters is ASCII, so the scan is over bytes (a
/// module path is scanned for every reference followed through it).
fn outside_spans(s: &str, mut f: impl FnMut(usize, usize)) {
    let b = s.as_bytes();
    let next = |from: usize, stop: fn(u8) -> bool| b[from..].iter().position(|&c| stop(c));
    let (mut i, mut start, mut depth) = (0, 0, 0usize);
    while i < b.len() {
        if depth == 0 {
            let Some(k) = next(i, |c| c == b'[' || c == b']') else {
                break;
            };
            i += k;
            if start < i {
                f(start, i);
            }
            if b[i] == b'[' {
                depth = 1;
            } else {
                // A stray `]` outside a key is left out.
                start = i + 1;
            }
        } else {
            let Some(k) = next(i, |c| matches!(c, b'[' | b']' | b'"')) else {
                break;
            };
            i += k;
            match b[i] {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        start = i + 1;
                    }
                }
                _ => {
                    // A quoted string: to its closing quote, over escaped characters.
                    i += 1;
                    loop {
                        let Some(k) = next(i.min(b.len()), |c| c == b'"' || c == b'\\') else {
                            // Unterminated: the rest is inside the key.
                            i = b.len();
                            break;
                        };
                        i += k;
                        if b[i] == b'"' {
                            break;
                        }
                        i += 2;
                    }
                    if i >= b.len() {
                        break;
                    }
                }
            }
        }
        i += 1;
    }
    if depth == 0 && start < b.len() {
        f(start, b.len());
    }
}

/// The instance key of the innermost module call of a module instance address, as
/// [`crate::model::InstanceKey`]'s `Display` writes it: `module.a.module.svc["api"]` ->
/// `["api"]`; `None` for a call without `count`/`for_each`.
pub fn last_call_key(module: &str) -> Option<&str> {
    let (n, [_, last_dot]) = last_two_dots(module);
    let start = if n > 0 { last_dot + 1 } else { 0 };
    let last = &module[start..];
    last.find('[').map(|i| &last[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character definition the byte scan must agree with.
    fn outside_keys(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        s.char_indices().filter(move |&(_, c)| {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                return false;
            }
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                '"' if depth > 0 => in_str = true,
                _ => return depth == 0,
            }
            false
        })
    }

    /// Every concatenation of up to `n` of `parts`, each once.
    fn concatenations(parts: &[&str], n: usize) -> Vec<String> {
        let mut all = std::collections::BTreeSet::from([String::new()]);
        let mut last = vec![String::new()];
        for _ in 0..n {
            last = last
                .iter()
                .flat_map(|c| parts.iter().map(move |p| format!("{c}{p}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all.into_iter().collect()
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_definition() {
        let parts = [
            "module", ".", "a", "[", "]", "\"", "\\", "0", "é", "x.y", "[\"k\"]", "→",
        ];
        // Every string of up to four parts: stray brackets, unterminated keys and strings,
        // escapes, multi-byte characters next to every delimiter; and every string of up to
        // six of the delimiters alone.
        let special = ["[", "]", "\"", "\\", "a", "."];
        let cases = [concatenations(&parts, 4), concatenations(&special, 6)].concat();
        assert!(cases.len() > 40_000);
        for s in &cases {
            let want: String = outside_keys(s).map(|(_, c)| c).collect();
            assert_eq!(strip_keys(s), want, "{s:?}");
            let dots: Vec<usize> = outside_keys(s)
                .filter(|&(_, c)| c == '.')
                .map(|(i, _)| i)
                .collect();
            let n = dots.len();
            let two = [
                n.checked_sub(2).map_or(0, |i| dots[i]),
                n.checked_sub(1).map_or(0, |i| dots[i]),
            ];
            assert_eq!(last_two_dots(s), (n, two), "{s:?}");
        }
    }

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
        assert_eq!(
            last_call_key("module.a.module.svc[\"api\"]"),
            Some("[\"api\"]")
        );
        assert_eq!(last_call_key("module.a[0]"), Some("[0]"));
        assert_eq!(
            last_call_key("module.a[\"x.module.y\"]"),
            Some("[\"x.module.y\"]")
        );
        assert_eq!(last_call_key("module.a"), None);
        assert_eq!(last_call_key(""), None);
    }
}
