//! Filling an output slice piece by piece on several threads, each thread taking the next piece
//! when it is free: a thread slowed by a busy machine does fewer pieces instead of holding the
//! others up, and each piece lands in its place, so the result does not depend on the threads.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Calls `work(start, piece)` for consecutive pieces of `out` (`piece` items each, the last
/// shorter; `start` is the piece's first index) on up to `threads` threads, the calling one
/// among them. `false` when a call returned `false` (the remaining pieces are then skipped)
/// or a thread failed.
pub fn fill_in_pieces<T: Send>(
    out: &mut [T],
    piece: usize,
    threads: usize,
    work: impl Fn(usize, &mut [T]) -> bool + Sync,
) -> bool {
    fill_in_pieces_after(out, piece, threads, || {}, work)
}

/// `fill_in_pieces`, with the calling thread doing `chore` first while the other threads
/// start on the pieces: serial work that must stay on the calling thread (freeing script
/// values, which cannot cross threads) then overlaps the pieces instead of preceding or
/// following them. It runs exactly once, whatever the threads and whether a piece fails.
pub fn fill_in_pieces_after<T: Send>(
    out: &mut [T],
    piece: usize,
    threads: usize,
    chore: impl FnOnce(),
    work: impl Fn(usize, &mut [T]) -> bool + Sync,
) -> bool {
    let piece = piece.max(1);
    let pieces = out.len().div_ceil(piece);
    let next = Mutex::new(out.chunks_mut(piece).enumerate());
    let failed = AtomicBool::new(false);
    let run = || {
        while !failed.load(Ordering::Relaxed) {
            let taken = match next.lock() {
                Ok(mut pieces) => pieces.next(),
                Err(_) => None,
            };
            let Some((index, slice)) = taken else {
                return;
            };
            if !work(index * piece, slice) {
                failed.store(true, Ordering::Relaxed);
            }
        }
    };
    let helpers = threads.clamp(1, pieces.max(1)) - 1;
    if helpers == 0 {
        chore();
        run();
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..helpers).map(|_| scope.spawn(run)).collect();
            chore();
            run();
            for handle in handles {
                if handle.join().is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
            }
        });
    }
    !failed.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_lands_in_its_place_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let mut out = vec![0usize; 1_003];
            let done = fill_in_pieces(&mut out, 10, threads, |start, piece| {
                for (i, slot) in piece.iter_mut().enumerate() {
                    *slot = (start + i) * 3;
                }
                true
            });
            assert!(done);
            assert!(out.iter().enumerate().all(|(i, v)| *v == i * 3));
        }
    }

    #[test]
    fn the_chore_runs_once_on_the_calling_thread() {
        for threads in [1, 2, 5] {
            let caller = std::thread::current().id();
            let mut ran_on = Vec::new();
            let mut out = vec![0usize; 1_003];
            let done = fill_in_pieces_after(
                &mut out,
                10,
                threads,
                || ran_on.push(std::thread::current().id()),
                |start, piece| {
                    piece
                        .iter_mut()
                        .enumerate()
                        .for_each(|(i, s)| *s = start + i);
                    true
                },
            );
            assert!(done);
            assert_eq!(ran_on, [caller]);
            assert!(out.iter().enumerate().all(|(i, v)| *v == i));
            let mut ran = 0;
            assert!(!fill_in_pieces_after(
                &mut out,
                10,
                threads,
                || ran += 1,
                |_, _| false
            ));
            assert_eq!(ran, 1);
        }
    }

    #[test]
    fn a_failing_piece_fails_the_whole() {
        let mut out = vec![0u8; 100];
        assert!(!fill_in_pieces(&mut out, 7, 3, |start, _| start != 49));
        assert!(fill_in_pieces(&mut [] as &mut [u8], 7, 3, |_, _| false));
    }
}
