import { bodyText, type RawBody } from './bytes';
import { exceedsDepth } from './json-depth';
import type { Reserializable } from './signatures/scheme';

/** The body parsed once, on demand: bounded in depth before JSON.parse ever sees it. */
export class ParsedBody implements Reserializable {
  private state: 'unparsed' | 'parsed' | 'too_deep' | 'invalid' = 'unparsed';
  private value: unknown;

  constructor(
    private readonly body: RawBody,
    private readonly maxDepth: number,
  ) {}

  parse(): 'parsed' | 'too_deep' | 'invalid' {
    if (this.state === 'unparsed') {
      const text = bodyText(this.body);
      if (exceedsDepth(text, this.maxDepth)) this.state = 'too_deep';
      else {
        try {
          this.value = JSON.parse(text);
          this.state = 'parsed';
        } catch {
          this.state = 'invalid';
        }
      }
    }
    return this.state;
  }

  get parsed(): unknown {
    return this.value;
  }

  /** The compact re-serialisation for senders that sign JSON.stringify(body); undefined unless the body parsed. */
  reserialized(): string | undefined {
    if (this.parse() !== 'parsed') return undefined;
    try {
      return JSON.stringify(this.value);
    } catch {
      return undefined;
    }
  }
}
