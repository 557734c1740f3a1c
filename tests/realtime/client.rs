//! A raw socket.io client for tests/realtime.rs: Engine.IO 3 or 4 over a websocket, joined
//! to one app's namespace; every read is bounded by [`WAIT`].

use std::time::Duration;

use backendless_emulator::KeyKind;
use futures_util::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::common::TestServer;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long any expected packet may take.
pub(crate) const WAIT: Duration = Duration::from_secs(5);

/// A socket.io client connected to one app's namespace over a websocket.
pub(crate) struct Rt {
    ws: Ws,
    ns: String,
    eio: u8,
}

impl Rt {
    /// Connect with the default app's JS key (and a user token when given).
    pub(crate) async fn connect(server: &TestServer, eio: u8, token: Option<&str>) -> Rt {
        let key = server.emulator.key(KeyKind::Js).to_string();
        let query = match token {
            Some(t) => format!("apiKey={key}&clientId=c1&userToken={t}"),
            None => format!("apiKey={key}&clientId=c1&userToken=null"),
        };
        Rt::try_connect(server, server.emulator.app_id(), eio, &query)
            .await
            .expect("namespace connect accepted")
    }

    /// Handshake and join namespace `/{app_id}`; `Err` carries a `connect_error` message.
    pub(crate) async fn try_connect(
        server: &TestServer,
        app_id: &str,
        eio: u8,
        query: &str,
    ) -> Result<Rt, String> {
        let base = server.emulator.base_url().replace("http://", "ws://");
        let url = format!("{base}/{app_id}/?EIO={eio}&transport=websocket&{query}");
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("websocket upgrade");
        let mut rt = Rt {
            ws,
            ns: format!("/{app_id}"),
            eio,
        };
        let open = rt.frame().await;
        assert!(open.starts_with("0{") && open.contains("\"sid\""), "{open}");
        if eio == 3 {
            // socket.io v2: the server puts every client in the main namespace first.
            assert_eq!(rt.frame().await, "40");
        }
        let connect = format!("40{},", rt.ns);
        rt.ws
            .send(Message::text(connect))
            .await
            .expect("connect sent");
        let reply = rt.frame().await;
        let ok = format!("40{}", rt.ns);
        let refused = format!("44{},", rt.ns);
        if let Some(error) = reply.strip_prefix(&refused) {
            let error: Value = serde_json::from_str(error).expect("error json");
            // v5 sends {"message": ..}, v2 the bare message.
            return Err(error["message"]
                .as_str()
                .or(error.as_str())
                .unwrap_or("")
                .into());
        }
        assert!(reply.starts_with(&ok), "unexpected connect reply {reply}");
        Ok(rt)
    }

    /// The next engine.io text frame (answering Engine.IO 4 pings on the way).
    pub(crate) async fn frame(&mut self) -> String {
        loop {
            let next = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a packet arrives in time")
                .expect("socket open")
                .expect("frame read");
            match next {
                Message::Text(t) if t.as_str() == "2" && self.eio == 4 => {
                    self.ws.send(Message::text("3")).await.expect("pong");
                }
                Message::Text(t) => return t.to_string(),
                _ => {}
            }
        }
    }

    /// Emit an event on the namespace.
    pub(crate) async fn emit(&mut self, event: &str, payload: Value) {
        let packet = format!("42{},{}", self.ns, json!([event, payload]));
        self.ws.send(Message::text(packet)).await.expect("emit");
    }

    /// The next event of the namespace: (name, payload).
    pub(crate) async fn event(&mut self) -> (String, Value) {
        let prefix = format!("42{},", self.ns);
        loop {
            let frame = self.frame().await;
            if let Some(body) = frame.strip_prefix(&prefix) {
                let parts: Value = serde_json::from_str(body).expect("event json");
                return (
                    parts[0].as_str().unwrap_or("").to_string(),
                    parts[1].clone(),
                );
            }
        }
    }

    /// The next event, which must be `name`; returns its payload.
    pub(crate) async fn expect(&mut self, name: &str) -> Value {
        let (event, payload) = self.event().await;
        assert_eq!(event, name, "payload: {payload}");
        payload
    }

    /// `SUB_ON` and wait for its `SUB_READY`.
    pub(crate) async fn subscribe(&mut self, id: &str, name: &str, options: Value) {
        self.emit(
            "SUB_ON",
            json!({"id": id, "name": name, "options": options}),
        )
        .await;
        assert_eq!(self.expect("SUB_READY").await, json!({ "id": id }));
    }
}

/// Inject an event into the default app's bus; returns how many subscriptions it was queued for.
pub(crate) async fn inject(server: &TestServer, event: Value) -> u64 {
    let path = format!("/_emulator/apps/{}/events", server.emulator.app_id());
    let reply = server.raw(Method::POST, &path).json(event).send().await;
    reply.ok()["queued"].as_u64().expect("queued count")
}
