/** Files a generator writes, by path from the repository root, with their exact content. */
export type GeneratedFiles = Map<string, string>;

export interface Generator {
  readonly name: string;
  /** What the files should be now, from the catalog (pure: reads the repository, writes nothing). */
  files(root: string): GeneratedFiles;
  /** Paths left over from earlier generations that should no longer exist (e.g. a removed platform's folder). */
  leftovers?(root: string): string[];
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
