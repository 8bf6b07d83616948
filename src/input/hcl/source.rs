//! Source files (text, display path, line starts) and the workspace sandbox that `file()`,
//! `templatefile()` and module sources may not leave.

use crate::fsread::{self, Budget, MAX_SOURCE_FILE, Reach, ReadError};
use crate::input::lines::LineIndex;
use crate::model::Location;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One loaded file.
#[derive(Debug)]
pub(super) struct SourceFile {
    /// Path relative to the analyzed directory, `/`-separated.
    pub rel: std::sync::Arc<str>,
    /// The text.
    pub text: String,
    /// Line starts and character counts, for positions.
    lines: LineIndex,
    /// JSON files have no usable spans: every location is line 1.
    pub no_spans: bool,
}

impl SourceFile {
    /// The 1-based line and column (in characters) of a byte offset.
    pub(super) fn line_col(&self, offset: usize) -> (u32, u32) {
        if self.no_spans {
            return (1, 1);
        }
        self.lines.position(&self.text, offset)
    }

    /// The text of a 1-based line, without its line break.
    pub(super) fn line_text(&self, line: usize) -> Option<&str> {
        self.lines_text(line, line)
            .map(|s| s.trim_end_matches(['\n', '\r']))
    }

    /// The text of 1-based lines `first..=last`, line breaks included.
    pub(super) fn lines_text(&self, first: usize, last: usize) -> Option<&str> {
        let start = self.lines.line_start(first)?;
        let end = self.lines.line_start(last + 1).unwrap_or(self.text.len());
        self.text.get(start..end)
    }
}

/// Every file read during one load; an index is a file id.
#[derive(Debug, Default)]
pub(super) struct SourceMap {
    files: RefCell<Vec<Rc<SourceFile>>>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub(super) fn add(
        &self,
        rel: impl Into<std::sync::Arc<str>>,
        text: String,
        no_spans: bool,
    ) -> usize {
        let lines = LineIndex::new(&text);
        let mut files = self.files.borrow_mut();
        files.push(Rc::new(SourceFile {
            rel: rel.into(),
            text,
            lines,
            no_spans,
        }));
        files.len() - 1
    }

    /// The file with this id.
    pub(super) fn get(&self, id: usize) -> Option<Rc<SourceFile>> {
        self.files.borrow().get(id).cloned()
    }

    /// The location of the byte range `start..end` of a file. A region that runs over several
    /// lines ends with its first line's text instead: code scanning shows a result only when
    /// every line of its region is in the diff, and the line to change is the first.
    pub(super) fn span(&self, id: usize, start: usize, end: usize) -> Option<Location> {
        let f = self.get(id)?;
        let at = self.location(id, start)?;
        if f.no_spans || end <= start {
            return Some(at);
        }
        let (line, column) = f.line_col(end);
        if line == at.line {
            return Some(at.ending_at(line, column));
        }
        let first = f.line_text(at.line as usize)?;
        let width = u32::try_from(first.trim_end().chars().count()).ok()?;
        Some(if width + 1 > at.column {
            let line = at.line;
            at.ending_at(line, width + 1)
        } else {
            at
        })
    }

    /// The location of what an [`Origin`] points at.
    pub(super) fn origin(&self, o: super::value::Origin) -> Option<Location> {
        self.span(o.file, o.offset as usize, o.end as usize)
    }

    /// The location of a byte offset in a file.
    pub(super) fn location(&self, id: usize, offset: usize) -> Option<Location> {
        let f = self.get(id)?;
        let (line, column) = f.line_col(offset);
        Some(Location {
            file: f.rel.clone(),
            line,
            column,
            end_line: None,
            end_column: None,
        })
    }
}

/// The directory inputs may read from, and the analyzed directory paths are shown relative to.
#[derive(Debug, Clone)]
pub(super) struct Sandbox {
    /// Canonical workspace root.
    pub root: PathBuf,
    /// Canonical analyzed directory.
    pub base: PathBuf,
    /// What the run's reads may still take.
    pub budget: Budget,
}

impl Sandbox {
    /// `--root` if given, else the git work tree containing `dir` (found by looking for
    /// `.git`; git is never run), else `dir` itself.
    pub(super) fn new(dir: &Path, root: Option<&Path>, budget: Budget) -> Sandbox {
        let base = fsread::canonicalize_dir(dir).unwrap_or_else(|_| normalize(dir));
        let root = fsread::workspace_root(&base, root);
        Sandbox { root, base, budget }
    }

    /// Reads a file of the workspace under [`crate::fsread`]'s rules (inside the root, not
    /// under `.git/`, a regular file, bounded).
    pub(super) fn read_text(&self, path: &Path) -> Result<String, ReadError> {
        fsread::read_text(
            path,
            Reach::Inside(&self.root),
            MAX_SOURCE_FILE,
            &self.budget,
        )
    }

    /// Resolves `path` (relative to `from`) and refuses anything that resolves, symlinks
    /// included, outside the workspace root or under its `.git/`. `Ok(None)`: inside, but
    /// does not exist.
    pub(super) fn confine(&self, from: &Path, path: &str) -> Result<Option<PathBuf>, String> {
        let p = Path::new(path);
        if path.starts_with('~') {
            return Err("path outside the analyzed root refused".into());
        }
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            from.join(p)
        };
        let git = |p: &Path| p.strip_prefix(&self.root).is_ok_and(fsread::under_git);
        match fsread::canonicalize(&joined) {
            Ok(c) if git(&c) => Err("path under `.git/` refused".into()),
            Ok(c) if c.starts_with(&self.root) => Ok(Some(c)),
            Ok(_) => Err("path outside the analyzed root refused".into()),
            Err(_) => {
                let n = normalize(&joined);
                if git(&n) {
                    Err("path under `.git/` refused".into())
                } else if n.starts_with(&self.root) {
                    Ok(None)
                } else {
                    Err("path outside the analyzed root refused".into())
                }
            }
        }
    }

    /// A canonical path shown relative to the analyzed directory, `/`-separated.
    pub(super) fn display(&self, path: &Path) -> String {
        relative(&self.base, path)
    }
}

pub(super) use crate::fsread::normalize;

/// `path` relative to `base` (both absolute), with `..` where needed.
pub(super) fn relative(base: &Path, path: &Path) -> String {
    // Most paths shown are under the base (every file and location of a monorepo): their
    // text after the base's, when it is plain names, without comparing component by
    // component.
    let (b, p) = (
        base.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    if let Some(rest) = p.strip_prefix(b).and_then(|r| r.strip_prefix(b"/"))
        && let Ok(rest) = std::str::from_utf8(rest)
        && !rest
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return rest.to_string();
    }
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".into());
    }
    for c in &p[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn paths_are_shown_relative_to_the_base() {
        let base = Path::new("/w/repo/envs/prod");
        for (path, shown) in [
            ("/w/repo/envs/prod", "."),
            ("/w/repo/envs/prod/main.tf", "main.tf"),
            ("/w/repo/envs/prod/sub/deeper/x.tf", "sub/deeper/x.tf"),
            // Not plain names after the base: compared component by component.
            ("/w/repo/envs/prod/./sub/x.tf", "sub/x.tf"),
            ("/w/repo/envs/prod//x.tf", "x.tf"),
            ("/w/repo/envs/prod/../x.tf", "../x.tf"),
            ("/w/repo/modules/app/main.tf", "../../modules/app/main.tf"),
            ("/w/repo/envs/production/a.tf", "../production/a.tf"),
            ("/w/repo", "../.."),
            ("/other", "../../../../other"),
        ] {
            assert_eq!(relative(base, Path::new(path)), shown, "{path}");
        }
    }
}
