//! State: what every handler shares — the site, its generation, the guard's
//! [`Access`] and the write lock — and the way a handler works on it.
//!
//! In: the built [`Site`] and the server's [`Access`]. Out: [`Shared`], which
//! rebuilds the site on a change and tells open pages (the generation), and
//! [`with_site`], which runs a handler's work on a blocking thread.

use super::guard::Access;
use super::site::Site;
use std::sync::{Arc, Mutex};

/// The site, the signal that it changed, and what the guard checks.
pub(crate) struct Shared {
    pub(crate) site: Mutex<Site>,
    /// The site's generation; pages' event streams wait on it.
    pub(crate) generation: tokio::sync::watch::Sender<u64>,
    pub(crate) access: Arc<Access>,
    /// Held by the editor from reading a document to writing it.
    pub(crate) writes: Mutex<()>,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Site> {
        self.site.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Rebuilds what `changed` affects and tells open pages when anything did.
    pub(crate) fn rebuild(&self, changed: &[std::path::PathBuf]) -> u64 {
        let mut site = self.lock();
        site.rebuild(changed);
        let generation = site.generation;
        drop(site);
        self.generation.send_if_modified(|g| std::mem::replace(g, generation) != generation);
        generation
    }
}

/// Runs `f` with the site on a blocking thread (builds take milliseconds).
pub(crate) async fn with_site<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&Shared) -> T + Send + 'static,
) -> T {
    let shared = shared.clone();
    match tokio::task::spawn_blocking(move || f(&shared)).await {
        Ok(value) => value,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}
