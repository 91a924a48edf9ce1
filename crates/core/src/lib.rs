//! whatif-core: the maths, money, FX and data of whatif, with no scripting engine and no terminal.
