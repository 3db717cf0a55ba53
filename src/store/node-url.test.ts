import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { parseNodeUrl } from './node-url';

/** What the form says about a URL, in English, or the URL it sends. */
function read(text: string): string {
  const url = parseNodeUrl(text);
  return url.ok ? `sends ${url.url}` : translate('en', url.key, url.params);
}

describe('parseNodeUrl', () => {
  it.each([
    ['localhost:5001', 'sends http://localhost:5001'],
    ['http://localhost:5001', 'sends http://localhost:5001'],
    ['HTTPS://Node-A.example:443/', 'sends https://node-a.example:443'],
    ['127.0.0.1:5001', 'sends http://127.0.0.1:5001'],
    ['[::1]:5001', 'sends http://[::1]:5001'],
    ['http://[2001:db8::ff00:42:8329]:80', 'sends http://[2001:db8::ff00:42:8329]:80'],
    ['[::ffff:10.0.0.1]:5000', 'sends http://[::ffff:10.0.0.1]:5000'],
    ['노드.example:5000', 'sends http://노드.example:5000'],
    ['node_a:5000', 'sends http://node_a:5000'],
    ['localhost:05001', 'sends http://localhost:5001'],
    ['localhost:1', 'sends http://localhost:1'],
    ['localhost:65535', 'sends http://localhost:65535'],
  ])('takes %s', (text, said) => expect(read(text)).toBe(said));

  it.each([
    ['', 'Type a node address: host:port, such as localhost:5001.'],
    ['   ', 'Type a node address: host:port, such as localhost:5001.'],
    [
      'javascript:alert(1)',
      'javascript:alert(1) is not a node address: only http:// or https:// may come before host:port.',
    ],
    ['ftp://h:21', 'ftp://h:21 is not a node address: only http:// or https:// may come before host:port.'],
    ['mailto:a@b.c', 'mailto:a@b.c is not a node address: only http:// or https:// may come before host:port.'],
    ['localhost:0', 'localhost:0: port 0 is out of range 1–65535.'],
    ['localhost:-1', 'localhost:-1: port -1 is out of range 1–65535.'],
    ['localhost:99999', 'localhost:99999: port 99999 is out of range 1–65535.'],
    ['http://localhost:5001x', 'http://localhost:5001x: port “5001x” is not a number.'],
    ['junk', 'junk has no port: a node address is host:port, such as localhost:5001.'],
    ['http://localhost', 'http://localhost has no port: a node address is host:port, such as localhost:5001.'],
    ['[::1]', '[::1] has no port: a node address is host:port, such as localhost:5001.'],
    ['http://', 'http:// has no host: a node address is host:port, such as localhost:5001.'],
    [':5001', ':5001 has no host: a node address is host:port, such as localhost:5001.'],
    [
      'http://h:1/x?y',
      'http://h:1/x?y has more than host:port (“/x?y”): a node address has no user name, path or query.',
    ],
    ['http://me@h:1', 'http://me@h:1 has more than host:port (“me@”): a node address has no user name, path or query.'],
    ['h:1#top', 'h:1#top has more than host:port (“#top”): a node address has no user name, path or query.'],
    ['999.0.0.1:80', '999.0.0.1:80: “999.0.0.1” is not a host name, an IPv4 address or an [IPv6] address.'],
    ['1.2.3:80', '1.2.3:80: “1.2.3” is not a host name, an IPv4 address or an [IPv6] address.'],
    ['[::g]:80', '[::g]:80: “[::g]” is not a host name, an IPv4 address or an [IPv6] address.'],
    [
      '[1:2:3:4:5:6:7:8:9]:80',
      '[1:2:3:4:5:6:7:8:9]:80: “[1:2:3:4:5:6:7:8:9]” is not a host name, an IPv4 address or an [IPv6] address.',
    ],
    ['-bad-:80', '-bad-:80: “-bad-” is not a host name, an IPv4 address or an [IPv6] address.'],
    ['a<b>:80', 'a<b>:80: “a<b>” is not a host name, an IPv4 address or an [IPv6] address.'],
  ])('refuses %s and says why', (text, said) => expect(read(text)).toBe(said));

  it('cuts a long URL short in what it says', () => {
    const said = read(`${'a'.repeat(10_000)}:1`);
    expect(said).toBe(
      `${'a'.repeat(60)}…: “${'a'.repeat(60)}…” is not a host name, an IPv4 address or an [IPv6] address.`,
    );
  });
});
