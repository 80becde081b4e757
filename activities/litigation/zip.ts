/** The zip of the litigation folder, byte-for-byte the same for the same content (a retried handoff sends the same archive). */
import { zipSync, type Zippable } from 'fflate';

/** Entries under `<root>/`, sorted, all stamped with `day` at noon (zip times are local, without zone). */
export function zipFolder(root: string, entries: Map<string, Uint8Array>, day: string): Uint8Array {
  const mtime = new Date(`${day}T12:00:00`);
  const data: Zippable = {};
  for (const path of [...entries.keys()].sort()) {
    // PDFs are already compressed: stored as they are.
    data[`${root}/${path}`] = [entries.get(path)!, { mtime, level: path.endsWith('.pdf') ? 0 : 6 }];
  }
  return zipSync(data);
}
