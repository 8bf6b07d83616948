//! Where report paths sit in the repository, for blob links, SARIF URIs and annotations.
//!
//! Report locations of Terraform directories are relative to the analyzed directory
//! (`main.tf`), and the job runs in `working-directory`, while GitHub wants paths from the
//! repository root (`infra/main.tf`). The prefix is derived from `GITHUB_WORKSPACE`, the
//! current directory and the inputs; when it cannot be known (two Terraform roots, an input
//! outside the workspace), links are left out rather than pointing at a guessed file.

use super::{Env, blob_base};
use crate::model::InputKind;
use crate::report::Report;
use crate::run::RenderContext;
use std::path::{Component, Path};

/// The render context of a run: blob links (GitHub Actions only) and the repository prefix.
pub fn render_context(report: &Report, env: &dyn Env, cwd: &Path) -> RenderContext {
    let prefix = repo_prefix(report, env.var("GITHUB_WORKSPACE").as_deref(), cwd);
    RenderContext {
        width: None,
        blob_base: prefix.as_ref().and_then(|_| blob_base(env)),
        path_prefix: prefix.unwrap_or_default(),
    }
}

/// The prefix that turns report paths into repository paths; `None` when unknown.
fn repo_prefix(report: &Report, workspace: Option<&str>, cwd: &Path) -> Option<String> {
    // Outside Actions the current directory stands for the repository root.
    let cwd_in_repo = match workspace {
        Some(ws) => relative(cwd.strip_prefix(ws).ok()?)?,
        None => String::new(),
    };
    let mut roots: Vec<String> = Vec::new();
    for input in report.inputs.iter().filter(|i| i.kind == InputKind::Hcl) {
        let path = Path::new(&input.path);
        let path = if path.is_absolute() {
            path.strip_prefix(cwd).ok()?
        } else {
            path
        };
        let dir = if cwd.join(path).is_dir() {
            path
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        let dir = relative(dir)?;
        if !roots.contains(&dir) {
            roots.push(dir);
        }
    }
    match roots.as_slice() {
        [] => Some(cwd_in_repo),
        [root] => Some(join(&cwd_in_repo, root)),
        _ => None,
    }
}

/// A relative path as `a/b` (no `.`), `None` when it climbs out with `..` or is absolute.
fn relative(p: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InputInfo;
    use std::collections::HashMap;

    fn report(inputs: &[(InputKind, &str)]) -> Report {
        Report {
            schema_version: 1,
            tool: Default::default(),
            inputs: inputs
                .iter()
                .map(|(kind, path)| InputInfo {
                    kind: *kind,
                    path: path.to_string(),
                })
                .collect(),
            services: vec![],
            task_definitions: vec![],
            findings: vec![],
            summary: Default::default(),
        }
    }

    fn manifest() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn prefix_joins_working_directory_and_terraform_root() {
        let dir = "testdata/rules/ECS401-missing-network-configuration/bad";
        let r = report(&[(InputKind::Hcl, dir)]);
        // Repository root = the workspace one level up: the prefix starts with our folder.
        let parent = manifest().parent().unwrap().to_str().unwrap();
        let own = manifest().file_name().unwrap().to_str().unwrap();
        assert_eq!(
            repo_prefix(&r, Some(parent), manifest()),
            Some(format!("{own}/{dir}"))
        );
        assert_eq!(repo_prefix(&r, None, manifest()), Some(dir.to_string()));
        // A file input: its directory is the root.
        let r = report(&[(InputKind::Hcl, &format!("./{dir}/main.tf"))]);
        assert_eq!(repo_prefix(&r, None, manifest()), Some(dir.to_string()));
        // Plan input only: report paths are already relative to the working directory.
        let r = report(&[(InputKind::Plan, "testdata/example/plan.json")]);
        assert_eq!(repo_prefix(&r, None, manifest()), Some(String::new()));
    }

    #[test]
    fn ambiguous_or_outside_prefix_drops_links() {
        let two = report(&[
            (InputKind::Hcl, "testdata/example"),
            (InputKind::Hcl, "testdata/rules"),
        ]);
        assert_eq!(repo_prefix(&two, None, manifest()), None);
        let up = report(&[(InputKind::Hcl, "../elsewhere")]);
        assert_eq!(repo_prefix(&up, None, manifest()), None);
        let plan = report(&[(InputKind::Plan, "plan.json")]);
        assert_eq!(
            repo_prefix(&plan, Some("/nonexistent/ws"), manifest()),
            None
        );
        let env: HashMap<String, String> = [
            ("GITHUB_REPOSITORY", "acme/infra".to_string()),
            ("GITHUB_SHA", "b".repeat(40)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(render_context(&two, &env, manifest()).blob_base, None);
        let ctx = render_context(&plan, &env, manifest());
        assert_eq!(
            ctx.blob_base,
            Some(format!(
                "https://github.com/acme/infra/blob/{}",
                "b".repeat(40)
            ))
        );
        assert_eq!(ctx.path_prefix, "");
    }
}
