//! `ecsnet comment gitlab`: the command-line face of the note bot; the body comes from the
//! same sources as `ecsnet comment github` (a Markdown file, a saved report, or inputs).

use super::{NoteConfig, run_note};
use crate::github::cli::{BodySource, body};
use crate::github::{Behavior, Env, Streams, describe};
use std::path::PathBuf;

/// Arguments of `ecsnet comment gitlab`.
#[derive(Debug, Clone, clap::Args)]
pub struct GitlabArgs {
    /// Plan or state JSON files, Terraform directories, globs, or `-` for stdin: analyze
    /// them and post the report.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    /// Post this saved JSON report (written by `--output json=FILE`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["body_file", "paths"])]
    pub report: Option<PathBuf>,
    /// Post this Markdown file as is (written by `--output markdown=FILE`).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub body_file: Option<PathBuf>,
    /// update | new | delete-and-new | off.
    #[arg(long, default_value = "update", value_parser = parse_behavior)]
    pub behavior: Behavior,
    /// Tells several reports on one merge request apart.
    #[arg(long, default_value = crate::github::DEFAULT_KEY)]
    pub key: String,
    /// Project id or URL-encoded path (default: `CI_PROJECT_ID`).
    #[arg(long)]
    pub project: Option<String>,
    /// Merge-request IID (default: `CI_MERGE_REQUEST_IID`).
    #[arg(long)]
    pub mr: Option<u64>,
    /// API v4 base (default: `CI_API_V4_URL`, else https://gitlab.com/api/v4).
    #[arg(long)]
    pub gitlab_api_url: Option<String>,
    /// Only notes by this username are ours (default: the token's own user).
    #[arg(long)]
    pub author: Option<String>,
    /// Print the intended action and the body; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The analysis options, the same as `ecsnet`'s.
    #[command(flatten)]
    pub analysis: crate::options::AnalysisArgs,
}

fn parse_behavior(s: &str) -> Result<Behavior, String> {
    match Behavior::parse(s) {
        Some(Behavior::HideAndNew) | None => {
            Err("expected update, new, delete-and-new or off".to_string())
        }
        Some(b) => Ok(b),
    }
}

/// Runs the command: one status line on `err`; exit 2 on a usage or input error or when the
/// bot could not complete, else the report's exit code (a refusal by GitLab is a warning).
pub fn comment_command(args: &GitlabArgs, env: &dyn Env, io: Streams<'_>) -> u8 {
    let Streams { stdin, out, err } = io;
    let src = BodySource {
        paths: &args.paths,
        report: args.report.as_ref(),
        body_file: args.body_file.as_ref(),
        analysis: &args.analysis,
    };
    let body = match body(&src, env, stdin) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if let Some((report, _)) = &body.report {
        for line in crate::run::diagnostics(report) {
            let _ = writeln!(err, "{line}");
        }
    }
    let cfg = NoteConfig {
        behavior: args.behavior,
        key: args.key.clone(),
        project: args.project.clone(),
        mr: args.mr,
        api_url: args.gitlab_api_url.clone(),
        author: args.author.clone(),
        dry_run: args.dry_run,
        retry: Default::default(),
        clean: body.is_clean(),
    };
    match run_note(&cfg, &body.text, env) {
        Ok(o) => {
            let _ = writeln!(err, "{}", describe(&o).replace("comment", "note"));
            if o.dry_run {
                let _ = writeln!(out, "{}", o.body);
            }
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    }
    body.exit_code()
}
