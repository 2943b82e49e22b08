import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, BlockList } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkWebhookAddress, type HostResolver } from '../../src/alerts/webhook-address.js';
import { postWebhook } from '../../src/alerts/webhook-request.js';
import {
  addressNumber,
  inRange,
  nonPublicRange,
  parseRange,
  parseRangeList,
} from '../../src/platform/ip-ranges.js';
import { OWN_ORIGIN } from '../support/sign-in.js';
import { describeEachEngine } from '../support/test-databases.js';
import { openSecurityApp, type SecurityApp } from './security-app.js';

const NOT_PUBLIC = [
  '127.0.0.1',
  '127.255.0.9',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.254',
  '0.0.0.0',
  '0.1.2.3',
  '224.0.0.1',
  '239.255.255.250',
  '255.255.255.255',
  '::',
  '::1',
  'fe80::1',
  'fd00::1',
  'fc00::9',
  'ff02::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:7f00:1',
  '::ffff:a9fe:a9fe',
  '::127.0.0.1',
  '64:ff9b::a00:1',
  '2002:a00:1::',
];
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '172.32.0.1',
  '100.128.0.1',
  '2606:4700::1111',
  '::ffff:8.8.8.8',
  '2a00:1450::1',
];

describe('security: address ranges (SSRF)', () => {
  it('knows loopback, private, link-local, CGNAT, multicast, mapped and embedded IPv4 from public addresses', () => {
    for (const a of NOT_PUBLIC) assert.notEqual(nonPublicRange(a), null, a);
    for (const a of PUBLIC) assert.equal(nonPublicRange(a), null, a);
  });

  it('matches ranges as node:net BlockList does, on random addresses and prefixes of both families', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const v4 = () => Array.from({ length: 4 }, () => random(256)).join('.');
    const v6 = () => Array.from({ length: 8 }, () => random(65536).toString(16)).join(':');
    for (let i = 0; i < 2000; i++) {
      const family = i % 2 === 0 ? 'ipv4' : 'ipv6';
      const make = family === 'ipv4' ? v4 : v6;
      // Near addresses share a prefix more often than random ones do.
      const base = make();
      const prefix = random(family === 'ipv4' ? 33 : 129);
      const list = new BlockList();
      list.addSubnet(base, prefix, family);
      const range = parseRange(`${base}/${prefix}`);
      assert.ok(range, `${base}/${prefix}`);
      for (const address of [make(), base]) {
        assert.equal(
          inRange(addressNumber(address) as bigint, range),
          list.check(address, family),
          `${address} in ${base}/${prefix}`,
        );
      }
    }
    assert.throws(() => parseRangeList('10.0.0.0/8, nonsense', 'SOS_WEBHOOK_ALLOWED_RANGES'), /nonsense/);
    assert.throws(() => parseRangeList('10.0.0.0/33', 'SOS_WEBHOOK_ALLOWED_RANGES'), /CIDR/);
  });
});

describe('security: webhook delivery (SSRF)', () => {
  let receiver: Server;
  let port: number;
  const hits: string[] = [];
  before(async () => {
    receiver = createServer((request, response) => {
      hits.push(`${request.url} ${request.headers.host}`);
      if (request.url === '/bounce') response.writeHead(302, { location: `http://127.0.0.1:${port}/inside` });
      response.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    port = (receiver.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const send = (url: string, policy: Parameters<typeof postWebhook>[2]) =>
    postWebhook(
      url,
      { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000 },
      policy,
    );
  const loopback = parseRangeList('127.0.0.0/8', 'test');

  it('refuses a loopback receiver unless its range is allowed, before connecting', async () => {
    hits.length = 0;
    await assert.rejects(
      send(`http://127.0.0.1:${port}/hook`, { allowedRanges: [] }),
      (e: Error & { code?: string }) => e.code === 'WEBHOOK_ADDRESS_REFUSED',
    );
    await assert.rejects(
      send(`http://localhost:${port}/hook`, { allowedRanges: [] }),
      /not a public address/,
    );
    assert.deepEqual(hits, []);
    assert.equal(await send(`http://127.0.0.1:${port}/hook`, { allowedRanges: loopback }), 200);
    assert.equal(hits.length, 1);
  });

  it('connects to the address it checked (one resolution, pinned), and refuses a name with any private address', async () => {
    hits.length = 0;
    const asked: string[] = [];
    const resolver: HostResolver = async (name) => {
      asked.push(name);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // hooks.sos.test resolves nowhere but through the resolver given: reaching the receiver proves the pin.
    assert.equal(
      await send(`http://hooks.sos.test:${port}/pinned`, { allowedRanges: loopback, resolve: resolver }),
      200,
    );
    assert.deepEqual(asked, ['hooks.sos.test']);
    assert.deepEqual(hits, [`/pinned hooks.sos.test:${port}`]);
    const mixed: HostResolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await assert.rejects(
      checkWebhookAddress('https://hooks.sos.test/', { allowedRanges: [], resolve: mixed }),
      /10\.0\.0\.7/,
    );
  });

  it('follows no redirect: a 3xx is the answer, and the place it points to is never asked', async () => {
    hits.length = 0;
    assert.equal(await send(`http://127.0.0.1:${port}/bounce`, { allowedRanges: loopback }), 302);
    assert.deepEqual(hits, [`/bounce 127.0.0.1:${port}`]);
  });
});

describeEachEngine('security: webhook addresses of alert rules (SSRF)', (engine) => {
  let s: SecurityApp;
  before(async () => {
    s = await openSecurityApp(engine, {
      config: { webhookAllowedRanges: parseRangeList('192.168.50.0/24', 'test') },
    });
  });
  after(() => s.dispose());

  const create = (url: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: { cookie: s.cookies.get('analyst') as string, origin: OWN_ORIGIN },
      payload: { name: `hook ${url}`, webhook: { url, secret: 'a webhook secret of some length' } },
    });

  it('refuses a rule whose webhook is not public with a 422 naming webhook.url, unless the operator allows its range', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://localhost:8080/hook',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:10.0.0.1]/',
      'http://100.64.0.1/',
      'http://0.0.0.0:8080/',
      'http://[fd00::1]/',
      'http://224.0.0.1/',
      'http://192.168.1.10/',
      'http://2130706433/',
      'http://0x7f.1/',
    ]) {
      const response = await create(url);
      assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'WEBHOOK_ADDRESS_REFUSED', url);
      assert.equal(response.json().error.details.field, 'webhook.url', url);
    }
    const allowed = await create('http://192.168.50.20/hook');
    assert.equal(allowed.statusCode, 201, allowed.body);
    assert.equal((await create('http://93.184.216.34/hook')).statusCode, 201);
  });
});
