import type { SeenDelivery } from './handle-delivery';

/**
 * The deliveries (ids and replay keys) each trigger saw recently, kept in this n8n process's memory for
 * "Ignore Duplicate Deliveries". Not in the workflow's static data: n8n 2.41 saves static data changed while a webhook is
 * handled only some of the time (the execution it starts resets the change flag before the save), and
 * each save is a database write per delivery. Restarts and queue-mode workers each start empty; n8n's
 * Remove Duplicates node is the durable way (docs/n8n.md).
 */
const MAX_TRIGGERS = 1000;
const memory = new Map<string, { recent?: SeenDelivery[] }>();

/** The memory of one trigger (workflow id + node name), the oldest trigger forgotten beyond MAX_TRIGGERS. */
export function recentDeliveries(trigger: string): { recent?: SeenDelivery[] } {
  let store = memory.get(trigger);
  if (!store) {
    if (memory.size >= MAX_TRIGGERS) memory.delete(memory.keys().next().value!);
    store = {};
    memory.set(trigger, store);
  }
  return store;
}
