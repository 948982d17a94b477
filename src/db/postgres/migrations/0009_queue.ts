/**
 * 0009 (PostgreSQL): the collections queue reads the open cases alone, as SQLite's 0009: the loan's
 * oldest unpaid due date and balance, and the case's count of broken promises, are kept on the case.
 * Triggers keep the copies: a case inserted without them takes its loan's; a loan's change reaches
 * its cases still open; a promise inserted or decided as broken counts on its case. Inserts that
 * already know the values (the close, the demo book) give them and skip the lookup.
 * The columns and the copy of the existing rows are SQLite's SQL word for word, loan_outstanding
 * being BIGINT as every amount here is (see 0001). Shipped once released: never edit.
 *
 * PostgreSQL dialect: the triggers, of SQLite's names, each with SQLite's WHEN and a function of the
 * same name doing SQLite's UPDATE; except that a case inserted without its loan's figures takes them
 * before it is written (BEFORE INSERT, setting the new row) where SQLite updates the row just
 * written: the row stored is the same, without a second version of every such case.
 */
export const sql = `
ALTER TABLE collection_cases ADD COLUMN loan_oldest TEXT;
ALTER TABLE collection_cases ADD COLUMN loan_outstanding BIGINT CHECK (loan_outstanding IS NULL OR loan_outstanding >= 0);
ALTER TABLE collection_cases ADD COLUMN broken_promises INTEGER NOT NULL DEFAULT 0 CHECK (broken_promises >= 0);
UPDATE collection_cases SET
  loan_oldest = (SELECT l.oldest_unpaid_due_date FROM loans l WHERE l.id = collection_cases.loan_id),
  loan_outstanding = (SELECT l.outstanding_principal FROM loans l WHERE l.id = collection_cases.loan_id),
  broken_promises = (SELECT count(*) FROM promises p WHERE p.case_id = collection_cases.id AND p.status = 'broken');
CREATE FUNCTION collection_cases_loan_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT l.oldest_unpaid_due_date, l.outstanding_principal INTO NEW.loan_oldest, NEW.loan_outstanding
  FROM loans l WHERE l.id = NEW.loan_id;
  RETURN NEW;
END $$;
CREATE TRIGGER collection_cases_loan_copy BEFORE INSERT ON collection_cases FOR EACH ROW WHEN (NEW.loan_outstanding IS NULL)
EXECUTE FUNCTION collection_cases_loan_copy();
CREATE FUNCTION loans_case_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE collection_cases SET loan_oldest = NEW.oldest_unpaid_due_date, loan_outstanding = NEW.outstanding_principal
  WHERE loan_id = NEW.id AND status <> 'closed';
  RETURN NULL;
END $$;
CREATE TRIGGER loans_case_copy AFTER UPDATE OF oldest_unpaid_due_date, outstanding_principal ON loans FOR EACH ROW
WHEN (NEW.oldest_unpaid_due_date IS DISTINCT FROM OLD.oldest_unpaid_due_date OR NEW.outstanding_principal IS DISTINCT FROM OLD.outstanding_principal)
EXECUTE FUNCTION loans_case_copy();
CREATE FUNCTION promises_broken_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE collection_cases SET broken_promises = broken_promises + 1 WHERE id = NEW.case_id;
  RETURN NULL;
END $$;
CREATE TRIGGER promises_broken_insert AFTER INSERT ON promises FOR EACH ROW WHEN (NEW.status = 'broken')
EXECUTE FUNCTION promises_broken_insert();
CREATE FUNCTION promises_broken_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE collection_cases SET broken_promises = broken_promises + CASE WHEN NEW.status = 'broken' THEN 1 ELSE -1 END WHERE id = NEW.case_id;
  RETURN NULL;
END $$;
CREATE TRIGGER promises_broken_update AFTER UPDATE OF status ON promises FOR EACH ROW
WHEN (NEW.status IS DISTINCT FROM OLD.status AND (NEW.status = 'broken' OR OLD.status = 'broken'))
EXECUTE FUNCTION promises_broken_update();
`;
