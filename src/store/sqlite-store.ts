import type { Store } from './store.js';
import { DossierError } from '../errors.js';

export async function openSqliteStore(spec: string): Promise<Store> {
  throw new DossierError('DOSSIER_STORE_OPEN', `The sqlite store is not built yet (${spec}).`);
}
