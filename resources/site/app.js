// Asks the application server which host answered and shows it, with the X-Served-By header
// the web server and application server set on the way back.
"use strict";

function show(id, text) {
  document.getElementById(id).textContent = text;
}

async function ask() {
  show("served-by", "asking\u2026");
  try {
    const response = await fetch("/api/info", { cache: "no-store" });
    const info = await response.json();
    show("served-by", response.headers.get("X-Served-By") || info.host);
    show("app-node", info.node);
    show("app-pid", String(info.pid));
    show("app-requests", String(info.requests));
    show("trace", info.trace || "\u2013");
    document.title = "www.foobar.com \u2014 " + info.host;
  } catch (error) {
    show("served-by", "no answer (" + error + ")");
  }
}

document.getElementById("again").addEventListener("click", ask);
ask();
