import type { Store } from './store.js';
import { DossierError } from '../errors.js';

export async function openPostgresStore(spec: string): Promise<Store> {
  throw new DossierError('DOSSIER_STORE_OPEN', `The postgres store is not built yet (${spec}).`);
}
