//! The `wengao` binary: parses the arguments and hands over to [`wengao::cli`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    wengao::cli::run(wengao::cli::Cli::parse())
}
