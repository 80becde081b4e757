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
