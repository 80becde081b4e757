import { Option, type Command } from 'commander';
import { ContactChangedSchema } from '../../domain/invoice/commands';
import { ContactRole } from '../../domain/invoice/schema';
import { contactChanged } from '../../workflows/messages';
import { withTemporal } from '../connection';
import { compact, parsePayload } from '../flags';
import { signalInvoice } from '../invoice-ops';
import { print } from '../output';

export function registerContact(program: Command): void {
  program
    .command('contact')
    .description('Record the right contact (accounts payable, purchasing, manager...); by default the next calls and messages go to them')
    .argument('<invoiceId>')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'their role').choices(ContactRole.options).default('accounts_payable'))
    .option('--email <email>', 'email address')
    .option('--phone <phone>', 'phone number')
    .option('--not-primary', 'keep the current contact first; this one is an escalation target')
    .addHelpText(
      'after',
      '\nExamples:\n  $ dunning contact FA-2026-0107 --name "Sophie Lambert" --role accounts_payable --email compta@marcel.example --phone "04 99 00 55 12"\n  $ dunning contact FA-2026-0107 --name "Marc Girard" --role manager --phone "06 99 00 11 22" --not-primary',
    )
    .action((invoiceId: string, opts: { name: string; role: string; email?: string; phone?: string; notPrimary?: boolean }) => {
      const payload = parsePayload(
        ContactChangedSchema,
        { contact: compact({ name: opts.name, role: opts.role, email: opts.email, phone: opts.phone }), primary: !opts.notPrimary },
        { 'contact.name': '--name', 'contact.role': '--role', 'contact.email': '--email', 'contact.phone': '--phone' },
        'contact',
      );
      return withTemporal(async (t) => {
        await signalInvoice(t, invoiceId, contactChanged, payload);
        print(`contact ${payload.contact.name} (${payload.contact.role}) recorded on ${invoiceId}${payload.primary ? ', now the primary contact' : ''}`);
      });
    });
}
