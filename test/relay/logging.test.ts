import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { lazyChildLogger, relayLogger } from '../../relay/logging';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('per-request loggers', () => {
  it('are made only when a request logs, and then carry its request id with secrets still redacted', async () => {
    const { stream, lines } = capture();
    const logger = relayLogger({ level: 'info', stream });
    const child = jest.spyOn(logger, 'child');
    const app = Fastify({ loggerInstance: logger, disableRequestLogging: true, childLoggerFactory: lazyChildLogger });
    app.get('/quiet', async () => ({ ok: true }));
    app.get('/loud', async (req) => {
      req.log.warn({ secret: 'shh-its-a-secret', n: 1 }, 'something worth a line');
      return { ok: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    child.mockClear(); // fastify makes its own instance logger at start-up
    const before = lines().length; // and says where it listens
    try {
      for (let i = 0; i < 5; i++) expect((await fetch(`${url}/quiet`)).status).toBe(200);
      expect(child).not.toHaveBeenCalled();
      expect(lines().slice(before)).toEqual([]);

      expect((await fetch(`${url}/loud`)).status).toBe(200);
      expect(child).toHaveBeenCalledTimes(1);
      const [line] = lines().slice(before);
      expect(line).toMatchObject({ msg: 'something worth a line', n: 1, secret: '[redacted]', level: 40 });
      expect(line!['reqId']).toEqual(expect.any(String));
      expect(JSON.stringify(lines())).not.toContain('shh-its-a-secret');
    } finally {
      await app.close();
    }
  });

  it('answer the level of the logger they stand for, and obey a level set on them', () => {
    const { stream, lines } = capture();
    const parent = relayLogger({ level: 'warn', stream });
    const lazy = lazyChildLogger(parent, { reqId: 'r1' }, {});
    expect(lazy.level).toBe('warn');
    lazy.info('dropped at warn');
    lazy.level = 'info';
    lazy.info('kept at info');
    expect(lines().map((l) => [l['msg'], l['reqId']])).toEqual([['kept at info', 'r1']]);
    expect(parent.level).toBe('warn');
  });
});
