//! The `ecsnet` binary: command-line arguments in, exit code out. Everything else lives in
//! the library.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use ecsnet::finding::Severity;
use ecsnet::input::{LoadOptions, VarArg};
use ecsnet::run::{self, Format, Invocation};
use ecsnet::settings::{self, ConfigFile, Overrides, Settings};
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

    /// Output format on stdout: table, json, markdown, sarif, github.
    #[arg(long, short, default_value = "table", value_parser = parse_format)]
    format: Format,

    /// Also write FORMAT to PATH (repeatable), e.g. `--output json=report.json`.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    outputs: Vec<(Format, PathBuf)>,

    /// Exit 1 when a finding at or above this severity remains: error, warning, note, never
    /// [default: error, or `fail_on` in ecsnet.toml].
    #[arg(long, value_parser = parse_fail_on)]
    fail_on: Option<FailOn>,

    /// Configuration file [default: ecsnet.toml in the analyzed root, when present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Container instances to assume for EC2 services whose Auto Scaling group is not in
    /// the inputs.
    #[arg(long, value_name = "N")]
    max_instances: Option<u64>,

    /// The dynamic host port range of Linux instances [default: 32768-60999].
    #[arg(long, value_name = "START-END", value_parser = settings::parse_port_range)]
    dynamic_port_range: Option<(u32, u32)>,

    /// Host ports the ECS agent reserves on Linux instances, comma-separated
    /// [default: 22,2375,2376,51678,51679].
    #[arg(long, value_name = "PORTS", value_parser = settings::parse_port_list)]
    reserved_ports: Option<PortList>,

    /// Switch a rule off (slug or code; repeatable).
    #[arg(long, value_name = "RULE")]
    ignore: Vec<String>,

    /// Set a Terraform variable (`name=value`; repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,

    /// Read Terraform variables from a file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,

    /// The workspace that `file()`, `templatefile()` and module sources may not leave
    /// (default: the git work tree of the input, else the input directory).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,

    /// The Terraform root a plan or state was made from, read for file:line locations only
    /// (default: the current directory when it holds `.tf` files).
    #[arg(long, value_name = "DIR")]
    source: Option<PathBuf>,
}

/// `--reserved-ports`; an alias so clap parses the list as one value.
type PortList = Vec<u32>;

#[derive(Subcommand, Debug)]
enum Command {
    /// List the rules, or print the documentation of one (by code or slug).
    Rules {
        /// A rule code (ECS101) or slug (fargate-requires-awsvpc).
        rule: Option<String>,
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
}

/// `ecsnet comment github`: the library does the work; this only hands it the process.
fn comment_github(args: &ecsnet::github::CommentArgs) -> ExitCode {
    let mut stdin = std::io::stdin().lock();
    let piped = !std::io::stdin().is_terminal();
    let streams = ecsnet::github::Streams {
        stdin: if piped { Some(&mut stdin) } else { None },
        out: &mut std::io::stdout().lock(),
        err: &mut std::io::stderr().lock(),
    };
    ExitCode::from(ecsnet::github::comment_command(
        args,
        &ecsnet::github::ProcessEnv,
        streams,
    ))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        format!(
            "unknown format `{s}`; expected one of {}",
            Format::NAMES.join(", ")
        )
    })
}

/// `--fail-on`: a severity, or `never` (clap treats a bare `Option` as "argument optional").
#[derive(Debug, Clone, Copy)]
struct FailOn(Option<Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    run::parse_fail_on(s).map(FailOn)
}

fn parse_output(s: &str) -> Result<(Format, PathBuf), String> {
    let (f, p) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=PATH"))?;
    Ok((parse_format(f)?, PathBuf::from(p)))
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))
}

/// `--var` and `--var-file` in command-line order: Terraform applies them in that order.
fn var_args_in_order(m: &clap::ArgMatches, cli: &Cli) -> Vec<VarArg> {
    let mut at: Vec<(usize, VarArg)> = Vec::new();
    if let Some(ix) = m.indices_of("vars") {
        at.extend(
            ix.zip(&cli.vars)
                .map(|(i, (k, v))| (i, VarArg::Var(k.clone(), v.clone()))),
        );
    }
    if let Some(ix) = m.indices_of("var_files") {
        at.extend(
            ix.zip(&cli.var_files)
                .map(|(i, f)| (i, VarArg::File(f.clone()))),
        );
    }
    at.sort_by_key(|(i, _)| *i);
    at.into_iter().map(|(_, a)| a).collect()
}

fn main() -> ExitCode {
    // The matches are kept for the order of `--var` and `--var-file`.
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    if let Some(Command::Comment {
        target: CommentTarget::Github(args),
    }) = &cli.command
    {
        return comment_github(args);
    }
    if let Some(Command::Rules { rule }) = &cli.command {
        return print(
            &ecsnet::rules::describe(rule.as_deref()).unwrap_or_else(|e| {
                eprintln!("error: {e}");
                String::new()
            }),
        );
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
    // A discovered ecsnet.toml is repository content: confined to the workspace root.
    let found = cli.config.clone().map(|p| (p, None)).or_else(|| {
        settings::find_config(&paths).map(|p| {
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => std::path::PathBuf::from("."),
            };
            let root = ecsnet::fsread::workspace_root(&dir, cli.root.as_deref());
            (p, Some(root))
        })
    });
    let config = match found {
        Some((path, root)) => match ConfigFile::load(&path, root.as_deref()) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let settings = Settings::resolve(
        config.as_ref(),
        &Overrides {
            fail_on: cli.fail_on.map(|f| f.0),
            ignore: cli.ignore.clone(),
            max_instances: cli.max_instances,
            dynamic_port_range: cli.dynamic_port_range,
            reserved_ports: cli.reserved_ports.clone(),
        },
    );
    let env_vars = std::env::vars()
        .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|n| (n.to_string(), v)))
        .collect();
    let inv = Invocation {
        paths,
        load: LoadOptions {
            root: cli.root.clone(),
            vars: cli.vars.clone(),
            var_files: cli.var_files.clone(),
            var_args: var_args_in_order(&matches, &cli),
            env_vars,
            source: cli.source.clone().or_else(|| default_source(&cli.paths)),
            budget: Default::default(),
        },
        settings,
    };
    let mut report = run::analyze(&inv, &mut std::io::stdin().lock());
    // Workspace-relative paths and blob links (github-integration.md §3); environment read here.
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut ctx = ecsnet::github::render_context(&mut report, &ecsnet::github::ProcessEnv, &cwd);
    for (format, path) in &cli.outputs {
        if let Err(e) = std::fs::write(path, run::render_with(&report, *format, &ctx)) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    ctx.width = if std::io::stdout().is_terminal() {
        terminal_width()
    } else {
        None
    };
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
    let code = run::exit_code(&report, &inv.settings);
    // The process ends here: the OS reclaims the report faster than freeing it piece by piece.
    std::mem::forget(report);
    ExitCode::from(code)
}

/// The current directory, when it holds Terraform files (`terraform show -json plan.out |
/// ecsnet` is usually run where the plan was made); else the directory of a single plan file
/// when it holds Terraform files.
fn default_source(paths: &[String]) -> Option<PathBuf> {
    let has_tf = |dir: &std::path::Path| {
        std::fs::read_dir(dir).ok().is_some_and(|mut it| {
            it.any(|e| {
                e.ok().is_some_and(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
                })
            })
        })
    };
    if has_tf(std::path::Path::new(".")) {
        return Some(PathBuf::from("."));
    }
    // `ecsnet infra/plan.json`: a single plan saved beside its configuration.
    match paths {
        [one] if std::path::Path::new(one).is_file() => {
            let dir = std::path::Path::new(one).parent()?;
            let dir = if dir.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                dir
            };
            has_tf(dir).then(|| dir.to_path_buf())
        }
        _ => None,
    }
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

fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or(Some(120))
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
