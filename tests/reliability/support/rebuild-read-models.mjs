// Projects every event of the store at argv[2] into the (fresh) database at argv[3], with the
// built projections the service runs: node tests/reliability/support/rebuild-read-models.mjs <store-url> <target-url>
import { loadConfig } from '#config';
import { connectEventStore } from '#event-store';
import { allProjections, applyBatch, openReadDatabase } from '#read-store';

const [storeUrl, targetUrl] = process.argv.slice(2);
if (!storeUrl || !targetUrl) {
  console.error('usage: rebuild-read-models.mjs <store-url> <target-url>');
  process.exit(2);
}
// Opened as the service opens it, with the same key-encryption key, so sealed words read as the service reads them.
const config = loadConfig({ ...process.env, DATABASE_URL: storeUrl });
const connected = await connectEventStore({ ...config.eventStore, dataDir: config.dataDir, poolSize: 2 });
const store = connected.store;
const readDatabase = await openReadDatabase({ url: targetUrl, poolSize: 2 });
let after = 0;
let events = 0;
try {
  for (;;) {
    const page = await store.readAll({ after, maxCount: 500 });
    await applyBatch(readDatabase, allProjections, page.events);
    events += page.events.length;
    after = page.lastPosition;
    if (page.isEnd || page.events.length === 0) break;
  }
} finally {
  await readDatabase.destroy();
  await connected.close();
}
console.log(`Rebuilt the read models from ${events} events, up to position ${after}.`);
