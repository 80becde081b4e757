/**
 * Exit codes are part of the CLI's contract (scripts and the e2e tests rely on them):
 * 0 ok, 1 usage or validation, 2 not found, 3 Temporal server unreachable.
 */
export const EXIT = { ok: 0, usage: 1, notFound: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const notFound = (invoiceId: string) => new CliError(`no dunning workflow for invoice ${invoiceId}`, EXIT.notFound);
export const unreachable = (address: string, cause?: string) =>
  new CliError(`Temporal server unreachable at ${address}${cause ? ` (${cause})` : ''}`, EXIT.unreachable);

/**
 * An error in words, with its causes: the SDK wraps the server's answer ("Search attribute … exceeds
 * size limit") in a bare "Failed to start Workflow", whose cause (a gRPC error) says what happened.
 * "Failed to start Workflow: INVALID_ARGUMENT: Search attribute DunningDebtorName … exceeds size limit".
 */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const details = typeof (e as { details?: unknown }).details === 'string' ? (e as { details: string }).details : '';
    const message = e instanceof Error ? e.message : String(e);
    // gRPC messages read "3 INVALID_ARGUMENT: <details>": keep the status name and the details.
    const text = (details && !message.includes(details) ? `${message}: ${details}` : message).replace(/^\d+ ([A-Z_]+): /, '$1: ');
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
  }
  return parts.join(': ') || 'unknown error';
}
