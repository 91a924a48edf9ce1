//! Every file a table reads or writes goes through here, so that the file policy (which folders
//! a script may touch, `crate::file_policy`) is enforced in one place, through `crate::disk`: reads
//! take regular files only, writes are atomic, so a failed save never leaves a partial or
//! corrupted file.

use super::{TableError, TableResult};
use crate::disk::{self, Guard};

/// The bytes of a regular file the file policy lets the script read; errors name the path.
pub fn read_bytes(path: &str) -> TableResult<Vec<u8>> {
    crate::host::with_file_policy(|policy| disk::read(path, Guard::Policy(policy)))
        .map_err(TableError::new)
}

/// A UTF-8 text file (a byte-order mark is dropped); invalid UTF-8 is an error naming the line
/// and column of the first bad byte.
pub fn read_to_string(path: &str) -> TableResult<String> {
    let mut bytes = read_bytes(path)?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    // The bytes become the text without a copy: a large file is not held twice.
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        not_utf8(e.as_bytes(), valid_up_to, path)
    })
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes as UTF-8 text without a byte-order mark; `name` appears in the error.
pub fn decode_utf8(bytes: &[u8], name: &str) -> TableResult<String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(not_utf8(bytes, e.valid_up_to(), name)),
    }
}

/// The error for `bytes` that are UTF-8 up to `valid_up_to` only: where the bad byte is.
fn not_utf8(bytes: &[u8], valid_up_to: usize, name: &str) -> TableError {
    not_utf8_from(bytes, valid_up_to, name, 1)
}

/// `not_utf8` for `bytes` that start a line, line `first_line` of the file.
pub(crate) fn not_utf8_from(
    bytes: &[u8],
    valid_up_to: usize,
    name: &str,
    first_line: u64,
) -> TableError {
    let good = &bytes[..valid_up_to];
    let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + first_line;
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // Columns count characters, as editors do.
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    TableError::new(format!(
        "{name}:{line}:{column}: not UTF-8 text (invalid byte 0x{:02X}); save the file as UTF-8",
        bytes[valid_up_to]
    ))
}

/// Writes `bytes` to `path` atomically where the file policy allows it (see
/// `crate::disk::replace`): a missing folder, a path that is a folder, or a folder without
/// write permission is an error naming the path; no file is left behind on failure.
pub fn write_atomic(path: &str, bytes: &[u8]) -> TableResult<()> {
    crate::host::with_file_policy(|policy| disk::replace(path, Guard::Policy(policy), bytes))
        .map_err(|e| TableError::new(e.message))
}

/// `write_atomic` without the file policy, for what the host itself writes on its user's
/// behalf (`-o FILE` on the command line).
pub fn write_atomic_unrestricted(path: &str, bytes: &[u8]) -> TableResult<()> {
    disk::replace(path, Guard::User, bytes).map_err(|e| TableError::new(e.message))
}

/// Writes a binary file a table became (a workbook, a Parquet file) atomically, under the
/// file policy unless `unrestricted` (`-o FILE`), then tells the session `note` about it.
pub fn write_binary(
    path: &str,
    bytes: &[u8],
    note: Option<String>,
    unrestricted: bool,
) -> TableResult<()> {
    if unrestricted {
        write_atomic_unrestricted(path, bytes)?;
    } else {
        write_atomic(path, bytes)?;
    }
    if let Some(note) = note {
        crate::host::note(&format!("{note} ({path})"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode_utf8(b"a,b\n1,\xFF", "f.csv").unwrap_err();
        assert!(err.0.starts_with("f.csv:2:3: not UTF-8"), "{err}");
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFx", "f").unwrap(), "x");
    }

    #[test]
    fn atomic_write_replaces_and_refuses_bad_targets() {
        let dir = std::env::temp_dir().join(format!("whatif-io-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.txt");
        let path = file.to_str().unwrap();
        let refused = write_atomic(path, b"one").unwrap_err();
        assert!(
            refused.0.contains("not enabled"),
            "no session, no policy: {refused}"
        );
        let host = crate::Host {
            files: std::rc::Rc::new(crate::file_policy::FilePolicy::unrestricted()),
            ..crate::Host::default()
        };
        let _entered = host.enter(0);
        write_atomic(path, b"one").unwrap();
        write_atomic(path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "two");
        let missing = dir.join("nope").join("a.txt");
        let err = write_atomic(missing.to_str().unwrap(), b"x").unwrap_err();
        assert!(err.0.contains("does not exist"), "{err}");
        let err = write_atomic(dir.to_str().unwrap(), b"x").unwrap_err();
        assert!(err.0.contains("it is a folder"), "{err}");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
