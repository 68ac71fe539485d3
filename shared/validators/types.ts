/** A validator emitted by scripts/generators/validators.ts: accepts exactly what its zod schema accepts. */
export interface GeneratedValidator {
  /** schemaFingerprint() of the schema it was generated from. */
  readonly fingerprint: string;
  readonly validate: (value: unknown) => boolean;
}

export interface GeneratedPlatformValidators {
  readonly events: Readonly<Record<string, GeneratedValidator>>;
  readonly anyEvent: GeneratedValidator;
}

export type GeneratedValidators = Readonly<Record<string, GeneratedPlatformValidators>>;
