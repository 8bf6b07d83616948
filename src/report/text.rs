//! Escaping for plain-text outputs: input-controlled strings (names, images, messages) must
//! not be able to move the cursor, recolor the terminal or forge lines.

/// Replaces control characters (ANSI escapes, CR, LF, ...) with visible `\u{..}` escapes.
pub fn inert(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_controls() {
        assert_eq!(super::inert("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(super::inert("plain → ok"), "plain → ok");
    }
}
