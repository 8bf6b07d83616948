//! The pull-request comment bot (`ecsnet comment github`): posts the Markdown report as one
//! comment and keeps it current.
//!
//! It finds its own comment by a hidden first line, `<!-- ecsnet-comment key=KEY -->`,
//! written by a bot (or by the configured login), so several reports can share a pull request
//! and a user who pastes the marker into their own comment cannot redirect the bot. The REST
//! issues API lists (every page), creates, edits and deletes; GraphQL `minimizeComment` is
//! used only to hide (github-integration.md §2, §6.2). A read-only token (fork pull requests)
//! makes the outcome `failed` with a warning, not an error.

pub(crate) mod cli;
mod context;
mod event;
pub(crate) mod http;

pub use cli::{CommentArgs, Streams, comment_command};
pub use context::render_context;
pub use http::RetryPolicy;

use http::{Client, Method, next_link};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The default comment key.
pub const DEFAULT_KEY: &str = "default";

/// Pages of 100 comments followed at most (10,000 comments).
pub(crate) const MAX_PAGES: usize = 100;

/// The variables the bot reads; tests supply their own.
pub trait Env {
    /// The value of a variable; `None` when unset or empty.
    fn var(&self, name: &str) -> Option<String>;

    /// The directory report paths are relative to (the process' current directory).
    fn current_dir(&self) -> Option<std::path::PathBuf> {
        std::env::current_dir().ok()
    }

    /// `TF_VAR_*` variables, name without the prefix.
    fn tf_vars(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// The process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }

    fn tf_vars(&self) -> Vec<(String, String)> {
        crate::options::tf_vars(std::env::vars())
    }
}

impl Env for HashMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.is_empty()).cloned()
    }

    fn tf_vars(&self) -> Vec<(String, String)> {
        crate::options::tf_vars(self.iter().map(|(k, v)| (k.clone(), v.clone())))
    }
}

/// What to do with earlier comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behavior {
    /// Edit our comment in place; create it when missing; no write when unchanged.
    #[default]
    Update,
    /// Post a new comment every run.
    New,
    /// Delete our earlier comments, then post.
    DeleteAndNew,
    /// Minimize our earlier comments as outdated, then post.
    HideAndNew,
    /// Do nothing.
    Off,
}

impl Behavior {
    /// Parses `update`, `new`, `delete-and-new`, `hide-and-new` or `off`.
    pub fn parse(s: &str) -> Option<Behavior> {
        Some(match s {
            "update" => Behavior::Update,
            "new" => Behavior::New,
            "delete-and-new" => Behavior::DeleteAndNew,
            "hide-and-new" => Behavior::HideAndNew,
            "off" => Behavior::Off,
            _ => return None,
        })
    }
}

/// Settings of one run of the bot.
#[derive(Debug, Clone)]
pub struct CommentConfig {
    /// What to do with earlier comments.
    pub behavior: Behavior,
    /// Tells several reports on one pull request apart (`[A-Za-z0-9._-]+`).
    pub key: String,
    /// `owner/name`; else `GITHUB_REPOSITORY`, else the event payload.
    pub repo: Option<String>,
    /// The pull-request number; else the event payload or `GITHUB_REF`.
    pub pr: Option<u64>,
    /// REST base; else `GITHUB_API_URL`, else `https://api.github.com`.
    pub api_url: Option<String>,
    /// GraphQL endpoint; else `GITHUB_GRAPHQL_URL`, else derived from the REST base.
    pub graphql_url: Option<String>,
    /// Only comments by this login count as ours; when `None`, any `Bot` account's.
    pub author: Option<String>,
    /// Read, decide, and write nothing.
    pub dry_run: bool,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// Whether `HTTPS_PROXY`/`NO_PROXY` and friends apply.
    pub use_env_proxy: bool,
    /// The report has nothing to show: `update` then posts no new comment (an existing one
    /// is still updated, so it says the pull request is clean now), as tfcmt skips clean plans.
    pub clean: bool,
}

impl Default for CommentConfig {
    fn default() -> Self {
        CommentConfig {
            behavior: Behavior::Update,
            key: DEFAULT_KEY.to_string(),
            repo: None,
            pr: None,
            api_url: None,
            graphql_url: None,
            author: None,
            dry_run: false,
            retry: RetryPolicy::default(),
            use_env_proxy: true,
            clean: false,
        }
    }
}

/// What the bot did (or, on a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAction {
    /// Posted a comment (no earlier one).
    Created,
    /// Edited ours.
    Updated,
    /// Ours already says this; nothing written.
    Unchanged,
    /// Deleted earlier ones and posted.
    Recreated,
    /// Minimized earlier ones and posted.
    HiddenAndCreated,
    /// Not attempted (comment off, no pull request, no token).
    Skipped,
    /// Refused by GitHub (401/403/404, e.g. a read-only token on a fork).
    Failed,
}

impl CommentAction {
    /// The name used in outputs (`comment-action`).
    pub fn as_str(self) -> &'static str {
        match self {
            CommentAction::Created => "created",
            CommentAction::Updated => "updated",
            CommentAction::Unchanged => "unchanged",
            CommentAction::Recreated => "recreated",
            CommentAction::HiddenAndCreated => "hidden-and-created",
            CommentAction::Skipped => "skipped",
            CommentAction::Failed => "failed",
        }
    }
}

/// The result of [`run_comment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentOutcome {
    /// What happened.
    pub action: CommentAction,
    /// The comment's `html_url`, when one exists.
    pub url: Option<String>,
    /// The comment's id, when one exists.
    pub id: Option<u64>,
    /// Why it was skipped or failed (never contains the token).
    pub reason: Option<String>,
    /// True when nothing was written because of `dry_run`.
    pub dry_run: bool,
    /// The full body, marker included, that was (or would be) posted.
    pub body: String,
}

/// An error that stops the bot (configuration, transport, unexpected replies). Messages never
/// contain the token.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CommentError {
    /// Bad settings.
    #[error("comment: {0}")]
    Config(String),
    /// The request did not complete.
    #[error("comment: {0}")]
    Transport(String),
    /// GitHub answered with an unexpected status.
    #[error("comment: GitHub answered {status} to {what}: {message}")]
    Http {
        /// The status code.
        status: u16,
        /// The request.
        what: String,
        /// GitHub's `message`.
        message: String,
    },
    /// GitHub's reply was not what the API documents.
    #[error("comment: unexpected reply to {0}")]
    Payload(String),
}

/// The hidden first line that marks our comment.
pub fn marker(key: &str) -> String {
    format!("<!-- ecsnet-comment key={key} -->")
}

pub(crate) fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[derive(Debug, Deserialize)]
struct Comment {
    id: u64,
    #[serde(default)]
    node_id: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    user: Option<User>,
}

#[derive(Debug, Deserialize)]
struct User {
    #[serde(default)]
    login: String,
    #[serde(default, rename = "type")]
    kind: String,
}

/// Stops the run: a soft failure (warning) or an error.
enum Stop {
    Refused(String),
    Error(CommentError),
}

impl From<CommentError> for Stop {
    fn from(e: CommentError) -> Self {
        Stop::Error(e)
    }
}

struct Api {
    client: Client,
    base: String,
    graphql: String,
    repo: String,
}

impl Api {
    fn call(&self, method: Method, url: &str, body: Option<&Value>) -> Result<http::Reply, Stop> {
        let payload = body.map(Value::to_string);
        let reply = self.client.send(method, url, payload.as_deref())?;
        let what = format!("{method:?} {}", url.trim_start_matches(&self.base));
        match reply.status {
            200..=299 => Ok(reply),
            401 | 403 | 404 => {
                let message = self.client.redact(&github_message(&reply.body));
                Err(Stop::Refused(format!(
                    "GitHub answered {} to {what}: {message} (a pull request from a fork gets a read-only token; see docs/github.md, the workflow_run recipe)",
                    reply.status
                )))
            }
            status => Err(Stop::Error(CommentError::Http {
                status,
                what,
                message: self.client.redact(&github_message(&reply.body)),
            })),
        }
    }

    fn json(&self, method: Method, url: &str, body: Option<&Value>) -> Result<Comment, Stop> {
        let reply = self.call(method, url, body)?;
        serde_json::from_str(&reply.body)
            .map_err(|_| Stop::Error(CommentError::Payload(format!("{method:?} {url}"))))
    }

    fn list(&self, pr: u64) -> Result<Vec<Comment>, Stop> {
        let mut url = format!(
            "{}/repos/{}/issues/{pr}/comments?per_page=100",
            self.base, self.repo
        );
        let mut all = Vec::new();
        for _ in 0..MAX_PAGES {
            let reply = self.call(Method::Get, &url, None)?;
            let page: Vec<Comment> = serde_json::from_str(&reply.body)
                .map_err(|_| Stop::Error(CommentError::Payload("the comment list".to_string())))?;
            all.extend(page);
            match reply.link.as_deref().and_then(next_link) {
                Some(next) => url = next,
                None => return Ok(all),
            }
        }
        // Our comment may sit on a page not read: posting would make a duplicate.
        Err(Stop::Refused(format!(
            "the pull request has more than {} comments; ours was not found in the first {MAX_PAGES} pages, so no comment was posted or changed",
            MAX_PAGES * 100
        )))
    }

    /// The login the token acts as (GraphQL `viewer`: `github-actions` for the workflow's
    /// token, whose comments show as `github-actions[bot]`); `None` when GitHub does not say.
    fn viewer(&self) -> Option<String> {
        let body = json!({ "query": "query { viewer { login } }" });
        let reply = self.call(Method::Post, &self.graphql, Some(&body)).ok()?;
        let v: Value = serde_json::from_str(&reply.body).ok()?;
        v.pointer("/data/viewer/login")
            .and_then(Value::as_str)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
    }

    fn ours<'c>(&self, comments: &'c [Comment], marker: &str, author: &Author) -> Vec<&'c Comment> {
        let mut mine: Vec<&Comment> = comments
            .iter()
            .filter(|c| {
                let first = c.body.as_deref().unwrap_or_default().lines().next();
                first.map(|l| l.trim_end()) == Some(marker)
            })
            .filter(|c| {
                let user = c.user.as_ref();
                match author {
                    Author::Login(login) => user.is_some_and(|u| same_login(&u.login, login)),
                    Author::AnyBot => user.is_some_and(|u| u.kind == "Bot"),
                }
            })
            .collect();
        mine.sort_by_key(|c| c.id);
        mine
    }

    fn create(&self, pr: u64, body: &str) -> Result<Comment, Stop> {
        let url = format!("{}/repos/{}/issues/{pr}/comments", self.base, self.repo);
        self.json(Method::Post, &url, Some(&json!({ "body": body })))
    }

    fn update(&self, id: u64, body: &str) -> Result<Comment, Stop> {
        let url = format!("{}/repos/{}/issues/comments/{id}", self.base, self.repo);
        self.json(Method::Patch, &url, Some(&json!({ "body": body })))
    }

    fn delete(&self, id: u64) -> Result<(), Stop> {
        let url = format!("{}/repos/{}/issues/comments/{id}", self.base, self.repo);
        self.call(Method::Delete, &url, None).map(|_| ())
    }

    fn hide(&self, node_id: &str) -> Result<(), Stop> {
        let query = "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }";
        let body = json!({ "query": query, "variables": { "id": node_id } });
        let reply = self.call(Method::Post, &self.graphql, Some(&body))?;
        let v: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        match v.get("errors").and_then(Value::as_array) {
            Some(errors) if !errors.is_empty() => {
                let message = errors[0]
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("GraphQL error");
                Err(Stop::Refused(format!(
                    "minimizeComment failed: {}",
                    self.client.redact(message)
                )))
            }
            _ => Ok(()),
        }
    }

    /// The PR of a head commit (`workflow_run` from a fork carries no PR list).
    fn pr_of_commit(&self, sha: &str) -> Result<Option<u64>, Stop> {
        let url = format!("{}/repos/{}/commits/{sha}/pulls", self.base, self.repo);
        let reply = self.call(Method::Get, &url, None)?;
        let pulls: Vec<Value> = serde_json::from_str(&reply.body).unwrap_or_default();
        let open = pulls
            .iter()
            .find(|p| p.get("state").and_then(Value::as_str) == Some("open"));
        Ok(open
            .or(pulls.first())
            .and_then(|p| p.get("number"))
            .and_then(Value::as_u64))
    }
}

/// Whose comments count as ours.
enum Author {
    /// This login (with or without the `[bot]` suffix REST adds to app accounts).
    Login(String),
    /// Any `Bot` account: only when the token's login cannot be learned.
    AnyBot,
}

fn same_login(comment_login: &str, ours: &str) -> bool {
    let bare = |l: &str| l.strip_suffix("[bot]").unwrap_or(l).to_ascii_lowercase();
    bare(comment_login) == bare(ours)
}

/// The `message` of an API error reply (GitHub's and GitLab's), else the start of the body,
/// stripped of controls and newlines.
pub(crate) fn github_message(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = v
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| body.chars().take(200).collect());
    crate::report::text::strip_controls(&text).replace('\n', " ")
}

pub(crate) fn outcome(action: CommentAction, body: &str, dry_run: bool) -> CommentOutcome {
    CommentOutcome {
        action,
        url: None,
        id: None,
        reason: None,
        dry_run,
        body: body.to_string(),
    }
}

pub(crate) fn skipped(reason: &str, body: &str) -> CommentOutcome {
    CommentOutcome {
        reason: Some(reason.to_string()),
        ..outcome(CommentAction::Skipped, body, false)
    }
}

fn with_comment(mut o: CommentOutcome, c: &Comment) -> CommentOutcome {
    o.id = Some(c.id);
    o.url = c.html_url.clone();
    o
}

/// Posts or updates the report comment on the pull request the environment describes.
///
/// `body` is the Markdown report (render it with
/// [`crate::report::markdown::COMMENT_BUDGET`]); the marker is prepended here.
pub fn run_comment(
    cfg: &CommentConfig,
    body: &str,
    env: &dyn Env,
) -> Result<CommentOutcome, CommentError> {
    if !valid_key(&cfg.key) {
        return Err(CommentError::Config(format!(
            "invalid comment key {:?}: use letters, digits, `.`, `_` and `-`",
            cfg.key
        )));
    }
    let full = format!("{}\n{body}", marker(&cfg.key));
    if cfg.behavior == Behavior::Off {
        return Ok(skipped("comment is off", &full));
    }
    let event: Option<Value> = match env.var("GITHUB_EVENT_PATH") {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                CommentError::Config(format!("cannot read GITHUB_EVENT_PATH {path}: {e}"))
            })?;
            Some(serde_json::from_str(&text).map_err(|e| {
                CommentError::Config(format!("GITHUB_EVENT_PATH {path} is not JSON: {e}"))
            })?)
        }
        None => None,
    };
    let Some(repo) = event::repo(
        cfg.repo.as_deref(),
        env.var("GITHUB_REPOSITORY"),
        event.as_ref(),
    ) else {
        return Ok(skipped(
            "no repository (set GITHUB_REPOSITORY or --repo)",
            &full,
        ));
    };
    if !event::valid_repo(&repo) {
        return Err(CommentError::Config(format!(
            "invalid repository {repo:?}: expected owner/name"
        )));
    }
    let pr_source = event::pr_source(cfg.pr, event.as_ref(), env.var("GITHUB_REF").as_deref());
    if pr_source == event::PrSource::None {
        return Ok(skipped(
            "not a pull request (no PR number in the event)",
            &full,
        ));
    }
    let token = env.var("GITHUB_TOKEN");
    if token.is_none() && !cfg.dry_run {
        return Ok(skipped("no token (GITHUB_TOKEN is empty)", &full));
    }
    let base = cfg
        .api_url
        .clone()
        .or_else(|| env.var("GITHUB_API_URL"))
        .unwrap_or_else(|| "https://api.github.com".to_string())
        .trim_end_matches('/')
        .to_string();
    let graphql = cfg
        .graphql_url
        .clone()
        .or_else(|| env.var("GITHUB_GRAPHQL_URL"))
        .unwrap_or_else(|| match base.strip_suffix("/api/v3") {
            Some(host) => format!("{host}/api/graphql"),
            None => format!("{base}/graphql"),
        });
    let Some(api_origin) = http::origin(&base) else {
        return Err(CommentError::Config(format!("invalid API URL {base:?}")));
    };
    if http::origin(&graphql).as_deref() != Some(api_origin.as_str()) {
        return Err(CommentError::Config(format!(
            "the GraphQL URL {graphql:?} is not on the API host {api_origin}"
        )));
    }
    if !http::allowed_scheme(&api_origin) {
        return Err(CommentError::Config(format!(
            "refusing plain http:// to {api_origin}: the token would travel unencrypted (use https://; http:// is accepted for loopback only)"
        )));
    }
    let roots = http::root_certs(env.var("SSL_CERT_FILE").as_deref())?;
    let api = Api {
        client: Client::new(
            api_origin,
            token.clone().unwrap_or_default(),
            cfg.retry,
            cfg.use_env_proxy,
            roots,
        ),
        base,
        graphql,
        repo,
    };
    let result = act(&api, cfg, &full, pr_source, token.is_some());
    match result {
        Ok(o) => Ok(o),
        Err(Stop::Refused(reason)) => Ok(CommentOutcome {
            reason: Some(reason),
            ..outcome(CommentAction::Failed, &full, cfg.dry_run)
        }),
        Err(Stop::Error(e)) => Err(e),
    }
}

fn act(
    api: &Api,
    cfg: &CommentConfig,
    full: &str,
    pr_source: event::PrSource,
    have_token: bool,
) -> Result<CommentOutcome, Stop> {
    let pr = match pr_source {
        event::PrSource::Number(n) => n,
        event::PrSource::Commit(sha) if have_token => match api.pr_of_commit(&sha)? {
            Some(n) => n,
            None => return Ok(skipped("no pull request for the head commit", full)),
        },
        _ => {
            return Ok(skipped(
                "not a pull request (no PR number in the event)",
                full,
            ));
        }
    };
    let comments = if have_token && cfg.behavior != Behavior::New {
        api.list(pr)?
    } else {
        Vec::new()
    };
    // Ours: our marker and our author, the configured login or else the token's own; another
    // bot's comment that carries the marker (pasted, or a second tool) is left alone.
    let author = match (&cfg.author, comments.is_empty()) {
        (Some(login), _) => Author::Login(login.clone()),
        (None, true) => Author::AnyBot,
        (None, false) => api.viewer().map_or(Author::AnyBot, Author::Login),
    };
    let mine = api.ours(&comments, &marker(&cfg.key), &author);
    let dry = cfg.dry_run;
    match cfg.behavior {
        Behavior::Off => Ok(skipped("comment is off", full)),
        Behavior::Update => {
            let Some((target, older)) = mine.split_last() else {
                if cfg.clean {
                    return Ok(skipped(
                        "clean pull request and no earlier ecsnet comment: nothing to post",
                        full,
                    ));
                }
                return post(api, pr, full, CommentAction::Created, dry);
            };
            let same = target.body.as_deref() == Some(full);
            if !dry {
                // Leftovers of an earlier race: keep exactly one comment.
                for c in older {
                    api.delete(c.id)?;
                }
            }
            if same {
                return Ok(with_comment(
                    outcome(CommentAction::Unchanged, full, dry),
                    target,
                ));
            }
            if dry {
                return Ok(with_comment(
                    outcome(CommentAction::Updated, full, true),
                    target,
                ));
            }
            let c = api.update(target.id, full)?;
            Ok(with_comment(
                outcome(CommentAction::Updated, full, false),
                &c,
            ))
        }
        Behavior::New => post(api, pr, full, CommentAction::Created, dry),
        Behavior::DeleteAndNew => {
            if !dry {
                for c in &mine {
                    api.delete(c.id)?;
                }
            }
            let action = if mine.is_empty() {
                CommentAction::Created
            } else {
                CommentAction::Recreated
            };
            post(api, pr, full, action, dry)
        }
        Behavior::HideAndNew => {
            if !dry {
                for c in &mine {
                    api.hide(&c.node_id)?;
                }
            }
            let action = if mine.is_empty() {
                CommentAction::Created
            } else {
                CommentAction::HiddenAndCreated
            };
            post(api, pr, full, action, dry)
        }
    }
}

fn post(
    api: &Api,
    pr: u64,
    full: &str,
    action: CommentAction,
    dry: bool,
) -> Result<CommentOutcome, Stop> {
    if dry {
        return Ok(outcome(action, full, true));
    }
    let c = api.create(pr, full)?;
    Ok(with_comment(outcome(action, full, false), &c))
}

/// The base of blob links for the Markdown report,
/// `{GITHUB_SERVER_URL}/{owner}/{repo}/blob/{sha}`, from the pull request's head commit
/// (else `GITHUB_SHA`); `None` outside GitHub Actions.
pub fn blob_base(env: &dyn Env) -> Option<String> {
    let event: Option<Value> = env
        .var("GITHUB_EVENT_PATH")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str(&t).ok());
    let repo = env
        .var("GITHUB_REPOSITORY")
        .filter(|r| event::valid_repo(r))?;
    let sha = event::head_sha(event.as_ref()).or_else(|| {
        env.var("GITHUB_SHA")
            .filter(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    })?;
    let server = env
        .var("GITHUB_SERVER_URL")
        .filter(|s| http::origin(s).as_deref() == Some(s.trim_end_matches('/')))
        .unwrap_or_else(|| "https://github.com".to_string());
    Some(format!(
        "{}/{repo}/blob/{sha}",
        server.trim_end_matches('/')
    ))
}

/// Lines for `$GITHUB_OUTPUT`: `comment-action`, `comment-url`, `comment-id`.
pub fn github_outputs(o: &CommentOutcome) -> String {
    let clean = |s: &str| crate::report::text::strip_controls(s).replace(['\n', '\t'], " ");
    format!(
        "comment-action={}\ncomment-url={}\ncomment-id={}\n",
        o.action.as_str(),
        clean(o.url.as_deref().unwrap_or_default()),
        o.id.map(|i| i.to_string()).unwrap_or_default()
    )
}

/// One human line describing the outcome (for stderr).
pub fn describe(o: &CommentOutcome) -> String {
    let reason = crate::report::text::strip_controls(o.reason.as_deref().unwrap_or_default());
    let verb = if o.dry_run { "would be " } else { "" };
    match o.action {
        CommentAction::Failed => format!("ecsnet: warning: the comment failed: {reason}"),
        CommentAction::Skipped => format!("ecsnet: comment skipped: {reason}"),
        a => format!(
            "ecsnet: comment {verb}{}{}",
            a.as_str(),
            o.url
                .as_deref()
                .map(|u| format!(": {}", crate::report::text::strip_controls(u)))
                .unwrap_or_default()
        ),
    }
}

/// The workflow command for a refused comment: a `::warning`, so the job goes on
/// (github-integration.md §6.2); `None` for every other outcome.
pub fn workflow_warning(o: &CommentOutcome) -> Option<String> {
    (o.action == CommentAction::Failed).then(|| {
        format!(
            "::warning title=ecsnet comment::{}",
            crate::report::github::escape_data(o.reason.as_deref().unwrap_or_default())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_behaviors() {
        assert!(valid_key("default") && valid_key("prod.eu-1_a"));
        assert!(!valid_key("") && !valid_key("a b") && !valid_key("x-->"));
        assert_eq!(Behavior::parse("hide-and-new"), Some(Behavior::HideAndNew));
        assert_eq!(Behavior::parse("delete"), None);
        assert_eq!(marker("k"), "<!-- ecsnet-comment key=k -->");
    }

    #[test]
    fn off_and_missing_context_skip_without_requests() {
        let env: HashMap<String, String> = HashMap::new();
        let off = CommentConfig {
            behavior: Behavior::Off,
            ..CommentConfig::default()
        };
        assert_eq!(
            run_comment(&off, "x", &env).unwrap().action,
            CommentAction::Skipped
        );
        let o = run_comment(&CommentConfig::default(), "x", &env).unwrap();
        assert_eq!(o.action, CommentAction::Skipped);
        assert!(o.reason.unwrap().contains("repository"));
        let env: HashMap<String, String> =
            [("GITHUB_REPOSITORY".to_string(), "a/b".to_string())].into();
        let o = run_comment(&CommentConfig::default(), "x", &env).unwrap();
        assert!(o.reason.unwrap().contains("not a pull request"));
        let with_pr = CommentConfig {
            pr: Some(3),
            ..CommentConfig::default()
        };
        let o = run_comment(&with_pr, "x", &env).unwrap();
        assert!(o.reason.unwrap().contains("no token"));
    }

    #[test]
    fn blob_links_need_repo_and_sha() {
        let mut env: HashMap<String, String> = HashMap::new();
        assert_eq!(blob_base(&env), None);
        env.insert("GITHUB_REPOSITORY".into(), "acme/infra".into());
        env.insert("GITHUB_SHA".into(), "a".repeat(40));
        assert_eq!(
            blob_base(&env).as_deref(),
            Some(format!("https://github.com/acme/infra/blob/{}", "a".repeat(40)).as_str())
        );
        env.insert(
            "GITHUB_SERVER_URL".into(),
            "https://ghe.example.com/".into(),
        );
        assert!(
            blob_base(&env)
                .unwrap()
                .starts_with("https://ghe.example.com/acme/")
        );
        env.insert("GITHUB_SERVER_URL".into(), "javascript:alert(1)".into());
        assert!(blob_base(&env).unwrap().starts_with("https://github.com/"));
    }

    #[test]
    fn outputs_are_single_lines() {
        let o = CommentOutcome {
            action: CommentAction::Created,
            url: Some("https://x/1\nevil=1".to_string()),
            id: Some(1),
            reason: None,
            dry_run: false,
            body: String::new(),
        };
        assert_eq!(
            github_outputs(&o),
            "comment-action=created\ncomment-url=https://x/1 evil=1\ncomment-id=1\n"
        );
    }
}
