//! The merge-request note bot (`ecsnet comment gitlab`): the GitHub bot's protocol on GitLab's
//! notes API. One note per key, found by the same hidden first line
//! (`<!-- ecsnet-comment key=KEY -->`) and, when the token's user is known, by its author;
//! `update` edits it (or creates it; nothing on a clean merge request with no note yet),
//! `new` posts every run, `delete-and-new` deletes ours then posts, `off` does nothing.
//!
//! Settings come from GitLab CI's variables: `CI_API_V4_URL`, `CI_PROJECT_ID`,
//! `CI_MERGE_REQUEST_IID`; the token is `GITLAB_TOKEN` (a project or personal access token
//! with `api` scope, sent as `PRIVATE-TOKEN`), else `CI_JOB_TOKEN` (sent as `JOB-TOKEN`; GitLab
//! lets job tokens write notes only where the instance allows it). A refusal (401/403/404) is
//! the outcome `failed` with a warning, never a failed job.

mod cli;

pub use cli::{GitlabArgs, comment_command};

use crate::github::http::{self, Client, Method, RetryPolicy, next_link};
use crate::github::{
    Behavior, CommentAction, CommentError, CommentOutcome, Env, MAX_PAGES, marker, outcome,
    skipped, valid_key,
};
use serde::Deserialize;
use serde_json::json;

/// Settings of one run of the GitLab bot.
#[derive(Debug, Clone)]
pub struct NoteConfig {
    /// What to do with earlier notes (`hide-and-new` has no GitLab equivalent).
    pub behavior: Behavior,
    /// Tells several reports on one merge request apart.
    pub key: String,
    /// Project id or URL-encoded path; else `CI_PROJECT_ID`.
    pub project: Option<String>,
    /// Merge-request IID; else `CI_MERGE_REQUEST_IID`.
    pub mr: Option<u64>,
    /// API v4 base; else `CI_API_V4_URL`.
    pub api_url: Option<String>,
    /// Only notes by this username are ours; else the token user's (when it can be asked).
    pub author: Option<String>,
    /// Decide and write nothing.
    pub dry_run: bool,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// The report shows nothing: `update` posts no new note.
    pub clean: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct Note {
    id: u64,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    system: bool,
    #[serde(default)]
    author: Option<NoteAuthor>,
}

#[derive(Debug, Clone, Deserialize)]
struct NoteAuthor {
    #[serde(default)]
    username: String,
}

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
    notes: String,
    base: String,
}

impl Api {
    fn call(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<http::Reply, Stop> {
        let payload = body.map(serde_json::Value::to_string);
        let reply = self.client.send(method, url, payload.as_deref())?;
        let what = format!("{method:?} {}", url.trim_start_matches(&self.base));
        let message = || {
            self.client
                .redact(&crate::github::github_message(&reply.body))
        };
        match reply.status {
            200..=299 => Ok(reply),
            401 | 403 | 404 => Err(Stop::Refused(format!(
                "GitLab answered {} to {what}: {} (the token needs the api scope; a job token may not write notes on this instance)",
                reply.status,
                message()
            ))),
            status => Err(Stop::Error(CommentError::Http {
                status,
                what,
                message: message(),
            })),
        }
    }

    fn list(&self) -> Result<Vec<Note>, Stop> {
        let mut url = format!("{}?per_page=100&sort=asc&order_by=created_at", self.notes);
        let mut all = Vec::new();
        for _ in 0..MAX_PAGES {
            let reply = self.call(Method::Get, &url, None)?;
            let page: Vec<Note> = serde_json::from_str(&reply.body)
                .map_err(|_| Stop::Error(CommentError::Payload("the note list".to_string())))?;
            all.extend(page);
            match reply.link.as_deref().and_then(next_link) {
                Some(next) => url = next,
                None => return Ok(all),
            }
        }
        Err(Stop::Error(CommentError::Payload(format!(
            "the note list: more than {MAX_PAGES} pages"
        ))))
    }

    fn user(&self) -> Option<String> {
        let reply = self
            .call(Method::Get, &format!("{}/user", self.base), None)
            .ok()?;
        let v: serde_json::Value = serde_json::from_str(&reply.body).ok()?;
        v.get("username")
            .and_then(serde_json::Value::as_str)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    }

    fn create(&self, body: &str) -> Result<Note, Stop> {
        self.note(Method::Post, &self.notes, body)
    }

    fn update(&self, id: u64, body: &str) -> Result<Note, Stop> {
        self.note(Method::Put, &format!("{}/{id}", self.notes), body)
    }

    fn note(&self, method: Method, url: &str, body: &str) -> Result<Note, Stop> {
        let reply = self.call(method, url, Some(&json!({ "body": body })))?;
        serde_json::from_str(&reply.body)
            .map_err(|_| Stop::Error(CommentError::Payload(format!("{method:?} note"))))
    }

    fn delete(&self, id: u64) -> Result<(), Stop> {
        self.call(Method::Delete, &format!("{}/{id}", self.notes), None)
            .map(|_| ())
    }
}

fn with_note(mut o: CommentOutcome, n: &Note) -> CommentOutcome {
    o.id = Some(n.id);
    o
}

/// Posts or updates the note. Skips (never fails) outside a merge-request pipeline or
/// without a token.
pub fn run_note(
    cfg: &NoteConfig,
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
    if cfg.behavior == Behavior::HideAndNew {
        return Err(CommentError::Config(
            "hide-and-new has no GitLab equivalent; use update, new or delete-and-new".into(),
        ));
    }
    let Some(project) = cfg.project.clone().or_else(|| env.var("CI_PROJECT_ID")) else {
        return Ok(skipped(
            "no project (set CI_PROJECT_ID or --project)",
            &full,
        ));
    };
    if !project
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'%' | b'-' | b'_' | b'.'))
    {
        return Err(CommentError::Config(format!(
            "invalid project {project:?}: a numeric id or a URL-encoded path"
        )));
    }
    let Some(mr) = cfg
        .mr
        .or_else(|| env.var("CI_MERGE_REQUEST_IID").and_then(|v| v.parse().ok()))
    else {
        return Ok(skipped(
            "not a merge-request pipeline (no CI_MERGE_REQUEST_IID)",
            &full,
        ));
    };
    let (token, header) = match (env.var("GITLAB_TOKEN"), env.var("CI_JOB_TOKEN")) {
        (Some(t), _) => (t, "PRIVATE-TOKEN"),
        (None, Some(t)) => (t, "JOB-TOKEN"),
        (None, None) if cfg.dry_run => (String::new(), "PRIVATE-TOKEN"),
        (None, None) => {
            return Ok(skipped(
                "no token (GITLAB_TOKEN and CI_JOB_TOKEN are empty)",
                &full,
            ));
        }
    };
    let base = cfg
        .api_url
        .clone()
        .or_else(|| env.var("CI_API_V4_URL"))
        .unwrap_or_else(|| "https://gitlab.com/api/v4".to_string())
        .trim_end_matches('/')
        .to_string();
    let Some(origin) = http::origin(&base) else {
        return Err(CommentError::Config(format!("invalid API URL {base:?}")));
    };
    if !http::allowed_scheme(&origin) {
        return Err(CommentError::Config(format!(
            "refusing plain http:// to {origin}: the token would travel unencrypted (use https://; http:// is accepted for loopback only)"
        )));
    }
    let roots = http::root_certs(env.var("SSL_CERT_FILE").as_deref())?;
    let api = Api {
        client: Client::new(origin, token.clone(), cfg.retry, true, roots)
            .with_token_header(header),
        notes: format!("{base}/projects/{project}/merge_requests/{mr}/notes"),
        base,
    };
    match act(&api, cfg, &full, !token.is_empty(), header) {
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
    cfg: &NoteConfig,
    full: &str,
    have_token: bool,
    header: &str,
) -> Result<CommentOutcome, Stop> {
    let notes = if have_token && cfg.behavior != Behavior::New {
        api.list()?
    } else {
        Vec::new()
    };
    // Ours: the marker first, not a system note, and our author when it is known (a user who
    // pastes the marker cannot redirect the bot). A job token cannot ask who it is.
    let author = cfg.author.clone().or_else(|| {
        (header == "PRIVATE-TOKEN" && have_token && !notes.is_empty())
            .then(|| api.user())
            .flatten()
    });
    let marker_line = marker(&cfg.key);
    let mine: Vec<&Note> = notes
        .iter()
        .filter(|n| !n.system)
        .filter(|n| {
            n.body
                .as_deref()
                .is_some_and(|b| b.lines().next() == Some(marker_line.as_str()))
        })
        .filter(|n| match (&author, &n.author) {
            (Some(a), Some(na)) => na.username.eq_ignore_ascii_case(a),
            (Some(_), None) => false,
            (None, _) => true,
        })
        .collect();
    let dry = cfg.dry_run;
    let post = |action: CommentAction| -> Result<CommentOutcome, Stop> {
        if dry {
            return Ok(outcome(action, full, true));
        }
        let n = api.create(full)?;
        Ok(with_note(outcome(action, full, false), &n))
    };
    match cfg.behavior {
        Behavior::Update => {
            let Some((target, older)) = mine.split_last() else {
                if cfg.clean {
                    return Ok(skipped(
                        "clean merge request and no earlier ecsnet note: nothing to post",
                        full,
                    ));
                }
                return post(CommentAction::Created);
            };
            if !dry {
                for n in older {
                    api.delete(n.id)?;
                }
            }
            if target.body.as_deref() == Some(full) {
                return Ok(with_note(
                    outcome(CommentAction::Unchanged, full, dry),
                    target,
                ));
            }
            if dry {
                return Ok(with_note(
                    outcome(CommentAction::Updated, full, true),
                    target,
                ));
            }
            let n = api.update(target.id, full)?;
            Ok(with_note(outcome(CommentAction::Updated, full, false), &n))
        }
        Behavior::New => post(CommentAction::Created),
        Behavior::DeleteAndNew => {
            if !dry {
                for n in &mine {
                    api.delete(n.id)?;
                }
            }
            post(if mine.is_empty() {
                CommentAction::Created
            } else {
                CommentAction::Recreated
            })
        }
        Behavior::HideAndNew | Behavior::Off => Ok(skipped("comment is off", full)),
    }
}
