//! The seeded random generator behind `monte_carlo`: xoshiro256** seeded through SplitMix64,
//! with every distribution written out here and its transcendental functions taken from the
//! pure-Rust `libm`, so that one seed gives the same draws on every machine and every Rust
//! version (the `rand` crate documents its algorithms as subject to change, and the platform's
//! `ln`/`cos` may differ in the last bit, which shows after rounding to 15 digits).

use std::f64::consts::PI;

/// xoshiro256** (Blackman & Vigna, 2018): 256 bits of state, period 2^256 − 1, fast, and
/// good enough for simulation (not for cryptography).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro256 {
    s: [u64; 4],
}

/// SplitMix64, the seeding generator the xoshiro authors recommend: it spreads any 64-bit
/// seed (0, 1, 2, ...) into a well-mixed, never all-zero state.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Xoshiro256 {
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut state = seed;
        let s = [
            splitmix64(&mut state),
            splitmix64(&mut state),
            splitmix64(&mut state),
            splitmix64(&mut state),
        ];
        Xoshiro256 { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Advances the state by 2^128 draws (the authors' `jump`): streams started from
    /// successive jumps never overlap in any run this program could make.
    pub fn jump(&mut self) {
        const JUMP: [u64; 4] = [
            0x180E_C6D3_3CFD_0ABA,
            0xD5A6_1266_F0C9_392C,
            0xA958_2618_E03F_C9AA,
            0x39AB_DC45_29B1_661C,
        ];
        let mut s = [0u64; 4];
        for word in JUMP {
            for bit in 0..64 {
                if word & (1u64 << bit) != 0 {
                    for (acc, cur) in s.iter_mut().zip(self.s) {
                        *acc ^= cur;
                    }
                }
                self.next_u64();
            }
        }
        self.s = s;
    }

    /// Uniform in [0, 1): the top 53 bits scaled by 2^-53, so every value is a multiple of
    /// 2^-53 and exactly representable.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [low, high).
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.next_f64()
    }

    /// A standard normal draw by the Box–Muller transform, using two uniforms per draw (the
    /// second value of the pair is not kept, so each draw depends only on the draws before it).
    pub fn standard_normal(&mut self) -> f64 {
        // 1 − u is in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * PI * u2)
    }

    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.standard_normal()
    }

    /// exp(N(mu, sigma)): `mu` and `sigma` are those of the logarithm, as in numpy.
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        libm::exp(mu + sigma * self.standard_normal())
    }

    /// Triangular on [low, high] with its peak at `mode`, by inverting the CDF.
    pub fn triangular(&mut self, low: f64, mode: f64, high: f64) -> f64 {
        let u = self.next_f64();
        let width = high - low;
        if width == 0.0 {
            return low;
        }
        let split = (mode - low) / width;
        if u < split {
            low + libm::sqrt(u * width * (mode - low))
        } else {
            high - libm::sqrt((1.0 - u) * width * (high - mode))
        }
    }

    /// Uniform integer in [0, span) without modulo bias (Lemire's multiply-and-reject).
    pub fn below(&mut self, span: u64) -> u64 {
        debug_assert!(span > 0);
        let mut m = u128::from(self.next_u64()) * u128::from(span);
        if (m as u64) < span {
            let threshold = span.wrapping_neg() % span;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(span);
            }
        }
        (m >> 64) as u64
    }

    /// Uniform integer in [low, high], both included; `low <= high`.
    pub fn int_between(&mut self, low: i64, high: i64) -> i64 {
        // The span of the whole i64 range does not fit a u64: take any draw.
        let span = (high.wrapping_sub(low) as u64).wrapping_add(1);
        if span == 0 {
            return self.next_u64() as i64;
        }
        low.wrapping_add(self.below(span) as i64)
    }
}

/// Draws per block of a Monte Carlo run. Each block has its own stream, so that blocks can
/// run on any number of threads and the same seed still gives the same numbers.
pub const BLOCK: usize = 65_536;

/// The generators of the first `blocks` blocks of a run seeded with `seed`: block 0 starts
/// from the seeded state itself (a run of at most `BLOCK` draws is the plain seeded stream),
/// block k from that state jumped k times.
pub fn block_streams(seed: u64, blocks: usize) -> Vec<Xoshiro256> {
    let mut stream = Xoshiro256::seed_from_u64(seed);
    let mut starts = Vec::with_capacity(blocks);
    for _ in 0..blocks {
        starts.push(stream.clone());
        stream.jump();
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_matches_the_reference_implementation() {
        // Reference: xoshiro256starstar.c with s = {1, 2, 3, 4}; the first outputs are
        // 11520, 0, 1509978240, 1215971899390074240.
        let mut g = Xoshiro256 { s: [1, 2, 3, 4] };
        let first: Vec<u64> = (0..4).map(|_| g.next_u64()).collect();
        assert_eq!(first, [11520, 0, 1509978240, 1215971899390074240]);
    }

    #[test]
    fn jump_matches_the_reference_implementation() {
        // Reference: xoshiro256starstar.c's jump() on s = {1, 2, 3, 4}, then next().
        let mut g = Xoshiro256 { s: [1, 2, 3, 4] };
        g.jump();
        assert_eq!(
            g.s,
            [
                10122426448480695249,
                8079205330032121950,
                7289065458748526725,
                9477464255293849680
            ]
        );
        assert_eq!(g.next_u64(), 13534147089533256664);
    }

    #[test]
    fn block_zero_is_the_seeded_stream_and_blocks_differ() {
        let streams = block_streams(42, 3);
        assert_eq!(streams[0], Xoshiro256::seed_from_u64(42));
        assert_ne!(streams[1], streams[0]);
        assert_ne!(streams[2], streams[1]);
        let mut jumped = Xoshiro256::seed_from_u64(42);
        jumped.jump();
        jumped.jump();
        assert_eq!(streams[2], jumped);
    }

    #[test]
    fn splitmix_matches_the_reference_implementation() {
        // Reference: splitmix64.c seeded with 0 gives 0xE220A8397B1DCDAF first.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn same_seed_same_draws_and_different_seed_different_draws() {
        let mut a = Xoshiro256::seed_from_u64(42);
        let mut b = Xoshiro256::seed_from_u64(42);
        let mut c = Xoshiro256::seed_from_u64(43);
        let xs: Vec<f64> = (0..100).map(|_| a.normal(0.0, 1.0)).collect();
        let ys: Vec<f64> = (0..100).map(|_| b.normal(0.0, 1.0)).collect();
        let zs: Vec<f64> = (0..100).map(|_| c.normal(0.0, 1.0)).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn draws_stay_in_their_ranges_and_moments_are_right() {
        let mut g = Xoshiro256::seed_from_u64(7);
        let n = 200_000;
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for _ in 0..n {
            let u = g.next_f64();
            assert!((0.0..1.0).contains(&u));
            let z = g.standard_normal();
            sum += z;
            sum_sq += z * z;
        }
        let mean = sum / n as f64;
        let var = sum_sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        for _ in 0..10_000 {
            let k = g.int_between(-2, 3);
            assert!((-2..=3).contains(&k));
            let t = g.triangular(1.0, 2.0, 4.0);
            assert!((1.0..=4.0).contains(&t));
        }
        // The full i64 range must not overflow.
        g.int_between(i64::MIN, i64::MAX);
    }

    #[test]
    fn integers_are_unbiased_enough() {
        let mut g = Xoshiro256::seed_from_u64(1);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[g.int_between(1, 6) as usize - 1] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
    }
}
