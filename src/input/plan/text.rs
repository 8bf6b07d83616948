//! Bytes to text, and byte offsets to the 1-based line:column positions findings carry.

pub(super) use crate::input::lines::LineIndex;
use crate::model::Location;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The first bytes of a zip archive: `terraform plan -out` writes one, which users often pass
/// instead of the `terraform show -json` output.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Why bytes are not usable JSON text, with the position of the problem when there is one.
#[derive(Debug)]
pub(super) struct TextError {
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// 1-based (line, column) of the problem.
    pub position: Option<(u32, u32)>,
}

/// Decodes input bytes as UTF-8 text. A UTF-8 byte-order mark is dropped and UTF-16 with a
/// byte-order mark is accepted, because PowerShell's `>` redirection writes
/// `terraform show -json` output as UTF-16.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, TextError> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Err(TextError {
            message: "this is a binary plan file (a zip archive); \
                      pass the output of `terraform show -json PLANFILE` instead"
                .into(),
            position: None,
        });
    }
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(utf8(rest)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(utf16(rest, u16::from_be_bytes)?)
    } else {
        Cow::Borrowed(utf8(bytes)?)
    };
    if text.trim().is_empty() {
        return Err(TextError {
            message: "the input is empty".into(),
            position: None,
        });
    }
    Ok(text)
}

/// Below this size one thread checks the text faster than a second one starts.
const CHECK_IN_HALVES: usize = 4 << 20;

fn utf8(bytes: &[u8]) -> Result<&str, TextError> {
    // The whole document is checked before it is parsed: with SIMD that is a few
    // milliseconds for a 100 MB plan instead of about 25 (std's check, one byte class at a
    // time). Only on failure does std's check run, for the position of the bad byte.
    if bytes.len() < CHECK_IN_HALVES || crate::par::threads() < 2 {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            return Ok(text);
        }
    } else if valid_in_halves(bytes) {
        // SAFETY: `valid_in_halves` checked both halves of `bytes` as UTF-8, cut at a
        // character boundary; two sequences of whole characters make one.
        #[allow(unsafe_code)]
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        // The prefix is valid UTF-8 by construction; position the error after it.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        TextError {
            message: format!(
                "the input is not UTF-8 text (invalid byte 0x{:02X} at byte offset {})",
                bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                e.valid_up_to()
            ),
            position: Some(position_at(prefix, prefix.len())),
        }
    })
}

/// True when `bytes` is UTF-8, checked in two halves on two cores at once. A mapped plan's
/// pages are first touched here, and the kernel maps them on both cores in parallel: the
/// check was the one serial pass over a 100 MB document (about 12 ms, two thirds of it page
/// faults). The cut is moved past continuation bytes (`10xxxxxx`), so in a valid document
/// it falls between two characters; in an invalid one, one half or the other is invalid.
fn valid_in_halves(bytes: &[u8]) -> bool {
    let mut mid = bytes.len() / 2;
    while bytes.get(mid).is_some_and(|b| b & 0xC0 == 0x80) {
        mid += 1;
    }
    let (first, second) = bytes.split_at(mid);
    let (a, b) = crate::par::join(
        true,
        || simdutf8::basic::from_utf8(first).is_ok(),
        || simdutf8::basic::from_utf8(second).is_ok(),
    );
    a && b
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, TextError> {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        // An odd trailing byte cannot be a UTF-16 unit; an unpaired surrogate reports it.
        _ => 0xD800,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| TextError {
            message: "the input starts with a UTF-16 byte-order mark but is not valid UTF-16"
                .into(),
            position: None,
        })
}

/// The 1-based (line, column) of byte `offset` in `text`; columns count Unicode scalar
/// values, as [`Location`] requires.
pub(super) fn position_at(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (clamp(line), clamp(column))
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset of `raw` inside `text`, when `raw` was borrowed from it.
pub(super) fn offset_of(text: &str, raw: &RawValue) -> Option<usize> {
    let start = text.as_ptr() as usize;
    let at = raw.get().as_ptr() as usize;
    (at >= start && at <= start + text.len()).then(|| at - start)
}

/// The byte offset in `sub` of serde_json's (line, byte column) error position.
pub(super) fn offset_of_error(sub: &str, err: &serde_json::Error) -> usize {
    if err.line() == 0 {
        return 0;
    }
    let mut line_start = 0;
    for _ in 1..err.line() {
        match sub[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    // serde_json's column is 1-based and counts bytes.
    (line_start + err.column().saturating_sub(1)).min(sub.len())
}

/// serde_json's message without its ` at line L column C` suffix (we report our own
/// position, with columns counted in characters and relative to the whole file).
pub(super) fn bare_message(err: &serde_json::Error) -> String {
    let s = err.to_string();
    match s.rsplit_once(" at line ") {
        Some((m, _)) if err.line() > 0 => m.to_string(),
        _ => s,
    }
}

/// At most the first 40 characters of an untrusted value quoted in a message, so a hostile
/// input cannot make one finding megabytes long.
pub(super) fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A location in `file` at 1-based (line, column).
pub(super) fn location(file: &str, (line, column): (u32, u32)) -> Location {
    Location::new(file, line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_in_halves_agrees_with_std_wherever_the_middle_falls() {
        // Characters of 1 to 4 bytes around the middle, so the cut lands inside each kind;
        // then a bad byte (a lone continuation byte, a truncated sequence, 0xFF) on either
        // side of the middle, and right at it.
        let chars = ["a", "é", "€", "😀"];
        for pad in 0..8 {
            for c in chars {
                let mut text = "x".repeat(pad);
                while text.len() < 64 {
                    text.push_str(c);
                }
                let bytes = text.as_bytes();
                assert!(valid_in_halves(bytes), "{pad} {c}");
                for bad in [&[0x80][..], &[0xE2, 0x82], &[0xFF]] {
                    for at in [3, bytes.len() / 2, bytes.len() / 2 + 1, bytes.len() - 2] {
                        let at = (0..=at)
                            .rev()
                            .find(|&i| text.is_char_boundary(i))
                            .unwrap_or(0);
                        let mut spoiled = bytes[..at].to_vec();
                        spoiled.extend_from_slice(bad);
                        spoiled.extend_from_slice(&bytes[at..]);
                        assert_eq!(
                            valid_in_halves(&spoiled),
                            std::str::from_utf8(&spoiled).is_ok(),
                            "{pad} {c} {bad:?} at {at}"
                        );
                    }
                }
            }
        }
        // A run of continuation bytes from the middle on moves the cut to the end.
        let mut run = b"ab".to_vec();
        run.extend([0x80; 9]);
        assert!(!valid_in_halves(&run));
        assert!(valid_in_halves(b""));
    }

    #[test]
    fn a_large_document_is_checked_in_halves_with_the_same_answer() {
        let mut text = "é€😀 ".repeat(CHECK_IN_HALVES / 10 + 1).into_bytes();
        assert!(text.len() >= CHECK_IN_HALVES);
        assert!(utf8(&text).is_ok());
        let mid = text.len() / 2;
        text[mid] = 0xFF;
        let err = utf8(&text).expect_err("a bad byte in the second half");
        assert!(err.message.contains("invalid byte 0xFF"), "{}", err.message);
    }

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 41);
    }

    #[test]
    fn line_index_agrees_with_a_scan() {
        let mut t = String::new();
        for i in 0..3000 {
            t.push_str(if i % 7 == 0 { "é\n" } else { "ab€" });
        }
        // Lines shorter and longer than the index's stride, in one text.
        t.push_str(&"ab€".repeat(5000));
        t.push('\n');
        t.push_str(&"x".repeat(4095));
        t.push_str("\n€");
        let index = LineIndex::new(&t);
        for off in (0..t.len()).step_by(97).chain([t.len()]) {
            assert_eq!(index.position(&t, off), position_at(&t, off), "{off}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let t = "{\n  \"é\": x\n}";
        let off = t.find('x').unwrap();
        assert_eq!(position_at(t, off), (2, 8));
        assert_eq!(position_at(t, 0), (1, 1));
    }

    #[test]
    fn utf8_bom_is_dropped_and_utf16_decoded() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        let le: Vec<u8> = [0xFF, 0xFE, b'{', 0, b'}', 0].to_vec();
        assert_eq!(decode(&le).unwrap(), "{}");
        let be: Vec<u8> = [0xFE, 0xFF, 0, b'{', 0, b'}'].to_vec();
        assert_eq!(decode(&be).unwrap(), "{}");
    }

    #[test]
    fn invalid_utf8_is_positioned() {
        let e = decode(b"{\n  \"a\": \"\xFF\"}").unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
        assert!(e.message.contains("0xFF"), "{}", e.message);
        assert_eq!(e.position, Some((2, 9)));
    }

    #[test]
    fn empty_and_zip_inputs_are_named() {
        assert!(decode(b"  \n").unwrap_err().message.contains("empty"));
        assert!(
            decode(b"PK\x03\x04rest")
                .unwrap_err()
                .message
                .contains("terraform show -json")
        );
    }

    #[test]
    fn error_positions_are_relative_to_the_file() {
        let text = "{\"a\":\n  [1,\n   2 x]}";
        let sub_start = text.find('[').unwrap();
        let sub = &text[sub_start..text.len() - 1];
        let err = serde_json::from_str::<serde_json::Value>(sub).unwrap_err();
        assert_eq!(
            LineIndex::new(text).position(text, sub_start + offset_of_error(sub, &err)),
            (3, 6)
        );
        assert_eq!(bare_message(&err), "expected `,` or `]`");
    }
}
