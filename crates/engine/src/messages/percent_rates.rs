//! The words of the note for a rate that looks typed in percent (`npv(10, …)` for 10 %, or
//! `5 / 12` for 5 % a year paid monthly): what the rate means and how to write the likely
//! intent. The finance bindings note it once per call site; the native path of the what-if
//! verbs once per verb call, for the first scenario whose rate looks so.

use rust_decimal::Decimal;
use whatif_core::decimal::POW10;

/// Above 0.2 per period (`above_high`) over more than this many periods, or above 1 over any,
/// a rate was probably typed as an annual rate, or in percent.
const LONG: Decimal = Decimal::from_parts(24, 0, 0, false, 0);

/// Whether `rate > 0.2`, from its digits and scale: the native path asks this of every
/// scenario's rate, where comparing decimals of different scales cost a fifth of a Monte
/// Carlo's run.
#[inline]
pub(crate) fn above_high(rate: Decimal) -> bool {
    // rate = m / 10^s > 2 / 10  <=>  5 m > 10^s (m < 2^96, so 5 m fits).
    let digits = rate.mantissa();
    digits > 0 && 5 * digits > POW10[rate.scale() as usize]
}

/// The note's text when `rate` (called `what` in `function`, over `periods` when known) looks
/// typed in percent; `None` when it looks like a rate.
pub(crate) fn message(
    function: &str,
    what: &str,
    rate: Decimal,
    per: &str,
    periods: Option<Decimal>,
) -> Option<String> {
    if !above_high(rate) {
        return None;
    }
    let long = periods.is_some_and(|n| n.abs() > LONG);
    if !(rate > Decimal::ONE || long) {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let percent = (rate * hundred).round_dp(2).normalize();
    let shown = rate.round_dp(4).normalize();
    let over = match periods {
        Some(n) if long && rate <= Decimal::ONE => format!(" over {} periods", n.normalize()),
        _ => String::new(),
    };
    let twelve = Decimal::from(12);
    let yearly = rate * twelve;
    // A rate with many places was computed, most often divided by 12 (`5 / 12`,
    // `rng.normal(6, 1) / 12`): its twelvefold is what was typed.
    let computed = rate.normalize().scale() > 6;
    let divided = computed && (yearly - yearly.round()).abs() < Decimal::new(1, 9);
    // What the fix shows: a typed figure as typed, a computed one to a few places.
    let figure = |d: Decimal, places: u32| d.round_dp(places).normalize();
    let fix = if per == "period" && divided {
        let yearly = yearly.round();
        format!(
            "for {} % a year paid monthly write {} / 12",
            yearly.normalize(),
            (yearly / hundred).normalize()
        )
    } else if rate > Decimal::ONE {
        format!(
            "for {} % write {}",
            figure(rate, 4),
            figure(rate / hundred, 6)
        )
    } else if per == "period" && computed && yearly > Decimal::ONE {
        // The yearly figure is itself over 100 %: a rate in percent, divided by 12.
        format!(
            "for {} % a year paid monthly write {} / 12",
            figure(yearly, 2),
            figure(yearly / hundred, 4)
        )
    } else {
        format!(
            "for {} % a year paid monthly write {} / 12",
            figure(rate * hundred, 4),
            figure(rate, 6)
        )
    };
    Some(format!(
        "{function}: {what} {shown} per {per} is {percent} %{over}; {fix}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_rate_typed_in_percent_is_named_with_its_fix() {
        let monthly = dec("5") / dec("12");
        assert_eq!(
            message("pmt", "rate", monthly, "period", Some(dec("360"))).unwrap(),
            "pmt: rate 0.4167 per period is 41.67 % over 360 periods; for 5 % a year paid \
             monthly write 0.05 / 12"
        );
        assert_eq!(
            message("npv", "rate", dec("10"), "period", Some(dec("3"))).unwrap(),
            "npv: rate 10 per period is 1000 %; for 10 % write 0.1"
        );
        assert_eq!(
            message("pmt", "rate", dec("0.25"), "period", Some(dec("360"))).unwrap(),
            "pmt: rate 0.25 per period is 25 % over 360 periods; for 25 % a year paid monthly \
             write 0.25 / 12"
        );
    }

    #[test]
    fn the_quick_test_of_a_rate_agrees_with_decimal_comparison() {
        const HIGH: Decimal = Decimal::from_parts(2, 0, 0, false, 1);
        let mut rates = vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::ZERO,
            -Decimal::ZERO,
            HIGH,
        ];
        for (digits, scale) in [(2, 1), (20, 2), (200_001, 6), (199_999, 6), (5, 0), (1, 28)] {
            rates.push(Decimal::new(digits, scale));
            rates.push(Decimal::new(-digits, scale));
        }
        rates.push("0.2000000000000000000000000001".parse().unwrap());
        rates.push("0.1999999999999999999999999999".parse().unwrap());
        rates.push("79228162514264337593543950335".parse().unwrap());
        for rate in rates {
            assert_eq!(above_high(rate), rate > HIGH, "{rate}");
        }
    }

    #[test]
    fn a_computed_rate_is_named_in_a_few_places() {
        // `rng.normal(6, 1) / 12` drew 4.4547...: 4.45 % a year was meant.
        let drawn = dec("4.4547771628597099") / dec("12");
        assert_eq!(
            message("pmt", "rate", drawn, "period", Some(dec("360"))).unwrap(),
            "pmt: rate 0.3712 per period is 37.12 % over 360 periods; for 4.45 % a year paid \
             monthly write 0.0445 / 12"
        );
        assert_eq!(
            message(
                "npv",
                "rate",
                dec("4.90955432571941"),
                "period",
                Some(dec("2"))
            )
            .unwrap(),
            "npv: rate 4.9096 per period is 490.96 %; for 4.9096 % write 0.049096"
        );
        // A typed rate that is not divided keeps its places in the fix.
        assert_eq!(
            message("npv", "rate", dec("0.200005"), "period", Some(dec("40"))).unwrap(),
            "npv: rate 0.2 per period is 20 % over 40 periods; for 20.0005 % a year paid \
             monthly write 0.200005 / 12"
        );
    }

    #[test]
    fn ordinary_rates_pass_without_a_note() {
        for (rate, periods) in [
            ("0.05", Some("360")),
            ("0.004166", Some("360")),
            ("0.25", Some("10")),
            ("1", Some("2")),
            ("-0.5", Some("100")),
            ("0.3", None),
            ("0.0125", Some("24")),
        ] {
            assert_eq!(
                message("pmt", "rate", dec(rate), "period", periods.map(dec)),
                None,
                "{rate}"
            );
        }
    }
}
