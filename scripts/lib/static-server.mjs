// A small static file server for the docs portal (loopback only). No directory listings, no
// paths outside the root.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.png': 'image/png',
};

/** Starts serving `root` on host:port (port 0 = any free port). Resolves to { url, close }. */
export function serveStatic(root, { host = '127.0.0.1', port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it on every page; we have none
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root + sep))) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${path}`);
    }
  });
  return listen(server, host, port);
}

/** Listens and resolves to { url, close }; a taken port becomes an error that says which one. */
export function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use; choose another with the matching --*-port option`));
      else reject(error);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${address.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
