//! A bounded fuzz run on stable Rust: mutated versions of the shipped scripts (and of a small
//! seed corpus of tricky fragments) are fed to the script entry point under tight limits; none
//! may panic or run past its limits. The run is deterministic (fixed seed); set
//! `WHATIF_FUZZ_CASES` for a longer run, e.g. `WHATIF_FUZZ_CASES=200000 cargo test --release
//! --test integration fuzz::`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use whatif_engine::EngineConfig;

use crate::common::session_with;

/// How many cases a run tries: `WHATIF_FUZZ_CASES`, else `default`.
fn cases(default: usize) -> usize {
    std::env::var("WHATIF_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "`",
    "${",
    "/*",
    "*/",
    "//",
    "\n",
    ";",
    ",",
    ".",
    "..",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "e",
    "1e400",
    "32e9",
    "1.5e-3",
    "0.1",
    "79228162514264337593543950335",
    "-9223372036854775808",
    "9223372036854775807",
    "0",
    "1/0",
    "fn f(x) { f(x) }",
    "loop {}",
    "let x = ",
    "x",
    "()",
    "#{",
    "#{a: 1}",
    "[1, 2.5]",
    "if true {",
    "else",
    "while",
    "for i in 0..10 {",
    "break",
    "return",
    "throw \"x\"",
    "中文",
    "ARGS",
    "assert_eq(",
    "import \"x\" as y;",
    "\u{0}",
    "\u{feff}",
    "#!",
    "0x1e5",
    "1_000",
];

fn seeds() -> Vec<String> {
    let mut seeds: Vec<String> = ["scripts", "scripts/errors", "tests/fuzz_corpus"]
        .iter()
        .flat_map(|dir| {
            let dir = crate::common::repository().join(dir);
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "rhai"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        })
        .collect();
    seeds.push(String::new());
    seeds
}

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() => {
                let len = rng.below(8).min(chars.len() - at.min(chars.len()));
                chars.drain(at.min(chars.len())..at.min(chars.len()) + len);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                chars.splice(at..at, fragment.chars());
            }
            2 if !chars.is_empty() => {
                // Duplicate a slice elsewhere.
                let from = rng.below(chars.len());
                let len = rng.below(16).min(chars.len() - from);
                let piece: Vec<char> = chars[from..from + len].to_vec();
                chars.splice(at..at, piece);
            }
            _ => chars.insert(at, char::from_u32(rng.below(0x3000) as u32).unwrap_or('?')),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_scripts_never_panic_and_stay_within_limits() {
    let cases = cases(4000);
    let config = EngineConfig {
        max_operations: 20_000,
        timeout: Some(Duration::from_secs(5)),
        max_call_depth: 32,
        max_expr_depth: 64,
        max_string_len: 100_000,
        max_array_len: 10_000,
        max_map_len: 10_000,
        ..EngineConfig::default()
    };
    let seeds = seeds();
    assert!(seeds.len() > 3, "the corpus is empty");
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut panics = Vec::new();
    for case in 0..cases {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut session = session_with(&config);
            match session.eval(&input, "<fuzz>") {
                Ok(_) => {}
                Err(error) => {
                    // Rendering must not panic either (positions past the end, wide chars).
                    let rendered = session.render_error(&error);
                    assert!(rendered.starts_with("error: "));
                }
            }
        }));
        if outcome.is_err() {
            panics.push(format!("case {case}: {input:?}"));
        }
    }
    assert!(panics.is_empty(), "panics on:\n{}", panics.join("\n"));
}

/// Arbitrary bytes, and mutations of valid files, through the CSV and JSON loaders.
#[test]
fn arbitrary_bytes_never_panic_the_csv_and_json_loaders() {
    use whatif_engine::table::{io::decode_utf8, load};
    let cases = cases(6000);
    let seeds: [&[u8]; 9] = [
        b"company,amount,currency\nOpenAI,6600000000,USD\n\"x, y\",1.5,CNY\n",
        b"[{\"a\": 1, \"a\": 2}]",
        b"name;amount\nx;12.500.000,50\ny;1 234,5\n",
        b"a,a,,b\n1,2,3,4\n",
        b"\xef\xbb\xbfa,b\r\n1,\"multi\nline\"\r\n",
        b"a,b\n1,2,3\n\"open",
        b"[{\"a\": 1, \"b\": \"x\"}, {\"a\": 12345678901234567.89}]",
        b"{\"not\": \"an array\"}",
        b"[{\"a\": [1, {\"deep\": null}]}, 3]",
    ];
    let mut rng = Rng(0xc5f_0123_4567_89ab);
    let mut panics = Vec::new();
    for case in 0..cases {
        let seed = seeds[rng.below(seeds.len())];
        let mut bytes = seed.to_vec();
        for _ in 0..=rng.below(6) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(3) {
                0 if !bytes.is_empty() => {
                    bytes.remove(at.min(bytes.len() - 1));
                }
                1 => {
                    let alphabet = b"\",\n\r{}[]:0.e-\xff\x00";
                    bytes.insert(at, alphabet[rng.below(alphabet.len())]);
                }
                _ => bytes.insert(at, rng.next() as u8),
            }
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(text) = decode_utf8(&bytes, "fuzz") {
                let options = load::LoadOptions::default();
                let _ = load::parse_csv(&text, "fuzz.csv", &options);
                let _ = load::parse_json(&text, "fuzz.json", &options);
            }
        }));
        if outcome.is_err() {
            panics.push(format!(
                "case {case}: {:?}",
                String::from_utf8_lossy(&bytes)
            ));
        }
    }
    assert!(panics.is_empty(), "panics on:\n{}", panics.join("\n"));
}

/// Mutated Parquet files (whatif's own, with money) through the Parquet reader: a damaged file
/// is an error, never a panic.
#[test]
fn damaged_parquet_files_never_panic_the_reader() {
    use whatif_engine::table::{dataset::dataset_table, parquet};
    let table = dataset_table(whatif_core::datasets::get("funding_rounds").unwrap()).unwrap();
    let (valid, _) = parquet::file_bytes(&table).unwrap();
    let mut rng = Rng(0x9a12_3456_789a_bcde);
    let mut panics = Vec::new();
    for case in 0..cases(2000) {
        let mut bytes = valid.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = rng.next() as u8,
                1 => bytes.truncate(at.max(1)),
                _ => bytes[at] ^= 1 << rng.below(8),
            }
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = parquet::parse(bytes.clone(), "fuzz.parquet");
        }));
        if outcome.is_err() {
            panics.push(format!("case {case}"));
        }
    }
    assert!(panics.is_empty(), "panics on:\n{}", panics.join("\n"));
}
