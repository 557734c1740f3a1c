//! The signals that stop the `backendless-emulator` binary.

/// Completes on Ctrl-C or SIGTERM. The SIGTERM handler is installed when this is called, not when
/// it is first polled: made before start-up, it catches a SIGTERM sent while the server starts
/// (which would otherwise kill the process without its final snapshot).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let handlers = {
        use tokio::signal::unix::{signal, SignalKind};
        signal(SignalKind::terminate()).and_then(|t| Ok((t, signal(SignalKind::interrupt())?)))
    };
    async move {
        #[cfg(unix)]
        if let Ok((mut term, mut interrupt)) = handlers {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
