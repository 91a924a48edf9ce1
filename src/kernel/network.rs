//! The kernel's sockets: shell and control (requests and replies), IOPub (what the kernel
//! publishes), stdin (bound, unused: cells do not ask for input) and heartbeat, each bound only
//! to the address the connection file names. Requests that need no session (kernel info,
//! whether code is complete, history, comms, interrupt, shutdown) are answered here, so they
//! are answered while a cell runs.

use std::sync::mpsc::Sender;
use std::time::Duration;

use jupyter_protocol::{ConnectionInfo, JupyterMessage, JupyterMessageContent, UnknownMessage};
use jupyter_zmq_client::{
    create_kernel_control_connection, create_kernel_heartbeat_connection,
    create_kernel_iopub_connection, create_kernel_shell_connection, create_kernel_stdin_connection,
    RuntimeError,
};
use serde_json::{json, Value};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use whatif_engine::stop::StopSignal;

use super::{log, Job};

/// Which router socket a request came in on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Shell,
    Control,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Shell => "shell",
            Channel::Control => "control",
        }
    }
}

/// Runs the sockets on a one-thread runtime until a shutdown; `ready` says whether they bound.
pub(super) fn serve(
    info: ConnectionInfo,
    jobs: Sender<Job>,
    publish: UnboundedSender<JupyterMessage>,
    outbox: UnboundedReceiver<JupyterMessage>,
    stop: StopSignal,
    parent: i32,
    ready: Sender<Result<(), String>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = ready.send(Err(format!("cannot start the kernel's event loop: {e}")));
            return;
        }
    };
    runtime.block_on(async move {
        let session = session_id();
        let bound = async {
            Ok::<_, RuntimeError>((
                create_kernel_shell_connection(&info, &session).await?,
                create_kernel_control_connection(&info, &session).await?,
                create_kernel_iopub_connection(&info, &session).await?,
                create_kernel_stdin_connection(&info, &session).await?,
                create_kernel_heartbeat_connection(&info).await?,
            ))
        }
        .await;
        let (shell, control, iopub, mut stdin, mut heartbeat) = match bound {
            Ok(sockets) => sockets,
            Err(e) => {
                let _ = ready.send(Err(format!(
                    "cannot listen on {} (from the connection file): {e}",
                    info.ip
                )));
                return;
            }
        };
        let _ = ready.send(Ok(()));

        tokio::spawn(publish_all(iopub, outbox));
        tokio::spawn(exit_with_parent(parent));
        tokio::spawn(async move {
            loop {
                if let Err(e) = heartbeat.single_heartbeat().await {
                    log(&format!("heartbeat: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        });
        tokio::spawn(async move {
            loop {
                if let Err(e) = stdin.read().await {
                    rejected("stdin", &e).await;
                }
            }
        });
        let control = tokio::spawn(serve_channel(
            Channel::Control,
            control,
            jobs.clone(),
            publish.clone(),
            stop.clone(),
        ));
        let shell = tokio::spawn(serve_channel(Channel::Shell, shell, jobs, publish, stop));
        // Either loop ends only on a shutdown, after which the process exits.
        let _ = tokio::select! { r = control => r, r = shell => r };
    });
}

/// Ends the kernel when the program that started it (the Jupyter server, named by
/// `JPY_PARENT_PID` as Jupyter's own kernels read it, else the parent process) is gone, so a
/// crashed server leaves no kernel behind.
async fn exit_with_parent(parent: i32) {
    #[cfg(unix)]
    {
        let server = std::env::var("JPY_PARENT_PID")
            .ok()
            .and_then(|pid| pid.trim().parse::<i32>().ok())
            .filter(|pid| *pid > 1);
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            // SAFETY: getppid only reads the calling process's parent id.
            let orphaned = unsafe { libc::getppid() } != parent;
            let server_gone = server.is_some_and(|pid| {
                // SAFETY: signal 0 only asks whether the process exists.
                let answer = unsafe { libc::kill(pid, 0) };
                answer != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
            });
            let gone = orphaned || server_gone;
            if gone {
                log("the program that started the kernel has ended: stopping");
                std::process::exit(0);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = parent;
}

/// The parent process now (read as early as possible: see `exit_with_parent`).
pub(super) fn parent_process() -> i32 {
    #[cfg(unix)]
    // SAFETY: getppid only reads the calling process's parent id.
    return unsafe { libc::getppid() };
    #[cfg(not(unix))]
    0
}

/// A session id for the kernel's own messages: unique enough per process and start time.
fn session_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("whatif-{}-{nanos:x}", std::process::id())
}

/// Logs a message the kernel could not read (unsigned, badly signed, not JSON, not a Jupyter
/// message) and moves on; a socket error waits a moment so a broken socket cannot spin.
async fn rejected(channel: &str, error: &RuntimeError) {
    let why = match error {
        RuntimeError::MissingHmac | RuntimeError::DecodeError(_) | RuntimeError::VerifyError(_) => {
            "its signature is missing or wrong"
        }
        RuntimeError::MissingDelimiter | RuntimeError::InsufficientMessageParts(_) => {
            "it is not a Jupyter message"
        }
        _ => "it cannot be read",
    };
    let detail = match error {
        RuntimeError::MissingHmac | RuntimeError::DecodeError(_) | RuntimeError::VerifyError(_) => {
            String::new()
        }
        other => format!(" ({other})"),
    };
    log(&format!("rejected a message on {channel}: {why}{detail}"));
    if matches!(error, RuntimeError::ZmqError(_) | RuntimeError::IoError(_)) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn publish_all(
    mut iopub: jupyter_zmq_client::KernelIoPubConnection,
    mut outbox: UnboundedReceiver<JupyterMessage>,
) {
    while let Some(message) = outbox.recv().await {
        if let Err(e) = iopub.send(message).await {
            log(&format!("cannot publish on iopub: {e}"));
        }
    }
}

/// A message with raw JSON content, as a child of `parent`.
pub(super) fn message(msg_type: &str, content: Value, parent: &JupyterMessage) -> JupyterMessage {
    JupyterMessage::new(
        UnknownMessage {
            msg_type: msg_type.to_string(),
            content,
        },
        Some(parent),
    )
}

/// A message for IOPub: no routing identities (those belong to the shell's requester).
pub(super) fn broadcast(msg_type: &str, content: Value, parent: &JupyterMessage) -> JupyterMessage {
    message(msg_type, content, parent).with_zmq_identities(Vec::new())
}

fn status(state: &str, parent: &JupyterMessage) -> JupyterMessage {
    broadcast("status", json!({ "execution_state": state }), parent)
}

type Router = jupyter_zmq_client::KernelShellConnection;

/// Answers one channel's requests in order, each between a busy and an idle status.
async fn serve_channel(
    channel: Channel,
    mut socket: Router,
    jobs: Sender<Job>,
    publish: UnboundedSender<JupyterMessage>,
    stop: StopSignal,
) {
    let mut abort_before = None;
    loop {
        let request = match socket.read().await {
            Ok(request) => request,
            Err(e) => {
                rejected(channel.name(), &e).await;
                continue;
            }
        };
        let _ = publish.send(status("busy", &request));
        let is_execute = matches!(request.content, JupyterMessageContent::ExecuteRequest(_));
        let queued_before_error = abort_before.as_ref().is_some_and(|error| {
            request.header.date < *error && request.header.date.timestamp() > 0
        });
        let answer = if is_execute && queued_before_error {
            Answer::Reply("execute_reply".into(), json!({"status": "aborted"}))
        } else {
            if is_execute {
                abort_before = None;
            }
            answer(channel, &request, &jobs, &publish, &stop).await
        };
        let shutdown = matches!(answer, Answer::Shutdown(_));
        let failed = matches!(&answer, Answer::Reply(_, content) if content["status"] == "error");
        let reply = match answer {
            Answer::Reply(msg_type, content) | Answer::Shutdown((msg_type, content)) => {
                Some(message(&msg_type, content, &request))
            }
            Answer::Nothing => None,
        };
        if let Some(reply) = reply {
            // "Run all" sends every cell at once: after a failed cell, the cells the front end
            // had already sent are aborted (unless it asked otherwise), as Jupyter's own kernels
            // do, so nothing runs on top of a failure.
            if is_execute && failed && stop_on_error(&request) {
                abort_before = Some(reply.header.date);
            }
            if shutdown {
                let _ = publish.send(broadcast("shutdown_reply", reply_content(&reply), &request));
            }
            if let Err(e) = socket.send(reply).await {
                log(&format!("cannot reply on {}: {e}", channel.name()));
            }
        }
        let _ = publish.send(status("idle", &request));
        if shutdown {
            // Let the reply and the last statuses leave before the process ends; the session
            // thread may be inside a cell, which the interrupt already asked to stop.
            tokio::time::sleep(Duration::from_millis(100)).await;
            std::process::exit(0);
        }
    }
}

fn stop_on_error(request: &JupyterMessage) -> bool {
    let content = serde_json::to_value(&request.content).unwrap_or(Value::Null);
    content["stop_on_error"].as_bool().unwrap_or(true)
}

fn reply_content(reply: &JupyterMessage) -> Value {
    serde_json::to_value(&reply.content).unwrap_or(Value::Null)
}

enum Answer {
    Reply(String, Value),
    Shutdown((String, Value)),
    Nothing,
}

/// The reply to one request; execution, completion and inspection go to the session thread.
async fn answer(
    channel: Channel,
    request: &JupyterMessage,
    jobs: &Sender<Job>,
    publish: &UnboundedSender<JupyterMessage>,
    stop: &StopSignal,
) -> Answer {
    let content = serde_json::to_value(&request.content).unwrap_or(Value::Null);
    let msg_type = request.message_type().to_string();
    let reply_type = msg_type.replace("_request", "_reply");
    let reply = |content: Value| Answer::Reply(reply_type.clone(), content);
    let from_session = |job: Job, rx: tokio::sync::oneshot::Receiver<Value>| async move {
        if jobs.send(job).is_err() {
            return json!({"status": "error", "ename": "KernelError",
                "evalue": "the session has stopped", "traceback": []});
        }
        rx.await.unwrap_or_else(|_| {
            json!({"status": "error", "ename": "KernelError",
                "evalue": "the session stopped while answering", "traceback": []})
        })
    };
    match &request.content {
        JupyterMessageContent::KernelInfoRequest(_) => reply(kernel_info()),
        JupyterMessageContent::ExecuteRequest(_) if channel == Channel::Shell => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            reply(from_session(Job::Execute(Box::new(request.clone()), tx), rx).await)
        }
        JupyterMessageContent::CompleteRequest(_) | JupyterMessageContent::InspectRequest(_) => {
            let code = content["code"].as_str().unwrap_or("").to_string();
            let cursor = content["cursor_pos"].as_u64().unwrap_or(0) as usize;
            let (tx, rx) = tokio::sync::oneshot::channel();
            let job = if msg_type == "complete_request" {
                Job::Complete(code, cursor, tx)
            } else {
                Job::Inspect(code, cursor, tx)
            };
            reply(from_session(job, rx).await)
        }
        JupyterMessageContent::IsCompleteRequest(_) => {
            reply(is_complete(content["code"].as_str().unwrap_or("")))
        }
        JupyterMessageContent::HistoryRequest(_) => reply(json!({"status": "ok", "history": []})),
        JupyterMessageContent::CommInfoRequest(_) => reply(json!({"status": "ok", "comms": {}})),
        JupyterMessageContent::CommOpen(_) => {
            // No comm targets: close it at once, as Jupyter's own kernels do for an unknown
            // target, so the front end does not wait on it.
            let _ = publish.send(broadcast(
                "comm_close",
                json!({"comm_id": content["comm_id"], "data": {}}),
                request,
            ));
            Answer::Nothing
        }
        JupyterMessageContent::CommMsg(_) | JupyterMessageContent::CommClose(_) => Answer::Nothing,
        JupyterMessageContent::InterruptRequest(_) => {
            stop.request_interrupt();
            reply(json!({"status": "ok"}))
        }
        JupyterMessageContent::ShutdownRequest(_) => {
            stop.request_interrupt();
            let restart = content["restart"].as_bool().unwrap_or(false);
            Answer::Shutdown((
                reply_type.clone(),
                json!({"status": "ok", "restart": restart}),
            ))
        }
        _ => {
            log(&format!(
                "no answer to '{msg_type}' on {}: not supported",
                channel.name()
            ));
            Answer::Nothing
        }
    }
}

/// What `kernel_info_request` answers.
pub(super) fn kernel_info() -> Value {
    let version = env!("CARGO_PKG_VERSION");
    json!({
        "status": "ok",
        "protocol_version": "5.3",
        "implementation": "whatif",
        "implementation_version": version,
        "language_info": {
            "name": "whatif",
            "version": version,
            "mimetype": "text/x-rhai",
            "file_extension": ".rhai",
            "pygments_lexer": "rust",
            "codemirror_mode": "rust",
        },
        "banner": format!(
            "whatif {version}: what-if calculations in exact decimals (Rhai). \
             :help lists the functions, :datasets the article's data."
        ),
        "help_links": [{"text": "Rhai book (the language of the cells)", "url": super::spec::HELP_URL}],
        "debugger": false,
    })
}

/// `complete`, `incomplete` (an open bracket, string or comment) or `invalid` (a bracket that
/// closes what was never opened), as the prompt decides when Enter submits.
pub(super) fn is_complete(code: &str) -> Value {
    use whatif_engine::scan::{brackets, Brackets};
    if matches!(
        brackets(code),
        Some(Brackets::Mismatched { .. } | Brackets::Stray { .. })
    ) {
        return json!({"status": "invalid"});
    }
    if crate::repl::scan::is_complete(code) {
        json!({"status": "complete"})
    } else {
        json!({"status": "incomplete", "indent": crate::repl::prompt::INDENT})
    }
}
