//! Build script: names the commit in `wengao --version`.
//!
//! In: the git checkout the crate is built from (if any) or `WENGAO_COMMIT` (a
//! release pipeline building from a source archive). Out: the environment
//! variable `WENGAO_COMMIT` for the compiler — the commit's short hash, or
//! `unknown` outside a checkout. Outputs never contain it (they are the same
//! for the same input whatever build made them).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string()).filter(|s| !s.is_empty())
}

fn main() {
    println!("cargo:rerun-if-env-changed=WENGAO_COMMIT");
    let commit = std::env::var("WENGAO_COMMIT").ok().filter(|s| !s.is_empty()).or_else(|| {
        // Rebuilt when HEAD moves: HEAD itself, the branch it names, packed refs.
        // (Only files that exist: a missing one would rerun this script every build.)
        let branch = git(&["symbolic-ref", "-q", "HEAD"]);
        for file in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
            if let Some(path) = git(&["rev-parse", "--git-path", file]) {
                if std::path::Path::new(&path).exists() {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
        }
        git(&["rev-parse", "--short=10", "HEAD"])
    });
    println!("cargo:rustc-env=WENGAO_COMMIT={}", commit.as_deref().unwrap_or("unknown"));
}
