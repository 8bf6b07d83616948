//! The `ecsnet` binary: command-line arguments in, exit code out. Everything else lives in
//! the library.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use ecsnet::options::AnalysisArgs;
use ecsnet::run::{self, Format};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Explains the networking of Amazon ECS services in Terraform: network mode, how each
/// container port reaches the outside, and the scaling limits that follow.
#[derive(Parser, Debug)]
#[command(name = "ecsnet", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Plan or state JSON files, Terraform directories, globs, or `-` for stdin
    /// (stdin is read when no path is given and it is not a terminal).
    paths: Vec<String>,

    /// Output format on stdout.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,

    /// Colour in the table and compact formats: `auto` (a terminal, unless `NO_COLOR` is
    /// set; `CLICOLOR_FORCE` forces it), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    /// Write the JSON report to FILE for a later `--baseline FILE` (every finding, with its
    /// fingerprint).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Also write FORMAT to PATH (repeatable), e.g. `--output json=report.json`.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    outputs: Vec<(Format, PathBuf)>,

    #[command(flatten)]
    analysis: AnalysisArgs,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour stdout (no-color.org; CLICOLOR_FORCE as in the `clicolors` convention):
/// the flag decides when given, else `NO_COLOR` (set and not empty) turns colour off,
/// `CLICOLOR_FORCE` (set and not `0`) turns it on, else colour when stdout is a terminal.
fn use_color(choice: ColorChoice, is_tty: bool, var: impl Fn(&str) -> Option<String>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if var("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                is_tty
            }
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the rules, or print the documentation of one (by code or slug).
    Rules {
        /// A rule code (ECS101) or slug (fargate-requires-awsvpc).
        rule: Option<String>,
    },
    /// Print the resolved settings for PATHS and where each one came from (a default, an
    /// `ecsnet.toml`, `ECSNET_CONFIG` or a flag).
    Config {
        /// The inputs whose configuration to show [default: the working directory].
        paths: Vec<String>,
        #[command(flatten)]
        analysis: Box<AnalysisArgs>,
    },
    /// Print a shell completion script: `ecsnet completions bash > /etc/bash_completion.d/ecsnet`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Post the report to a code-review platform: `ecsnet comment github`.
    Comment {
        #[command(subcommand)]
        target: CommentTarget,
    },
}

/// Where `ecsnet comment` posts.
#[derive(Subcommand, Debug)]
enum CommentTarget {
    /// Post the report as one pull-request comment and keep it current (docs/github.md).
    Github(Box<ecsnet::github::CommentArgs>),
    /// Post the report as one merge-request note and keep it current (docs/gitlab.md).
    Gitlab(Box<ecsnet::gitlab::GitlabArgs>),
}

/// `ecsnet comment github|gitlab`: the library does the work; this only hands it the
/// process' streams (stdin only when it is piped).
fn with_streams(run: impl FnOnce(ecsnet::github::Streams<'_>) -> u8) -> ExitCode {
    let mut stdin = std::io::stdin().lock();
    let piped = !std::io::stdin().is_terminal();
    let streams = ecsnet::github::Streams {
        stdin: if piped { Some(&mut stdin) } else { None },
        out: &mut std::io::stdout().lock(),
        err: &mut std::io::stderr().lock(),
    };
    ExitCode::from(run(streams))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        format!(
            "unknown format `{s}`; expected one of {}",
            Format::NAMES.join(", ")
        )
    })
}

fn parse_output(s: &str) -> Result<(Format, PathBuf), String> {
    let (f, p) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=PATH"))?;
    Ok((parse_format(f)?, PathBuf::from(p)))
}

// mimalloc instead of the system allocator: a large plan or monorepo allocates millions of
// small strings and maps, and glibc's malloc/free were a third of the instructions of a
// monorepo run. Measured (docs/performance.md): the 110 MB plan 0.23 s -> 0.16 s, the
// monorepo 0.11 s -> 0.08 s, peak RSS within the target at 1x, 2x and 4x. Default options:
// no `unsafe` configuration call.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The matches are kept for the order of `--var` and `--var-file`.
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    cli.analysis.order_from(&matches);
    if let Some(Command::Comment {
        target: CommentTarget::Github(args),
    }) = &mut cli.command
    {
        if let Some(m) = matches
            .subcommand_matches("comment")
            .and_then(|m| m.subcommand_matches("github"))
        {
            args.analysis.order_from(m);
        }
        return with_streams(|io| {
            ecsnet::github::comment_command(args, &ecsnet::github::ProcessEnv, io)
        });
    }
    if let Some(Command::Comment {
        target: CommentTarget::Gitlab(args),
    }) = &mut cli.command
    {
        if let Some(m) = matches
            .subcommand_matches("comment")
            .and_then(|m| m.subcommand_matches("gitlab"))
        {
            args.analysis.order_from(m);
        }
        return with_streams(|io| {
            ecsnet::gitlab::comment_command(args, &ecsnet::github::ProcessEnv, io)
        });
    }
    if let Some(Command::Completions { shell }) = &cli.command {
        let mut out = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "ecsnet", &mut out);
        return print(&String::from_utf8_lossy(&out));
    }
    if let Some(Command::Config { paths, analysis }) = &mut cli.command {
        if let Some(m) = matches.subcommand_matches("config") {
            analysis.order_from(m);
        }
        let inv = analysis.resolve(
            paths,
            ecsnet::options::tf_vars(std::env::vars()),
            std::env::var("TF_WORKSPACE").ok(),
            std::env::var_os("ECSNET_CONFIG").map(PathBuf::from),
        );
        return match inv.and_then(|inv| run::explain_config(&inv)) {
            Ok(text) => print(&text),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    if let Some(Command::Rules { rule }) = &cli.command {
        return match ecsnet::rules::describe(rule.as_deref()) {
            Ok(text) => print(&text),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    let mut paths = cli.paths.clone();
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!(
                "error: no input; pass a plan JSON file or a Terraform directory, or pipe `terraform show -json plan.out` in\n\nFor more information, try '--help'."
            );
            return ExitCode::from(2);
        }
        paths.push("-".into());
    }
    let tf_vars = ecsnet::options::tf_vars(std::env::vars());
    let tf_workspace = std::env::var("TF_WORKSPACE").ok();
    let config_env = std::env::var_os("ECSNET_CONFIG").map(PathBuf::from);
    let mut inv = match cli
        .analysis
        .resolve(&cli.paths, tf_vars, tf_workspace, config_env)
    {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    inv.paths = paths;
    let done = match run::run(&inv, &mut std::io::stdin().lock()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut report = done.report;
    for line in run::diagnostics(&report) {
        eprintln!("{line}");
    }
    // Workspace-relative paths and blob links (github-integration.md §3); environment read here.
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut ctx = ecsnet::github::render_context(&mut report, &ecsnet::github::ProcessEnv, &cwd);
    ctx.fail_on = done.settings.fail_on;
    let baseline = cli.write_baseline.iter().map(|p| (Format::Json, p.clone()));
    for (format, path) in cli.outputs.iter().cloned().chain(baseline) {
        let (format, path) = (&format, &path);
        if let Err(e) = std::fs::write(path, run::render_with(&report, *format, &ctx)) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let tty = std::io::stdout().is_terminal();
    ctx.width = terminal_width(tty);
    ctx.color = use_color(cli.color, tty, |k| std::env::var(k).ok());
    if cli.format == Format::Github {
        // The job summary gets the Markdown report (github-integration.md §3).
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
            let md = run::render_step_summary(&report, &ctx);
            if let Err(e) = ecsnet::report::github::append_step_summary(&md, path.as_ref()) {
                eprintln!("warning: cannot write the job summary: {e}");
            }
        }
    }
    let code = print(&run::render_with(&report, cli.format, &ctx));
    if code != ExitCode::SUCCESS {
        return code;
    }
    let code = run::exit_code(&report, &done.settings);
    // The process ends here: the OS reclaims the report faster than freeing it piece by piece.
    std::mem::forget(report);
    ExitCode::from(code)
}

/// A closed descriptor 1 (`ecsnet x >&-`) is reopened on `/dev/null` by the Rust runtime
/// before `main`, read-write, so every write "succeeds" and the report is lost. A shell's
/// `> /dev/null` opens it write-only: only the runtime's stand-in is refused.
#[cfg(target_os = "linux")]
fn stdout_is_open() -> bool {
    let target = std::fs::read_link("/proc/self/fd/1").ok();
    if target.as_deref() != Some(std::path::Path::new("/dev/null")) {
        return true;
    }
    let flags = std::fs::read_to_string("/proc/self/fdinfo/1")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        });
    // O_ACCMODE is 3, O_RDWR is 2 on Linux.
    flags.is_none_or(|f| f & 3 != 2)
}

#[cfg(not(target_os = "linux"))]
fn stdout_is_open() -> bool {
    true
}

/// The terminal's width as comfy-table (crossterm) reads it from the terminal itself; when
/// that fails, `COLUMNS`, else 80; unbounded when stdout is not a terminal (a file or a
/// pipe keeps whole rows for `grep`).
fn terminal_width(tty: bool) -> Option<u16> {
    if !tty {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &u16| c > 0);
    comfy_table::Table::new()
        .width()
        .filter(|&w| w > 0)
        .or(columns)
        .or(Some(80))
}

/// Writes to stdout; a closed pipe (`ecsnet ... | head`) is not an error, a closed or
/// unwritable stdout is (exit 2): the report must never be dropped with a success-looking code.
fn print(s: &str) -> ExitCode {
    if !stdout_is_open() {
        eprintln!("error: cannot write output: standard output is closed");
        return ExitCode::from(2);
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}
