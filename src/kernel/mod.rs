//! The Jupyter kernel (`whatif --kernel CONNECTION_FILE`): the five channels of the Jupyter
//! messaging protocol over ZeroMQ on a network thread, one prompt session (`Repl`) on the
//! calling thread, which keeps the large stack the CLI gives scripts. `Session` is not `Send`,
//! so the network thread hands it jobs and the session thread sends messages back.
//!
//! `network` owns the sockets and the replies that need no session; `worker` runs cells,
//! completion and inspection; `rich` turns a value into the media a notebook shows; `spec`
//! installs the kernelspec.

mod network;
pub mod rich;
pub mod spec;
mod worker;

use std::path::Path;

use jupyter_protocol::{ConnectionInfo, JupyterMessage};
use serde_json::Value;
use whatif_engine::{EngineConfig, Host};

/// What the network thread asks of the session thread; each job answers on its own channel.
pub(crate) enum Job {
    /// An `execute_request`: the message (the parent of everything it publishes).
    Execute(Box<JupyterMessage>, tokio::sync::oneshot::Sender<Value>),
    /// `complete_request` and `inspect_request`: code and the cursor (in characters).
    Complete(String, usize, tokio::sync::oneshot::Sender<Value>),
    Inspect(String, usize, tokio::sync::oneshot::Sender<Value>),
}

/// Reads the connection file, binds its five addresses and serves until a `shutdown_request`.
pub fn run(connection_file: &Path, config: &EngineConfig, host: Host) -> Result<(), String> {
    let parent = network::parent_process();
    let info = read_connection_file(connection_file)?;
    let stop = host.stop.clone();
    let (jobs, inbox) = std::sync::mpsc::channel::<Job>();
    let (publish, outbox) = tokio::sync::mpsc::unbounded_channel::<JupyterMessage>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
    let published = publish.clone();
    let network = std::thread::Builder::new()
        .name("whatif-kernel-network".into())
        .spawn(move || network::serve(info, jobs, published, outbox, stop, parent, ready_tx))
        .map_err(|e| format!("cannot start the kernel's network thread: {e}"))?;
    // Binding fails fast (a port in use, an address not on this machine): say so and stop.
    match ready_rx.recv() {
        Ok(Ok(())) => {}
        Ok(Err(message)) => return Err(message),
        Err(_) => return Err("the kernel's network thread stopped while starting".into()),
    }
    let mut worker = worker::Worker::new(config, host, publish);
    // The loop ends when the network thread drops its sender (shutdown).
    for job in inbox {
        worker.handle(job);
    }
    let _ = network.join();
    Ok(())
}

fn read_connection_file(path: &Path) -> Result<ConnectionInfo, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        format!(
            "cannot read the connection file '{}': {why}",
            path.display()
        )
    })?;
    let info: ConnectionInfo = serde_json::from_str(&text)
        .map_err(|e| format!("'{}' is not a Jupyter connection file: {e}", path.display()))?;
    if !info.key.is_empty() && info.signature_scheme != "hmac-sha256" {
        return Err(format!(
            "the connection file asks for signature scheme '{}'; whatif signs with hmac-sha256",
            info.signature_scheme
        ));
    }
    Ok(info)
}

/// Logs to standard error, which Jupyter shows in the server's log (never in a notebook).
pub(crate) fn log(message: &str) {
    eprintln!("whatif kernel: {message}");
}
