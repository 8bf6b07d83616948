//! Which pull request and repository a run is about, from flags, the event payload
//! (`GITHUB_EVENT_PATH`) and `GITHUB_REPOSITORY`/`GITHUB_REF`, in the order of
//! github-integration.md §2.3.

use serde_json::Value;

/// Where the pull-request number comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PrSource {
    /// Known.
    Number(u64),
    /// A `workflow_run` whose `pull_requests` is empty (fork PRs): look the PR up by the
    /// head commit.
    Commit(String),
    /// Not a pull-request event (push, schedule).
    None,
}

/// Resolves the PR number: flag, payload, then `GITHUB_REF` (`refs/pull/<n>/merge`).
pub(crate) fn pr_source(
    flag: Option<u64>,
    event: Option<&Value>,
    git_ref: Option<&str>,
) -> PrSource {
    if let Some(n) = flag {
        return PrSource::Number(n);
    }
    if let Some(ev) = event {
        if let Some(n) = ev.pointer("/pull_request/number").and_then(Value::as_u64) {
            return PrSource::Number(n);
        }
        if ev.pointer("/issue/pull_request").is_some()
            && let Some(n) = ev.pointer("/issue/number").and_then(Value::as_u64)
        {
            return PrSource::Number(n);
        }
        if let Some(run) = ev.get("workflow_run") {
            if let Some(n) = run
                .pointer("/pull_requests/0/number")
                .and_then(Value::as_u64)
            {
                return PrSource::Number(n);
            }
            if let Some(sha) = run.get("head_sha").and_then(Value::as_str)
                && is_sha(sha)
            {
                return PrSource::Commit(sha.to_string());
            }
        }
    }
    if let Some(n) = git_ref
        .and_then(|r| r.strip_prefix("refs/pull/"))
        .and_then(|r| r.strip_suffix("/merge"))
        .and_then(|n| n.parse().ok())
    {
        return PrSource::Number(n);
    }
    PrSource::None
}

/// The head commit of the pull request, for blob links.
pub(crate) fn head_sha(event: Option<&Value>) -> Option<String> {
    let ev = event?;
    ["/pull_request/head/sha", "/workflow_run/head_sha"]
        .iter()
        .find_map(|p| ev.pointer(p).and_then(Value::as_str))
        .filter(|s| is_sha(s))
        .map(str::to_string)
}

fn is_sha(s: &str) -> bool {
    (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `owner/name`, checked so it can go into a URL path unescaped.
pub(crate) fn valid_repo(repo: &str) -> bool {
    let mut parts = repo.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| {
            !p.is_empty()
                && p != "."
                && p != ".."
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// The repository: flag, `GITHUB_REPOSITORY`, then the payload's `repository.full_name`.
pub(crate) fn repo(
    flag: Option<&str>,
    env: Option<String>,
    event: Option<&Value>,
) -> Option<String> {
    flag.map(str::to_string).or(env).or_else(|| {
        event?
            .pointer("/repository/full_name")
            .and_then(Value::as_str)
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn order_of_sources() {
        let pr = json!({"number": 5, "pull_request": {"number": 5, "head": {"sha": "abcdef1"}}});
        assert_eq!(pr_source(Some(9), Some(&pr), None), PrSource::Number(9));
        assert_eq!(pr_source(None, Some(&pr), None), PrSource::Number(5));
        let issue_comment = json!({"issue": {"number": 6, "pull_request": {"url": "x"}}});
        assert_eq!(
            pr_source(None, Some(&issue_comment), None),
            PrSource::Number(6)
        );
        let plain_issue = json!({"issue": {"number": 6}});
        assert_eq!(pr_source(None, Some(&plain_issue), None), PrSource::None);
        let run =
            json!({"workflow_run": {"pull_requests": [{"number": 7}], "head_sha": "abcdef1"}});
        assert_eq!(pr_source(None, Some(&run), None), PrSource::Number(7));
        let fork_run = json!({"workflow_run": {"pull_requests": [], "head_sha": "abcdef1234"}});
        assert_eq!(
            pr_source(None, Some(&fork_run), None),
            PrSource::Commit("abcdef1234".to_string())
        );
        let bad_sha = json!({"workflow_run": {"pull_requests": [], "head_sha": "../../x"}});
        assert_eq!(pr_source(None, Some(&bad_sha), None), PrSource::None);
        assert_eq!(
            pr_source(None, None, Some("refs/pull/12/merge")),
            PrSource::Number(12)
        );
        let push = json!({"ref": "refs/heads/main"});
        assert_eq!(
            pr_source(None, Some(&push), Some("refs/heads/main")),
            PrSource::None
        );
        assert_eq!(head_sha(Some(&pr)).as_deref(), Some("abcdef1"));
    }

    #[test]
    fn repositories() {
        assert!(valid_repo("acme/infra.tf"));
        assert!(!valid_repo("acme/../x"));
        assert!(!valid_repo("acme"));
        assert!(!valid_repo("acme/x/y"));
        assert!(!valid_repo("acme/x?y"));
        let ev = json!({"repository": {"full_name": "a/b"}});
        assert_eq!(repo(None, None, Some(&ev)).as_deref(), Some("a/b"));
        assert_eq!(
            repo(None, Some("c/d".into()), Some(&ev)).as_deref(),
            Some("c/d")
        );
        assert_eq!(
            repo(Some("e/f"), Some("c/d".into()), None).as_deref(),
            Some("e/f")
        );
    }
}
