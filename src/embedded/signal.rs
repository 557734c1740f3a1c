//! The signals that stop the `backendless-emulator` binary.

/// Ctrl-C and SIGTERM, caught from the moment [`StopSignal::install`] returns: installed before
/// the banner is printed, a signal sent as soon as a script sees the banner stops the emulator
/// cleanly (final save, exit status) instead of killing it.
#[derive(Debug)]
pub struct StopSignal {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignal {
    /// Start catching the signals (needs a Tokio runtime).
    pub fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let streams = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            StopSignal { streams }
        }
        #[cfg(not(unix))]
        StopSignal {}
    }

    /// Wait for the first of them.
    pub async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.streams {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
