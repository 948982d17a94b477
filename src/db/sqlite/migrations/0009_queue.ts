/**
 * 0009: the collections queue ranks open cases by days past due, balance, broken promises and days
 * since the last contact. The loan's oldest unpaid due date and balance, and the case's count of
 * broken promises, are kept on the case itself, so ranking reads the open cases alone instead of
 * joining every one to its loan and counting its promises. Triggers keep the copies:
 * a case inserted without them takes its loan's; a loan's change reaches its cases still open; a
 * promise inserted or decided as broken counts on its case. Inserts that already know the values
 * (the close, the demo book) give them and skip the lookup.
 * SQLite dialect: triggers with WHEN; on another database, triggers of its own or writes from the
 * ledger and the close. Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE collection_cases ADD COLUMN loan_oldest TEXT;
ALTER TABLE collection_cases ADD COLUMN loan_outstanding INTEGER CHECK (loan_outstanding IS NULL OR loan_outstanding >= 0);
ALTER TABLE collection_cases ADD COLUMN broken_promises INTEGER NOT NULL DEFAULT 0 CHECK (broken_promises >= 0);
UPDATE collection_cases SET
  loan_oldest = (SELECT l.oldest_unpaid_due_date FROM loans l WHERE l.id = collection_cases.loan_id),
  loan_outstanding = (SELECT l.outstanding_principal FROM loans l WHERE l.id = collection_cases.loan_id),
  broken_promises = (SELECT count(*) FROM promises p WHERE p.case_id = collection_cases.id AND p.status = 'broken');
CREATE TRIGGER collection_cases_loan_copy AFTER INSERT ON collection_cases WHEN NEW.loan_outstanding IS NULL
BEGIN
  UPDATE collection_cases SET
    loan_oldest = (SELECT l.oldest_unpaid_due_date FROM loans l WHERE l.id = NEW.loan_id),
    loan_outstanding = (SELECT l.outstanding_principal FROM loans l WHERE l.id = NEW.loan_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER loans_case_copy AFTER UPDATE OF oldest_unpaid_due_date, outstanding_principal ON loans
WHEN NEW.oldest_unpaid_due_date IS NOT OLD.oldest_unpaid_due_date OR NEW.outstanding_principal IS NOT OLD.outstanding_principal
BEGIN
  UPDATE collection_cases SET loan_oldest = NEW.oldest_unpaid_due_date, loan_outstanding = NEW.outstanding_principal
  WHERE loan_id = NEW.id AND status <> 'closed';
END;
CREATE TRIGGER promises_broken_insert AFTER INSERT ON promises WHEN NEW.status = 'broken'
BEGIN
  UPDATE collection_cases SET broken_promises = broken_promises + 1 WHERE id = NEW.case_id;
END;
CREATE TRIGGER promises_broken_update AFTER UPDATE OF status ON promises
WHEN NEW.status IS NOT OLD.status AND (NEW.status = 'broken' OR OLD.status = 'broken')
BEGIN
  UPDATE collection_cases SET broken_promises = broken_promises + CASE WHEN NEW.status = 'broken' THEN 1 ELSE -1 END WHERE id = NEW.case_id;
END;
`;
