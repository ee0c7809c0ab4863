import type { Batch } from '../../src/coalesce';
import { Loaders } from '../../src/context';

/** A directory of shops as a batch function sees it: every call it answers is kept, in order. */
function shopDirectory(fail: (keys: readonly string[]) => Error | null = () => null) {
  const calls: string[][] = [];
  const byCode: Batch<string, string | null> = async (keys) => {
    calls.push([...keys]);
    const failure = fail(keys);
    if (failure) throw failure;
    return keys.map((k) => (k.startsWith('bad') ? new Error(`no such shop ${k}`) : k.startsWith('shop') ? `the ${k}` : null));
  };
  return { calls, byCode };
}

const nextWindow = () => new Promise((r) => setTimeout(r, 5));

describe('reads coalesced across requests', () => {
  it('reads the keys of two requests in flight in one call, each key once, and answers each request its own keys', async () => {
    const { calls, byCode } = shopDirectory();
    const [first, second] = [new Loaders(), new Loaders()];
    const answers = await Promise.all([
      first.load(byCode, 'shop-1'),
      first.load(byCode, 'shop-2'),
      second.load(byCode, 'shop-2'),
      second.load(byCode, 'shop-3'),
    ]);
    expect(answers).toEqual(['the shop-1', 'the shop-2', 'the shop-2', 'the shop-3']);
    expect(calls).toEqual([['shop-1', 'shop-2', 'shop-3']]);
  });

  it('keeps each request its own de-duplication and nothing between requests', async () => {
    const { calls, byCode } = shopDirectory();
    const request = new Loaders();
    await Promise.all([request.load(byCode, 'shop-1'), request.load(byCode, 'shop-1')]);
    await request.load(byCode, 'shop-1');
    expect(calls).toEqual([['shop-1']]);
    await nextWindow();
    await new Loaders().load(byCode, 'shop-1');
    expect(calls).toEqual([['shop-1'], ['shop-1']]);
  });

  it('sends the keys asked within one turn of the event loop in one call, and those of the next turn in the next', async () => {
    const { calls, byCode } = shopDirectory();
    const turn = () => new Promise((r) => setImmediate(r));
    const first = [new Loaders().load(byCode, 'shop-1'), new Loaders().load(byCode, 'shop-2')];
    await turn();
    await turn();
    const second = [new Loaders().load(byCode, 'shop-3')];
    expect(await Promise.all([...first, ...second])).toEqual(['the shop-1', 'the shop-2', 'the shop-3']);
    expect(calls).toEqual([['shop-1', 'shop-2'], ['shop-3']]);
  });

  it('fails a key the batch answers with an error for the requests that asked for it only', async () => {
    const { calls, byCode } = shopDirectory();
    const [asking, other] = [new Loaders(), new Loaders()];
    const [bad, good] = await Promise.allSettled([asking.load(byCode, 'bad-1'), other.load(byCode, 'shop-1')]);
    expect(bad).toEqual({ status: 'rejected', reason: new Error('no such shop bad-1') });
    expect(good).toEqual({ status: 'fulfilled', value: 'the shop-1' });
    expect(calls).toHaveLength(1);
  });

  it("reads each request's keys on their own when a joint call fails: a key that breaks the statement fails only its request", async () => {
    const { calls, byCode } = shopDirectory((keys) => (keys.includes('poison') ? new Error('invalid input syntax') : null));
    const [poisoned, other] = [new Loaders(), new Loaders()];
    const [bad, good] = await Promise.allSettled([poisoned.load(byCode, 'poison'), other.load(byCode, 'shop-1')]);
    expect(bad).toEqual({ status: 'rejected', reason: new Error('invalid input syntax') });
    expect(good).toEqual({ status: 'fulfilled', value: 'the shop-1' });
    expect(calls).toEqual([['poison', 'shop-1'], ['poison'], ['shop-1']]);
  });

  it('fails every request of the window at once when the database is away, without asking it again', async () => {
    const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { calls, byCode } = shopDirectory(() => away);
    const answers = await Promise.allSettled([new Loaders().load(byCode, 'shop-1'), new Loaders().load(byCode, 'shop-2')]);
    expect(answers).toEqual([
      { status: 'rejected', reason: away },
      { status: 'rejected', reason: away },
    ]);
    expect(calls).toHaveLength(1);
  });

  it("never joins a batch that depends on who asks with another request's keys", async () => {
    const { calls, byCode } = shopDirectory();
    await Promise.all([new Loaders().loadOwn(byCode, 'shop-1'), new Loaders().loadOwn(byCode, 'shop-2')]);
    expect(calls).toEqual([['shop-1'], ['shop-2']]);
  });
});
