//! The fake's front door: a small TCP relay in front of the HTTP server, so that faults can break a
//! connection the way real networks do (a response cut short, a connection closed without an answer), which
//! an HTTP server library cannot do on a kept-alive connection.
//!
//! Each client connection gets a connection to the HTTP server; the relay remembers which server-side address
//! belongs to which client socket, so a request handler can find its client and write to or close it.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::lock;

/// The client sockets of live connections, by the relay's address on the HTTP server side.
#[derive(Default)]
pub(crate) struct Wire {
    clients: Mutex<HashMap<SocketAddr, TcpStream>>,
}

impl Wire {
    /// Writes `bytes` to the client of the connection the HTTP server sees from `relay_addr`, then closes the
    /// client connection in both directions (no more bytes reach it).
    pub fn cut(&self, relay_addr: Option<&SocketAddr>, bytes: &[u8]) {
        let client = relay_addr.and_then(|addr| lock(&self.clients).remove(addr));
        let Some(mut client) = client else {
            eprintln!("fake Jira: a connection fault found no connection to break");
            return;
        };
        // The client may already be gone; a broken pipe is the point of the exercise.
        let _ = client.write_all(bytes);
        let _ = client.flush();
        let _ = client.shutdown(Shutdown::Both);
    }
}

/// Accepts clients on `listener` and relays each to `backend` until `stopping` is set (then one more
/// connection unblocks the accept).
pub(crate) fn relay(listener: &TcpListener, backend: SocketAddr, wire: &Arc<Wire>, stopping: &AtomicBool) {
    for client in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        let wire = wire.clone();
        let spawned =
            std::thread::Builder::new().name("fake-jira-relay".into()).spawn(move || connect(client, backend, &wire));
        if let Err(error) = spawned {
            eprintln!("fake Jira: cannot spawn a relay thread: {error}");
        }
    }
}

/// Relays one client connection in both directions until either side closes.
fn connect(client: TcpStream, backend: SocketAddr, wire: &Wire) {
    let _ = client.set_nodelay(true);
    let Ok(server) = TcpStream::connect(backend) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let _ = server.set_nodelay(true);
    let (Ok(relay_addr), Ok(client_in), Ok(server_out), Ok(client_registered)) =
        (server.local_addr(), client.try_clone(), server.try_clone(), client.try_clone())
    else {
        return;
    };
    lock(&wire.clients).insert(relay_addr, client_registered);
    let upstream =
        std::thread::Builder::new().name("fake-jira-relay-up".into()).spawn(move || pump(client_in, server_out));
    pump(server, client);
    if let Ok(upstream) = upstream {
        let _ = upstream.join();
    }
    lock(&wire.clients).remove(&relay_addr);
}

/// Copies `from` into `to` until `from` ends or `to` breaks, then closes both.
fn pump(mut from: TcpStream, mut to: TcpStream) {
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}
