import { BlockList, isIP } from 'node:net';

export const MAX_IP_BLOCKS = 100;

/**
 * `allowedIPs` of a credential (OVH `ipBlock[]`): CIDR blocks, IPv4 or IPv6. A bare address means that address
 * alone. Normalizes to `address/prefix`; returns the problems a person can act on.
 */
export function normalizeIpBlocks(input: readonly string[]): { blocks: string[]; problems: string[] } {
  const problems: string[] = [];
  const blocks: string[] = [];
  if (input.length > MAX_IP_BLOCKS) {
    problems.push(`allowedIPs has ${input.length} blocks; at most ${MAX_IP_BLOCKS} are allowed`);
    return { blocks, problems };
  }
  input.forEach((text, index) => {
    const block = parseBlock(text.trim());
    if (block === null) {
      problems.push(
        `allowedIPs[${index}] is "${text.slice(0, 60)}"; use an address or a CIDR block such as 203.0.113.0/24 or 2001:db8::/32`,
      );
    } else if (!blocks.includes(block.text)) {
      blocks.push(block.text);
    }
  });
  return { blocks, problems };
}

function parseBlock(text: string): { address: string; prefix: number; family: 4 | 6; text: string } | null {
  const [address = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family, text: `${address.toLowerCase()}/${prefix}` };
}

/** A compiled allow-list; `null` blocks allow every address. */
export class IpAllowList {
  readonly #list: BlockList | null;

  constructor(blocks: readonly string[] | null) {
    if (blocks === null) {
      this.#list = null;
      return;
    }
    this.#list = new BlockList();
    for (const text of blocks) {
      const block = parseBlock(text);
      if (block) this.#list.addSubnet(block.address, block.prefix, block.family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  allows(ip: string): boolean {
    if (this.#list === null) return true;
    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; match them as the IPv4 address they are.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    const address = mapped?.[1] ?? ip;
    const family = isIP(address);
    if (family === 0) return false;
    return this.#list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
