//! Root module variable values in Terraform's precedence, later winning: declared defaults
//! (applied at lookup) < `TF_VAR_*` < `terraform.tfvars` < `terraform.tfvars.json` <
//! `*.auto.tfvars[.json]` (lexical) < `--var-file` and `--var` in command-line order
//! ([`LoadOptions::var_sequence`]), as Terraform applies `-var` and `-var-file`.

use super::config::ModuleConfig;
use super::eval::{Cx, Scope};
use super::module::{Loader, ModInst};
use super::types::{self, Ty};
use super::value::V;
use crate::fsread;
use crate::input::{LoadOptions, VarArg};
use crate::model::Location;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Collects the values given to the root module's variables (not yet converted).
pub(super) fn root_inputs(
    ld: &Loader,
    cfg: &ModuleConfig,
    opts: &LoadOptions,
) -> BTreeMap<String, V> {
    let mut out = BTreeMap::new();
    let consts = ModInst::new(
        Rc::new(ModuleConfig::default()),
        String::new(),
        String::new(),
        Vec::new(),
        BTreeMap::new(),
        ".".into(),
    );
    for (k, v) in &opts.env_vars {
        if cfg.variables.contains_key(k) {
            out.insert(k.clone(), raw_value(ld, &consts, cfg, k, v));
        }
    }
    let base = ld.sandbox.base.clone();
    let mut files: Vec<PathBuf> = Vec::new();
    // Present as any directory entry (a link that leads nowhere included): reading it
    // confines it, and a refusal is a finding rather than a silently missing file.
    for f in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = base.join(f);
        if std::fs::symlink_metadata(&p).is_ok() {
            files.push(p);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(&base)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    for f in files {
        read_tfvars(ld, &consts, &f, Reach::Workspace, &mut out);
    }
    for a in opts.var_sequence() {
        match a {
            VarArg::File(f) => read_tfvars(ld, &consts, &f, Reach::CommandLine, &mut out),
            VarArg::Var(k, v) => {
                let val = raw_value(ld, &consts, cfg, &k, &v);
                out.insert(k, val);
            }
        }
    }
    out
}

/// A `--var`/`TF_VAR_` value: literal for primitive (and undeclared) types, an HCL
/// expression otherwise, as Terraform parses them.
fn raw_value(ld: &Loader, consts: &ModInst, cfg: &ModuleConfig, name: &str, raw: &str) -> V {
    let ty = cfg
        .variables
        .get(name)
        .and_then(|d| cfg.attr(d, "type"))
        .map_or(Ty::Any, |(_, a)| types::parse(&a.value));
    if ty.is_primitive() || ty == Ty::Any {
        return V::Str(raw.to_string());
    }
    match hcl_edit::parser::parse_expr(raw) {
        Ok(e) => const_cx(ld, consts, 0)
            .eval(&e, &Scope::root())
            .unwrap_or_else(|e| V::unknown(format!("invalid value for var.{name}: {e}"))),
        Err(e) => V::unknown(format!("invalid value for var.{name}: {}", e.message())),
    }
}

fn const_cx<'a>(ld: &'a Loader, m: &'a ModInst, file: usize) -> Cx<'a> {
    Cx {
        ld,
        m,
        file,
        tmpl: true,
        no_origins: false,
    }
}

/// Where a tfvars file came from: the workspace (confined to the root) or the command line
/// (`--var-file`, a path the user chose; still a regular file or a pipe, and bounded).
#[derive(Clone, Copy)]
enum Reach {
    Workspace,
    CommandLine,
}

fn read_tfvars(
    ld: &Loader,
    consts: &ModInst,
    p: &Path,
    reach: Reach,
    out: &mut BTreeMap<String, V>,
) {
    let rel = match reach {
        Reach::Workspace => ld.sandbox.display(&super::source::normalize(p)),
        Reach::CommandLine => match p.canonicalize() {
            Ok(c) if c.starts_with(&ld.sandbox.root) => ld.sandbox.display(&c),
            _ => p.display().to_string(),
        },
    };
    let read = match reach {
        Reach::Workspace => ld.sandbox.read_text(p),
        Reach::CommandLine => fsread::read_text(
            p,
            fsread::Reach::Named,
            fsread::MAX_SOURCE_FILE,
            &ld.sandbox.budget,
        ),
    };
    let text = match read {
        Ok(t) => t,
        Err(e) => {
            ld.invalid_input(
                format!("`{rel}` cannot be read: {e}"),
                Some(Location {
                    file: rel.as_str().into(),
                    line: 1,
                    column: 1,
                    end_line: None,
                    end_column: None,
                }),
            );
            return;
        }
    };
    if rel.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(o)) => {
                for (k, v) in o {
                    out.insert(k, V::from_json(&v));
                }
            }
            Ok(_) => ld.invalid_input(format!("`{rel}` must hold a JSON object"), None),
            Err(e) => ld.invalid_input(
                format!("`{rel}` is not valid JSON: {e}"),
                Some(Location {
                    file: rel.into(),
                    line: e.line() as u32,
                    column: e.column() as u32,
                    end_line: None,
                    end_column: None,
                }),
            ),
        }
        return;
    }
    match hcl_edit::parser::parse_body(&text) {
        Ok(body) => {
            let id = ld.sources.add(rel, text, false);
            let cx = const_cx(ld, consts, id);
            for a in body.attributes() {
                let v = cx.eval(&a.value, &Scope::root()).unwrap_or_else(|e| {
                    V::unknown(format!("invalid value for var.{}: {e}", a.key.as_str()))
                });
                out.insert(a.key.as_str().to_string(), v);
            }
        }
        Err(e) => ld.invalid_input(
            format!("`{rel}` is not valid: {}", e.message()),
            Some(Location {
                file: rel.into(),
                line: e.location().line() as u32,
                column: e.location().column() as u32,
                end_line: None,
                end_column: None,
            }),
        ),
    }
}
