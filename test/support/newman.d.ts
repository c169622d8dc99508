// The part of newman's JS API the tests use (newman ships no types; @types/newman is not a
// dependency of this project).
declare module 'newman' {
  interface Stat { total: number; failed: number }
  interface QueryParam { key: string; value: string; disabled?: boolean }
  export interface NewmanRunSummary {
    run: {
      stats: { requests: Stat; assertions: Stat; testScripts: Stat };
      failures: Array<{ source?: { name?: string }; error?: { message?: string } }>;
      executions: Array<{
        request: { headers: { get(name: string): string | undefined }; url: { query: { all(): QueryParam[] } } };
        response?: { code: number };
      }>;
    };
  }
  export interface NewmanRunOptions {
    collection: object;
    envVar?: Array<{ key: string; value: string }>;
    reporters?: string[];
    timeoutRequest?: number;
  }
  const newman: { run(options: NewmanRunOptions, callback: (error: Error | null, summary: NewmanRunSummary) => void): void };
  export default newman;
}
