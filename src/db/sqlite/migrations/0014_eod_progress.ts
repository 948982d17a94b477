/**
 * 0014: the close in progress, where every desk of a shared book can read it: who is closing, since
 * when, the day and step it has reached (done of total) and when it last said so. One row at most
 * (id 1), written by the closing desk outside the day's transaction, so that others see it while
 * the day is still being closed, and deleted when the close ends. A desk's own book keeps its
 * close's progress in the closing process instead and leaves the table empty. Portable SQL.
 * Shipped once released: never edit.
 */
export const sql = `
CREATE TABLE eod_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  run_id TEXT NOT NULL,
  who TEXT NOT NULL,
  started_at TEXT NOT NULL,
  done INTEGER NOT NULL CHECK (done >= 0),
  total INTEGER NOT NULL CHECK (total >= done),
  label TEXT NOT NULL,
  heartbeat TEXT NOT NULL
);
`;
