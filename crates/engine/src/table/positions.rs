//! Each row's position in its source (a line of a file, a row of a sheet, an index of a
//! dataset), one per row. A run of consecutive positions, which is what a file of one-line
//! records gives, is kept as its first position and its length: ten million rows cost nothing
//! instead of 80 MB.

/// The positions of a table's rows, in row order.
#[derive(Debug, Clone)]
pub enum Positions {
    /// `first`, `first + 1`, … (`len` of them).
    Run {
        /// The first row's position.
        first: u64,
        /// How many rows.
        len: usize,
    },
    /// Any other sequence.
    Listed(Vec<u64>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions::Run { first: 0, len: 0 }
    }
}

impl Positions {
    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            Positions::Run { len, .. } => *len,
            Positions::Listed(list) => list.len(),
        }
    }

    /// True for no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`'s position.
    pub fn get(&self, i: usize) -> Option<u64> {
        match self {
            Positions::Run { first, len } => (i < *len).then(|| first + i as u64),
            Positions::Listed(list) => list.get(i).copied(),
        }
    }

    /// Each row's position, in row order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Adds the next row's position; the run goes on while each follows the last.
    pub fn push(&mut self, position: u64) {
        match self {
            Positions::Run { first, len } if *len == 0 => {
                *first = position;
                *len = 1;
            }
            Positions::Run { first, len } if first.checked_add(*len as u64) == Some(position) => {
                *len += 1
            }
            Positions::Run { .. } => {
                let mut list: Vec<u64> = self.iter().collect();
                list.push(position);
                *self = Positions::Listed(list);
            }
            Positions::Listed(list) => list.push(position),
        }
    }

    /// Adds the positions of `more` after these.
    pub fn extend(&mut self, more: Positions) {
        if self.is_empty() {
            *self = more;
            return;
        }
        match (&mut *self, &more) {
            (Positions::Listed(list), more) => list.extend(more.iter()),
            // A run that the next one follows: one addition, not one per row.
            (
                Positions::Run { first, len },
                Positions::Run {
                    first: next,
                    len: more_len,
                },
            ) if first.checked_add(*len as u64) == Some(*next) => *len += more_len,
            (Positions::Run { .. }, more) => more.iter().for_each(|p| self.push(p)),
        }
    }

    /// The positions of the rows at `indices`, in that order.
    pub fn pick(&self, indices: &[usize]) -> Positions {
        indices
            .iter()
            .map(|&i| self.get(i).unwrap_or(super::NOT_FROM_SOURCE))
            .collect()
    }
}

impl FromIterator<u64> for Positions {
    fn from_iter<I: IntoIterator<Item = u64>>(iter: I) -> Self {
        let mut positions = Positions::default();
        iter.into_iter().for_each(|p| positions.push(p));
        positions
    }
}

impl From<Vec<u64>> for Positions {
    fn from(list: Vec<u64>) -> Self {
        list.into_iter().collect()
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Positions {}

impl<const N: usize> PartialEq<[u64; N]> for Positions {
    fn eq(&self, other: &[u64; N]) -> bool {
        self.len() == N && self.iter().eq(other.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn consecutive_positions_stay_a_run_and_any_other_is_listed() {
        let run: Positions = (2..7).collect();
        assert!(matches!(run, Positions::Run { first: 2, len: 5 }));
        assert_eq!(run, [2, 3, 4, 5, 6]);
        let mut broken = run.clone();
        broken.push(9);
        assert!(matches!(broken, Positions::Listed(_)));
        assert_eq!(broken, [2, 3, 4, 5, 6, 9]);
        assert_eq!(broken.get(5), Some(9));
        assert_eq!(broken.get(6), None);
        assert_eq!(run.get(4), Some(6));
        assert_eq!(run.get(5), None);
        assert_eq!(Positions::from(vec![1, 1]), [1, 1]);
        assert_eq!(Positions::from(vec![5, 4]), [5, 4]);
    }

    #[test]
    fn runs_join_when_they_follow_and_picks_keep_the_order_asked() {
        let mut a: Positions = (2..4).collect();
        a.extend((4..6).collect());
        assert!(matches!(a, Positions::Run { first: 2, len: 4 }));
        a.extend((8..9).collect());
        assert_eq!(a, [2, 3, 4, 5, 8]);
        let mut empty = Positions::default();
        empty.extend((10..12).collect());
        assert_eq!(empty, [10, 11]);
        assert_eq!(a.pick(&[4, 0, 0]), [8, 2, 2]);
        let equal_listed = Positions::Listed(vec![10, 11]);
        assert_eq!(empty, equal_listed);
    }
}
