//! The comment bot against a fake GitHub on 127.0.0.1 (github-integration.md §4.5).

mod common;

use common::fake_github::FakeGitHub;
use ecsnet::github::{Behavior, CommentAction, CommentConfig, RetryPolicy, marker, run_comment};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

const TOKEN: &str = "ghs_s3cr3tTOKENvalue";

struct Ctx {
    fake: FakeGitHub,
    env: HashMap<String, String>,
    _dir: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = std::env::temp_dir().join(format!(
        "ecsnet-comment-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&p).unwrap();
    TempDir(p)
}

fn ctx_with_event(event: &str) -> Ctx {
    let fake = FakeGitHub::start();
    let dir = temp_dir("event");
    let event_path = dir.0.join("event.json");
    std::fs::write(&event_path, event).unwrap();
    let env: HashMap<String, String> = [
        ("GITHUB_REPOSITORY", "acme/infra".to_string()),
        ("GITHUB_API_URL", fake.api_url.clone()),
        ("GITHUB_GRAPHQL_URL", fake.graphql_url.clone()),
        ("GITHUB_TOKEN", TOKEN.to_string()),
        ("GITHUB_EVENT_PATH", event_path.display().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ctx {
        fake,
        env,
        _dir: dir,
    }
}

fn ctx() -> Ctx {
    ctx_with_event(
        r#"{"action":"synchronize","number":7,"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}}}"#,
    )
}

fn cfg(behavior: Behavior) -> CommentConfig {
    CommentConfig {
        behavior,
        retry: RetryPolicy {
            max_retries: 3,
            base: Duration::ZERO,
            max_delay: Duration::ZERO,
        },
        use_env_proxy: false,
        ..CommentConfig::default()
    }
}

fn ours(body: &str) -> String {
    format!("{}\n{body}", marker("default"))
}

#[test]
fn create_then_update_then_unchanged() {
    let c = ctx();
    let first = run_comment(&cfg(Behavior::Update), "report v1", &c.env).unwrap();
    assert_eq!(first.action, CommentAction::Created);
    let comments = c.fake.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, ours("report v1"));
    assert_eq!(first.id, Some(comments[0].id));
    assert_eq!(
        first.url.as_deref(),
        Some(
            format!(
                "https://github.com/acme/infra/pull/7#issuecomment-{}",
                comments[0].id
            )
            .as_str()
        )
    );
    let auth = c.fake.requests()[0].authorization.clone();
    assert_eq!(auth.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));

    let second = run_comment(&cfg(Behavior::Update), "report v2", &c.env).unwrap();
    assert_eq!(second.action, CommentAction::Updated);
    assert_eq!(second.id, first.id);
    let comments = c.fake.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, ours("report v2"));

    c.fake.clear_requests();
    let third = run_comment(&cfg(Behavior::Update), "report v2", &c.env).unwrap();
    assert_eq!(third.action, CommentAction::Unchanged);
    assert_eq!(third.id, first.id);
    assert!(c.fake.writes().is_empty(), "{:?}", c.fake.writes());
}

#[test]
fn new_posts_every_time() {
    let c = ctx();
    for _ in 0..2 {
        let o = run_comment(&cfg(Behavior::New), "same", &c.env).unwrap();
        assert_eq!(o.action, CommentAction::Created);
    }
    assert_eq!(c.fake.comments().len(), 2);
}

#[test]
fn delete_and_new_replaces_ours_only() {
    let c = ctx();
    let old = c
        .fake
        .add_comment(&ours("old"), "github-actions[bot]", "Bot");
    let human = c.fake.add_comment("LGTM", "alice", "User");
    let o = run_comment(&cfg(Behavior::DeleteAndNew), "fresh", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Recreated);
    let ids: Vec<u64> = c.fake.comments().iter().map(|c| c.id).collect();
    assert!(!ids.contains(&old));
    assert!(ids.contains(&human));
    assert_eq!(ids.len(), 2);
    assert!(
        c.fake
            .writes()
            .iter()
            .any(|r| r.method == "DELETE" && r.url.ends_with(&format!("/issues/comments/{old}")))
    );
}

#[test]
fn hide_and_new_minimizes_by_node_id() {
    let c = ctx();
    let old = c
        .fake
        .add_comment(&ours("old"), "github-actions[bot]", "Bot");
    let o = run_comment(&cfg(Behavior::HideAndNew), "fresh", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::HiddenAndCreated);
    let comments = c.fake.comments();
    assert_eq!(comments.len(), 2);
    assert!(comments.iter().find(|x| x.id == old).unwrap().minimized);
    let gql: Vec<_> = c
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.url == "/api/graphql" && !r.body.contains("viewer"))
        .collect();
    assert_eq!(gql.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&gql[0].body).unwrap();
    assert_eq!(v["variables"]["id"], format!("IC_node{old}"));
    assert!(v["query"].as_str().unwrap().contains("minimizeComment"));
}

#[test]
fn finds_our_comment_on_the_third_page() {
    let c = ctx();
    c.fake.state.lock().unwrap().page_size = 2;
    for i in 0..4 {
        c.fake.add_comment(&format!("human {i}"), "alice", "User");
    }
    let mine = c
        .fake
        .add_comment(&ours("old"), "github-actions[bot]", "Bot");
    let o = run_comment(&cfg(Behavior::Update), "new", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Updated);
    assert_eq!(o.id, Some(mine));
    let gets = c
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(gets, 3);
    assert_eq!(c.fake.comments().len(), 5);
}

#[test]
fn other_keys_and_other_authors_are_left_alone() {
    let c = ctx();
    let other_key = c.fake.add_comment(
        &format!("{}\nstaging report", marker("staging")),
        "github-actions[bot]",
        "Bot",
    );
    let forged = c
        .fake
        .add_comment(&ours("pasted by a user"), "mallory", "User");
    let o = run_comment(&cfg(Behavior::Update), "prod report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Created);
    let comments = c.fake.comments();
    assert_eq!(comments.len(), 3);
    let get = |id| comments.iter().find(|x| x.id == id).unwrap().body.clone();
    assert_eq!(
        get(other_key),
        format!("{}\nstaging report", marker("staging"))
    );
    assert_eq!(get(forged), ours("pasted by a user"));
    // With a configured author, only that login's comments count.
    let by_login = CommentConfig {
        author: Some("mallory".to_string()),
        ..cfg(Behavior::Update)
    };
    let o = run_comment(&by_login, "x", &c.env).unwrap();
    assert_eq!(o.id, Some(forged));
}

/// Another bot (a second tool, a copied workflow) posting our marker is not us: the token's own
/// login, from GraphQL `viewer`, decides; its comment would fail to edit with 403 anyway.
#[test]
fn another_bots_comment_with_our_marker_is_not_ours() {
    let c = ctx();
    let theirs = c
        .fake
        .add_comment(&ours("from another bot"), "renovate[bot]", "Bot");
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Created);
    assert_ne!(o.id, Some(theirs));
    let again = run_comment(&cfg(Behavior::Update), "report 2", &c.env).unwrap();
    assert_eq!(again.action, CommentAction::Updated);
    assert_eq!(again.id, o.id);
    let comments = c.fake.comments();
    let get = |id| comments.iter().find(|x| x.id == id).unwrap().body.clone();
    assert_eq!(get(theirs), ours("from another bot"));
}

/// Past 10,000 comments our own may be on a page not read: nothing is posted (no duplicate)
/// and the outcome says why.
#[test]
fn too_many_comments_stop_without_a_duplicate() {
    let c = ctx();
    c.fake.state.lock().unwrap().page_size = 1;
    for i in 0..101 {
        c.fake
            .add_comment(&format!("comment {i}"), "someone", "User");
    }
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Failed);
    assert!(
        o.reason
            .as_deref()
            .unwrap_or("")
            .contains("not found in the first 100 pages"),
        "{o:?}"
    );
    assert!(c.fake.writes().is_empty(), "{:?}", c.fake.writes());
}

/// A token is never sent in clear off this machine, and an API that is not there fails fast.
#[test]
fn plain_http_is_refused_except_on_loopback() {
    let c = ctx();
    let remote = CommentConfig {
        api_url: Some("http://api.example.com/api/v3".to_string()),
        graphql_url: Some("http://api.example.com/api/graphql".to_string()),
        ..cfg(Behavior::Update)
    };
    let e = run_comment(&remote, "report", &c.env)
        .unwrap_err()
        .to_string();
    assert!(e.contains("refusing plain http://"), "{e}");
}

#[test]
fn read_only_token_on_a_fork_is_a_warning() {
    let c = ctx();
    c.fake.state.lock().unwrap().forbid_writes = true;
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Failed);
    let reason = o.reason.unwrap();
    assert!(reason.contains("403"), "{reason}");
    assert!(reason.contains("Resource not accessible by integration"));
    assert!(reason.contains("workflow_run"));
    assert!(!reason.contains(TOKEN));
    assert!(
        ecsnet::github::workflow_warning(
            &run_comment(&cfg(Behavior::Update), "r", &c.env).unwrap()
        )
        .is_some_and(|w| w.starts_with("::warning title=ecsnet comment::GitHub answered 403"))
    );
}

#[test]
fn retries_a_502() {
    let c = ctx();
    c.fake.state.lock().unwrap().faults.push_back(502);
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Created);
    let reqs = c.fake.requests();
    assert_eq!(reqs.iter().filter(|r| r.method == "GET").count(), 2);
    assert_eq!(c.fake.comments().len(), 1);
}

#[test]
fn gives_up_after_bounded_retries_without_leaking_the_token() {
    let c = ctx();
    c.fake
        .state
        .lock()
        .unwrap()
        .faults
        .extend([500, 500, 500, 500]);
    let err = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("500"), "{text}");
    assert!(!text.contains(TOKEN));
    assert_eq!(c.fake.requests().len(), 4);
    assert!(c.fake.comments().is_empty());
}

#[test]
fn connection_errors_do_not_leak_the_token() {
    let mut c = ctx();
    // A closed port: transport errors are retried, then reported without the token.
    c.env
        .insert("GITHUB_API_URL".into(), "http://127.0.0.1:9/api/v3".into());
    c.env.insert(
        "GITHUB_GRAPHQL_URL".into(),
        "http://127.0.0.1:9/api/graphql".into(),
    );
    let err = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap_err();
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}

#[test]
fn workflow_run_from_a_fork_looks_the_pr_up_by_commit() {
    let c = ctx_with_event(
        r#"{"workflow_run":{"pull_requests":[],"head_sha":"0123456789abcdef0123456789abcdef01234567"}}"#,
    );
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Created);
    assert!(c.fake.requests().iter().any(|r| r.url
        == "/api/v3/repos/acme/infra/commits/0123456789abcdef0123456789abcdef01234567/pulls"));
}

#[test]
fn push_events_skip_without_requests() {
    let c = ctx_with_event(r#"{"ref":"refs/heads/main"}"#);
    let o = run_comment(&cfg(Behavior::Update), "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Skipped);
    assert!(c.fake.requests().is_empty());
}

#[test]
fn dry_run_reads_but_never_writes() {
    let c = ctx();
    c.fake
        .add_comment(&ours("old"), "github-actions[bot]", "Bot");
    let dry = CommentConfig {
        dry_run: true,
        ..cfg(Behavior::Update)
    };
    let o = run_comment(&dry, "new", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Updated);
    assert!(o.dry_run);
    assert_eq!(o.body, ours("new"));
    assert!(c.fake.writes().is_empty());
    assert!(ecsnet::github::describe(&o).contains("would be updated"));
}

#[test]
fn pr_number_flag_wins_over_the_event() {
    let c = ctx_with_event(r#"{"pull_request":{"number":99}}"#);
    let flagged = CommentConfig {
        pr: Some(7),
        ..cfg(Behavior::New)
    };
    let o = run_comment(&flagged, "report", &c.env).unwrap();
    assert_eq!(o.action, CommentAction::Created);
}
