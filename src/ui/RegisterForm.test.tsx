// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { description } from '../../test/support/a11y';
import { openedForm } from '../../test/support/forms';
import { renderApp } from '../../test/support/render-app';
import { addRealNode } from '../store/real-actions';
import { store } from '../store/store';

let sim: ReturnType<typeof renderApp>;
beforeEach(() => {
  // A real node that is down, if one is added: no request leaves the test.
  sim = renderApp(undefined, undefined, undefined, async () => ({ ok: false as const, reason: 'down' }));
});
afterEach(() => cleanup());

const column = () => screen.getByRole('region', { name: /localhost:5000$/ });
const form = () => openedForm(column(), /^(Register nodes|노드 등록)$/);
const field = () => within(form()).getByRole('textbox', { name: /^(Node URLs|노드 URL)$/ });
/**
 * That nothing was sent: a good URL registered now is the node's first request and its only
 * neighbour (requests are answered in order, so one sent before would show by then).
 */
async function nothingSent() {
  await register('localhost:5001');
  await waitFor(() => expect(store.getState().nodes[0]?.snapshot.state.neighbours).toEqual(['localhost:5001']));
  expect(store.getState().nodes[0]?.log).toHaveLength(1);
}

async function register(text: string) {
  await userEvent.clear(field());
  // Pasted, as a long list would be: typing it is slow, and Enter submits.
  await userEvent.click(field());
  await userEvent.paste(text);
  await userEvent.click(within(form()).getByRole('button', { name: /^(Register|등록)$/ }));
}

describe('the register form', () => {
  it('offers the real nodes beside the page as one-click picks too', async () => {
    expect(addRealNode(sim, 'http://127.0.0.1:6100')).toBeNull();
    const pick = await within(form()).findByRole('button', { name: '+ 127.0.0.1:6100' });
    await userEvent.click(pick);
    // Registered one-click: the real node, by the host and port it is stored under.
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.state.neighbours).toEqual(['127.0.0.1:6100']));
  });

  it('refuses "junk url here", saying why for each of the three words, and registers nothing', async () => {
    await register('junk url here');
    const alert = within(form()).getByRole('alert');
    expect(alert.textContent).toContain('Nothing was registered: 3 URLs cannot be used.');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'junk has no port: a node address is host:port, such as localhost:5001.',
      'url has no port: a node address is host:port, such as localhost:5001.',
      'here has no port: a node address is host:port, such as localhost:5001.',
    ]);
    expect(field().getAttribute('aria-invalid')).toBe('true');
    expect(description(field())).toContain('junk has no port');
    await nothingSent();
  });

  it('refuses javascript:alert(1), ports 0, -1 and 99999 and its own address', async () => {
    await register('javascript:alert(1)');
    expect(within(form()).getByRole('alert').textContent).toBe(
      'javascript:alert(1) is not a node address: only http:// or https:// may come before host:port.',
    );
    await register('localhost:0, localhost:-1\nhttp://localhost:99999 http://127.0.0.1:5000/ localhost:5000');
    expect(
      within(within(form()).getByRole('alert'))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'localhost:0: port 0 is out of range 1–65535.',
      'localhost:-1: port -1 is out of range 1–65535.',
      'http://localhost:99999: port 99999 is out of range 1–65535.',
      'http://127.0.0.1:5000/: that is this node’s own address.',
      'localhost:5000: that is this node’s own address.',
    ]);
    await nothingSent();
  });

  it('registers nothing when one URL of several is refused', async () => {
    await register('localhost:5001 localhost:5002/chain');
    expect(within(form()).getByRole('alert').textContent).toContain('localhost:5002/chain has more than host:port');
    await nothingSent();
  });

  it('takes at most 16 URLs at a time', async () => {
    const urls = Array.from({ length: 500 }, (_, i) => `node${i}.example:5000`);
    await register(urls.join('\n'));
    expect(within(form()).getByRole('alert').textContent).toBe(
      'At most 16 URLs at a time: there are 500. Nothing was registered.',
    );
    await nothingSent();
    await register(urls.slice(0, 16).join(' '));
    // Sixteen, and localhost:5001 from the check above.
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.state.neighbours).toHaveLength(17));
  });

  it('registers host:port addresses with or without http:// or https://, as host:port', async () => {
    await register('https://LOCALHOST:5001/ [::1]:5002, 10.0.0.7:80 http://node-a.example:5000');
    await waitFor(() =>
      expect(store.getState().nodes[0]?.snapshot.state.neighbours).toEqual([
        'localhost:5001',
        '[::1]:5002',
        '10.0.0.7:80',
        'node-a.example:5000',
      ]),
    );
    expect(within(form()).queryByRole('alert')).toBeNull();
    expect(field().getAttribute('aria-invalid')).toBeNull();
  });

  it('says why in Korean too', async () => {
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Language/ }), 'ko');
    await register('javascript:alert(1) localhost:99999');
    const alert = within(form()).getByRole('alert');
    expect(alert.textContent).toContain('아무것도 등록하지 않았습니다: 사용할 수 없는 URL이 2개 있습니다.');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'javascript:alert(1)은(는) 노드 주소가 아닙니다: host:port 앞에는 http:// 또는 https://만 올 수 있습니다.',
      'localhost:99999: 포트 99999는 1–65535 범위를 벗어납니다.',
    ]);
    expect(description(field())).toContain('한 번에 최대 16개까지');
    await nothingSent();
  });
});
