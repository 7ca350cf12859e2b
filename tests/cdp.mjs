// A headless Chromium driven over the DevTools protocol (node's built-in
// WebSocket), for tests/browser.mjs and tests/editor.mjs.
//
//   const b = await launch(chromium, { width, height });
//   await b.go(url); await b.eval("document.title"); await b.shot(file); b.stop();
//
// It records what the console shows (b.problems: errors and warnings, uncaught
// exceptions) and every Content-Security-Policy violation of the page and its
// frames (b.violations): the server's policy forbids inline script, and a test
// that sees none has shown the pages work under it.
import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launch(chromium, { width = 1000, height = 1400, timeout = 45000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "wengao-chromium-"));
  const browser = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--hide-scrollbars", `--user-data-dir=${profile}`, "--remote-debugging-port=0",
    `--window-size=${width},${height}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  // Chromium starts helper processes: stop the whole group, then remove its
  // profile (25 MB a run) when this script exits.
  const stop = () => { try { process.kill(-browser.pid, "SIGKILL"); } catch { browser.kill("SIGKILL"); } };
  process.on("exit", () => {
    try { rmSync(profile, { recursive: true, force: true, maxRetries: 3 }); } catch {}
  });
  const b = { stop, state: async () => "" };
  b.fail = async (why) => {
    let state = "";
    try { state = await b.state(); } catch {}
    console.error("FAIL:", why, state ? "\nstate: " + state : "");
    stop();
    process.exit(1);
  };
  setTimeout(() => b.fail("timed out"), timeout).unref();

  const wsUrl = await new Promise((resolve) => {
    let err = "";
    browser.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
  });
  const targets = await (await fetch(wsUrl.replace("ws://", "http://").replace(/\/devtools.*/, "/json"))).json();
  const ws = new WebSocket(targets.find((t) => t.type === "page").webSocketDebuggerUrl);
  await new Promise((r) => ws.addEventListener("open", r));
  let next = 1;
  const waiting = new Map();
  const listeners = [];
  ws.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
    if (msg.method) listeners.forEach((l) => l(msg));
  });
  b.send = (method, params = {}) => new Promise((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
  /** Calls `listener` with every DevTools event (`{ method, params }`). */
  b.on = (listener) => listeners.push(listener);
  /** Resolves at the next load event of the top page. */
  b.loaded = () => new Promise((resolve) => {
    const l = (msg) => { if (msg.method === "Page.loadEventFired") { listeners.splice(listeners.indexOf(l), 1); resolve(); } };
    listeners.push(l);
  });
  b.eval = async (expression) => {
    const r = await b.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.result.exceptionDetails) throw new Error(expression + ": " + JSON.stringify(r.result.exceptionDetails));
    return r.result.result.value;
  };
  b.go = async (url) => { const l = b.loaded(); await b.send("Page.navigate", { url }); await l; };
  b.shot = async (file) => {
    const png = await b.send("Page.captureScreenshot", { format: "png" });
    writeFileSync(file, Buffer.from(png.result.data, "base64"));
  };
  /** Polls `expression` until it is truthy; fails with `what` after `ms`. */
  b.until = async (expression, what, ms = 15000) => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await b.eval(expression);
      if (v) return v;
      if (Date.now() > end) await b.fail("waited in vain for " + what);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  b.problems = [];
  b.violations = [];
  b.on(({ method, params }) => {
    if (method === "Log.entryAdded" && ["error", "warning"].includes(params.entry.level)) {
      const { source, text, url } = params.entry;
      b.problems.push(`${source}: ${text}${url ? " (" + url + ")" : ""}`);
      if (/Content Security Policy/i.test(text)) b.violations.push(text);
    } else if (method === "Runtime.exceptionThrown") {
      const d = params.exceptionDetails;
      b.problems.push("exception: " + (d.exception?.description || d.text));
    } else if (method === "Audits.issueAdded" && params.issue.code === "ContentSecurityPolicyIssue") {
      const d = params.issue.details.contentSecurityPolicyIssueDetails;
      b.violations.push(`${d.violatedDirective} (${d.contentSecurityPolicyViolationType}) ${d.blockedURL || ""}`);
    }
  });
  /** Fails if the page or its frames broke the Content-Security-Policy. */
  b.checkPolicy = async () => {
    for (const p of b.problems) console.log("console:", p);
    if (b.violations.length) await b.fail("Content-Security-Policy violations:\n  " + b.violations.join("\n  "));
    console.log("no Content-Security-Policy violations");
  };
  await b.send("Page.enable");
  await b.send("Runtime.enable");
  await b.send("Log.enable");
  await b.send("Audits.enable");
  return b;
}
