/** Types of scripts/build.mjs (plain JavaScript, so that it runs before anything is compiled). */
export declare const PROJECT_ROOT: string;
export declare function serverSources(root?: string): string[];
export declare function stylesheetSources(root?: string): string[];
export declare function fingerprint(files: readonly string[], root?: string): string;
export declare function staleParts(root?: string, outDir?: string): { server: boolean; stylesheet: boolean };
export declare function build(options?: {
  root?: string;
  ifStale?: boolean;
  log?: (line: string) => void;
}): Promise<{ built: boolean }>;
