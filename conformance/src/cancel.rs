//! Ctrl-C: the run stops starting new steps, runs the teardown of the scenario in flight, removes
//! what connecting made (the throwaway app) and reports what ran. A second Ctrl-C ends the process
//! at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag shared by everything a run does; set once.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Ask the run to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the run was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// A flag set by the first Ctrl-C (SIGINT); the second one exits with status 130.
    pub fn on_ctrl_c() -> Cancel {
        let cancel = Cancel::default();
        let flag = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!(
                "backendless-conform: interrupted; running teardown (Ctrl-C again to quit at once)"
            );
            flag.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
        cancel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let a = Cancel::default();
        let b = a.clone();
        assert!(!b.is_cancelled());
        a.cancel();
        assert!(b.is_cancelled());
    }
}
