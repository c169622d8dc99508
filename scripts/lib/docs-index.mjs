// The docs portal's index page: one row per API with its operation, docs page and downloads.
const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function operations(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ method: method.toUpperCase(), path, summary: item[method].summary ?? '' })),
  );
}

export function renderIndexPage(bundles) {
  const rows = bundles
    .map(({ api, spec }) => {
      const ops = operations(spec)
        .map((op) => `<code>${escape(op.method)} ${escape(op.path)}</code><br><small>${escape(op.summary)}</small>`)
        .join('<br>');
      const hosts = (spec.servers ?? []).map((s) => `<code>${escape(s.url)}</code>`).join('<br>');
      const downloads = ['yaml', 'json', 'deref.json']
        .map((ext) => `<a href="openapi/${api.id}.${ext}" download>${ext}</a>`)
        .concat(`<a href="postman/${api.id}.postman_collection.json" download>Postman collection</a>`)
        .join(' · ');
      return `      <tr>
        <td><a class="api" href="${api.id}.html">${escape(spec.info.title)}</a><br><small>${escape(api.id)} · ${escape(spec.info.version)}</small></td>
        <td>${ops}</td>
        <td>${hosts}</td>
        <td>${downloads}</td>
      </tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cloud-backup-api — API reference</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; vertical-align: top; padding: .6rem; border-bottom: 1px solid #ddd; }
    a.api { font-weight: 600; }
    small { color: #666; }
  </style>
</head>
<body>
  <h1>cloud-backup-api</h1>
  <p>OpenAPI 3.0.3 descriptions of four cloud "list backups" APIs, written to accept what the real servers send.
     Each page below is generated from the published bundle; the downloads are the same files other teams consume.</p>
  <table>
    <thead><tr><th>API</th><th>Operation</th><th>Servers</th><th>Download</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
</body>
</html>
`;
}
