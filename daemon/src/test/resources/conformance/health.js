// Node's own `http` server at its defaults (keepAliveTimeout 5 s). 503 while FAIL_FILE exists.
const http = require('http');
const fs = require('fs');
const port = Number(process.env.PORT);
const failFile = process.env.FAIL_FILE;
http.createServer((req, res) => {
  const failing = fs.existsSync(failFile);
  const body = JSON.stringify({ status: failing ? 'DOWN' : 'UP', version: '1.0.0-node' });
  res.writeHead(failing ? 503 : 200, { 'Content-Type': 'application/json' });
  res.end(body);
}).listen(port, '127.0.0.1', () => console.log('listening on ' + port));
