//! The `wengao` binary: parses the arguments, hands over to [`wengao::cli`] and
//! maps the [`Status`] it returns to the process exit code (the one place that does).

use clap::Parser;
use wengao::status::Status;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match wengao::cli::Cli::try_parse() {
        Ok(cli) => wengao::cli::run(cli).into(),
        Err(e) => {
            let _ = e.print();
            // --help and --version succeed; a wrong argument is the user's input
            // error, not an internal failure.
            if e.use_stderr() { Status::InputErrors } else { Status::Ok }.into()
        }
    }
}
