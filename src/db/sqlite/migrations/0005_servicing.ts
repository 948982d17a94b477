/**
 * 0005: servicing. What the ledger needs beyond the loan book of 0001: the contract's penalty markup
 * and the legal line its penalties are capped at (both fixed on the contract date, so a later change
 * to the product does not reach a signed loan), the borrower's standing recast choice for
 * overpayments, and the schedule engine's terms the contract was priced with (JSON), so a prepayment
 * recasts the remaining installments with the same engine and settings that printed them. A
 * transaction keeps the recast it asked for and the reason given for a waiver, reversal or write-off.
 * Columns only: adding them rewrites no row of a large book. Shipped once released: never edit.
 */
export const sql = `
ALTER TABLE loans ADD COLUMN penalty_markup TEXT;
ALTER TABLE loans ADD COLUMN penalty_cap_rate TEXT;
ALTER TABLE loans ADD COLUMN recast_choice TEXT NOT NULL DEFAULT 'reduce-payment' CHECK (recast_choice IN ('reduce-payment', 'reduce-term'));
ALTER TABLE loans ADD COLUMN schedule_terms TEXT;
ALTER TABLE transactions ADD COLUMN recast TEXT CHECK (recast IS NULL OR recast IN ('reduce-payment', 'reduce-term'));
ALTER TABLE transactions ADD COLUMN reason TEXT;
`;
