/**
 * 0008: the one-year LPR table of 0001 (`lpr_rates`) becomes the book's source for the 4 x LPR line:
 * the penalty cap fixed on a loan at disbursement and the rate-cap warnings of quotes, offers and
 * documents. It is seeded here with the rates the program shipped with (src/pricing/caps.ts,
 * DEFAULT_LPR_TABLE, as published by the National Interbank Funding Center); the lender adds each
 * month's published rate from then on. A row the lender already keeps for one of these dates is left
 * as it is. SQLite dialect: INSERT OR IGNORE (on PostgreSQL, INSERT … ON CONFLICT DO NOTHING).
 * Shipped once released: never edit; a later release seeds newer rates with a migration of its own.
 */
export const sql = `
INSERT OR IGNORE INTO lpr_rates (effective_from, one_year) VALUES
  ('2019-08-20', '0.0425'),
  ('2019-09-20', '0.0420'),
  ('2019-11-20', '0.0415'),
  ('2020-02-20', '0.0405'),
  ('2020-04-20', '0.0385'),
  ('2021-12-20', '0.0380'),
  ('2022-01-20', '0.0370'),
  ('2022-08-22', '0.0365'),
  ('2023-06-20', '0.0355'),
  ('2023-08-21', '0.0345'),
  ('2024-07-22', '0.0335'),
  ('2024-10-21', '0.0310'),
  ('2025-05-20', '0.0300');
`;
