//! The top level of a large document parsed in pieces on all cores at once, or not at all.
//!
//! `resource_changes` is most of a plan and sits in its middle (Terraform writes
//! `planned_values`, `resource_changes`, `prior_state`, `configuration` in that order), so
//! the document is cut at entries of `resource_changes`: the first piece runs from the start
//! to the first cut, each next piece from one cut to the next, the last from the last cut to
//! the end, and the cores take pieces in turn until none is left (so the pieces need not be
//! of equal cost: skipping `planned_values` is cheaper per byte than splitting entries, and
//! a real plan's `prior_state` comes after the list). A cut is found by looking for the
//! text of an entry's start (`,{"address":`), which is a guess — the same text could start
//! an object nested in a value, or a resource of `planned_values` — so each is verified:
//! the piece before it must arrive at exactly that byte between two entries of the
//! top-level `resource_changes`, having parsed everything before it (the first piece starts
//! at the start of the document, so by induction every cut is checked). Every byte is then
//! parsed once, by one piece, with the grammar the serial parse applies (serde_json for
//! every value, this module only for the top-level punctuation).
//!
//! Whenever anything is off — a cut is not verified, a piece is not valid, a key is
//! duplicated, `resource_changes` is not a list — this returns `None` and the caller parses
//! serially, which also words any error. So the result, when there is one, is exactly the
//! serial parse's. (When the first piece finds its cut is not between entries, it reads on
//! alone to the end instead, as fast as the serial parse.)

use super::changes::{Changes, Entry};
use super::schema::Top;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Below this size one thread parses faster than two start.
pub(super) const MIN_BYTES: usize = 4 << 20;

/// Pieces per core: enough that the last piece taken is small next to the whole, so the
/// cores finish close together.
const PIECES_PER_THREAD: usize = 8;

/// How many candidate cuts are tried from each starting point before giving up on it (each
/// costs the parse of one entry-sized object).
const CANDIDATES: usize = 64;

/// The top level, parsed on all cores; `None` when the serial parse must decide.
pub(super) fn parse_top(text: &str) -> Option<Top<'_>> {
    let threads = crate::par::threads();
    if text.len() < MIN_BYTES || threads < 2 {
        return None;
    }
    parse_top_cut(text, threads, threads * PIECES_PER_THREAD)
}

/// [`parse_top`] at any size, on `threads` threads, in up to `pieces` pieces.
fn parse_top_cut(text: &str, threads: usize, pieces: usize) -> Option<Top<'_>> {
    let cuts = choose_cuts(text, pieces);
    if cuts.is_empty() {
        return None;
    }
    let n = cuts.len() + 1;
    let next = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n || cancel.load(Ordering::Relaxed) {
                return done;
            }
            let piece = if i == 0 {
                head(text, cuts[0], &cancel)
            } else if i == n - 1 {
                tail(text, cuts[i - 1], &cancel).map(Piece::Tail)
            } else {
                middle(text, cuts[i - 1], cuts[i], &cancel).map(Piece::Middle)
            };
            match piece {
                // The first piece read the whole document: nothing else is needed.
                Some(Piece::Whole(_)) => cancel.store(true, Ordering::Relaxed),
                Some(_) => {}
                None => {
                    cancel.store(true, Ordering::Relaxed);
                    return Vec::new();
                }
            }
            done.push((i, piece));
        }
    };
    let mut all: Vec<(usize, Option<Piece<'_>>)> = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads.min(n)).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for t in others {
            // A panicking thread is a failed guess: the serial parse decides.
            all.extend(t.join().unwrap_or_default());
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    let mut pieces = all.into_iter();
    let (mut top, seen, mut list, mut count) = match pieces.next()? {
        (_, Some(Piece::Whole(top))) => return Some(top),
        (0, Some(Piece::Head(h))) => (h.top, h.seen, h.list, h.count),
        _ => return None,
    };
    // Every piece must be there, in order, each starting where the one before ended.
    for (expect, (i, piece)) in (1..).zip(pieces) {
        match piece {
            Some(Piece::Middle(m)) if i == expect && i < n - 1 => {
                list.extend(m.list.into_iter().map(|(i, e)| (i + count, e)));
                count += m.count;
            }
            Some(Piece::Tail(t)) if i == expect && i == n - 1 => {
                if seen.0 & t.seen.0 != 0 {
                    return None;
                }
                list.extend(t.list.into_iter().map(|(i, e)| (i + count, e)));
                let Top {
                    format_version,
                    planned_values,
                    resource_changes: _,
                    configuration,
                    values,
                } = t.top;
                top.format_version = top.format_version.or(format_version);
                top.planned_values = top.planned_values.or(planned_values);
                top.configuration = top.configuration.or(configuration);
                top.values = top.values.or(values);
                top.resource_changes = Some(Changes::List(list));
                return Some(top);
            }
            _ => return None,
        }
    }
    None
}

/// What one piece parsed.
enum Piece<'a> {
    /// The first piece, up to the first cut.
    Head(Part<'a>),
    /// The first piece, which found its cut was not between entries and read the whole
    /// document.
    Whole(Top<'a>),
    /// Entries between two cuts.
    Middle(Part<'a>),
    /// Entries from the last cut, and the top-level members after `resource_changes`.
    Tail(Part<'a>),
}

/// The entries of a piece (indices from 0 at its start) and the top-level members it read.
#[derive(Default)]
struct Part<'a> {
    list: Vec<(usize, Entry<'a>)>,
    count: usize,
    top: Top<'a>,
    seen: Seen,
}

/// Parses the document from its start up to the cut `at`, which must be between two
/// entries of `resource_changes`; if it is not, reads on alone to the end.
fn head<'a>(text: &'a str, at: usize, cancel: &AtomicBool) -> Option<Piece<'a>> {
    let mut w = Walk { text, pos: 0 };
    let mut p = Part::default();
    if !w.eat(b'{') {
        return None;
    }
    loop {
        let key: TopKey = w.value()?;
        if !w.eat(b':') {
            return None;
        }
        if key == TopKey::ResourceChanges {
            if !p.seen.insert(key) || !w.eat(b'[') {
                return None;
            }
            let mut at = Some(at);
            if !w.eat(b']') {
                loop {
                    w.skip_ws();
                    match at {
                        Some(a) if w.pos == a => return Some(Piece::Head(p)),
                        Some(a) if w.pos > a => {
                            // The cut was not between two entries of this list: the guess
                            // failed, and this piece reads on alone.
                            at = None;
                            cancel.store(true, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                    if !w.entry(&mut p.list, &mut p.count)? {
                        break;
                    }
                }
            }
            cancel.store(true, Ordering::Relaxed);
            p.top.resource_changes = Some(Changes::List(std::mem::take(&mut p.list)));
        } else {
            member(&mut w, key, &mut p.top, &mut p.seen)?;
        }
        if w.eat(b',') {
            continue;
        }
        if w.eat(b'}') {
            break;
        }
        return None;
    }
    w.skip_ws();
    (w.pos == text.len()).then_some(Piece::Whole(p.top))
}

/// Parses the entries from cut `from` up to cut `to`, which must be between two entries.
fn middle<'a>(text: &'a str, from: usize, to: usize, cancel: &AtomicBool) -> Option<Part<'a>> {
    let mut w = Walk { text, pos: from };
    let mut p = Part::default();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        w.skip_ws();
        if w.pos == to {
            return Some(p);
        }
        if w.pos > to || !w.entry(&mut p.list, &mut p.count)? {
            return None;
        }
    }
}

/// Parses the entries from the last cut to the end of the list, then the top-level members
/// after it to the end of the document.
fn tail<'a>(text: &'a str, from: usize, cancel: &AtomicBool) -> Option<Part<'a>> {
    let mut w = Walk { text, pos: from };
    let mut p = Part::default();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if !w.entry(&mut p.list, &mut p.count)? {
            break;
        }
    }
    loop {
        if w.eat(b'}') {
            break;
        }
        if !w.eat(b',') {
            return None;
        }
        let key: TopKey = w.value()?;
        if !w.eat(b':') || key == TopKey::ResourceChanges {
            return None;
        }
        member(&mut w, key, &mut p.top, &mut p.seen)?;
    }
    w.skip_ws();
    (w.pos == text.len()).then_some(p)
}

/// Candidate cuts at about `1/pieces`, `2/pieces`, … of the document (each checked by the
/// piece before it), ascending and distinct; starting points inside `planned_values` find
/// none.
fn choose_cuts(text: &str, pieces: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let from = text.len() / pieces * k;
        let from = from.max(cuts.last().map_or(0, |c| c + 1));
        if let Some(c) = choose_cut(text, from) {
            cuts.push(c);
        }
    }
    cuts.dedup();
    cuts
}

/// The first place from `from` on that starts an object whose first key is `address`,
/// which follows a comma and parses as a resource change (it has a `type` and a `change`);
/// `None` if the first few candidates are not.
fn choose_cut(text: &str, mut from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while !text.is_char_boundary(from) {
        from += 1;
    }
    for _ in 0..CANDIDATES {
        let found = from + text.get(from..)?.find("\"address\"")?;
        from = found + 1;
        let Some(open) = before_ws(bytes, found).filter(|&o| bytes[o] == b'{') else {
            continue;
        };
        if before_ws(bytes, open).is_none_or(|c| bytes[c] != b',') {
            continue;
        }
        let mut w = Walk { text, pos: open };
        if w.value::<Entry<'_>>().is_some_and(|e| e.is_change()) {
            return Some(open);
        }
    }
    None
}

/// The index of the last non-whitespace byte before `at`.
fn before_ws(bytes: &[u8], at: usize) -> Option<usize> {
    bytes[..at]
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
}

/// Reads one top-level member's value (its key already read) into `top`, as the serial
/// parse would: known keys borrowed unparsed, others skipped; a duplicate fails.
fn member<'a>(w: &mut Walk<'a>, key: TopKey, top: &mut Top<'a>, seen: &mut Seen) -> Option<()> {
    if !seen.insert(key) {
        return None;
    }
    let slot = match key {
        TopKey::FormatVersion => &mut top.format_version,
        TopKey::PlannedValues => &mut top.planned_values,
        TopKey::Configuration => &mut top.configuration,
        TopKey::Values => &mut top.values,
        TopKey::ResourceChanges => return None,
        TopKey::Other => {
            w.value::<de::IgnoredAny>()?;
            return Some(());
        }
    };
    let raw: &'a RawValue = w.value()?;
    // `null` reads as absent, as `Option` does in the serial parse.
    *slot = (raw.get() != "null").then_some(raw);
    Some(())
}

/// A position in the document, moved over its top-level punctuation.
struct Walk<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Walk<'a> {
    fn skip_ws(&mut self) {
        let rest = &self.text.as_bytes()[self.pos..];
        self.pos += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            .unwrap_or(rest.len());
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// One entry of `resource_changes` and the `,` or `]` after it: kept in `list` (with
    /// its index `count`) when it may matter, as the serial parse keeps it. `Some(true)`
    /// when another entry follows, `Some(false)` at the end of the list.
    fn entry(&mut self, list: &mut Vec<(usize, Entry<'a>)>, count: &mut usize) -> Option<bool> {
        let entry: Entry<'a> = self.value()?;
        if entry.may_matter() {
            list.push((*count, entry));
        }
        *count += 1;
        if self.eat(b',') {
            return Some(true);
        }
        self.eat(b']').then_some(false)
    }

    /// One JSON value at the position, parsed by serde_json.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        self.skip_ws();
        let mut stream = serde_json::Deserializer::from_str(self.text.get(self.pos..)?).into_iter();
        let value = stream.next()?.ok()?;
        self.pos += stream.byte_offset();
        Some(value)
    }
}

/// The top-level keys [`Top`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TopKey {
    FormatVersion,
    PlannedValues,
    ResourceChanges,
    Configuration,
    Values,
    Other,
}

/// Which keys were met (a bit per [`TopKey`] other than `Other`).
#[derive(Default)]
struct Seen(u8);

impl Seen {
    /// False if `key` was met before (serde refuses a duplicate field).
    fn insert(&mut self, key: TopKey) -> bool {
        let bit = match key {
            TopKey::Other => return true,
            k => 1 << (k as u8),
        };
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TopKeyVisitor)
    }
}

struct TopKeyVisitor;

impl Visitor<'_> for TopKeyVisitor {
    type Value = TopKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TopKey, E> {
        Ok(match v {
            "format_version" => TopKey::FormatVersion,
            "planned_values" => TopKey::PlannedValues,
            "resource_changes" => TopKey::ResourceChanges,
            "configuration" => TopKey::Configuration,
            "values" => TopKey::Values,
            _ => TopKey::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a parse found, to compare the split parse with serde's.
    fn summary(top: &Top<'_>) -> String {
        let raw = |r: Option<&RawValue>| r.map_or("-".to_string(), |r| r.get().to_string());
        let entries = match &top.resource_changes {
            None => "none".to_string(),
            Some(Changes::NotAList) => "not a list".to_string(),
            Some(Changes::List(l)) => l
                .iter()
                .map(|(i, e)| match e.resource_change() {
                    Ok(rc) => format!("{i}:{}", rc.address),
                    Err(e) => format!("{i}:!{}", e.message),
                })
                .collect::<Vec<_>>()
                .join(","),
        };
        format!(
            "{} {} {} {} [{entries}]",
            raw(top.format_version),
            raw(top.planned_values),
            raw(top.configuration),
            raw(top.values)
        )
    }

    fn entry(i: usize, rtype: &str) -> String {
        format!(
            r#"{{"address": "{rtype}.r{i}", "mode": "managed", "type": "{rtype}", "name": "r{i}", "change": {{"actions": ["create"], "after": {{"n": {i}}}}}}}"#
        )
    }

    fn plan(planned: &str, entries: &[String], after: &str) -> String {
        format!(
            r#"{{"format_version": "1.2", "planned_values": {planned}, "resource_changes": [{}]{after}}}"#,
            entries.join(", ")
        )
    }

    /// The split parse, in two pieces and in many on several threads, gives the serial
    /// parse's result.
    fn same_as_serde(text: &str) {
        let serial: Top<'_> = serde_json::from_str(text).unwrap();
        for (threads, pieces) in [(2, 2), (2, 16), (3, 7), (4, 64)] {
            let split =
                parse_top_cut(text, threads, pieces).expect("the split parse gives a result");
            assert_eq!(
                summary(&split),
                summary(&serial),
                "{threads} threads, {pieces} pieces"
            );
        }
    }

    fn middle_cut(text: &str) -> Option<usize> {
        choose_cut(text, text.len() / 2)
    }

    #[test]
    fn a_cut_in_resource_changes_gives_the_serial_result() {
        let entries: Vec<String> = (0..400)
            .map(|i| {
                entry(
                    i,
                    if i % 3 == 0 {
                        "aws_ecs_service"
                    } else {
                        "aws_s3_bucket"
                    },
                )
            })
            .collect();
        let text = plan("{}", &entries, r#", "configuration": {"root_module": {}}"#);
        assert!(middle_cut(&text).is_some());
        same_as_serde(&text);
    }

    #[test]
    fn a_cut_that_is_not_between_entries_leaves_the_head_to_read_on_alone() {
        // The middle of the document is in `planned_values`, inside an object that looks
        // like an entry: the guess is made there and fails its check.
        let fake: Vec<String> = (0..200).map(|i| entry(i, "aws_ecs_service")).collect();
        let planned = format!(r#"{{"x": [{}]}}"#, fake.join(", "));
        let entries = vec![entry(1, "aws_ecs_service"), entry(2, "aws_ecs_service")];
        let text = plan(&planned, &entries, "");
        assert!(middle_cut(&text).is_some_and(|c| c < text.find("resource_changes").unwrap()));
        same_as_serde(&text);
        // And after the list: a cut in `prior_state`.
        let text = plan("{}", &entries, &format!(r#", "prior_state": {planned}"#));
        same_as_serde(&text);
    }

    #[test]
    fn a_cut_inside_an_entry_is_caught_by_the_piece_before_it() {
        // Every entry holds a list of objects that look like entries, so most cuts are
        // guessed inside an entry's value: the piece before each must overshoot it, and the
        // result is the serial parse's or none at all, never a different one.
        let fakes: Vec<String> = (0..20).map(|i| entry(i, "aws_ecs_service")).collect();
        let entries: Vec<String> = (0..300)
            .map(|i| {
                let fake = if i % 2 == 0 {
                    format!(", {}", fakes.join(", "))
                } else {
                    String::new()
                };
                entry(i, "aws_ecs_service").replace(
                    r#""change": {"#,
                    &format!(r#""nested": [{{}}{fake}], "change": {{"#),
                )
            })
            .collect();
        let text = plan("{}", &entries, r#", "configuration": {}"#);
        let serial: Top<'_> = serde_json::from_str(&text).unwrap();
        let mut inside = 0;
        for pieces in [2, 3, 5, 16, 64] {
            let cuts = choose_cuts(&text, pieces);
            let starts: Vec<usize> = (0..300)
                .map(|i| text.find(&format!(r#"{{"address": "aws_ecs_service.r{i}", "mode": "managed", "type": "aws_ecs_service", "name": "r{i}", "nested""#)).unwrap())
                .collect();
            for &c in cuts.iter().filter(|c| !starts.contains(c)) {
                inside += 1;
                // Checked directly: the piece before a cut inside an entry never ends there.
                let no = AtomicBool::new(false);
                assert!(middle(&text, starts[0], c, &no).is_none());
                assert!(matches!(head(&text, c, &no), Some(Piece::Whole(_))));
            }
            if let Some(split) = parse_top_cut(&text, 2, pieces) {
                assert_eq!(summary(&split), summary(&serial), "{pieces} pieces");
            }
        }
        assert!(inside > 0, "no cut was guessed inside an entry");
    }

    #[test]
    fn the_middle_may_fall_inside_a_character() {
        let entries: Vec<String> = (0..400).map(|i| entry(i, "aws_ecs_service")).collect();
        let planned = format!(r#"{{"s": "{}"}}"#, "é".repeat(40_000));
        let mut text = plan(&planned, &entries, "");
        if text.is_char_boundary(text.len() / 2) {
            text.insert(0, ' ');
        }
        assert!(!text.is_char_boundary(text.len() / 2));
        assert!(middle_cut(&text).is_some());
        same_as_serde(&text);
    }

    #[test]
    fn anything_the_serial_parse_might_word_differently_is_left_to_it() {
        let entries: Vec<String> = (0..400).map(|i| entry(i, "aws_ecs_service")).collect();
        for after in [
            r#", "format_version": "1.2""#,
            r#", "resource_changes": []"#,
            r#", "configuration": {"#,
            r#"} trailing"#,
        ] {
            let text = plan("{}", &entries, after);
            for pieces in [2, 16] {
                assert!(parse_top_cut(&text, 2, pieces).is_none(), "{after}");
            }
        }
        let text = plan("{}", &entries, "")
            .replace("\"resource_changes\": [", "\"resource_changes\": {\"a\": [");
        assert!(parse_top_cut(&text, 2, 2).is_none());
        assert!(parse_top_cut(&text, 2, 16).is_none());
    }
}
