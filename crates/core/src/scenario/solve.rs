//! The bracketing solver behind `goal_seek`: Brent's method in `f64`, and how many digits of
//! its answer can be trusted.

/// Where a bracketing search ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Root {
    pub x: f64,
    /// f(x) − target at `x`.
    pub residual: f64,
    /// Width of the final bracket; 0 when f(x) hit the target exactly.
    pub width: f64,
}

/// Why a bracketing search failed: the function's own error, or no convergence.
#[derive(Debug)]
pub enum SolveError<E> {
    Function(E),
    NoConvergence { x: f64, width: f64 },
}

/// Evaluations Brent's method may take; it needs a few dozen even for nasty functions, so
/// reaching this means the function is not behaving like a continuous one.
pub const MAX_ITERATIONS: usize = 200;

/// Brent's method (scipy's `brentq` formulation: inverse quadratic interpolation, secant and
/// bisection, always keeping a sign change) for a root of `g` in [a, b], given g(a) and g(b)
/// of opposite signs. Stops when the bracket is narrower than 1e-15 + 4·ε·|x|.
pub fn brent<E>(
    mut g: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    ga: f64,
    gb: f64,
) -> Result<Root, SolveError<E>> {
    const XTOL: f64 = 1e-15;
    const RTOL: f64 = 4.0 * f64::EPSILON;
    let (mut xpre, mut xcur, mut fpre, mut fcur) = (a, b, ga, gb);
    if fpre == 0.0 {
        return Ok(Root {
            x: xpre,
            residual: 0.0,
            width: 0.0,
        });
    }
    if fcur == 0.0 {
        return Ok(Root {
            x: xcur,
            residual: 0.0,
            width: 0.0,
        });
    }
    let (mut xblk, mut fblk, mut spre, mut scur) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..MAX_ITERATIONS {
        if fpre != 0.0 && fcur != 0.0 && (fpre < 0.0) != (fcur < 0.0) {
            xblk = xpre;
            fblk = fpre;
            spre = xcur - xpre;
            scur = spre;
        }
        if fblk.abs() < fcur.abs() {
            xpre = xcur;
            xcur = xblk;
            xblk = xpre;
            fpre = fcur;
            fcur = fblk;
            fblk = fpre;
        }
        let delta = (XTOL + RTOL * xcur.abs()) / 2.0;
        let sbis = (xblk - xcur) / 2.0;
        if fcur == 0.0 || sbis.abs() < delta {
            return Ok(Root {
                x: xcur,
                residual: fcur,
                width: if fcur == 0.0 { 0.0 } else { 2.0 * sbis.abs() },
            });
        }
        if spre.abs() > delta && fcur.abs() < fpre.abs() {
            let stry = if xpre == xblk {
                // secant
                -fcur * (xcur - xpre) / (fcur - fpre)
            } else {
                // inverse quadratic interpolation
                let dpre = (fpre - fcur) / (xpre - xcur);
                let dblk = (fblk - fcur) / (xblk - xcur);
                -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            };
            if 2.0 * stry.abs() < spre.abs().min(3.0 * sbis.abs() - delta) {
                spre = scur;
                scur = stry;
            } else {
                spre = sbis;
                scur = sbis;
            }
        } else {
            spre = sbis;
            scur = sbis;
        }
        xpre = xcur;
        fpre = fcur;
        if scur.abs() > delta {
            xcur += scur;
        } else {
            xcur += if sbis > 0.0 { delta } else { -delta };
        }
        fcur = g(xcur).map_err(SolveError::Function)?;
    }
    Err(SolveError::NoConvergence {
        x: xcur,
        width: (xblk - xcur).abs(),
    })
}

/// The most significant digits a result that went through `f64` keeps.
pub const MAX_SIGNIFICANT: u32 = 15;

/// The significant digits of `x` that a bracket of `width` pins down, between 1 and 15 (the
/// most an `f64` carries reliably); 15 for an exact hit.
pub fn digits_achieved(x: f64, width: f64) -> u32 {
    if width == 0.0 || x == 0.0 {
        return MAX_SIGNIFICANT;
    }
    let digits = x.abs().log10().floor() - width.log10().floor();
    digits.clamp(1.0, f64::from(MAX_SIGNIFICANT)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brent_finds_roots_to_full_precision() {
        let g = |x: f64| Ok::<f64, ()>(x * x - 2.0);
        let root = brent(g, 0.0, 2.0, -2.0, 2.0).unwrap();
        assert!((root.x - 2f64.sqrt()).abs() < 1e-15, "{root:?}");
        assert_eq!(digits_achieved(root.x, root.width), 15);
        // A linear function is hit exactly by the first secant step.
        let root = brent(|x| Ok::<f64, ()>(2.0 * x - 5.0), 0.0, 10.0, -5.0, 15.0).unwrap();
        assert_eq!((root.x, root.width), (2.5, 0.0));
    }

    #[test]
    fn brent_passes_function_errors_through() {
        let r = brent(|_| Err::<f64, &str>("boom"), 0.0, 1.0, -1.0, 1.0);
        assert!(matches!(r, Err(SolveError::Function("boom"))));
    }

    #[test]
    fn brent_on_a_jump_ends_at_the_jump() {
        let g = |x: f64| Ok::<f64, ()>(if x < 1.0 { -1.0 } else { 1.0 });
        let root = brent(g, 0.0, 3.0, -1.0, 1.0).unwrap();
        assert!((root.x - 1.0).abs() < 1e-14, "{root:?}");
        assert_eq!(root.residual.abs(), 1.0);
    }

    #[test]
    fn digits_follow_the_bracket() {
        assert_eq!(digits_achieved(0.123456, 2e-7), 6);
        assert_eq!(digits_achieved(123.0, 1e-20), 15);
        assert_eq!(digits_achieved(1e-30, 1e-15), 1);
    }
}
