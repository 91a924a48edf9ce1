//! `scenarios`: a script closure run on named sets of inputs, one table row per scenario with
//! its inputs and outputs side by side.

use rhai::{Array, Dynamic, FnPtr, Map, NativeCallContext};

use super::{call, describe};
use crate::numbers::{script_error, RhaiResult};
use crate::table::Table;

/// The scenarios of a map in row order: `base` first when there is one, the others as the map
/// sorts them; each scenario's inputs are base's overridden by its own.
pub fn from_map(scenarios: &Map) -> RhaiResult<Vec<(String, Map)>> {
    let mut out = Vec::with_capacity(scenarios.len());
    let read = |name: &str, value: &Dynamic| -> RhaiResult<Map> {
        value.read_lock::<Map>().map(|m| m.clone()).ok_or_else(|| {
            script_error(format!(
                "scenarios: scenario {name:?} must be a map of inputs like #{{growth: 0.05}}, \
                 not {}",
                describe(value)
            ))
        })
    };
    let base = match scenarios.get("base") {
        Some(value) => Some(read("base", value)?),
        None => None,
    };
    if let Some(base) = &base {
        out.push(("base".to_string(), base.clone()));
    }
    for (name, value) in scenarios {
        if name.as_str() == "base" {
            continue;
        }
        let own = read(name, value)?;
        let inputs = match &base {
            Some(base) => {
                let mut merged = base.clone();
                merged.extend(own);
                merged
            }
            None => own,
        };
        out.push((name.to_string(), inputs));
    }
    Ok(out)
}

/// The scenarios of an array in its order: each item a map with its name under `scenario` and
/// all its inputs (no inheritance from `base` in this form).
pub fn from_array(scenarios: &Array) -> RhaiResult<Vec<(String, Map)>> {
    let mut list = Vec::with_capacity(scenarios.len());
    for (i, item) in scenarios.iter().enumerate() {
        let Some(mut map) = item.read_lock::<Map>().map(|m| m.clone()) else {
            return Err(script_error(format!(
                "scenarios: item {i} must be a map like #{{scenario: \"base\", growth: \
                 0.05}}, not {}",
                describe(item)
            )));
        };
        let name = map
            .remove("scenario")
            .and_then(|n| n.into_string().ok())
            .ok_or_else(|| {
                script_error(format!(
                    "scenarios: item {i} needs a `scenario` key with its name as text"
                ))
            })?;
        list.push((name, map));
    }
    Ok(list)
}

/// Runs `f` on each scenario and lays out `scenario`, inputs, outputs.
pub fn table(
    ctx: &NativeCallContext,
    f: &FnPtr,
    scenarios: Vec<(String, Map)>,
) -> RhaiResult<Table> {
    let mut inputs: Vec<String> = Vec::new();
    for (_, map) in &scenarios {
        for key in map.keys() {
            if !inputs.iter().any(|c| c == key.as_str()) {
                inputs.push(key.to_string());
            }
        }
    }
    let mut results = Vec::with_capacity(scenarios.len());
    for (name, map) in &scenarios {
        results.push((
            name,
            call(
                ctx,
                f,
                [Dynamic::from_map(map.clone())],
                "scenarios",
                "|s| s.units * s.price",
            )?,
        ));
    }
    let maps = results.iter().filter(|(_, r)| r.is_map()).count();
    if maps != 0 && maps != results.len() {
        return Err(script_error(
            "scenarios: the function must return a map for every scenario or for none",
        ));
    }
    let mut outputs: Vec<String> = Vec::new();
    if maps == 0 {
        outputs.push("result".into());
    } else {
        for (_, result) in &results {
            if let Some(map) = result.read_lock::<Map>() {
                for key in map.keys() {
                    if !outputs.iter().any(|c| c == key.as_str()) {
                        outputs.push(key.to_string());
                    }
                }
            }
        }
    }
    if let Some(clash) = outputs
        .iter()
        .find(|o| *o == "scenario" || inputs.contains(o))
    {
        return Err(script_error(format!(
            "scenarios: the output {clash:?} has the name of an input column; rename the key \
             the function returns"
        )));
    }
    let rows = scenarios
        .iter()
        .zip(&results)
        .map(|((name, map), (_, result))| {
            let mut row = Vec::with_capacity(1 + inputs.len() + outputs.len());
            row.push(Dynamic::from(name.clone()));
            row.extend(
                inputs
                    .iter()
                    .map(|k| map.get(k.as_str()).cloned().unwrap_or(Dynamic::UNIT)),
            );
            match result.read_lock::<Map>() {
                Some(out) => row.extend(
                    outputs
                        .iter()
                        .map(|k| out.get(k.as_str()).cloned().unwrap_or(Dynamic::UNIT)),
                ),
                None => row.push(result.clone()),
            }
            row
        })
        .collect();
    let mut columns = vec!["scenario".to_string()];
    columns.extend(inputs);
    columns.extend(outputs);
    Ok(Table::from_parts(columns, rows))
}
