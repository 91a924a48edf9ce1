//! The `ladder!` macro: script functions whose trailing parameters may be left out, each
//! arity registered with the docs and parameter names the plugin macro would give it.

use rhai::{Array, Dynamic};
use rust_decimal::Decimal;
use whatif_core::finance::When;

use super::finance_error;
use crate::args::{Amounts, Name};
use crate::numbers::RhaiResult;

/// A parameter kind of a ladder's signature, read from a script argument as the maths takes
/// it (`Out`); `what` names it in the error (`"fv's rate"`), `param` is its name (`"rate"`).
/// Money arguments are read through `money` (one currency per call; see `Amounts`).
pub(super) trait FromScript<S> {
    type Out;
    fn from_script(
        value: S,
        what: &str,
        param: &'static str,
        money: &mut Amounts,
    ) -> RhaiResult<Self::Out>;
}

/// A parameter that may be an amount of money (`pmt`, `pv`, `fv`), as a signature declares it:
/// its amount, with its currency recorded so that the call's amounts share one and an `Amount`
/// result is money in it. A `Decimal` parameter (a rate, a count of periods) is a plain number.
pub(super) struct Amount;

impl FromScript<Dynamic> for Amount {
    type Out = Decimal;
    fn from_script(
        value: Dynamic,
        _what: &str,
        param: &'static str,
        money: &mut Amounts,
    ) -> RhaiResult<Decimal> {
        money.amount(&value, Name::Param(param))
    }
}

impl FromScript<Dynamic> for Decimal {
    type Out = Decimal;
    fn from_script(
        value: Dynamic,
        what: &str,
        _param: &'static str,
        _money: &mut Amounts,
    ) -> RhaiResult<Decimal> {
        crate::numbers::to_decimal(&value, what)
    }
}

impl FromScript<&str> for When {
    type Out = When;
    fn from_script(
        value: &str,
        _what: &str,
        _param: &'static str,
        _money: &mut Amounts,
    ) -> RhaiResult<When> {
        When::parse(value).map_err(finance_error)
    }
}

impl FromScript<Array> for Array {
    type Out = Array;
    fn from_script(
        value: Array,
        _what: &str,
        _param: &'static str,
        _money: &mut Amounts,
    ) -> RhaiResult<Array> {
        Ok(value)
    }
}

/// How a script passes each type a ladder takes (`type`), and that type's name in the
/// metadata (`name`), spelled as `#[export_module]` spells it.
macro_rules! script {
    (type Decimal) => {
        Dynamic
    };
    (type Amount) => {
        Dynamic
    };
    (type When) => {
        &str
    };
    (type Array) => {
        Array
    };
    (name Decimal) => {
        "Dynamic"
    };
    (name Amount) => {
        "Dynamic"
    };
    (name When) => {
        "&str"
    };
    (name Array) => {
        "Array"
    };
}

/// Registers functions whose trailing parameters may be left out. Rhai has no optional
/// parameters, so each arity is a function of its own: the shortest takes the parameters of
/// `fn name(...)`, and each `[param: Type = default]` after it adds one more, documented by the
/// doc comment just before it. The body, written once after `=>`, gets every parameter as the
/// maths takes it (a left-out one at its default) and returns a core result. A script passes a
/// `Decimal` as any number and a `When` as a string; each is converted before the body runs, in
/// order, and named `"name's param"` in its error. A parameter typed `Amount` may be money
/// (the call's amounts share one currency); `-> Amount` after the parameters makes the result
/// money in that currency when an argument was money.
///
/// The plugin macro does not see functions made by a macro, hence `FuncRegistration`, given
/// the doc text, parameter names and purity the plugin would give them: `:help`, the
/// doc-example tests and method calls on constants see no difference.
macro_rules! ladder {
    ($module:ident; $(
        $(#[doc = $doc:literal])+
        fn $name:ident $params:tt $(-> $result:ident)?
        $($(#[doc = $more_doc:literal])+ [$more:ident: $more_ty:ident = $default:expr])*
        => $body:expr;
    )+) => {$(
        ladder!(@first $module, $name, [$($result)?], [$($doc)+], $params,
            [$([$($more_doc)+] $more: $more_ty = $default),*], $body);
    )+};
    // A `&mut` first parameter makes a method that may change its object, which the plugin
    // registers as not pure (a constant cannot call it as a method).
    (@first $module:ident, $name:ident, $result:tt, $doc:tt,
        ($first:ident: &mut $first_ty:ident $(, $param:ident: $ty:ident)*), $more:tt, $body:expr
    ) => {
        ladder!(@form $module, false, $name, $result, $doc,
            [$first: &mut $first_ty $(, $param: script!(type $ty) as $ty)*],
            [
                concat!(stringify!($first), ": &mut ", stringify!($first_ty))
                $(, concat!(stringify!($param), ": ", script!(name $ty)))*
            ],
            $more, $body);
    };
    (@first $module:ident, $name:ident, $result:tt, $doc:tt, ($($param:ident: $ty:ident),+), $more:tt,
        $body:expr
    ) => {
        ladder!(@form $module, true, $name, $result, $doc, [$($param: script!(type $ty) as $ty),+],
            [$(concat!(stringify!($param), ": ", script!(name $ty))),+], $more, $body);
    };
    // This form, then the next with one more parameter; `$info` is each parameter as the
    // metadata shows it (`"rate: Dynamic"`).
    (@form $module:ident, $pure:literal, $name:ident, $result:tt, $doc:tt,
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+],
        [[$($next_doc:literal)+] $next:ident: $next_ty:ident = $next_default:expr
            $(, $later_doc:tt $later:ident: $later_ty:ident = $later_default:expr)*],
        $body:expr
    ) => {
        ladder!(@register $module, $pure, $name, $result, $doc, [$($param: $ty $(as $to)?),+],
            [$($info),+], [$next = $next_default $(, $later = $later_default)*], $body);
        ladder!(@form $module, $pure, $name, $result, [$($next_doc)+],
            [$($param: $ty $(as $to)?,)+ $next: script!(type $next_ty) as $next_ty],
            [$($info,)+ concat!(stringify!($next), ": ", script!(name $next_ty))],
            [$($later_doc $later: $later_ty = $later_default),*], $body);
    };
    // The last form: every parameter given.
    (@form $module:ident, $pure:literal, $name:ident, $result:tt, $doc:tt,
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+], [], $body:expr
    ) => {
        ladder!(@register $module, $pure, $name, $result, $doc, [$($param: $ty $(as $to)?),+],
            [$($info),+], [], $body);
    };
    (@register $module:ident, $pure:literal, $name:ident, $result:tt, [$($doc:literal)+],
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+],
        [$($left_out:ident = $default:expr),*], $body:expr
    ) => {
        FuncRegistration::new(stringify!($name))
            .with_purity($pure)
            .with_params_info([$($info,)+ "RhaiResult<Dynamic>"])
            .with_comments([[$(concat!("///", $doc)),+].join("\n")])
            .set_into_module($module, |ctx: rhai::NativeCallContext, $($param: $ty),+| -> $crate::numbers::RhaiResult<rhai::Dynamic> {
                let _site = $crate::bindings::cashflow::percent::Site::enter(&ctx);
                let mut _money = $crate::args::Amounts::new(stringify!($name));
                $($(
                    let what = concat!(stringify!($name), "'s ", stringify!($param));
                    let $param = <$to as $crate::bindings::cashflow::ladder::FromScript<$ty>>::from_script($param, what, stringify!($param), &mut _money)?;
                )?)+
                $(let $left_out = $default;)*
                let value = $crate::bindings::cashflow::finance_result($body)?;
                Ok(ladder!(@result $result, _money, value))
            });
    };
    (@result [Amount], $money:ident, $value:ident) => {
        $money.amount_result($value)
    };
    (@result [], $money:ident, $value:ident) => {
        $value
    };
}
