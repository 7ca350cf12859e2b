//! The `wengao` binary: parses the arguments and hands over to [`wengao::cli`].

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match wengao::cli::Cli::try_parse() {
        Ok(cli) => wengao::cli::run(cli),
        Err(e) => {
            let _ = e.print();
            // --help and --version succeed; a wrong argument is the user's input
            // error (1), not an internal failure (2).
            std::process::ExitCode::from(if e.use_stderr() { 1 } else { 0 })
        }
    }
}
