//! Cutting CSV input into pieces of whole records, a few MiB each, so that a large file is
//! never held whole and its pieces can be parsed on several threads: a piece ends after a
//! line break that is outside any quoted field, as the CSV reader itself sees quotes. A file is
//! read piece by piece and each piece checked as UTF-8; the quote that is never closed and
//! the first byte that is not UTF-8 are found as when the whole file was checked first.

use std::borrow::Cow;
use std::io::Read;

use super::super::{io, TableError, TableResult};

/// The size of a piece when loading: large enough that its parse dwarfs handing it over.
pub(super) const PIECE: usize = 4 << 20;

/// Where the pieces come from.
enum Input<'a> {
    Text(&'a str),
    File(std::fs::File),
}

/// A run of whole records and the line number of its first byte.
pub(super) struct Piece<'a> {
    pub text: Cow<'a, str>,
    pub line: u64,
}

/// The pieces of one CSV input, in order.
pub(super) struct Pieces<'a> {
    input: Input<'a>,
    /// File input: bytes read and not yet handed out (they start at a line start).
    buf: Vec<u8>,
    /// Text input: where the next piece starts.
    at: usize,
    eof: bool,
    /// Whether the file has been read from (its byte-order mark dropped).
    started: bool,
    size: usize,
    separator: u8,
    /// The line number of the next byte handed out.
    line: u64,
    name: &'a str,
    quotes: QuoteCheck,
}

impl<'a> Pieces<'a> {
    /// The pieces of `text` (without its byte-order mark), `size` bytes or more each.
    pub(super) fn of_text(text: &'a str, name: &'a str, separator: u8, size: usize) -> Self {
        Pieces::new(Input::Text(text), name, separator, size)
    }

    /// The pieces of a file opened for reading; `name` is its path, for messages.
    pub(super) fn of_file(file: std::fs::File, name: &'a str, separator: u8, size: usize) -> Self {
        Pieces::new(Input::File(file), name, separator, size)
    }

    fn new(input: Input<'a>, name: &'a str, separator: u8, size: usize) -> Self {
        Pieces {
            input,
            buf: Vec::new(),
            at: 0,
            eof: false,
            started: false,
            size: size.max(1),
            separator,
            line: 1,
            name,
            quotes: QuoteCheck::new(separator),
        }
    }

    /// Reads more of a file into `buf`, at least `want` bytes unless the file ends; drops a
    /// byte-order mark at the start.
    fn fill(&mut self, want: usize) -> TableResult<()> {
        let Input::File(file) = &mut self.input else {
            self.eof = true;
            return Ok(());
        };
        let first = !self.started;
        self.started = true;
        // The first read takes in a whole byte-order mark, to drop it.
        let target = self.buf.len() + want.max(io::BOM.len());
        // Room for the whole piece at once: growing while reading would copy it again.
        self.buf.reserve(target - self.buf.len());
        while self.buf.len() < target && !self.eof {
            let missing = (target - self.buf.len()) as u64;
            let read = file
                .by_ref()
                .take(missing)
                .read_to_end(&mut self.buf)
                .map_err(|e| TableError::new(crate::disk::cannot(self.name, "read", &e)))?;
            self.eof = read == 0;
        }
        if first && self.buf.starts_with(io::BOM) {
            self.buf.drain(..io::BOM.len());
        }
        Ok(())
    }

    /// Drops the first `skip` lines (a title, notes above the table); an error when the input
    /// has no more lines than that.
    pub(super) fn skip_lines(&mut self, skip: usize) -> TableResult<()> {
        for done in 0..skip {
            loop {
                let rest = self.rest();
                if let Some(at) = memchr::memchr(b'\n', rest) {
                    self.consume(at + 1)?;
                    break;
                }
                if self.eof || matches!(self.input, Input::Text(_)) {
                    let has_more = !rest.is_empty();
                    return Err(TableError::new(format!(
                        "{}: skipping {skip} lines leaves no header: the file has {}",
                        self.name,
                        crate::messages::count(done + usize::from(has_more), "line", "lines")
                    )));
                }
                self.fill(self.size)?;
            }
        }
        Ok(())
    }

    /// The input not yet handed out.
    fn rest(&self) -> &[u8] {
        match &self.input {
            Input::Text(text) => &text.as_bytes()[self.at..],
            Input::File(_) => &self.buf,
        }
    }

    /// Drops the first `n` bytes, a line that is skipped, checking them as text.
    fn consume(&mut self, n: usize) -> TableResult<()> {
        match &self.input {
            Input::Text(_) => self.at += n,
            Input::File(_) => {
                let rest = self.buf.split_off(n);
                let skipped = std::mem::replace(&mut self.buf, rest);
                utf8(&skipped, self.line, self.name)?;
            }
        }
        self.line += 1;
        Ok(())
    }

    /// The next piece, or `None` at the end of the input.
    pub(super) fn next_piece(&mut self) -> TableResult<Option<Piece<'a>>> {
        let mut want = self.size;
        let end = loop {
            if matches!(self.input, Input::File(_)) && self.buf.len() < want && !self.eof {
                self.fill(want - self.buf.len())?;
            }
            let at_end = self.eof_known();
            let rest = self.rest();
            match (rest.is_empty(), at_end) {
                (true, true) => return Ok(None),
                // What was read was a byte-order mark only.
                (true, false) => continue,
                _ => {}
            }
            if at_end && rest.len() <= want {
                break rest.len();
            }
            if let Some(at) = split_point(&rest[..rest.len().min(want)], self.separator) {
                break at;
            }
            // A record longer than a piece (a long quoted field): take a larger piece.
            want = want.saturating_mul(2);
        };
        let line = self.line;
        let text: Cow<'a, str> = match &self.input {
            Input::Text(text) => {
                let piece = &text[self.at..self.at + end];
                self.at += end;
                Cow::Borrowed(piece)
            }
            Input::File(_) => {
                let rest = self.buf.split_off(end);
                let bytes = std::mem::replace(&mut self.buf, rest);
                Cow::Owned(String::from_utf8(bytes).map_err(|e| {
                    let valid = e.utf8_error().valid_up_to();
                    io::not_utf8_from(e.as_bytes(), valid, self.name, line)
                })?)
            }
        };
        self.line += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
        self.quotes.feed(&text, line);
        Ok(Some(Piece { text, line }))
    }

    fn eof_known(&self) -> bool {
        match self.input {
            Input::Text(_) => true,
            Input::File(_) => self.eof,
        }
    }

    /// The quoted field never closed, once the whole input has been handed out: its line and
    /// column, for the error that comes before any other of the file's.
    pub(super) fn unclosed_quote(&self) -> Option<(u64, usize)> {
        self.quotes.open
    }

    /// Reads the rest of the input after an error found in it, for the errors that the whole
    /// file's checks report first: a byte that is not UTF-8, a quote never closed.
    pub(super) fn drain(&mut self) -> TableResult<()> {
        let stopper = crate::host::stopper();
        while self.next_piece()?.is_some() {
            TableError::check(&stopper)?;
        }
        match self.unclosed_quote() {
            Some((line, col)) => Err(unclosed(self.name, line, col)),
            None => Ok(()),
        }
    }
}

/// The error for a quoted field that is never closed.
pub(super) fn unclosed(name: &str, line: u64, col: usize) -> TableError {
    TableError::new(format!(
        "{name}:{line}:{col}: the quoted field that starts here is never closed (a missing '\"')"
    ))
}

/// Checks `bytes` (whole lines from line `line`) as UTF-8.
fn utf8(bytes: &[u8], line: u64, name: &str) -> TableResult<()> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(e) => Err(io::not_utf8_from(bytes, e.valid_up_to(), name, line)),
    }
}

/// Where in `bytes` (starting at a record start) a piece may end: just after the last line
/// break outside a quoted field, with quotes read as the CSV reader reads them (a quote opens
/// a field only at its start, `""` inside one is a quote, `\r` and `\n` end a record).
pub(crate) fn split_point(bytes: &[u8], separator: u8) -> Option<usize> {
    if memchr::memchr(b'"', bytes).is_none() {
        return memchr::memrchr(b'\n', bytes).map(|at| at + 1);
    }
    let mut last = None;
    let mut at = 0;
    // Outside quotes, from one quote or line break to the next (a vector search).
    while let Some(found) = memchr::memchr2(b'"', b'\n', &bytes[at..]) {
        let i = at + found;
        at = i + 1;
        if bytes[i] == b'\n' {
            last = Some(i + 1);
            continue;
        }
        // A quote opens a field only at its start: after a separator or a line end.
        let opens = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r') || bytes[i - 1] == separator;
        if !opens {
            continue;
        }
        // Inside, to the closing quote (`""` is a quote).
        loop {
            let Some(found) = memchr::memchr(b'"', &bytes[at..]) else {
                return last;
            };
            let close = at + found;
            at = close + 1;
            if bytes.get(close + 1) != Some(&b'"') {
                break;
            }
            at += 1;
        }
    }
    last
}

/// Looks for a quoted field that is never closed, piece after piece: the csv crate reads such
/// a file to its end without complaint, which would silently swallow every later row into one
/// cell. It reads characters as an editor counts them, for the column of the error. Every
/// piece but the last ends with a line break, so a piece starts at a line's start.
struct QuoteCheck {
    separator: char,
    /// An open quote's line and column.
    open: Option<(u64, usize)>,
    /// Whether the next character starts a field (at the start of a piece).
    field_start: bool,
    /// The line reached.
    line: u64,
}

impl QuoteCheck {
    fn new(separator: u8) -> Self {
        QuoteCheck {
            separator: separator as char,
            open: None,
            field_start: true,
            line: 1,
        }
    }

    /// Reads the piece `text` whose first byte is on line `line`: from one quote or line
    /// break to the next (a vector search); characters are counted only for an opening quote.
    fn feed(&mut self, text: &str, line: u64) {
        let bytes = text.as_bytes();
        if self.open.is_none() {
            // Most pieces quote nothing.
            if memchr::memchr(b'"', bytes).is_none() {
                return;
            }
            (self.line, self.field_start) = (line, true);
        }
        let mut at = 0;
        loop {
            if self.open.is_some() {
                let Some(found) = memchr::memchr(b'"', &bytes[at..]) else {
                    self.line += memchr::memchr_iter(b'\n', &bytes[at..]).count() as u64;
                    return;
                };
                let quote = at + found;
                self.line += memchr::memchr_iter(b'\n', &bytes[at..quote]).count() as u64;
                at = quote + 1;
                if bytes.get(quote + 1) == Some(&b'"') {
                    at += 1;
                } else {
                    self.open = None;
                    self.field_start = false;
                }
                continue;
            }
            let Some(found) = memchr::memchr2(b'"', b'\n', &bytes[at..]) else {
                return;
            };
            let i = at + found;
            at = i + 1;
            if bytes[i] == b'\n' {
                self.line += 1;
                self.field_start = true;
                continue;
            }
            // A quote opens at a field's start: after a separator or a line break, `\r`s
            // aside, or where the piece starts (a line's start).
            let mut before = i;
            while before > 0 && bytes[before - 1] == b'\r' {
                before -= 1;
            }
            let opens = match before {
                0 => self.field_start,
                b => bytes[b - 1] == b'\n' || bytes[b - 1] as char == self.separator,
            };
            if opens {
                let line_start = memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |n| n + 1);
                self.open = Some((self.line, text[line_start..i].chars().count() + 1));
            }
            self.field_start = false;
        }
    }
}

/// The open quote `QuoteCheck` finds in `text` read as one piece.
#[cfg(test)]
pub(super) fn unclosed_in(text: &str, separator: u8) -> Option<(u64, usize)> {
    let mut check = QuoteCheck::new(separator);
    check.feed(text, 1);
    check.open
}
