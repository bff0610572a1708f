import type { Clock } from '../clock.js';
import type { Registry } from '../contracts/registry.js';
import type { Files } from '../files.js';
import type { Partner } from '../partners.js';
import type { Store } from '../store/store.js';
import type { Dispatcher } from '../webhooks/dispatcher.js';
import type { People } from './people.js';

/** What the domain handlers share: state, time, the outbox, the registry, files, people and the partner table. */
export interface Deps {
  store: Store;
  clock: Clock;
  outbox: Dispatcher;
  registry: Registry;
  files: Files;
  partners: Map<string, Partner>;
  people: People;
}
