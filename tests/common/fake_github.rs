//! A fake GitHub on 127.0.0.1 for the comment bot: the REST issue-comment endpoints with
//! `Link` pagination, `commits/{sha}/pulls`, and GraphQL `minimizeComment`, served under a
//! GHES-style `/api/v3` prefix. It records every request and can inject failures.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use tiny_http::{Header, Response, Server};

/// A comment as the fake stores it.
#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub id: u64,
    pub node_id: String,
    pub body: String,
    pub login: String,
    pub kind: String,
    pub minimized: bool,
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub method: String,
    pub url: String,
    pub body: String,
    pub authorization: Option<String>,
}

/// The fake's state; tests edit it directly.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub comments: Vec<Comment>,
    pub requests: Vec<Recorded>,
    pub next_id: u64,
    /// Comments per page (GitHub's is the `per_page` asked for; tests use small pages).
    pub page_size: usize,
    /// Statuses answered to the next requests, whatever they are.
    pub faults: VecDeque<u16>,
    /// Answer 403 "Resource not accessible by integration" to every write (fork PRs).
    pub forbid_writes: bool,
    /// The login GraphQL `viewer` answers (`github-actions` for the workflow's token).
    pub viewer: String,
}

/// The running fake.
pub(crate) struct FakeGitHub {
    pub state: Arc<Mutex<State>>,
    /// `http://127.0.0.1:PORT/api/v3`.
    pub api_url: String,
    /// `http://127.0.0.1:PORT/api/graphql`.
    pub graphql_url: String,
    server: Arc<Server>,
    handle: Option<JoinHandle<()>>,
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl FakeGitHub {
    /// Starts the fake on an ephemeral port.
    pub(crate) fn start() -> FakeGitHub {
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let origin = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(State {
            next_id: 1000,
            page_size: 100,
            viewer: "github-actions".to_string(),
            ..State::default()
        }));
        let (s2, st2, o2) = (server.clone(), state.clone(), origin.clone());
        let handle = std::thread::spawn(move || {
            while let Ok(mut req) = s2.recv() {
                let mut body = String::new();
                let _ = req.as_reader().read_to_string(&mut body);
                let authorization = req
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Authorization"))
                    .map(|h| h.value.to_string());
                let method = req.method().to_string();
                let url = req.url().to_string();
                let (status, reply, link) = {
                    let mut st = st2.lock().unwrap();
                    st.requests.push(Recorded {
                        method: method.clone(),
                        url: url.clone(),
                        body: body.clone(),
                        authorization,
                    });
                    handle(&mut st, &o2, &method, &url, &body)
                };
                let text = if status == 204 {
                    String::new()
                } else {
                    reply.to_string()
                };
                let mut resp = Response::from_string(text)
                    .with_status_code(status)
                    .with_header(
                        Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).unwrap(),
                    );
                if let Some(l) = link {
                    resp =
                        resp.with_header(Header::from_bytes(&b"Link"[..], l.as_bytes()).unwrap());
                }
                let _ = req.respond(resp);
            }
        });
        FakeGitHub {
            state,
            api_url: format!("{origin}/api/v3"),
            graphql_url: format!("{origin}/api/graphql"),
            server,
            handle: Some(handle),
        }
    }

    /// Adds an existing comment; returns its id.
    pub(crate) fn add_comment(&self, body: &str, login: &str, kind: &str) -> u64 {
        let mut st = self.state.lock().unwrap();
        st.next_id += 1;
        let id = st.next_id;
        st.comments.push(Comment {
            id,
            node_id: format!("IC_node{id}"),
            body: body.to_string(),
            login: login.to_string(),
            kind: kind.to_string(),
            minimized: false,
        });
        id
    }

    /// A copy of the comments.
    pub(crate) fn comments(&self) -> Vec<Comment> {
        self.state.lock().unwrap().comments.clone()
    }

    /// A copy of the recorded requests.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Forgets the recorded requests.
    pub(crate) fn clear_requests(&self) {
        self.state.lock().unwrap().requests.clear();
    }

    /// Requests that write (anything but GET and the GraphQL `viewer` query).
    pub(crate) fn writes(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET" && !r.body.contains("viewer"))
            .collect()
    }
}

fn comment_json(c: &Comment) -> Value {
    json!({
        "id": c.id,
        "node_id": c.node_id,
        "body": c.body,
        "html_url": format!("https://github.com/acme/infra/pull/7#issuecomment-{}", c.id),
        "user": {"login": c.login, "type": c.kind},
    })
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn handle(
    st: &mut State,
    origin: &str,
    method: &str,
    url: &str,
    body: &str,
) -> (u16, Value, Option<String>) {
    if let Some(code) = st.faults.pop_front() {
        return (code, json!({"message": format!("injected {code}")}), None);
    }
    let viewer_query = method == "POST" && url.ends_with("/graphql") && body.contains("viewer");
    if st.forbid_writes && method != "GET" && !viewer_query {
        return (
            403,
            json!({"message": "Resource not accessible by integration"}),
            None,
        );
    }
    let path = url.split('?').next().unwrap_or_default();
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segs.as_slice()) {
        // The token's own login, as GitHub answers for the workflow's token.
        ("POST", ["api", "graphql"]) if body.contains("viewer") => (
            200,
            json!({"data": {"viewer": {"login": st.viewer.clone()}}}),
            None,
        ),
        ("POST", ["api", "graphql"]) => {
            let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
            let id = v["variables"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            match st.comments.iter_mut().find(|c| c.node_id == id) {
                Some(c) => {
                    c.minimized = true;
                    (
                        200,
                        json!({"data": {"minimizeComment": {"minimizedComment": {"isMinimized": true}}}}),
                        None,
                    )
                }
                None => (
                    200,
                    json!({"errors": [{"message": format!("Could not resolve to a node with the global id of '{id}'")}]}),
                    None,
                ),
            }
        }
        (
            "GET",
            [
                "api",
                "v3",
                "repos",
                "acme",
                "infra",
                "issues",
                "7",
                "comments",
            ],
        ) => {
            let page: usize = query_param(url, "page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let size = st.page_size.max(1);
            let items: Vec<Value> = st
                .comments
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .map(comment_json)
                .collect();
            let link = (page * size < st.comments.len()).then(|| {
                format!(
                    "<{origin}/api/v3/repos/acme/infra/issues/7/comments?per_page=100&page={}>; rel=\"next\"",
                    page + 1
                )
            });
            (200, Value::Array(items), link)
        }
        (
            "POST",
            [
                "api",
                "v3",
                "repos",
                "acme",
                "infra",
                "issues",
                "7",
                "comments",
            ],
        ) => {
            let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
            st.next_id += 1;
            let c = Comment {
                id: st.next_id,
                node_id: format!("IC_node{}", st.next_id),
                body: v["body"].as_str().unwrap_or_default().to_string(),
                login: "github-actions[bot]".to_string(),
                kind: "Bot".to_string(),
                minimized: false,
            };
            let j = comment_json(&c);
            st.comments.push(c);
            (201, j, None)
        }
        (
            m,
            [
                "api",
                "v3",
                "repos",
                "acme",
                "infra",
                "issues",
                "comments",
                id,
            ],
        ) => {
            let id: u64 = id.parse().unwrap_or(0);
            let Some(pos) = st.comments.iter().position(|c| c.id == id) else {
                return (404, json!({"message": "Not Found"}), None);
            };
            match m {
                "PATCH" => {
                    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                    st.comments[pos].body = v["body"].as_str().unwrap_or_default().to_string();
                    (200, comment_json(&st.comments[pos]), None)
                }
                "DELETE" => {
                    st.comments.remove(pos);
                    (204, Value::String(String::new()), None)
                }
                _ => (405, json!({"message": "method"}), None),
            }
        }
        (
            "GET",
            [
                "api",
                "v3",
                "repos",
                "acme",
                "infra",
                "commits",
                _sha,
                "pulls",
            ],
        ) => (
            200,
            json!([{"number": 8, "state": "closed"}, {"number": 7, "state": "open"}]),
            None,
        ),
        _ => (404, json!({"message": "Not Found"}), None),
    }
}
