// A static file server on 127.0.0.1 for browser tests: serves ROOT under PREFIX (a sub-path,
// as GitHub Pages serves a project site), never anything outside ROOT.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, normalize, extname } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml" };

export function serve(root, prefix = "/sub/") {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let rel = normalize(path.slice(prefix.length));
    if (rel.startsWith("..")) { res.writeHead(404).end(); return; }
    if (rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
    try {
      const body = await readFile(join(root, rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    server, base: `http://127.0.0.1:${server.address().port}${prefix}`,
  })));
}
