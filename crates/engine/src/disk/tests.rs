//! What `crate::disk` promises, on real files, FIFOs, devices and links.

use super::*;

#[test]
fn temporary_names_are_recognised_only_when_they_are_ours() {
    assert_eq!(temporary_owner(".whatif-4242-7.tmp"), Some(4242));
    for other in [
        ".whatif-4242.tmp",
        "whatif-1-2.tmp",
        ".whatif-x-1.tmp",
        ".whatif-1-.tmp",
    ] {
        assert_eq!(temporary_owner(other), None, "{other}");
    }
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

fn in_folder(folder: &Path, name: &str) -> String {
    folder.join(name).to_str().unwrap().to_string()
}

#[test]
fn saving_replaces_the_file_and_leaves_no_temporary_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = in_folder(dir.path(), "a.csv");
    replace(&path, Guard::User, b"one").unwrap();
    replace(&path, Guard::User, b"two").unwrap();
    assert_eq!(text(Path::new(&path)), "two");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_long_file_name_can_be_saved() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.csv", "x".repeat(246));
    assert_eq!(name.len(), 250);
    replace(&in_folder(dir.path(), &name), Guard::User, b"a,b\n").unwrap();
    assert_eq!(text(&dir.path().join(&name)), "a,b\n");
}

#[test]
fn a_missing_folder_or_a_folder_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let err = replace(&in_folder(dir.path(), "nope/a.csv"), Guard::User, b"x").unwrap_err();
    assert!(err.message.contains("does not exist"), "{err}");
    let err = replace(dir.path().to_str().unwrap(), Guard::User, b"x").unwrap_err();
    assert!(err.message.contains("it is a folder"), "{err}");
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.csv");
        fs::write(&path, "secret").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        replace(path.to_str().unwrap(), Guard::User, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(text(&path), "new");
        let fresh = dir.path().join("fresh.csv");
        replace(fresh.to_str().unwrap(), Guard::User, b"x").unwrap();
        // SAFETY: umask is read by setting it and setting it back.
        let umask = unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            old
        };
        let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !(umask as u32));
    }

    #[test]
    fn saving_through_a_symbolic_link_replaces_the_file_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("elsewhere")).unwrap();
        let real = dir.path().join("elsewhere/real.csv");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink("elsewhere/real.csv", &link).unwrap();
        replace(link.to_str().unwrap(), Guard::User, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(text(&real), "new");
        // A link to a file not there yet creates that file.
        let dangling = dir.path().join("later.csv");
        std::os::unix::fs::symlink("elsewhere/later.csv", &dangling).unwrap();
        replace(dangling.to_str().unwrap(), Guard::User, b"made").unwrap();
        assert!(fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(text(&dir.path().join("elsewhere/later.csv")), "made");
    }

    #[test]
    fn a_dangling_link_cannot_carry_a_save_outside_the_policy() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let link = root.path().join("out.csv");
        std::os::unix::fs::symlink(outside.path().join("stolen.csv"), &link).unwrap();
        let policy = FilePolicy::roots([root.path().to_path_buf()]);
        let err = replace(link.to_str().unwrap(), Guard::Policy(&policy), b"x").unwrap_err();
        assert!(err.message.contains("outside the folders"), "{err}");
        assert!(!outside.path().join("stolen.csv").exists());
    }

    #[test]
    fn devices_are_written_through_and_their_errors_reported() {
        let full = Path::new("/dev/full");
        if !full.exists() {
            eprintln!("skipped: this machine has no /dev/full");
            return;
        }
        let err = replace("/dev/full", Guard::User, b"x").unwrap_err();
        assert!(err.message.contains("no space left"), "{err}");
        assert!(!fs::metadata(full).unwrap().file_type().is_file());
        replace("/dev/null", Guard::User, b"x").unwrap();
    }

    #[test]
    fn fifos_neither_hang_a_read_nor_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.csv");
        mkfifo(&fifo);
        let policy = FilePolicy::roots([dir.path().to_path_buf()]);
        let err = read(fifo.to_str().unwrap(), Guard::Policy(&policy)).unwrap_err();
        assert!(
            err.contains("FIFO") && err.contains("not a regular file"),
            "{err}"
        );
        let err = replace(fifo.to_str().unwrap(), Guard::User, b"x").unwrap_err();
        assert!(err.message.contains("nothing is reading"), "{err}");
        // With a reader, the bytes go through the FIFO, which stays a FIFO.
        let reader_path = fifo.clone();
        let reader = std::thread::spawn(move || fs::read_to_string(reader_path).unwrap());
        let mut sent = false;
        for _ in 0..200 {
            if replace(fifo.to_str().unwrap(), Guard::User, b"through").is_ok() {
                sent = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(sent);
        assert_eq!(reader.join().unwrap(), "through");
        assert!(not_a_regular_file(&fifo).is_some());
    }

    #[test]
    fn a_temporary_left_by_a_killed_save_is_removed_on_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!(".whatif-{dead}-0.tmp"));
        fs::write(&stale, "half").unwrap();
        let mine = dir
            .path()
            .join(format!(".whatif-{}-999999.tmp", std::process::id()));
        fs::write(&mine, "in progress").unwrap();
        let other = dir.path().join(".whatif-notes.tmp");
        fs::write(&other, "someone else's").unwrap();
        replace(&in_folder(dir.path(), "a.csv"), Guard::User, b"x").unwrap();
        assert!(!stale.exists());
        assert!(mine.exists() && other.exists());
    }

    #[test]
    fn ctrl_c_before_the_rename_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "old").unwrap();
        let host = crate::Host::default();
        host.stop.request_interrupt();
        let _entered = host.enter(0);
        let err = replace(path.to_str().unwrap(), Guard::User, b"new").unwrap_err();
        assert!(
            err.interrupted && err.message.contains("unchanged"),
            "{err}"
        );
        assert_eq!(text(&path), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A symbolic link flipped between inside and outside the allowed folder while it is
    /// read and written: what is opened is what is checked, so the outside file is never
    /// read or written.
    #[test]
    fn a_link_flipped_during_the_check_never_escapes_the_policy() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(root.path().join("inside.csv"), "inside").unwrap();
        fs::write(outside.path().join("secret.csv"), "secret").unwrap();
        let link = root.path().join("data.csv");
        let policy = FilePolicy::roots([root.path().to_path_buf()]);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flipper = {
            let (stop, link) = (stop.clone(), link.clone());
            let (inside, secret) = (
                root.path().join("inside.csv"),
                outside.path().join("secret.csv"),
            );
            let temp = root.path().join("data.csv.next");
            std::thread::spawn(move || {
                let mut flip = false;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = fs::remove_file(&temp);
                    let _ = std::os::unix::fs::symlink(if flip { &secret } else { &inside }, &temp);
                    let _ = fs::rename(&temp, &link);
                    flip = !flip;
                }
            })
        };
        let path = link.to_str().unwrap();
        for _ in 0..300 {
            if let Ok(bytes) = read(path, Guard::Policy(&policy)) {
                assert_eq!(bytes, b"inside");
            }
            let _ = replace(path, Guard::Policy(&policy), b"inside");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        flipper.join().unwrap();
        assert_eq!(text(&outside.path().join("secret.csv")), "secret");
    }
}
