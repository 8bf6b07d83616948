//! `ecsnet comment gitlab` against a stand-in GitLab on 127.0.0.1: the notes API with `Link`
//! pagination and `GET /user`, recording each request's token header.

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Response, Server};

#[derive(Debug, Clone)]
struct Note {
    id: u64,
    body: String,
    username: String,
    system: bool,
}

#[derive(Debug, Default)]
struct State {
    notes: Vec<Note>,
    /// (method, url, PRIVATE-TOKEN or JOB-TOKEN value)
    requests: Vec<(String, String, Option<String>)>,
    next_id: u64,
    page_size: usize,
    forbid_writes: bool,
}

struct Fake {
    state: Arc<Mutex<State>>,
    api: String,
    server: Arc<Server>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

const NOTES: &str = "/api/v4/projects/42/merge_requests/7/notes";

fn start() -> Fake {
    let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let state = Arc::new(Mutex::new(State {
        next_id: 500,
        page_size: 100,
        ..State::default()
    }));
    let (s2, st2, o2) = (server.clone(), state.clone(), origin.clone());
    std::thread::spawn(move || {
        while let Ok(mut req) = s2.recv() {
            let mut body = String::new();
            let _ = req.as_reader().read_to_string(&mut body);
            let token = req
                .headers()
                .iter()
                .find(|h| h.field.equiv("PRIVATE-TOKEN") || h.field.equiv("JOB-TOKEN"))
                .map(|h| format!("{}: {}", h.field.to_string().to_ascii_uppercase(), h.value));
            let method = req.method().to_string();
            let url = req.url().to_string();
            let (status, reply, link) = {
                let mut st = st2.lock().unwrap();
                st.requests.push((method.clone(), url.clone(), token));
                handle(&mut st, &o2, &method, &url, &body)
            };
            let mut resp = Response::from_string(reply.to_string())
                .with_status_code(status)
                .with_header(
                    Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).unwrap(),
                );
            if let Some(l) = link {
                resp = resp.with_header(Header::from_bytes(&b"Link"[..], l.as_bytes()).unwrap());
            }
            let _ = req.respond(resp);
        }
    });
    Fake {
        state,
        api: format!("{origin}/api/v4"),
        server,
    }
}

fn note_json(n: &Note) -> Value {
    json!({"id": n.id, "body": n.body, "system": n.system, "author": {"username": n.username}})
}

fn handle(
    st: &mut State,
    origin: &str,
    method: &str,
    url: &str,
    body: &str,
) -> (u16, Value, Option<String>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == "/api/v4/user" {
        return (200, json!({"username": "project_42_bot"}), None);
    }
    let writes = method != "GET";
    if writes && st.forbid_writes {
        return (403, json!({"message": "403 Forbidden"}), None);
    }
    let text = || {
        serde_json::from_str::<Value>(body).unwrap()["body"]
            .as_str()
            .unwrap()
            .to_string()
    };
    if path == NOTES && method == "GET" {
        let page: usize = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let size = st.page_size;
        let items: Vec<Value> = st
            .notes
            .iter()
            .skip((page - 1) * size)
            .take(size)
            .map(note_json)
            .collect();
        let link = (st.notes.len() > page * size).then(|| {
            format!(
                "<{origin}{NOTES}?per_page={size}&page={}>; rel=\"next\"",
                page + 1
            )
        });
        return (200, Value::Array(items), link);
    }
    if path == NOTES && method == "POST" {
        st.next_id += 1;
        let n = Note {
            id: st.next_id,
            body: text(),
            username: "project_42_bot".into(),
            system: false,
        };
        st.notes.push(n.clone());
        return (201, note_json(&n), None);
    }
    if let Some(id) = path
        .strip_prefix(&format!("{NOTES}/"))
        .and_then(|i| i.parse::<u64>().ok())
    {
        let Some(pos) = st.notes.iter().position(|n| n.id == id) else {
            return (404, json!({"message": "404 Not found"}), None);
        };
        return match method {
            "PUT" => {
                st.notes[pos].body = text();
                (200, note_json(&st.notes[pos]), None)
            }
            "DELETE" => {
                st.notes.remove(pos);
                (204, Value::Null, None)
            }
            _ => (405, Value::Null, None),
        };
    }
    (404, json!({"message": "404 Not found"}), None)
}

/// Runs `ecsnet comment gitlab ARGS` in GitLab CI's environment.
fn bot(f: &Fake, args: &[&str], token: (&str, &str)) -> (i32, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    c.arg("comment")
        .arg("gitlab")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CI_API_V4_URL", &f.api)
        .env("CI_PROJECT_ID", "42")
        .env("CI_MERGE_REQUEST_IID", "7")
        .env_remove("GITLAB_TOKEN")
        .env_remove("CI_JOB_TOKEN")
        .env(token.0, token.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    drop(child.stdin.as_ref().map(|mut s| s.write_all(b"")));
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

const PAT: (&str, &str) = ("GITLAB_TOKEN", "glpat-secret");
const DIRTY: &str = "testdata/rules/ECS401-missing-network-configuration/bad";

#[test]
fn create_update_unchanged_and_the_token_header() {
    let f = start();
    let (code, err) = bot(&f, &[DIRTY], PAT);
    assert_eq!(code, 1, "the report's exit code: {err}");
    assert!(err.contains("created"), "{err}");
    let notes = f.state.lock().unwrap().notes.clone();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]
            .body
            .starts_with("<!-- ecsnet-comment key=default -->\n### 🔴")
    );
    // Same report: nothing written.
    let (_, err) = bot(&f, &[DIRTY], PAT);
    assert!(err.contains("unchanged"), "{err}");
    // Fixed: the same note says clean now.
    let (code, err) = bot(&f, &[DIRTY, "--ignore", "ECS401"], PAT);
    assert_eq!(code, 0);
    assert!(err.contains("updated"), "{err}");
    let st = f.state.lock().unwrap();
    assert_eq!(st.notes.len(), 1);
    assert!(st.notes[0].body.contains("✅ ecsnet: no findings"));
    // The personal/project token travels as PRIVATE-TOKEN, never in a URL or a message.
    assert!(
        st.requests
            .iter()
            .all(|r| r.2.as_deref() == Some("PRIVATE-TOKEN: glpat-secret"))
    );
    assert!(st.requests.iter().all(|r| !r.1.contains("glpat")));
    assert!(!err.contains("glpat"));
}

#[test]
fn a_clean_merge_request_gets_no_note_and_job_tokens_are_used() {
    let f = start();
    let (code, err) = bot(
        &f,
        &[DIRTY, "--ignore", "ECS401"],
        ("CI_JOB_TOKEN", "job-tok"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped"), "{err}");
    let st = f.state.lock().unwrap();
    assert!(st.notes.is_empty());
    assert!(
        st.requests
            .iter()
            .all(|r| r.2.as_deref() == Some("JOB-TOKEN: job-tok"))
    );
}

#[test]
fn pagination_ownership_and_delete_and_new() {
    let f = start();
    {
        let mut st = f.state.lock().unwrap();
        st.page_size = 2;
        for (i, (body, user, system)) in [
            ("hello", "alice", false),
            (
                "<!-- ecsnet-comment key=default -->\npasted by a user",
                "mallory",
                false,
            ),
            ("changed the description", "alice", true),
            (
                "<!-- ecsnet-comment key=other -->\nanother key",
                "project_42_bot",
                false,
            ),
            (
                "<!-- ecsnet-comment key=default -->\nold report",
                "project_42_bot",
                false,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            st.notes.push(Note {
                id: 10 + i as u64,
                body: body.into(),
                username: user.into(),
                system,
            });
        }
    }
    // Our note is on page 3; the user's pasted marker is not ours.
    let (_, err) = bot(&f, &[DIRTY, "--fail-on", "never"], PAT);
    assert!(err.contains("updated"), "{err}");
    {
        let st = f.state.lock().unwrap();
        let ours = st.notes.iter().find(|n| n.id == 14).unwrap();
        assert!(ours.body.contains("ECS401"), "{}", ours.body);
        assert_eq!(
            st.notes[1].body,
            "<!-- ecsnet-comment key=default -->\npasted by a user"
        );
        assert!(st.requests.iter().any(|r| r.1.contains("page=3")));
    }
    let (_, err) = bot(
        &f,
        &[DIRTY, "--fail-on", "never", "--behavior", "delete-and-new"],
        PAT,
    );
    assert!(err.contains("recreated"), "{err}");
    let st = f.state.lock().unwrap();
    assert!(st.notes.iter().all(|n| n.id != 14));
    assert_eq!(st.notes.len(), 5);
    assert_eq!(
        st.notes.iter().filter(|n| n.username == "mallory").count(),
        1
    );
}

#[test]
fn a_refusal_warns_and_keeps_the_verdict() {
    let f = start();
    f.state.lock().unwrap().forbid_writes = true;
    let (code, err) = bot(&f, &[DIRTY, "--fail-on", "never"], PAT);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("failed") && err.contains("403"), "{err}");
    // Outside a merge-request pipeline: skipped, nothing sent.
    let mut c = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    let o = c
        .args(["comment", "gitlab", "--fail-on", "never", DIRTY])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CI_API_V4_URL", &f.api)
        .env("CI_PROJECT_ID", "42")
        .env_remove("CI_MERGE_REQUEST_IID")
        .env("GITLAB_TOKEN", "x")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a merge-request pipeline"));
    // hide-and-new has no GitLab equivalent: a usage error.
    let (code, _) = bot(&f, &[DIRTY, "--behavior", "hide-and-new"], PAT);
    assert_eq!(code, 2);
}

/// A proxy that records the first line of each request and refuses it.
fn proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    std::thread::spawn(move || {
        for conn in l.incoming().flatten() {
            let mut r = BufReader::new(conn.try_clone().unwrap());
            let mut line = String::new();
            let _ = r.read_line(&mut line);
            s2.lock().unwrap().push(line.trim_end().to_string());
            let mut c = conn;
            let _ = c.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (url, seen)
}

#[test]
fn https_proxy_and_no_proxy_are_honoured() {
    let (url, seen) = proxy();
    let run = |no_proxy: &str| {
        Command::new(env!("CARGO_BIN_EXE_ecsnet"))
            .args(["comment", "gitlab", "--fail-on", "never", DIRTY])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CI_API_V4_URL", "https://gitlab.internal.test/api/v4")
            .env("CI_PROJECT_ID", "42")
            .env("CI_MERGE_REQUEST_IID", "7")
            .env("GITLAB_TOKEN", "glpat-secret")
            .env("HTTPS_PROXY", &url)
            .env("NO_PROXY", no_proxy)
            .output()
            .unwrap()
    };
    let o = run("localhost");
    assert_eq!(
        o.status.code(),
        Some(2),
        "no answer through the proxy is an error"
    );
    let lines = seen.lock().unwrap().clone();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("CONNECT gitlab.internal.test:443")),
        "{lines:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains("glpat")),
        "the token never reaches the proxy"
    );
    seen.lock().unwrap().clear();
    // An exact host, or a leading dot for every subdomain, bypasses the proxy.
    for no_proxy in ["gitlab.internal.test", ".internal.test"] {
        seen.lock().unwrap().clear();
        let o = run(no_proxy);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            seen.lock().unwrap().is_empty(),
            "NO_PROXY={no_proxy} bypasses the proxy"
        );
    }
}
