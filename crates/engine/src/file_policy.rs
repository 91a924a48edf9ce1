//! The file policy: which paths scripts may read and write. A session holds one as a value and
//! allows nothing until its embedder sets one; the command line allows the working folder tree
//! and the folder tree of the script being run, widened by `--allow-path DIR` or closed by
//! `--no-files`. Paths are resolved (`..`, symlinks) before they are checked, so a path that
//! escapes through either is refused. Every function that touches files asks first,
//! through the session evaluating on this thread (`crate::host::check_file`).

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// `path` with a leading `~/` (or a lone `~`) replaced by the home folder, as a shell does;
/// any other path unchanged, and this one too when the home folder is unknown.
pub fn expand_home(path: &str) -> Cow<'_, str> {
    let rest = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('\\') => rest,
        _ => return Cow::Borrowed(path),
    };
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
    match home
        .as_deref()
        .and_then(|h| h.to_str())
        .filter(|h| !h.is_empty())
    {
        Some(home) => Cow::Owned(format!("{}{rest}", home.trim_end_matches('/'))),
        None => Cow::Borrowed(path),
    }
}

/// Reading or writing, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading a file.
    Read,
    /// Writing a file.
    Write,
}

/// Where scripts may touch files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePolicy {
    /// Folder trees that may be read and written, canonical.
    roots: Vec<PathBuf>,
    /// No file access at all, and why (the end of the refusal message).
    forbidden: Option<&'static str>,
    /// Everything is allowed (tests of other concerns, a host that sandboxes the process).
    unrestricted: bool,
}

/// A session's policy until its embedder chooses one: nothing may be read or written.
impl Default for FilePolicy {
    fn default() -> Self {
        FilePolicy {
            roots: Vec::new(),
            forbidden: Some(
                "file access is not enabled for this session (the program that runs the script \
                 chooses a file policy: Session::set_file_policy)",
            ),
            unrestricted: false,
        }
    }
}

impl FilePolicy {
    /// Everything allowed.
    pub fn unrestricted() -> Self {
        FilePolicy {
            roots: Vec::new(),
            forbidden: None,
            unrestricted: true,
        }
    }

    /// No file access, as `--no-files` asks.
    pub fn no_files() -> Self {
        FilePolicy {
            forbidden: Some("file access is switched off (--no-files)"),
            ..FilePolicy::default()
        }
    }

    /// Access limited to these folder trees (those that do not exist are skipped).
    pub fn roots<I: IntoIterator<Item = PathBuf>>(folders: I) -> Self {
        let mut roots: Vec<PathBuf> = folders
            .into_iter()
            .filter_map(|f| std::fs::canonicalize(f).ok())
            .collect();
        roots.sort();
        roots.dedup();
        FilePolicy {
            roots,
            forbidden: None,
            unrestricted: false,
        }
    }

    /// The folder trees allowed, for messages and `:help`.
    pub fn allowed_roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Resolves `path` (relative to the working folder, `~/` the home folder) and checks it
    /// against the policy;
    /// returns the resolved path to use.
    pub fn check_path(&self, path: &str, access: Access) -> Result<PathBuf, String> {
        let verb = match access {
            Access::Read => "read",
            Access::Write => "write",
        };
        if let Some(why) = self.forbidden {
            return Err(format!("cannot {verb} '{path}': {why}"));
        }
        if path.is_empty() {
            return Err(format!("cannot {verb} a file with an empty name"));
        }
        let resolved = resolve(Path::new(expand_home(path).as_ref()))
            .map_err(|e| format!("cannot {verb} '{path}': {e}"))?;
        self.check_resolved(path, &resolved, access)?;
        Ok(resolved)
    }

    /// Checks a path already resolved (the real path of a file just opened) against the
    /// policy; `shown` is the path as the user wrote it, for the message.
    pub fn check_resolved(
        &self,
        shown: &str,
        resolved: &Path,
        access: Access,
    ) -> Result<(), String> {
        let verb = match access {
            Access::Read => "read",
            Access::Write => "write",
        };
        if let Some(why) = self.forbidden {
            return Err(format!("cannot {verb} '{shown}': {why}"));
        }
        if self.unrestricted || self.roots.iter().any(|root| resolved.starts_with(root)) {
            return Ok(());
        }
        Err(format!(
            "cannot {verb} '{shown}': it is outside the folders this script may use ({}); \
             allow it with --allow-path DIR",
            self.roots
                .iter()
                .map(|r| r.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The resolved form of `path`: absolute, symlinks followed, `..` applied. A path that does not
/// exist yet (a file about to be written) resolves through its nearest existing ancestor.
fn resolve(path: &Path) -> Result<PathBuf, String> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("the working folder is unavailable: {e}"))?
            .join(path)
    };
    if let Ok(canonical) = std::fs::canonicalize(&absolute) {
        return Ok(canonical);
    }
    // Walk up to the nearest ancestor that exists, canonicalise it, then re-apply the rest,
    // refusing `..` in the part that does not exist (it cannot be resolved safely).
    let mut missing: Vec<&std::ffi::OsStr> = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        match existing.parent() {
            Some(parent) => {
                match existing.components().next_back() {
                    Some(Component::Normal(name)) => missing.push(name),
                    Some(Component::ParentDir) => {
                        return Err("'..' after a folder that does not exist".to_string())
                    }
                    _ => {}
                }
                existing = parent;
                if let Ok(canonical) = std::fs::canonicalize(existing) {
                    let mut resolved = canonical;
                    for name in missing.iter().rev() {
                        resolved.push(name);
                    }
                    return Ok(resolved);
                }
            }
            None => return Err("no part of the path exists".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_slash_is_the_home_folder_and_nothing_else_is() {
        let Some(home) = std::env::var("HOME").ok().filter(|h| !h.is_empty()) else {
            return;
        };
        let home = home.trim_end_matches('/');
        assert_eq!(expand_home("~/data/r.csv"), format!("{home}/data/r.csv"));
        assert_eq!(expand_home("~"), home);
        for unchanged in ["~alice/r.csv", "data/~/r.csv", "r~.csv", "/tmp/r.csv"] {
            assert_eq!(expand_home(unchanged), unchanged);
        }
    }

    /// Whether `policy` lets `path` be read or written.
    fn allows(policy: &FilePolicy, path: &Path, access: Access) -> bool {
        policy.check_path(path.to_str().unwrap(), access).is_ok()
    }

    #[test]
    fn paths_inside_a_root_are_allowed_and_outside_refused() {
        let root = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let policy = FilePolicy::roots([root.path().to_path_buf()]);
        assert!(allows(&policy, &root.path().join("out.csv"), Access::Write));
        let outside = other.path().join("out.csv");
        let err = policy
            .check_path(outside.to_str().unwrap(), Access::Write)
            .unwrap_err();
        assert!(err.contains("--allow-path"), "{err}");
    }

    #[test]
    fn dot_dot_escapes_are_refused() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("sub")).unwrap();
        let policy = FilePolicy::roots([root.path().join("sub")]);
        let sneaky = root.path().join("sub/../secret.txt");
        assert!(!allows(&policy, &sneaky, Access::Read));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_pointing_outside_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("secret.txt"), "x").unwrap();
        std::os::unix::fs::symlink(other.path(), root.path().join("link")).unwrap();
        let policy = FilePolicy::roots([root.path().to_path_buf()]);
        assert!(!allows(
            &policy,
            &root.path().join("link/secret.txt"),
            Access::Read
        ));
        assert!(!allows(
            &policy,
            &root.path().join("link/new.csv"),
            Access::Write
        ));
    }

    #[test]
    fn no_files_and_no_policy_refuse_everything_and_say_why() {
        for (policy, why) in [
            (FilePolicy::no_files(), "--no-files"),
            (FilePolicy::default(), "not enabled"),
        ] {
            for access in [Access::Read, Access::Write] {
                let err = policy.check_path("x.csv", access).unwrap_err();
                assert!(err.contains(why), "{err}");
            }
        }
    }
}
