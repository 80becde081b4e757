/**
 * Where the template texts live and how they are read. Files are read at each render (activity
 * time) so an edited text takes effect without restarting the worker.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from './engine';

/** DUNNING_TEMPLATES_DIR lets an installation keep its own copy of the texts. */
export function templatesDir(): string {
  return process.env.DUNNING_TEMPLATES_DIR ?? __dirname;
}

function read(path: string, where: string): string {
  if (!existsSync(path)) throw new TemplateError(where, `no file at ${path}`);
  return readFileSync(path, 'utf8');
}

/** `<lang>/<id>.<tone>.md` when such a variant exists, else `<lang>/<id>.md`. */
export function readMessageTemplate(lang: string, id: string, tone?: string): { src: string; where: string } {
  const variant = tone ? join(templatesDir(), lang, `${id}.${tone}.md`) : undefined;
  if (variant && existsSync(variant)) return { src: readFileSync(variant, 'utf8'), where: `${lang}/${id}.${tone}` };
  return { src: read(join(templatesDir(), lang, `${id}.md`), `${lang}/${id}`), where: `${lang}/${id}` };
}

export function readPartial(lang: string, name: string): string {
  return read(join(templatesDir(), lang, 'partials', `${name}.md`), `${lang}/partials/${name}`);
}

export function readCallScript(lang: string, stage: string): { src: string; where: string } {
  const where = `${lang}/scripts/${stage}`;
  return { src: read(join(templatesDir(), lang, 'scripts', `${stage}.md`), where), where };
}

export function readLabelsFile(lang: string): unknown {
  const where = `${lang}/labels`;
  try {
    return JSON.parse(read(join(templatesDir(), lang, 'labels.json'), where));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(where, `not valid JSON: ${(err as Error).message}`);
  }
}
