//! `crate::disk` where there is no Unix: the same steps by path.
use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub const NO_READER: Option<i32> = None;

pub fn open_nonblocking(path: &Path, write: bool) -> std::io::Result<File> {
    OpenOptions::new().read(!write).write(write).open(path)
}

pub fn set_blocking(_: &File) -> std::io::Result<()> {
    Ok(())
}

pub fn real_path(_: &File, path: &Path) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|e| e.to_string())
}

pub fn describe(error: &std::io::Error) -> String {
    error.to_string()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub struct Folder {
    path: PathBuf,
}

impl Folder {
    pub fn open(path: &Path) -> std::io::Result<Folder> {
        if !path.is_dir() {
            return Err(std::io::ErrorKind::NotFound.into());
        }
        Ok(Folder {
            path: path.to_path_buf(),
        })
    }

    pub fn real_path(&self, path: &Path) -> Result<PathBuf, String> {
        std::fs::canonicalize(path).map_err(|e| e.to_string())
    }

    pub fn create_temporary(&self) -> std::io::Result<(PathBuf, File)> {
        let name = format!(
            "{}{}-{}{}",
            super::TEMP_PREFIX,
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            super::TEMP_SUFFIX
        );
        let path = self.path.join(name);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok((path, file))
    }

    pub fn copy_permissions(&self, name: &OsStr, temp: &File) -> std::io::Result<()> {
        match std::fs::metadata(self.path.join(name)) {
            Ok(meta) if meta.is_file() => temp.set_permissions(meta.permissions()),
            _ => Ok(()),
        }
    }

    pub fn rename(&self, from: &PathBuf, to: &OsStr) -> std::io::Result<()> {
        std::fs::rename(from, self.path.join(to))
    }

    pub fn remove(&self, name: &PathBuf) {
        let _ = std::fs::remove_file(name);
    }

    pub fn sync(&self) {}

    pub fn remove_stale_temporaries(&self) {}
}
