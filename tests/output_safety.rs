//! Output safety end to end: a container and a service named with terminal escapes,
//! Markdown/HTML syntax, a team mention, a workflow command, line breaks, a bidi override
//! and a zero-width no-break space
//! (`testdata/bad/output-safety/main.tf` and its plan twin `output-safety.json`) are read,
//! analyzed and rendered in every format; each format must print them inert, and the machine
//! formats must keep them exactly.

use ecsnet::input::LoadOptions;
use ecsnet::report::Report;
use ecsnet::run::{self, Format, Invocation};
use ecsnet::settings::Settings;

const HOSTILE: &str = "web\u{202e}\u{feff}\u{1b}[31mRED\u{1b}[0m|`tick`<!-- hide -->@org/team\n::error::owned %0A line\r\n<script>x</script>";

fn report(input: &str) -> Report {
    let path = format!("{}/testdata/bad/{input}", env!("CARGO_MANIFEST_DIR"));
    let inv = Invocation {
        paths: vec![path.clone()],
        load: LoadOptions {
            root: Some(path.into()),
            ..LoadOptions::default()
        },
        settings: Settings::default(),
        config: None,
        sets: Vec::new(),
    };
    let r = run::analyze(&inv, &mut std::io::empty());
    // The hostile name reached the report, and a finding quotes it.
    assert_eq!(r.services.len(), 1);
    assert_eq!(r.services[0].name.as_deref(), Some(HOSTILE));
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "ECS201" && f.message.contains("::error::owned")),
        "{:?}",
        r.findings
    );
    r
}

/// The line of `out` holding the ECS201 finding: the hostile name did not break it.
fn finding_line<'a>(out: &'a str, marker: &str) -> &'a str {
    let line = out
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no `{marker}` in:\n{out}"));
    assert!(
        line.contains("owned"),
        "the name was split over lines:\n{out}"
    );
    assert!(
        line.contains("<script") || line.contains("&lt;script"),
        "{out}"
    );
    line
}

fn no_raw_controls(format: &str, out: &str) {
    assert!(!out.contains('\u{1b}'), "{format}: raw ESC in\n{out}");
    // Bidi overrides and the BOM reorder or hide text for whoever reads the output.
    assert!(!out.contains('\u{202e}'), "{format}: raw RLO in\n{out}");
    assert!(!out.contains('\u{feff}'), "{format}: raw BOM in\n{out}");
    assert!(!out.contains('\r'), "{format}: raw CR in\n{out}");
    for line in out.lines() {
        assert!(
            !line.trim_start().starts_with("::error::owned"),
            "{format}: a workflow command line was injected:\n{out}"
        );
    }
}

fn check(input: &str) {
    let r = report(input);

    let table = run::render(&r, Format::Table, Some(200));
    no_raw_controls("table", &table);
    finding_line(&table, "error[awsvpc-host-port-mismatch]");

    let md = run::render(&r, Format::Markdown, None);
    no_raw_controls("markdown", &md);
    assert!(!md.contains("<!--") && !md.contains("-->"), "{md}");
    assert!(!md.contains("@org"), "team mention survived:\n{md}");
    assert!(!md.contains("<script"), "{md}");
    let row = finding_line(&md, "ECS201");
    assert!(row.starts_with('|') && row.ends_with('|'), "{row}");

    let gh = run::render(&r, Format::Github, None);
    no_raw_controls("github", &gh);
    for line in gh.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "not a single annotation per line:\n{gh}"
        );
    }
    let line = finding_line(&gh, "ECS201");
    // `%` is escaped first, so the literal `%0A` in the name cannot become a line break.
    assert!(line.contains("owned %250A line"), "{line}");

    let sarif = run::render(&r, Format::Sarif, None);
    no_raw_controls("sarif", &sarif);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let messages: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|res| res["message"]["text"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("::error::owned %0A line")),
        "{messages:?}"
    );

    let json = run::render(&r, Format::Json, None);
    no_raw_controls("json", &json);
    // The machine format keeps the exact text, escaped by JSON rather than altered.
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["services"][0]["name"], HOSTILE);
    assert_eq!(json["services"][0]["ports"][0]["container"], HOSTILE);
}

#[test]
fn hostile_names_from_hcl_are_inert_in_every_format() {
    check("output-safety");
}

#[test]
fn hostile_names_from_a_plan_are_inert_in_every_format() {
    check("output-safety.json");
}
