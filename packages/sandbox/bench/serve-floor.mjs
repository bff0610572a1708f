// The floor for the benchmark: a bare node:http server that does only what any Node implementation of these
// operations must do, and nothing the sandbox is asked to do besides. POST /v1/investors: read the body,
// JSON.parse it, answer one {partnerInvestorId, status, zestPersonId} per row with JSON.stringify (no auth, no
// schema validation, no lookups, no state, no outbox). GET: answer fixed bytes (the sandbox's own answer, passed in
// as argv[2]). It runs in its own process like the others; prints its URL as one JSON line; stops on SIGTERM.
import { createServer } from 'node:http';

const getAnswer = Buffer.from(process.argv[2] ?? '{}');
const ZEST_PERSON_ID = 'psn_0123456789ab';

const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body = getAnswer;
    if (req.method === 'POST') {
      const { investors } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const results = [];
      for (const row of investors)
        results.push({
          partnerInvestorId: row.partnerInvestorId,
          status: 'already_exists',
          zestPersonId: ZEST_PERSON_ID,
        });
      body = Buffer.from(JSON.stringify({ results }), 'utf8');
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
    res.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
