/** A customer list's row as both engines' search indexes read it, and the list item it becomes. */
import type { CustomerListItem } from '../customers/store';

export interface ListRow {
  cursor: number;
  id: string;
  kind: 'individual' | 'business';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  phone: string | null;
  created_at: string;
}

export const toItem = (r: ListRow): CustomerListItem => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  idNumber: r.id_number,
  creditCode: r.credit_code,
  phone: r.phone,
  createdAt: r.created_at,
  cursor: r.cursor,
});
