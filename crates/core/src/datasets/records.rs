//! One typed record per data file: the columns (with their meaning and unit, which `describe`
//! shows), the embedded CSV text, and the checks that span several columns of a row.

use serde::Deserialize;

use super::fields::{
    Count, Currency, Date, Field, Fraction, Id, Number, Qualifier, Source, Text, ToCell,
};
use super::{Cell, ColumnSpec, Record};

// Column meanings shared by several files, so that `describe` explains them the same way.
const AMOUNT: &str = "the amount in full base units (100000000000, never 100 or \"100B\")";
const CURRENCY: &str = "ISO 4217 code of `amount`";
const QUALIFIER: &str =
    "the article's hedge on the row's main figure: over, about, nearly, up to, at its peak, \
     as early as, after, unspecified; empty when the figure is stated exactly";
const NAME_ZH: &str = "the name as the article writes it in Chinese, where it does";
const NOTE: &str = "the article's own words for this figure";
const SOURCE: &str =
    "reference number(s) in the article's list (`1;3;4`), or `article` when none can be told";
const REPORTED_BY: &str = "who the article credits for the figure, where it names someone";
const DATE: &str = "as precisely as the article gives it: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn";

/// Defines a record type, its columns in file order and its `Record` implementation. The
/// row checks that span columns live in each type's `validate`.
macro_rules! record {
    (
        $(#[$meta:meta])*
        $name:ident in $dataset:literal from $file:literal: $description:expr;
        { $( $field:ident : $ty:ty => $meaning:expr, $unit:expr; )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( pub $field: $ty, )*
        }

        impl Record for $name {
            const NAME: &'static str = $dataset;
            const FILE: &'static str = $file;
            const TEXT: &'static str = include_str!(concat!("data/", $file));
            const DESCRIPTION: &'static str = $description;
            const COLUMNS: &'static [ColumnSpec] = &[
                $( ColumnSpec { name: stringify!($field), meaning: $meaning, unit: $unit }, )*
            ];
            fn id(&self) -> &str {
                &self.id.0
            }
            fn cells(&self) -> Vec<Cell> {
                vec![ $( self.$field.to_cell(), )* ]
            }
            fn check(&self) -> Result<(), String> {
                self.validate()
            }
            fn diagnose(cells: &[&str]) -> Option<(usize, String)> {
                let parsers: &[fn(&str) -> Result<(), String>] =
                    &[$( |text| <$ty as Field>::parse_text(text).map(|_| ()), )*];
                parsers.iter().enumerate().find_map(|(i, parse)| {
                    parse(cells.get(i).copied().unwrap_or("")).err().map(|e| (i, e))
                })
            }
        }
    };
}

/// An amount needs its currency.
fn money(amount: &Option<Number>, currency: &Option<Currency>) -> Result<(), String> {
    match (amount, currency) {
        (Some(a), None) => Err(format!("amount {} has no currency", a.0)),
        _ => Ok(()),
    }
}

/// A figure's own qualifier needs the figure.
fn hedged<T>(figure: &Option<T>, qualifier: &Option<Qualifier>, what: &str) -> Result<(), String> {
    match (figure, qualifier) {
        (None, Some(q)) => Err(format!("{what}_qualifier {:?} without a {what}", q.0)),
        _ => Ok(()),
    }
}

record! {
    /// SoftBank's investment pledges to the United States (2016 and 2024).
    Pledge in "pledges" from "pledges.csv":
        "SoftBank's pledges to invest in the United States: amount, jobs, horizon and deadline";
    {
        id: Id => "stable row id", "";
        entity: Text => "who pledges", "";
        name_zh: Option<Text> => NAME_ZH, "";
        recipient: Text => "where the money goes", "";
        date: Date => "when the pledge was announced", DATE;
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        jobs: Option<Count> => "jobs the pledge is to create", "jobs";
        horizon_years: Option<Count> => "years over which the money is to be invested", "years";
        deploy_by: Option<Date> => "year by which the money is to be deployed", DATE;
        status: Option<Text> => "what the article says became of the pledge", "";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl Pledge {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)
    }
}

record! {
    /// SoftBank's and the Vision Fund's deals, holdings and results.
    SoftbankDeal in "softbank_deals" from "softbank_deals.csv":
        "SoftBank's investments, acquisitions, sales and holdings (Yahoo, Alibaba, ARM, \
         the Vision Fund, Nvidia, OpenAI and others)";
    {
        id: Id => "stable row id", "";
        entity: Text => "the company or fund concerned", "";
        name_zh: Option<Text> => NAME_ZH, "";
        kind: Text => "investment, follow-on investment, acquisition, sale, holding, fund raised, \
                       portfolio, total assets, investment loss, fundraising", "";
        date: Option<Date> => "when; empty where the article says only recently or now", DATE;
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        stake: Option<Fraction> => "share of the company bought, sold or held", "fraction (0.35 = 35 %)";
        stake_qualifier: Option<Qualifier> => "the article's hedge on `stake`", "";
        count: Option<Count> => "a count the article gives for the row", "see count_of";
        count_of: Option<Text> => "what `count` counts", "";
        count_qualifier: Option<Qualifier> => "the article's hedge on `count`", "";
        value_later: Option<Number> => "what the stake would be worth now, per the article", "currency units";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl SoftbankDeal {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        if self.value_later.is_some() && self.currency.is_none() {
            return Err("value_later has no currency".into());
        }
        hedged(&self.stake, &self.stake_qualifier, "stake")?;
        hedged(&self.count, &self.count_qualifier, "count")?;
        if self.count.is_some() != self.count_of.is_some() {
            return Err("count and count_of go together".into());
        }
        Ok(())
    }
}

record! {
    /// Single financing rounds of AI companies in 2024, US and China.
    FundingRound in "funding_rounds" from "funding_rounds.csv":
        "AI companies' financing rounds in 2024 in the United States and China \
         (xAI, OpenAI, the over-USD-100-million club, Moonshot AI, Baichuan, Infinigence, \
         Zhipu, ModelBest, StepFun)";
    {
        id: Id => "stable row id", "";
        entity: Text => "the company raising money", "";
        name_zh: Option<Text> => NAME_ZH, "";
        country: Text => "the company's country", "";
        date: Date => "when the round closed", DATE;
        round: Option<Text> => "the round as the article names it (A, A+, B, C, new round)", "";
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        investors: Option<Text> => "investors the article names, separated by `;`", "";
        investor_count: Option<Count> => "how many investors took part", "investors";
        investor_count_qualifier: Option<Qualifier> => "the article's hedge on `investor_count`", "";
        note: Text => NOTE, "";
        reported_by: Option<Text> => REPORTED_BY, "";
        source: Source => SOURCE, "";
    }
}

impl FundingRound {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        hedged(
            &self.investor_count,
            &self.investor_count_qualifier,
            "investor_count",
        )
    }
}

record! {
    /// Market capitalisations, valuations and their milestones.
    Valuation in "valuations" from "valuations.csv":
        "Market capitalisations and valuations: Nvidia's USD 1T -> 2T -> 3T milestones, \
         ARM at its IPO and at its peak, OpenAI, xAI, SoftBank's Alibaba stake";
    {
        id: Id => "stable row id", "";
        entity: Text => "the company", "";
        name_zh: Option<Text> => NAME_ZH, "";
        metric: Text => "market cap, market cap milestone, peak market cap, valuation, target valuation, stake value", "";
        date: Option<Date> => "when; empty where the article gives no date", DATE;
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        from_amount: Option<Number> => "for a milestone: the level it grew from", "currency units";
        multiple: Option<Number> => "the amount as a multiple of the earlier value, where stated", "times";
        elapsed: Option<Count> => "time taken from the earlier value", "see elapsed_unit";
        elapsed_unit: Option<Text> => "unit of `elapsed`: days or months", "";
        note: Text => NOTE, "";
        reported_by: Option<Text> => REPORTED_BY, "";
        source: Source => SOURCE, "";
    }
}

impl Valuation {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        if self.from_amount.is_some() && self.currency.is_none() {
            return Err("from_amount has no currency".into());
        }
        if self.elapsed.is_some() != self.elapsed_unit.is_some() {
            return Err("elapsed and elapsed_unit go together".into());
        }
        if let Some(unit) = &self.elapsed_unit {
            if !matches!(unit.0.as_str(), "days" | "months" | "years") {
                return Err(format!(
                    "elapsed_unit {:?} must be days, months or years",
                    unit.0
                ));
            }
        }
        Ok(())
    }
}

record! {
    /// Aggregates over countries and periods, and counts of companies.
    FundingTotal in "funding_totals" from "funding_totals.csv":
        "AI funding totals by country and period (US 2024 and Q3, China 2023 and 2024, \
         Stanford AI Index 2023), with company counts and shares of all venture capital";
    {
        id: Id => "stable row id", "";
        entity: Text => "the country or company the total covers", "";
        name_zh: Option<Text> => NAME_ZH, "";
        scope: Text => "what is summed or counted", "";
        period: Option<Date> => "the period covered: a year, quarter, month or day", DATE;
        to_date: Option<Date> => "for a period still running: the last day counted", DATE;
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        count: Option<Count> => "how many companies the total covers", "companies";
        count_qualifier: Option<Qualifier> => "the article's hedge on `count`", "";
        share: Option<Fraction> => "the total as a share of all venture capital in the period", "fraction (0.28 = 28 %)";
        note: Text => NOTE, "";
        reported_by: Option<Text> => REPORTED_BY, "";
        source: Source => SOURCE, "";
    }
}

impl FundingTotal {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        hedged(&self.count, &self.count_qualifier, "count")
    }
}

record! {
    /// Percentage moves and multiples of share prices, market caps and returns.
    StockMove in "stock_moves" from "stock_moves.csv":
        "Moves and multiples: ARM's first trading day, Nvidia's share price and market cap, \
         SoftBank's return on Alibaba";
    {
        id: Id => "stable row id", "";
        entity: Text => "the company", "";
        name_zh: Option<Text> => NAME_ZH, "";
        measure: Text => "what moved", "";
        since: Option<Date> => "start of the move", DATE;
        through: Option<Date> => "end of the move; empty for up to the article's time", DATE;
        change: Number => "the size of the move", "see unit";
        unit: Text => "fraction (0.25 = up 25 %) or times (9 = nine times)", "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl StockMove {
    fn validate(&self) -> Result<(), String> {
        match self.unit.0.as_str() {
            "fraction" | "times" => Ok(()),
            other => Err(format!("unit {other:?} must be fraction or times")),
        }
    }
}

record! {
    /// Forecasts and plans for the future.
    Forecast in "forecasts" from "forecasts.csv":
        "Forecasts and targets: Goldman Sachs on AI investment in 2025 and as a share of US GDP; \
         SoftBank's AI chip plans";
    {
        id: Id => "stable row id", "";
        forecaster: Text => "who forecasts or plans", "";
        entity: Text => "the region or company the forecast is about", "";
        name_zh: Option<Text> => NAME_ZH, "";
        subject: Text => "what is forecast", "";
        date: Option<Date> => "the year the forecast is for; empty for the long run", DATE;
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        share: Option<Fraction> => "a share the forecast gives", "fraction";
        share_low: Option<Fraction> => "low end of a forecast range of shares", "fraction";
        share_high: Option<Fraction> => "high end of a forecast range of shares", "fraction";
        share_of: Option<Text> => "what the share is a share of", "";
        note: Text => NOTE, "";
        reported_by: Option<Text> => REPORTED_BY, "";
        source: Source => SOURCE, "";
    }
}

impl Forecast {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        let has_share =
            self.share.is_some() || self.share_low.is_some() || self.share_high.is_some();
        if has_share != self.share_of.is_some() {
            return Err("a share needs share_of, and share_of needs a share".into());
        }
        if let (Some(low), Some(high)) = (&self.share_low, &self.share_high) {
            if low.0 > high.0 {
                return Err(format!(
                    "share_low {} is above share_high {}",
                    low.0, high.0
                ));
            }
        }
        Ok(())
    }
}

record! {
    /// US measures against China's chip industry.
    ExportControl in "export_controls" from "export_controls.csv":
        "US chip measures: the December 2024 export-control rules (140 entities, 24 equipment \
         types, 3 software tools, HBM) and the 2022 CHIPS and Science Act";
    {
        id: Id => "stable row id", "";
        measure: Text => "the measure", "";
        name_zh: Option<Text> => NAME_ZH, "";
        authority: Text => "who issued it", "";
        date: Date => "when", DATE;
        count: Option<Count> => "how many items the measure covers", "see count_unit";
        count_unit: Option<Text> => "what `count` counts", "";
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl ExportControl {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        if self.count.is_some() != self.count_unit.is_some() {
            return Err("count and count_unit go together".into());
        }
        Ok(())
    }
}

record! {
    /// Dated events.
    Event in "timeline" from "timeline.csv":
        "Dated events: Masayoshi Son's life, SoftBank's founding and listing, Alibaba's IPO, \
         the Vision Fund, ChatGPT, ARM's IPO, Nvidia in 2024, China's 2025 priorities";
    {
        id: Id => "stable row id", "";
        date: Date => "when", DATE;
        entity: Text => "who", "";
        name_zh: Option<Text> => NAME_ZH, "";
        event: Text => "what happened", "";
        amount: Option<Number> => AMOUNT, "currency units";
        currency: Option<Currency> => CURRENCY, "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        figure: Option<Count> => "another number the article gives for the event", "see figure_unit";
        figure_unit: Option<Text> => "what `figure` counts", "";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl Event {
    fn validate(&self) -> Result<(), String> {
        money(&self.amount, &self.currency)?;
        if self.figure.is_some() != self.figure_unit.is_some() {
            return Err("figure and figure_unit go together".into());
        }
        Ok(())
    }
}

record! {
    /// Counts the article states that belong to no event, deal or total.
    Fact in "facts" from "facts.csv":
        "Other counts the article states (AI chip makers, years between the pledges)";
    {
        id: Id => "stable row id", "";
        subject: Text => "what is counted", "";
        name_zh: Option<Text> => "the article's Chinese phrase", "";
        value: Number => "the count", "see unit";
        unit: Text => "unit of `value`", "";
        qualifier: Option<Qualifier> => QUALIFIER, "";
        note: Text => NOTE, "";
        source: Source => SOURCE, "";
    }
}

impl Fact {
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}
