import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl } from './client.js';

/**
 * Every service the local stack runs listens on 127.0.0.1 only: the HTTP API, SES
 * local, the inbound-email SMTP server and DynamoDB Local (through
 * local/java/LoopbackDynamoDbLocal.java, since its own entry point has no host
 * option). Read from the kernel's own table of listening sockets, not from what the
 * stack says about itself.
 */

/** `/proc/net/tcp{,6}` addresses are hex; IPv4 in the host's (little-endian) byte order. */
function isLoopback(hexAddress: string): boolean {
  if (hexAddress.length === 8) return hexAddress.slice(6, 8) === '7F';
  if (hexAddress === '00000000000000000000000001000000') return true; // ::1
  // ::ffff:127.x.x.x, an IPv4 loopback address on an IPv6 socket.
  return hexAddress.startsWith('0000000000000000FFFF0000') && hexAddress.slice(30, 32) === '7F';
}

/** The local addresses (hex) of every socket listening on `port`. */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
    .map((cols) => cols[1]!.split(':')[0]!);
}

const portOf = (url: string) => Number(new URL(url).port);

describe('the local stack on loopback only', () => {
  const services = (): Array<[string, number]> => [
    ['the HTTP API', portOf(apiUrl())],
    ['SES local', portOf(inject('sesEndpoint'))],
    ['the inbound-email SMTP server', inject('smtpPort')],
    ['DynamoDB Local (needs a JDK to be bound to 127.0.0.1: see local/dynamodb.ts)', portOf(inject('dynamodbEndpoint'))],
  ];

  it.runIf(existsSync('/proc/net/tcp'))('listens on 127.0.0.1 and nowhere else, for every service it runs', () => {
    for (const [name, port] of services()) {
      const addresses = listeningOn(port);
      expect(addresses.length, `${name} is listening on ${port}`).toBeGreaterThan(0);
      expect(addresses.filter((a) => !isLoopback(a)), `${name} on port ${port}`).toEqual([]);
    }
  });
});
