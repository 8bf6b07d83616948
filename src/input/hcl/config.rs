//! One module directory: its files parsed (in parallel) and its blocks indexed, with
//! `override.tf`/`*_override.tf` merged the way Terraform merges them (an override block
//! replaces the arguments it sets and every nested block of a type it contains).

use super::source::{Sandbox, SourceMap};
use super::tfjson;
use crate::model::{Location, Mode, Problem};
use hcl_edit::Span;
use hcl_edit::structure::{Attribute, Block, Body};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A top-level block and the override blocks merged into it: (file index, structure index).
#[derive(Debug, Clone, Default)]
pub(super) struct BlockRef {
    /// The primary block, then overrides in file order.
    pub parts: Vec<(usize, usize)>,
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub(super) struct ResourceDecl {
    /// Managed or data.
    pub mode: Mode,
    /// The type label.
    pub rtype: String,
    /// The name label.
    pub name: String,
    /// Its blocks.
    pub block: BlockRef,
}

/// A `locals` entry: (file index, structure index of the `locals` block, attribute key).
#[derive(Debug, Clone)]
pub(super) struct LocalRef {
    /// File index.
    pub file: usize,
    /// Structure index of the `locals` block.
    pub block: usize,
    /// The local's name.
    pub key: String,
}

/// A parsed module directory.
#[derive(Debug, Default)]
pub(super) struct ModuleConfig {
    /// Canonical directory.
    pub dir: PathBuf,
    /// (source id, body) per file.
    pub files: Vec<(usize, Body)>,
    /// `variable` blocks by name.
    pub variables: BTreeMap<String, BlockRef>,
    /// `locals` entries by name (an override file's entry wins).
    pub locals: BTreeMap<String, LocalRef>,
    /// `output` blocks by name.
    pub outputs: BTreeMap<String, BlockRef>,
    /// `module` calls by name.
    pub modules: BTreeMap<String, BlockRef>,
    /// Resources and data sources in file order.
    pub resources: Vec<ResourceDecl>,
    /// Index into `resources` by (is data source, type, name).
    pub res_index: HashMap<(bool, String, String), usize>,
}

fn is_override(name: &str) -> bool {
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}

/// The `.tf`/`.tf.json` entries of `dir`. What cannot be read is a located finding, never
/// silently skipped: an unreadable directory, a name that is not UTF-8, a directory named
/// like a file. Links are kept: reading them ([`parse_file`]) confines them.
fn list_terraform_files(
    dir: &Path,
    sandbox: &Sandbox,
    problems: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let shown = sandbox.display(dir);
    let at = |file: String| {
        Some(Location {
            file: file.into(),
            line: 1,
            column: 1,
            end_line: None,
            end_column: None,
        })
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(Problem::invalid_input(
                format!(
                    "the directory `{shown}` cannot be read ({}): its Terraform files are not analyzed",
                    crate::fsread::ReadError::from_io(&e)
                ),
                None,
                at(shown.clone()),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        let name = e.file_name();
        let lossy = name.to_string_lossy();
        if !(lossy.ends_with(".tf") || lossy.ends_with(".tf.json")) {
            continue;
        }
        let rel = sandbox.display(&super::source::normalize(&path));
        if name.to_str().is_none() {
            problems.push(Problem::invalid_input(
                format!("`{rel}` is not read: its name is not UTF-8"),
                None,
                at(rel),
            ));
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            problems.push(Problem::invalid_input(
                format!("`{rel}` is not read: it is a directory, not a Terraform file"),
                None,
                at(rel),
            ));
            continue;
        }
        out.push(path);
    }
    out
}

/// A file of a module directory: its path, and its text, whether it is JSON, its body (or
/// the parse error) and the position of that error.
type Parsed = (
    PathBuf,
    Result<(String, bool, Result<Body, String>, Option<(usize, usize)>), String>,
);

thread_local! {
    /// Whether a directory's files are parsed on threads of their own: not on the workers of
    /// a pool of roots (`load_roots`), which already use every core.
    pub(super) static PARSE_IN_PARALLEL: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

impl ModuleConfig {
    /// Reads and parses every `.tf`/`.tf.json` file of `dir`; syntax errors become findings
    /// and the file is skipped.
    pub(super) fn load(
        dir: &Path,
        sandbox: &Sandbox,
        sources: &SourceMap,
        problems: &mut Vec<Problem>,
    ) -> ModuleConfig {
        let mut names = list_terraform_files(dir, sandbox, problems);
        names.sort();
        // Parsing dominates the cost of large directories; files are independent.
        let min = if PARSE_IN_PARALLEL.with(std::cell::Cell::get) {
            2
        } else {
            usize::MAX
        };
        let parsed: Vec<Parsed> =
            crate::par::map(&names, min, |p| (p.clone(), parse_file(p, sandbox)));
        Self::assemble(dir, parsed, sandbox, sources, problems)
    }

    /// The configuration of `dir` from its parsed files.
    fn assemble(
        dir: &Path,
        parsed: Vec<Parsed>,
        sandbox: &Sandbox,
        sources: &SourceMap,
        problems: &mut Vec<Problem>,
    ) -> ModuleConfig {
        let mut cfg = ModuleConfig {
            dir: dir.to_path_buf(),
            ..Default::default()
        };
        let mut overrides = Vec::new();
        for (path, res) in parsed {
            let rel = sandbox.display(&path);
            match res {
                Err(e) => problems.push(Problem::invalid_input(
                    format!("`{rel}` cannot be read: {e}"),
                    None,
                    Some(Location {
                        file: rel.into(),
                        line: 1,
                        column: 1,
                        end_line: None,
                        end_column: None,
                    }),
                )),
                Ok((text, json, body, pos)) => {
                    let id = sources.add(rel.clone(), text, json);
                    match body {
                        Ok(b) => {
                            let fi = cfg.files.len();
                            cfg.files.push((id, b));
                            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                            if is_override(name) {
                                overrides.push(fi);
                            } else {
                                cfg.index_file(fi);
                            }
                        }
                        Err(msg) => {
                            let (line, column) = pos.unwrap_or((1, 1));
                            problems.push(Problem::invalid_input(
                                format!("`{rel}` is not valid Terraform: {msg}"),
                                None,
                                Some(Location {
                                    file: rel.into(),
                                    line: line as u32,
                                    column: column as u32,
                                    end_line: None,
                                    end_column: None,
                                }),
                            ));
                        }
                    }
                }
            }
        }
        for fi in overrides {
            cfg.merge_override(fi);
        }
        cfg
    }

    fn structures(&self, fi: usize) -> impl Iterator<Item = (usize, &Block)> {
        self.files
            .get(fi)
            .into_iter()
            .flat_map(|(_, b)| b.iter().enumerate())
            .filter_map(|(si, s)| s.as_block().map(|b| (si, b)))
    }

    fn index_file(&mut self, fi: usize) {
        let mut add: Vec<(String, Vec<String>, usize)> = Vec::new();
        for (si, b) in self.structures(fi) {
            let labels = b.labels.iter().map(|l| l.as_str().to_string()).collect();
            add.push((b.ident.as_str().to_string(), labels, si));
        }
        for (kind, labels, si) in add {
            let r = BlockRef {
                parts: vec![(fi, si)],
            };
            match (kind.as_str(), labels.as_slice()) {
                ("variable", [n]) => {
                    self.variables.entry(n.clone()).or_insert(r);
                }
                ("output", [n]) => {
                    self.outputs.entry(n.clone()).or_insert(r);
                }
                ("module", [n]) => {
                    self.modules.entry(n.clone()).or_insert(r);
                }
                ("resource" | "data", [t, n]) => {
                    let mode = if kind == "data" {
                        Mode::Data
                    } else {
                        Mode::Managed
                    };
                    let key = (mode == Mode::Data, t.clone(), n.clone());
                    if !self.res_index.contains_key(&key) {
                        self.res_index.insert(key, self.resources.len());
                        self.resources.push(ResourceDecl {
                            mode,
                            rtype: t.clone(),
                            name: n.clone(),
                            block: r,
                        });
                    }
                }
                ("locals", []) => self.index_locals(fi, si),
                _ => {}
            }
        }
    }

    fn index_locals(&mut self, fi: usize, si: usize) {
        let keys: Vec<String> = self
            .block((fi, si))
            .map(|b| {
                b.body
                    .attributes()
                    .map(|a| a.key.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default();
        for key in keys {
            self.locals.insert(
                key.clone(),
                LocalRef {
                    file: fi,
                    block: si,
                    key,
                },
            );
        }
    }

    fn merge_override(&mut self, fi: usize) {
        let mut add: Vec<(String, Vec<String>, usize)> = Vec::new();
        for (si, b) in self.structures(fi) {
            let labels = b.labels.iter().map(|l| l.as_str().to_string()).collect();
            add.push((b.ident.as_str().to_string(), labels, si));
        }
        for (kind, labels, si) in add {
            let target = match (kind.as_str(), labels.as_slice()) {
                ("variable", [n]) => self.variables.get_mut(n),
                ("output", [n]) => self.outputs.get_mut(n),
                ("module", [n]) => self.modules.get_mut(n),
                ("resource" | "data", [t, n]) => {
                    let mode = if kind == "data" {
                        Mode::Data
                    } else {
                        Mode::Managed
                    };
                    match self
                        .res_index
                        .get(&(mode == Mode::Data, t.clone(), n.clone()))
                    {
                        Some(&i) => self.resources.get_mut(i).map(|r| &mut r.block),
                        None => None,
                    }
                }
                ("locals", []) => {
                    self.index_locals(fi, si);
                    None
                }
                _ => None,
            };
            if let Some(t) = target {
                t.parts.push((fi, si));
            }
        }
    }

    /// A top-level block by (file index, structure index).
    pub(super) fn block(&self, at: (usize, usize)) -> Option<&Block> {
        self.files.get(at.0)?.1.get(at.1)?.as_block()
    }

    /// The source id of a file index.
    pub(super) fn source_id(&self, fi: usize) -> usize {
        self.files.get(fi).map_or(0, |f| f.0)
    }

    /// The primary block and its source id.
    pub(super) fn primary(&self, r: &BlockRef) -> Option<(usize, &Block)> {
        let at = *r.parts.first()?;
        Some((self.source_id(at.0), self.block(at)?))
    }

    /// The merged value of an argument: the last override that sets it wins.
    pub(super) fn attr(&self, r: &BlockRef, name: &str) -> Option<(usize, &Attribute)> {
        r.parts.iter().rev().find_map(|&at| {
            let b = self.block(at)?;
            b.body
                .get_attribute(name)
                .map(|a| (self.source_id(at.0), a))
        })
    }

    /// Every merged argument, in the order first written.
    pub(super) fn attrs(&self, r: &BlockRef) -> Vec<(usize, &Attribute)> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for &at in &r.parts {
            if let Some(b) = self.block(at) {
                for a in b.body.attributes() {
                    if !seen.contains(&a.key.as_str()) {
                        seen.push(a.key.as_str());
                        if let Some(x) = self.attr(r, a.key.as_str()) {
                            out.push(x);
                        }
                    }
                }
            }
        }
        out
    }

    /// The merged nested blocks: a later part that has blocks of a type (or `dynamic` blocks
    /// of it) replaces all earlier blocks of that type.
    pub(super) fn nested(&self, r: &BlockRef) -> Vec<(usize, &Block)> {
        fn kind(b: &Block) -> String {
            if b.ident.as_str() == "dynamic" {
                b.labels
                    .first()
                    .map_or_else(String::new, |l| l.as_str().to_string())
            } else {
                b.ident.as_str().to_string()
            }
        }
        let mut out: Vec<(usize, &Block)> = Vec::new();
        for &at in &r.parts {
            let Some(b) = self.block(at) else { continue };
            let id = self.source_id(at.0);
            let here: Vec<&Block> = b.body.blocks().collect();
            let kinds: Vec<String> = here.iter().map(|b| kind(b)).collect();
            out.retain(|(_, x)| !kinds.contains(&kind(x)));
            out.extend(here.into_iter().map(|b| (id, b)));
        }
        out
    }

    /// The `locals` attribute for a local.
    pub(super) fn local(&self, l: &LocalRef) -> Option<(usize, &Attribute)> {
        let b = self.block((l.file, l.block))?;
        Some((self.source_id(l.file), b.body.get_attribute(&l.key)?))
    }
}

type ParseOut = Result<(String, bool, Result<Body, String>, Option<(usize, usize)>), String>;

fn parse_file(p: &Path, sandbox: &Sandbox) -> ParseOut {
    // Confined like every other read: a `.tf` linked out of the root, to a FIFO or to a
    // sparse 6 GB file is refused, never read whole (crate::fsread).
    let text = sandbox.read_text(p).map_err(|e| e.to_string())?;
    let json = p.to_string_lossy().ends_with(".tf.json");
    if json {
        let body = tfjson::to_hcl(&text)
            .and_then(|h| hcl_edit::parser::parse_body(&h).map_err(|e| e.message().to_string()));
        return Ok((text, true, body, None));
    }
    match parse_allowing_repeated_keys(&text) {
        Ok(b) => Ok((text, false, Ok(b), None)),
        Err(e) => {
            let loc = e.location();
            let pos = (loc.line(), loc.column());
            Ok((text, false, Err(e.message().to_string()), Some(pos)))
        }
    }
}

/// Parses a body as Terraform does: an object constructor may repeat a key, the later value
/// winning (`{ a = 1, a = 2 }` is `{ a = 2 }`; aws-ia/ecs-blueprints' inference-triton does it
/// with `environment`), where hcl-edit refuses. Each repeated key is rewritten as the
/// expression key `("a")`, which evaluates to the same string, so the evaluator's insertion
/// order keeps the later value; lines stay where they are (only that line's later columns
/// move). An error of another kind is returned as it is.
pub(crate) fn parse_allowing_repeated_keys(text: &str) -> Result<Body, hcl_edit::parser::Error> {
    const MAX_REWRITES: usize = 256;
    let mut last = match hcl_edit::parser::parse_body(text) {
        Ok(b) => return Ok(b),
        Err(e) => e,
    };
    let mut err_at = last
        .message()
        .contains("redefined object key")
        .then(|| last.location().offset());
    let mut current = text.to_string();
    for _ in 0..MAX_REWRITES {
        let Some(next) = err_at.and_then(|at| wrap_key_at(&current, at)) else {
            break;
        };
        current = next;
        match hcl_edit::parser::parse_body(&current) {
            Ok(b) => return Ok(b),
            Err(e) => {
                err_at = e
                    .message()
                    .contains("redefined object key")
                    .then(|| e.location().offset());
                last = e;
            }
        }
    }
    // Something else is wrong (its line is right; columns on a rewritten line may be off).
    Err(last)
}

/// `text` with the object key at byte `at` (an identifier, a quoted string, or an earlier
/// rewrite) wrapped as a parenthesized string expression.
fn wrap_key_at(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?;
    let len = if rest.starts_with('"') || rest.starts_with('(') {
        // A quoted key, or one already wrapped: up to its matching end.
        let close = if rest.starts_with('"') { '"' } else { ')' };
        let mut depth = 0usize;
        let mut escaped = false;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            if i == 0 {
                depth = 1;
                continue;
            }
            match c {
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                '(' if close == ')' && !escaped => depth += 1,
                c if c == close && !escaped => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
                _ => {}
            }
            escaped = false;
        }
        end?
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len())
    };
    if len == 0 {
        return None;
    }
    let key = &rest[..len];
    let wrapped = if key.starts_with('"') || key.starts_with('(') {
        format!("({key})")
    } else {
        format!("(\"{key}\")")
    };
    Some(format!("{}{wrapped}{}", &text[..at], &rest[len..]))
}

/// The end of a block's header: its last label (`resource "aws_ecs_service" "api"`), else its
/// type (`locals`).
pub(super) fn header_end(b: &Block) -> usize {
    b.labels
        .last()
        .and_then(|l| l.span())
        .or_else(|| b.ident.span())
        .map_or(0, |s| s.end)
}

/// The first-line span start of a block (its identifier).
pub(super) fn block_start(b: &Block) -> usize {
    b.ident
        .span()
        .map_or_else(|| b.span().map_or(0, |s| s.start), |s| s.start)
}
