//! Where the object keys inside a JSON string were written: `container_definitions` given
//! as a heredoc, a quoted string, `file("x.json")` or `templatefile(...)` is text, not
//! syntax, so its keys have no spans. While a string is built, the literal pieces that go
//! into it are recorded with their source ranges; a key that lies wholly inside one such
//! piece is then found in that piece's source text. Keys produced by interpolations or
//! functions (and text built in two different ways) get no location, and the attribute's
//! own location stands for them.

use super::source::SourceMap;
use crate::model::FastMap as HashMap;
use crate::model::Location;
use crate::model::refs::join_path as join;
use std::ops::Range;
use std::rc::Rc;

/// JSON nested deeper than this is not scanned (container definitions are a few levels).
const MAX_DEPTH: usize = 64;

/// One literal piece of a built string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    /// Its byte range in the built string.
    pub out: Range<usize>,
    /// The source file it was written in.
    pub file: usize,
    /// Its byte range in that file.
    pub src: Range<usize>,
    /// Written inside an HCL quoted string, where `"` and `\` are escaped.
    pub quoted: bool,
}

/// The pieces of one built string.
type Pieces = Rc<Vec<Piece>>;

/// Built strings that look like JSON, by their text: the pieces they were built from, or
/// `None` when the same text was built in different ways.
#[derive(Debug, Default)]
pub(super) struct TextOrigins {
    by_text: std::cell::RefCell<HashMap<Rc<str>, Option<Pieces>>>,
}

impl TextOrigins {
    /// Records how `text` was built (only JSON-looking text is kept).
    pub(super) fn record(&self, text: &str, pieces: Vec<Piece>) {
        if pieces.is_empty() || !looks_like_json(text) {
            return;
        }
        let mut m = self.by_text.borrow_mut();
        match m.get_mut(text) {
            Some(slot) => {
                if slot.as_deref() != Some(&pieces) {
                    *slot = None;
                }
            }
            None => {
                m.insert(Rc::from(text), Some(Rc::new(pieces)));
            }
        }
    }

    /// The pieces `text` was built from, when unambiguous.
    pub(super) fn get(&self, text: &str) -> Option<Pieces> {
        self.by_text.borrow().get(text).cloned().flatten()
    }

    /// Locations of the object keys of the JSON `text`, by dotted path (`0.portMappings.1.hostPort`).
    pub(super) fn key_locations(&self, sources: &SourceMap, text: &str) -> Vec<(String, Location)> {
        let Some(pieces) = self.get(text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut cursor: Option<Cursor> = None;
        for (path, at) in json_keys(text) {
            if let Some(loc) = locate(sources, &pieces, text, at, &mut cursor) {
                out.push((path, loc));
            }
        }
        out
    }
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'[' | b'{'))
}

/// Where the previous key of the same piece was found: keys come in text order, so the next
/// one is searched from here, not from the piece's start (30,000 containers in one file
/// stay linear).
struct Cursor {
    piece: usize,
    /// End of the previous key token in the output text.
    out: usize,
    /// End of the previous key token in the source file.
    src: usize,
}

/// The source location of the key token at `at` (byte range of `"key"`) of `text`.
fn locate(
    sources: &SourceMap,
    pieces: &[Piece],
    text: &str,
    at: Range<usize>,
    cursor: &mut Option<Cursor>,
) -> Option<Location> {
    // Pieces are kept in output order, so the search starts at the previous key's piece.
    let holds = |p: &Piece| p.out.start <= at.start && at.end <= p.out.end;
    let from = cursor.as_ref().map_or(0, |c| c.piece);
    let pi = pieces[from..]
        .iter()
        .position(holds)
        .map(|i| i + from)
        .or_else(|| pieces[..from].iter().position(holds))?;
    let p = &pieces[pi];
    let (out_from, src_from) = match cursor {
        Some(c) if c.piece == pi && c.out <= at.start => (c.out, c.src),
        _ => (p.out.start, p.src.start),
    };
    let token = text.get(at.clone())?;
    // The k-th occurrence of the token after the previous key is its k-th occurrence after
    // that key in the source: what differs between the two (stripped indentation, `~`
    // markers, escapes) never contains a whole key token.
    let k = text.get(out_from..at.start)?.matches(token).count();
    let written = if p.quoted {
        token.replace('\\', "\\\\").replace('"', "\\\"")
    } else {
        token.to_string()
    };
    let f = sources.get(p.file)?;
    let src = f.text.get(src_from..p.src.end)?;
    let (i, _) = src.match_indices(written.as_str()).nth(k)?;
    *cursor = Some(Cursor {
        piece: pi,
        out: at.end,
        src: src_from + i + written.len(),
    });
    sources.span(p.file, src_from + i, src_from + i + written.len())
}

/// Every object key of a JSON text: (dotted path, byte range of the key token with its
/// quotes). Empty when the text is not valid JSON (nothing is located in broken text).
pub(super) fn json_keys(text: &str) -> Vec<(String, Range<usize>)> {
    let mut s = Scanner {
        b: text.as_bytes(),
        text,
        i: 0,
        out: Vec::new(),
    };
    let ok = s.value("", 0).is_some() && {
        s.ws();
        s.i == s.b.len()
    };
    if ok { s.out } else { Vec::new() }
}

struct Scanner<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    out: Vec<(String, Range<usize>)>,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &str, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.ws();
                    let start = self.i;
                    self.string()?;
                    let key: String = serde_json::from_str(self.text.get(start..self.i)?).ok()?;
                    let p = join(path, &key);
                    self.out.push((p.clone(), start..self.i));
                    self.ws();
                    self.expect(b':')?;
                    self.value(&p, depth + 1)?;
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(());
                }
                let mut n = 0usize;
                loop {
                    self.value(&join(path, &n.to_string()), depth + 1)?;
                    n += 1;
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string(),
            _ => {
                // A number, `true`, `false` or `null`: checked by the JSON decode elsewhere.
                let start = self.i;
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.'))
                {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.b.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                _ => self.i += 1,
            }
        }
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_by_path_with_their_token_ranges() {
        let t = r#"[ {"name": "a", "portMappings": [{"hostPort": 80}, {"host\"Port": 1}]} ]"#;
        let keys = json_keys(t);
        let paths: Vec<&str> = keys.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "0.name",
                "0.portMappings",
                "0.portMappings.0.hostPort",
                "0.portMappings.1.host\"Port"
            ]
        );
        assert_eq!(&t[keys[2].1.clone()], "\"hostPort\"");
        assert!(json_keys("[{\"a\": }]").is_empty());
        assert!(json_keys(&"[".repeat(100)).is_empty());
    }

    #[test]
    fn keys_are_found_in_their_piece_of_source() {
        let sources = SourceMap::default();
        let src = "x = \"[{\\\"hostPort\\\": 1}, {\\\"hostPort\\\": 2}]\"\n";
        let id = sources.add("main.tf", src.into(), false);
        let text = r#"[{"hostPort": 1}, {"hostPort": 2}]"#;
        let origins = TextOrigins::default();
        origins.record(
            text,
            vec![Piece {
                out: 0..text.len(),
                file: id,
                src: 4..src.len() - 1,
                quoted: true,
            }],
        );
        let locs = origins.key_locations(&sources, text);
        let cols: Vec<(&str, u32)> = locs.iter().map(|(p, l)| (p.as_str(), l.column)).collect();
        assert_eq!(cols, [("0.hostPort", 8), ("1.hostPort", 27)]);
        // Built in two ways: no location at all.
        origins.record(
            text,
            vec![Piece {
                out: 0..2,
                file: id,
                src: 0..2,
                quoted: false,
            }],
        );
        assert!(origins.key_locations(&sources, text).is_empty());
    }
}
