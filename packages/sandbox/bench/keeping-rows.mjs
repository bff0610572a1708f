#!/usr/bin/env node
// `node bench/keeping-rows.mjs [rows]`: what it costs any in-memory Node store to keep what the create benchmark
// creates, with no sandbox, no HTTP and no validation: per 100-row batch a fresh parsed body (as JSON.parse hands
// it over), then per row a person record keyed by a minted id, an index entry keyed by the partner's id (looked
// up first), and an outbox row keyed by its own id, each in a Map that grows to `rows` entries (default 1,500,000:
// about what `bench/run.mjs` creates in its 6 seconds). Reports process CPU per row (garbage collection on V8's
// helper threads included, as /proc counts it for the server) and heap per row, next to a baseline that only
// makes the bodies, and to a variant that keeps the same records in arrays instead of Maps. The lower bound this
// prints, times 100, is what the create operation cannot go under however lean the rest of the request is.
const ROWS = Number(process.argv[2] ?? 1_500_000);

const id = (() => {
  let counter = 0;
  return (prefix) => `${prefix}_${(counter++).toString(16).padStart(12, '0')}`;
})();

function freshBody(batch) {
  const rows = [];
  for (let j = 0; j < 100; j++)
    rows.push({
      partnerInvestorId: `run-${batch}-${j}`,
      email: `investor${j}@example.com`,
      firstName: 'Alice',
      lastName: 'Liddell',
      dateOfBirth: '1985-04-12',
      countryOfResidence: 'AE',
    });
  return JSON.parse(JSON.stringify(rows));
}

function records(row, createdAt) {
  const zestPersonId = id('psn');
  const person = {
    zestPersonId,
    clientId: 'client_bench',
    partnerInvestorId: row.partnerInvestorId,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: row.dateOfBirth,
    kycManagedBy: 'partner',
    createdAt,
    countryOfResidence: row.countryOfResidence,
  };
  const deliveryId = id('dlv');
  const event = {
    deliveryId,
    eventId: id('wde'),
    eventType: 'investor.created',
    occurredAt: createdAt,
    clientId: 'client_bench',
    status: 'skipped',
    attempts: [],
    nextAttemptAt: null,
    manual: false,
    createdAt,
    data: {
      partnerInvestorId: row.partnerInvestorId,
      zestPersonId,
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      kycManagedBy: 'partner',
    },
  };
  return { person, event };
}

const variants = {
  'bodies only (baseline)': () => {
    for (let batch = 0; batch * 100 < ROWS; batch++) freshBody(batch);
  },
  'three Maps (what the sandbox keeps)': () => {
    const people = new Map();
    const index = new Map();
    const outbox = new Map();
    for (let batch = 0; batch * 100 < ROWS; batch++) {
      const createdAt = new Date().toISOString();
      for (const row of freshBody(batch)) {
        const entry = index.get(row.partnerInvestorId);
        const { person, event } = records(row, createdAt);
        people.set(person.zestPersonId, person);
        index.set(
          row.partnerInvestorId,
          entry ? [...entry, 'client_bench', person.zestPersonId] : ['client_bench', person.zestPersonId],
        );
        outbox.set(event.deliveryId, event);
      }
    }
    return [people, index, outbox];
  },
  'arrays (no keyed lookup at all)': () => {
    const people = [];
    const outbox = [];
    for (let batch = 0; batch * 100 < ROWS; batch++) {
      const createdAt = new Date().toISOString();
      for (const row of freshBody(batch)) {
        const { person, event } = records(row, createdAt);
        people.push(person);
        outbox.push(event);
      }
    }
    return [people, outbox];
  },
};

const only = process.env.VARIANT;
console.log(`keeping ${ROWS.toLocaleString('en-US')} created rows, Node ${process.version}`);
console.log('| variant | µs CPU per row | µs CPU per 100-row request | heap bytes per row |');
console.log('|---|---:|---:|---:|');
const figures = {};
for (const [name, run] of Object.entries(variants)) {
  if (only && !name.startsWith(only)) continue;
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  let kept = run();
  const used = process.cpuUsage(cpu);
  globalThis.gc?.();
  const heap = (process.memoryUsage().heapUsed - heapBefore) / ROWS;
  kept = undefined;
  void kept;
  const perRow = (used.user + used.system) / ROWS;
  figures[name] = perRow;
  console.log(`| ${name} | ${perRow.toFixed(2)} | ${(perRow * 100).toFixed(0)} | ${heap.toFixed(0)} |`);
}
const base = figures['bodies only (baseline)'];
const maps = figures['three Maps (what the sandbox keeps)'];
if (base !== undefined && maps !== undefined)
  console.log(
    `keeping the rows in Maps, beyond making the bodies: ${((maps - base) * 100).toFixed(0)} µs of CPU per 100-row request`,
  );
