/**
 * Puts the XSS corpus into the mock cluster (`--hostile`, `POST /__mock/hostile`): a node
 * and a job whose names and metadata are payloads, an allocation whose files, file names,
 * logs and exec output (`cat`) are payloads. Everything goes through the state store, so
 * the event stream carries the same payloads (NodeRegistration, JobRegistered, …).
 * Idempotent: a second call returns what the first placed.
 */
import { buildNode } from '../build-node.ts';
import { bufferSource } from '../fs/content.ts';
import type { FsRegistry } from '../fs/registry.ts';
import type { MockDeps } from '../http-kit.ts';
import { LogStream } from '../logs/log-stream.ts';
import { registerJob } from '../scheduler.ts';
import { nsKey } from '../store.ts';
import {
  HOSTILE,
  HOSTILE_ANSI_FILE,
  HOSTILE_DATACENTER,
  HOSTILE_FILE_NAME,
  HOSTILE_JOB_ID,
  HOSTILE_LINES,
  HOSTILE_META,
  HOSTILE_NAME,
  HOSTILE_NODE_NAME,
  HOSTILE_SVG,
  HOSTILE_SVG_FILE,
  HOSTILE_TASK,
  HOSTILE_TEXT_FILE,
  hostileLogLine,
  ONE_MB_LINE_FILE,
  oneMegabyteLine,
} from './corpus.ts';

export interface HostilePlacement {
  Namespace: string;
  JobID: string;
  NodeID: string;
  NodeName: string;
  AllocID: string;
  Task: string;
  /** Paths relative to the allocation directory. */
  Files: string[];
}

/** Records of the hostile stdout written at placement (every payload several times). */
export const HOSTILE_LOG_RECORDS = 200;

const exists = (probe: () => unknown): boolean => {
  try {
    probe();
    return true;
  } catch {
    return false;
  }
};

export function placeHostile(deps: MockDeps, fsRegistry: FsRegistry): HostilePlacement {
  const { store } = deps;
  const namespace = 'default';
  let node = store.list('nodes').find((n) => n.Name === HOSTILE_NODE_NAME);
  if (!node) {
    const id = deps.rng.uuid();
    const nowMs = deps.now();
    store.commit('NodeRegistration', (txn) => {
      txn.put(
        'nodes',
        id,
        buildNode({
          id,
          name: HOSTILE_NODE_NAME,
          datacenter: HOSTILE_DATACENTER,
          ip: '10.66.6.6',
          nodeClass: HOSTILE.bidi,
          status: 'ready',
          eligibility: 'eligible',
          cores: 4,
          mhzPerCore: 2900,
          memoryMB: 16_384,
          diskMB: 102_400,
          drivers: ['docker', 'exec', 'raw_exec'],
          meta: { ...HOSTILE_META },
          instanceId: `i-0${deps.rng.hex(16)}`,
          registeredMs: nowMs,
          statusChangedMs: nowMs,
          createIndex: txn.index,
          modifyIndex: txn.index,
        }),
      );
    });
    node = store.get('nodes', id)!;
  }

  if (!store.get('jobs', nsKey(namespace, HOSTILE_JOB_ID))) {
    registerJob(
      { store, rng: deps.rng, now: deps.now },
      {
        id: HOSTILE_JOB_ID,
        namespace,
        type: 'service',
        priority: 50,
        datacenters: [HOSTILE_DATACENTER],
        meta: { ...HOSTILE_META },
        groups: [
          {
            name: HOSTILE_NAME,
            count: 1,
            meta: { ...HOSTILE_META },
            tasks: [
              {
                name: HOSTILE_TASK,
                driver: 'docker',
                config: { image: 'nginx:1.27-alpine', args: [HOSTILE.script, HOSTILE.jsUrl] },
                env: { PAYLOAD: HOSTILE.img, [HOSTILE.script]: 'env-key' },
                cpu: 100,
                memoryMB: 128,
              },
            ],
          },
        ],
      },
    );
  }

  const alloc = store
    .list('allocs')
    .find((a) => a.Namespace === namespace && a.JobID === HOSTILE_JOB_ID && a.ClientStatus === 'running');
  if (!alloc) throw new Error('hostile job was not placed (is its node down?)');

  const fs = fsRegistry.fsFor(alloc);
  const files: [string, Buffer][] = [
    [`alloc/data/${HOSTILE_TEXT_FILE}`, Buffer.from(`${HOSTILE_LINES.join('\n')}\n`)],
    [`alloc/data/${HOSTILE_FILE_NAME}`, Buffer.from(`<!doctype html>\n${HOSTILE.script}\n${HOSTILE.img}\n`)],
    [`alloc/data/${HOSTILE_SVG_FILE}`, Buffer.from(HOSTILE_SVG)],
    [`alloc/data/${ONE_MB_LINE_FILE}`, Buffer.from(oneMegabyteLine())],
    [`alloc/data/${HOSTILE.bidi}.txt`, Buffer.from(`${HOSTILE.bidi}\n${HOSTILE.zeroWidth}\n`)],
    // ANSI colours and an OSC 8 hyperlink to javascript:, for `cat` in the exec terminal.
    [`alloc/data/${HOSTILE_ANSI_FILE}`, Buffer.from(Array.from({ length: 14 }, (_, k) => hostileLogLine(k)).join(''))],
  ];
  if (!exists(() => fs.stat(`alloc/data/${HOSTILE_TEXT_FILE}`))) {
    for (const [path, content] of files) fs.putFile(path, bufferSource(content));
    // The task's own writers stop; its stdout and stderr become the corpus.
    fsRegistry.setFrozen(alloc.ID, HOSTILE_TASK, true);
    for (const type of ['stdout', 'stderr'] as const) {
      const nowMs = deps.now();
      const stream = new LogStream({ seed: 0, task: HOSTILE_TASK, type, startMs: nowMs, periodMs: 10 }, 0, {
        rotateBytes: 512 * 1024,
        maxFiles: 3,
        now: deps.now,
        text: hostileLogLine,
      });
      stream.append(HOSTILE_LOG_RECORDS, nowMs);
      fs.addLogStream(stream);
    }
  }
  return {
    Namespace: namespace,
    JobID: HOSTILE_JOB_ID,
    NodeID: node.ID,
    NodeName: node.Name,
    AllocID: alloc.ID,
    Task: HOSTILE_TASK,
    Files: files.map(([p]) => p),
  };
}
