/**
 * The parts of zapier-platform-core's `ZObject` and `Bundle` this app uses, so modules the repository's
 * own tests import compile without the Zapier project installed. `index.ts` checks them against core's
 * real types (`satisfies`), which only the Zapier project's own typecheck sees.
 */
export interface ZRequestOptions {
  readonly method?: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly params?: Record<string, string>;
  readonly skipThrowForStatus?: boolean;
}

export interface ZResponse {
  readonly status: number;
  readonly data?: unknown;
  readonly content?: string;
  readonly request: Partial<ZRequestOptions>;
  readonly skipThrowForStatus?: boolean;
}

type ErrorClass<A extends unknown[]> = new (...args: A) => Error;

export interface Z {
  request(options: ZRequestOptions): Promise<ZResponse>;
  console: { log(...args: unknown[]): void };
  errors: {
    /** z.errors.Error(message, code, status): a failure shown to the user. */
    Error: ErrorClass<[message: string, code?: string, status?: number]>;
    /** Stops this run without counting against the Zap (never turns it off). */
    HaltedError: ErrorClass<[message: string]>;
  };
}

/** The connection's fields (`relayUrl`, `apiKey`), as Zapier types them: any key, string values. */
export type AuthData = Readonly<Record<string, string>>;

export interface Bundle {
  readonly authData: AuthData;
  readonly inputData?: { readonly source?: string; readonly events?: readonly string[] | string };
  readonly targetUrl?: string;
  readonly subscribeData?: { readonly id?: string; readonly secret?: string };
  readonly rawRequest?: { readonly headers?: Record<string, string>; readonly content?: string };
  readonly meta?: { readonly isTestingAuth?: boolean; readonly limit?: number };
}

/** An input field as this app writes them (Zapier's FieldSchema subset). */
export interface InputField {
  key: string;
  label: string;
  required?: boolean;
  list?: boolean;
  dynamic?: string;
  choices?: { value: string; label: string; sample: string }[];
  helpText?: string;
}
