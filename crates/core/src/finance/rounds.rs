//! Round maths on a cap table: post-money, the valuation a price paid for a stake implies, and
//! what a priced round (with or without an option-pool top-up) does to each holder's shares and
//! ownership. Shares are whole; new shares are rounded down to whole shares (a company cannot
//! issue a fraction of one); ownership is exact to `OWNERSHIP_DECIMALS` and sums to exactly 1.

use rust_decimal::Decimal;

use super::{domain, FinanceResult};

/// Decimals of the ownership column; the last units go by largest remainder so it sums to 1.
pub const OWNERSHIP_DECIMALS: u32 = 12;

/// One holder's line after the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub holder: String,
    pub shares: Decimal,
    pub ownership: Decimal,
}

/// Pre-money plus the amount raised.
pub fn post_money(pre_money: Decimal, raised: Decimal) -> FinanceResult {
    if pre_money <= Decimal::ZERO || raised < Decimal::ZERO {
        return Err(domain(format!(
            "post_money: the pre-money value must be positive and the amount raised not negative, \
             not {} and {}",
            pre_money.normalize(),
            raised.normalize()
        )));
    }
    pre_money
        .checked_add(raised)
        .map(|v| v.normalize())
        .ok_or_else(|| domain("post_money: the sum overflows the decimal range"))
}

/// The whole company's value that `price_paid` for `stake` (a fraction, 0 < stake <= 1)
/// implies: price / stake.
pub fn implied_valuation(price_paid: Decimal, stake: Decimal) -> FinanceResult {
    if stake <= Decimal::ZERO || stake > Decimal::ONE {
        return Err(domain(format!(
            "implied_valuation: the stake must be a fraction above 0 and at most 1 (4.9% is 0.049), \
             not {}",
            stake.normalize()
        )));
    }
    price_paid
        .checked_div(stake)
        .map(|v| v.normalize())
        .ok_or_else(|| domain("implied_valuation: the value overflows the decimal range"))
}

fn whole_shares(what: &str, holder: &str, shares: Decimal) -> FinanceResult<i128> {
    let shares = shares.normalize();
    if shares.is_sign_negative() || shares.scale() != 0 {
        return Err(domain(format!(
            "{what}: {holder} holds {shares} shares; shares must be whole and not negative"
        )));
    }
    // A whole Decimal has at most 96 bits of mantissa.
    Ok(shares.mantissa())
}

/// Each holder's fraction of `total`, rounded down to `OWNERSHIP_DECIMALS`, the units left over
/// given one each to the largest remainders (Hamilton's method): exact, and summing to 1.
fn ownership(shares: &[i128], total: i128) -> Vec<Decimal> {
    let unit = 10i128.pow(OWNERSHIP_DECIMALS);
    // shares <= total < 2^97 and unit < 2^40, so the products fit an i128.
    let mut parts: Vec<(i128, i128)> = shares
        .iter()
        .map(|s| ((s * unit) / total, (s * unit) % total))
        .collect();
    let given: i128 = parts.iter().map(|p| p.0).sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order.into_iter().take((unit - given) as usize) {
        parts[i].0 += 1;
    }
    parts
        .iter()
        .map(|(units, _)| Decimal::from_i128_with_scale(*units, OWNERSHIP_DECIMALS).normalize())
        .collect()
}

fn decimal(value: i128) -> FinanceResult {
    Decimal::try_from_i128_with_scale(value, 0)
        .map_err(|_| domain("dilute: the share count overflows the decimal range"))
}

/// Reads the cap table: whole shares, at least one share in all.
fn read(what: &str, cap_table: &[(String, Decimal)]) -> FinanceResult<(Vec<i128>, i128)> {
    let shares = cap_table
        .iter()
        .map(|(holder, s)| whole_shares(what, holder, *s))
        .collect::<FinanceResult<Vec<i128>>>()?;
    let total: i128 = shares.iter().sum();
    if total == 0 {
        return Err(domain(format!("{what}: the cap table has no shares")));
    }
    // Room for the new shares and for exact ownership arithmetic (shares × 10^12 in an i128).
    if total > 10i128.pow(24) {
        return Err(domain(format!(
            "{what}: the cap table has more than 10^24 shares; count them in larger units"
        )));
    }
    Ok((shares, total))
}

fn check_round(what: &str, raised: Decimal, pre_money: Decimal) -> FinanceResult<()> {
    if pre_money <= Decimal::ZERO || raised <= Decimal::ZERO {
        return Err(domain(format!(
            "{what}: the amount raised and the pre-money value must be positive, not {} and {}",
            raised.normalize(),
            pre_money.normalize()
        )));
    }
    Ok(())
}

/// `raised * numerator / denominator` rounded down to whole shares.
fn shares_for(
    what: &str,
    raised: Decimal,
    numerator: i128,
    denominator: Decimal,
) -> FinanceResult<i128> {
    let n = decimal(numerator)?;
    let shares = raised
        .checked_mul(n)
        .and_then(|v| v.checked_div(denominator))
        .ok_or_else(|| domain(format!("{what}: the new shares overflow the decimal range")))?
        .floor();
    Ok(shares.mantissa() / 10i128.pow(shares.scale()))
}

/// The table after adding `new` shares to `holder` (a new line at the end if it is not there).
fn finish(
    mut cap_table: Vec<(String, i128)>,
    additions: &[(&str, i128)],
) -> FinanceResult<Vec<Holding>> {
    for (holder, new) in additions {
        match cap_table.iter_mut().find(|(h, _)| h == holder) {
            Some(line) => line.1 += new,
            None => cap_table.push((holder.to_string(), *new)),
        }
    }
    let shares: Vec<i128> = cap_table.iter().map(|l| l.1).collect();
    let total: i128 = shares.iter().sum();
    if total > 10i128.pow(26) {
        return Err(domain(
            "the round would issue more than 10^26 shares; check the amount raised against the pre-money value",
        ));
    }
    let owned = ownership(&shares, total);
    cap_table
        .into_iter()
        .zip(owned)
        .map(|((holder, shares), ownership)| {
            Ok(Holding {
                holder,
                shares: decimal(shares)?,
                ownership,
            })
        })
        .collect()
}

/// A priced round: new shares for `investor` at pre_money / existing shares each, that is
/// raised × existing shares / pre_money, rounded down to a whole share.
pub fn dilute(
    cap_table: &[(String, Decimal)],
    raised: Decimal,
    pre_money: Decimal,
    investor: &str,
) -> FinanceResult<Vec<Holding>> {
    check_round("dilute", raised, pre_money)?;
    let (shares, total) = read("dilute", cap_table)?;
    let new = shares_for("dilute", raised, total, pre_money)?;
    let lines = cap_table.iter().map(|l| l.0.clone()).zip(shares).collect();
    finish(lines, &[(investor, new)])
}

/// A priced round with an option-pool top-up, Carta's (and the term sheets') convention: the
/// pool is topped up before the round, inside the pre-money, so that after the round it is
/// `pool_target` of all shares; only the existing holders are diluted by it. With S existing
/// shares (the pool's P0 among them), f = raised / post-money and p = pool_target, the shares
/// after the round are T = (S − P0) / (1 − p − f), the pool gets pT − P0 more (none if it is
/// already big enough) and the investor fT, both rounded down to whole shares; the price per
/// share is pre_money / (S + the pool's new shares).
pub fn dilute_with_pool(
    cap_table: &[(String, Decimal)],
    raised: Decimal,
    pre_money: Decimal,
    investor: &str,
    pool_holder: &str,
    pool_target: Decimal,
) -> FinanceResult<Vec<Holding>> {
    const WHAT: &str = "dilute_with_pool";
    check_round(WHAT, raised, pre_money)?;
    if pool_target < Decimal::ZERO || pool_target >= Decimal::ONE {
        return Err(domain(format!(
            "{WHAT}: the pool target is a fraction of the shares after the round (15% is 0.15), \
             not {}",
            pool_target.normalize()
        )));
    }
    let (shares, total) = read(WHAT, cap_table)?;
    let pool_now: i128 = cap_table
        .iter()
        .zip(&shares)
        .filter(|(line, _)| line.0 == pool_holder)
        .map(|(_, s)| *s)
        .sum();
    let post = post_money(pre_money, raised)?;
    let investor_fraction = raised / post;
    let rest = Decimal::ONE - pool_target - investor_fraction;
    if rest <= Decimal::ZERO {
        return Err(domain(format!(
            "{WHAT}: the pool ({}) and the investor ({}) would own everything after the round",
            pool_target.normalize(),
            investor_fraction.normalize()
        )));
    }
    let overflow = || {
        domain(format!(
            "{WHAT}: the share count overflows the decimal range"
        ))
    };
    let after = decimal(total - pool_now)?
        .checked_div(rest)
        .ok_or_else(overflow)?;
    let pool_after = pool_target.checked_mul(after).ok_or_else(overflow)?;
    let top_up = (pool_after - decimal(pool_now)?).max(Decimal::ZERO).floor();
    let top_up = top_up.mantissa() / 10i128.pow(top_up.scale());
    let new = shares_for(WHAT, raised, total + top_up, pre_money)?;
    let lines = cap_table.iter().map(|l| l.0.clone()).zip(shares).collect();
    finish(lines, &[(pool_holder, top_up), (investor, new)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    fn table(lines: &[(&str, &str)]) -> Vec<(String, Decimal)> {
        lines.iter().map(|(h, s)| (h.to_string(), dec(s))).collect()
    }

    fn total(holdings: &[Holding]) -> Decimal {
        holdings.iter().map(|h| h.ownership).sum()
    }

    #[test]
    fn post_money_and_implied_valuation() {
        assert_eq!(
            post_money(dec("8000000"), dec("2000000")).unwrap(),
            dec("10000000")
        );
        assert_eq!(
            implied_valuation(dec("4000000000"), dec("0.049")).unwrap(),
            dec("4000000000") / dec("0.049")
        );
        assert!(implied_valuation(dec("1"), dec("0"))
            .unwrap_err()
            .to_string()
            .contains("0.049"));
        assert!(implied_valuation(dec("1"), dec("4.9")).is_err());
    }

    // Venture Hacks, "The option pool shuffle" (venturehacks.com/option-pool-shuffle): a
    // USD 2M investment at USD 8M pre-money, 6M shares outstanding: USD 1.33 a share without
    // a pool; with a pool of 20% of the post-financing capitalisation, USD 1.00 a share, so
    // 2M new shares each for the pool and the investor, 10M in all.
    #[test]
    fn a_priced_round_matches_the_textbook() {
        let founders = table(&[("founders", "6000000")]);
        let round = dilute(&founders, dec("2000000"), dec("8000000"), "series a").unwrap();
        assert_eq!(round[1].holder, "series a");
        assert_eq!(round[1].shares, dec("1500000"));
        assert_eq!(round[0].ownership, dec("0.8"));
        assert_eq!(round[1].ownership, dec("0.2"));

        let round = dilute_with_pool(
            &founders,
            dec("2000000"),
            dec("8000000"),
            "series a",
            "pool",
            dec("0.2"),
        )
        .unwrap();
        let shares: Vec<_> = round
            .iter()
            .map(|h| (h.holder.as_str(), h.shares))
            .collect();
        assert_eq!(
            shares,
            [
                ("founders", dec("6000000")),
                ("pool", dec("2000000")),
                ("series a", dec("2000000"))
            ]
        );
        assert_eq!(round[0].ownership, dec("0.6"));
        assert_eq!(total(&round), Decimal::ONE);
    }

    #[test]
    fn an_existing_pool_is_topped_up_only_to_the_target() {
        let lines = table(&[("founders", "5000000"), ("pool", "1000000")]);
        let round = dilute_with_pool(
            &lines,
            dec("2000000"),
            dec("8000000"),
            "series a",
            "pool",
            dec("0.2"),
        )
        .unwrap();
        // T = 5M / 0.6; the pool grows to 20% of it, the investor gets 20%.
        assert_eq!(round[1].shares, dec("1666666"));
        assert_eq!(round[2].shares, dec("1666666"));
        assert_eq!(total(&round), Decimal::ONE);
        // A pool already above the target gets nothing more.
        let round = dilute_with_pool(
            &lines,
            dec("2000000"),
            dec("8000000"),
            "series a",
            "pool",
            dec("0.1"),
        )
        .unwrap();
        assert_eq!(round[1].shares, dec("1000000"));
    }

    #[test]
    fn ownership_sums_to_exactly_one_by_largest_remainder() {
        let thirds = table(&[("a", "1"), ("b", "1"), ("c", "1")]);
        let round = dilute(&thirds, dec("1"), dec("3"), "d").unwrap();
        assert_eq!(total(&round), Decimal::ONE);
        assert_eq!(round[0].ownership, dec("0.25"));
        let odd = table(&[("a", "1"), ("b", "1")]);
        let round = dilute(&odd, dec("1"), dec("2"), "c").unwrap();
        assert_eq!(total(&round), Decimal::ONE);
        // 1/3 each: the one unit left over goes to the first of the equal remainders.
        assert_eq!(round[0].ownership, dec("0.333333333334"));
        assert_eq!(round[2].ownership, dec("0.333333333333"));
    }

    #[test]
    fn bad_cap_tables_are_named() {
        let message = dilute(&table(&[("a", "1.5")]), dec("1"), dec("1"), "x")
            .unwrap_err()
            .to_string();
        assert!(message.contains("a holds 1.5 shares"), "{message}");
        assert!(dilute(&table(&[("a", "0")]), dec("1"), dec("1"), "x").is_err());
        assert!(dilute(&table(&[("a", "1")]), dec("0"), dec("1"), "x").is_err());
        assert!(dilute_with_pool(
            &table(&[("a", "1")]),
            dec("1"),
            dec("1"),
            "x",
            "pool",
            dec("0.6")
        )
        .unwrap_err()
        .to_string()
        .contains("would own everything"));
    }
}
