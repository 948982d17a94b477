/**
 * 0008 (PostgreSQL): the one-year LPR table seeded with the rates the program shipped with, as
 * SQLite's 0008; a row the lender already keeps for one of these dates is left as it is.
 * PostgreSQL dialect: INSERT … ON CONFLICT DO NOTHING for SQLite's INSERT OR IGNORE (the only
 * conflict the table can raise here is its primary key). Shipped once released: never edit; a later
 * release seeds newer rates with a migration of its own, on both engines.
 */
export const sql = `
INSERT INTO lpr_rates (effective_from, one_year) VALUES
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
  ('2025-05-20', '0.0300')
ON CONFLICT (effective_from) DO NOTHING;
`;
