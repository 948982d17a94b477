/** A resident ID number with its GB 11643 check character (weights and table from the standard). */
export function idNumber(area: string, birth: string, seq: string): string {
  const body = `${area}${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, c, i) => a + Number(c) * (weights[i] as number), 0);
  return body + '10X98765432'.charAt(sum % 11);
}
