//! Links the `whatif` binary as a fixed-address executable on Linux with the GNU toolchain.
//!
//! A position-independent executable makes the dynamic loader apply some 24,000 relocations
//! at every start (Rhai's and the bindings' tables of function pointers), touching pages that a
//! short script never reads otherwise; start-up is part of what whatif promises. Linked at a
//! fixed address, the linker resolves them once. The code itself stays position-independent.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
