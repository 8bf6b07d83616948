//! Where report paths sit in the repository, for blob links, SARIF URIs and annotations.
//!
//! Report locations are relative to the working directory (`infra/main.tf`, see
//! `input::source::prefix_locations`), and the job may run in a `working-directory` below the
//! checkout, while GitHub wants paths from the repository root. The prefix is the working
//! directory relative to `GITHUB_WORKSPACE`; when it cannot be known (outside the workspace,
//! absolute paths in the report), links are left out rather than pointing at a guessed file.

use super::{Env, blob_base};
use crate::report::Report;
use crate::run::RenderContext;
use std::path::{Component, Path};

/// The render context of a run: blob links (GitHub Actions only) and the repository prefix.
pub fn render_context(report: &Report, env: &dyn Env, cwd: &Path) -> RenderContext {
    let prefix = repo_prefix(env.var("GITHUB_WORKSPACE").as_deref(), cwd);
    let absolute = report
        .findings
        .iter()
        .flat_map(|f| f.location.iter().chain(&f.related))
        .any(|l| Path::new(&l.file).is_absolute());
    RenderContext {
        width: None,
        blob_base: prefix
            .as_ref()
            .filter(|_| !absolute)
            .and_then(|_| blob_base(env)),
        path_prefix: prefix.unwrap_or_default(),
    }
}

/// The working directory relative to the workspace (`infra`, or empty at the root);
/// outside Actions the working directory stands for the repository root.
fn repo_prefix(workspace: Option<&str>, cwd: &Path) -> Option<String> {
    let Some(ws) = workspace else {
        return Some(String::new());
    };
    let mut parts = Vec::new();
    for c in cwd.strip_prefix(ws).ok()?.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::canned_report;
    use std::collections::HashMap;

    fn env(workspace: &str) -> HashMap<String, String> {
        [
            ("GITHUB_REPOSITORY", "acme/infra".to_string()),
            ("GITHUB_SHA", "b".repeat(40)),
            ("GITHUB_WORKSPACE", workspace.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    #[test]
    fn prefix_is_the_working_directory_in_the_workspace() {
        let r = canned_report();
        let ctx = render_context(
            &r,
            &env("/home/runner/work/infra"),
            Path::new("/home/runner/work/infra/envs/prod"),
        );
        assert_eq!(ctx.path_prefix, "envs/prod");
        assert_eq!(
            ctx.blob_base,
            Some(format!(
                "https://github.com/acme/infra/blob/{}",
                "b".repeat(40)
            ))
        );
        let root = render_context(&r, &env("/w"), Path::new("/w"));
        assert_eq!(root.path_prefix, "");
        assert!(root.blob_base.is_some());
        assert_eq!(
            repo_prefix(None, Path::new("/anywhere")),
            Some(String::new())
        );
    }

    #[test]
    fn unknown_places_drop_links() {
        let mut r = canned_report();
        let outside = render_context(&r, &env("/w"), Path::new("/elsewhere"));
        assert_eq!(outside.blob_base, None);
        assert_eq!(outside.path_prefix, "");
        let f = r
            .findings
            .iter_mut()
            .find(|f| f.location.is_some())
            .unwrap();
        f.location.as_mut().unwrap().file = "/tmp/main.tf".to_string();
        assert_eq!(
            render_context(&r, &env("/w"), Path::new("/w")).blob_base,
            None
        );
    }
}
