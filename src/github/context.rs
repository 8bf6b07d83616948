//! Where report paths sit in the repository, for blob links, SARIF URIs and annotations.
//!
//! Every location is rewritten relative to the workspace root ([`workspace_root`]):
//! `GITHUB_WORKSPACE`, else GitLab's `CI_PROJECT_DIR`, else the git work tree holding the
//! working directory, else the working directory. That is what GitHub resolves annotation and
//! SARIF paths against, whatever directory the job runs in and however the inputs were spelled.
//! When a location lies outside the workspace, links are left out rather than pointing at a
//! guessed file.

use super::{Env, blob_base};
use crate::report::Report;
use crate::run::RenderContext;
use std::path::{Path, PathBuf};

/// The workspace root of a run.
pub(super) fn workspace_root(env: &dyn Env, cwd: &Path) -> PathBuf {
    env.var("GITHUB_WORKSPACE")
        .or_else(|| env.var("CI_PROJECT_DIR"))
        .filter(|w| !w.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::fsread::workspace_root(cwd, None))
}

/// Rewrites the report's locations relative to the workspace root and returns the render
/// context of the run: blob links (GitHub Actions only, and only when every location is
/// inside the workspace).
pub fn render_context(report: &mut Report, env: &dyn Env, cwd: &Path) -> RenderContext {
    let ws = workspace_root(env, cwd);
    let inside = crate::report::paths::relativize(report, cwd, &ws);
    RenderContext {
        blob_base: if inside { blob_base(env) } else { None },
        ..RenderContext::default()
    }
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
    fn locations_become_workspace_relative() {
        let mut r = canned_report();
        let before: Vec<String> = r
            .findings
            .iter()
            .filter_map(|f| f.location.as_ref().map(|l| l.file.to_string()))
            .collect();
        assert!(!before.is_empty());
        let ctx = render_context(
            &mut r,
            &env("/home/runner/work/infra"),
            Path::new("/home/runner/work/infra/envs/prod"),
        );
        assert_eq!(ctx.path_prefix, "");
        assert_eq!(
            ctx.blob_base,
            Some(format!(
                "https://github.com/acme/infra/blob/{}",
                "b".repeat(40)
            ))
        );
        let after: Vec<String> = r
            .findings
            .iter()
            .filter_map(|f| f.location.as_ref().map(|l| l.file.to_string()))
            .collect();
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(a, &format!("envs/prod/{b}"));
        }
    }

    #[test]
    fn unknown_places_drop_links() {
        let mut r = canned_report();
        let outside = render_context(&mut r, &env("/w"), Path::new("/elsewhere"));
        assert_eq!(outside.blob_base, None);
        let mut r = canned_report();
        let f = r
            .findings
            .iter_mut()
            .find(|f| f.location.is_some())
            .unwrap();
        f.location.as_mut().unwrap().file = "/tmp/main.tf".into();
        assert_eq!(
            render_context(&mut r, &env("/w"), Path::new("/w")).blob_base,
            None
        );
    }
}
