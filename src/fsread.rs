//! Every read of a file that a pull request may control goes through here.
//!
//! ecsnet runs on untrusted pull requests and posts what it read into a comment anyone can
//! see, so a read is allowed only when:
//!
//! - the path, symbolic links resolved, stays inside the workspace root ([`Reach::Inside`]),
//!   unless the user named the file on the command line ([`Reach::Named`]);
//! - it is not under `.git/` (where `actions/checkout` keeps its token) for reads inside the
//!   root, nor under `/proc`, `/sys` or `/dev` for any read;
//! - it is a regular file (a FIFO would block forever, a device never ends); a file the user
//!   named may also be a pipe with a writer (`ecsnet <(terraform show -json plan.out)`);
//! - it is at most `limit` bytes (checked while reading: a sparse 6 GB file is never read
//!   whole) and the run's [`Budget`] still has room for it.
//!
//! Errors say what was refused and why; they never carry the file's content.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The most a single Terraform file, tfvars file, `file()`/`templatefile()` target or
/// `ecsnet.toml` may hold.
pub const MAX_SOURCE_FILE: u64 = 16 << 20;
/// The most a plan or state JSON named on the command line (or on stdin) may hold.
pub const MAX_INPUT_FILE: u64 = 2 << 30;
/// The most all reads of one run may add up to, plans excepted.
pub const MAX_RUN_BYTES: u64 = 256 << 20;

/// Where a read may reach.
#[derive(Debug, Clone, Copy)]
pub enum Reach<'a> {
    /// Repository content: must resolve inside this canonical root, and never under `.git/`.
    Inside(&'a Path),
    /// A path the user typed (`--var-file`, `--config`, a plan file): anywhere but the
    /// kernel's pseudo file systems; a pipe is accepted.
    Named,
}

/// Bytes the reads of one run may still take; shared by clones (and threads).
#[derive(Debug, Clone)]
pub struct Budget(Arc<AtomicU64>);

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(MAX_RUN_BYTES)
    }
}

impl Budget {
    /// A budget of `bytes`.
    pub fn new(bytes: u64) -> Budget {
        Budget(Arc::new(AtomicU64::new(bytes)))
    }

    /// Takes `n` bytes; false (nothing taken) when fewer are left.
    fn take(&self, n: u64) -> bool {
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok()
    }
}

/// Why a read was refused or failed. The texts never quote the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing at the path.
    NotFound,
    /// A symbolic link that leads nowhere or into a loop.
    BrokenLink,
    /// Resolves outside the workspace root.
    Outside,
    /// Under `.git/`.
    GitDir,
    /// Under `/proc`, `/sys` or `/dev`.
    System,
    /// A directory, FIFO, socket or device.
    NotRegular(&'static str),
    /// A pipe nobody writes to.
    NoWriter,
    /// Larger than the limit for its kind.
    TooLarge(u64),
    /// The run's budget is spent.
    Budget,
    /// Not UTF-8 text.
    NotUtf8,
    /// Permission denied.
    Denied,
    /// Another I/O error (its kind only).
    Io(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file or directory"),
            ReadError::BrokenLink => {
                f.write_str("a symbolic link that leads nowhere or into a loop")
            }
            ReadError::Outside => f.write_str("it resolves outside the analyzed root"),
            ReadError::GitDir => f.write_str("files under `.git/` are never read"),
            ReadError::System => f.write_str("files under /proc, /sys and /dev are never read"),
            ReadError::NotRegular(what) => write!(f, "not a regular file ({what})"),
            ReadError::NoWriter => f.write_str("a pipe with no writer"),
            ReadError::TooLarge(limit) => write!(f, "larger than {} MiB", limit >> 20),
            ReadError::Budget => write!(
                f,
                "the run has already read {} MiB of files, its limit",
                MAX_RUN_BYTES >> 20
            ),
            ReadError::NotUtf8 => f.write_str("not UTF-8 text"),
            ReadError::Denied => f.write_str("permission denied"),
            ReadError::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// The error of a failed I/O call, by kind.
    pub fn from_io(e: &std::io::Error) -> ReadError {
        io_error(e)
    }
}

fn io_error(e: &std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        std::io::ErrorKind::PermissionDenied => ReadError::Denied,
        // The message of an I/O error names the error, never the content.
        _ => ReadError::Io(e.kind().to_string()),
    }
}

/// Removes `.` and resolves `..` lexically, without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The workspace root that reads of repository content stay in: `root` (`--root`) when
/// given, else the git work tree containing `dir` (found by looking for `.git`; git is never
/// run), else `dir` itself. Canonical where the paths exist.
pub fn workspace_root(dir: &Path, root: Option<&Path>) -> PathBuf {
    let canon = |p: &Path| canonicalize_dir(p).unwrap_or_else(|_| p.to_path_buf());
    match root {
        Some(r) => canon(r),
        None => {
            let base = canon(dir);
            base.ancestors()
                .find(|a| a.join(".git").exists())
                .map_or_else(|| base.clone(), Path::to_path_buf)
        }
    }
}

thread_local! {
    /// Canonical directories, by the path they were named by: a monorepo reads thousands of
    /// files in a few hundred directories, and canonicalising each file costs one `readlink`
    /// per path component.
    static CANONICAL_DIRS: std::cell::RefCell<crate::model::FastMap<PathBuf, PathBuf>> =
        std::cell::RefCell::new(crate::model::FastMap::default());
}

/// `path.canonicalize()`, with the directory's canonical form computed once: a name that is
/// not a symbolic link (nor `.` or `..`) in a directory is that directory's canonical path
/// joined with the name.
pub fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    let fast = || -> Option<PathBuf> {
        let name = path.file_name()?;
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
        if std::fs::symlink_metadata(path)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return None;
        }
        Some(canonical_dir(dir)?.join(name))
    };
    match fast() {
        Some(p) => Ok(p),
        None => path.canonicalize(),
    }
}

/// `dir.canonicalize()` for a directory, from the cache of [`canonical_dir`] (roots, their
/// workspace and settings lookups canonicalize the same directories once per root).
pub fn canonicalize_dir(dir: &Path) -> std::io::Result<PathBuf> {
    match canonical_dir(dir) {
        Some(c) => Ok(c),
        None => dir.canonicalize(),
    }
}

/// The canonical form of directory `dir`, cached. A directory whose last component is a
/// plain name that is not a symbolic link is its parent's canonical form joined with that
/// name, so each directory costs one `lstat` instead of one `readlink` per component;
/// anything else (`..`, `.`, a link, the start of a relative path) is asked of the system.
fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    if let Some(c) = CANONICAL_DIRS.with(|c| c.borrow().get(dir).cloned()) {
        return Some(c);
    }
    let by_parent = || -> Option<PathBuf> {
        let Some(Component::Normal(name)) = dir.components().next_back() else {
            return None;
        };
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty())?;
        let meta = std::fs::symlink_metadata(dir).ok()?;
        if !meta.is_dir() {
            return None;
        }
        Some(canonical_dir(parent)?.join(name))
    };
    let c = match by_parent() {
        Some(c) => c,
        None => dir.canonicalize().ok()?,
    };
    CANONICAL_DIRS.with(|m| m.borrow_mut().insert(dir.to_path_buf(), c.clone()));
    Some(c)
}

/// Checks where `path` leads without reading it: the canonical path a read would open.
pub fn resolve(path: &Path, reach: Reach<'_>) -> Result<PathBuf, ReadError> {
    let canonical = match canonicalize(path) {
        Ok(c) => c,
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
            return Err(if is_link {
                ReadError::BrokenLink
            } else {
                io_error(&e)
            });
        }
    };
    if is_system(&canonical) {
        return Err(ReadError::System);
    }
    if let Reach::Inside(root) = reach {
        let Ok(rest) = canonical.strip_prefix(root) else {
            return Err(ReadError::Outside);
        };
        if under_git(rest) {
            return Err(ReadError::GitDir);
        }
    }
    Ok(canonical)
}

/// True when a path relative to the root passes through a `.git` directory (or file: a
/// worktree's `.git` is a file naming the real one).
pub fn under_git(rel: &Path) -> bool {
    rel.components()
        .any(|c| matches!(c, Component::Normal(n) if n.eq_ignore_ascii_case(".git")))
}

fn is_system(canonical: &Path) -> bool {
    ["/proc", "/sys", "/dev"]
        .iter()
        .any(|p| canonical.starts_with(p))
}

/// Reads at most `limit` bytes of `path` under the rules of `reach`, charged to `budget`.
pub fn read(
    path: &Path,
    reach: Reach<'_>,
    limit: u64,
    budget: &Budget,
) -> Result<Vec<u8>, ReadError> {
    let file = match reach {
        Reach::Inside(_) => open(&resolve(path, reach)?, reach)?,
        // Opened as given: `/dev/fd/63` from `<(…)` canonicalizes to nothing useful.
        Reach::Named => open(path, reach)?,
    };
    let meta = file.metadata().map_err(|e| io_error(&e))?;
    read_opened(file, &meta, path, reach, limit, budget)
}

/// [`read`] of a file already opened under `reach`, with its metadata.
fn read_opened(
    file: File,
    meta: &std::fs::Metadata,
    path: &Path,
    reach: Reach<'_>,
    limit: u64,
    budget: &Budget,
) -> Result<Vec<u8>, ReadError> {
    let bytes = match file_kind(meta) {
        None => {
            // `/proc/self/environ` is a "regular" file of length 0. A file reached inside a
            // root was opened at its canonical path, already checked by `resolve`.
            if matches!(reach, Reach::Named) && canonicalize(path).is_ok_and(|c| is_system(&c)) {
                return Err(ReadError::System);
            }
            if meta.len() > limit {
                return Err(ReadError::TooLarge(limit));
            }
            bounded(&file, limit, meta.len())?
        }
        Some("a pipe") if matches!(reach, Reach::Named) => read_pipe(file, limit)?,
        Some(what) => return Err(ReadError::NotRegular(what)),
    };
    if matches!(reach, Reach::Inside(_)) && !budget.take(bytes.len() as u64) {
        return Err(ReadError::Budget);
    }
    Ok(bytes)
}

/// A file's bytes: mapped into memory when it is a large regular file, else read.
pub enum Bytes {
    /// Mapped ([`map`]).
    Mapped(memmap2::Mmap),
    /// Read into memory.
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// Files at least this large are mapped rather than read: a plan of 100 MB is parsed
/// straight from the page cache instead of first being copied into fresh pages.
pub const MAP_AT_LEAST: u64 = 4 << 20;

/// [`read`] for an input the user named: a regular file of [`MAP_AT_LEAST`] bytes or more
/// is mapped, everything else is read as [`read`] does, with the same refusals and limits.
pub fn map(path: &Path, limit: u64, budget: &Budget) -> Result<Bytes, ReadError> {
    let file = open(path, Reach::Named)?;
    let meta = file.metadata().map_err(|e| io_error(&e))?;
    if file_kind(&meta).is_some() || meta.len() < MAP_AT_LEAST {
        return read_opened(file, &meta, path, Reach::Named, limit, budget).map(Bytes::Owned);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    if canonicalize(path).is_ok_and(|c| is_system(&c)) {
        return Err(ReadError::System);
    }
    // SAFETY: the mapping is only read, and only while the plan is parsed. A file that
    // another process truncates meanwhile would end the run with SIGBUS rather than
    // give wrong results (the trade-off ripgrep makes for the same speed); the inputs are
    // files that `terraform show -json` finished writing before ecsnet started.
    #[allow(unsafe_code)]
    let mapped = unsafe { memmap2::Mmap::map(&file) };
    match mapped {
        Ok(m) => Ok(Bytes::Mapped(m)),
        // Some file systems cannot be mapped: read instead.
        Err(_) => read_opened(file, &meta, path, Reach::Named, limit, budget).map(Bytes::Owned),
    }
}

/// [`read`] as UTF-8 text.
pub fn read_text(
    path: &Path,
    reach: Reach<'_>,
    limit: u64,
    budget: &Budget,
) -> Result<String, ReadError> {
    String::from_utf8(read(path, reach, limit, budget)?).map_err(|_| ReadError::NotUtf8)
}

/// Reads at most `limit` bytes from a stream the user handed over (stdin).
pub fn read_stream(r: &mut dyn Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    r.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| io_error(&e))?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(out)
}

/// Reads at most `limit` bytes; `size` (the file's length) sizes the buffer, so a file is
/// read in one call plus the one that sees its end.
fn bounded(mut file: &File, limit: u64, size: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0) + 1);
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| io_error(&e))?;
    if out.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(out)
}

/// `None` for a regular file, else what it is.
fn file_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a pipe");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Opens without blocking on a FIFO and, inside the root, without following a link
/// swapped in after [`resolve`].
#[cfg(unix)]
fn open(path: &Path, reach: Reach<'_>) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if matches!(reach, Reach::Inside(_)) {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| io_error(&e))
}

#[cfg(not(unix))]
fn open(path: &Path, _: Reach<'_>) -> Result<File, ReadError> {
    File::open(path).map_err(|e| io_error(&e))
}

/// A pipe opened without blocking: no writer reads as end of file at once (never a hang on
/// a FIFO nobody opens); with a writer, the pipe is read to its end, waiting while it is
/// empty.
#[cfg(unix)]
fn read_pipe(mut file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    let mut started = false;
    loop {
        match file.read(&mut buf) {
            Ok(0) if !started => return Err(ReadError::NoWriter),
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() as u64 > limit {
                    return Err(ReadError::TooLarge(limit));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_error(&e)),
        }
        started = true;
    }
    Ok(out)
}

#[cfg(not(unix))]
fn read_pipe(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    bounded(&file, limit, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("ecsnet-fsread-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        p.canonicalize().unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn directories_canonicalize_as_the_system_does() {
        let d = scratch("canon");
        std::fs::create_dir_all(d.join("real/deep/er")).unwrap();
        std::os::unix::fs::symlink(d.join("real"), d.join("link")).unwrap();
        std::os::unix::fs::symlink("real/deep", d.join("rel")).unwrap();
        std::fs::write(d.join("real/deep/f.tf"), "").unwrap();
        for p in [
            "real",
            "real/deep/er",
            "link",
            "link/deep",
            "link/deep/er",
            "rel/er",
            "real/../link/deep",
            "link/deep/..",
            "real/deep/./er",
        ] {
            let p = d.join(p);
            assert_eq!(
                canonicalize_dir(&p).unwrap(),
                p.canonicalize().unwrap(),
                "{p:?}"
            );
            // Asked again (from the cache), and a file in it.
            assert_eq!(
                canonicalize_dir(&p).unwrap(),
                p.canonicalize().unwrap(),
                "{p:?}"
            );
        }
        let f = d.join("link/deep/f.tf");
        assert_eq!(canonicalize(&f).unwrap(), d.join("real/deep/f.tf"));
        assert!(canonicalize_dir(&d.join("missing")).is_err());
        assert!(canonicalize_dir(&d.join("real/deep/f.tf")).is_ok_and(|c| c.is_file()));
    }

    #[test]
    fn inside_outside_git_and_size() {
        let d = scratch("basic");
        let root = d.join("root");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("a.tf"), "x = 1").unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(d.join("secret"), "SECRET").unwrap();
        let b = Budget::default();
        let inside = Reach::Inside(&root);
        assert_eq!(
            read_text(&root.join("a.tf"), inside, 100, &b).unwrap(),
            "x = 1"
        );
        assert_eq!(
            read(&root.join("../secret"), inside, 100, &b),
            Err(ReadError::Outside)
        );
        assert_eq!(
            read(&root.join(".git/config"), inside, 100, &b),
            Err(ReadError::GitDir)
        );
        assert_eq!(
            read(&root.join("a.tf"), inside, 2, &b),
            Err(ReadError::TooLarge(2))
        );
        assert_eq!(
            read(&root.join("nope"), inside, 9, &b),
            Err(ReadError::NotFound)
        );
        assert_eq!(
            read(&root, inside, 9, &b),
            Err(ReadError::NotRegular("a directory"))
        );
        assert!(read(Path::new("/proc/self/environ"), Reach::Named, 9, &b).is_err());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn links_and_pipes() {
        let d = scratch("links");
        std::fs::write(d.join("secret"), "SECRET").unwrap();
        let root = d.join("root");
        std::fs::create_dir_all(&root).unwrap();
        std::os::unix::fs::symlink(d.join("secret"), root.join("out.tfvars")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling.tf")).unwrap();
        std::os::unix::fs::symlink(root.join("loop.tf"), root.join("loop.tf")).unwrap();
        let b = Budget::default();
        let inside = Reach::Inside(&root);
        assert_eq!(
            read(&root.join("out.tfvars"), inside, 99, &b),
            Err(ReadError::Outside)
        );
        assert_eq!(
            read(&root.join("dangling.tf"), inside, 9, &b),
            Err(ReadError::BrokenLink)
        );
        assert_eq!(
            read(&root.join("loop.tf"), inside, 9, &b),
            Err(ReadError::BrokenLink)
        );
        // A FIFO with no writer: refused inside the root, "no writer" when named; never blocks.
        let fifo = root.join("plan.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert_eq!(
            read(&fifo, inside, 9, &b),
            Err(ReadError::NotRegular("a pipe"))
        );
        assert_eq!(read(&fifo, Reach::Named, 9, &b), Err(ReadError::NoWriter));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn budget_is_shared_and_spent() {
        let d = scratch("budget");
        std::fs::write(d.join("a"), "12345").unwrap();
        let b = Budget::new(8);
        let c = b.clone();
        assert!(read(&d.join("a"), Reach::Inside(&d), 9, &b).is_ok());
        assert_eq!(
            read(&d.join("a"), Reach::Inside(&d), 9, &c),
            Err(ReadError::Budget)
        );
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn large_files_are_mapped_small_ones_read() {
        let d = scratch("map");
        let big = d.join("plan.json");
        let text = format!(
            "{{\"format_version\": \"1.2\", \"pad\": \"{}\"}}",
            "x".repeat(MAP_AT_LEAST as usize)
        );
        std::fs::write(&big, &text).unwrap();
        let small = d.join("small.json");
        std::fs::write(&small, "{}").unwrap();
        let b = Budget::default();
        let m = map(&big, MAX_INPUT_FILE, &b).unwrap();
        assert!(matches!(m, Bytes::Mapped(_)));
        assert_eq!(&*m, text.as_bytes());
        assert!(matches!(
            map(&small, MAX_INPUT_FILE, &b).unwrap(),
            Bytes::Owned(_)
        ));
        // The same limits and refusals as `read`.
        assert!(matches!(map(&big, 10, &b), Err(ReadError::TooLarge(10))));
        assert!(matches!(
            map(&d, MAX_INPUT_FILE, &b),
            Err(ReadError::NotRegular(_))
        ));
        assert!(matches!(
            map(&d.join("none"), MAX_INPUT_FILE, &b),
            Err(ReadError::NotFound)
        ));
        let _ = std::fs::remove_dir_all(&d);
    }
}
