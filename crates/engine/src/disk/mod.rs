//! Reading and replacing files so that nothing is lost, leaked or hung. A file is checked
//! against the file policy where it was actually opened (a symbolic link swapped between a check
//! and an open cannot escape the policy); only regular files are read (a FIFO would block, a
//! device never ends); a save goes to a temporary file created through a handle to the target's
//! folder and is renamed over the target, keeping the replaced file's permissions and owner,
//! while devices, FIFOs and `/dev/stdout` are written through. Every write and flush is checked.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::file_policy::{expand_home, Access, FilePolicy};

/// Who decides whether a path may be used.
#[derive(Debug, Clone, Copy)]
pub enum Guard<'a> {
    /// A script's access: the session's file policy.
    Policy(&'a FilePolicy),
    /// A path the user typed themselves (`-o FILE` on the command line): no policy, but the
    /// same care for what is there.
    User,
}

/// Why a save did not happen; the target is untouched either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    /// The message, in the analyst's words, naming the path.
    pub message: String,
    /// Ctrl-C arrived before the new file replaced the old one.
    pub interrupted: bool,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for SaveError {
    fn from(message: String) -> Self {
        SaveError {
            message,
            interrupted: false,
        }
    }
}

/// The whole content of the regular file at `path` (`~/` is the home folder).
pub fn read(path: &str, guard: Guard) -> Result<Vec<u8>, String> {
    let mut file = open_for_reading(path, guard)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    file.read_to_end(&mut bytes)
        .map_err(|e| cannot(path, "read", &e))?;
    Ok(bytes)
}

/// Opens the regular file at `path` for reading, checked where it was opened. A folder, FIFO,
/// device or socket is refused with a message (reading one would block or never end).
pub fn open_for_reading(path: &str, guard: Guard) -> Result<File, String> {
    if let Guard::Policy(policy) = guard {
        policy.check_path(path, Access::Read)?;
    }
    let expanded = expand_home(path);
    let file = sys::open_nonblocking(Path::new(expanded.as_ref()), false)
        .map_err(|e| cannot(path, "read", &e))?;
    let meta = file.metadata().map_err(|e| cannot(path, "read", &e))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read {path:?}: it is {}, not a regular file",
            kind_of(&meta)
        ));
    }
    if let Guard::Policy(policy) = guard {
        let real = sys::real_path(&file, Path::new(expanded.as_ref()))
            .map_err(|e| format!("cannot read {path:?}: {e}"))?;
        policy.check_resolved(path, &real, Access::Read)?;
    }
    Ok(file)
}

/// Whether `path` (expanded) is a regular file or absent: what may be read as history or
/// replaced atomically. Anything else is described (`a FIFO (named pipe)`).
pub fn not_a_regular_file(path: &Path) -> Option<&'static str> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Some(kind_of(&meta)),
        _ => None,
    }
}

/// Replaces the file at `path` with `bytes`: atomically for a regular file (a temporary file
/// beside it, renamed over it, with the old file's permissions and owner), through a symbolic
/// link to the file it points to (the link stays), and written straight through for a device,
/// a FIFO or a standard stream. Ctrl-C before the rename abandons the save.
pub fn replace(path: &str, guard: Guard, bytes: &[u8]) -> Result<(), SaveError> {
    if path.is_empty() {
        return Err("cannot save: the file name is empty".to_string().into());
    }
    if let Guard::Policy(policy) = guard {
        policy.check_path(path, Access::Write)?;
    }
    let expanded = expand_home(path).into_owned();
    if let Some(stream) = standard_stream(&expanded) {
        if matches!(guard, Guard::Policy(_)) {
            return Err(format!("cannot write {path:?}: scripts write files, not streams").into());
        }
        return write_stream(stream, path, bytes).map_err(SaveError::from);
    }
    let target =
        follow_links(Path::new(&expanded)).map_err(|e| format!("cannot save to {path:?}: {e}"))?;
    match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => {
            return Err(format!(
                "cannot save to {path:?}: it is a folder; give a file name such as {:?}",
                Path::new(path).join("out.csv").display().to_string()
            )
            .into())
        }
        Ok(meta) if !meta.is_file() => {
            return write_through(&target, path, guard, bytes).map_err(SaveError::from)
        }
        _ => {}
    }
    atomic(&target, path, guard, bytes)
}

/// Standard output or error named as a path.
#[derive(Debug, Clone, Copy)]
enum Stream {
    Out,
    Err,
}

fn standard_stream(path: &str) -> Option<Stream> {
    match path {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Out),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Err),
        _ => None,
    }
}

fn write_stream(stream: Stream, shown: &str, bytes: &[u8]) -> Result<(), String> {
    let result = match stream {
        Stream::Out => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).and_then(|_| out.flush())
        }
        Stream::Err => {
            let mut err = std::io::stderr().lock();
            err.write_all(bytes).and_then(|_| err.flush())
        }
    };
    result.map_err(|e| cannot(shown, "write to", &e))
}

/// `path` with every symbolic link of its last component followed, also a link to a file not
/// yet there (so a save replaces what the link points to, never the link).
fn follow_links(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(|e| e.to_string())?;
                current = match current.parent() {
                    Some(folder) if link.is_relative() => folder.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err("too many levels of symbolic links".to_string())
}

/// Writes to a device or FIFO as it is (no temporary file can replace one).
fn write_through(target: &Path, shown: &str, guard: Guard, bytes: &[u8]) -> Result<(), String> {
    let mut file = sys::open_nonblocking(target, true).map_err(|e| {
        if e.raw_os_error() == sys::NO_READER {
            format!("cannot save to {shown:?}: it is a FIFO (named pipe) that nothing is reading")
        } else {
            cannot(shown, "save to", &e)
        }
    })?;
    if let Guard::Policy(policy) = guard {
        let real =
            sys::real_path(&file, target).map_err(|e| format!("cannot save to {shown:?}: {e}"))?;
        policy.check_resolved(shown, &real, Access::Write)?;
    }
    sys::set_blocking(&file).map_err(|e| cannot(shown, "save to", &e))?;
    file.write_all(bytes)
        .and_then(|_| file.flush())
        .map_err(|e| cannot(shown, "save to", &e))
}

fn atomic(target: &Path, shown: &str, guard: Guard, bytes: &[u8]) -> Result<(), SaveError> {
    let folder: PathBuf = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = target.file_name() else {
        return Err(format!("cannot save to {shown:?}: it does not name a file").into());
    };
    let dir = sys::Folder::open(&folder).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "cannot save to {shown:?}: the folder {:?} does not exist",
                folder.display().to_string()
            )
        } else {
            cannot(shown, "save to", &e)
        }
    })?;
    if let Guard::Policy(policy) = guard {
        let real = dir
            .real_path(&folder)
            .map_err(|e| format!("cannot save to {shown:?}: {e}"))?;
        policy.check_resolved(shown, &real.join(name), Access::Write)?;
    }
    dir.remove_stale_temporaries();
    let (temp_name, mut temp) = dir
        .create_temporary()
        .map_err(|e| cannot(shown, "save to", &e))?;
    let result = (|| -> Result<(), SaveError> {
        dir.copy_permissions(name, &temp)
            .map_err(|e| cannot(shown, "save to", &e))?;
        temp.write_all(bytes)
            .and_then(|_| temp.sync_all())
            .map_err(|e| cannot(shown, "save to", &e))?;
        drop(temp);
        if crate::host::stop_signal().pending() == Some(crate::stop::INTERRUPTED) {
            return Err(SaveError {
                message: format!(
                    "interrupted: {shown:?} was not saved (Ctrl-C); the file there is unchanged"
                ),
                interrupted: true,
            });
        }
        dir.rename(&temp_name, name)
            .map_err(|e| cannot(shown, "save to", &e))?;
        dir.sync();
        Ok(())
    })();
    if result.is_err() {
        dir.remove(&temp_name);
    }
    result
}

/// What a non-regular file is, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// An input/output error in the analyst's words (`no space left on the device`).
pub fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => sys::describe(error),
    }
}

pub(crate) fn cannot(path: &str, action: &str, error: &std::io::Error) -> String {
    format!("cannot {action} {path:?}: {}", describe_io_error(error))
}

/// Temporary files are named `.whatif-<process>-<n>.tmp`: short (a 250-character file name
/// can still be saved) and recognisable, so that one left by a killed process is removed on the
/// next save to that folder.
const TEMP_PREFIX: &str = ".whatif-";
const TEMP_SUFFIX: &str = ".tmp";

/// The process that made a temporary file of ours, from its name.
fn temporary_owner(name: &str) -> Option<u32> {
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, counter) = middle.split_once('-')?;
    if counter.is_empty() || !counter.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(unix)]
#[path = "unix.rs"]
mod sys;

#[cfg(not(unix))]
#[path = "portable.rs"]
mod sys;

#[cfg(test)]
mod tests;
