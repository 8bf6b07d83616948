//! Files: `file`, `filebase64`, `fileexists`, `templatefile`, `basename`, `dirname`; every read confined
//! to the workspace (`crate::fsread`).

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &[
    "file",
    "filebase64",
    "fileexists",
    "templatefile",
    "basename",
    "dirname",
];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let s = |i: usize| x.s(i);
    let cx = x.cx;
    let at = x.at;
    match name {
        "file" => file(cx, &s(0)?, at),
        // User data is often `filebase64("ecs.sh")`: the same confined read, encoded (text
        // files only; a binary file is unknown rather than guessed).
        "filebase64" => match file(cx, &s(0)?, at)? {
            V::Str(t) => Ok(V::Str(base64_encode(t.as_bytes()))),
            other => Ok(other),
        },
        "fileexists" => match confine(cx, &s(0)?, at) {
            Ok(Some(p)) => Ok(V::Bool(p.is_file())),
            Ok(None) => Ok(V::Bool(false)),
            Err(v) => Ok(v),
        },
        // Unknown leaves of `vars` reach the template, which keeps a JSON result's known
        // parts (`eval::partial_json`); an unknown path or vars map is unknown outright.
        "templatefile" => match (a(0)?, a(1)?) {
            (V::Unknown(r), _) | (_, V::Unknown(r)) => Ok(V::Unknown(r.clone())),
            (path, vars) => templatefile(cx, &to_str(&path.clone().realize())?, vars, at),
        },
        "basename" => Ok(V::Str(
            Path::new(&s(0)?)
                .file_name()
                .map_or_else(String::new, |x| x.to_string_lossy().into_owned()),
        )),
        "dirname" => {
            let p = s(0)?;
            Ok(V::Str(match p.rfind('/') {
                Some(0) => "/".into(),
                Some(i) => p[..i].to_string(),
                None => ".".into(),
            }))
        }
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

fn confine(cx: &Cx, path: &str, at: Option<Origin>) -> Result<Option<std::path::PathBuf>, V> {
    let base = cx.ld.sandbox.base.clone();
    cx.ld.sandbox.confine(&base, path).map_err(|e| {
        cx.ld.invalid_input(
            format!("{e}: {path:?}"),
            at.and_then(|o| cx.ld.sources.origin(o)),
        );
        V::unknown("path outside the analyzed root refused")
    })
}

fn file(cx: &Cx, path: &str, at: Option<Origin>) -> R {
    match confine(cx, path, at) {
        Err(v) => Ok(v),
        Ok(None) => Err(format!("no file exists at {path:?}")),
        Ok(Some(p)) => {
            // Registered as a source so keys inside JSON files get locations; read once per
            // load, so the run's read budget is charged once per file.
            let known = cx.ld.files.borrow().get(&p).copied();
            let (id, text) = match known.and_then(|id| Some((id, cx.ld.sources.get(id)?))) {
                Some((id, f)) => (id, f.text.clone()),
                None => {
                    let text = cx
                        .ld
                        .sandbox
                        .read_text(&p)
                        .map_err(|e| format!("file({path:?}): {e}"))?;
                    let id = cx
                        .ld
                        .sources
                        .add(cx.ld.sandbox.display(&p), text.clone(), false);
                    cx.ld.files.borrow_mut().insert(p.clone(), id);
                    (id, text)
                }
            };
            let whole = Piece {
                out: 0..text.len(),
                file: id,
                src: 0..text.len(),
                quoted: false,
            };
            cx.ld.texts.record(&text, vec![whole]);
            Ok(V::Str(text))
        }
    }
}

fn templatefile(cx: &Cx, path: &str, vars: &V, at: Option<Origin>) -> R {
    if cx.tmpl {
        return Err("templatefile() cannot be called from a template".into());
    }
    let p = match confine(cx, path, at) {
        Err(v) => return Ok(v),
        Ok(None) => return Err(format!("no file exists at {path:?}")),
        Ok(Some(p)) => p,
    };
    let cached = cx.ld.templates.borrow().get(&p).cloned();
    let parsed = match cached {
        Some(t) => t,
        None => {
            let read = cx.ld.sandbox.read_text(&p).map_err(|e| e.to_string());
            let t = Rc::new(read.and_then(|text| {
                let tpl = hcl_edit::parser::parse_template(&text).map_err(|e| {
                    format!(
                        "{}:{}: {}",
                        e.location().line(),
                        e.location().column(),
                        e.message()
                    )
                })?;
                let id = cx.ld.sources.add(cx.ld.sandbox.display(&p), text, false);
                Ok((id, tpl))
            }));
            cx.ld.templates.borrow_mut().insert(p.clone(), t.clone());
            t
        }
    };
    let (id, tpl) = match parsed.as_ref() {
        Ok(x) => x,
        Err(e) => return Err(format!("templatefile({path:?}): {e}")),
    };
    let scope_vars: Vec<(String, V)> = match vars {
        V::Obj(o) => o
            .iter()
            .map(|(k, e)| (k.clone(), e.v.clone().realize()))
            .collect(),
        V::Null => Vec::new(),
        other => {
            return Err(format!(
                "templatefile() vars must be a map, got a {}",
                other.type_name()
            ));
        }
    };
    let tcx = Cx {
        ld: cx.ld,
        m: cx.m,
        file: *id,
        tmpl: true,
        no_origins: false,
    };
    tcx.eval_template(tpl, &Scope::with(scope_vars))
}

/// Renders a `data "template_file"` like `templatefile`: `template` with `vars`.
pub(in crate::input::hcl) fn render_template_file(ld: &Loader, m: &ModInst, obj: &Obj) -> V {
    let Some(t) = obj.get("template") else {
        return V::unknown("template_file has no template");
    };
    let text = match &t.v {
        V::Str(s) => s.clone(),
        V::Unknown(r) => return V::Unknown(r.clone()),
        _ => return V::unknown("template_file template is not a string"),
    };
    let vars: Vec<(String, V)> = match obj.get("vars").map(|e| &e.v) {
        None | Some(V::Null) => Vec::new(),
        Some(V::Obj(o)) => o.iter().map(|(k, e)| (k.clone(), e.v.clone())).collect(),
        Some(V::Unknown(r)) => return V::Unknown(r.clone()),
        Some(_) => return V::unknown("template_file vars is not a map"),
    };
    let tpl = match hcl_edit::parser::parse_template(&text) {
        Ok(t) => t,
        Err(e) => {
            return V::unknown(format!(
                "template_file template is invalid: {}",
                e.message()
            ));
        }
    };
    // A template read whole by `file()` keeps its positions in that file.
    let file = ld
        .texts
        .get(&text)
        .and_then(|pieces| match pieces.as_slice() {
            [p] if !p.quoted && p.out == (0..text.len()) && p.src == p.out => Some(p.file),
            _ => None,
        });
    let cx = Cx {
        ld,
        m,
        file: file.unwrap_or(0),
        tmpl: true,
        no_origins: file.is_none(),
    };
    match cx.eval_template(&tpl, &Scope::with(vars)) {
        Ok(V::Str(s)) => V::Str(s),
        Ok(V::Unknown(r)) => V::Unknown(r),
        // JSON text whose unknown values sit inside strings keeps its known structure, as
        // `templatefile()` does (eval::partial_json): an unknown image never hides the ports.
        Ok(v @ (V::Json(_) | V::List(_) | V::Obj(_))) => v,
        Ok(other) => match to_str(&other) {
            Ok(s) => V::Str(s),
            Err(e) => V::unknown(e),
        },
        Err(e) => V::unknown(e),
    }
}
