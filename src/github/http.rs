//! The REST/GraphQL transport: one blocking `ureq` agent, GitHub's headers, bounded retries,
//! `Link` pagination. The token is sent only to the configured API origin and never appears
//! in an error (github-integration.md §2.2, §6.2).

use super::CommentError;
use std::sync::Arc;
use std::time::{Duration, Instant};
use ureq::Agent;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// No request, its retries and waits included, runs past this: the step never hangs on an
/// API that does not answer.
const DEADLINE: Duration = Duration::from_secs(60);
/// Connecting (DNS and TCP) gives up after this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// One request gives up after this.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// Where trusted root certificates come from, like curl and git: `SSL_CERT_FILE` when set,
/// else the system bundle (which holds a company's own CA), else Mozilla's roots built in.
pub(crate) fn root_certs(ssl_cert_file: Option<&str>) -> Result<RootCerts, CommentError> {
    const SYSTEM: &[&str] = &[
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem",
        "/etc/ssl/cert.pem",
    ];
    let (path, explicit) = match ssl_cert_file.filter(|p| !p.is_empty()) {
        Some(p) => (std::path::PathBuf::from(p), true),
        None => match SYSTEM
            .iter()
            .map(std::path::Path::new)
            .find(|p| p.is_file())
        {
            Some(p) => (p.to_path_buf(), false),
            None => return Ok(RootCerts::WebPki),
        },
    };
    let read = crate::fsread::read(
        &path,
        crate::fsread::Reach::Named,
        crate::fsread::MAX_SOURCE_FILE,
        &crate::fsread::Budget::default(),
    );
    let certs: Vec<Certificate<'static>> = match read {
        Ok(pem) => ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect(),
        Err(e) if explicit => {
            return Err(CommentError::Config(format!(
                "SSL_CERT_FILE {}: {e}",
                path.display()
            )));
        }
        Err(_) => Vec::new(),
    };
    match (certs.is_empty(), explicit) {
        (false, _) => Ok(RootCerts::Specific(Arc::new(certs))),
        (true, true) => Err(CommentError::Config(format!(
            "SSL_CERT_FILE {} holds no PEM certificate",
            path.display()
        ))),
        (true, false) => Ok(RootCerts::WebPki),
    }
}

/// Plain `http://` only to this machine (a test server, a local proxy to the API): a token
/// sent in clear anywhere else could be read on the way.
pub(crate) fn allowed_scheme(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return origin.starts_with("https://");
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => rest.rsplit_once(':').map_or(rest, |(h, _)| h),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How failed requests are retried: 5xx, 429, a rate-limited 403 and transport errors are
/// tried again up to `max_retries` times, waiting `base × 2^n` (or the server's
/// `Retry-After`), never longer than `max_delay`. Tests set `max_delay` to zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Extra attempts after the first.
    pub max_retries: u32,
    /// The first wait.
    pub base: Duration,
    /// The longest wait, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
        }
    }
}

/// HTTP methods the bot uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    pub link: Option<String>,
}

/// An authenticated client for one API origin.
pub(crate) struct Client {
    agent: Agent,
    token: String,
    retry: RetryPolicy,
    /// When every request must have ended ([`DEADLINE`] after the client was made).
    deadline: Instant,
    /// `scheme://host[:port]` of the API: the only origin that receives the token.
    origin: String,
    /// GitLab: the token travels in this header (`PRIVATE-TOKEN`, `JOB-TOKEN`) instead of
    /// GitHub's `Authorization: Bearer`, and GitHub's own headers are left out.
    token_header: Option<&'static str>,
}

/// `scheme://host[:port]` of a URL, or `None` when it is not http(s).
pub(crate) fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The `rel="next"` target of a `Link` header.
pub(crate) fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let target = target.trim();
        (is_next && target.starts_with('<') && target.ends_with('>'))
            .then(|| target[1..target.len() - 1].to_string())
    })
}

impl Client {
    pub(crate) fn new(
        api_origin: String,
        token: String,
        retry: RetryPolicy,
        use_env_proxy: bool,
        roots: RootCerts,
    ) -> Client {
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(CALL_TIMEOUT))
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .user_agent(concat!("ecsnet/", env!("CARGO_PKG_VERSION")));
        if !use_env_proxy {
            config = config.proxy(None);
        }
        Client {
            agent: config.build().new_agent(),
            token,
            retry,
            deadline: Instant::now() + DEADLINE,
            origin: api_origin,
            token_header: None,
        }
    }

    /// The same client, sending the token in `header` (GitLab's API).
    pub(crate) fn with_token_header(mut self, header: &'static str) -> Client {
        self.token_header = Some(header);
        self
    }

    /// Replaces the token wherever it could appear in a message.
    pub(crate) fn redact(&self, s: &str) -> String {
        if self.token.is_empty() {
            s.to_string()
        } else {
            s.replace(&self.token, "***")
        }
    }

    /// Sends one request, retrying as [`RetryPolicy`] says. Non-2xx statuses are returned,
    /// not errors: the caller decides what a 403 means.
    pub(crate) fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
    ) -> Result<Reply, CommentError> {
        if origin(url).as_deref() != Some(self.origin.as_str()) {
            return Err(CommentError::Config(format!(
                "refusing to send the token to {} (API origin is {})",
                origin(url).unwrap_or_else(|| "an invalid URL".to_string()),
                self.origin
            )));
        }
        let mut attempt = 0;
        loop {
            if Instant::now() >= self.deadline {
                return Err(CommentError::Transport(format!(
                    "{} {}: no answer within {} s",
                    method.as_str(),
                    self.redact(url),
                    DEADLINE.as_secs()
                )));
            }
            let outcome = self.send_once(method, url, body);
            let wait = match &outcome {
                Ok((reply, retry_after, rate_limited)) => {
                    let retryable = reply.status >= 500
                        || reply.status == 429
                        || (reply.status == 403 && (*rate_limited || retry_after.is_some()));
                    if !retryable {
                        return outcome.map(|(r, _, _)| r).map_err(|(e, _)| e);
                    }
                    *retry_after
                }
                // A certificate that does not verify will not verify on a retry either.
                Err((e, false)) => return Err(e.clone()),
                Err((_, true)) => None,
            };
            if attempt >= self.retry.max_retries {
                return match outcome {
                    Ok((r, _, _)) => Ok(r),
                    Err((e, _)) => Err(e),
                };
            }
            let backoff = self.retry.base.saturating_mul(2u32.saturating_pow(attempt));
            let left = self.deadline.saturating_duration_since(Instant::now());
            std::thread::sleep(wait.unwrap_or(backoff).min(self.retry.max_delay).min(left));
            attempt += 1;
        }
    }

    /// One attempt: the reply, its `Retry-After`, and whether the rate limit is exhausted.
    fn send_once(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
    ) -> Result<(Reply, Option<Duration>, bool), (CommentError, bool)> {
        let auth = format!("Bearer {}", self.token);
        let with_headers =
            |rb: ureq::RequestBuilder<ureq::typestate::WithoutBody>| match self.token_header {
                Some(h) => rb.header(h, &self.token),
                None => rb
                    .header("Authorization", &auth)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28"),
            };
        let with_headers_body = |rb: ureq::RequestBuilder<ureq::typestate::WithBody>| {
            match self.token_header {
                Some(h) => rb.header(h, &self.token),
                None => rb
                    .header("Authorization", &auth)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28"),
            }
            .header("Content-Type", "application/json")
        };
        let payload = body.unwrap_or_default();
        let result = match method {
            Method::Get => with_headers(self.agent.get(url)).call(),
            Method::Delete => with_headers(self.agent.delete(url)).call(),
            Method::Post => with_headers_body(self.agent.post(url)).send(payload),
            Method::Patch => with_headers_body(self.agent.patch(url)).send(payload),
            Method::Put => with_headers_body(self.agent.put(url)).send(payload),
        };
        let mut resp = result.map_err(|e| {
            let retryable = !matches!(
                e,
                ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_)
            );
            let msg = self.redact(&format!("{} {url}: {e}", method.as_str()));
            (CommentError::Transport(msg), retryable)
        })?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let link = header("link");
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let rate_limited = header("x-ratelimit-remaining").as_deref() == Some("0");
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().map_err(|e| {
            let msg = self.redact(&format!("{} {url}: {e}", method.as_str()));
            (CommentError::Transport(msg), true)
        })?;
        Ok((Reply { status, body, link }, retry_after, rate_limited))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next() {
        let h = "<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=5>; rel=\"last\"";
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2")
        );
        assert_eq!(next_link("<https://x/?page=1>; rel=\"prev\""), None);
        assert_eq!(next_link(""), None);
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "https://api.github.com",
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://[::1]:9",
        ] {
            assert!(allowed_scheme(ok), "{ok}");
        }
        for bad in [
            "http://api.github.com",
            "http://10.0.0.1:80",
            "http://localhost.evil",
        ] {
            assert!(!allowed_scheme(bad), "{bad}");
        }
    }

    #[test]
    fn ssl_cert_file_is_read_or_refused() {
        assert!(matches!(
            root_certs(Some("/nonexistent/ca.pem")),
            Err(CommentError::Config(_))
        ));
        let dir = std::env::temp_dir().join(format!("ecsnet-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "no certificate here").unwrap();
        let e = root_certs(empty.to_str()).unwrap_err().to_string();
        assert!(e.contains("holds no PEM certificate"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin("http://127.0.0.1:8080/api/v3/repos").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin("https://api.github.com").as_deref(),
            Some("https://api.github.com")
        );
        assert_eq!(origin("file:///etc/passwd"), None);
    }
}
