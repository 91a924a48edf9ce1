//! Reading CSV and JSON: quoting, line numbers in errors, key order.

use super::super::cell::raw_text;
use super::super::cell::NumberStyle;
use super::*;

#[test]
fn csv_with_bom_crlf_quotes_and_exact_numbers() {
    let text = "\u{feff}name,amount,note\r\n\"Smith, J\",12345678901234567.89,\r\n\"a \"\"b\"\"\",7,\"two\r\nlines\"\r\n";
    let t = parse_csv(text, "t.csv", &LoadOptions::default()).unwrap();
    assert_eq!(t.columns(), ["name", "amount", "note"]);
    assert_eq!(raw_text(&t.rows()[0][0]), "Smith, J");
    assert_eq!(raw_text(&t.rows()[0][1]), "12345678901234567.89");
    assert!(t.rows()[0][2].is_unit());
    assert_eq!(raw_text(&t.rows()[1][0]), "a \"b\"");
    assert_eq!(t.rows()[1][1].as_int().unwrap(), 7);
    assert_eq!(raw_text(&t.rows()[1][2]), "two\r\nlines");
}

/// Asserts that `text` fails to load (as CSV or JSON) with a message starting `expected`.
fn fails_with(
    load: fn(&str, &str, &LoadOptions) -> TableResult<Table>,
    text: &str,
    expected: &str,
) {
    let err = load(text, "f", &LoadOptions::default()).unwrap_err();
    assert!(err.0.starts_with(expected), "{err}");
}

#[test]
fn ragged_row_names_its_line() {
    fails_with(
        parse_csv,
        "a,b\n1,2\n3\n",
        "f:3: this row has 1 fields but the header has 2",
    );
    fails_with(
        parse_csv,
        "a,b\r\n1,2\r\n3,4,5\r\n",
        "f:3: this row has 3 fields",
    );
    fails_with(
        parse_csv,
        "a,b\n1,\"x\ny\"\n3,4,5\n",
        "f:4: this row has 3 fields",
    );
}

#[test]
fn unterminated_quote_names_line_and_column() {
    let err = parse_csv(
        "a,b\n1,2\n3,\"oops\n4,5\n",
        "q.csv",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(err.0.starts_with("q.csv:3:3: the quoted field"), "{err}");
    assert!(parse_csv("a,b\n1,\"x \"\" y\"\n", "ok.csv", &LoadOptions::default()).is_ok());
}

#[test]
fn json_keeps_digits_and_key_order() {
    let t = parse_json(
        r#"[{"z": 12345678901234567.89, "a": "x"}, {"a": null, "b": true}]"#,
        "j.json",
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(t.columns(), ["z", "a", "b"]);
    assert_eq!(t.origin().unwrap().lines, [1, 1]);
    assert_eq!(raw_text(&t.rows()[0][0]), "12345678901234567.89");
    assert!(t.rows()[1][0].is_unit() && t.rows()[1][1].is_unit());
}

#[test]
fn json_rows_know_the_line_their_object_opens_on() {
    let text = "[\n  {\"a\": \"x\\\"{\\n\"},\n  {\"a\":\n 2}, {\"a\": 3}\n]";
    let t = parse_json(text, "j.json", &LoadOptions::default()).unwrap();
    assert_eq!(t.origin().unwrap().lines, [2, 3, 4]);
    assert_eq!(t.row_label(2), "line 4 of j.json");
}

#[test]
fn a_key_given_twice_in_one_object_is_refused_with_its_line() {
    let text = "[\n {\"a\": 1},\n {\"a\": 2, \"b\": 3, \"a\": 4}\n]";
    let err = parse_json(text, "j.json", &LoadOptions::default()).unwrap_err();
    assert!(
        err.0.contains("\"a\" appears twice") && err.0.contains("j.json:3:"),
        "{err}"
    );
}

#[test]
fn json_of_the_wrong_shape_names_line_and_column() {
    fails_with(
        parse_json,
        "{\"a\": 1}",
        "f:1:1: invalid type: map, expected an array",
    );
    fails_with(parse_json, "[\n {\"a\": 1},\n 5\n]", "f:3:2:");
    let err = parse_json("[{\"a\": [1]}]", "j.json", &LoadOptions::default()).unwrap_err();
    assert!(err.0.contains("nested arrays"), "{err}");
}

/// What a load gives, as text: the columns, every cell with its type, each row's line and the
/// notes, or the error and the notes said before it.
fn outcome(load: impl FnOnce() -> TableResult<Table>, threads: usize) -> String {
    use std::cell::RefCell;
    use std::rc::Rc;
    let notes = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = Rc::clone(&notes);
    let host = crate::Host {
        threads,
        files: Rc::new(crate::file_policy::FilePolicy::unrestricted()),
        ..crate::Host::default()
    };
    let _entered = host.enter_with_notes(
        0,
        Some(Rc::new(move |n: &str| {
            sink.borrow_mut().push(n.to_string())
        })),
    );
    let result = match load() {
        Ok(t) => {
            let cells: Vec<String> = t
                .rows()
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| format!("{}:{}", c.type_name(), raw_text(c)))
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            let sums: Vec<String> = t
                .columns()
                .iter()
                .map(|c| format!("{:?}", t.sum(c).map(|v| raw_text(&v))))
                .collect();
            format!(
                "{:?}\n{}\n{:?}\n{sums:?}",
                t.columns(),
                cells.join("\n"),
                t.origin().unwrap().lines
            )
        }
        Err(e) => format!("error: {e}"),
    };
    format!("{result}\nnotes: {:?}", notes.borrow())
}

/// Awkward files and the options they are loaded with.
fn tricky_inputs() -> Vec<(&'static str, LoadOptions)> {
    let plain = LoadOptions::default;
    vec![
        ("\u{feff}name,amount,note\r\n\"Smith, J\",12345678901234567.89,\r\n\"a \"\"b\"\"\",7,\"two\r\nlines\"\r\n", plain()),
        ("name,amount,year,mixed,blank,code\nb,1.50,2024,x,,007\na,,2023,1,,\nb,2,,2.5,,010\n,1.5,2024,,,7\na,-0.25,2023,x,,\nc,1.500,2025,,,1e3\n", plain()),
        ("a,b,c\n1,x,\n2,x,\n3,y,\n4,y,\n5,x,1\nz,x,2\n6,,x\n7,1,\n", plain()),
        ("d,y,t\n2024-01-05,2019,x\n 2024-01-06,2020,2024-01-01\n2024-01-07,x,2024-01-01\n,2021,y\n31/01/2024,2022,\n2024-02-01,2023,2024-01-01\n2024-02-02,2023-05,z\n", plain()),
        ("d\n2024-01-05\n2024-01-06\n 2024-01-07\n2024-01-08\n2024-01-09\n 2024-01-10\n2024-01-11\n 2024-01-12\n 2024-01-13\n 2024-01-14\n2024-01-15\n31/01/2024\n", plain()),
        ("y\n2019\n2020\n\n2021\n2024-01-05\n2022\n02019\n", plain()),
        ("a,b\n\"3,000\",1\n\"3,000\",2\n$5,3\n\"3,000\",4\n007,5\n12345678901234567890123456789,6\n\"3,000\",7\n1.2.3,8\n", plain()),
        ("a,b\n$5,1\n\"(50)\",2\n12%,3\n€7,4\nx,5\n\"1,2345\",6\n$5,7\n", LoadOptions { numbers: NumberStyle::Excel, ..plain() }),
        ("a;b\n1.234,5;2\n12,50;3\n\"1 234,5\";4\n7;x\n", LoadOptions { separator: b';', decimal_comma: true, ..plain() }),
        ("title\nnote\na,b\n1,2\n3,4\n", LoadOptions { skip: 2, ..plain() }),
        ("title\n", LoadOptions { skip: 3, ..plain() }),
        ("d,n\n31/01/2024,1\n01/02/2024,2\n,3\n2024-02-03,4\n", LoadOptions { dates: vec![("d".into(), "%d/%m/%Y".into())], ..plain() }),
        ("d,n\n31/01/2024,1\n01/02/2024,2\nnope,3\n", LoadOptions { dates: vec![("d".into(), "%d/%m/%Y".into())], ..plain() }),
        ("zip,n\n08123,1\n,2\n08123,3\n9,4\n", LoadOptions { text: vec!["zip".into()], ..plain() }),
        ("a,b\n1,2\n3,4\n5\n6,7\n", plain()),
        ("a,b\n1,2\n3,\"oops\n4,5\n", plain()),
        ("a,b\n1,2\n3,4,5\n6,7\n9,\"x\n", plain()),
        ("a,b\n1,2\n3,4,5\n6,\"7\"\"\"\n", plain()),
        ("\n\na,b\n\n1,2\n\n3,4\n", plain()),
        ("a,b\r1,2\r3,4\r", plain()),
        ("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n5,6", plain()),
        ("a,b\n1,2", plain()),
        ("", plain()),
        ("\n\n", plain()),
        ("a,,a\n1,2,3\n", plain()),
        ("a;b;c\n1;2;3\n", plain()),
        ("k,v\nx,1\ny,\"2\"\n\"x\",3\n\"multi\nline\",4\nx,5\n", plain()),
    ]
}

/// The piece parser gives what one pass over the whole text gives, wherever the pieces are
/// cut and however many threads read them: cells, types, lines, notes and errors.
#[test]
fn any_pieces_and_threads_give_the_whole_text_table() {
    for (text, options) in tricky_inputs() {
        let whole = outcome(
            || csv::parse_csv_in_pieces(text, "t.csv", &options, usize::MAX),
            1,
        );
        for size in 1..=text.len() + 1 {
            for threads in [1, 3] {
                let pieces = outcome(
                    || csv::parse_csv_in_pieces(text, "t.csv", &options, size),
                    threads,
                );
                assert_eq!(
                    pieces, whole,
                    "{text:?} in pieces of {size} on {threads} threads"
                );
            }
        }
    }
}

/// An error in a later piece names its line in the file, from a file as from text.
#[test]
fn an_error_in_a_later_piece_names_its_line() {
    let mut text = String::from("\u{feff}note\nid,amount\n");
    for i in 0..5_000 {
        text.push_str(&format!("{i},\"{i}.5\"\r\n"));
    }
    text.push_str("oops\n1,2\n");
    let options = LoadOptions {
        skip: 1,
        ..LoadOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.csv");
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    for size in [7, 64, 1000, 1 << 20] {
        for threads in [1, 2] {
            let got = outcome(
                || csv::parse_csv_in_pieces(&text, "t.csv", &options, size),
                threads,
            );
            assert!(
                got.starts_with("error: t.csv:5003: this row has 1 fields"),
                "{got}"
            );
            let got = outcome(|| csv::load_csv_in_pieces(path, &options, size), threads);
            assert!(
                got.starts_with(&format!("error: {path}:5003: this row has 1 fields")),
                "{got}"
            );
        }
    }
    // A byte that is not UTF-8 after the error is the error, as when the file was read whole.
    let mut bytes = text.clone().into_bytes();
    bytes.extend_from_slice(b"7,\xFF\n");
    std::fs::write(dir.path().join("late.csv"), &bytes).unwrap();
    for size in [7, 64, 1 << 20] {
        let got = outcome(|| csv::load_csv_in_pieces(path, &options, size), 2);
        assert!(
            got.starts_with(&format!("error: {path}:5005:3: not UTF-8")),
            "{got}"
        );
    }
}

/// A file read in pieces gives the table of its text read whole.
#[test]
fn a_file_in_pieces_gives_the_table_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, options)) in tricky_inputs().into_iter().enumerate() {
        let path = dir.path().join(format!("t{i}.csv"));
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        let whole = outcome(
            || csv::parse_csv_in_pieces(text, path, &options, usize::MAX),
            1,
        );
        for size in [1, 2, 3, 5, 8, 13, 1 << 20] {
            let got = outcome(|| csv::load_csv_in_pieces(path, &options, size), 2);
            assert_eq!(got, whole, "{text:?} in pieces of {size}");
        }
    }
}

/// Short integers take a one-pass path: the same numbers as the general one.
#[test]
fn short_integers_read_as_the_general_parser_reads_them() {
    use super::super::cell::{read_typed, Field};
    for text in [
        "0",
        "-0",
        "+7",
        "007",
        "2019",
        "-123456789012345678",
        "999999999999999999",
    ] {
        let general: rhai::INT = text.parse().unwrap();
        let read = read_typed(text, NumberStyle::Plain).0;
        assert!(matches!(read, Field::Int(i) if i == general), "{text}");
    }
    let long = read_typed("12345678901234567890123", NumberStyle::Plain).0;
    assert!(matches!(long, Field::Decimal(_)), "past i64, a decimal");
}

/// The split search reads quotes as the CSV reader's states do, on random bytes.
#[test]
fn piece_ends_are_where_the_csv_states_put_them() {
    fn by_states(bytes: &[u8], separator: u8) -> Option<usize> {
        #[derive(Clone, Copy)]
        enum State {
            FieldStart,
            InField,
            Quoted,
            QuoteInQuoted,
        }
        let (mut state, mut last) = (State::FieldStart, None);
        for (i, &b) in bytes.iter().enumerate() {
            state = match (state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => State::Quoted,
                (_, b'\n') => {
                    last = Some(i + 1);
                    State::FieldStart
                }
                (_, b'\r') => State::FieldStart,
                (_, b) if b == separator => State::FieldStart,
                _ => State::InField,
            };
        }
        last
    }
    let alphabet = b"a,;\"\n\r";
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|k| alphabet[((state >> (k % 60)) as usize + k * 7) % alphabet.len()])
            .collect();
        for separator in [b',', b';'] {
            assert_eq!(
                pieces::split_point(&bytes, separator),
                by_states(&bytes, separator),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

/// The search for a quote never closed finds what a walk over every character finds.
#[test]
fn an_unclosed_quote_is_found_where_a_character_walk_finds_it() {
    fn by_characters(text: &str, separator: char) -> Option<(u64, usize)> {
        let (mut line, mut col) = (1u64, 0usize);
        let mut open = None;
        let mut field_start = true;
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            col += 1;
            match (open.is_some(), ch) {
                (false, '"') if field_start => {
                    open = Some((line, col));
                    field_start = false;
                }
                (true, '"') => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        col += 1;
                    } else {
                        open = None;
                    }
                }
                (_, '\n') => {
                    line += 1;
                    col = 0;
                    field_start = open.is_none();
                }
                (false, c) if c == separator => field_start = true,
                (false, '\r') => {}
                _ => field_start = false,
            }
        }
        open
    }
    let alphabet = ["a", ",", "\"", "\n", "\r", "é"];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..20_000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for k in 0..(state % 20) as usize {
            text.push_str(alphabet[((state >> (k * 3 % 60)) as usize + k) % alphabet.len()]);
        }
        assert_eq!(
            pieces::unclosed_in(&text, b','),
            by_characters(&text, ','),
            "{text:?}"
        );
    }
}
