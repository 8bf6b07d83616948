//! `ecsnet comment github`: the command-line face of the bot, kept here so the binary only
//! mounts [`CommentArgs`] and calls [`comment_command`].
//!
//! The body comes from exactly one source: a Markdown file posted as is (`--body-file`), a
//! saved JSON report rendered here (`--report`), or inputs analyzed here (`PATHS`, or stdin).
//! Rendered bodies get blob links to the pull request's head commit in GitHub Actions.

use super::{
    Behavior, CommentConfig, Env, describe, github_outputs, render_context, run_comment,
    workflow_warning,
};
use crate::report::Report;
use crate::run;
use crate::settings::Settings;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Arguments of `ecsnet comment github`.
#[derive(Debug, Clone, clap::Args)]
pub struct CommentArgs {
    /// Plan or state JSON files, Terraform directories, globs, or `-` for stdin: analyze
    /// them and post the report (stdin is read when no source is given and it is piped).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<String>,
    /// Post this saved JSON report (written by `--output json=FILE`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["body_file", "paths"])]
    pub report: Option<PathBuf>,
    /// Post this Markdown file as is (written by `--output markdown=FILE`).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub body_file: Option<PathBuf>,
    /// update | new | delete-and-new | hide-and-new | off.
    #[arg(long, default_value = "update", value_parser = parse_behavior)]
    pub behavior: Behavior,
    /// Tells several reports on one pull request apart.
    #[arg(long, default_value = super::DEFAULT_KEY)]
    pub key: String,
    /// Repository `owner/name` (default: `GITHUB_REPOSITORY`).
    #[arg(long)]
    pub repo: Option<String>,
    /// Pull-request number (default: from the event in `GITHUB_EVENT_PATH`).
    #[arg(long)]
    pub pr: Option<u64>,
    /// REST API base (default: `GITHUB_API_URL`, else https://api.github.com).
    #[arg(long)]
    pub github_api_url: Option<String>,
    /// Only comments by this login are ours (default: the token's own login).
    #[arg(long)]
    pub author: Option<String>,
    /// Print the intended action and the body; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The analysis options, the same as `ecsnet`'s (configuration file, variables,
    /// `--fail-on`, `--ignore`, ...), resolved the same way.
    #[command(flatten)]
    pub analysis: crate::options::AnalysisArgs,
}

/// `--fail-on`: a severity, or `never` (a bare `Option` would make clap's value optional).
fn parse_behavior(s: &str) -> Result<Behavior, String> {
    Behavior::parse(s)
        .ok_or_else(|| "expected update, new, delete-and-new, hide-and-new or off".to_string())
}

/// The process streams of one run. `stdin` is `None` when it is a terminal.
pub struct Streams<'a> {
    /// Piped standard input, read when PATHS is `-` or no source is given.
    pub stdin: Option<&'a mut dyn Read>,
    /// The dry-run body and workflow commands.
    pub out: &'a mut dyn Write,
    /// Status lines for people.
    pub err: &'a mut dyn Write,
}

/// Where the body came from: its text, and the report behind it when there is one.
pub(crate) struct Body {
    pub(crate) text: String,
    pub(crate) report: Option<(Report, Settings)>,
}

/// What a comment command posts: exactly one of a Markdown file, a saved report, or inputs
/// to analyze (the same for GitHub and GitLab).
pub(crate) struct BodySource<'a> {
    pub(crate) paths: &'a [String],
    pub(crate) report: Option<&'a PathBuf>,
    pub(crate) body_file: Option<&'a PathBuf>,
    pub(crate) analysis: &'a crate::options::AnalysisArgs,
}

impl Body {
    /// Whether the report shows nothing (for `update`'s skip on a clean pull request).
    pub(crate) fn is_clean(&self) -> bool {
        match &self.report {
            Some((report, _)) => crate::report::markdown::is_clean(report),
            None => self
                .text
                .trim_end()
                .ends_with(crate::report::markdown::CLEAN_MARKER),
        }
    }

    /// The exit code of the report behind the body (0 for a posted Markdown file).
    pub(crate) fn exit_code(&self) -> u8 {
        match &self.report {
            Some((report, settings)) => run::exit_code(report, settings),
            None => 0,
        }
    }
}

/// Runs the command: gets the body, posts it, prints one status line on `err`, a
/// `::warning` on `out` in GitHub Actions when GitHub refused, appends `comment-*` outputs
/// to `$GITHUB_OUTPUT` when set. Exit code: 2 on a usage or unreadable-input error or when
/// the bot could not complete; else 1 when the analyzed (or saved) report has a finding at
/// or above `--fail-on`; else 0, also when GitHub refused (the report is not at fault).
pub fn comment_command(args: &CommentArgs, env: &dyn Env, io: Streams<'_>) -> u8 {
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
        for line in run::diagnostics(report) {
            let _ = writeln!(err, "{line}");
        }
    }
    let cfg = CommentConfig {
        behavior: args.behavior,
        key: args.key.clone(),
        repo: args.repo.clone(),
        pr: args.pr,
        api_url: args.github_api_url.clone(),
        author: args.author.clone(),
        dry_run: args.dry_run,
        clean: body.is_clean(),
        ..CommentConfig::default()
    };
    let outcome = match run_comment(&cfg, &body.text, env) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let _ = writeln!(err, "{}", describe(&outcome));
    if let Some(w) = workflow_warning(&outcome)
        && env.var("GITHUB_ACTIONS").as_deref() == Some("true")
    {
        let _ = writeln!(out, "{w}");
    }
    if outcome.dry_run {
        let _ = writeln!(out, "{}", outcome.body);
    }
    if let Some(path) = env.var("GITHUB_OUTPUT") {
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(github_outputs(&outcome).as_bytes()));
        if let Err(e) = written {
            let _ = writeln!(err, "error: cannot write GITHUB_OUTPUT {path}: {e}");
            return 2;
        }
    }
    body.exit_code()
}

/// Gets the body from its one source; the error is a usage or input error (exit 2).
pub(crate) fn body(
    args: &BodySource<'_>,
    env: &dyn Env,
    stdin: Option<&mut dyn Read>,
) -> Result<Body, String> {
    if let Some(path) = args.body_file {
        let text = read_named(path)?;
        return Ok(Body { text, report: None });
    }
    let mut paths = args.paths.to_vec();
    // One resolution for both commands: the configuration file, `TF_VAR_*`, the default
    // source and every flag act here exactly as they do for `ecsnet PATHS`.
    let mut inv = args.analysis.resolve(
        args.paths,
        env.tf_vars(),
        env.var("TF_WORKSPACE"),
        env.var("ECSNET_CONFIG").map(PathBuf::from),
    )?;
    let (mut report, settings) = if let Some(path) = args.report {
        let text = read_named(path)?;
        let mut report = crate::report::saved::parse_report(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        // A saved report: the configuration of the working directory sets the gate.
        let settings = match inv.config.take() {
            Some(mut resolver) => {
                resolver.for_dir(std::path::Path::new("."))?;
                resolver.run_settings()
            }
            None => inv.settings.clone(),
        };
        if let Some(b) = &settings.baseline {
            run::apply_baseline(&mut report, b)?;
        }
        (report, settings)
    } else {
        if paths.is_empty() {
            if stdin.is_none() {
                return Err(
                    "nothing to post; pass PATHS to analyze, --report FILE or --body-file FILE"
                        .to_string(),
                );
            }
            paths.push("-".to_string());
        }
        inv.paths = paths;
        let mut empty = std::io::empty();
        let done = run::run(&inv, stdin.unwrap_or(&mut empty))?;
        (done.report, done.settings)
    };
    let cwd = env.current_dir().unwrap_or_default();
    let ctx = render_context(&mut report, env, &cwd);
    let text = crate::report::markdown::render_markdown(&report, &run::markdown_options(&ctx));
    Ok(Body {
        text,
        report: Some((report, settings)),
    })
}

/// A file the user named (`--report`, `--body-file`): a regular file or a pipe, bounded.
pub(crate) fn read_named(path: &std::path::Path) -> Result<String, String> {
    use crate::fsread;
    fsread::read_text(
        path,
        fsread::Reach::Named,
        fsread::MAX_SOURCE_FILE,
        &fsread::Budget::default(),
    )
    .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use std::collections::HashMap;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: CommentArgs,
    }

    fn run(cli: &Cli, env: &HashMap<String, String>) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = comment_command(
            &cli.args,
            env,
            Streams {
                stdin: None,
                out: &mut out,
                err: &mut err,
            },
        );
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn parses_and_skips_off_pull_requests() {
        let dir = std::env::temp_dir().join(format!("ecsnet-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let body = dir.join("pr.md");
        std::fs::write(&body, "report").unwrap();
        let outputs = dir.join("out");
        let cli = Cli::try_parse_from([
            "x",
            "--body-file",
            body.to_str().unwrap(),
            "--behavior",
            "hide-and-new",
            "--key",
            "prod",
        ])
        .unwrap();
        assert_eq!(cli.args.behavior, Behavior::HideAndNew);
        let env: HashMap<String, String> =
            [("GITHUB_OUTPUT".to_string(), outputs.display().to_string())].into();
        let (code, out, err) = run(&cli, &env);
        assert_eq!(code, 0);
        assert_eq!(out, "");
        assert!(err.contains("comment skipped"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&outputs).unwrap(),
            "comment-action=skipped\ncomment-url=\ncomment-id=\n"
        );
        assert!(Cli::try_parse_from(["x", "--body-file", "f", "--behavior", "bogus"]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_source_only_and_at_least_one() {
        assert!(Cli::try_parse_from(["x", "--report", "r.json", "--body-file", "b.md"]).is_err());
        assert!(Cli::try_parse_from(["x", "--report", "r.json", "plan.json"]).is_err());
        assert!(Cli::try_parse_from(["x", "--body-file", "b.md", "infra"]).is_err());
        let cli = Cli::try_parse_from(["x"]).unwrap();
        let (code, _, err) = run(&cli, &HashMap::new());
        assert_eq!(code, 2);
        assert!(err.contains("nothing to post"), "{err}");
        let cli = Cli::try_parse_from(["x", "--report", "/nonexistent/r.json"]).unwrap();
        let (code, _, err) = run(&cli, &HashMap::new());
        assert_eq!(code, 2);
        assert!(err.contains("cannot read /nonexistent/r.json"), "{err}");
    }

    #[test]
    fn analyzes_paths_and_honours_fail_on_in_a_dry_run() {
        let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example/plan.json");
        let env: HashMap<String, String> = [
            ("GITHUB_REPOSITORY", "acme/infra"),
            ("GITHUB_ACTIONS", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let cli = Cli::try_parse_from(["x", "--dry-run", "--pr", "7", plan]).unwrap();
        let (code, out, err) = run(&cli, &env);
        // The example plan has an error (missing network_configuration): exit 1.
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("comment would be created"), "{err}");
        assert!(
            out.starts_with("<!-- ecsnet-comment key=default -->\n"),
            "{out}"
        );
        assert!(out.contains(r"aws\_ecs\_service.indexer"), "{out}");
        let cli = Cli::try_parse_from(["x", "--dry-run", "--pr", "7", "--fail-on", "none", plan])
            .unwrap();
        assert_eq!(run(&cli, &env).0, 0);
    }
}
