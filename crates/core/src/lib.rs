//! whatif-core: the maths, money, FX and data of whatif, with no scripting engine and no terminal.
pub mod datasets;
pub mod dates;
pub mod decimal;
pub mod display;
pub mod finance;
pub mod fx;
pub mod money;
pub mod scenario;
pub mod units;
