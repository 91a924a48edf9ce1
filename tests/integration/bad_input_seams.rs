//! The bad-input battery, continued: the seams where a value could be read otherwise than
//! meant (literals, unlike comparisons, dates, swapped amounts, rates in percent, closures over
//! the value they are called on). Each mistake fails with exit code 1 and a message naming the
//! cause and the fix.

use crate::bad_input::{each_names, each_says_exactly};

#[test]
fn literals_that_would_be_misread_are_refused() {
    each_names(&[
        ("pmt(0,05/12, 360, 300000)", &["05", "0.05", "with a point"]),
        ("let r = 007; r", &["007", "0.007", "(7)"]),
        ("[1, 02, 3]", &["02", "0.02", "(2)"]),
        ("05.25 * 2", &["05.25", "(5.25)"]),
        (
            "0.00000000000000000000000000001",
            &["cannot be held exactly", "28 decimal places", "round it"],
        ),
        (
            "let x = 1 + 9.2345678901234567890123456789; x",
            &["9.2345678901234567890123456789", "significant digits"],
        ),
    ]);
    each_says_exactly(&[(
        "pmt(0,05/12, 360, 300000)",
        "error: the number 05 starts with a zero: whatif writes decimals with a point (0.05; a \
         comma separates arguments) and whole numbers without leading zeros (5)",
    )]);
}
