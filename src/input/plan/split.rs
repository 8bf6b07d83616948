//! The top level of a large document parsed by two threads at once, or not at all.
//!
//! `resource_changes` is most of a plan and sits in its middle (Terraform writes
//! `planned_values`, `resource_changes`, `prior_state`, `configuration` in that order), so
//! the document is cut at an entry of `resource_changes` near its middle byte: this thread
//! parses from the start up to the cut, a second thread from the cut to the end. The cut is
//! found by looking for the text of an entry's start (`,{"address":`), which is a guess —
//! the same text could start an object nested in a value, or a resource of
//! `planned_values` — so it is verified: this thread must arrive at exactly that byte
//! between two entries of the top-level `resource_changes`, having parsed everything before
//! it. Every byte is then parsed once, by one of the two, with the grammar the serial parse
//! applies (serde_json for every value, this module only for the top-level punctuation).
//!
//! Whenever anything is off — the guess is not verified, either part is not valid, a key is
//! duplicated, `resource_changes` is not a list — this returns `None` and the caller parses
//! serially, which also words any error. So the result, when there is one, is exactly the
//! serial parse's.

use super::changes::{Changes, Entry};
use super::schema::Top;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Below this size one thread parses faster than two start.
pub(super) const MIN_BYTES: usize = 4 << 20;

/// How many candidate cuts the second thread tries before giving up (each costs the parse
/// of one entry-sized object).
const CANDIDATES: usize = 64;

/// The top level, parsed on two threads; `None` when the serial parse must decide.
pub(super) fn parse_top(text: &str) -> Option<Top<'_>> {
    if text.len() < MIN_BYTES || crate::par::threads() < 2 {
        return None;
    }
    parse_top_cut(text)
}

/// [`parse_top`] at any size.
fn parse_top_cut(text: &str) -> Option<Top<'_>> {
    let cancel = AtomicBool::new(false);
    let (cut_tx, cut_rx) = mpsc::channel();
    std::thread::scope(|s| {
        let tail = s.spawn(|| tail(text, &cut_tx, &cancel));
        // A panicking second thread is a failed guess: the serial parse decides.
        let head = head(text, &cut_rx, &cancel, || tail.join().unwrap_or_default());
        // The second thread ends on its own; a failed head only asks it to stop early.
        cancel.store(true, Ordering::Relaxed);
        head
    })
}

/// What the second thread parsed: the entries from the cut (indices from 0 at the cut) and
/// the top-level members after `resource_changes`.
struct Tail<'a> {
    entries: Vec<(usize, Entry<'a>)>,
    top: Top<'a>,
    seen: Seen,
}

/// Parses the document up to the cut (received from the second thread), then takes the
/// second thread's result via `join`. If the cut turns out not to lie between two entries
/// of `resource_changes`, the second thread is told to stop and this one parses the rest.
fn head<'a>(
    text: &'a str,
    cut: &mpsc::Receiver<Option<usize>>,
    cancel: &AtomicBool,
    join: impl FnOnce() -> Option<Tail<'a>>,
) -> Option<Top<'a>> {
    let mut w = Walk { text, pos: 0 };
    let mut top = Top::default();
    let mut seen = Seen::default();
    if !w.eat(b'{') {
        return None;
    }
    loop {
        let key: TopKey = w.value()?;
        if !w.eat(b':') {
            return None;
        }
        if key == TopKey::ResourceChanges {
            if !seen.insert(key) || !w.eat(b'[') {
                return None;
            }
            // Blocks only until the second thread has chosen its cut (one entry's parse).
            let mut at = cut.recv().ok().flatten();
            let mut list = Vec::new();
            let mut count = 0;
            if !w.eat(b']') {
                loop {
                    w.skip_ws();
                    match at {
                        Some(a) if w.pos == a => {
                            return merge(top, seen, list, count, join()?);
                        }
                        Some(a) if w.pos > a => {
                            at = None;
                            cancel.store(true, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                    if !w.entry(&mut list, &mut count)? {
                        break;
                    }
                }
            }
            // The cut was not between two entries of this list: the guess failed, and
            // this thread reads on alone.
            cancel.store(true, Ordering::Relaxed);
            top.resource_changes = Some(Changes::List(list));
        } else {
            member(&mut w, key, &mut top, &mut seen)?;
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
    (w.pos == text.len()).then_some(top)
}

/// Joins the head's entries and members with the tail's.
fn merge<'a>(
    mut top: Top<'a>,
    seen: Seen,
    mut list: Vec<(usize, Entry<'a>)>,
    count: usize,
    tail: Tail<'a>,
) -> Option<Top<'a>> {
    if seen.0 & tail.seen.0 != 0 {
        return None;
    }
    list.extend(tail.entries.into_iter().map(|(i, e)| (i + count, e)));
    let Top {
        format_version,
        planned_values,
        resource_changes: _,
        configuration,
        values,
    } = tail.top;
    top.format_version = top.format_version.or(format_version);
    top.planned_values = top.planned_values.or(planned_values);
    top.configuration = top.configuration.or(configuration);
    top.values = top.values.or(values);
    top.resource_changes = Some(Changes::List(list));
    Some(top)
}

/// Chooses the cut (sending it, or `None`, to the head at once), then parses from it to the
/// end of the document.
fn tail<'a>(
    text: &'a str,
    cut: &mpsc::Sender<Option<usize>>,
    cancel: &AtomicBool,
) -> Option<Tail<'a>> {
    let Some(at) = choose_cut(text) else {
        let _ = cut.send(None);
        return None;
    };
    let _ = cut.send(Some(at));
    let mut w = Walk { text, pos: at };
    let mut entries = Vec::new();
    let mut count = 0;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if !w.entry(&mut entries, &mut count)? {
            break;
        }
    }
    let mut top = Top::default();
    let mut seen = Seen::default();
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
        member(&mut w, key, &mut top, &mut seen)?;
    }
    w.skip_ws();
    (w.pos == text.len()).then_some(Tail { entries, top, seen })
}

/// The first place after the middle of the document that starts an object whose first key
/// is `address`, which follows a comma and parses as a resource change (it has a `type` and
/// a `change`); `None` if the first few candidates are not.
fn choose_cut(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = text.len() / 2;
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

    fn same_as_serde(text: &str) {
        let serial: Top<'_> = serde_json::from_str(text).unwrap();
        let split = parse_top_cut(text).expect("the split parse gives a result");
        assert_eq!(summary(&split), summary(&serial));
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
        assert!(choose_cut(&text).is_some());
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
        assert!(choose_cut(&text).is_some_and(|c| c < text.find("resource_changes").unwrap()));
        same_as_serde(&text);
        // And after the list: a cut in `prior_state`.
        let text = plan("{}", &entries, &format!(r#", "prior_state": {planned}"#));
        same_as_serde(&text);
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
        assert!(choose_cut(&text).is_some());
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
            assert!(parse_top_cut(&text).is_none(), "{after}");
        }
        let text = plan("{}", &entries, "")
            .replace("\"resource_changes\": [", "\"resource_changes\": {\"a\": [");
        assert!(parse_top_cut(&text).is_none());
    }
}
