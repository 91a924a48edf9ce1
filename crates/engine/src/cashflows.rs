//! The script types of cached cash flows (`cashflows([...])`): plain, or money of one currency.
//! Their own module, so that the text of values (`text`) can show them without depending on the
//! bindings that make them.

use rhai::Dynamic;
use rust_decimal::Decimal;

/// The script type `CashFlows` (made by `cashflows([...])` of plain numbers): the core's cached
/// flows.
#[derive(Debug, Clone)]
pub struct CashFlows(pub whatif_core::finance::CashFlows);

/// Cached flows given as money of one currency (`cashflows([usd(-100), usd(110)])`), also
/// "CashFlows" to scripts: `npv` of them is money. A type of its own, so that code reading plain
/// `CashFlows` (the what-if verbs' native path) never drops the currency.
#[derive(Debug, Clone)]
pub struct MoneyCashFlows(pub CashFlows, pub whatif_core::money::CurrencyCode);

impl CashFlows {
    /// The flows as the call that makes them: `cashflows([-100, 110])`, or with `currency`
    /// `cashflows([usd(-100), usd(110)])`.
    pub fn text(&self, currency: Option<whatif_core::money::CurrencyCode>) -> String {
        let items: Vec<String> = self
            .0
            .decimals
            .iter()
            .map(|v| {
                let number = v.normalize().to_string();
                match currency {
                    Some(code) => crate::messages::money_call(&code, &number),
                    None => number,
                }
            })
            .collect();
        format!("cashflows([{}])", items.join(", "))
    }
}

impl MoneyCashFlows {
    /// An amount of these flows: money in their currency.
    pub(crate) fn amount(&self, value: Decimal) -> Dynamic {
        Dynamic::from(whatif_core::money::Money::new(value, self.1))
    }

    pub fn text(&self) -> String {
        self.0.text(Some(self.1))
    }
}
