//! The article's datasets in scripts: each one is a global constant by its name (`pledges`,
//! `funding_rounds`, …) built at first use and cached per engine, plus `datasets()` and
//! `describe(name)`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rhai::plugin::*;
use rhai::{Array, Dynamic, Engine, Map};

use crate::numbers::{script_error, RhaiResult};
use crate::table::dataset::{dataset_table, fx_rates_table};
use whatif_core::datasets::{self, Dataset};
use whatif_core::fx::FxSession;

/// Registers `datasets()` and `describe(name)`.
pub fn register(module: &mut Module) {
    module.combine_flatten(exported_module!(data_functions));

    // `fx_rates` and its description follow the session's `set_fx` overrides, so they are
    // built from the session's table on every use rather than from the static registry.
    rhai::FuncRegistration::new("describe")
        .with_comments([DESCRIBE_DOC])
        .with_params_info(["name: &str", "Map"])
        .set_into_module(module, |name: &str| -> RhaiResult<Map> {
            if name == FX_RATES {
                let fx = super::state::fx();
                let mut map = session_fx(&fx).map(|d| describe_map(&d))?;
                let rows = whatif_core::fx::row_count(&fx).map_err(crate::messages::fx_error)?;
                map.insert("rows".into(), Dynamic::from_int(rows as i64));
                return Ok(map);
            }
            find(name, "describe").map(describe_map)
        });
}

/// Attaches the resolver that makes every dataset a global name to `engine`; `fx_rates` is
/// the session's own table. The resolver is Rhai's `on_var` hook (one per engine); it answers
/// only for dataset names that no variable in scope shadows, so `let pledges = 5; pledges` is `5`.
pub fn attach(engine: &mut Engine, fx: FxSession) {
    // Building the array of maps takes longer than cloning it, so each engine keeps the ones
    // its scripts have used.
    let cache: Rc<RefCell<HashMap<String, Dynamic>>> = Rc::default();
    // `fx_rates` is rebuilt only when the session's rates change (`set_fx`, `fx_load`).
    let fx_cache: Rc<RefCell<Option<(u64, Dynamic)>>> = Rc::default();
    // `on_var` is marked deprecated only to flag it as volatile API.
    #[allow(deprecated)]
    engine.on_var(move |name, index, context| {
        // `index > 0`: the parser found a local variable of that name.
        if index > 0 || !datasets::is_name(name) || context.scope().contains(name) {
            return Ok(None);
        }
        if name == FX_RATES {
            if let Some((generation, table)) = fx_cache.borrow().as_ref() {
                if *generation == fx.generation() {
                    return Ok(Some(table.clone()));
                }
            }
            let table = Dynamic::from(fx_rates_table(&fx, false).map_err(script_error)?);
            *fx_cache.borrow_mut() = Some((fx.generation(), table.clone()));
            return Ok(Some(table));
        }
        if let Some(value) = cache.borrow().get(name) {
            return Ok(Some(value.clone()));
        }
        let value = dataset_value(name)?;
        cache.borrow_mut().insert(name.to_string(), value.clone());
        Ok(Some(value))
    });
}

const FX_RATES: &str = "fx_rates";

fn session_fx(fx: &FxSession) -> RhaiResult<Dataset> {
    whatif_core::fx::session_dataset(fx).map_err(crate::messages::fx_error)
}

const DESCRIBE_DOC: &str =
    "/// Explains a dataset: its description, row count, columns (name, meaning, unit) and
/// sources. An unknown name is an error that lists the known ones. `describe(\"fx_rates\")`
/// includes the rates set with `set_fx` in this session.
///
/// ```rhai
/// let d = describe(\"pledges\");
/// assert_eq(d.rows, pledges.len());
/// assert(d.columns.some(|c| c.name == \"amount\"));
/// set_fx(\"USD\", \"CNY\", 7.3, 2016);
/// assert_eq(describe(\"fx_rates\").rows, fx_rates.len());
/// ```";

/// The dataset called `name` as a script value (a `Table`).
pub fn dataset_value(name: &str) -> RhaiResult<Dynamic> {
    dataset_table(find(name, "dataset")?)
        .map(Dynamic::from)
        .map_err(script_error)
}

fn find(name: &str, caller: &str) -> RhaiResult<&'static Dataset> {
    datasets::lookup(name)
        .map_err(|e| script_error(format!("{caller}: {}", crate::messages::dataset(&e))))
}

/// What `describe` returns: name, description, row count, columns and sources.
pub fn describe_map(dataset: &Dataset) -> Map {
    let columns: Array = dataset
        .columns
        .iter()
        .map(|column| {
            let mut map = Map::new();
            map.insert("name".into(), column.name.clone().into());
            map.insert("meaning".into(), column.meaning.clone().into());
            map.insert("unit".into(), column.unit.clone().into());
            Dynamic::from_map(map)
        })
        .collect();
    let sources: Array = dataset
        .sources
        .iter()
        .map(|s| Dynamic::from(s.clone()))
        .collect();
    let mut map = Map::new();
    map.insert("name".into(), dataset.name.clone().into());
    map.insert("description".into(), dataset.description.clone().into());
    map.insert("rows".into(), Dynamic::from_int(dataset.rows.len() as i64));
    map.insert("columns".into(), Dynamic::from_array(columns));
    map.insert("sources".into(), Dynamic::from_array(sources));
    map
}

#[export_module]
pub mod data_functions {
    use super::*;

    /// The names of the datasets that ship with whatif; each is also a constant of that name.
    ///
    /// ```rhai
    /// let names = datasets();
    /// assert(names.contains("funding_rounds"));
    /// assert_eq(funding_rounds.len() > 0, true);
    /// ```
    pub fn datasets() -> Array {
        datasets::names()
            .into_iter()
            .map(|name| Dynamic::from(name.to_string()))
            .collect()
    }
}
