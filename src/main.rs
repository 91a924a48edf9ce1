//! The `whatif` binary: parse arguments, run, print the one error, choose the exit code.

use whatif::cli;

#[global_allocator]
static ALLOCATOR: whatif::memory::CountingAllocator = whatif::memory::CountingAllocator;

fn main() -> std::process::ExitCode {
    cli::main()
}
