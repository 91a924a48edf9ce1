//! The session thread: one prompt session (`Repl`) for the kernel's life. A cell runs as an
//! entry typed at the prompt (so state, `_`, `:commands` and errors are the prompt's), `print`
//! and notes are published as they happen, and the last value goes out as a rich result.

use std::cell::RefCell;
use std::rc::Rc;

use jupyter_protocol::JupyterMessage;
use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;
use whatif_engine::{EngineConfig, Host};

use super::network::broadcast;
use super::{rich, Job};
use crate::repl::prompt::{Cell, Completion, Output, Repl};

/// The message whose outputs are being published; `None` while nothing should be (a silent
/// execution).
type Parent = Rc<RefCell<Option<JupyterMessage>>>;

pub(super) struct Worker {
    repl: Repl,
    count: u64,
    publish: UnboundedSender<JupyterMessage>,
    parent: Parent,
}

impl Worker {
    pub(super) fn new(
        config: &EngineConfig,
        host: Host,
        publish: UnboundedSender<JupyterMessage>,
    ) -> Self {
        let parent: Parent = Rc::new(RefCell::new(None));
        let stream = |name: &'static str| {
            let parent = Rc::clone(&parent);
            let publish = publish.clone();
            Rc::new(move |text: &str| {
                if let Some(parent) = parent.borrow().as_ref() {
                    let content = json!({"name": name, "text": format!("{text}\n")});
                    let _ = publish.send(broadcast("stream", content, parent));
                }
            }) as Rc<dyn Fn(&str)>
        };
        let repl = Repl::new(config, host, stream("stdout"), stream("stderr"));
        Worker {
            repl,
            count: 0,
            publish,
            parent,
        }
    }

    pub(super) fn handle(&mut self, job: Job) {
        match job {
            Job::Execute(request, reply) => {
                let _ = reply.send(self.execute(&request));
            }
            Job::Complete(code, cursor, reply) => {
                let _ = reply.send(self.complete(&code, cursor));
            }
            Job::Inspect(code, cursor, reply) => {
                let _ = reply.send(self.inspect(&code, cursor));
            }
        }
    }

    fn send(&self, msg_type: &str, content: Value, parent: &JupyterMessage) {
        let _ = self.publish.send(broadcast(msg_type, content, parent));
    }

    /// Runs a cell; the `execute_reply` content.
    fn execute(&mut self, request: &JupyterMessage) -> Value {
        let content = serde_json::to_value(&request.content).unwrap_or(Value::Null);
        let code = content["code"].as_str().unwrap_or("");
        let silent = content["silent"].as_bool().unwrap_or(false);
        let store = content["store_history"].as_bool().unwrap_or(!silent) && !silent;
        if store {
            self.count += 1;
        }
        let count = self.count;
        if !silent {
            self.send(
                "execute_input",
                json!({"code": code, "execution_count": count}),
                request,
            );
            *self.parent.borrow_mut() = Some(request.clone());
        }
        let cell = if is_commands(code) {
            self.commands(code)
        } else {
            self.repl.run_cell(code, &format!("In [{count}]"))
        };
        let reply = self.publish_cell(cell, count, request, silent);
        *self.parent.borrow_mut() = None;
        reply
    }

    /// A cell of `:commands`, one a line, as the prompt runs them.
    fn commands(&mut self, code: &str) -> Cell {
        let mut all = Cell::default();
        for line in code.lines().filter(|l| !l.trim().is_empty()) {
            let reply = self.repl.handle(line);
            let failed = reply.outputs.iter().any(|o| matches!(o, Output::Error(_)));
            all.reply.outputs.extend(reply.outputs);
            if reply.quit {
                all.reply.outputs.push(Output::Info(
                    "the kernel keeps running: shut it down from the notebook".into(),
                ));
            }
            if failed {
                break;
            }
        }
        all
    }

    /// Publishes what a cell showed, in order; the reply content.
    fn publish_cell(
        &self,
        cell: Cell,
        count: u64,
        request: &JupyterMessage,
        silent: bool,
    ) -> Value {
        let last_value = cell
            .reply
            .outputs
            .iter()
            .rposition(|o| matches!(o, Output::Value(_)));
        for (i, output) in cell.reply.outputs.iter().enumerate() {
            match output {
                Output::Value(text) if !silent => {
                    let data = if Some(i) == last_value {
                        match &cell.value {
                            Some(value) => rich::bundle(self.repl.session(), value, text),
                            None => rich::shown_bundle(text),
                        }
                    } else {
                        rich::shown_bundle(text)
                    };
                    if Some(i) == last_value {
                        self.send(
                            "execute_result",
                            json!({"execution_count": count, "data": data, "metadata": {}}),
                            request,
                        );
                    } else {
                        self.send(
                            "display_data",
                            json!({"data": data, "metadata": {}}),
                            request,
                        );
                    }
                }
                Output::Text(text) if !silent => self.send(
                    "stream",
                    json!({"name": "stdout", "text": format!("{text}\n")}),
                    request,
                ),
                Output::Info(text) if !silent => self.send(
                    "stream",
                    json!({"name": "stderr", "text": format!("{text}\n")}),
                    request,
                ),
                Output::Error(rendered) => {
                    let error = error_content(rendered, cell.interrupted);
                    if !silent {
                        self.send("error", error.clone(), request);
                    }
                    let mut reply = error;
                    reply["status"] = json!("error");
                    reply["execution_count"] = json!(count);
                    return reply;
                }
                _ => {}
            }
        }
        json!({"status": "ok", "execution_count": count, "user_expressions": {}, "payload": []})
    }

    /// The prompt's completion at a cursor given in characters, as Jupyter counts them.
    fn complete(&self, code: &str, cursor: usize) -> Value {
        let at = byte_offset(code, cursor);
        let (start, matches) = match self.repl.complete(code, at) {
            Completion::Names { start, names } => (start, names),
            Completion::Files | Completion::Nothing => (at, Vec::new()),
        };
        json!({
            "status": "ok",
            "matches": matches,
            "cursor_start": code[..start].chars().count(),
            "cursor_end": code[..at].chars().count(),
            "metadata": {},
        })
    }

    /// The `:help` page of the name under (or just before) the cursor.
    fn inspect(&mut self, code: &str, cursor: usize) -> Value {
        let at = byte_offset(code, cursor);
        let page = name_at(code, at).and_then(|name| {
            let reply = self.repl.handle(&format!(":help {name}"));
            match reply.outputs.first() {
                Some(Output::Text(page) | Output::Value(page)) => Some(page.clone()),
                _ => None,
            }
        });
        match page {
            Some(page) => json!({
                "status": "ok", "found": true, "data": {"text/plain": page}, "metadata": {}
            }),
            None => json!({"status": "ok", "found": false, "data": {}, "metadata": {}}),
        }
    }
}

/// A cell whose every non-blank line is a `:command`.
fn is_commands(code: &str) -> bool {
    let mut lines = code.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next().is_some_and(|l| l.starts_with(':')) && lines.all(|l| l.starts_with(':'))
}

/// The content of an `error` message from the prompt's rendering of it: the first line (less
/// its `error: `) as the value, every line as the traceback.
pub(super) fn error_content(rendered: &str, interrupted: bool) -> Value {
    let first = rendered.lines().next().unwrap_or("");
    let evalue = first.strip_prefix("error: ").unwrap_or(first);
    let ename = if interrupted {
        "KeyboardInterrupt"
    } else {
        "Error"
    };
    let traceback: Vec<&str> = rendered.trim_end().lines().collect();
    json!({"ename": ename, "evalue": evalue, "traceback": traceback})
}

/// The byte offset of the `chars`-th character (the end if the cell is shorter).
fn byte_offset(code: &str, chars: usize) -> usize {
    code.char_indices()
        .nth(chars)
        .map_or(code.len(), |(at, _)| at)
}

/// The identifier under the cursor, or else the function whose call's brackets hold the
/// cursor (Shift-Tab inside `npv(0.1, ` asks about `npv`).
fn name_at(code: &str, at: usize) -> Option<&str> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let start = code[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = code[at..]
        .char_indices()
        .find(|(_, c)| !is_name(*c))
        .map_or(code.len(), |(i, _)| at + i);
    let word = &code[start..end];
    if word.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return Some(word);
    }
    let mut depth = 0usize;
    let open = code[..at].char_indices().rev().find_map(|(i, c)| match c {
        ')' => {
            depth += 1;
            None
        }
        '(' if depth == 0 => Some(i),
        '(' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let before = code[..open].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name(*c))
        .last()
        .map(|(i, _)| i)?;
    Some(&before[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_under_and_before_the_cursor() {
        assert_eq!(name_at("npv(0.1, x)", 1), Some("npv"));
        assert_eq!(name_at("npv(0.1, x)", 4), Some("npv"));
        assert_eq!(name_at("npv(0.1, f(2), ", 15), Some("npv"));
        assert_eq!(name_at("let a = roi", 11), Some("roi"));
        assert_eq!(name_at("1 + ", 4), None);
        assert_eq!(name_at("名字", byte_offset("名字", 1)), Some("名字"));
    }

    #[test]
    fn command_cells_are_all_commands() {
        assert!(is_commands(":digits 4\n\n:vars"));
        assert!(!is_commands(":digits 4\n1 + 1"));
        assert!(!is_commands("1 + 1"));
        assert!(!is_commands(""));
    }

    #[test]
    fn errors_keep_the_prompt_message_and_caret() {
        let rendered =
            "error: unknown variable nope\n --> In [2]:1:5\n  |\n1 | 1 + nope\n  |     ^\n";
        let content = error_content(rendered, false);
        assert_eq!(content["ename"], "Error");
        assert_eq!(content["evalue"], "unknown variable nope");
        assert_eq!(content["traceback"].as_array().unwrap().len(), 5);
        assert_eq!(error_content(rendered, true)["ename"], "KeyboardInterrupt");
    }
}
