//! One invocation of ecsnet, independent of the command line: load inputs, build the report,
//! render it, decide the exit code. `main.rs` only translates arguments into this.

use crate::finding::Severity;
use crate::input::{self, LoadOptions};
use crate::pipeline;
use crate::report::github::AnnotationOptions;
use crate::report::markdown::MarkdownOptions;
use crate::report::sarif::SarifOptions;
use crate::report::{self, Report};
use crate::settings::Settings;
use crate::settings::discover::{Applied, Resolver};
use std::io::Read;

/// An output format: one variant, one renderer, one snapshot, one line in docs/formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human table (default).
    Table,
    /// The JSON report contract.
    Json,
    /// The pull-request comment.
    #[value(alias = "md")]
    Markdown,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub workflow-command annotations.
    Github,
    /// One line per finding, `file:line:col: severity[rule]: message`.
    Compact,
    /// GitLab's Code Quality report (`gl-code-quality-report.json`).
    Gitlab,
    /// JUnit XML for GitLab, Jenkins and Azure test reports.
    Junit,
}

impl Format {
    /// Parses a format name (as `--format` and `--output` accept it).
    pub fn parse(s: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(s, false).ok()
    }

    /// Every accepted name, for help texts.
    pub const NAMES: &'static [&'static str] = &[
        "table", "json", "markdown", "sarif", "github", "compact", "gitlab", "junit",
    ];
}

/// What to analyze and how.
#[derive(Debug, Clone, Default)]
pub struct Invocation {
    /// Paths, globs or `-`.
    pub paths: Vec<String>,
    /// How inputs are read.
    pub load: LoadOptions,
    /// Analysis settings when no configuration file applies (and for [`analyze`]).
    pub settings: Settings,
    /// Configuration files: `ecsnet.toml` per input ([`run`]); `None` = `settings` for all.
    pub config: Option<Resolver>,
    /// What-if overrides (`--set`), applied to the models before the analysis.
    pub sets: Vec<crate::model::overrides::Override>,
}

/// A finished analysis: the report, the settings the exit code follows, and the
/// configuration files in effect.
#[derive(Debug)]
pub struct Analyzed {
    /// The report.
    pub report: Report,
    /// The run's settings ([`Resolver::run_settings`]): `fail_on` the strictest in effect.
    pub settings: Settings,
    /// The configuration files that applied, each with the inputs it applied to.
    pub configs: Vec<(Applied, Vec<usize>)>,
}

/// Loads the inputs, finds each one's configuration file and builds the report. The error
/// (exit 2) is a configuration file that cannot be read or has a typo.
pub fn run(inv: &Invocation, stdin: &mut dyn Read) -> Result<Analyzed, String> {
    let Some(resolver) = &inv.config else {
        return Ok(Analyzed {
            report: analyze(inv, stdin),
            settings: inv.settings.clone(),
            configs: Vec::new(),
        });
    };
    let mut resolver = resolver.clone();
    let mut models = input::load(&inv.paths, &inv.load, stdin);
    let applied = crate::model::overrides::apply(&mut models, &inv.sets)?;
    let which = assign_configs(&mut resolver, &mut models)?;
    let per_model: Vec<&Settings> = which
        .iter()
        .map(|&i| &resolver.applied()[i].settings)
        .collect();
    let mut report = report_of(&models, &per_model);
    report.overrides = override_reports(&applied);
    let settings = resolver.run_settings();
    if let Some(path) = &settings.baseline {
        apply_baseline(&mut report, path)?;
    }
    let configs = resolver
        .applied()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let inputs = which
                .iter()
                .enumerate()
                .filter(|(_, w)| **w == i)
                .map(|(m, _)| m)
                .collect();
            (a.clone(), inputs)
        })
        .collect();
    let _ = std::thread::Builder::new()
        .name("ecsnet-free".into())
        .spawn(move || drop(models));
    Ok(Analyzed {
        report,
        settings,
        configs,
    })
}

/// Analyzes every model under its own settings (`settings[i]` for `models[i]`: each input's
/// nearest `ecsnet.toml`) through the [`pipeline`] and assembles one report.
pub fn report_of(models: &[crate::model::Model], settings: &[&Settings]) -> Report {
    // Inputs are independent (a monorepo has one per root): analyzed on all cores, each
    // analysis turned into its records on the core that made it, appended in input order.
    let inputs: Vec<usize> = (0..models.len().min(settings.len())).collect();
    let parts = crate::par::map(&inputs, 1, |&i| {
        report::part(pipeline::analyze(&models[i], settings[i]), i)
    });
    let mut b = report::Builder::default();
    for p in parts {
        b.append(p);
    }
    b.finish()
}

/// The report's record of the overrides applied.
fn override_reports(applied: &[crate::model::overrides::Applied]) -> Vec<report::OverrideReport> {
    applied
        .iter()
        .map(|a| report::OverrideReport {
            address: a.over.address.clone(),
            attribute: a.over.attribute.clone(),
            value: a.over.value.to_json(),
            was: match &a.was {
                None => serde_json::Value::Null,
                Some(crate::model::Value::Unknown(u)) => {
                    serde_json::Value::String(format!("unknown ({})", u.reason))
                }
                Some(v) => v.to_json(),
            },
            inputs: a.models.clone(),
        })
        .collect()
}

/// Marks the findings `path` (a JSON report) already has as `in_baseline` and recounts.
/// Each baseline finding hides one current finding with the same fingerprint, so a second
/// copy of a known problem is still new. The error (exit 2): the file cannot be read or is
/// not an ecsnet JSON report.
pub fn apply_baseline(report: &mut Report, path: &std::path::Path) -> Result<(), String> {
    use crate::fsread;
    let text = fsread::read_text(
        path,
        fsread::Reach::Named,
        fsread::MAX_INPUT_FILE,
        &fsread::Budget::default(),
    )
    .map_err(|e| format!("--baseline {}: cannot read: {e}", path.display()))?;
    let known = report::saved::parse_report(&text)
        .map_err(|e| format!("--baseline {}: {e}", path.display()))?;
    let mut left: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in &known.findings {
        *left.entry(report::sarif::fingerprint(f)).or_default() += 1;
    }
    for f in &mut report.findings {
        if let Some(n) = left.get_mut(&report::sarif::fingerprint(f))
            && *n > 0
        {
            *n -= 1;
            f.in_baseline = true;
        }
    }
    let unreadable = report.summary.unreadable_inputs;
    report.summary = report::Summary::count(report.services.len(), &report.findings);
    report.summary.unreadable_inputs = unreadable;
    Ok(())
}

/// Finds the configuration of each model; `result[i]` indexes `resolver.applied()`.
fn assign_configs(
    resolver: &mut Resolver,
    models: &mut [crate::model::Model],
) -> Result<Vec<usize>, String> {
    let mut which = Vec::with_capacity(models.len());
    for m in models {
        let i = resolver.for_dir(&input_dir(&m.input.path))?;
        m.input.config = resolver.applied()[i]
            .path
            .as_ref()
            .map(|p| p.display().to_string());
        which.push(i);
    }
    Ok(which)
}

/// `ecsnet config`: the resolved settings of every configuration the inputs would use,
/// each key with where it came from, and the inputs each applies to. Inputs are read (not
/// analyzed) so that every Terraform root of a directory finds its own file; stdin is not
/// read (the working directory stands in for it).
pub fn explain_config(inv: &Invocation) -> Result<String, String> {
    use std::fmt::Write;
    let Some(resolver) = &inv.config else {
        return Ok(String::new());
    };
    let mut resolver = resolver.clone();
    let paths: Vec<String> = inv.paths.iter().filter(|p| *p != "-").cloned().collect();
    let mut models = if paths.is_empty() {
        Vec::new()
    } else {
        input::load(&paths, &inv.load, &mut std::io::empty())
    };
    let mut which = assign_configs(&mut resolver, &mut models)?;
    let mut shown: Vec<String> = models.iter().map(|m| m.input.path.clone()).collect();
    if models.is_empty() || inv.paths.iter().any(|p| p == "-") {
        which.push(resolver.for_dir(std::path::Path::new("."))?);
        shown.push(if inv.paths.is_empty() {
            ".".into()
        } else {
            "-".into()
        });
    }
    let mut out = String::new();
    for (i, a) in resolver.applied().iter().enumerate() {
        let inputs: Vec<&str> = which
            .iter()
            .zip(&shown)
            .filter(|(w, _)| **w == i)
            .map(|(_, s)| s.as_str())
            .collect();
        if inputs.is_empty() {
            continue;
        }
        let head = match (&a.path, a.via) {
            (Some(p), "found") => format!("{} (nearest ecsnet.toml)", p.display()),
            (Some(p), via) => format!("{} ({via})", p.display()),
            (None, _) => "no configuration file (defaults and flags)".to_string(),
        };
        let _ = writeln!(out, "{head}");
        let _ = writeln!(out, "  applies to: {}", inputs.join(", "));
        let rows = resolver.explain(i);
        let kw = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let vw = rows
            .iter()
            .map(|r| r.1.chars().count())
            .max()
            .unwrap_or(0)
            .min(32);
        for (k, v, o) in rows {
            let _ = writeln!(out, "  {k:<kw$} = {v:<vw$}  # {o}");
        }
    }
    let run = resolver.run_settings();
    let _ = writeln!(
        out,
        "exit 1 on: {}",
        run.fail_on
            .map_or("never", crate::finding::Severity::as_str)
    );
    Ok(out)
}

/// The directory an input's configuration is looked up from: the directory itself, a
/// file's directory, the working directory for stdin.
fn input_dir(path: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(path);
    if path == "-" || p.is_dir() {
        return if path == "-" {
            ".".into()
        } else {
            p.to_path_buf()
        };
    }
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => ".".into(),
    }
}

/// Loads the inputs and builds the report with `inv.settings` for every input (no
/// configuration file is looked for; see [`run`]).
pub fn analyze(inv: &Invocation, stdin: &mut dyn Read) -> Report {
    let mut models = input::load(&inv.paths, &inv.load, stdin);
    let applied = crate::model::overrides::apply(&mut models, &inv.sets);
    let mut report = report_of(&models, &vec![&inv.settings; models.len()]);
    match applied {
        Ok(a) => report.overrides = override_reports(&a),
        // The command line stops with exit 2 instead ([`run`]); here the report says it.
        Err(why) => {
            report
                .findings
                .push(crate::rules::invalid_input::META.finding(why, None, None));
            report.summary = report::Summary::count(report.services.len(), &report.findings);
        }
    }
    // Freeing the model of a 100 MB plan takes tens of milliseconds, and the binary exits
    // right after rendering: free it beside the rendering (if no thread can be started, the
    // closure and the models are dropped here instead).
    let _ = std::thread::Builder::new()
        .name("ecsnet-free".into())
        .spawn(move || drop(models));
    report
}

/// Renders the report in a format. `width` bounds the table (terminal width).
pub fn render(report: &Report, format: Format, width: Option<u16>) -> String {
    render_with(
        report,
        format,
        &RenderContext {
            width,
            ..RenderContext::default()
        },
    )
}

/// Where the output goes: what renderers need to know about the repository and the
/// terminal. Built by the binary (from the GitHub Actions environment, see
/// the bots' `render_context`); renderers never read the environment themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderContext {
    /// Bounds the table (terminal width).
    pub width: Option<u16>,
    /// ANSI colours in the table and compact formats (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`).
    pub color: bool,
    /// Base of Markdown blob links, `https://github.com/{owner}/{repo}/blob/{sha}`; only
    /// set when [`RenderContext::path_prefix`] is known, so links never point at a guessed file.
    pub blob_base: Option<String>,
    /// Where report paths sit in the repository (`infra/`), for links, SARIF and annotations.
    pub path_prefix: String,
    /// The severity that fails the run (`--fail-on`; `None` = never): JUnit marks those
    /// findings as failures.
    pub fail_on: Option<Severity>,
}

impl Default for RenderContext {
    fn default() -> Self {
        RenderContext {
            width: None,
            color: false,
            blob_base: None,
            path_prefix: String::new(),
            fail_on: Some(Severity::Error),
        }
    }
}

/// Renders the report in a format for a context (links, repository paths, width).
pub fn render_with(report: &Report, format: Format, ctx: &RenderContext) -> String {
    match format {
        Format::Table => report::table::render_table_with(
            report,
            &report::table::TableOptions {
                width: ctx.width,
                color: ctx.color,
            },
        ),
        Format::Compact => report::compact::render_compact(report, ctx.color),
        Format::Gitlab => report::gitlab::render_code_quality(report, &ctx.path_prefix),
        Format::Junit => report::junit::render_junit(report, ctx.fail_on),
        Format::Json => report::render_json(report),
        Format::Markdown => report::markdown::render_markdown(report, &markdown_options(ctx)),
        Format::Sarif => report::sarif::render_sarif(
            report,
            &crate::rules::lookup,
            &SarifOptions {
                path_prefix: ctx.path_prefix.clone(),
            },
        ),
        Format::Github => report::github::render_annotations(
            report,
            &AnnotationOptions {
                path_prefix: ctx.path_prefix.clone(),
            },
        ),
    }
}

/// The Markdown options of a context, at the comment budget.
pub fn markdown_options(ctx: &RenderContext) -> MarkdownOptions {
    MarkdownOptions {
        blob_base: ctx.blob_base.clone(),
        path_prefix: ctx.path_prefix.clone(),
        ..MarkdownOptions::default()
    }
}

/// The Markdown report for `$GITHUB_STEP_SUMMARY`: the job-summary budget, not the comment's.
pub fn render_step_summary(report: &Report, ctx: &RenderContext) -> String {
    report::markdown::render_markdown(
        report,
        &MarkdownOptions {
            max_bytes: report::markdown::SUMMARY_BUDGET,
            ..markdown_options(ctx)
        },
    )
}

/// The exit code: 2 when an input could not be read (the analysis is incomplete), 1 when a
/// finding at or above `fail_on` remains, else 0.
pub fn exit_code(report: &Report, settings: &Settings) -> u8 {
    // Nothing could be analyzed: every input unreadable (DESIGN.md). One broken file among
    // others is an `invalid-input` error like any finding, and `--fail-on` decides.
    let inputs = report.inputs.len();
    if inputs > 0 && report.summary.unreadable_inputs >= inputs {
        return 2;
    }
    let worst = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && !f.in_baseline)
        .filter(|f| !(settings.changed_only && f.changed_by_plan == Some(false)))
        .map(|f| f.severity)
        .max();
    match (settings.fail_on, worst) {
        (Some(threshold), Some(max)) if max >= threshold => 1,
        _ => 0,
    }
}

/// Parses `--fail-on`: a severity or `never`.
pub fn parse_fail_on(s: &str) -> Result<Option<Severity>, String> {
    match s {
        // `none` is what the action's `fail-on` input documents (reviewdog's spelling).
        "never" | "none" => Ok(None),
        other => Severity::parse(other).map(Some).ok_or_else(|| {
            format!("`{other}` is not one of error, warning, note, never (or none)")
        }),
    }
}

/// What the run itself has to say, for stderr in every format (stdout carries only the
/// report): which Terraform root gave a plan its locations, inputs that could not be read
/// or were partly skipped, and how to get file:line locations when a plan has none.
pub fn diagnostics(report: &Report) -> Vec<String> {
    use crate::report::text::inert;
    let mut out = Vec::new();
    for i in &report.inputs {
        if let Some(s) = &i.source {
            let why = match s.chosen_by.as_str() {
                input::source_pick::FLAG => "--source",
                input::source_pick::PLAN_DIRECTORY => "the plan file's directory",
                _ => "the working directory",
            };
            out.push(format!(
                "note: {}: file:line locations from the Terraform files in {} ({why})",
                inert(&i.path),
                inert(&s.path)
            ));
        }
    }
    for i in &report.inputs {
        if i.modules_not_loaded.is_empty() {
            continue;
        }
        out.push(format!(
            "note: {}: {} not on disk, so the services and task definitions inside {} not analyzed; run `terraform init` first (it fetches them into .terraform/modules) or analyze the plan: {}",
            inert(&i.path),
            if i.modules_not_loaded.len() == 1 { "a module source is" } else { "module sources are" },
            if i.modules_not_loaded.len() == 1 { "it are" } else { "them are" },
            i.modules_not_loaded
                .iter()
                .map(|m| inert(m))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for f in &report.findings {
        if f.code != crate::rules::invalid_input::META.code || f.suppressed.is_some() {
            continue;
        }
        let place = match (&f.location, &f.subject) {
            (Some(l), _) => format!("{}:{}:{}: ", inert(&l.file), l.line, l.column),
            (None, Some(s)) => format!("{}: ", inert(s)),
            _ => String::new(),
        };
        out.push(format!(
            "warning: input problem: {place}{}",
            inert(&f.message)
        ));
    }
    if report.summary.unreadable_inputs > 0 {
        out.push(format!(
            "warning: {} of {} input{} could not be analyzed at all",
            report.summary.unreadable_inputs,
            report.inputs.len(),
            if report.inputs.len() == 1 { "" } else { "s" }
        ));
    }
    let plan_without_source = report
        .inputs
        .iter()
        .any(|i| i.kind != crate::model::InputKind::Hcl && i.source.is_none());
    if plan_without_source
        && report
            .findings
            .iter()
            .any(|f| f.location.is_none() && f.subject.is_some())
    {
        out.push(
            "note: findings without a file are named by address; pass `--source DIR` (the Terraform root of the plan) to point them at .tf lines".to_string(),
        );
    }
    out
}
