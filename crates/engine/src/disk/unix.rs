//! The Unix side of `crate::disk`: opening without blocking, the real path of an open file,
//! and a folder handle through which the temporary file is created, renamed and removed.

use std::ffi::{CString, OsStr};
use std::fs::{File, OpenOptions};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// `open` of a FIFO for writing when no process reads it.
pub const NO_READER: Option<i32> = Some(libc::ENXIO);

/// Opens without blocking on a FIFO (reading: a FIFO without a writer would wait forever;
/// writing: one without a reader fails with ENXIO instead of waiting).
pub fn open_nonblocking(path: &Path, write: bool) -> std::io::Result<File> {
    OpenOptions::new()
        .read(!write)
        .write(write)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

pub fn set_blocking(file: &File) -> std::io::Result<()> {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function borrows; no memory is passed.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The path of what `file` is, as the kernel knows it; where `/proc` is missing, `path`
/// resolved, accepted only if it is still the same file.
pub fn real_path(file: &File, path: &Path) -> Result<PathBuf, String> {
    if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
        if real.is_absolute() {
            return Ok(real);
        }
    }
    let resolved = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let now = std::fs::metadata(&resolved).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if now.dev() == opened.dev() && now.ino() == opened.ino() {
        Ok(resolved)
    } else {
        Err("the file was replaced while it was being opened; try again".to_string())
    }
}

pub fn describe(error: &std::io::Error) -> String {
    match error.raw_os_error() {
        Some(libc::ENOSPC) => "no space left on the device".to_string(),
        Some(libc::EDQUOT) => "the disk quota is exceeded".to_string(),
        Some(libc::EROFS) => "the file system is read-only".to_string(),
        Some(libc::ENAMETOOLONG) => "the file name is too long".to_string(),
        Some(libc::EISDIR) => "it is a folder".to_string(),
        Some(libc::ENOTDIR) => "a part of the path is not a folder".to_string(),
        _ => {
            // Rust's text ends in "(os error N)": the words are enough.
            let text = error.to_string();
            match text.find(" (os error") {
                Some(end) => text[..end].to_string(),
                None => text,
            }
        }
    }
}

fn c_name(name: &OsStr) -> std::io::Result<CString> {
    CString::new(name.as_bytes())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a NUL in the name"))
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A handle to the folder a file is saved in: the temporary file is created, renamed and
/// removed relative to it, so the folder cannot be swapped underneath.
pub struct Folder {
    dir: File,
}

impl Folder {
    pub fn open(path: &Path) -> std::io::Result<Folder> {
        let dir = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY)
            .open(path)?;
        Ok(Folder { dir })
    }

    pub fn real_path(&self, path: &Path) -> Result<PathBuf, String> {
        real_path(&self.dir, path)
    }

    pub fn create_temporary(&self) -> std::io::Result<(CString, File)> {
        loop {
            let name = format!(
                "{}{}-{}{}",
                super::TEMP_PREFIX,
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                super::TEMP_SUFFIX
            );
            let c = c_name(OsStr::new(&name))?;
            // SAFETY: a NUL-terminated name and a descriptor owned by self.
            let fd = unsafe {
                libc::openat(
                    self.dir.as_raw_fd(),
                    c.as_ptr(),
                    libc::O_WRONLY
                        | libc::O_CREAT
                        | libc::O_EXCL
                        | libc::O_NOFOLLOW
                        | libc::O_CLOEXEC,
                    0o666 as libc::c_uint,
                )
            };
            if fd >= 0 {
                // SAFETY: a descriptor just opened and owned by nothing else.
                return Ok((c, unsafe { File::from_raw_fd(fd) }));
            }
            let error = std::io::Error::last_os_error();
            if error.kind() != std::io::ErrorKind::AlreadyExists {
                return Err(error);
            }
        }
    }

    /// Gives `temp` the permissions (and, where allowed, the owner) of the file `name`
    /// it will replace; a new file keeps the mode the umask gave it.
    pub fn copy_permissions(&self, name: &OsStr, temp: &File) -> std::io::Result<()> {
        let c = c_name(name)?;
        let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: fstatat writes a stat into the buffer it is given.
        let found = unsafe {
            libc::fstatat(
                self.dir.as_raw_fd(),
                c.as_ptr(),
                stat.as_mut_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        if found != 0 {
            return Ok(());
        }
        // SAFETY: fstatat succeeded, so the buffer is filled.
        let stat = unsafe { stat.assume_init() };
        if stat.st_mode & libc::S_IFMT != libc::S_IFREG {
            return Ok(());
        }
        let mine = temp.metadata()?;
        if mine.uid() != stat.st_uid || mine.gid() != stat.st_gid {
            // Only root may give a file away; anyone may keep their own group.
            let _ = std::os::unix::fs::fchown(temp, Some(stat.st_uid), Some(stat.st_gid))
                .or_else(|_| std::os::unix::fs::fchown(temp, None, Some(stat.st_gid)));
        }
        use std::os::unix::fs::PermissionsExt;
        temp.set_permissions(std::fs::Permissions::from_mode(stat.st_mode & 0o7777))
    }

    pub fn rename(&self, from: &CString, to: &OsStr) -> std::io::Result<()> {
        let to = c_name(to)?;
        let fd = self.dir.as_raw_fd();
        // SAFETY: NUL-terminated names relative to a descriptor owned by self.
        if unsafe { libc::renameat(fd, from.as_ptr(), fd, to.as_ptr()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    pub fn remove(&self, name: &CString) {
        // SAFETY: as in `rename`.
        unsafe { libc::unlinkat(self.dir.as_raw_fd(), name.as_ptr(), 0) };
    }

    /// Makes the rename durable; a folder that cannot be synced (some file systems) is
    /// no reason to fail a save that has happened.
    pub fn sync(&self) {
        let _ = self.dir.sync_all();
    }

    /// Removes temporary files of ours whose process has ended (killed in the middle of a
    /// save): a process that still runs may be saving now.
    pub fn remove_stale_temporaries(&self) {
        let listing = format!("/proc/self/fd/{}", self.dir.as_raw_fd());
        let Ok(entries) = std::fs::read_dir(&listing) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(super::temporary_owner) else {
                continue;
            };
            if pid == std::process::id() || process_alive(pid) {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                if let Ok(c) = c_name(&name) {
                    self.remove(&c);
                }
            }
        }
    }
}

fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return true;
    }
    std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}
