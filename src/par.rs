//! Work shared by the cores, with a result that never depends on how it was shared.
//!
//! A CI runner has two to four cores and ecsnet runs once per pull request, so the only
//! parallelism worth having is "split an ordered list of independent items into one
//! contiguous chunk per core" ([`map`]) and "run two independent computations at once"
//! ([`join`]): no pool, no work stealing, scoped threads that end before the call returns. Results come back in item order, so a report is byte-identical whether it
//! was computed on one core or eight. Below `min_items` (or on one core) everything runs on
//! the calling thread: a thread costs tens of microseconds to start.

use std::num::NonZeroUsize;

/// The cores ecsnet may use: `ECSNET_THREADS` when it is a positive number (a CI job that
/// shares its runner, or a benchmark pinning one core), else what the system offers.
/// Read once per process.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("ECSNET_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<NonZeroUsize>().ok())
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    })
}

/// The `min_items` for work per service or task definition (facts, scaling, report records,
/// a few microseconds each): below this many per thread, another thread costs more than it
/// saves.
pub const PER_RESOURCE: usize = 256;

/// `items.iter().map(f).collect()`, in item order, on up to [`threads`] threads when there
/// are at least `min_items` items. `f` must not depend on which thread runs it.
///
/// A chunk whose thread panics is computed again on the calling thread, so a panic in `f`
/// surfaces exactly as it would serially (and the threads never swallow it).
pub fn map<T, R, F>(items: &[T], min_items: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let n = threads().min(items.len() / min_items.max(1)).max(1);
    if n == 1 {
        return items.iter().map(&f).collect();
    }
    let size = items.len().div_ceil(n);
    let f = &f;
    std::thread::scope(|s| {
        let mut chunks = items.chunks(size);
        let first = chunks.next().unwrap_or(&[]);
        let others: Vec<_> = chunks
            .map(|c| (c, s.spawn(move || c.iter().map(f).collect::<Vec<R>>())))
            .collect();
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        for (chunk, handle) in others {
            match handle.join() {
                Ok(part) => out.extend(part),
                Err(_) => out.extend(chunk.iter().map(f)),
            }
        }
        out
    })
}

/// `(a(), b())`, with `b` on another thread when there are cores to spare and `parallel`
/// holds (the work is worth a thread). A panic in either surfaces on the caller, as it
/// would serially (`b`'s is resumed once `a` has returned).
pub fn join<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if !parallel || threads() < 2 {
        let ra = a();
        return (ra, b());
    }
    std::thread::scope(|s| {
        let hb = s.spawn(b);
        let ra = a();
        match hb.join() {
            Ok(rb) => (ra, rb),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_item_order_however_the_items_are_split() {
        let items: Vec<u32> = (0..10_001).collect();
        let serial: Vec<u64> = items.iter().map(|x| u64::from(*x) * 3).collect();
        for min in [1, 2, 7, 100, 10_001, 20_000] {
            assert_eq!(map(&items, min, |x| u64::from(*x) * 3), serial, "min {min}");
        }
        assert!(map(&[] as &[u32], 1, |x| *x).is_empty());
    }

    #[test]
    fn join_gives_both_results_and_surfaces_a_panic() {
        for parallel in [false, true] {
            assert_eq!(join(parallel, || 1, || "b"), (1, "b"));
            let got = std::panic::catch_unwind(|| join(parallel, || 1, || panic!("in b")));
            let panic = got.expect_err("the panic is not swallowed");
            assert_eq!(panic.downcast_ref::<&str>(), Some(&"in b"));
        }
    }

    #[test]
    fn a_panic_in_any_chunk_surfaces_as_it_would_on_one_thread() {
        let items: Vec<u32> = (0..1_000).collect();
        for bad in [3, 999] {
            let got = std::panic::catch_unwind(|| {
                map(&items, 1, |x| {
                    assert_ne!(*x, bad, "item {bad}");
                    *x
                })
            });
            let panic = got.expect_err("the panic is not swallowed");
            let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
            assert!(message.contains(&format!("item {bad}")), "{message}");
        }
    }
}
