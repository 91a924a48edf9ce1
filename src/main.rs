//! The `whatif` binary: parse arguments, run, print the one error, choose the exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
