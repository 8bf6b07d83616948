//! `ecsnet comment github`: the command-line face of the bot, kept here so the binary only
//! mounts [`CommentArgs`] and calls [`comment_command`].

use super::{Behavior, CommentConfig, Env, describe, github_outputs, run_comment};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `ecsnet comment github`.
#[derive(Debug, Clone, clap::Args)]
pub struct CommentArgs {
    /// The Markdown report to post (written by `--output markdown=FILE`).
    #[arg(long, value_name = "FILE")]
    pub body_file: PathBuf,
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
    /// Only comments by this login are ours (default: any bot account).
    #[arg(long)]
    pub author: Option<String>,
    /// Print the intended action and the body; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_behavior(s: &str) -> Result<Behavior, String> {
    Behavior::parse(s)
        .ok_or_else(|| "expected update, new, delete-and-new, hide-and-new or off".to_string())
}

/// Runs the command: posts the body, prints one status line (a `::warning` when GitHub
/// refused), appends `comment-*` outputs to `$GITHUB_OUTPUT` when set. Returns the exit
/// code: 0, also when GitHub refused (the report itself is not at fault), 2 on a usage or
/// unreadable-input error or when the bot could not complete.
pub fn comment_command(args: &CommentArgs, env: &dyn Env, out: &mut dyn Write) -> u8 {
    let body = match std::fs::read_to_string(&args.body_file) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(out, "ecsnet: cannot read {}: {e}", args.body_file.display());
            return 2;
        }
    };
    let cfg = CommentConfig {
        behavior: args.behavior,
        key: args.key.clone(),
        repo: args.repo.clone(),
        pr: args.pr,
        api_url: args.github_api_url.clone(),
        author: args.author.clone(),
        dry_run: args.dry_run,
        ..CommentConfig::default()
    };
    let outcome = match run_comment(&cfg, &body, env) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(out, "ecsnet: {e}");
            return 2;
        }
    };
    let _ = writeln!(out, "{}", describe(&outcome));
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
            let _ = writeln!(out, "ecsnet: cannot write GITHUB_OUTPUT {path}: {e}");
            return 2;
        }
    }
    0
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
        let mut printed = Vec::new();
        assert_eq!(comment_command(&cli.args, &env, &mut printed), 0);
        assert!(
            String::from_utf8(printed)
                .unwrap()
                .contains("comment skipped")
        );
        assert_eq!(
            std::fs::read_to_string(&outputs).unwrap(),
            "comment-action=skipped\ncomment-url=\ncomment-id=\n"
        );
        assert!(Cli::try_parse_from(["x", "--body-file", "f", "--behavior", "bogus"]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
