//! Script bindings of fund and deal maths (`whatif_core::finance::{pe, rounds, schedule}`):
//! private-equity multiples and public market equivalents, round maths on a cap table, and
//! loan schedules. Each function converts its arguments, calls the core and converts back.

use rhai::plugin::*;
use rhai::Array;
use rust_decimal::Decimal;
use whatif_core::finance::rounds::Holding;
use whatif_core::finance::schedule::Period;

use whatif_core::money::CurrencyCode;

use crate::args::{rewrap, Amounts, Name};
use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};
use crate::table::{cell, Table};

/// The named arguments of a call written as a map (`dilute(cap, #{raised: …, pre_money: …,
/// investor: …})`), so that two amounts of one kind cannot swap unseen: every name of
/// `names` must be there, and a name not among them is an error with did-you-mean.
struct Named<'a> {
    function: &'static str,
    map: &'a rhai::Map,
    names: &'static [&'static str],
}

impl<'a> Named<'a> {
    fn new(
        function: &'static str,
        map: &'a rhai::Map,
        names: &'static [&'static str],
    ) -> RhaiResult<Named<'a>> {
        let list = || names.join(", ");
        for key in map.keys() {
            if !names.contains(&key.as_str()) {
                // `pre` for `pre_money`: a shortened name is as likely as a misspelled one.
                let shortened = names.iter().copied().find(|n| n.starts_with(key.as_str()));
                let hint = shortened
                    .or_else(|| crate::messages::closest(key, names.iter().copied()))
                    .map(|near| format!(" (did you mean {near}?)"))
                    .unwrap_or_default();
                return Err(script_error(format!(
                    "{function}: unknown argument {key:?}{hint}; its arguments are {}",
                    list()
                )));
            }
        }
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !map.contains_key(*n))
            .collect();
        if !missing.is_empty() {
            return Err(script_error(format!(
                "{function}: missing {} {}; give every one of {} by name",
                if missing.len() == 1 {
                    "argument"
                } else {
                    "arguments"
                },
                missing.join(", "),
                list()
            )));
        }
        Ok(Named {
            function,
            map,
            names,
        })
    }

    fn get(&self, name: &str) -> &Dynamic {
        debug_assert!(self.names.contains(&name));
        &self.map[name]
    }

    fn text(&self, name: &str) -> RhaiResult<String> {
        self.get(name).clone().into_string().map_err(|_| {
            script_error(format!(
                "{}: {name} must be a name in quotes, not {}",
                self.function,
                crate::table::value_text(self.get(name))
            ))
        })
    }
}

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(fund_functions));
}

fn decimals(values: &Array, what: &str) -> RhaiResult<Vec<Decimal>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| to_decimal(v, &format!("{what}[{i}]")))
        .collect()
}

/// The `holder` and `shares` columns of a cap table.
fn cap_table(table: &Table, what: &str) -> RhaiResult<Vec<(String, Decimal)>> {
    let column = |name: &str| {
        table.column_index(name).map_err(|_| {
            script_error(format!(
                "{what}: the cap table needs a {name:?} column (it has {})",
                table.columns().join(", ")
            ))
        })
    };
    let (holder, shares) = (column("holder")?, column("shares")?);
    table
        .rows()
        .iter()
        .map(|row| {
            let name = crate::table::value_text(&row[holder]);
            let count = cell::number(&row[shares]).ok_or_else(|| {
                script_error(format!(
                    "{what}: {name}'s shares must be a number, not {}",
                    crate::table::value_text(&row[shares])
                ))
            })?;
            Ok((name, count))
        })
        .collect()
}

fn holdings_table(holdings: Vec<Holding>) -> RhaiResult<Table> {
    let rows = holdings
        .into_iter()
        .map(|h| {
            vec![
                Dynamic::from(h.holder),
                decimal_to_dynamic(h.shares),
                decimal_to_dynamic(h.ownership),
            ]
        })
        .collect();
    Table::new(
        vec!["holder".into(), "shares".into(), "ownership".into()],
        rows,
    )
    .map_err(|e| script_error(e.0))
}

/// The schedule's amounts are money when the loan was.
fn schedule_table(periods: Vec<Period>, currency: Option<CurrencyCode>) -> RhaiResult<Table> {
    let rows = periods
        .into_iter()
        .map(|p| {
            vec![
                Dynamic::from_int(p.period),
                rewrap(p.payment, currency),
                rewrap(p.interest, currency),
                rewrap(p.principal, currency),
                rewrap(p.balance, currency),
            ]
        })
        .collect();
    let columns = ["period", "payment", "interest", "principal", "balance"];
    Table::new(columns.iter().map(|c| c.to_string()).collect(), rows).map_err(|e| script_error(e.0))
}

#[export_module]
pub mod fund_functions {
    use super::*;
    use crate::bindings::cashflow::{finance_error, finance_result};
    use whatif_core::finance::{pe, rounds, schedule, When};

    pub type Table = crate::table::Table;

    /// Total value to paid-in capital: (distributions + nav) / contributions, exact. `amounts`
    /// are net flows: contributions negative, distributions positive (pyxirr's `pe.tvpi`).
    /// Amounts and nav may be money of one currency, as in every fund metric here.
    ///
    /// ```rhai
    /// assert_eq(tvpi([-10, -20, 15, 30], 15), 2);
    /// assert_eq(tvpi([usd(-10), usd(-20), usd(15), usd(30)], usd(15)), 2);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn tvpi(amounts: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("tvpi");
        let (amounts, nav) = (
            read.all(&amounts, "amounts")?,
            read.amount(&nav, Name::Param("nav"))?,
        );
        read.one_currency()?;
        finance_result(pe::tvpi(&amounts, nav))
    }

    /// Distributions to paid-in capital: distributions / contributions, exact.
    ///
    /// ```rhai
    /// assert_eq(dpi([-10, -20, 15, 30]), 1.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn dpi(amounts: Array) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("dpi");
        let amounts = read.all(&amounts, "amounts")?;
        read.one_currency()?;
        finance_result(pe::dpi(&amounts))
    }

    /// Residual value to paid-in capital: nav / contributions, from the same flows as `tvpi`
    /// and `dpi` (contributions negative), so `tvpi == dpi + rvpi`. Contributions alone may
    /// also be given as positive amounts (pyxirr's form).
    ///
    /// ```rhai
    /// let flows = [-10, -20, 15, 30];
    /// assert_eq(rvpi(flows, 15), 0.5);
    /// assert_eq(dpi(flows) + rvpi(flows, 15), tvpi(flows, 15));
    /// assert_eq(rvpi([10, 20, 15, 30], 15), 0.2);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn rvpi(amounts: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("rvpi");
        let amounts = read.all(&amounts, "amounts")?;
        let nav = read.amount(&nav, Name::Param("nav"))?;
        read.one_currency()?;
        finance_result(pe::rvpi(&amounts, nav))
    }

    /// Multiple on invested capital: (distributions + nav) / contributions, the TVPI ratio.
    ///
    /// ```rhai
    /// assert_eq(moic([-25, 15, 0], 20), 1.4);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn moic(amounts: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("moic");
        let (amounts, nav) = (
            read.all(&amounts, "amounts")?,
            read.amount(&nav, Name::Param("nav"))?,
        );
        read.one_currency()?;
        finance_result(pe::moic(&amounts, nav))
    }

    /// Kaplan–Schoar PME: the TVPI of the flows grown by the market `index` (its level at each
    /// flow) to the end; above 1 the fund beat the market.
    ///
    /// ```rhai
    /// assert_near(ks_pme([-25, 15, 0], [100, 115, 130], 20), 1.13712374582, 1e-11);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn ks_pme(amounts: Array, index: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("ks_pme");
        let (amounts, nav) = (
            read.all(&amounts, "amounts")?,
            read.amount(&nav, Name::Param("nav"))?,
        );
        read.one_currency()?;
        finance_result(pe::ks_pme(
            &amounts,
            &decimals(&index, "ks_pme's index")?,
            nav,
        ))
    }

    /// Long–Nickels PME: the IRR of the flows with the last one replaced by what the same
    /// flows would be worth in the index (pyxirr's `pe.ln_pme`).
    ///
    /// ```rhai
    /// assert_near(ln_pme([-100, -50, 60, 10, 0], [100, 105, 115, 117, 120]), 0.053, 0.001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn ln_pme(amounts: Array, index: Array) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("ln_pme");
        let amounts = read.all(&amounts, "amounts")?;
        read.one_currency()?;
        finance_result(pe::ln_pme(&amounts, &decimals(&index, "ln_pme's index")?))
    }

    /// PME+: the IRR of the contributions and the distributions scaled so that investing the
    /// flows in the index ends at `nav`, then `nav` (pyxirr's `pe.pme_plus`).
    ///
    /// ```rhai
    /// assert_near(pme_plus([-25, 15, 0], [100, 115, 130], 20), 0.1425, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn pme_plus(amounts: Array, index: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("pme_plus");
        let (amounts, nav) = (
            read.all(&amounts, "amounts")?,
            read.amount(&nav, Name::Param("nav"))?,
        );
        read.one_currency()?;
        finance_result(pe::pme_plus(
            &amounts,
            &decimals(&index, "pme_plus's index")?,
            nav,
        ))
    }

    /// Direct alpha: the IRR of the flows grown by the index to the end, plus `nav`: the return
    /// per period above the market's.
    ///
    /// ```rhai
    /// assert_near(direct_alpha([-25, 15, 0], [100, 115, 130], 20), 0.0875, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn direct_alpha(amounts: Array, index: Array, nav: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("direct_alpha");
        let (amounts, nav) = (
            read.all(&amounts, "amounts")?,
            read.amount(&nav, Name::Param("nav"))?,
        );
        read.one_currency()?;
        finance_result(pe::direct_alpha(
            &amounts,
            &decimals(&index, "direct_alpha's index")?,
            nav,
        ))
    }

    /// Post-money value: the amount raised plus the pre-money value. The arguments come in
    /// `dilute`'s order (raised, then pre-money), so the round functions agree; the sum is
    /// the same either way.
    ///
    /// ```rhai
    /// assert_eq(post_money(2e6, 8e6), 10e6);
    /// assert_eq(post_money(usd(2e6), usd(8e6)), usd(10e6));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn post_money(raised: Dynamic, pre_money: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("post_money");
        let (raised, pre) = (
            read.amount(&raised, Name::Param("raised"))?,
            read.amount(&pre_money, Name::Param("pre_money"))?,
        );
        let currency = read.one_currency()?;
        let post = rounds::post_money(pre, raised).map_err(finance_error)?;
        Ok(rewrap(post, currency))
    }

    /// `post_money` with named arguments, so the two amounts cannot swap unseen:
    /// `#{raised: …, pre_money: …}`.
    ///
    /// ```rhai
    /// assert_eq(post_money(#{raised: usd(2e6), pre_money: usd(8e6)}), usd(10e6));
    /// ```
    #[rhai_fn(name = "post_money", return_raw)]
    pub fn post_money_named(args: rhai::Map) -> RhaiResult<Dynamic> {
        let named = Named::new("post_money", &args, &["raised", "pre_money"])?;
        post_money(named.get("raised").clone(), named.get("pre_money").clone())
    }

    /// The whole company's value that a price paid for a stake (a fraction above 0, at most 1)
    /// implies: `price / stake`, exact.
    ///
    /// ```rhai
    /// assert_eq(implied_valuation(4e9, 0.049), 4e9 / 0.049);
    /// assert_eq(implied_valuation(32e9, 1), 32e9);
    /// assert_eq(implied_valuation(usd(4e9), 0.05), usd(80e9));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn implied_valuation(price_paid: Dynamic, stake: Dynamic) -> RhaiResult<Dynamic> {
        let mut read = Amounts::new("implied_valuation");
        let price = read.amount(&price_paid, Name::Param("price_paid"))?;
        let currency = read.one_currency()?;
        let value =
            rounds::implied_valuation(price, to_decimal(&stake, "implied_valuation's stake")?)
                .map_err(finance_error)?;
        Ok(rewrap(value, currency))
    }

    /// A priced round on a cap table (a Table with `holder` and `shares` columns, whole
    /// shares): `investor` gets raised × shares / pre_money new shares (priced at pre_money /
    /// existing shares), rounded down to a whole share, added to its line or on a new one. The
    /// new table has an `ownership` column exact to 12 decimals that sums to exactly 1 (the
    /// last units go to the largest remainders).
    ///
    /// ```rhai
    /// let caps = table(["holder", "shares"], [["founders", 6000000]]);
    /// let after = dilute(caps, 2e6, 8e6, "series a");
    /// assert_eq(after.column("shares"), [6000000, 1500000]);
    /// assert_eq(after.column("ownership"), [0.8, 0.2]);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn dilute(
        cap_table: Table,
        raised: Dynamic,
        pre_money: Dynamic,
        investor: &str,
    ) -> RhaiResult<Table> {
        let mut read = Amounts::new("dilute");
        let (raised, pre) = (
            read.amount(&raised, Name::Param("raised"))?,
            read.amount(&pre_money, Name::Param("pre_money"))?,
        );
        read.one_currency()?;
        let holdings = rounds::dilute(
            &super::cap_table(&cap_table, "dilute")?,
            raised,
            pre,
            investor,
        )
        .map_err(finance_error)?;
        holdings_table(holdings)
    }

    /// `dilute` with named arguments, so the amount raised and the pre-money value cannot swap
    /// unseen: `#{raised: …, pre_money: …, investor: …}`.
    ///
    /// ```rhai
    /// let caps = table(["holder", "shares"], [["founders", 8000000]]);
    /// let after = dilute(caps, #{raised: usd(bn(0.5)), pre_money: usd(bn(4)), investor: "SoftBank"});
    /// assert_eq(after.column("ownership"), [0.888888888889, 0.111111111111]);
    /// ```
    #[rhai_fn(name = "dilute", return_raw)]
    pub fn dilute_named(cap_table: Table, args: rhai::Map) -> RhaiResult<Table> {
        let named = Named::new("dilute", &args, &["raised", "pre_money", "investor"])?;
        dilute(
            cap_table,
            named.get("raised").clone(),
            named.get("pre_money").clone(),
            &named.text("investor")?,
        )
    }

    /// `dilute_with_pool` with named arguments: `#{raised: …, pre_money: …, investor: …,
    /// pool_holder: …, pool_target: …}`.
    ///
    /// ```rhai
    /// let caps = table(["holder", "shares"], [["founders", 6000000]]);
    /// let after = dilute_with_pool(caps, #{raised: 2e6, pre_money: 8e6, investor: "series a", pool_holder: "pool", pool_target: 0.2});
    /// assert_eq(after.column("ownership"), [0.6, 0.2, 0.2]);
    /// ```
    #[rhai_fn(name = "dilute_with_pool", return_raw)]
    pub fn dilute_with_pool_named(cap_table: Table, args: rhai::Map) -> RhaiResult<Table> {
        let names = &[
            "raised",
            "pre_money",
            "investor",
            "pool_holder",
            "pool_target",
        ];
        let named = Named::new("dilute_with_pool", &args, names)?;
        dilute_with_pool(
            cap_table,
            named.get("raised").clone(),
            named.get("pre_money").clone(),
            &named.text("investor")?,
            &named.text("pool_holder")?,
            named.get("pool_target").clone(),
        )
    }

    /// A priced round with an option-pool top-up in the pre-money (Carta's convention, the
    /// "option pool shuffle"): the line `pool_holder` is topped up before the round so that it
    /// is `pool_target` of all shares after it, diluting only the existing holders; then the
    /// investor buys at pre_money / (existing + new pool shares). New shares are whole
    /// (rounded down); ownership sums to exactly 1, as in `dilute`.
    ///
    /// ```rhai
    /// let caps = table(["holder", "shares"], [["founders", 6000000]]);
    /// let after = dilute_with_pool(caps, 2e6, 8e6, "series a", "pool", 0.2);
    /// assert_eq(after.column("shares"), [6000000, 2000000, 2000000]);
    /// assert_eq(after.column("ownership"), [0.6, 0.2, 0.2]);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn dilute_with_pool(
        cap_table: Table,
        raised: Dynamic,
        pre_money: Dynamic,
        investor: &str,
        pool_holder: &str,
        pool_target: Dynamic,
    ) -> RhaiResult<Table> {
        let mut read = Amounts::new("dilute_with_pool");
        let (raised, pre) = (
            read.amount(&raised, Name::Param("raised"))?,
            read.amount(&pre_money, Name::Param("pre_money"))?,
        );
        read.one_currency()?;
        let holdings = rounds::dilute_with_pool(
            &super::cap_table(&cap_table, "dilute_with_pool")?,
            raised,
            pre,
            investor,
            pool_holder,
            to_decimal(&pool_target, "dilute_with_pool's pool_target")?,
        )
        .map_err(finance_error)?;
        holdings_table(holdings)
    }

    /// A loan's schedule as a Table (period, payment, interest, principal, balance) for a loan
    /// `pv` repaid in `nper` level payments at `rate` per period, in cents: the payment is
    /// `pmt` rounded to cents, each interest the balance × rate rounded to cents; the rounding
    /// residue goes to the last payment, so the principal column sums exactly to the loan and
    /// the last balance is exactly 0.
    ///
    /// ```rhai
    /// let s = amortize(0.01, 3, 1000);
    /// assert_eq(s.column("payment"), [340.02, 340.02, 340.03]);
    /// assert_eq(s.sum("principal"), 1000);
    /// assert_eq(s.column("balance")[2], 0);
    /// assert_eq(amortize(0.01, 3, usd(1000)).column("payment")[0], usd(340.02));
    /// ```
    #[rhai_fn(name = "amortize", return_raw)]
    pub fn amortize(rate: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Table> {
        amortize_when(rate, nper, pv, Dynamic::from_int(0), "end")
    }

    /// `amortize` leaving a balloon: `-fv` is still owed after the last payment (numpy's signs:
    /// `fv = -500` leaves 500 owed), and the principal column sums to `pv + fv`.
    ///
    /// ```rhai
    /// let s = amortize(0.01, 12, 1000, -500);
    /// assert_eq(s.sum("principal"), 500);
    /// ```
    #[rhai_fn(name = "amortize", return_raw)]
    pub fn amortize_fv(
        rate: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
    ) -> RhaiResult<Table> {
        amortize_when(rate, nper, pv, fv, "end")
    }

    /// `amortize` with payments at the `"end"` or `"begin"` of each period; paying at the
    /// beginning, the first payment carries no interest.
    ///
    /// ```rhai
    /// let s = amortize(0.01, 3, 1000, 0, "begin");
    /// assert_eq(s.column("interest")[0], 0);
    /// assert_eq(s.sum("principal"), 1000);
    /// ```
    #[rhai_fn(name = "amortize", return_raw)]
    pub fn amortize_when(
        rate: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Table> {
        let mut read = Amounts::new("amortize");
        let (pv, fv) = (
            read.amount(&pv, Name::Param("pv"))?,
            read.amount(&fv, Name::Param("fv"))?,
        );
        let currency = read.one_currency()?;
        let periods = schedule::amortize(
            to_decimal(&rate, "amortize's rate")?,
            to_decimal(&nper, "amortize's nper")?,
            pv,
            fv,
            When::parse(when).map_err(finance_error)?,
        )
        .map_err(finance_error)?;
        schedule_table(periods, currency)
    }
}
