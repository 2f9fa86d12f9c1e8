/**
 * Seeded jobs of the `default` namespace: every job type, a periodic parent with three
 * launches, a parameterized job with a dispatched child, and allocations in every state.
 */
import { docker, group, LOST, RESCHEDULED, STOPPED_FOR_UPDATE, type JobPlan } from './catalog-kit.ts';

export const DEFAULT_NAMESPACE_JOBS: readonly JobPlan[] = [
  {
    spec: {
      id: 'api-gateway',
      namespace: 'default',
      type: 'service',
      priority: 70,
      datacenters: ['dc1', 'dc2'],
      meta: { owner: 'edge-team', tier: 'frontend' },
      groups: [
        group('gateway', 2, [
          docker('envoy', 'envoyproxy/envoy:v1.31.2', 500, 256, {
            config: { image: 'envoyproxy/envoy:v1.31.2', ports: ['http', 'admin'] },
          }),
        ]),
      ],
    },
    version: 3,
    submittedMinAgo: 12,
    deployment: { status: 'running', description: 'Deployment is running' },
    allocs: [
      {
        group: 'gateway',
        ordinal: 1,
        node: 1,
        status: 'complete',
        desired: 'stop',
        desiredDescription: STOPPED_FOR_UPDATE,
        tasks: 'killed',
        afterMin: -2880,
        livedMin: 2883,
        previousVersion: true,
      },
      { group: 'gateway', ordinal: 0, node: 0, status: 'running', tasks: 'running', afterMin: 0.2, healthy: true },
      { group: 'gateway', ordinal: 1, node: 3, status: 'pending', tasks: 'pending', afterMin: 3, healthy: null },
    ],
  },
  {
    spec: {
      id: 'db-migrate',
      namespace: 'default',
      type: 'batch',
      priority: 60,
      datacenters: ['dc1'],
      groups: [
        group('migrate', 1, [
          docker('migrate', 'flyway/flyway:10.21', 200, 256, {
            config: { image: 'flyway/flyway:10.21', args: ['migrate'] },
          }),
        ]),
      ],
    },
    version: 0,
    submittedMinAgo: 240,
    allocs: [
      { group: 'migrate', ordinal: 0, node: 1, status: 'complete', tasks: 'complete', afterMin: 0.1, livedMin: 2 },
    ],
  },
  {
    spec: {
      id: 'log-shipper',
      namespace: 'default',
      type: 'system',
      priority: 80,
      datacenters: ['dc1', 'dc2'],
      groups: [group('shipper', 1, [docker('vector', 'timberio/vector:0.42.0-debian', 100, 128)])],
    },
    version: 1,
    submittedMinAgo: 8640,
    allocs: [
      { group: 'shipper', ordinal: 0, node: 0, status: 'running', tasks: 'running', afterMin: 0.1 },
      { group: 'shipper', ordinal: 0, node: 1, status: 'running', tasks: 'running', afterMin: 0.1 },
      { group: 'shipper', ordinal: 0, node: 2, status: 'running', tasks: 'running', afterMin: 0.1 },
      { group: 'shipper', ordinal: 0, node: 3, status: 'running', tasks: 'running', afterMin: 0.1 },
      {
        group: 'shipper',
        ordinal: 0,
        node: 4,
        status: 'lost',
        desired: 'stop',
        desiredDescription: LOST,
        tasks: 'running',
        afterMin: 0.1,
        livedMin: 8530,
      },
    ],
  },
  {
    spec: {
      id: 'nightly-report',
      namespace: 'default',
      type: 'batch',
      priority: 50,
      datacenters: ['dc1', 'dc2'],
      periodic: { spec: '0 2 * * *', timeZone: 'UTC', prohibitOverlap: true },
      meta: { owner: 'finance-eng' },
      groups: [
        group('report', 1, [
          {
            name: 'report',
            driver: 'exec',
            config: { command: '/usr/local/bin/nightly-report', args: ['--since', '24h'] },
            cpu: 1000,
            memoryMB: 1024,
          },
        ]),
      ],
    },
    version: 2,
    submittedMinAgo: 20160,
    allocs: [],
    children: [
      {
        launchedAgo: 2,
        allocs: [
          { group: 'report', ordinal: 0, node: 0, status: 'complete', tasks: 'complete', afterMin: 0.1, livedMin: 47 },
        ],
      },
      {
        launchedAgo: 1,
        allocs: [
          {
            group: 'report',
            ordinal: 0,
            node: 1,
            status: 'failed',
            desired: 'stop',
            desiredDescription: RESCHEDULED,
            tasks: 'failed',
            afterMin: 0.1,
            livedMin: 2,
          },
          {
            group: 'report',
            ordinal: 0,
            node: 0,
            status: 'complete',
            tasks: 'complete',
            afterMin: 2.5,
            livedMin: 51,
            replaces: 0,
          },
        ],
      },
      {
        launchedAgo: 0,
        allocs: [{ group: 'report', ordinal: 0, node: 3, status: 'running', tasks: 'running', afterMin: 0.1 }],
      },
    ],
  },
  {
    spec: {
      id: 'node-cleanup',
      namespace: 'default',
      type: 'sysbatch',
      priority: 50,
      datacenters: ['dc1', 'dc2'],
      groups: [
        group('cleanup', 1, [
          {
            name: 'cleanup',
            driver: 'raw_exec',
            config: { command: '/usr/local/bin/cleanup.sh', args: ['--docker-prune', '--tmp'] },
            cpu: 100,
            memoryMB: 64,
          },
        ]),
      ],
    },
    version: 0,
    submittedMinAgo: 95,
    allocs: [
      { group: 'cleanup', ordinal: 0, node: 0, status: 'complete', tasks: 'complete', afterMin: 0.1, livedMin: 1 },
      { group: 'cleanup', ordinal: 0, node: 1, status: 'complete', tasks: 'complete', afterMin: 0.1, livedMin: 1 },
      { group: 'cleanup', ordinal: 0, node: 2, status: 'complete', tasks: 'complete', afterMin: 0.1, livedMin: 2 },
      { group: 'cleanup', ordinal: 0, node: 3, status: 'failed', tasks: 'failed', afterMin: 0.1, livedMin: 1 },
    ],
  },
  {
    spec: {
      id: 'redis-cache',
      namespace: 'default',
      type: 'service',
      priority: 60,
      datacenters: ['dc1'],
      groups: [
        group('cache', 1, [
          docker('redis', 'redis:7.4-alpine', 300, 512, {
            config: { image: 'redis:7.4-alpine', args: ['--maxmemory', '480mb'] },
          }),
        ]),
      ],
    },
    version: 0,
    submittedMinAgo: 4320,
    deployment: { status: 'successful', description: 'Deployment completed successfully' },
    allocs: [
      { group: 'cache', ordinal: 0, node: 1, status: 'running', tasks: 'restarted', afterMin: 0.1, healthy: true },
    ],
  },
  {
    spec: {
      id: 'video-transcode',
      namespace: 'default',
      type: 'batch',
      priority: 40,
      datacenters: ['dc2'],
      parameterized: { payload: 'optional', metaRequired: ['input_url'], metaOptional: ['preset'] },
      groups: [
        group('transcode', 1, [
          docker('ffmpeg', 'jrottenberg/ffmpeg:7.1-ubuntu', 2000, 2048, { dispatchPayloadFile: 'input.json' }),
        ]),
      ],
    },
    version: 0,
    submittedMinAgo: 10080,
    allocs: [],
    children: [
      {
        launchedAgo: 18,
        meta: { input_url: 's3://media-uploads/raw/keynote-2025.mov', preset: '1080p' },
        payload: Buffer.from('{"notify":"media-ops@example.com"}\n').toString('base64'),
        allocs: [{ group: 'transcode', ordinal: 0, node: 3, status: 'running', tasks: 'running', afterMin: 0.1 }],
      },
    ],
  },
  {
    spec: {
      id: 'web-frontend',
      namespace: 'default',
      type: 'service',
      priority: 50,
      datacenters: ['dc1', 'dc2'],
      meta: { owner: 'web-team' },
      groups: [
        group('web', 3, [
          docker('nginx', 'nginx:1.27-alpine', 250, 128, { config: { image: 'nginx:1.27-alpine', ports: ['http'] } }),
        ]),
      ],
    },
    version: 1,
    submittedMinAgo: 7200,
    deployment: { status: 'successful', description: 'Deployment completed successfully' },
    allocs: [
      { group: 'web', ordinal: 0, node: 0, status: 'running', tasks: 'running', afterMin: 0.2, healthy: true },
      { group: 'web', ordinal: 1, node: 1, status: 'running', tasks: 'running', afterMin: 0.2, healthy: true },
      {
        group: 'web',
        ordinal: 2,
        node: 4,
        status: 'lost',
        desired: 'stop',
        desiredDescription: LOST,
        tasks: 'running',
        afterMin: 0.2,
        livedMin: 7090,
        healthy: true,
      },
      {
        group: 'web',
        ordinal: 2,
        node: 3,
        status: 'running',
        tasks: 'running',
        afterMin: 7091,
        replaces: 2,
        healthy: true,
      },
    ],
  },
];
