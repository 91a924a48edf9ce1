//! whatif-core: the maths, money, FX and data of whatif, with no scripting engine and no terminal.
pub mod decimal;
pub mod calendar;
pub mod scenario;
pub mod units;
pub mod datasets;
pub mod fx;
pub mod finance;
