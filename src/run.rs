//! One invocation of ecsnet, independent of the command line: load inputs, build the report,
//! render it, decide the exit code. `main.rs` only translates arguments into this.

use crate::finding::Severity;
use crate::input::{self, LoadOptions};
use crate::report::github::AnnotationOptions;
use crate::report::markdown::MarkdownOptions;
use crate::report::sarif::SarifOptions;
use crate::report::{self, Report};
use crate::settings::Settings;
use std::io::Read;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human table (default).
    Table,
    /// The JSON report contract.
    Json,
    /// The pull-request comment.
    Markdown,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub workflow-command annotations.
    Github,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "markdown" | "md" => Some(Format::Markdown),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }

    /// Every accepted name, for help texts.
    pub const NAMES: &'static [&'static str] = &["table", "json", "markdown", "sarif", "github"];
}

/// What to analyze and how.
#[derive(Debug, Clone, Default)]
pub struct Invocation {
    /// Paths, globs or `-`.
    pub paths: Vec<String>,
    /// How inputs are read.
    pub load: LoadOptions,
    /// Analysis settings.
    pub settings: Settings,
}

/// Loads the inputs and builds the report.
pub fn analyze(inv: &Invocation, stdin: &mut dyn Read) -> Report {
    let models = input::load(&inv.paths, &inv.load, stdin);
    let report = report::build(&models, &inv.settings);
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
/// [`crate::github::render_context`]); renderers never read the environment themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderContext {
    /// Bounds the table (terminal width).
    pub width: Option<u16>,
    /// Base of Markdown blob links, `https://github.com/{owner}/{repo}/blob/{sha}`; only
    /// set when [`RenderContext::path_prefix`] is known, so links never point at a guessed file.
    pub blob_base: Option<String>,
    /// Where report paths sit in the repository (`infra/`), for links, SARIF and annotations.
    pub path_prefix: String,
}

/// Renders the report in a format for a context (links, repository paths, width).
pub fn render_with(report: &Report, format: Format, ctx: &RenderContext) -> String {
    match format {
        Format::Table => report::render_table(report, ctx.width),
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
    match (settings.fail_on, report.max_severity()) {
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
