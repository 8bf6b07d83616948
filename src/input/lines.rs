//! Positions (line, column in characters) of byte offsets in a text, without rescanning it
//! per offset: one index per text serves every finding in it.

/// Positions of many offsets in one document without rescanning it: line starts, and the
/// character count at every 4 KiB (`terraform show -json` writes one line, so columns
/// alone would be quadratic).
#[derive(Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// (byte offset, characters before it), every [`STRIDE`] bytes at a char boundary.
    checkpoints: Vec<(usize, usize)>,
}

const STRIDE: usize = 4096;

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + STRIDE < text.len() {
            let mut next = at + STRIDE;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            at = next;
            checkpoints.push((at, chars));
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(o, _)| o <= offset) - 1;
        let (o, c) = self.checkpoints[i];
        c + text[o..offset].chars().count()
    }

    /// The 1-based (line, column) of byte `offset`; columns count Unicode scalar values.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        // A short line (all of HCL, most of pretty-printed JSON) is counted directly; only a
        // long one is counted from the checkpoints.
        let column = if offset - start <= STRIDE {
            text[start..offset].chars().count() + 1
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start) + 1
        };
        (clamp(line), clamp(column))
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
