//! Text hygiene shared by the renderers: the input (a pull request) controls names, paths and
//! messages, so every format neutralizes what its reader would interpret.

/// Ports listed per service in the table and the Markdown report; the JSON report lists
/// every one. A task definition with 150,000 port mappings is one line, not megabytes.
pub const MAX_LISTED_PORTS: usize = 20;

/// "… and N more" after the first [`MAX_LISTED_PORTS`] of `total` items.
pub fn more(total: usize) -> Option<String> {
    (total > MAX_LISTED_PORTS).then(|| format!("… and {} more", total - MAX_LISTED_PORTS))
}

/// Unicode format characters that change how text around them is shown without being seen
/// themselves: bidirectional overrides and isolates (the "Trojan Source" characters, U+202E
/// makes `lanif.tf` read as `ft.final`), zero-width spaces and joiners, the byte order mark,
/// line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// Whether `s` holds an [`is_invisible`] character. Every one of them is encoded in UTF-8
/// starting with the byte 0xD8, 0xE1, 0xE2 or 0xEF, so only characters that start with one
/// of those bytes are decoded: a report of megabytes is checked at the speed of a byte scan.
pub fn has_invisible(s: &str) -> bool {
    const CHUNK: usize = 64;
    s.as_bytes().chunks(CHUNK).enumerate().any(|(n, chunk)| {
        // The maximum of a chunk is a vectorized scan; most chunks of a report are ASCII.
        chunk.iter().fold(0, |m, &b| m.max(b)) >= 0xd8
            && chunk.iter().enumerate().any(|(i, &b)| {
                matches!(b, 0xd8 | 0xe1 | 0xe2 | 0xef)
                    && s[n * CHUNK + i..].chars().next().is_some_and(is_invisible)
            })
    })
}

/// An invisible character as visible text, `<U+202E>`.
fn shown(c: char) -> String {
    format!("<U+{:04X}>", c as u32)
}

/// JSON text (the JSON report, SARIF) with every [`is_invisible`] character written as a
/// `\uXXXX` escape: the same data for a parser, nothing hidden for a reader. Such characters
/// only ever occur inside JSON strings, where the escape is valid.
pub fn json_escape_invisible(json: String) -> String {
    if !has_invisible(&json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes terminal control sequences and control characters (keeping `\n` and `\t`), and
/// shows invisible format characters ([`is_invisible`]) as `<U+202E>`.
///
/// ANSI escapes in a message would recolour or rewrite a CI log; other C0/C1 controls have no
/// business in a report. A CSI sequence (`ESC [ … final`) is dropped whole so no `[31m`
/// residue remains; any other control character is dropped alone.
pub fn strip_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                // Parameter and intermediate bytes, then one final byte in 0x40..=0x7e.
                for c2 in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c2) {
                        break;
                    }
                }
            }
            continue;
        }
        if c == '\n' || c == '\t' {
            out.push(c);
            continue;
        }
        if c.is_control() {
            continue;
        }
        if is_invisible(c) {
            out.push_str(&shown(c));
            continue;
        }
        out.push(c);
    }
    out
}

/// Escapes text for GitHub-flavoured Markdown, inline context (paragraphs, list items, table
/// cells, and inside `<code>`/`<summary>` HTML elements).
///
/// - `<`, `>`, `&` become entities: no HTML, and no `<!--`/`-->` that could open a comment
///   or forge the bot's hidden marker;
/// - Markdown punctuation (`\`, `` ` ``, `*`, `_`, `[`, `]`, `~`, `|`) is backslash-escaped,
///   which also keeps `|` from splitting a table cell;
/// - `@name` and `#123` get a zero-width space after the sigil so GitHub neither notifies a
///   user or team nor links an issue;
/// - newlines become `<br>` (a raw newline would end a table row or a list item);
/// - control characters and ANSI escapes are removed.
pub fn md_inline(s: &str) -> String {
    let s = strip_controls(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            '#' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric()) => {
                out.push_str("#\u{200b}")
            }
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a repository-relative path for a URL, keeping `/` between segments.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Joins an optional repository-relative prefix (the analyzed root inside the repository)
/// and a report path.
pub fn repo_path(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    let file = file.trim_start_matches("./");
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

/// Escapes a finding message or help for Markdown, rendering its `` `identifier` `` spans as
/// `<code>` elements (the content still escaped by [`md_inline`]) so identifiers read as code
/// instead of showing literal backticks. An unpaired backtick stays escaped.
pub fn md_message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() < 3 {
        return md_inline(s);
    }
    let paired = if parts.len() % 2 == 1 {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i >= paired {
            out.push_str("\\`");
            out.push_str(&md_inline(part));
        } else if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&md_inline(part));
            out.push_str("</code>");
        } else {
            out.push_str(&md_inline(part));
        }
    }
    out
}

/// Replaces control characters (ANSI escapes, CR, LF, ...) with visible `\u{..}` escapes,
/// for one-line plain-text output (the table and finding lines): nothing is lost, nothing
/// moves the cursor or forges a line.
pub fn inert(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() || is_invisible(c)) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() || is_invisible(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub use crate::finding::thousands;

/// What bounds a count, in words: the label, and for CPU, memory and GPUs the figures
/// (`memory: 3,072 of ~7,782 MiB`, the `~` marking the assumed usable memory).
pub fn limit_words(label: &str, scaling: &crate::report::ScalingReport) -> String {
    let Some(l) = scaling
        .resource_limit
        .as_ref()
        .filter(|l| l.resource == label)
    else {
        return label.to_string();
    };
    let (task, have) = (thousands(l.task), thousands(l.per_instance));
    match label {
        "cpu" => format!("cpu: {task} of {have} units"),
        "memory" => format!(
            "memory: {task} of {}{have} MiB",
            if l.assumed { "~" } else { "" }
        ),
        _ => format!("gpu: {task} of {have}"),
    }
}

/// A capacity pool in two lines: what it has, and the instances its services need.
/// `capacity pool aws_autoscaling_group.ecs: up to 4 × m5.large, each 2,048 CPU units and
/// ~7,782 MiB for tasks; services a, b` / `instances needed: 3 at desired counts, …`.
pub fn pool_lines(p: &crate::report::PoolReport) -> [String; 2] {
    let names = |v: &[String]| v.join(", ");
    let max = p
        .max_instances
        .map_or_else(|| "an unknown number of".to_string(), thousands);
    let types = if p.instance_types.is_empty() {
        "instances of unknown type".to_string()
    } else {
        p.instance_types.join(" / ")
    };
    let each = match &p.per_instance {
        Some(r) => {
            let gpu = if r.gpu > 0 {
                format!(", {} GPUs", r.gpu)
            } else {
                String::new()
            };
            format!(
                ", each {} CPU units and ~{} MiB{gpu} for tasks",
                thousands(r.cpu),
                thousands(r.memory)
            )
        }
        None => String::new(),
    };
    let daemons = if p.daemons.is_empty() {
        String::new()
    } else {
        format!(" (after the daemons {})", names(&p.daemons))
    };
    let first = format!(
        "capacity pool {}: up to {max} × {types}{each}{daemons}; services {}",
        names(&p.auto_scaling_groups),
        names(&p.services)
    );
    let need = |l: &Option<crate::report::LoadReport>, when: &str| match l {
        Some(l) => match l.instances_needed {
            Some(n) => format!("{} {when} ({})", thousands(n), l.limited_by),
            None => format!("a task fits no instance {when}"),
        },
        None => format!("unknown {when}"),
    };
    if p.at_desired
        .as_ref()
        .is_some_and(|l| l.instances_needed.is_none())
    {
        return [
            first,
            "instances needed for CPU, memory and GPUs: none suffice, a task fits no instance"
                .to_string(),
        ];
    }
    let mut second = format!(
        "instances needed for CPU, memory and GPUs: {}, {}",
        need(&p.at_desired, "at desired counts"),
        need(&p.at_max, "at auto scaling maxima")
    );
    if let Some(s) = &p.worst_surge {
        let who = s.deploying.as_deref().unwrap_or("a service");
        second.push_str(&format!(
            ", {}",
            need(&Some(s.clone()), &format!("while {who} deploys"))
        ));
    }
    [first, second]
}

#[cfg(test)]
mod tests {

    #[test]
    fn message_code_spans_become_code_elements() {
        assert_eq!(
            super::md_message("port `80` of `a|b` <x>"),
            "port <code>80</code> of <code>a\\|b</code> &lt;x&gt;"
        );
        assert_eq!(super::md_message("odd ` one"), "odd \\` one");
        assert_eq!(super::md_message("`a` and ` b"), "<code>a</code> and \\` b");
        assert!(!super::md_message("`<!--` `-->`").contains("<!--"));
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_invisible_characters() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let one: &str = c.encode_utf8(&mut buf);
            assert_eq!(super::has_invisible(one), super::is_invisible(c), "{c:?}");
        }
        for at in 0..200 {
            let pad = "a".repeat(at);
            assert!(super::has_invisible(&format!("{pad}\u{202e}bc")), "{at}");
            assert!(!super::has_invisible(&format!("{pad}→é\u{2070}")), "{at}");
        }
        assert!(super::has_invisible(
            "network mode bridge → awsvpc \u{2069}"
        ));
        assert!(!super::has_invisible("network mode bridge → awsvpc é ü"));
    }

    #[test]
    fn invisible_characters_are_shown() {
        let trojan = "a\u{202e}fit.\u{200b}x\u{feff}";
        assert_eq!(super::inert(trojan), "a\\u{202e}fit.\\u{200b}x\\u{feff}");
        assert_eq!(
            super::strip_controls(trojan),
            "a<U+202E>fit.<U+200B>x<U+FEFF>"
        );
        let md = super::md_inline(trojan);
        assert!(
            !md.contains('\u{202e}') && md.contains("&lt;U+202E&gt;"),
            "{md}"
        );
        let j = super::json_escape_invisible(serde_json::to_string(trojan).unwrap());
        assert_eq!(j, "\"a\\u202efit.\\u200bx\\ufeff\"");
        assert_eq!(serde_json::from_str::<String>(&j).unwrap(), trojan);
    }

    #[test]
    fn inert_escapes_controls() {
        assert_eq!(super::inert("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(super::inert("plain → ok"), "plain → ok");
    }
    use super::*;

    #[test]
    fn ansi_sequences_are_removed_whole() {
        assert_eq!(strip_controls("a\u{1b}[31mred\u{1b}[0m\u{7}b"), "aredb");
        assert_eq!(strip_controls("x\u{1b}]0;t"), "x]0;t");
        assert_eq!(strip_controls("l1\nl2\tz\r"), "l1\nl2\tz");
    }

    #[test]
    fn inline_markdown_is_inert() {
        let s = md_inline("a|b `c` <!-- x --> @org/team #12 <b>&\nz");
        assert_eq!(
            s,
            "a\\|b \\`c\\` &lt;!-- x --&gt; @\u{200b}org/team #\u{200b}12 &lt;b&gt;&amp;<br>z"
        );
        assert!(!s.contains("<!--") && !s.contains("-->") && !s.contains('\n'));
    }

    #[test]
    fn paths_are_encoded_and_prefixed() {
        assert_eq!(url_path("a b/c#d.tf"), "a%20b/c%23d.tf");
        assert_eq!(repo_path("infra/", "./main.tf"), "infra/main.tf");
        assert_eq!(repo_path("", "main.tf"), "main.tf");
        assert_eq!(repo_path(".", "main.tf"), "main.tf");
    }
}
