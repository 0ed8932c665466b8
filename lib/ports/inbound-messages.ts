/**
 * The messages SES email receiving stored (deployed: the received-mail bucket).
 * Reads one message whole, into a single buffer: a message of up to 40 MB is
 * never held twice while it is read.
 */
export interface InboundMessageStore {
  read(key: string): Promise<Uint8Array>;
}
