//! The `wengao` binary: parses the arguments, hands over to [`wengao::cli`] and
//! maps the [`Status`] it returns to the process exit code (the one place that does).

use clap::Parser;
use wengao::status::Status;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the `mi_option_e` of mimalloc v3 (the version
/// libmimalloc-sys builds; include/mimalloc.h); the test below checks that the
/// index still names an option whose default is the purge delay's 1000 ms.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc hands freed memory back to the system (`madvise`, about 150 calls in
/// a seed PDF's process, many when its worker threads end); a build that lives
/// 12 ms gains nothing from that: keeping what it frees until it exits saves
/// 0.2–0.8 ms. `serve`, which lives long, hands memory back as usual.
fn keep_freed_memory() {
    // SAFETY: sets an integer option of the allocator, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

fn main() -> std::process::ExitCode {
    match wengao::cli::Cli::try_parse() {
        Ok(cli) => {
            if !cli.command.is_long_running() {
                keep_freed_memory();
            }
            wengao::cli::run(cli).into()
        }
        Err(e) => {
            let _ = e.print();
            // --help and --version succeed; a wrong argument is the user's input
            // error, not an internal failure.
            if e.use_stderr() { Status::InputErrors } else { Status::Ok }.into()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads an integer option of the allocator.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc's option {} is not the purge delay (1000 ms)", super::PURGE_DELAY);
    }
}
