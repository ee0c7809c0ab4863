/** GB 32100-2015 unified social credit code: 18 characters, the last a check character. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Trims and upper-cases a code, then returns it, or the reason it is not a valid USCC. */
export function parseUscc(input: string): { uscc: string } | { problem: string } {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { problem: `credit code "${code}" has ${code.length} characters; a USCC has 18` };
  const bad = [...code].findIndex((ch) => !USCC_ALPHABET.includes(ch));
  if (bad >= 0) {
    return { problem: `credit code "${code}" has "${code[bad]}" at position ${bad + 1}; I, O, S, V, Z and symbols never occur in a USCC` };
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
    return { problem: `credit code "${code}" must have a numeric administrative division code in positions 3–8` };
  }
  const expected = checkCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return { problem: `credit code "${code}" fails its check character: expected "${expected}", found "${code[17]}"` };
  }
  return { uscc: code };
}

export function isUscc(input: string): boolean {
  return 'uscc' in parseUscc(input);
}

/** Completes 17 characters with their check character. */
export function withCheckCharacter(first17: string): string {
  return first17 + checkCharacter(first17);
}
